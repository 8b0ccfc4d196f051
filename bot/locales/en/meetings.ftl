## Parent–teacher meetings (handlers/meetings.py, handlers/family/meetings.py, services/meetings.py).
btn-meetings = 🗓 My meetings
btn-book-meeting = 🗓 Book a teacher

meeting-place-room = 📍 { $place }
meeting-place-link = 🔗 { $place }
meeting-child = { $student }, { $class }

## Teacher: a day of meetings
meeting-day-title = 🗓 <b>Meetings with parents</b> · { $day }
meeting-day-empty = No meetings on this day.
meeting-offer-line = <b>{ $from }–{ $to }</b> · { $minutes } min each · { $classes }
meeting-slot-booked = { $time } — { $who }
meeting-slot-free = { $time } — <i>free</i>
meeting-slot-cancelled = { $time } — <s>cancelled</s>
meeting-days-ahead = Days with meetings are below, as buttons.
btn-meeting-day = { $day }: { $booked ->
        [one] { $booked } booking
       *[other] { $booked } bookings
    }, { $free } free
btn-meeting-new = ➕ Offer times
btn-meeting-cancel-slot = ✖ Cancel one meeting…
btn-meeting-cancel-offer = ✖ Cancel all { $from }–{ $to }…
meeting-slots-pick = Which meeting on { $day } to cancel? A parent who booked it is told.
btn-meeting-slot-booked = { $time } · { $who }
btn-meeting-slot-free = { $time } · free
meeting-drop-slot-booked = Cancel the meeting on { $day } at { $time }? { $who } — the parent is told.
meeting-drop-slot-free = Remove the free time on { $day } at { $time }? Nobody will be able to book it.
btn-meeting-drop-slot = ✖ Yes, cancel
meeting-drop-offer = Cancel all meetings on { $day }, { $from }–{ $to }? { $booked ->
        [0] Nobody has booked yet.
        [one] { $booked } parent has booked and is told.
       *[other] { $booked } parents have booked and are told.
    }
btn-meeting-drop-offer = ✖ Yes, cancel all
meeting-slot-dropped = ✅ Meeting cancelled.{ $told ->
        [0] {""}
       *[other] {" "}The parent has been told.
    }
meeting-offer-dropped = ✅ Meetings cancelled.{ $told ->
        [0] {""}
        [one] {" "}{ $told } parent has been told.
       *[other] {" "}{ $told } parents have been told.
    }

## Teacher: offering times
meeting-new-title = 🗓 <b>New times for meetings with parents</b>
meeting-new-ask =
    Type the day, the times and one meeting's length, e.g.:
    <code>15.12 16:00-18:00 15</code> — eight meetings of 15 minutes.
    You may add the place too: <code>15.12 16:00-18:00 15 room 105</code>
    Or pick the day:
btn-meeting-tomorrow = Tomorrow
meeting-draft-day = 🗓 { $day }
meeting-draft-when = 🗓 { $day }, { $from }–{ $to }
meeting-draft-length = , { $minutes } min each
meeting-day-off = ⚠ This is a day off — meetings can still be offered.
meeting-day-off-named = ⚠ A day off in the school's calendar: { $name } — meetings can still be offered.
meeting-times-ask = At what time? Type the start and the end, e.g. <code>16:00-18:00</code> (with the length too, if you like: <code>16:00-18:00 15</code>).
meeting-length-ask = How many minutes for one meeting?
btn-meeting-length = { $minutes } min
meeting-place-ask = Where? Type the room (e.g. “room 105”) or a link to an online meeting.
meeting-classes-ask = Parents of which classes may book?
btn-meeting-all-classes = ✅ All my classes
btn-meeting-chosen-classes = ✅ Only { $classes }
meeting-preview-title = <b>Check and publish</b>
meeting-preview = { $count ->
        [one] { $count } meeting
       *[other] { $count } meetings
    } of { $minutes } min: { $times }
meeting-preview-classes = Parents who may book: { $classes }
btn-meeting-publish = ✅ Publish
meeting-published =
    ✅ Published: { $count ->
        [one] { $count } meeting
       *[other] { $count } meetings
    } on { $day }, { $from }–{ $to }.
    Parents ({ $classes }) book them in “🗓 Book a teacher”; you are told of every booking.
meeting-quit = Cancelled — nothing was published.
meeting-quit-too-late = These times are published already — cancel them in “🗓 My meetings”.
meeting-gone = The draft is gone. Start again: “🗓 My meetings” → “➕ Offer times”.

## Parent: booking
book-title = 🗓 <b>Book a teacher</b>
book-mine = Your bookings:
book-mine-line = • { $day }, { $time } — { $teacher } ({ $student })
btn-book-mine = 🗓 { $day }, { $time } · { $teacher }
book-child = Whom is the meeting about?
book-teachers = Which teacher? ({ $student }, { $class })
book-no-teachers = No teacher of { $class } has offered meeting times yet. When one does, they appear here.
book-class-teacher = class teacher
btn-book-teacher = { $name } · { $subjects } · { $free } free
book-days = 🗓 <b>{ $teacher }</b>: pick a day.
btn-book-day = { $day } · { $free } free
book-slots = 🗓 <b>{ $teacher }</b> · { $day }
book-current = You are booked for { $time }; pick another time to move the booking.
book-slots-pick = Pick a time:
book-slots-none = No free time is left on this day.
book-confirm =
    Book this meeting?
    🧑‍🏫 <b>{ $teacher }</b>
    🗓 { $day }, { $from }–{ $to }
    { $place }
    Child: { $student } ({ $class })
book-cancel-until = You can cancel until { $date } inclusive.
book-cancel-never = This booking cannot be cancelled (only until the day before) — if anything changes, write to the teacher.
book-move = You are booked for { $time } now — the booking moves to the new time.
btn-book = ✅ Book
btn-book-move = ✅ Move to { $time }
btn-book-move-here = ✅ Move my booking to this time
btn-book-more = 🗓 Book a teacher
book-done =
    ✅ <b>Meeting booked</b>
    🧑‍🏫 { $teacher }
    🗓 { $day }, { $from }–{ $to }
book-moved =
    ✅ <b>Booking moved</b>
    🧑‍🏫 { $teacher }
    🗓 { $day }, { $from }–{ $to }
book-remind = We will remind you the evening before.
book-details =
    🗓 <b>{ $day }, { $from }–{ $to }</b>
    🧑‍🏫 { $teacher } · { $student }
btn-book-details = 🗓 Details
btn-book-cancel = ✖ Cancel the booking
book-cancel-late = The booking could be cancelled until { $date } inclusive. If you cannot come, write to the teacher (“✉️ Write to a teacher”).
book-cancel-confirm = Cancel the booking ({ $teacher }, { $day }, { $time })? The teacher is told.
btn-book-cancel-confirm = ✖ Yes, cancel it
book-cancelled = Booking cancelled; the teacher is told. The time is free for others again.

## Notices
notice-meeting-booked =
    🗓 <b>Meeting booked</b>: { $day }, { $from }–{ $to }
    { $parent } — { $student }, { $class }
notice-meeting-moved =
    🗓 <b>Booking moved</b>: { $day }, { $from }–{ $to } (was { $before })
    { $parent } — { $student }, { $class }
notice-meeting-booking-cancelled =
    🗓 <b>Booking cancelled</b>: { $day }, { $from }–{ $to }
    { $parent } — { $student }, { $class }. The time is free again.
notice-meeting-cancelled =
    🗓 <b>Meeting cancelled</b>: { $day }, { $from }–{ $to }
    { $teacher } · { $student }
    The teacher cancelled this time — you can book another.
notice-meeting-reminder =
    🗓 <b>Reminder</b>: tomorrow, { $date }, at { $from } — a meeting with the teacher.
    { $teacher } · { $student }
notice-meeting-agenda = 🗓 <b>Tomorrow, { $date }: meetings with parents</b> ({ $count ->
        [one] { $count } booking
       *[other] { $count } bookings
    })
notice-meeting-agenda-line = { $time } — { $who }

## Errors
error-meeting-when = Not understood. Type the day, the times and the length, e.g.: 15.12 16:00-18:00 15
error-meeting-no-day = Type the day too, e.g.: 15.12 16:00-18:00 15
error-meeting-times = Times not understood: type the start and the end, e.g. 16:00-18:00 (the end after the start).
error-meeting-length = One meeting lasts { $low } to { $high } minutes.
error-meeting-window-short = Not even one meeting of { $minutes } min fits in this time.
error-meeting-past = This time has passed — pick a time ahead.
error-meeting-too-far = That is too far ahead: at most { $days } days.
error-meeting-too-many = Too many meetings in a row (more than { $most }). Make them longer or split the time in two.
error-meeting-overlap = You already have meetings { $window } that day — times must not overlap.
error-meeting-place = Type a room or a link (at most { $limit } characters).
error-meeting-no-classes = There are no classes whose parents you could offer meetings to: tick a class (or ask the coordinator to assign you classes).
error-meeting-offer-gone = These meetings are cancelled already.
error-meeting-slot-gone = This time has passed or was cancelled.
error-meeting-slot-started = This meeting has started — it cannot be cancelled.
error-meeting-slot-taken = ⚠ This time was just taken — pick another.
error-meeting-already-booked = You are already booked with this teacher that day — for { $time }. Move the booking to this time?
error-meeting-booking-gone = This booking is cancelled already.
error-meeting-cancel-too-late = Bookings can be cancelled until { $until } inclusive. Now you can only write to the teacher (“✉️ Write to a teacher”).
