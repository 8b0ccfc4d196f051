## Вопросы в публикациях и исправление отправленного (services/questions.py, services/post_corrections.py).

# Под публикацией: как отвечать.
question-ask = Ответьте кнопкой ниже.
question-ask-children = Ответьте за каждого ребёнка кнопками ниже.
question-ask-parents = На этот вопрос отвечают родители.
question-until = Ответы — до { $when }.
question-ack = Ознакомлен(а)
question-yes = Да
question-no = Нет
question-reminder = 🔔 <b>Напоминание: ждём вашего ответа</b>
question-answered = Ответ записан: { $answer }
question-answered-child = { $child }: ответ записан — { $answer }

# Автор: добавить вопрос к черновику.
btn-question-add = ❓ Добавить вопрос
btn-question-drop = ✖️ Убрать вопрос
question-pick-kind = ❓ <b>Какой вопрос задать?</b>
    Получатели ответят одним нажатием; ответ можно изменить до срока.
btn-question-kind-ack = 👌 «Ознакомлен»
btn-question-kind-yes_no = ✅ Да или нет
btn-question-kind-choice = 🔢 Выбор из вариантов
question-type-options = Напишите варианты ответа, каждый с новой строки (от { $low } до { $high }, каждый не длиннее { $limit } символов). Отменить — /cancel.
question-pick-who = Кто отвечает?
btn-question-per-child = 👶 Родители — за каждого ребёнка
btn-question-per-person = 🙋 Каждый получатель
question-type-deadline = До какого срока принимать ответы? Напишите дату и время, например: 10.12 20:00 — или нажмите «Без срока».
btn-question-no-deadline = ♾ Без срока
question-in-preview = ❓ <b>Вопрос:</b> { $kind }{ $options }{ $who }{ $until }
question-kind-ack = «Ознакомлен»
question-kind-yes_no = да или нет
question-kind-choice = выбор из вариантов
question-preview-per-child = {" "}· за каждого ребёнка
question-preview-until = {" "}· до { $when }

# Автор: ответы.
btn-question-results = 📊 Ответы
question-results-title = 📊 <b>Ответы</b> на «{ $title }»
question-results-total = Ответили: { $answered } из { $asked }{ $until }
question-results-option = { $option }: { $count }
question-results-class = { $class }: { $answered } из { $asked }
question-results-staff = Учительская: { $answered } из { $asked }
question-results-until = {" "}· ответы до { $when }
question-results-closed = {" "}· приём ответов закончен
question-results-hint = Нажмите на класс — увидите, кто ещё не ответил.
question-results-nobody = Пока некого спрашивать: никто из адресатов не подключён к боту.
question-waiting-title = ⏳ <b>{ $class }: не ответили</b> ({ $count })
question-waiting-staff = Учительская
question-waiting-none = Ответили все. 🎉
question-waiting-not-joined = {" "}(родители не в боте)
question-waiting-more = …и ещё { $count } — полный список в файле.
btn-question-remind = 🔔 Напомнить не ответившим
btn-question-file = 📥 Ответы в Excel
question-reminded = 🔔 Напоминание отправлено: { $count ->
        [0] все уже ответили — напоминать некому.
        [one] { $count } получателю.
       *[other] { $count } получателям.
    }
question-file-caption = 📥 Ответы на «{ $title }»
question-file-headers = Класс|Кто|Ответ|Кто ответил|Когда

error-question-options = Нужно от { $low } до { $high } вариантов, каждый с новой строки и не длиннее { $limit } символов.
error-question-deadline = Срок ответа должен быть позже, чем сейчас. Напишите так: 10.12 20:00.
error-question-per-child = Отвечать за ребёнка могут только родители — в учительской так нельзя.
error-question-closed = Приём ответов уже закончен.
error-question-reminded-today = Сегодня напоминание уже отправлялось. Следующее — завтра.

# Исправление и отзыв публикации.
btn-post-edit = ✏️ Исправить
btn-post-withdraw = 🗑 Отозвать
post-edit-prompt = ✏️ Напишите исправленный текст целиком. Первая строка — заголовок. Отменить — /cancel.
post-edit-preview = <b>Так будет после исправления.</b> У кого сообщение пришло меньше 48 часов назад, оно исправится на месте; остальным придёт короткая поправка.
btn-post-save = ✅ Исправить
post-edit-done = ✅ Исправлено. { $summary }
post-withdraw-confirm = 🗑 Отозвать «{ $title }»? Публикация исчезнет из разделов, у получателей сообщение будет зачёркнуто (или придёт короткая заметка). В архиве администрации она останется.
btn-post-withdraw-confirm = 🗑 Да, отозвать
post-withdraw-done = 🗑 Отозвано. { $summary }
post-correction-summary = { $in_place ->
        [0] {""}
        [one] { $in_place } сообщение исправлено на месте.
        [few] { $in_place } сообщения исправлены на месте.
       *[many] { $in_place } сообщений исправлено на месте.
    } { $notes ->
        [0] {""}
        [one] { $notes } получателю уйдёт короткая поправка.
       *[other] { $notes } получателям уйдёт короткая поправка.
    } { $waiting ->
        [0] {""}
       *[other] Ещё не доставленные ({ $waiting }) уйдут уже исправленными.
    }
post-edited-in-place = ✏️ <i>Исправлено</i>
post-edited-note-news = ✏️ <b>Исправление</b> к новости от { $date }:
post-edited-note-event = ✏️ <b>Исправление</b> к событию от { $date }:
post-edited-note-announcement = ✏️ <b>Исправление</b> к объявлению от { $date }:
post-withdrawn-in-place = 🗑 <b>Отозвано</b>
post-withdrawn-note-news = 🗑 Новость от { $date } «{ $title }» отозвана — не учитывайте её.
post-withdrawn-note-event = 🗑 Событие от { $date } «{ $title }» отменено — не учитывайте его.
post-withdrawn-note-announcement = 🗑 Объявление от { $date } «{ $title }» отозвано — не учитывайте его.
post-edited-mark = ✏️ исправлено { $when }
btn-posts-archive = 🗄 Архив отозванных
posts-archive-title = 🗄 <b>Отозванные публикации</b>
posts-archive-line = { $date } — { $title } (отозвано { $withdrawn })
posts-archive-empty = Отозванных публикаций нет.
error-post-withdrawn = Эта публикация уже отозвана.
error-post-unchanged = Текст не изменился — исправлять нечего.

# Файлы: переименовать, переместить, удалить; архив удалённого (handlers/file_corrections.py).
btn-file-rename = ✏️ Имя
btn-file-move = 📂 Перенести
btn-file-remove = 🗑 Удалить
btn-folder-rename = ✏️ Имя папки
btn-folder-move = 📂 Перенести
btn-folder-remove = 🗑 Удалить
btn-files-archive = 🗄 Удалённые
files-rename-ask = ✏️ Напишите новое название. Отменить — /cancel.
files-renamed = ✅ Теперь называется «{ $name }».
files-move-pick = 📂 Куда перенести?
files-move-nowhere = Переносить некуда: других папок, куда вы можете писать, нет.
files-moved = ✅ Перенесено в «{ $path }».
files-remove-file-confirm = 🗑 Удалить этот файл? Он исчезнет из папки; администрация сможет вернуть его из архива.
files-remove-folder-confirm = 🗑 Удалить папку со всем, что в ней? Администрация сможет вернуть её из архива.
btn-files-remove-confirm = 🗑 Да, удалить
files-removed-file = 🗑 Файл «{ $name }» удалён (хранится в архиве администрации).
files-removed-folder = 🗑 Папка «{ $name }» удалена со всем, что в ней (хранится в архиве администрации).
files-archive-title = 🗄 <b>Удалённые файлы и папки</b>
files-archive-empty = Ничего не удалено.
files-archive-hint = Файл — нажмите, чтобы открыть и вернуть; папка — нажмите, чтобы вернуть.
btn-files-restore = ♻️ Вернуть
files-restored-file = ♻️ Файл «{ $name }» снова на месте.
files-restored-folder = ♻️ Папка «{ $name }» снова на месте.
error-file-name = Название файла — от 1 до { $limit } символов.
error-file-place-gone = Папки, где это лежало, больше нет: сначала верните её.

post-withdraw-summary = { $in_place ->
        [0] {""}
        [one] { $in_place } сообщение зачёркнуто на месте.
        [few] { $in_place } сообщения зачёркнуты на месте.
       *[many] { $in_place } сообщений зачёркнуто на месте.
    } { $notes ->
        [0] {""}
        [one] { $notes } получателю уйдёт короткая заметка.
       *[other] { $notes } получателям уйдёт короткая заметка.
    } { $waiting ->
        [0] {""}
       *[other] Ещё не доставленные ({ $waiting }) не уйдут.
    }
