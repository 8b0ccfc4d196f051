## «🎓 New school year» (handlers/coordinator/school_year.py) and `schoolbot year`.

btn-new-school-year = 🎓 New school year
year-title = 🎓 <b>New school year { $year }</b>
year-periods = Starts on { $date }; { $count } { $kind ->
    [trimester] { $count ->
        [one] trimester
       *[other] trimesters
    }
    [half_year] { $count ->
        [one] half
       *[other] halves
    }
    [quarter] { $count ->
        [one] quarter
       *[other] quarters
    }
   *[other] { $count ->
        [one] period
       *[other] periods
    }
}: { $periods }.
year-moves = Classes move up:
year-class-teacher = , class teacher { $name }
year-move = • { $label } → { $next }: { $count ->
    [one] { $count } student
   *[other] { $count } students
}{ $teacher }
year-move-leaving =   leaving the school: { $count }
year-graduates = • { $label } — graduate: { $count ->
    [one] { $count } student
   *[other] { $count } students
}
year-no-classes = • no classes yet
year-keeps = Parents and students stay joined, no new links are needed. Graduates see their marks for 90 days. Load the new year's teaching assignments and timetable anew. Last year stays in the journal, read-only.
year-wait = { $year } can be started once the lessons are over, from { $date }.
btn-year-leavers = 🎓 Who leaves after the 9th
btn-year-start = ✅ Start { $year }
btn-year-leaving-class = { $label }: leaving { $count }
year-leavers-title = Mark the 9th graders who leave the school after this year: the new year will not have them, and they see their marks for 90 days.
year-leavers-class = Tap a student to mark him (🎓 — leaves). Marked: { $count }.
year-started = ✅ School year { $year } started: { $classes ->
    [one] { $classes } class moved up
   *[other] { $classes } classes moved up
} ({ $moved ->
    [one] { $moved } student
   *[other] { $moved } students
}), graduates: { $graduated }. Now load the new year's teaching assignments and timetable.
family-past-year = School year { $year }
error-year-not-over = School year { $year } is still on: the new one can start once the lessons are over, from { $date }.
error-year-already-started = The new school year has already started: the current one is { $year }.
cli-year-plan-title = Starting the new school year now would do this:
cli-year-dry-run = This was a check (--dry-run): nothing changed.
btn-family-this-year = ◀ This school year
error-calendar-range = Check the dates: the end not before the start, and at most 120 days after it.
error-calendar-weekday = A weekday is Monday to Sunday.

## «📅 Holidays» (handlers/coordinator/calendar.py).
btn-school-calendar = 📅 Holidays
calendar-title = 📅 <b>Holidays</b>
calendar-hint = A day off has no lessons and no reminders about them; a working day on another weekday's timetable runs that timetable. Public holidays are already in.
calendar-off = • { $when } — { $name }
calendar-unnamed = day off
calendar-work = • { $when } — working day, timetable: { $weekday }
calendar-nothing = • nothing ahead
btn-calendar-off = ➕ Days off or holidays
btn-calendar-work = ➕ Working day
btn-calendar-clear = ➖ Give a day back to the timetable
calendar-ask-off = Type a date or dates and a name, e.g. «26.10–03.11 Autumn holidays» or «04.12 Quarantine».
calendar-ask-work = Type the date and whose weekday's timetable it runs, e.g. «20.02 mon».
calendar-ask-clear = Type the date to give back to the usual timetable, e.g. «04.12».
calendar-added-off = ✅ Days off: { $when } ({ $count ->
    [one] { $count } day
   *[other] { $count } days
}).
calendar-added-work = ✅ { $when } — working day, timetable: { $weekday }.
calendar-cleared = ✅ { $when } — the usual timetable again.
calendar-not-there = { $when } already runs the usual timetable.
error-calendar-format = That is not a date. Type it like «26.10» or «26.10–03.11».
cli-year-leaving = { $name } ({ $label }) leaves the school after this year.
cli-year-staying = { $name } ({ $label }) stays at the school.
error-year-student-unknown = There is no student «{ $value }» in this 9th-grade class (or two: add the patronymic).
