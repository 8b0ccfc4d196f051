## График контрольных работ: the teacher plans (handlers/teacher/planned_tests.py), the administration
## sees the week (handlers/admin/tests_schedule.py), the family sees the tests ahead and is reminded.

tests-weekdays = пн вт ср чт пт сб вс

## The teacher: from the lesson card or the timetable.
btn-plan-test = 📝 Контрольная
tests-plan-title = 📝 <b>Контрольная работа</b> · { $class } · { $subject }{ $group }
tests-planned-list = Уже запланированы:
tests-planned-line = • { $day } — { $kind }
tests-plan-when = На какой урок её запланировать?
tests-plan-no-days = Уроков этого предмета в ближайшие месяцы по расписанию нет.
tests-plan-over-hint = ⚠️ — в этот день или на этой неделе у класса будет больше контрольных, чем допускает школа.
btn-test-this-lesson = Этот урок · { $day }
btn-test-next-lesson = Следующий урок · { $day }
btn-planned-test = 📝 { $day } — { $kind }
tests-check-title = 📝 <b>{ $class } · { $subject }{ $group }</b> — { $day }
tests-check-existing = Уже запланирована: { $kind }. Выберите другой вид, чтобы его изменить.
tests-warn-day = ⚠️ У { $class } в этот день уже { $count ->
    [1] есть контрольная
    [one] { $count } контрольная
    [few] { $count } контрольные
   *[many] { $count } контрольных
}: { $subjects }. В школе — не больше { $limit } в день.
tests-warn-week = ⚠️ На той же неделе у { $class } уже { $count ->
    [one] { $count } контрольная
    [few] { $count } контрольные
   *[many] { $count } контрольных
}: { $tests }. В школе — не больше { $limit } в неделю.
tests-warn-confirm = Запланировать всё равно можно: завуч увидит превышение в графике.
tests-check-ask = Выберите вид работы — она будет запланирована:
tests-saved = ✅ Запланировано.
tests-saved-again = ✅ Уже в графике.
tests-saved-toast = Запланировано
tests-saved-over = ⚠️ Сверх лимита школы — завуч увидит это в графике контрольных.
tests-open = 📝 <b>{ $kind }</b> · { $class } · { $subject }{ $group } — { $day }
btn-test-move = 🗓 Перенести
btn-test-remove = 🗑 Убрать
tests-move-when = На какой урок перенести?
tests-move-check = Перенести на { $day }?
btn-test-move-confirm = ✅ Перенести
tests-moved = ✅ Перенесено на { $day }.
tests-remove-ask = Убрать эту контрольную из графика? Семьи её больше не увидят.
btn-test-remove-confirm = 🗑 Да, убрать
tests-removed = 🗑 Контрольная { $day } убрана из графика.
btn-tests-timetable = ◀ К расписанию
btn-test-slot = 📝 { $number } · { $class } { $subject }
btn-test-slot-planned = ✅ { $number } · { $class } { $subject }: { $kind }

## What the lesson card and the marks screen say on the test's day.
card-planned-test = 📝 По графику в этот день — { $kind }.
marks-planned-test = 📝 По графику в этот день — { $kind }: оценки ставятся за неё.

## The administration's week.
btn-tests-schedule = 📝 График контрольных
tests-week-title = 📝 <b>График контрольных</b> · { $first } – { $last }
tests-week-limits = Лимиты школы на класс: не больше { $per_day } в день и { $per_week } в неделю.
tests-week-empty = На этой неделе контрольных не запланировано.
tests-week-over = ⚠️ Сверх лимита: { $classes }.
tests-week-class = <b>{ $class }</b> — { $count ->
    [one] { $count } контрольная
    [few] { $count } контрольные
   *[many] { $count } контрольных
}
tests-week-over-week = ⚠️ больше { $limit } в неделю
tests-week-day = { $day }: { $tests }
tests-week-over-day = ⚠️ { $count } в день при лимите { $limit }
tests-week-more = … и ещё { $count ->
    [one] { $count } класс
    [few] { $count } класса
   *[many] { $count } классов
} — не поместились в сообщение.
btn-tests-this-week = Эта неделя

## The family: the child's overview and the reminder the school day before.
tests-ahead-title = 📝 <b>Ближайшие контрольные:</b>
tests-ahead-line = { $day } — { $subject }, { $kind }
notice-test-reminder = 📝 { $day }: { $subject } — { $kind }. Не забудьте подготовиться.

## «⚙️ Настройки школы» → «📒 Журнал».
setting-tests_per_day = Контрольных в день на класс
setting-tests_per_day-meaning = Сколько контрольных работ в один день допускает школа для класса. Учитель, который планирует больше, получит предупреждение, а завуч увидит класс отмеченным в «📝 Графике контрольных».
setting-tests_per_week = Контрольных в неделю на класс
setting-tests_per_week-meaning = Сколько контрольных работ за неделю допускает школа для класса. Сверх этого учителя предупреждают, а завуч видит класс отмеченным в графике.
setting-tests = { $count ->
    [one] { $count } контрольная
    [few] { $count } контрольные
   *[many] { $count } контрольных
}
setting-format-tests-hint = число контрольных, например 1.
error-setting-format-tests = Не понял число. Напишите число контрольных, например 1.
error-setting-tests-order = В день не может быть больше контрольных, чем в неделю.

## Refusals.
error-test-day-past = Этот день уже прошёл: контрольную можно запланировать с сегодняшнего дня.
error-test-no-lesson = В этот день у класса нет этого урока по расписанию.
error-test-day-taken = На этот день у класса уже запланирована контрольная по этому предмету.
error-test-past = Эта контрольная уже прошла: её не переносят и не убирают.
