staff-list-title = <b>Staff</b>: { $total }, { $joined } in the bot. ✅ — joined, ⏳ — not yet.
btn-add-staff = ➕ Add a staff member
btn-invite = 🔗 Invite link
btn-new-invite = 🔗 New link (new phone)
staff-joined = joined the bot ✅
staff-not-joined = not joined yet ⏳
staff-card =
    <b>{ $name }</b>
    { $roles }
    { $state }
staff-add-ask-name = Write the staff member's full name: surname, first name, patronymic. To cancel — /cancel.
staff-add-bad-name = That does not look like a full name. Write the surname, first name and patronymic, e.g.: Иванова Анна Петровна. To cancel — /cancel.
staff-add-ask-roles = Roles for <b>{ $name }</b>. Tick the right ones and press "Save".
staff-added = <b>{ $name }</b> has been added. The invite link is in the next message: forward it.

classes-title = <b>Classes</b>: { $count }. Students and families in the bot (👪: who of the class has joined and who not yet):
classes-no-teacher = no class teacher
classes-row = <b>{ $label }</b> · { $teacher }: { $students } { $students ->
        [one] student
       *[other] students
    }, { $students_joined } in the bot; { $families_joined } { $families_joined ->
        [one] family
       *[other] families
    } in the bot
classes-empty = No classes yet. Load the student list: schoolbot import roster FILE

roster-title = <b>{ $label }</b>: { $count } { $count ->
        [one] student
       *[other] students
    }. In the bot: { $families } { $families ->
        [one] family
       *[other] families
    }, { $students_joined } { $students_joined ->
        [one] student
       *[other] students
    }.
roster-legend = 👪 — parents in the bot / on the list, 🎒 — the student; ✅ — in the bot, ⏳ — not yet. Tap a student to get the links.
roster-legend-view = 👪 — parents in the bot / on the list, 🎒 — the student; ✅ — in the bot, ⏳ — not yet. The class teacher gives families their links.
btn-all-links = 📄 All links as a file
student-card-title = <b>{ $name }</b>
student-card-parents = Parents:
student-card-no-parents = No parents are listed for this student.
student-card-student = Student: { $state }
student-card-hint = The link comes as a separate message — forward it to the parent or student. A new link replaces the previous unused one.
btn-parent-link = 🔗 Link: { $name }
btn-new-parent-link = 🔗 Link for another parent
btn-student-link = 🔗 Link for the student
all-links-nobody = All students and parents of the class have already joined.
all-links-filename = Links-{ $label }.txt
all-links-caption = Invite links for { $label }: { $count } { $count ->
        [one] link
       *[other] links
    }. Earlier unused links of these people no longer work.
all-links-header = Invitations to the school journal, class { $label }. Each link is for one person.
links-line-student = Student: { $student }
links-line-parent = Parent ({ $parent }) of { $student }
links-line-any-parent = Parent of { $student }
all-links-footer = The links work once and are valid through { $until }.

## Class teacher's remarks and acknowledgements
btn-remark-write = ✍️ Write a remark
btn-remark-send = 📨 Send to the family
btn-remarks = 📝 Remarks
btn-finals-acknowledged = 🏁 Final marks: read by families
remark-ask = A remark about <b>{ $name }</b>: write it in one message (up to { $limit } characters). The parents and the student get it with an “I have read it” button.
remark-preview = A remark about <b>{ $name }</b>:
    { $text }

    Send it to the parents and the student?
remark-sent = The remark about { $name } was sent: { $count ->
    [0] to nobody yet, nobody of the family has joined the bot
    [one] { $count } recipient
   *[other] { $count } recipients
}.
remark-cancelled = The remark was not sent.
remark-stale = This remark was already sent or cancelled.
remarks-title = 📝 Remarks, { $label } (latest 20)
remarks-none = No remarks yet. You can write one from a student's card.
remarks-line = { $date } · { $student } · read by { $acknowledged } of { $joined }
remark-card-title = 📝 Remark about <b>{ $student }</b>, { $date }
remark-reader-student = (student)
remark-reader-acknowledged = ✅ { $name } — read { $date }
remark-reader-waiting = ⏳ { $name } — not read yet
remark-reader-not-joined = ▫️ { $name } — not in the bot
finals-ack-title = 🏁 Final marks, { $label }, { $period }: read by families
finals-ack-none = No final marks for this period yet.
finals-ack-line = { $mark } { $student } — read { $acknowledged } of { $finals }
error-remark-text = A remark is a text of up to { $limit } characters. Please write it again.
error-final-value = A final mark is from 2 to 5.

## The week's absences: excuses and the table
btn-summary-week = 📋 Absences this week
btn-summary-previous-week = ◀ Previous week
btn-excuse-all = All absences ({ $count })
excuse-student = { $name } — { $count } unexcused { $count ->
    [one] absence
   *[other] absences
}
excuse-pick-student = Whose absences are excused?
excuse-nothing = Every absence of this week is already excused (or there are none).
excuse-pick-absence = <b>{ $name }</b>: which absence is excused?
excuse-student-done = { $name } has no unexcused absences left this week.
excuse-ask-reason = The reason (e.g. “ill, doctor's note”), up to { $limit } characters:
excuse-done = { $count ->
    [0] Nothing changed: these absences were already excused.
    [one] { $count } absence marked excused.
   *[other] { $count } absences marked excused.
}
excuse-stale = This input no longer waits for an answer. Open the absences again.
error-excuse-reason = A reason is a text of up to { $limit } characters. Please write it again.
xlsx-summary-filename = Absences {$label} from {$monday}.xlsx
xlsx-student = Student
xlsx-date = Date
xlsx-lesson = Lesson
xlsx-subject = Subject
xlsx-status = Mark
xlsx-excused = Excused
xlsx-reason = Reason
xlsx-absent = absent
xlsx-late = late
xlsx-yes = yes
xlsx-no = no
xlsx-totals = Totals
xlsx-total = Total

## Journal control
btn-control = 📊 Journal control
control-xlsx-filename = Journal control, { $period }, up to { $until }.xlsx
control-xlsx-sheet = Control
control-xlsx-teacher = Teacher
control-xlsx-class = Class
control-xlsx-subject = Subject
control-xlsx-lessons = Lessons
control-xlsx-no_attendance = No attendance
control-xlsx-no_topic = No topic
control-xlsx-no_homework = No homework
control-xlsx-last_mark = Last mark
control-xlsx-days = Days without marks

## XLSX exports (services/exports.py, handlers/exports.py).
journal-xlsx-marks = Marks
journal-xlsx-lessons = Lessons
journal-xlsx-student = Student
journal-xlsx-average = Average
journal-xlsx-final = Final
journal-xlsx-date = Date
journal-xlsx-number = Lesson
journal-xlsx-topic = Topic
journal-xlsx-homework = Homework
journal-xlsx-absent = Absent
journal-xlsx-late = Late
journal-xlsx-absent_letter = A
journal-xlsx-late_letter = L
journal-xlsx-excused_letter = e
register-xlsx-register = Attendance
register-xlsx-student = Student
register-xlsx-absent = Lessons missed
register-xlsx-excused = Of them excused
register-xlsx-late = Late
register-xlsx-late_letter = l
register-xlsx-excused_letter = e
btn-exports = 📥 Exports
exports-title = 📥 <b>Exports of { $class }</b>
    A subject's journal for a period, or the month's attendance, as an XLSX file; the class's report cards as one PDF.
btn-export-journal = 📒 Subject journal
btn-export-register = 🗓 Month's attendance
btn-export-previous = 📜 { $label } in { $year }
exports-subject = Which subject?
exports-period = Which period?
exports-month = Which month?
error-export-no-subject = No subject «{ $name }».
error-export-no-period = No such period this school year.

## Closing access (handlers/coordinator/access.py, services/revocation.py).
btn-revoke-staff = 🚫 Close access
btn-revoke-parent = 🚫 Close access: { $name }
btn-revoke-student = 🚫 Close the student's access
revoke-ask = Close <b>{ $name }</b>'s access to the journal?
    Their messenger account is disconnected: no more messages, no sections, unused links stop working. They can join again only with a new link.
btn-revoke-confirm = 🚫 Yes, close access
revoke-done = 🚫 Access closed: { $name }. { $cancelled ->
        [0] No messages were waiting.
        [one] { $cancelled } waiting message will not be sent.
       *[other] { $cancelled } waiting messages will not be sent.
    }
revoke-nothing = { $name } has not joined the bot; unused links are cancelled.
error-revoke-self = You cannot close your own access.

## Invite slips with QR codes for a parent meeting (services/slips.py).
btn-slips = 🖨 QR slips (PDF)
slips-caption = Slips for the meeting, one per student. Cut along the dashes. The class's older unused links no longer work.
slip-title = Journal invitations
slip-parent = Parent
slip-student = Student
slip-joined = ✓ already in the bot
slip-step1 = 1. Point the phone's camera at your messenger's QR code (or open the link): the bot opens.
slip-step2 = { $messengers ->
    [max] 2. Press "Начать" (Start); a parent also "I consent".
    [both] 2. Press "Start" (in MAX "Начать"); a parent also "I consent".
   *[telegram] 2. Press "Start"; a parent also "I consent".
}
slip-step3 = 3. Done: marks, absences and homework arrive in this chat.
slip-valid = Each link is for one person, works once, until { $date }.
