## Questions on posts and correcting what was sent (services/questions.py, services/post_corrections.py).

question-ask = Answer with a button below.
question-ask-children = Answer for each child with the buttons below.
question-ask-parents = Parents answer this question.
question-until = Answers until { $when }.
question-ack = I have read it
question-yes = Yes
question-no = No
question-reminder = 🔔 <b>Reminder: we are waiting for your answer</b>
question-answered = Answer saved: { $answer }
question-answered-child = { $child }: answer saved — { $answer }

btn-question-add = ❓ Add a question
btn-question-drop = ✖️ Remove the question
question-pick-kind = ❓ <b>Which question?</b>
    Recipients answer with one tap and may change it until the deadline.
btn-question-kind-ack = 👌 "I have read it"
btn-question-kind-yes_no = ✅ Yes or no
btn-question-kind-choice = 🔢 One of several options
question-type-options = Type the options, one per line ({ $low } to { $high }, each at most { $limit } characters). Cancel: /cancel.
question-pick-who = Who answers?
btn-question-per-child = 👶 Parents, for each child
btn-question-per-person = 🙋 Every recipient
question-type-deadline = Until when are answers taken? Type a date and time, e.g. 10.12 20:00, or press "No deadline".
btn-question-no-deadline = ♾ No deadline
question-in-preview = ❓ <b>Question:</b> { $kind }{ $options }{ $who }{ $until }
question-kind-ack = "I have read it"
question-kind-yes_no = yes or no
question-kind-choice = one of several options
question-preview-per-child = {" "}· for each child
question-preview-until = {" "}· until { $when }

btn-question-results = 📊 Answers
question-results-title = 📊 <b>Answers</b> to "{ $title }"
question-results-total = Answered: { $answered } of { $asked }{ $until }
question-results-option = { $option }: { $count }
question-results-class = { $class }: { $answered } of { $asked }
question-results-staff = Staff room: { $answered } of { $asked }
question-results-until = {" "}· answers until { $when }
question-results-closed = {" "}· answers closed
question-results-hint = Press a class to see who has not answered yet.
question-results-nobody = Nobody to ask yet: none of the recipients has joined the bot.
question-waiting-title = ⏳ <b>{ $class }: not answered</b> ({ $count })
question-waiting-staff = Staff room
question-waiting-none = Everybody has answered. 🎉
question-waiting-not-joined = {" "}(parents not in the bot)
question-waiting-more = …and { $count } more: the full list is in the file.
btn-question-remind = 🔔 Remind those who have not answered
btn-question-file = 📥 Answers as Excel
question-reminded = 🔔 Reminder sent: { $count ->
        [0] everybody has answered, nobody to remind.
        [one] to { $count } recipient.
       *[other] to { $count } recipients.
    }
question-file-caption = 📥 Answers to "{ $title }"
question-file-headers = Class|Who|Answer|Answered by|When

error-question-options = { $low } to { $high } options are needed, one per line, each at most { $limit } characters.
error-question-deadline = The deadline must be later than now. Type it like this: 10.12 20:00.
error-question-per-child = Only parents answer for a child: not possible in the staff room.
error-question-closed = Answers are closed.
error-question-reminded-today = A reminder has already been sent today. The next one tomorrow.

btn-post-edit = ✏️ Correct
btn-post-withdraw = 🗑 Withdraw
post-edit-prompt = ✏️ Type the corrected text in full. The first line is the title. Cancel: /cancel.
post-edit-preview = <b>This is how it will read.</b> Messages delivered less than 48 hours ago are corrected in place; the others get a short correction.
btn-post-save = ✅ Correct
post-edit-done = ✅ Corrected. { $summary }
post-withdraw-confirm = 🗑 Withdraw "{ $title }"? It leaves the sections, recipients see their message struck out (or get a short note). It stays in the administration's archive.
btn-post-withdraw-confirm = 🗑 Yes, withdraw
post-withdraw-done = 🗑 Withdrawn. { $summary }
post-correction-summary = { $in_place ->
        [0] {""}
        [one] { $in_place } message corrected in place.
       *[other] { $in_place } messages corrected in place.
    } { $notes ->
        [0] {""}
        [one] { $notes } recipient gets a short correction.
       *[other] { $notes } recipients get a short correction.
    } { $waiting ->
        [0] {""}
       *[other] Those not delivered yet ({ $waiting }) go out corrected.
    }
post-edited-in-place = ✏️ <i>Corrected</i>
post-edited-note-news = ✏️ <b>Correction</b> to the news item of { $date }:
post-edited-note-event = ✏️ <b>Correction</b> to the event of { $date }:
post-edited-note-announcement = ✏️ <b>Correction</b> to the announcement of { $date }:
post-withdrawn-in-place = 🗑 <b>Withdrawn</b>
post-withdrawn-note-news = 🗑 The news item of { $date } "{ $title }" was withdrawn: please disregard it.
post-withdrawn-note-event = 🗑 The event of { $date } "{ $title }" is cancelled: please disregard it.
post-withdrawn-note-announcement = 🗑 The announcement of { $date } "{ $title }" was withdrawn: please disregard it.
post-edited-mark = ✏️ corrected { $when }
btn-posts-archive = 🗄 Withdrawn posts
posts-archive-title = 🗄 <b>Withdrawn posts</b>
posts-archive-line = { $date } — { $title } (withdrawn { $withdrawn })
posts-archive-empty = No withdrawn posts.
error-post-withdrawn = This post has already been withdrawn.
error-post-unchanged = The text has not changed: nothing to correct.

btn-file-rename = ✏️ Name
btn-file-move = 📂 Move
btn-file-remove = 🗑 Remove
btn-folder-rename = ✏️ Folder name
btn-folder-move = 📂 Move
btn-folder-remove = 🗑 Remove
btn-files-archive = 🗄 Removed
files-rename-ask = ✏️ Type the new name. Cancel: /cancel.
files-renamed = ✅ Now called "{ $name }".
files-move-pick = 📂 Move it where?
files-move-nowhere = Nowhere to move it: no other folder you may write to.
files-moved = ✅ Moved to "{ $path }".
files-remove-file-confirm = 🗑 Remove this file? It leaves the folder; the administration can bring it back from the archive.
files-remove-folder-confirm = 🗑 Remove the folder with everything in it? The administration can bring it back from the archive.
btn-files-remove-confirm = 🗑 Yes, remove
files-removed-file = 🗑 The file "{ $name }" is removed (kept in the administration's archive).
files-removed-folder = 🗑 The folder "{ $name }" is removed with everything in it (kept in the administration's archive).
files-archive-title = 🗄 <b>Removed files and folders</b>
files-archive-empty = Nothing removed.
files-archive-hint = A file: press to open and restore it; a folder: press to restore it.
btn-files-restore = ♻️ Restore
files-restored-file = ♻️ The file "{ $name }" is back in place.
files-restored-folder = ♻️ The folder "{ $name }" is back in place.
error-file-name = A file's name is 1 to { $limit } characters.
error-file-place-gone = The folder it was in is gone: restore that first.

post-withdraw-summary = { $in_place ->
        [0] {""}
        [one] { $in_place } message struck out in place.
       *[other] { $in_place } messages struck out in place.
    } { $notes ->
        [0] {""}
        [one] { $notes } recipient gets a short note.
       *[other] { $notes } recipients get a short note.
    } { $waiting ->
        [0] {""}
       *[other] Those not delivered yet ({ $waiting }) will not go.
    }
