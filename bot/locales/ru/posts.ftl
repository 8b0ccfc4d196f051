## Новости, события и объявления (handlers/posts.py, services/posts.py).
btn-posts = 📰 Новости и события
posts-title = 📰 <b>Жизнь школы</b>
posts-hint = Новости, события и объявления, которые касаются вас.
btn-posts-news = 📰 Новости
btn-posts-events = 📅 События
btn-posts-announcements = 📢 Объявления
btn-posts-write = ✍ Написать
posts-list-news = 📰 <b>Новости</b>
posts-list-event = 📅 <b>События</b> — ближайшие
posts-list-announcement = 📢 <b>Объявления</b> — за месяц
posts-empty = Пока ничего нет.
posts-line = { $date } — { $title }

post-heading-news = 📰 <b>Новость</b>{ $audience } · { $from }
post-heading-event = 📅 <b>Событие</b>{ $audience } · { $from }
post-heading-announcement = 📢 <b>Объявление</b>{ $audience } · { $from }
post-when = 🕒 { $when }
post-place = 📍 { $place }
post-for-staff = {" "}(учительская)
post-for-class = {" "}({ $class })
post-for-class-parents = {" "}(родителям { $class })
post-reminder = ⏰ <b>Завтра</b>
btn-post-ics = 📅 Добавить в календарь
post-ics-caption = Откройте файл — событие добавится в календарь телефона.

posts-write-kind = ✍ <b>Новая публикация</b>
    Что публикуем?
btn-post-kind-news = 📰 Новость
btn-post-kind-event = 📅 Событие
btn-post-kind-announcement = 📢 Объявление
posts-write-audience = Для кого?
btn-audience-school = 🏫 Вся школа
btn-audience-staff = 👩‍🏫 Учительская (только сотрудники)
btn-audience-classes = 👪 Классу…
btn-audience-class = { $class }: ученики и родители
btn-audience-class-parents = { $class }: только родители
posts-write-class = Какому классу?
posts-write-text = Напишите текст сообщением. Первая строка — заголовок. Отменить — /cancel.
posts-write-when = Когда? Напишите дату и время, например: 15.12 18:30. Отменить — /cancel.
posts-write-place = Где? Напишите место (например: актовый зал) или «-», если не нужно.
posts-preview = <b>Так увидят получатели</b> ({ $count ->
        [0] пока никто не подключён
        [one] { $count } получатель
        [few] { $count } получателя
       *[many] { $count } получателей
    }):
btn-post-publish = ✅ Опубликовать
posts-published = ✅ Опубликовано. { $count ->
        [0] Пока никто из адресатов не подключён к боту — увидят в разделе, когда подключатся.
        [one] Отправлено { $count } получателю.
       *[other] Отправлено { $count } получателям.
    }
posts-draft-gone = Черновик не найден: начните публикацию заново.
posts-cancelled = Публикация отменена.
posts-cancel-too-late = Эта публикация уже отправлена — отменить её нельзя. { $count ->
        [0] Адресаты увидят её в разделе, когда подключатся.
        [one] Отправлено { $count } получателю.
       *[other] Отправлено { $count } получателям.
    }

error-post-text = Текст не может быть пустым и длиннее { $limit } символов.
error-post-event-time = Не понял дату и время или они уже прошли. Напишите так: 15.12 18:30.
error-post-place = Место — не длиннее { $limit } символов.
error-post-not-event = Это не событие.
