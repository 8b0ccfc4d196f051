## Уроки учителя: /today, карточка урока, посещаемость, оценки, ДЗ, тема.

command-today = Мои уроки сегодня
btn-today-lessons = 📋 Уроки сегодня
lesson-title = <b>{ $label } · { $subject }</b>{ $group }
    { $day }, { $number }-й урок

today-title = 📋 <b>Уроки · { $day }</b>
today-empty = Уроков нет.
today-unlocked = <b>Открыты для правки завучем:</b>
today-covering = замена
today-covered-by = вас заменяет { $teacher }
today-attendance-all = 👥 все были
today-attendance-counts = 👥 Н { $absent }, О { $late }
today-attendance-missing = 👥 не отмечено
today-marks = ⭐ { $count ->
        [0] оценок нет
        [one] { $count } оценка
        [few] { $count } оценки
       *[many] { $count } оценок
    }
today-homework-yes = 📚 ДЗ есть
today-homework-no = 📚 ДЗ нет
today-topic-yes = 📝 тема есть
today-topic-no = 📝 темы нет

btn-attendance-short = 👥 Посещ.
btn-marks-short = ⭐ Оценки
btn-homework-short = 📚 ДЗ
btn-attendance = 👥 Посещаемость
btn-marks = ⭐ Оценки
btn-homework = 📚 ДЗ
btn-topic = 📝 Тема
btn-lessons = ◀ К урокам
btn-lesson = ◀ К уроку

card-attendance-all = Посещаемость отмечена: все присутствовали.
card-attendance-counts = Посещаемость отмечена: отсутствовали — { $absent }, опоздали — { $late }.
card-attendance-missing = Посещаемость не отмечена.
card-marks = Оценок за урок: { $count }.
card-no-marks-grade-one = В 1 классе оценки не ставятся.
card-homework = ДЗ (к { $due }): { $text }
card-homework-missing = ДЗ не задано.
card-topic = Тема: { $topic }
card-topic-missing = Тема не записана.

attendance-hint = Нажмите на ученика: Н — отсутствует, ещё раз — О (опоздал), ещё раз — присутствует.
attendance-state = Отсутствуют: { $absent }, опоздали: { $late }.
attendance-not-taken = Пока все отмечены как присутствующие. Если так и есть — «Все присутствуют».
btn-all-present = ✅ Все присутствуют

marks-kind = Вид: { $kind } (вес { $weight })
marks-hint = Нажмите на ученика, затем на оценку. Или выберите оценку вверху и отметьте всех, кто её получил.
marks-hint-give = Ставим { $value }: нажимайте на учеников. Нажмите [{ $value }] ещё раз, чтобы закончить.
btn-kind = Вид: { $kind } ▸
btn-marks-text = ⌨ Текстом
btn-comment-last = 💬 Комментарий к оценке
keypad-title = { $name } — оценка ({ $kind }):
keypad-given = Уже за урок: { $marks }
keypad-absent-oral = ⚠️ Отмечен отсутствующим: ответ на уроке не ставится (письменную работу — можно).
mark-saved-absent = ⚠️ Отмечен отсутствующим.
btn-edit-mark = ✏️ { $value } ({ $kind })
mark-edit-title = { $name }: { $value } ({ $kind })
mark-comment = Комментарий: { $comment }
mark-edit-hint = Нажмите другую оценку, чтобы исправить, или удалите.
btn-comment = 💬 Комментарий
btn-remove-mark = 🗑 Удалить оценку
btn-comment-own = ✍ Свой текст
mark-saved = { $name }: { $value } ({ $kind })
mark-already-saved = Эта оценка уже сохранена.
mark-removed = Оценка удалена: { $name }
comment-choose = Комментарий к оценке { $value } — { $name }:
comment-ask = Напишите комментарий к оценке { $value } — { $name }. Отменить — /cancel.
comment-saved = Комментарий сохранён.

shorthand-ask = Напишите оценки сообщением, каждую с новой строки: «Иванов 5», «Петрова 4 к/р». Или одной строкой по списку класса: «5 4 - 3 5» (прочерк или «н» — без оценки). Вид по умолчанию: { $kind }. Исправленные строки можно прислать отдельно — остальные останутся. Отменить — /cancel.
shorthand-will-save = Будет сохранено: { $count ->
        [one] { $count } оценка
        [few] { $count } оценки
       *[many] { $count } оценок
    }
shorthand-problems = Не понял { $count ->
        [one] { $count } строку — она не сохранится:
        [few] { $count } строки — они не сохранятся:
       *[many] { $count } строк — они не сохранятся:
    }
shorthand-problem-line = • строка { $line }: «{ $source }» — { $reason }
shorthand-nothing = Нечего сохранять. Исправьте и пришлите ещё раз.
shorthand-ambiguous-name = подходят несколько учеников: { $names }
shorthand-unknown-name = нет такого ученика в классе
shorthand-unknown-name-close = нет такого ученика в классе; может быть: { $names }?
shorthand-second-mark = — ещё одна оценка, за урок уже есть: { $marks }
shorthand-kept = (вместе с оценками из прошлого сообщения: { $count })
shorthand-n-no-mark = «н» — без оценки ({ $names }); пропуск отмечается в «👥 Посещ.»
shorthand-unknown-kind = неизвестный вид работы
shorthand-bad-value = оценка должна быть от 1 до 5
shorthand-too-many-values = оценок больше, чем учеников
shorthand-second-row = строка по списку класса может быть только одна
shorthand-not-understood = не понял строку
shorthand-saved = Сохранено: { $count ->
        [one] { $count } оценка
        [few] { $count } оценки
       *[many] { $count } оценок
    }

homework-ask = Пришлите текст домашнего задания сообщением (можно с фото или файлами). Срок: { $due } (следующий урок).
homework-current = ДЗ к { $due }:
    { $text }
homework-files = Файлов: { $count }
homework-replace-hint = Пришлите новый текст, чтобы заменить, или фото и файлы, чтобы добавить.
homework-saved = ДЗ сохранено, срок — { $due }.
homework-file-waits = 📎 { $count ->
        [one] Файл получен
       *[other] Файлов получено: { $count }
    }. Теперь пришлите текст ДЗ — файлы сохранятся вместе с ним.
btn-homework-no-text = 📎 Сохранить без текста
btn-homework-plan = ✅ По плану: { $text }
homework-files-only = см. прикреплённые файлы
homework-due-set = Срок: { $due }
homework-removed = ДЗ удалено.
btn-done = ✅ Готово
btn-remove-homework = 🗑 Удалить ДЗ

topic-current = Сейчас: { $topic }
topic-ask = Напишите тему урока одной строкой. Отменить — /cancel.
topic-saved = Тема сохранена.

error-lesson-in-future = Этот урок ещё не прошёл — заполнить его можно в день урока.
error-lesson-locked = 🔒 Урок старше { $days ->
        [one] { $days } дня
       *[other] { $days } дней
    } — исправить его можно только с разрешения заместителя директора.
error-grade-one-no-marks = В 1 классе оценки не ставятся.
error-no-mark-kinds = В школе не настроены виды оценок.
error-mark-value = Оценка должна быть от 1 до 5.
error-homework-text = Текст ДЗ пустой или длиннее { $limit } символов.
error-homework-attachments = К ДЗ можно приложить не больше { $limit } файлов.
error-homework-missing = Сначала пришлите текст ДЗ.
error-homework-due = Срок ДЗ должен быть после урока.
error-topic = Тема пустая или длиннее { $limit } символов.
error-lesson-covered = Этот урок теперь ведёт другой учитель (замена) — ваш экран устарел.
error-mark-gone = Этой оценки уже нет — экран устарел. Откройте оценки заново.

## Замены и правка старых уроков (завуч, координатор)
btn-substitutions = 🔁 Замены и правка уроков
btn-classes-list = ◀ Классы
subst-pick-class = Выберите класс:
subst-day-title = <b>{ $label } · { $day }</b>
subst-lesson-title = <b>{ $label } · { $day }</b>
subst-covered-by = замена: { $teacher }
subst-reason = Причина замены: { $reason }
subst-unlocked-until = 🔓 Правка разрешена по { $until }
btn-subst-assign = 👤 Замена
btn-change-room = 🚪 Кабинет
btn-change-move = ↪️ Перенести
btn-change-cancel = ❌ Отменить урок
btn-change-restore = ↩️ Вернуть как было
btn-change-cancel-do = ✅ Отменить урок
btn-change-move-do = ✅ Перенести
btn-change-room-do = ✅ Сохранить
btn-change-restore-do = ✅ Вернуть
btn-change-number = { $number }-й
subst-room = 🚪 Кабинет { $room }
subst-change-reason = Причина: { $reason }
change-reason-hint = Причину можно написать сообщением (необязательно). Отменить — /cancel.
change-ask-cancel = ❌ <b>Отменить урок?</b> Ученики и родители класса и учитель получат сообщение.
change-ask-move = ↪️ <b>Перенести { $place }?</b> Ученики и родители класса и учитель получат сообщение.
change-ask-room = 🚪 В каком кабинете будет урок? Сейчас — { $room }. Напишите номер или название: «214», «спортзал».
change-ask-room-none = 🚪 В каком кабинете будет урок? Напишите номер или название: «214», «спортзал».
change-ask-room-instead = 🚪 <b>Кабинет { $room } вместо { $before }?</b> Ученики и родители класса и учитель получат сообщение.
change-ask-room-new = 🚪 <b>Кабинет { $room }?</b> Ученики и родители класса и учитель получат сообщение.
change-ask-restore = ↩️ <b>Вернуть урок как в расписании?</b> Отмена, перенос и другой кабинет снимаются (замена остаётся); ученики, родители и учитель получат сообщение.
change-pick-place = ↪️ Куда перенести? <b>{ $day }</b>, уроки класса:
change-pick-hint = Нажмите номер свободного урока или напишите номер и дату: «6» или «6 08.12». ◀ ▶ — другой день.
change-no-free = Свободных уроков в этот день нет: ◀ ▶ — другой день, или напишите номер и дату.
change-done-o = ❌ Урок отменён.
change-done-m = ↪️ Урок перенесён.
change-done-r = 🚪 Кабинет изменён.
change-done-b = ↩️ Урок снова по расписанию.
change-expired = Ввод закрыт: прошло больше часа или экран устарел. Откройте урок заново: «🔁 Замены и правка уроков».
btn-subst-cancel = ✖ Отменить замену
btn-subst-unlock = 🔓 Разрешить учителю правку (3 дня)
subst-pick-teacher = Кто заменяет?
subst-ask-reason-t = Напишите причину замены (например: болезнь, курсы). Отменить — /cancel.
subst-ask-reason-x = Напишите, почему замена отменяется. Отменить — /cancel.
subst-ask-reason-u = Напишите, что нужно исправить в уроке (это попадёт в журнал правок). Отменить — /cancel.
subst-assigned = Замена назначена — { $teacher }
subst-cancelled = Замена отменена — урок ведёт свой учитель.
subst-unlocked = Учителю разрешено исправить урок по { $until }.
error-reason = Причина пустая или длиннее { $limit } символов.
error-substitute-is-teacher = Это и есть учитель урока — выберите другого.
error-unlock-days = Разрешить правку можно на 1–14 дней.
error-lesson-unknown = Урок { $value } не найден в расписании класса.
error-lesson-ambiguous = В { $value } у класса несколько уроков — укажите --subject.
error-lesson-cancelled = ❌ Урок отменён. Чтобы что-то в нём менять, сначала верните его: «↩️ Вернуть как было».
error-lesson-moved = ↪️ Урок перенесён: меняйте его на новом месте или верните как было.
error-lesson-already-cancelled = Урок уже отменён.
error-lesson-filled = Урок уже заполнен учителем (посещаемость, тема, оценки или ДЗ) — он состоялся, отменить или перенести его нельзя.
error-lesson-not-changed = Урок идёт по расписанию — возвращать нечего.
error-lesson-number = Урока № { $value } нет в расписании звонков. Есть: { $numbers }.
error-move-place = Не понял, куда перенести. Напишите номер урока или номер и дату: «6» или «6 08.12».
error-move-date-past = { $date } уже прошло — перенести можно на сегодня или позже.
error-move-date-far = Так далеко не переносим: не позже { $date }.
error-move-time-past = { $number }-й урок сегодня уже начался — выберите урок позже.
error-move-day-off = { $date } — выходной по календарю школы. Выберите учебный день.
error-move-same-place = Урок и так стоит на этом месте.
error-move-place-taken = На { $number }-м уроке у класса уже { $subject }. Выберите свободный урок или сначала перенесите или отмените тот.
error-room = Кабинет — одной короткой строкой, до { $limit } символов: «214», «спортзал».
error-room-same = Урок и так в кабинете { $room }.
error-lesson-is-cancelled = ❌ Урок отменён — заполнять его не нужно.
error-lesson-is-moved = ↪️ Урок перенесён — заполняйте его на новом месте.
input-expired = Ввод закрыт: с тех пор, как вы его начали, прошло больше часа. Откройте нужный экран урока ещё раз — /today.
presence-absent = Н ·{" "}
presence-late = О ·{" "}
homework-ask-no-lesson = Пришлите текст домашнего задания сообщением (можно с фото или файлами). Срок: { $due } — следующего урока по этому предмету в расписании на четыре недели вперёд нет.

## Итоговые оценки
btn-finals = 🏁 Итоговые оценки
finals-pick = 🏁 Итоговые оценки: выберите класс и предмет.
finals-no-classes = У вас нет классов с оценками (в 1 классе оценки не ставятся).
finals-title = 🏁 <b>Итоговые · { $class } · { $subject } · { $period }</b>
    Нажмите на ученика, чтобы поставить итоговую; ⭐ — оценка по среднему.
    { $missing ->
        [0] Итоговые выставлены всем.
        [one] Не выставлена { $missing } итоговая.
        [few] Не выставлены { $missing } итоговые.
       *[many] Не выставлено { $missing } итоговых.
    }
finals-average = ср. { NUMBER($average, minimumFractionDigits: 2, maximumFractionDigits: 2) }
finals-row-set = { $name } · { $average } · итог { $final }
finals-row-missing = { $name } · { $average } · —
btn-finals-all = ✅ По среднему всем без итоговой ({ $count })
finals-keypad = 🏁 <b>{ $name }</b>, { $subject }: { $average }. Итоговая оценка:
finals-saved = { $name }: итоговая { $value } сохранена
finals-saved-all = { $count ->
    [one] Выставлена { $count } итоговая
    [few] Выставлены { $count } итоговые
   *[many] Выставлено { $count } итоговых
}
finals-student-gone = Этого ученика больше нет в классе.

## The lesson plan (services/lesson_plans.py, handlers/teacher/plans.py).
topic-plan = По плану: { $number }. { $topic }
topic-plan-homework = ДЗ по плану: { $homework }
btn-topic-keep = ✅ { $number }. { $topic }
topic-ask-or-keep = Нажмите тему по плану или напишите другую одной строкой. Отменить — /cancel.
btn-import-plan = 📘 Тематическое планирование
plan-which = Для какого класса и предмета этот план?
plan-none = У вас нет классов в этом учебном году: план загружать не к чему.
plan-loaded = ✅ План загружен: { $label }, { $subject } — { $topics ->
    [one] { $topics } тема
    [few] { $topics } темы
   *[many] { $topics } тем
}, { $hours ->
    [one] { $hours } час
    [few] { $hours } часа
   *[many] { $hours } часов
}. Урок откроется с темой по плану: «{ $first }» — одно нажатие, или напишите другую.
import-problem-plan-no-topic = нет темы
import-problem-plan-repeated-number = номер { $value } уже был выше
import-problem-plan-bad-number = «{ $value }» — не число (номер или часы: целое число)
import-problem-plan-empty = в файле нет ни одной темы
import-problem-plan-too-long = больше { $limit } тем: это не план одного предмета
control-plans-title = 📘 <b>Тематическое планирование</b>
control-plan-line = • { $label } { $subject }: пройдено { $covered } из { $topics } тем, уроков проведено { $lessons }
cli-plan-loaded = План загружен: { $label }, { $subject } — тем: { $topics }, часов: { $hours }.
change-reason-kept = 📝 Причина: «{ $reason }». Подтвердите кнопкой ниже — без этого ничего не изменится.
