## Встречи с родителями (handlers/meetings.py, handlers/family/meetings.py, services/meetings.py).
btn-meetings = 🗓 Мои встречи
btn-book-meeting = 🗓 Запись к учителю

meeting-place-room = 📍 { $place }
meeting-place-link = 🔗 { $place }
meeting-child = { $student }, { $class }

## Учитель: день встреч
meeting-day-title = 🗓 <b>Встречи с родителями</b> · { $day }
meeting-day-empty = На этот день встреч нет.
meeting-offer-line = <b>{ $from }–{ $to }</b> · по { $minutes } мин · { $classes }
meeting-slot-booked = { $time } — { $who }
meeting-slot-free = { $time } — <i>свободно</i>
meeting-slot-cancelled = { $time } — <s>отменено</s>
meeting-days-ahead = Дни со встречами — ниже, кнопками.
btn-meeting-day = { $day }: { $booked ->
        [one] { $booked } запись
        [few] { $booked } записи
       *[many] { $booked } записей
    }, свободно { $free }
btn-meeting-new = ➕ Предложить время
btn-meeting-cancel-slot = ✖ Отменить одну встречу…
btn-meeting-cancel-offer = ✖ Отменить все { $from }–{ $to }…
meeting-slots-pick = Какую встречу { $day } отменить? Если на неё записались, родителю придёт сообщение.
btn-meeting-slot-booked = { $time } · { $who }
btn-meeting-slot-free = { $time } · свободно
meeting-drop-slot-booked = Отменить встречу { $day } в { $time }? { $who } — родителю придёт сообщение об отмене.
meeting-drop-slot-free = Убрать свободное время { $day } в { $time }? Записаться на него будет нельзя.
btn-meeting-drop-slot = ✖ Да, отменить
meeting-drop-offer = Отменить все встречи { $day }, { $from }–{ $to }? { $booked ->
        [0] Никто ещё не записался.
        [one] Записался { $booked } родитель — ему придёт сообщение об отмене.
        [few] Записались { $booked } родителя — им придёт сообщение об отмене.
       *[many] Записались { $booked } родителей — им придёт сообщение об отмене.
    }
btn-meeting-drop-offer = ✖ Да, отменить все
meeting-slot-dropped = ✅ Встреча отменена.{ $told ->
        [0] {""}
       *[other] {" "}Родителю отправлено сообщение.
    }
meeting-offer-dropped = ✅ Встречи отменены.{ $told ->
        [0] {""}
        [one] {" "}Сообщение об отмене отправлено { $told } родителю.
       *[other] {" "}Сообщения об отмене отправлены { $told } родителям.
    }

## Учитель: новое время
meeting-new-title = 🗓 <b>Новое время для встреч с родителями</b>
meeting-new-ask =
    Напишите день, время и длительность одной встречи, например:
    <code>15.12 16:00-18:00 15</code> — восемь встреч по 15 минут.
    Можно сразу и место: <code>15.12 16:00-18:00 15 каб. 105</code>
    Или выберите день:
btn-meeting-tomorrow = Завтра
meeting-draft-day = 🗓 { $day }
meeting-draft-when = 🗓 { $day }, { $from }–{ $to }
meeting-draft-length = , по { $minutes } мин
meeting-day-off = ⚠ Это выходной день — встречи всё равно можно назначить.
meeting-day-off-named = ⚠ Это выходной по календарю школы: { $name } — встречи всё равно можно назначить.
meeting-times-ask = Во сколько? Напишите начало и конец, например <code>16:00-18:00</code> (можно сразу с длительностью: <code>16:00-18:00 15</code>).
meeting-length-ask = Сколько минут на одну встречу?
btn-meeting-length = { $minutes } мин
meeting-place-ask = Где? Напишите кабинет (например, «каб. 105») или ссылку на онлайн-встречу.
meeting-classes-ask = Родители каких классов смогут записаться?
btn-meeting-all-classes = ✅ Всем моим классам
btn-meeting-chosen-classes = ✅ Только { $classes }
meeting-preview-title = <b>Проверьте и опубликуйте</b>
meeting-preview = { $count ->
        [one] { $count } встреча
        [few] { $count } встречи
       *[many] { $count } встреч
    } по { $minutes } мин: { $times }
meeting-preview-classes = Записаться смогут родители: { $classes }
btn-meeting-publish = ✅ Опубликовать
meeting-published =
    ✅ Опубликовано: { $count ->
        [one] { $count } встреча
        [few] { $count } встречи
       *[many] { $count } встреч
    } { $day }, { $from }–{ $to }.
    Родители ({ $classes }) записываются через «🗓 Запись к учителю»; о каждой записи вам придёт сообщение.
meeting-quit = Отменено — ничего не опубликовано.
meeting-quit-too-late = Это время уже опубликовано — отменить его можно в «🗓 Мои встречи».
meeting-gone = Черновик не найден. Начните заново: «🗓 Мои встречи» → «➕ Предложить время».

## Родитель: запись
book-title = 🗓 <b>Запись к учителю</b>
book-mine = Ваши записи:
book-mine-line = • { $day }, { $time } — { $teacher } ({ $student })
btn-book-mine = 🗓 { $day }, { $time } · { $teacher }
book-child = Для кого записаться?
book-teachers = К кому записаться? ({ $student }, { $class })
book-no-teachers = Пока никто из учителей { $class } не предложил время для встреч. Когда предложит, оно появится здесь.
book-class-teacher = классный руководитель
btn-book-teacher = { $name } · { $subjects } · свободно { $free }
book-days = 🗓 <b>{ $teacher }</b>: выберите день.
btn-book-day = { $day } · свободно { $free }
book-slots = 🗓 <b>{ $teacher }</b> · { $day }
book-current = Вы уже записаны на { $time }; выберете другое время — запись перенесётся.
book-slots-pick = Выберите время:
book-slots-none = Свободного времени на этот день больше нет.
book-confirm =
    Записаться на встречу?
    🧑‍🏫 <b>{ $teacher }</b>
    🗓 { $day }, { $from }–{ $to }
    { $place }
    Ребёнок: { $student } ({ $class })
book-cancel-until = Отменить запись можно до { $date } включительно.
book-cancel-never = Отменить эту запись будет нельзя (только до дня накануне) — если что-то изменится, напишите учителю.
book-move = Сейчас вы записаны на { $time } — запись перенесётся на новое время.
btn-book = ✅ Записаться
btn-book-move = ✅ Перенести на { $time }
btn-book-move-here = ✅ Перенести запись на это время
btn-book-more = 🗓 Запись к учителю
book-done =
    ✅ <b>Вы записаны на встречу</b>
    🧑‍🏫 { $teacher }
    🗓 { $day }, { $from }–{ $to }
book-moved =
    ✅ <b>Запись перенесена</b>
    🧑‍🏫 { $teacher }
    🗓 { $day }, { $from }–{ $to }
book-remind = Напомним накануне вечером.
book-details =
    🗓 <b>{ $day }, { $from }–{ $to }</b>
    🧑‍🏫 { $teacher } · { $student }
btn-book-details = 🗓 Подробнее
btn-book-cancel = ✖ Отменить запись
book-cancel-late = Отменить запись можно было до { $date } включительно. Если не сможете прийти — напишите учителю («✉️ Написать учителю»).
book-cancel-confirm = Отменить запись ({ $teacher }, { $day }, { $time })? Учителю придёт сообщение.
btn-book-cancel-confirm = ✖ Да, отменить запись
book-cancelled = Запись отменена, учитель получит сообщение. Это время снова свободно для других.

## Уведомления
notice-meeting-booked =
    🗓 <b>Запись на встречу</b>: { $day }, { $from }–{ $to }
    { $parent } — { $student }, { $class }
notice-meeting-moved =
    🗓 <b>Запись перенесена</b>: { $day }, { $from }–{ $to } (было { $before })
    { $parent } — { $student }, { $class }
notice-meeting-booking-cancelled =
    🗓 <b>Запись отменена</b>: { $day }, { $from }–{ $to }
    { $parent } — { $student }, { $class }. Это время снова свободно.
notice-meeting-cancelled =
    🗓 <b>Встреча отменена</b>: { $day }, { $from }–{ $to }
    { $teacher } · { $student }
    Учитель отменил это время — можно записаться на другое.
notice-meeting-reminder =
    🗓 <b>Напоминание</b>: завтра, { $date }, в { $from } — встреча с учителем.
    { $teacher } · { $student }
notice-meeting-agenda = 🗓 <b>Завтра, { $date }: встречи с родителями</b> ({ $count ->
        [one] { $count } запись
        [few] { $count } записи
       *[many] { $count } записей
    })
notice-meeting-agenda-line = { $time } — { $who }

## Ошибки
error-meeting-when = Не понял. Напишите день, время и длительность встречи, например: 15.12 16:00-18:00 15
error-meeting-no-day = Напишите и день, например: 15.12 16:00-18:00 15
error-meeting-times = Не понял время: напишите начало и конец, например 16:00-18:00 (конец — позже начала).
error-meeting-length = Одна встреча — от { $low } до { $high } минут.
error-meeting-window-short = В это время не поместится ни одна встреча по { $minutes } мин.
error-meeting-past = Это время уже прошло — выберите время впереди.
error-meeting-too-far = Так далеко вперёд нельзя: не больше чем на { $days } дней.
error-meeting-too-many = Слишком много встреч подряд (больше { $most }). Сделайте встречи длиннее или разбейте время на два раза.
error-meeting-overlap = В этот день у вас уже есть встречи { $window } — время не должно пересекаться.
error-meeting-place = Напишите кабинет или ссылку (не длиннее { $limit } символов).
error-meeting-no-classes = Нет классов, родителям которых можно предложить встречу: отметьте класс (или попросите координатора назначить вам классы).
error-meeting-offer-gone = Эти встречи уже отменены.
error-meeting-slot-gone = Это время уже прошло или его отменили.
error-meeting-slot-started = Эта встреча уже началась — отменить её нельзя.
error-meeting-slot-taken = ⚠ Это время только что заняли — выберите другое.
error-meeting-already-booked = К этому учителю на этот день вы уже записаны — на { $time }. Перенести запись на это время?
error-meeting-booking-gone = Эта запись уже отменена.
error-meeting-cancel-too-late = Отменить можно до { $until } включительно. Теперь — только написать учителю («✉️ Написать учителю»).
