## Roles
role-coordinator = Coordinator
role-deputy = Deputy head
role-teacher = Teacher
role-class_teacher = Class teacher
role-parent = Parent
role-student = Student
role-class-teacher-of = class teacher of { $classes }

## Buttons
btn-menu = 🏠 Menu
btn-back = ◀ Back
btn-save = ✅ Save
btn-cancel = ✖ Cancel
btn-today = Today
btn-language = 🌐 Language
btn-help = ❓ Help
btn-switch-role = 🔄 Switch role
btn-staff = 👥 Staff
btn-classes = 🏫 Classes
btn-my-class = 🧑‍🏫 My class { $label }
btn-class-timetable = 📅 Timetable { $label }
btn-my-timetable = 📅 My timetable
btn-timetable = 📅 Timetable
page-of = { $page } of { $pages }

joined = in the bot ✅
not-joined = not joined yet ⏳

## Menu
menu-not-joined = You have not joined the journal yet. Open your invite link: parents and students get it from the class teacher, staff from the coordinator.
menu-title = <b>{ $role }</b> · { $school }
menu-classes-led = { $count ->
        [1] Your class
       *[other] Your classes
    }: { $classes }
menu-hint = Choose a section.
roles-choose = Which role's menu should open?
language-choose = Выберите язык / Choose your language
language-ru = Русский
language-en = English
cancelled = Cancelled.
nothing-to-cancel = Nothing to cancel.
stale-button = This button no longer works. Open the menu again: /menu
unknown-message = I did not understand that. Everything is in the menu.
start-not-joined =
    Hello! This is the school's electronic journal bot.
    To sign in, open your invite link: parents and students get it from the class teacher, school staff from the coordinator.

## Help
help-intro = <b>The school journal in your messenger</b>
help-coordinator = <b>Coordinator</b>
    • "👥 Staff": the list, a new staff member, invite links.
    • "🏫 Classes": which students and families have joined; 👪: who has not yet, and links for them.
    • "📊 Journal control": where attendance, topics and marks are missing.
    • "🔁 Substitutions and corrections": a substitute teacher, a lesson cancelled or moved, another room; the students, parents and teachers are told.
    • "📮 Undelivered": messages that did not arrive, and why.
help-deputy = <b>Deputy head</b>
    • "📊 Journal control": where attendance, topics and marks are missing.
    • "🏫 Classes": which students and families have joined; 👪: who has not yet.
    • "🔁 Substitutions and corrections": a substitute teacher, a lesson cancelled or moved, another room; the students, parents and teachers are told.
    • "📰 News and events": a post to the school, a class, its parents or the staff room.
help-teacher = <b>Teacher</b>
    • "📋 Lessons today" (/today): open a lesson for attendance in one tap (mark only who is away), marks, topic and homework.
    • Marks can be typed: "Ivanov 5", "Petrova 4 test"; the bot shows what it will save.
    • "📅 My timetable" (/timetable): lessons by day, with substitutions.
    • "🏁 Final marks": marks for the period, with the average as a hint.
    • "🗓 My meetings": times for meetings with parents: offer them ("15.12 16:00-18:00 15"), who booked, cancel.
help-class_teacher = <b>Class teacher</b>
    • "🧑‍🏫 My class": students and parents, who has joined, invite links (one at a time or as slips).
    • A student's card: the parents, links for them and "✉️ Write to the parents".
    • Parents' absence notes arrive at once, the class's absence summary once a week.
    • "🗓 My meetings": meetings with the class's parents: the times, who booked.
help-parent = <b>Parent</b>
    • "📊 Marks" (/marks): by subject, with the average and a chart.
    • "🚫 Absences" (/absences): absences and lateness.
    • "📚 Homework" (/homework): for the next school day and the week, with files.
    • "📅 Timetable" (/timetable): lessons of the day and the week, with substitutions.
    • "📝 Report an absence": the class teacher is told at once.
    • "✉️ Write to a teacher": the answer comes here.
    • "🗓 Book a teacher": pick a time to meet a teacher; a reminder comes the evening before.
    • "🔔 Notifications" (/notifications): what to send at once, what as a digest.
help-student = <b>Student</b>
    • "📊 Marks" (/marks): by subject, with the average and a chart.
    • "🚫 Absences" (/absences): absences and lateness.
    • "📚 Homework" (/homework): for the next school day and the week, with files.
    • "📅 Timetable" (/timetable): lessons of the day and the week, with substitutions.
    • "✉️ Write to a teacher": the answer comes here.
help-not-joined = To sign in, open the invite link from your class teacher or the coordinator.
help-commands = Commands: /menu — menu, /notifications — notifications, /language — language, /cancel — cancel typing, /help — this help.

## Bot commands
command-menu = Main menu
command-timetable = Today's timetable
command-help = Help
command-language = Language / Язык
command-cancel = Cancel typing

## Errors
error-generic = That did not work. Nothing was changed.
error-unexpected = Something went wrong. Nothing was changed — please try again a little later.
error-access-denied = This action is not available to you.
repeat-press-ignored = Already sent: see above.
error-invalid-input = I could not understand that value.
error-full-name = "{ $value }" does not look like a full name. Write the surname, first name and patronymic separated by spaces.
error-class-label = "{ $value }" does not look like a class. Example: 7А.
error-class-unknown = There is no class { $value } this school year.
error-year-unknown = There is no school year { $value } in the journal (write it as 2026/2027).
error-staff-roles = Tick at least one role.
error-staff-exists = "{ $value }" is already on the staff list.
error-staff-unknown = "{ $value }" is not on the staff list.
error-staff-ambiguous = Several staff members are called "{ $value }" — be more specific.
error-student-unknown = There is no student "{ $value }" in this class.
error-student-ambiguous = Several students in the class are called "{ $value }" — write the full name.
error-timezone = Unknown time zone "{ $value }". Example: Europe/Moscow.
error-school-name = Give the school's name.
error-school-exists = The school "{ $value }" already exists.
error-school-unknown = There is no school "{ $value }".
error-no-school = There are no schools yet. Create one: schoolbot school create --name "…"
error-school-ambiguous = There are several schools — give --school.
error-school-has-no-year = The school has no academic year.
error-consent-required = You cannot join without consenting to the processing of personal data.
error-account-already-staff = This account is already linked to another staff member of the school.
error-twin-not-joined = That messenger is not added yet: first «➕ Add» in «🔔 Notifications».
error-account-already-student = This account is already linked to another student of the school.
error-invite-unknown = Link not found. Check that you copied all of it, or ask for a new one.
error-invite-used = This link has already been used. Ask your class teacher or the coordinator for a new one.
error-invite-expired = This link has expired. Ask your class teacher or the coordinator for a new one.
error-invite-revoked = This link was replaced by a newer one. Ask your class teacher or the coordinator for the current one.
error-invite-too-many-attempts = Too many wrong links. Try again in an hour.
error-invite-busy = Link checks are paused: too many wrong links in the last minute. Try again in a minute.

## Files (handlers/files.py, services/files.py).
btn-files = 📁 Files
files-title = 📁 <b>{ $name }</b>
files-staff-only = 🔒 staff only
files-empty = Nothing here yet.
files-count = { $count ->
        [one] { $count } file
       *[other] { $count } files
    }
btn-files-upload = ⬆ Upload here
btn-files-up = ⬆ Up
files-upload-ask = Send a document or a photo (a caption becomes its name). Cancel with /cancel.
files-saved = ✅ Saved in «{ $folder }»: { $name }
files-cancelled = Upload cancelled.
files-wrong-kind = A document or a photo, please.
error-file-kind = A document or a photo, please.
files-photo-name = Photo { $date }
btn-files-new-folder = ➕ Folder
files-folder-ask = Name the new folder. Cancel with /cancel.
files-folder-who = The folder «{ $name }»: for whom?
btn-files-for-everyone = 👪 For everyone
btn-files-for-staff = 🔒 Staff only
error-folder-name = A folder's name: 1 to { $limit } characters.
error-folder-exists = There is a folder «{ $name }» here already.
word-or = or
