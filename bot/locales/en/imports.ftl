## Loading the student lists and the timetable from files (Excel, CSV): services/roster_import.py,
## services/timetable_import.py. A problem in a row is shown as "Row 7: <text>", so problem texts
## start in lower case.

import-row = Row { $row }: { $text }
import-rejected = File not loaded: { $count } { $count ->
        [one] problem
       *[other] problems
    }.
import-rejected-hint = Nothing was changed. Fix the file and load the whole of it again.
import-ignored-columns = { $count ->
        [one] Column not recognised and skipped
       *[other] Columns not recognised and skipped
    }: { $columns }.

## Column names (as in the templates)

import-column-class = Class
import-column-last_name = Last name
import-column-first_name = First name
import-column-middle_name = Patronymic
import-column-birth_date = Date of birth
import-column-guardian_1 = Parent 1
import-column-guardian_2 = Parent 2
import-column-class_teacher = Class teacher
import-column-day = Day
import-column-lesson = Lesson
import-column-starts = Start
import-column-ends = End
import-column-subject = Subject
import-column-teacher = Teacher
import-column-subgroup = Subgroup
import-column-room = Room
import-column-full_name = Full name
import-column-phone = Phone
import-column-number = Topic number
import-column-topic = Topic
import-column-hours = Hours
import-column-homework = Homework

## "class 5A on Monday, lesson 3 …"

import-weekday-1 = on Monday
import-weekday-2 = on Tuesday
import-weekday-3 = on Wednesday
import-weekday-4 = on Thursday
import-weekday-5 = on Friday
import-weekday-6 = on Saturday
import-weekday-7 = on Sunday

## Problems with the whole file

import-problem-file-not-found = file "{ $file }" was not found. Check the path.
import-problem-from-in-past = a timetable cannot start in the past ({ $date }): lessons already held keep the timetable they were held under. Give --from { $today } or later.
import-problem-unreadable = the file "{ $file }" could not be read. Save it from Excel as "Excel Workbook (*.xlsx)" or "CSV UTF-8" and load it again.
import-problem-unknown-format = the file "{ $file }" cannot be loaded: an .xlsx or .csv table is needed.
import-problem-empty = the file "{ $file }" has no filled-in rows.
import-problem-too-many-rows = the file "{ $file }" has more than { $max } rows, more than even a large school needs. Split the file.
import-problem-too-big = the file "{ $file }" is larger than { $mb } MB; a school's table is never that large. Check that it is the right file.
import-problem-too-wide = the cell { $cell } is filled, but the table must fit in columns A–{ $last }. Delete the extra columns on the right and load the file again.
import-problem-too-wide-csv = this line has more than { $max } columns, more separators than a table has. Check that the file was saved as CSV.
import-problem-cell-too-long = a cell holds more than { $max } characters; no column of the template holds that much. Check this row.
import-problem-too-many-strings = the file "{ $file }" holds more than { $max } different values; a school's table never does. Save it again from Excel without extra sheets or data.
import-problem-inflates = the file "{ $file }" unpacks to more than { $mb } MB; a school's table is never that large. Save it again from Excel without extra sheets or data.
import-problem-duplicate-column = the column "{ $column }" appears twice (the second time as "{ $value }").
import-problem-missing-column = no "{ $column }" column. Column headers go in the first row, as in the template.

## Problems in a row

import-problem-too-long = "{ $value }" in "{ $column }" is longer than { $max } characters, longer than any name. Check the row.
import-problem-missing-value = "{ $column }" is empty.
import-problem-too-long = the value in "{ $column }" is too long: at most { $max } { $max ->
        [one] character
       *[other] characters
    }.
import-problem-bad-class = "{ $value }" is not a class. Write the grade 1 to 11 and the letter: "5А", "11Б".
import-problem-bad-name = "{ $value }" in "{ $column }" does not look like a full name. Write "Last name First name Patronymic"; a double surname takes a hyphen.
import-problem-bad-date = "{ $value }" is not a date of birth. Write DD.MM.YYYY, e.g. 14.03.2014.
import-problem-implausible-birth-date = the date of birth { $value } looks like a typo: a student is { $min } to { $max } years old.
import-problem-duplicate-student = the student "{ $value }" ({ $class }) is already in row { $first_row }.
import-problem-ambiguous-student = "{ $value }" fits several students of the class: { $names }. Give the full name.
import-problem-ambiguous-person = "{ $value }" fits several people: { $names }. Give the full name.
import-problem-class-teacher-conflict = class { $class } has two class teachers: "{ $value }" and "{ $other }" (row { $other_row }).
import-problem-class-too-big = class { $class } would have { $count } { $count ->
        [one] student
       *[other] students
    }, more than { $max }. Check the "Class" column.

## Problems in the timetable

import-problem-unknown-class = unknown class "{ $value }". Load the student list of this class first.
import-problem-bad-day = "{ $value }" is not a day of the week. Write "Пн", "Monday" or a number from 1 to 7.
import-problem-bad-lesson-number = "{ $value }" is not a lesson number. A number from 0 to { $max } is needed.
import-problem-bad-time = "{ $value }" in "{ $column }" is not a time. Write HH:MM, e.g. 08:30.
import-problem-bell-incomplete = "{ $column }" is empty: a lesson time needs both its start and its end.
import-problem-bell-order = the lesson ends ({ $ends }) no later than it starts ({ $starts }).
import-problem-bell-conflict = lesson { $number } gets another time: { $starts }–{ $ends }, while row { $other_row } says { $other_starts }–{ $other_ends }.
import-problem-bell-overlap = lesson { $number } starts at { $starts }, before lesson { $other } ends ({ $other_ends }).
import-problem-bell-missing = no time for lesson { $number }: fill in "Start" and "End" on at least one row with this lesson.
import-problem-bad-subgroup = "{ $value }" is not a subgroup. Write a number from 1 to 9, or leave it empty for the whole class.
import-problem-teacher-unknown = no teacher "{ $value }" among the school's staff. Write the full name and a new teacher will be added.
import-problem-teacher-ambiguous = "{ $value }" fits several staff members: { $names }. Write the full name.
import-problem-slot-duplicate = class { $class } { $day }, lesson { $number } is already given in row { $first_row }.
import-problem-slot-mixed = class { $class } { $day }, lesson { $number } is given both for the whole class and for a subgroup (row { $first_row }).
import-problem-teacher-clash = { $teacher } { $day }, lesson { $number } would be in two places: { $class } and { $other_class } (row { $other_row }).
import-problem-teacher-busy = { $teacher } { $day }, lesson { $number } already teaches { $other_class } in the current timetable, and here is put in { $class }.

## What the import did

import-added = Added: { $items }.
import-updated = Updated: { $items }.
import-nothing-changed = No changes: everything in the file was already loaded.
import-n-classes = { $count } { $count ->
        [one] class
       *[other] classes
    }
import-n-students = { $count } { $count ->
        [one] student
       *[other] students
    }
import-n-parents = { $count } { $count ->
        [one] parent
       *[other] parents
    }
import-n-teachers = { $count } { $count ->
        [one] teacher
       *[other] teachers
    }
import-n-subjects = { $count } { $count ->
        [one] subject
       *[other] subjects
    }
import-n-assignments = { $count } teaching { $count ->
        [one] assignment
       *[other] assignments
    }
import-roster-done = Student list loaded: { $rows } { $rows ->
        [one] row
       *[other] rows
    }.
import-roster-links = New student–parent links: { $count }.
import-roster-class-teachers = Class teacher set in { $count } { $count ->
        [one] class
       *[other] classes
    }.
import-timetable-done = Timetable loaded: { $classes } { $classes ->
        [one] class
       *[other] classes
    }, { $lessons } { $lessons ->
        [one] lesson
       *[other] lessons
    } a week, in force from { $date }.
import-timetable-bells = Bells: times given for { $count } { $count ->
        [one] lesson
       *[other] lessons
    }, changed: { $changed }.
import-timetable-closed = The previous timetable of these classes stays in force up to { $date } (entries closed: { $count }).
import-timetable-deleted = Timetable entries starting on that date or later deleted: { $count }.

## Imports from the bot (handlers/coordinator/imports.py).
import-bot-which = The file «{ $name }»: what is in it?
btn-import-roster = 👪 Class lists (students and parents)
btn-import-timetable = 📅 Timetable
import-bot-preview = Checked «{ $name }». Loading it would do this:
import-bot-from = The timetable applies from { $date }.
btn-import-apply = ✅ Apply
import-bot-applied = ✅ Loaded.
import-bot-cancelled = Cancelled: nothing was loaded.
import-bot-which-column = The file has no column «{ $column }» that I know. Which of these is it? I will remember it for the school's next files.
btn-import-no-column = ✖ None of them — cancel
