## «⚙️ Настройки школы» (handlers/coordinator/settings.py) and `schoolbot school settings`.

btn-school-settings = ⚙️ Настройки школы
settings-title = ⚙️ <b>Настройки школы</b>
    Выберите раздел. Изменения действуют со следующего сообщения или задания, без перезапуска.
settings-group-journal = 📒 Журнал
settings-group-finals = 🏁 Итоговые оценки
settings-group-messages = ✉️ Сообщения
settings-group-schedule = ⏰ Напоминания и сводки
settings-group-weights = ⚖️ Виды оценок и их вес
settings-weights-hint = Вес вида оценки — сколько раз она считается в среднем балле (от 0,1 до 10).
setting-line = • { $name }: { $value }
setting-changed = { $value } (по умолчанию { $default })
setting-days = { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
}
setting-minutes = { $count ->
    [one] { $count } минута
    [few] { $count } минуты
   *[many] { $count } минут
}
word-and = и
btn-setting-default = ↩️ Как по умолчанию
setting-saved = Сохранено
setting-saved-value = ✅ Сохранено: { $name } — { $value }.
setting-ask =
    <b>{ $name }</b>
    { $meaning }

    Сейчас: { $current }
    По умолчанию: { $default }

    Напишите новое значение: { $format }
setting-weight-ask =
    <b>Вес: { $name }</b>
    Сейчас: { $current }

    Напишите новый вес числом от 0,1 до 10, например 1,5. Средние баллы пересчитаются с новым весом.
setting-weight-saved = ✅ Сохранено: вес «{ $name }» — { $value }.

setting-edit_window_days = Окно исправлений в журнале
setting-edit_window_days-meaning = Сколько дней после урока учитель сам исправляет в нём отметки и оценки; позже — только с разрешения завуча.
setting-mark_delay_minutes = Задержка сообщения об оценке
setting-mark_delay_minutes-meaning = Через сколько минут семья узнаёт об оценке: исправленная за это время придёт один раз, уже исправленной.
setting-attendance_delay_minutes = Задержка сообщения о пропуске
setting-attendance_delay_minutes-meaning = Через сколько минут семья узнаёт о пропуске: ошибочное «Н», исправленное за это время, не придёт.
setting-threshold_5 = Средний балл для «5»
setting-threshold_5-meaning = С какого взвешенного среднего балла итоговая оценка за период — «5».
setting-threshold_4 = Средний балл для «4»
setting-threshold_4-meaning = С какого взвешенного среднего балла итоговая оценка за период — «4».
setting-threshold_3 = Средний балл для «3»
setting-threshold_3-meaning = С какого взвешенного среднего балла итоговая оценка за период — «3»; ниже — «2».
setting-quiet_hours_start = Начало тихих часов
setting-quiet_hours_start-meaning = С этого времени сообщения семьям ждут утра (если человек не выбрал свои тихие часы).
setting-quiet_hours_end = Конец тихих часов
setting-quiet_hours_end-meaning = В это время утром уходят сообщения, ждавшие ночь.
setting-messages_per_hour = Сообщений в час в переписке
setting-messages_per_hour-meaning = Сколько сообщений в час один человек может написать учителю или родителю через бота (защита от потока сообщений).
setting-messengers = Мессенджеры приглашений
setting-messengers-meaning = В каких мессенджерах открываются ссылки-приглашения школы и коды на листовках.
setting-nudge_time = Напоминание о незаполненных уроках
setting-nudge_time-meaning = Во сколько учителю напоминают об уроках дня без отметок или темы.
setting-nudge_again_time = Утреннее повторное напоминание
setting-nudge_again_time-meaning = Во сколько утром напоминают о том, что осталось незаполненным со вчерашнего дня.
setting-summary_weekday = День сводки пропусков
setting-summary_weekday-meaning = В какой день недели классные руководители получают сводку пропусков за неделю.
setting-summary_time = Время сводки пропусков
setting-summary_time-meaning = Во сколько в этот день приходит сводка пропусков.
setting-finals_reminder_time = Напоминание об итоговых оценках
setting-finals_reminder_time-meaning = Во сколько учителям напоминают об итоговых оценках, которые ещё не выставлены.
setting-event_reminder_time = Напоминание о событии
setting-event_reminder_time-meaning = Во сколько накануне события его участникам приходит напоминание.

setting-format-days-hint = число дней от 0 до 366, например 7.
setting-format-minutes-hint = число минут, например 5.
setting-format-count-hint = число от 1 до 1000, например 10.
setting-format-time-hint = время, например 17:30.
setting-format-weekday-hint = день недели, например «пятница» или «пт».
setting-format-average-hint = число с запятой, например 4,5.
setting-format-messengers-hint = «Telegram», «MAX» или «Telegram, MAX».
error-setting-format-days = Не понял число дней. Напишите число, например 7.
error-setting-format-minutes = Не понял число минут. Напишите число, например 5.
error-setting-format-count = Не понял число. Напишите число, например 10.
error-setting-format-time = Не понял время. Напишите его так: 17:30.
error-setting-format-weekday = Не понял день недели. Напишите, например, «пятница» или «пт».
error-setting-format-average = Не понял число. Напишите его так: 4,5.
error-setting-format-messengers = Не понял мессенджеры. Напишите «Telegram», «MAX» или «Telegram, MAX».
error-setting-out-of-range = Такое значение не подходит: оно вне допустимых границ. Посмотрите подсказку и напишите другое.
error-setting-thresholds-order = Баллы должны идти по порядку: для «5» выше, чем для «4», для «4» выше, чем для «3», а для «3» — не ниже 2.
error-setting-messengers-empty = Нужен хотя бы один мессенджер.
error-setting-unknown = Такой настройки нет.
error-setting-weight-range = Вес должен быть от 0,1 до 10.
cli-settings-header = Настройки школы «{ $school }»:
cli-settings-weights = Виды оценок (вес):
cli-settings-changed = Изменено: { $name } — { $value }.
cli-settings-bad-pair = --set ждёт КЛЮЧ=ЗНАЧЕНИЕ, например --set nudge_time=17:30 (получено «{ $pair }»)
