## Messages pushed by the sender (bot/delivery/notices.py). HTML; names and typed text arrive escaped.

notice-about-student = 👤 <b>{ $student }</b>
notice-about-class = 🏫 <b>{ $class }</b>
notice-mark-created = 🆕 { $subject }: <b>{ $value }</b> — { $kind }, { $date }. { $teacher }
notice-mark-changed = ✏️ { $subject }: the mark of { $date } was changed { $before } → <b>{ $value }</b> ({ $kind }). { $teacher }
notice-mark-removed = 🗑 { $subject }: the mark { $before } of { $date } was removed. { $teacher }
notice-mark-commented = 💬 { $subject }: a comment on the mark <b>{ $value }</b> of { $date }. { $teacher }
notice-mark-comment = 💬 { $comment }
notice-absent = 🚫 Absent: lesson { $number }, { $subject }, { $date }
notice-late = ⏰ Late: lesson { $number }, { $subject }, { $date }
notice-present = ✅ Mark withdrawn: lesson { $number }, { $subject }, { $date } — was present
notice-homework-created = 📚 Homework in { $subject } for { $due }:
notice-homework-changed = 📚 Homework in { $subject } for { $due } was changed:
notice-homework-removed = 📚 Homework in { $subject } for { $due } was cancelled.
notice-homework-files = 📎 { $count ->
    [one] { $count } file
   *[other] { $count } files
} — in the homework section
notice-substitution = 🔁 Substitution: you teach lesson { $number }, { $class }, { $subject }, { $date }.
notice-substitution-of-own = 🔁 Your lesson { $number } ({ $class }, { $subject }, { $date }) is taught by { $substitute }
notice-substitution-cancelled = 🔁 The substitution for your lesson { $number }, { $class }, { $subject }, { $date } is cancelled: you teach it.
notice-substitution-withdrawn = ↩️ Substitution withdrawn: lesson { $number }, { $class }, { $subject }, { $date } is taught by another teacher.
notice-lesson-unlocked = 🔓 You may correct lesson { $number }, { $class }, { $subject }, { $date } until { $until }.
notice-reason = Reason: { $reason }
notice-lesson-cancelled = ❌ Lesson cancelled: lesson { $number }, { $class }, { $subject }, { $date }.
notice-lesson-moved = ↪️ Lesson moved: lesson { $number }, { $class }, { $subject }, { $date } — { $where }.
notice-lesson-room = 🚪 Another room: lesson { $number }, { $class }, { $subject }, { $date } — room { $room }.
notice-lesson-restored = ↩️ Back as scheduled: lesson { $number }, { $class }, { $subject }, { $date }.
# To the family: a class's timetable of a day changed (services/timetable_changes.py)
notice-tt-title = 🔁 Timetable change for { $class } on { $day }:
notice-tt-lesson = Lesson { $number } — { $subject }{ $group }
notice-tt-cancelled = cancelled
notice-tt-moved = moved { $where }
notice-tt-to-number = to lesson { $number }
notice-tt-to-number-day = to lesson { $number }, { $day }
notice-tt-restored = back as scheduled
notice-tt-room = room { $room }
notice-tt-room-instead = room { $room } instead of { $before }
notice-tt-teacher = taught by { $teacher } instead of { $before }
notice-tt-changed = changed
btn-notice-timetable = 📅 Timetable
notice-announcement = 📢 <b>Announcement</b> · { $from }
notice-unknown = Something new in the journal.
btn-notice-subject = 📊 { $subject }

family-marks-title = 📊 <b>{ $subject }</b> — { $student }
family-marks-period = { $kind ->
    [trimester] Trimester { $number }
    [half_year] Half-year { $number }
    [quarter] Quarter { $number }
    [year] School year
   *[other] Period { $number }
}
family-marks-none = No marks in this period yet.
family-marks-line = { $date } — <b>{ $value }</b>, { $kind } (weight { $weight }) · { $teacher }
family-marks-average = Weighted average: <b>{ NUMBER($average, minimumFractionDigits: 2, maximumFractionDigits: 2) }</b> — { $count ->
    [one] { $count } mark
   *[other] { $count } marks
}

## The notification settings screen (handlers/notifications.py).
btn-notifications = 🔔 Notifications
notify-title = 🔔 <b>Notifications</b>
notify-receives = Send me: { $topics }
notify-nothing = nothing
notify-topic-marks = marks
notify-topic-absences = absences
notify-topic-homework = homework
notify-topic-announcements = announcements
notify-quiet = Quiet hours: { $value }
notify-quiet-off = off
notify-quiet-school = { $hours } (the school's)
notify-break = Absences during quiet hours too: { $value }
notify-digest = Daily digest: { $value }
notify-digest-off = no, everything at once
notify-yes = yes
notify-no = no
notify-hint = During quiet hours messages wait for the morning. With a digest, marks, absences and homework come as one message at the chosen time.
btn-notify-quiet = 🌙 Quiet hours: { $value }
btn-notify-break = 🚨 Absences at night: { $value }
btn-notify-digest = 🗞 Digest: { $value }
command-notifications = Notifications: what and when

## The coordinator's failed deliveries (handlers/coordinator/deliveries.py).
btn-deliveries = 📮 Undelivered
deliveries-title = 📮 <b>Undelivered messages</b>
deliveries-none = Every message was delivered.
deliveries-line = • { $date }, { $time } — { $recipient }: { $kind }, { $attempts ->
    [one] { $attempts } attempt
   *[other] { $attempts } attempts
}. { $error }
deliveries-more = …and { $count } more.
deliveries-blocked = { $count ->
    [0] Nobody has blocked the bot.
    [one] { $count } person blocked the bot: messages wait until they write to it again.
   *[other] { $count } people blocked the bot: messages wait until they write to it again.
}
deliveries-kind-mark = mark
deliveries-kind-attendance = attendance
deliveries-kind-homework = homework
deliveries-kind-announcement = announcement
error-announcement-text = The announcement must be 1 to { $limit } characters long.

## The family's marks overview (handlers/family/overview.py).
btn-family-marks = 📊 Marks
btn-family-other-child = 👥 Another child
command-marks = The child's marks (or mine)
family-pick-child = Whose marks?
family-overview-title = 📊 <b>{ $student }</b>, { $class } — { $period }
family-overview-line = <b>{ $subject }</b>: { $marks } — <b>{ NUMBER($average, minimumFractionDigits: 2, maximumFractionDigits: 2) }</b>
family-overview-empty = <b>{ $subject }</b>: no marks yet
family-overview-final = {" "}· final <b>{ $final }</b>
family-overview-no-subjects = The class's timetable has no subjects yet.
family-needed = { $fours ->
    [0] To reach { $target }: { $fives } more { $fives ->
        [one] five
       *[other] fives
    }
   *[other] To reach { $target }: { $fives } more { $fives ->
        [one] five
       *[other] fives
    } or { $fours } { $fours ->
        [one] four
       *[other] fours
    }
}
family-needed-top = The average is already a 5.

## The family's absences (handlers/family/absences.py).
btn-family-absences = 🚫 Absences
command-absences = Absences and lateness
family-absences-title = 🚫 <b>Absences</b> — { $student }, { $period }
family-absences-none = No absences or lateness.
family-absences-totals = { $missed ->
    [one] { $missed } absence
   *[other] { $missed } absences
} (excused: { $excused }), { $late ->
    [one] { $late } late arrival
   *[other] { $late } late arrivals
}.
family-absence-absent = lesson { $number }, { $subject } — absent
family-absence-late = lesson { $number }, { $subject } — late
family-absence-excused = {" "}(excused: { $reason })

## The family's homework (handlers/family/homework.py).
btn-family-homework = 📚 Homework
command-homework = Homework for tomorrow
btn-family-homework-week = 📅 The week
btn-family-homework-tomorrow = 📌 Tomorrow
btn-family-homework-day = 📌 For { $day }
btn-family-homework-files = 📎 { $subject }: { $count ->
    [one] { $count } file
   *[other] { $count } files
}
family-homework-tomorrow = 📚 <b>Homework for tomorrow</b> ({ $day }) — { $student }
family-homework-next-day = 📚 <b>Homework for the next school day</b> ({ $day }) — { $student }
family-homework-week = 📚 <b>Homework for the week</b> — { $student }
family-homework-none = Nothing set.
family-homework-files = (📎 { $count })
family-homework-cut = …the rest: see each day's homework.
family-homework-sending = { $count ->
    [0] No files.
    [one] Sending { $count } file.
   *[other] Sending { $count } files.
}

## Charts (handlers/family/charts.py). Plain text: chart titles and photo captions.
btn-family-chart = 📈 Chart
family-chart-averages = Average marks — { $student }, { $period }
family-chart-subject = { $subject } — { $student }
family-chart-empty = No marks to draw yet.
family-overview-latest = … { $marks } ({ $count } in all)
family-marks-earlier = …and { $count } earlier { $count ->
    [one] mark
   *[other] marks
}

# Acknowledgement: remarks and final marks the family confirms it has read
notice-remark = 📝 <b>Remark from the class teacher</b> · { $author }
notice-final-set = 🏁 Final mark · { $subject }, { $period }: <b>{ $value }</b>
notice-final-changed = 🏁 Final mark corrected · { $subject }, { $period }: { $before } → <b>{ $value }</b>
btn-acknowledge = ✅ I have read it
ack-done = Thank you: marked as read.
ack-nothing = There is nothing to confirm here.
ack-stamp = ✅ Read { $date }

# Teacher nudge: what is missing for the day
notice-nudge = ⏰ <b>Not filled in for { $date }</b>
notice-nudge-last = ⏰ <b>Last reminder: not filled in for { $date }</b>
notice-nudge-lesson = Lesson { $number } · { $class } · { $subject } — { $missing }
notice-nudge-missing-attendance = attendance
notice-nudge-missing-homework = homework
notice-nudge-missing-topic = topic

# The week's absences, for the class teacher
summary-title = 📋 <b>Absences of the week from { $monday }, { $class }</b>
summary-student = <b>{ $name }</b> — absent { $absent } (excused { $excused }), late { $late }
summary-absent = absent
summary-late = late
summary-excused = absent (excused)
summary-nobody = No absences or lateness this week.
summary-total = Total: absent { $absent } (excused { $excused }), late { $late }
btn-summary-xlsx = 📄 XLSX table
btn-summary-excuse = ✔ Mark excused

# Final marks: reminders to teachers and the list for deputies
notice-finals-period = { $kind ->
    [year] the school year
   *[other] { family-marks-period }
}
notice-finals-reminder = 🏁 <b>Final marks for { $period }</b> { $when ->
        [today] are due today, { $deadline }, the last day. Still missing:
        [past] were due on { $deadline }. Still missing:
       *[ahead] are due by { $deadline }. Still missing:
    }
notice-finals-missing = 🏁 { $when ->
        [today] <b>Final marks for { $period } are due today, { $deadline }.</b> Missing:
        [past] <b>Final marks for { $period } were due on { $deadline }.</b> Missing:
       *[ahead] <b>Final marks for { $period } are due on { $deadline }.</b> Still missing:
    }
notice-finals-line = { $where } — { $count ->
    [one] { $count } student
   *[other] { $count } students
}

# Journal control report, for deputies
control-title = 📊 <b>Journal control · { $period } (up to { $until })</b>
control-complete = Complete: { $complete } of { $total } (teacher · class · subject).
control-gap-no-attendance = no attendance { $count }
control-gap-no-topic = no topic { $count }
control-gap-no-homework = no homework { $count }
control-gap-no-marks = no marks for { $days } days
control-more = …and { $count } more: every line is in the file.
btn-control-xlsx = 📄 XLSX table

## Absence notes (handlers/family/absence_note.py, services/absence_notes.py).
btn-absence-note = 📝 Report an absence
note-title = 📝 <b>Report an absence</b>
note-child = Who will be away?
note-days = { $student } will be away — when?
btn-note-today = Today
btn-note-tomorrow = Tomorrow
btn-note-other-days = 📅 Other dates…
note-days-ask = Send a date or dates: "03.12" or "03.12–05.12". Cancel with /cancel.
note-reason = The reason?
note-reason-1 = Illness
note-reason-2 = Doctor's appointment
note-reason-3 = Family matters
btn-note-reason-other = ✍ Other…
note-reason-ask = Send the reason. Cancel with /cancel.
note-preview = <b>Please check</b>
    Student: { $student } ({ $class })
    When: { $dates }
    Reason: { $reason }
btn-note-send = ✅ Send to the class teacher
note-sent = ✅ The class teacher is told. { $lessons ->
        [0] There are no lessons on those days.
        [one] { $lessons } lesson is marked as an excused absence.
       *[other] { $lessons } lessons are marked as excused absences.
    }
note-sent-no-teacher = The class teacher has not joined the bot yet: he will see the marks in the journal.
note-gone = The note is gone: start again.
note-cancelled = Cancelled.
note-cancel-too-late = The note has already been sent to the class teacher: there is nothing to cancel.
notice-absence-note = 📝 <b>Absence note</b>: { $student } ({ $class }), { $dates }.
    Reason: { $reason }. From: { $parent }
error-absence-note-dates = I could not read the dates, or they have passed (30 days at most). Write 03.12 or 03.12–05.12.
error-absence-note-day-off = The class has no lessons on those days (a weekend). Write school days.
error-absence-note-reversed = The last day is before the first. Write the first day, then the last: 07.12–10.12.
error-absence-note-too-long = At most { $days } days in a row: tell the class teacher about a longer absence.
error-absence-note-too-far = A note can be sent at most { $days } days ahead.
error-absence-note-reason = The reason: 1 to { $limit } characters.

## Messages with teachers (handlers/threads.py, services/threads.py).
btn-write-teacher = ✉️ Write to a teacher
btn-write-parents = ✉️ Write to the parents
thread-child = About which child?
thread-contacts = To whom? They see the message in their messenger, but not your account; the answer comes here.
thread-contact-class-teacher = { $name } — class teacher
thread-contact-teacher = { $name } — { $subjects }
thread-contact-administration = { $name } — administration
thread-ask = To: { $to }
    Write your message. To cancel: /cancel.
thread-ask-family = Send your message to the parents of { $student }. Cancel with /cancel.
thread-ask-reply = Send your answer. Cancel with /cancel.
thread-sent = ✅ Message sent.
    To: { $to }
thread-kept = The message is kept but not delivered yet: the recipient has not joined the bot or muted this conversation.
    To: { $to }
thread-sent-family = ✅ Sent to the parents: { $count }.
thread-no-parents = This student's parents have not joined the bot yet.
thread-muted = This conversation will not come to you any more. Its messages are kept.
thread-unmuted = The conversation comes to you again.
thread-cancelled = Cancelled.
btn-thread-reply = ↩ Reply
btn-thread-mute = 🔕 Mute this conversation
notice-thread-to-staff = ✉️ <b>Message</b> from { $from } · { $student } ({ $class })
notice-thread-to-family = ✉️ <b>Message</b> from { $staff } · { $student }
error-thread-text = A message: 1 to { $limit } characters.
error-thread-limit = Too many messages: at most { $limit } an hour. Try again later.
cli-thread-family = family
thread-class = ✉️ The parents of whom in { $class }?

## A person in both messengers (handlers/messengers.py), a part of the notification settings screen.
messengers-one = 📱 You have the journal in { $here }. You can add { $other } too: the same children and settings, messages in one of them.
messengers-both = 📱 You have the journal in { $first } and { $second }. Messages go: { $choice } (now to { $now }).
messengers-last = where you wrote last
btn-messengers-join = ➕ Add { $messenger }
btn-messengers-choice = 📱 Write to: { $value }
btn-messengers-leave = ✖️ Remove { $messenger }
messengers-link =
    Open this link in { $messenger } and the journal appears there with the same children and settings:

    { $link }

    The link works once and for { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }. Do not forward it: it opens your journal.
messengers-joined = ✅ { $messenger } added: the same journal is here. Messages go where you wrote last; choose in «🔔 Notifications».
messengers-already = { $messenger } is already added to your journal.
messengers-left-here = { $messenger } stays; the journal is removed here. You can add it again from «🔔 Notifications» in { $messenger }.
messengers-error-expired = The link has expired or was used. Get a new one where the journal is open: «🔔 Notifications» → «➕ Add { $messenger }».
messengers-error-wrong-messenger = Open this link in { $messenger }.
messengers-error-has-roles = This account joined the journal by an invitation itself, so it cannot be added to another one. Open the link in another { $messenger } account.

btn-note-withdraw = ↩️ Take back: { $dates }
note-withdraw-confirm = ↩️ Take the note back?
    Student: { $student }
    When: { $dates }
    Reason: { $reason }
    The absence marks of those days are removed and the class teacher is told.
btn-note-withdraw-confirm = ↩️ Yes, take it back
note-withdrawn = ↩️ The note for { $dates } is taken back: the marks are removed and the class teacher is told.
notice-absence-note-withdrawn = ↩️ <b>Absence note taken back</b>: { $student } ({ $class }), { $dates }: the child will come. From: { $parent }
error-absence-note-withdrawn = This note has already been taken back.
error-absence-note-started = The first day of the absence has started: it cannot be taken back. Write to the class teacher.
