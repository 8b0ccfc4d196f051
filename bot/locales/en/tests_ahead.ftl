## Tests ahead: the teacher plans (handlers/teacher/planned_tests.py), the administration sees the
## week (handlers/admin/tests_schedule.py), the family sees the tests ahead and is reminded.

tests-weekdays = Mon Tue Wed Thu Fri Sat Sun

## The teacher: from the lesson card or the timetable.
btn-plan-test = 📝 Test
tests-plan-title = 📝 <b>Test</b> · { $class } · { $subject }{ $group }
tests-planned-list = Already planned:
tests-planned-line = • { $day } — { $kind }
tests-plan-when = For which lesson?
tests-plan-no-days = The timetable has no lessons of this subject in the coming months.
tests-plan-over-hint = ⚠️ — the class would have more tests that day or that week than the school allows.
btn-test-this-lesson = This lesson · { $day }
btn-test-next-lesson = Next lesson · { $day }
btn-planned-test = 📝 { $day } — { $kind }
tests-check-title = 📝 <b>{ $class } · { $subject }{ $group }</b> — { $day }
tests-check-existing = Already planned: { $kind }. Choose another kind to change it.
tests-warn-day = ⚠️ { $class } already has { $count ->
    [one] a test
   *[other] { $count } tests
} that day: { $subjects }. The school allows at most { $limit } a day.
tests-warn-week = ⚠️ { $class } already has { $count ->
    [one] { $count } test
   *[other] { $count } tests
} that week: { $tests }. The school allows at most { $limit } a week.
tests-warn-confirm = You may still plan it: the deputy head will see it over the limit in the schedule.
tests-check-ask = Choose the kind of work to plan it:
tests-saved = ✅ Planned.
tests-saved-again = ✅ Already in the schedule.
tests-saved-toast = Planned
tests-saved-over = ⚠️ Over the school's limit — the deputy head will see it in the schedule of tests.
tests-open = 📝 <b>{ $kind }</b> · { $class } · { $subject }{ $group } — { $day }
btn-test-move = 🗓 Move
btn-test-remove = 🗑 Remove
tests-move-when = Move it to which lesson?
tests-move-check = Move it to { $day }?
btn-test-move-confirm = ✅ Move
tests-moved = ✅ Moved to { $day }.
tests-remove-ask = Remove this test from the schedule? Families will no longer see it.
btn-test-remove-confirm = 🗑 Yes, remove
tests-removed = 🗑 The test of { $day } is removed from the schedule.
btn-tests-timetable = ◀ Timetable
btn-test-slot = 📝 { $number } · { $class } { $subject }
btn-test-slot-planned = ✅ { $number } · { $class } { $subject }: { $kind }

## What the lesson card and the marks screen say on the test's day.
card-planned-test = 📝 Planned for this day: { $kind }.
marks-planned-test = 📝 Planned for this day: { $kind } — the marks are for it.

## The administration's week.
btn-tests-schedule = 📝 Schedule of tests
tests-week-title = 📝 <b>Schedule of tests</b> · { $first } – { $last }
tests-week-limits = The school's limits per class: at most { $per_day } a day and { $per_week } a week.
tests-week-empty = No tests are planned this week.
tests-week-over = ⚠️ Over the limit: { $classes }.
tests-week-class = <b>{ $class }</b> — { $count ->
    [one] { $count } test
   *[other] { $count } tests
}
tests-week-over-week = ⚠️ more than { $limit } a week
tests-week-day = { $day }: { $tests }
tests-week-over-day = ⚠️ { $count } a day, the limit is { $limit }
tests-week-more = … and { $count ->
    [one] { $count } more class
   *[other] { $count } more classes
} that did not fit in the message.
btn-tests-this-week = This week

## The family: the child's overview and the reminder the school day before.
tests-ahead-title = 📝 <b>Tests ahead:</b>
tests-ahead-line = { $day } — { $subject }, { $kind }
notice-test-reminder = 📝 { $day }: { $subject } — { $kind }. Time to get ready.

## «⚙️ School settings» → «📒 Journal».
setting-tests_per_day = Tests a day per class
setting-tests_per_day-meaning = How many tests a class may have on one day. A teacher planning more is warned, and the deputy head sees the class flagged in «📝 Schedule of tests».
setting-tests_per_week = Tests a week per class
setting-tests_per_week-meaning = How many tests a class may have in a week. Teachers planning more are warned, and the deputy head sees the class flagged in the schedule.
setting-tests = { $count ->
    [one] { $count } test
   *[other] { $count } tests
}
setting-format-tests-hint = a number of tests, for example 1.
error-setting-format-tests = That is not a number. Type the number of tests, for example 1.
error-setting-tests-order = A day cannot allow more tests than a week.

## Refusals.
error-test-day-past = That day is over: a test can be planned from today on.
error-test-no-lesson = The class has no lesson of this subject that day by the timetable.
error-test-day-taken = A test of this subject is already planned for the class that day.
error-test-past = This test is over: it can no longer be moved or removed.
