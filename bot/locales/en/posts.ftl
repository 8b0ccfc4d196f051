## News, events and announcements (handlers/posts.py, services/posts.py).
btn-posts = 📰 News and events
posts-title = 📰 <b>School life</b>
posts-hint = News, events and announcements meant for you.
btn-posts-news = 📰 News
btn-posts-events = 📅 Events
btn-posts-announcements = 📢 Announcements
btn-posts-write = ✍ Write
posts-list-news = 📰 <b>News</b>
posts-list-event = 📅 <b>Events</b> — coming up
posts-list-announcement = 📢 <b>Announcements</b> — this month
posts-empty = Nothing yet.
posts-line = { $date } — { $title }

post-heading-news = 📰 <b>News</b>{ $audience } · { $from }
post-heading-event = 📅 <b>Event</b>{ $audience } · { $from }
post-heading-announcement = 📢 <b>Announcement</b>{ $audience } · { $from }
post-when = 🕒 { $when }
post-place = 📍 { $place }
post-for-staff = {" "}(staff room)
post-for-class = {" "}({ $class })
post-for-class-parents = {" "}(parents of { $class })
post-reminder = ⏰ <b>Tomorrow</b>
btn-post-ics = 📅 Add to calendar
post-ics-caption = Open the file to add the event to your phone's calendar.

posts-write-kind = ✍ <b>New post</b>
    What is it?
btn-post-kind-news = 📰 News
btn-post-kind-event = 📅 Event
btn-post-kind-announcement = 📢 Announcement
posts-write-audience = For whom?
btn-audience-school = 🏫 The whole school
btn-audience-staff = 👩‍🏫 Staff room (staff only)
btn-audience-classes = 👪 A class…
btn-audience-class = { $class }: students and parents
btn-audience-class-parents = { $class }: parents only
posts-write-class = Which class?
posts-write-text = Send the text. The first line is the title. Cancel with /cancel.
posts-write-when = When? Send the date and time, e.g. 15.12 18:30. Cancel with /cancel.
posts-write-place = Where? Send the place (e.g. assembly hall) or "-" for none.
posts-preview = <b>What the recipients will see</b> ({ $count ->
        [0] nobody has joined yet
        [one] { $count } recipient
       *[other] { $count } recipients
    }):
btn-post-publish = ✅ Publish
posts-published = ✅ Published. { $count ->
        [0] Nobody it is meant for has joined yet: they will find it here when they do.
        [one] Sent to { $count } person.
       *[other] Sent to { $count } people.
    }
posts-draft-gone = The draft is gone: start the post again.
posts-cancelled = The post is cancelled.
posts-cancel-too-late = This post has already been sent and cannot be cancelled. { $count ->
        [0] Its readers will see it in the section once they join.
        [one] Sent to { $count } reader.
       *[other] Sent to { $count } readers.
    }

error-post-text = The text cannot be empty or longer than { $limit } characters.
error-post-event-time = I could not read the date and time, or they have passed. Write it like 15.12 18:30.
error-post-place = The place: at most { $limit } characters.
error-post-not-event = This is not an event.
