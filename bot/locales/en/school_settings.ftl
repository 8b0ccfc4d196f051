## «⚙️ School settings» (handlers/coordinator/settings.py) and `schoolbot school settings`.

btn-school-settings = ⚙️ School settings
settings-title = ⚙️ <b>School settings</b>
    Choose a section. Changes apply from the next message or job, without a restart.
settings-group-journal = 📒 Journal
settings-group-finals = 🏁 Final marks
settings-group-messages = ✉️ Messages
settings-group-schedule = ⏰ Reminders and summaries
settings-group-weights = ⚖️ Mark kinds and their weights
settings-weights-hint = A mark kind's weight is how many times it counts in the average (0.1 to 10).
setting-line = • { $name }: { $value }
setting-changed = { $value } (default { $default })
setting-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
setting-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
word-and = and
btn-setting-default = ↩️ Back to the default
setting-saved = Saved
setting-saved-value = ✅ Saved: { $name } — { $value }.
setting-ask =
    <b>{ $name }</b>
    { $meaning }

    Now: { $current }
    Default: { $default }

    Type the new value: { $format }
setting-weight-ask =
    <b>Weight: { $name }</b>
    Now: { $current }

    Type the new weight, a number from 0.1 to 10, e.g. 1.5. Averages are counted with the new weight.
setting-weight-saved = ✅ Saved: the weight of «{ $name }» — { $value }.

setting-edit_window_days = Journal correction window
setting-edit_window_days-meaning = For how many days after a lesson the teacher corrects its attendance and marks himself; later only with the deputy's permission.
setting-mark_delay_minutes = Mark message delay
setting-mark_delay_minutes-meaning = After how many minutes the family hears of a mark: one corrected in that time is told once, corrected.
setting-attendance_delay_minutes = Absence message delay
setting-attendance_delay_minutes-meaning = After how many minutes the family hears of an absence: a mistaken one corrected in that time is not told.
setting-threshold_5 = Average for a 5
setting-threshold_5-meaning = From which weighted average the period's final mark is a 5.
setting-threshold_4 = Average for a 4
setting-threshold_4-meaning = From which weighted average the period's final mark is a 4.
setting-threshold_3 = Average for a 3
setting-threshold_3-meaning = From which weighted average the period's final mark is a 3; below it, a 2.
setting-quiet_hours_start = Quiet hours start
setting-quiet_hours_start-meaning = From this time messages to families wait for the morning (unless a person chose his own quiet hours).
setting-quiet_hours_end = Quiet hours end
setting-quiet_hours_end-meaning = At this time in the morning the messages that waited the night go out.
setting-messages_per_hour = Messages an hour in conversations
setting-messages_per_hour-meaning = How many messages an hour one person may write to a teacher or parent through the bot (against floods).
setting-messengers = Invite messengers
setting-messengers-meaning = Which messengers the school's invite links and the slips' codes open in.
setting-nudge_time = Unfinished lessons reminder
setting-nudge_time-meaning = When a teacher is reminded of the day's lessons without attendance or topic.
setting-nudge_again_time = Morning reminder
setting-nudge_again_time-meaning = When in the morning what is still missing from the day before is reminded.
setting-summary_weekday = Absence summary day
setting-summary_weekday-meaning = On which weekday class teachers get the week's absence summary.
setting-summary_time = Absence summary time
setting-summary_time-meaning = At what time on that day the absence summary comes.
setting-finals_reminder_time = Final marks reminder
setting-finals_reminder_time-meaning = When teachers are reminded of final marks not yet given.
setting-event_reminder_time = Event reminder
setting-event_reminder_time-meaning = When on the evening before an event its audience is reminded.

setting-format-days-hint = a number of days from 0 to 366, e.g. 7.
setting-format-minutes-hint = a number of minutes, e.g. 5.
setting-format-count-hint = a number from 1 to 1000, e.g. 10.
setting-format-time-hint = a time, e.g. 17:30.
setting-format-weekday-hint = a weekday, e.g. «friday» or «fri».
setting-format-average-hint = a number, e.g. 4.5.
setting-format-messengers-hint = «Telegram», «MAX» or «Telegram, MAX».
error-setting-format-days = That is not a number of days. Type a number, e.g. 7.
error-setting-format-minutes = That is not a number of minutes. Type a number, e.g. 5.
error-setting-format-count = That is not a number. Type a number, e.g. 10.
error-setting-format-time = That is not a time. Type it like 17:30.
error-setting-format-weekday = That is not a weekday. Type e.g. «friday» or «fri».
error-setting-format-average = That is not a number. Type it like 4.5.
error-setting-format-messengers = Those are not messengers. Type «Telegram», «MAX» or «Telegram, MAX».
error-setting-out-of-range = That value is outside the allowed range. See the hint and type another.
error-setting-thresholds-order = The averages go in order: a 5 needs more than a 4, a 4 more than a 3, and a 3 at least 2.
error-setting-messengers-empty = At least one messenger is needed.
error-setting-unknown = There is no such setting.
error-setting-weight-range = A weight is from 0.1 to 10.
cli-settings-header = Settings of «{ $school }»:
cli-settings-weights = Mark kinds (weight):
cli-settings-changed = Changed: { $name } — { $value }.
cli-settings-bad-pair = --set expects KEY=VALUE, e.g. --set nudge_time=17:30 (got «{ $pair }»)
