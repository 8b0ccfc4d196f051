staff-list-title = <b>Сотрудники</b>: { $total }, в боте { $joined }. ✅ — подключён, ⏳ — ещё нет.
btn-add-staff = ➕ Добавить сотрудника
btn-invite = 🔗 Ссылка-приглашение
btn-new-invite = 🔗 Новая ссылка (смена телефона)
staff-joined = подключён к боту ✅
staff-not-joined = ещё не в боте ⏳
staff-card =
    <b>{ $name }</b>
    { $roles }
    { $state }
staff-add-ask-name = Напишите ФИО сотрудника: фамилия, имя, отчество. Отменить — /cancel.
staff-add-bad-name = Не похоже на ФИО. Напишите фамилию, имя и отчество через пробел, например: Иванова Анна Петровна. Отменить — /cancel.
staff-add-ask-roles = Роли для <b>{ $name }</b>. Отметьте нужные и нажмите «Сохранить».
staff-added = Сотрудник <b>{ $name }</b> добавлен. Ссылка-приглашение — в следующем сообщении: перешлите её.

classes-title = <b>Классы</b>: { $count }. Ученики и семьи в боте (👪 — кто из класса подключён, а кто ещё нет):
classes-no-teacher = без классного руководителя
classes-row = <b>{ $label }</b> · { $teacher }: { $students } { $students ->
        [one] ученик
        [few] ученика
       *[many] учеников
    }, в боте { $students_joined }; семей в боте { $families_joined }
classes-empty = Классов пока нет. Загрузите список учеников: schoolbot import roster ФАЙЛ

roster-title = <b>{ $label }</b>: { $count } { $count ->
        [one] ученик
        [few] ученика
       *[many] учеников
    }. В боте: { $families } { $families ->
        [one] семья
        [few] семьи
       *[many] семей
    }, { $students_joined } { $students_joined ->
        [one] ученик
        [few] ученика
       *[many] учеников
    }.
roster-legend = 👪 — родители в боте / в списке, 🎒 — ученик; ✅ — в боте, ⏳ — ещё нет. Нажмите на ученика, чтобы получить ссылки.
roster-legend-view = 👪 — родители в боте / в списке, 🎒 — ученик; ✅ — в боте, ⏳ — ещё нет. Ссылки семьям выдаёт классный руководитель.
btn-all-links = 📄 Все ссылки файлом
student-card-title = <b>{ $name }</b>
student-card-parents = Родители:
student-card-no-parents = Родители в списке класса не указаны.
student-card-student = Ученик: { $state }
student-card-hint = Ссылка придёт отдельным сообщением — перешлите его родителю или ученику. Новая ссылка заменяет прежнюю неиспользованную.
btn-parent-link = 🔗 Ссылка: { $name }
btn-new-parent-link = 🔗 Ссылка для другого родителя
btn-student-link = 🔗 Ссылка для ученика
all-links-nobody = Все ученики и родители класса уже подключены.
all-links-filename = Ссылки-{ $label }.txt
all-links-caption = Ссылки-приглашения { $label }: { $count } { $count ->
        [one] ссылка
        [few] ссылки
       *[many] ссылок
    }. Прежние неиспользованные ссылки этих людей больше не действуют.
all-links-header = Приглашения в электронный журнал, класс { $label }. Каждая ссылка — для одного человека.
links-line-student = Ученик: { $student }
links-line-parent = Родитель ({ $parent }) ученика { $student }
links-line-any-parent = Родитель ученика { $student }
all-links-footer = Ссылки одноразовые и действуют по { $until } включительно.

## Замечания классного руководителя и «Ознакомлен»
btn-remark-write = ✍️ Написать замечание
btn-remark-send = 📨 Отправить семье
btn-remarks = 📝 Замечания
btn-finals-acknowledged = 🏁 Итоговые: ознакомление
remark-ask = Замечание об ученике <b>{ $name }</b>: напишите его одним сообщением (до { $limit } знаков). Его получат родители и сам ученик, с кнопкой «Ознакомлен».
remark-preview = Замечание об ученике <b>{ $name }</b>:
    { $text }

    Отправить родителям и ученику?
remark-sent = Замечание об ученике { $name } отправлено: { $count ->
    [0] пока некому — никто из семьи не подключён к боту
    [one] { $count } получатель
    [few] { $count } получателя
   *[many] { $count } получателей
}.
remark-cancelled = Замечание не отправлено.
remark-stale = Это замечание уже отправлено или отменено.
remarks-title = 📝 Замечания, { $label } (последние 20)
remarks-none = Замечаний пока нет. Написать замечание можно в карточке ученика.
remarks-line = { $date } · { $student } · ознакомлены { $acknowledged } из { $joined }
remark-card-title = 📝 Замечание об ученике <b>{ $student }</b>, { $date }
remark-reader-student = (ученик)
remark-reader-acknowledged = ✅ { $name } — ознакомлен(а) { $date }
remark-reader-waiting = ⏳ { $name } — ещё не ознакомлен(а)
remark-reader-not-joined = ▫️ { $name } — не подключён(а) к боту
finals-ack-title = 🏁 Итоговые оценки, { $label }, { $period }: кто из семей ознакомлен
finals-ack-none = Итоговых оценок за этот период пока нет.
finals-ack-line = { $mark } { $student } — ознакомлены с { $acknowledged } из { $finals }
error-remark-text = Замечание — это текст до { $limit } знаков. Напишите его ещё раз.
error-final-value = Итоговая оценка — от 2 до 5.

## Пропуски за неделю: уважительные причины и таблица
btn-summary-week = 📋 Пропуски за неделю
btn-summary-previous-week = ◀ Прошлая неделя
btn-excuse-all = Все пропуски ({ $count })
excuse-student = { $name } — { $count ->
    [one] { $count } пропуск
    [few] { $count } пропуска
   *[many] { $count } пропусков
} без уважительной причины
excuse-pick-student = Чьи пропуски отметить уважительными?
excuse-nothing = Все пропуски этой недели уже отмечены уважительными (или их нет).
excuse-pick-absence = <b>{ $name }</b>: какой пропуск отметить уважительным?
excuse-student-done = У ученика { $name } больше нет пропусков без уважительной причины за эту неделю.
excuse-ask-reason = Причина (например, «болезнь, справка от врача»), до { $limit } знаков:
excuse-done = { $count ->
    [0] Ничего не изменено: эти пропуски уже отмечены.
    [one] Отмечен уважительным { $count } пропуск.
    [few] Отмечено уважительными { $count } пропуска.
   *[many] Отмечено уважительными { $count } пропусков.
}
excuse-stale = Этот ввод уже не ждёт ответа. Откройте пропуски заново.
error-excuse-reason = Причина — это текст до { $limit } знаков. Напишите её ещё раз.
xlsx-summary-filename = Пропуски {$label} с {$monday}.xlsx
xlsx-student = Ученик
xlsx-date = Дата
xlsx-lesson = Урок
xlsx-subject = Предмет
xlsx-status = Отметка
xlsx-excused = Уважительная
xlsx-reason = Причина
xlsx-absent = Н (отсутствовал)
xlsx-late = О (опоздал)
xlsx-yes = да
xlsx-no = нет
xlsx-totals = Итоги
xlsx-total = Итого

## Контроль журнала
btn-control = 📊 Контроль журнала
control-xlsx-filename = Контроль журнала, { $period }, по { $until }.xlsx
control-xlsx-sheet = Контроль
control-xlsx-teacher = Учитель
control-xlsx-class = Класс
control-xlsx-subject = Предмет
control-xlsx-lessons = Уроков
control-xlsx-no_attendance = Без посещаемости
control-xlsx-no_topic = Без темы
control-xlsx-no_homework = Без ДЗ
control-xlsx-last_mark = Последняя оценка
control-xlsx-days = Дней без оценок

## Выгрузки XLSX (services/exports.py, handlers/exports.py).
journal-xlsx-marks = Оценки
journal-xlsx-lessons = Уроки
journal-xlsx-student = Ученик
journal-xlsx-average = Средний балл
journal-xlsx-final = Итоговая
journal-xlsx-date = Дата
journal-xlsx-number = Урок
journal-xlsx-topic = Тема
journal-xlsx-homework = Домашнее задание
journal-xlsx-absent = Отсутствовали
journal-xlsx-late = Опоздали
journal-xlsx-absent_letter = Н
journal-xlsx-late_letter = О
journal-xlsx-excused_letter = у
register-xlsx-register = Посещаемость
register-xlsx-student = Ученик
register-xlsx-absent = Пропущено уроков
register-xlsx-excused = Из них по уважительной
register-xlsx-late = Опозданий
register-xlsx-late_letter = о
register-xlsx-excused_letter = у
btn-exports = 📥 Выгрузки
exports-title = 📥 <b>Выгрузки { $class }</b>
    Журнал по предмету за период или посещаемость за месяц — файлом XLSX; табели успеваемости класса — одним PDF.
btn-export-journal = 📒 Журнал по предмету
btn-export-register = 🗓 Посещаемость за месяц
btn-export-previous = 📜 { $label } за { $year }
exports-subject = Какой предмет?
exports-period = За какой период?
exports-month = За какой месяц?
error-export-no-subject = Предмет «{ $name }» не найден.
error-export-no-period = Такого периода в этом учебном году нет.

## Закрыть доступ (handlers/coordinator/access.py, services/revocation.py).
btn-revoke-staff = 🚫 Закрыть доступ
btn-revoke-parent = 🚫 Закрыть доступ: { $name }
btn-revoke-student = 🚫 Закрыть доступ ученику
revoke-ask = Закрыть доступ к журналу — <b>{ $name }</b>?
    Его аккаунт в мессенджере отключится: сообщения больше не придут, разделы не откроются, неиспользованные ссылки перестанут работать. Снова подключиться можно будет только по новой ссылке.
btn-revoke-confirm = 🚫 Да, закрыть доступ
revoke-done = 🚫 Доступ закрыт: { $name }. { $cancelled ->
        [0] Неотправленных сообщений не было.
        [one] Не будет отправлено { $cancelled } сообщение.
        [few] Не будет отправлено { $cancelled } сообщения.
       *[many] Не будет отправлено { $cancelled } сообщений.
    }
revoke-nothing = { $name } не подключён(а) к боту; неиспользованные ссылки отменены.
error-revoke-self = Свой собственный доступ закрыть нельзя.

## Листовки с QR-кодами для родительского собрания (services/slips.py).
btn-slips = 🖨 Листовки с QR (PDF)
slips-caption = Листовки для собрания: по одной на ученика. Разрежьте по пунктиру. Старые неиспользованные ссылки класса больше не действуют.
slip-title = Приглашения в журнал
slip-parent = Родитель
slip-student = Ученик
slip-joined = ✓ уже в боте
slip-step1 = 1. Наведите камеру телефона на QR-код своего мессенджера (или откройте ссылку) — откроется бот.
slip-step2 = { $messengers ->
    [max] 2. Нажмите «Начать»; родителю — ещё «Даю согласие».
    [both] 2. Нажмите «Запустить» (в MAX — «Начать»); родителю — ещё «Даю согласие».
   *[telegram] 2. Нажмите «Запустить»; родителю — ещё «Даю согласие».
}
slip-step3 = 3. Готово: оценки, пропуски и домашние задания будут приходить в этот чат.
slip-valid = Каждая ссылка — для одного человека, одноразовая, действует до { $date }.
