## The teacher's lessons: /today, the lesson card, attendance, marks, homework, topic.

command-today = My lessons today
btn-today-lessons = 📋 Lessons today
lesson-title = <b>{ $label } · { $subject }</b>{ $group }
    { $day }, lesson { $number }

today-title = 📋 <b>Lessons · { $day }</b>
today-empty = No lessons.
today-unlocked = <b>Opened for correction by the deputy head:</b>
today-covering = substitution
today-covered-by = covered by { $teacher }
today-attendance-all = 👥 all present
today-attendance-counts = 👥 absent { $absent }, late { $late }
today-attendance-missing = 👥 not taken
today-marks = ⭐ { $count ->
        [0] no marks
        [one] { $count } mark
       *[other] { $count } marks
    }
today-homework-yes = 📚 homework set
today-homework-no = 📚 no homework
today-topic-yes = 📝 topic set
today-topic-no = 📝 no topic

btn-attendance-short = 👥 Attend.
btn-marks-short = ⭐ Marks
btn-homework-short = 📚 Homework
btn-attendance = 👥 Attendance
btn-marks = ⭐ Marks
btn-homework = 📚 Homework
btn-topic = 📝 Topic
btn-lessons = ◀ Lessons
btn-lesson = ◀ Lesson

card-attendance-all = Attendance taken: everyone present.
card-attendance-counts = Attendance taken: absent — { $absent }, late — { $late }.
card-attendance-missing = Attendance not taken.
card-marks = Marks this lesson: { $count }.
card-no-marks-grade-one = Grade 1 gets no marks.
card-homework = Homework (due { $due }): { $text }
card-homework-missing = No homework set.
card-topic = Topic: { $topic }
card-topic-missing = No topic recorded.

attendance-hint = Tap a student: Н — absent, again — О (late), again — present.
attendance-state = Absent: { $absent }, late: { $late }.
attendance-not-taken = Everyone is shown as present. If so, press "Everyone present".
btn-all-present = ✅ Everyone present

marks-kind = Kind: { $kind } (weight { $weight })
marks-hint = Tap a student, then a mark. Or pick a mark at the top and tap everyone who gets it.
marks-hint-give = Giving { $value }: tap the students. Tap [{ $value }] again to finish.
btn-kind = Kind: { $kind } ▸
btn-marks-text = ⌨ As text
btn-comment-last = 💬 Comment on the mark
keypad-title = { $name } — mark ({ $kind }):
keypad-given = Already this lesson: { $marks }
keypad-absent-oral = ⚠️ Marked absent: no mark for an answer in class (a written work, yes).
mark-saved-absent = ⚠️ Marked absent.
btn-edit-mark = ✏️ { $value } ({ $kind })
mark-edit-title = { $name }: { $value } ({ $kind })
mark-comment = Comment: { $comment }
mark-edit-hint = Tap another mark to correct it, or remove it.
btn-comment = 💬 Comment
btn-remove-mark = 🗑 Remove the mark
btn-comment-own = ✍ My own text
mark-saved = { $name }: { $value } ({ $kind })
mark-already-saved = This mark is already saved.
mark-removed = Mark removed: { $name }
comment-choose = Comment on the mark { $value } — { $name }:
comment-ask = Write a comment on the mark { $value } — { $name }. To cancel — /cancel.
comment-saved = Comment saved.

shorthand-ask = Type the marks, one per line: "Иванов 5", "Петрова 4 к/р". Or one line in roster order: "5 4 - 3 5" (a dash or «н» — no mark). Default kind: { $kind }. Corrected lines can be sent alone: the others stay. To cancel — /cancel.
shorthand-will-save = To be saved: { $count ->
        [one] { $count } mark
       *[other] { $count } marks
    }
shorthand-problems = Could not read { $count ->
        [one] { $count } line — it will not be saved:
       *[other] { $count } lines — they will not be saved:
    }
shorthand-problem-line = • line { $line }: "{ $source }" — { $reason }
shorthand-nothing = Nothing to save. Correct it and send it again.
shorthand-ambiguous-name = several students match: { $names }
shorthand-unknown-name = no such student in the class
shorthand-unknown-name-close = no such student in the class; did you mean { $names }?
shorthand-second-mark = — one more mark, this lesson already has: { $marks }
shorthand-kept = (with the marks of the previous message: { $count })
shorthand-n-no-mark = «н» means no mark ({ $names }); absence is marked in «👥 Attend.»
shorthand-unknown-kind = unknown kind of work
shorthand-bad-value = a mark is from 1 to 5
shorthand-too-many-values = more marks than students
shorthand-second-row = only one line may follow the class list
shorthand-not-understood = could not read the line
shorthand-saved = Saved: { $count ->
        [one] { $count } mark
       *[other] { $count } marks
    }

homework-ask = Send the homework as a message (photos or files welcome). Due: { $due } (the next lesson).
homework-current = Homework due { $due }:
    { $text }
homework-files = Files: { $count }
homework-replace-hint = Send new text to replace it, or photos and files to add.
homework-saved = Homework saved, due { $due }.
homework-file-waits = 📎 { $count ->
        [one] File received
       *[other] Files received: { $count }
    }. Now send the homework text: the files are saved with it.
btn-homework-no-text = 📎 Save without text
btn-homework-plan = ✅ By the plan: { $text }
homework-files-only = see the attached files
homework-due-set = Due: { $due }
homework-removed = Homework removed.
btn-done = ✅ Done
btn-remove-homework = 🗑 Remove homework

topic-current = Now: { $topic }
topic-ask = Write the lesson's topic in one line. To cancel — /cancel.
topic-saved = Topic saved.

error-lesson-in-future = This lesson has not happened yet — it is filled in on its day.
error-lesson-locked = 🔒 The lesson is more than { $days } { $days ->
        [one] day
       *[other] days
    } old — it can be corrected only with the deputy head's permission.
error-grade-one-no-marks = Grade 1 gets no marks.
error-no-mark-kinds = The school has no kinds of marks set up.
error-mark-value = A mark is from 1 to 5.
error-homework-text = The homework text is empty or longer than { $limit } characters.
error-homework-attachments = At most { $limit } files can be attached to homework.
error-homework-missing = Send the homework text first.
error-homework-due = Homework must be due after the lesson.
error-topic = The topic is empty or longer than { $limit } characters.
error-lesson-covered = This lesson is now taught by another teacher (a substitution) — your screen is out of date.
error-mark-gone = This mark no longer exists — the screen is out of date. Open the marks again.

## Substitutions and corrections of old lessons (deputy head, coordinator)
btn-substitutions = 🔁 Substitutions and corrections
btn-classes-list = ◀ Classes
subst-pick-class = Pick a class:
subst-day-title = <b>{ $label } · { $day }</b>
subst-lesson-title = <b>{ $label } · { $day }</b>
subst-covered-by = covered by { $teacher }
subst-reason = Reason: { $reason }
subst-unlocked-until = 🔓 Corrections allowed through { $until }
btn-subst-assign = 👤 Substitute
btn-change-room = 🚪 Room
btn-change-move = ↪️ Move
btn-change-cancel = ❌ Cancel the lesson
btn-change-restore = ↩️ Restore as it was
btn-change-cancel-do = ✅ Cancel the lesson
btn-change-move-do = ✅ Move
btn-change-room-do = ✅ Save
btn-change-restore-do = ✅ Restore
btn-change-number = No. { $number }
subst-room = 🚪 Room { $room }
subst-change-reason = Reason: { $reason }
change-reason-hint = You may write the reason as a message (optional). To cancel — /cancel.
change-ask-cancel = ❌ <b>Cancel the lesson?</b> The class's students and parents and the teacher will be told.
change-ask-move = ↪️ <b>Move it { $place }?</b> The class's students and parents and the teacher will be told.
change-ask-room = 🚪 Which room will the lesson be in? Now — { $room }. Write its number or name: "214", "gym".
change-ask-room-none = 🚪 Which room will the lesson be in? Write its number or name: "214", "gym".
change-ask-room-instead = 🚪 <b>Room { $room } instead of { $before }?</b> The class's students and parents and the teacher will be told.
change-ask-room-new = 🚪 <b>Room { $room }?</b> The class's students and parents and the teacher will be told.
change-ask-restore = ↩️ <b>Restore the lesson as scheduled?</b> Cancelling, moving and another room are undone (a substitute stays); the students, parents and the teacher will be told.
change-pick-place = ↪️ Move it where? <b>{ $day }</b>, the class's lessons:
change-pick-hint = Press a free lesson number, or write the number and the date: "6" or "6 08.12". ◀ ▶ — another day.
change-no-free = No free lessons that day: ◀ ▶ — another day, or write the number and the date.
change-done-o = ❌ The lesson is cancelled.
change-done-m = ↪️ The lesson is moved.
change-done-r = 🚪 The room is changed.
change-done-b = ↩️ The lesson is back as scheduled.
change-expired = The input is closed: more than an hour has passed or the screen is out of date. Open the lesson again: "🔁 Substitutions and corrections".
btn-subst-cancel = ✖ Cancel the substitution
btn-subst-unlock = 🔓 Let the teacher correct it (3 days)
subst-pick-teacher = Who covers the lesson?
subst-ask-reason-t = Write the reason for the substitution (e.g. illness, a course). To cancel — /cancel.
subst-ask-reason-x = Write why the substitution is cancelled. To cancel — /cancel.
subst-ask-reason-u = Write what is to be corrected in the lesson (it goes into the log). To cancel — /cancel.
subst-assigned = Substitute assigned — { $teacher }
subst-cancelled = Substitution cancelled — the lesson's own teacher takes it.
subst-unlocked = The teacher may correct the lesson through { $until }.
error-reason = The reason is empty or longer than { $limit } characters.
error-substitute-is-teacher = That is the lesson's own teacher — pick someone else.
error-unlock-days = Corrections can be allowed for 1–14 days.
error-lesson-unknown = Lesson { $value } is not in the class's timetable.
error-lesson-ambiguous = The class has several lessons at { $value } — give --subject.
error-lesson-cancelled = ❌ The lesson is cancelled. To change anything in it, restore it first: "↩️ Restore as it was".
error-lesson-moved = ↪️ The lesson has been moved: change it at its new place, or restore it as it was.
error-lesson-already-cancelled = The lesson is already cancelled.
error-lesson-filled = The teacher has already filled the lesson (attendance, topic, marks or homework) — it took place and cannot be cancelled or moved.
error-lesson-not-changed = The lesson is as scheduled — there is nothing to restore.
error-lesson-number = There is no lesson { $value } in the bell schedule. There are: { $numbers }.
error-move-place = I did not understand where to move it. Write the lesson number, or the number and the date: "6" or "6 08.12".
error-move-date-past = { $date } is in the past — a lesson can be moved to today or later.
error-move-date-far = That is too far ahead: no later than { $date }.
error-move-time-past = Lesson { $number } has already begun today — pick a later one.
error-move-day-off = { $date } is a day off by the school's calendar. Pick a school day.
error-move-same-place = The lesson is already there.
error-move-place-taken = The class already has { $subject } at lesson { $number }. Pick a free lesson, or move or cancel that one first.
error-room = The room — one short line, up to { $limit } characters: "214", "gym".
error-room-same = The lesson is already in room { $room }.
error-lesson-is-cancelled = ❌ The lesson is cancelled — there is nothing to fill in.
error-lesson-is-moved = ↪️ The lesson has been moved — fill it in at its new place.
input-expired = That input is closed: more than an hour has passed since you started it. Open the lesson's screen again — /today.
presence-absent = A ·{" "}
presence-late = L ·{" "}
homework-ask-no-lesson = Send the homework as a message (photos or files welcome). Due: { $due } — the timetable has no lesson of this subject in the next four weeks.

## Final marks
btn-finals = 🏁 Final marks
finals-pick = 🏁 Final marks: pick a class and subject.
finals-no-classes = You have no classes with marks (grade 1 gets none).
finals-title = 🏁 <b>Finals · { $class } · { $subject } · { $period }</b>
    Tap a student to set the final; ⭐ is what the average rounds to.
    { $missing ->
        [0] Every final is set.
        [one] { $missing } final missing.
       *[other] { $missing } finals missing.
    }
finals-average = avg { NUMBER($average, minimumFractionDigits: 2, maximumFractionDigits: 2) }
finals-row-set = { $name } · { $average } · final { $final }
finals-row-missing = { $name } · { $average } · —
btn-finals-all = ✅ By the average, all without a final ({ $count })
finals-keypad = 🏁 <b>{ $name }</b>, { $subject }: { $average }. Final mark:
finals-saved = { $name }: final { $value } saved
finals-saved-all = { $count ->
    [one] { $count } final set
   *[other] { $count } finals set
}
finals-student-gone = This student is no longer in the class.

## The lesson plan (services/lesson_plans.py, handlers/teacher/plans.py).
topic-plan = By the plan: { $number }. { $topic }
topic-plan-homework = Homework by the plan: { $homework }
btn-topic-keep = ✅ { $number }. { $topic }
topic-ask-or-keep = Tap the plan's topic or write another in one line. To cancel — /cancel.
btn-import-plan = 📘 Lesson plan
plan-which = Which class and subject is this plan for?
plan-none = You have no classes this school year: there is nothing to load a plan for.
plan-loaded = ✅ Plan loaded: { $label }, { $subject } — { $topics } topics, { $hours } hours. The lesson opens with the plan's topic: one tap, or write another.
import-problem-plan-no-topic = no topic
import-problem-plan-repeated-number = number { $value } is already above
import-problem-plan-bad-number = «{ $value }» is not a whole number (number or hours)
import-problem-plan-empty = the file has no topics
import-problem-plan-too-long = more than { $limit } topics: that is not one subject's plan
control-plans-title = 📘 <b>Lesson plans</b>
control-plan-line = • { $label } { $subject }: { $covered } of { $topics } topics covered, { $lessons } lessons held
cli-plan-loaded = Plan loaded: { $label }, { $subject } — topics: { $topics }, hours: { $hours }.
change-reason-kept = 📝 Reason: "{ $reason }". Confirm with the button below: nothing changes until then.
