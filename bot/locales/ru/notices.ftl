## Messages pushed by the sender (bot/delivery/notices.py). HTML; names and typed text arrive escaped.

notice-about-student = 👤 <b>{ $student }</b>
notice-about-class = 🏫 <b>{ $class }</b>
notice-mark-created = 🆕 { $subject }: <b>{ $value }</b> — { $kind }, { $date }. { $teacher }
notice-mark-changed = ✏️ { $subject }: оценка за { $date } исправлена { $before } → <b>{ $value }</b> ({ $kind }). { $teacher }
notice-mark-removed = 🗑 { $subject }: оценка { $before } за { $date } удалена. { $teacher }
notice-mark-commented = 💬 { $subject }: к оценке <b>{ $value }</b> за { $date } добавлен комментарий. { $teacher }
notice-mark-comment = 💬 { $comment }
notice-absent = 🚫 Пропуск: { $number }-й урок, { $subject }, { $date }
notice-late = ⏰ Опоздание: { $number }-й урок, { $subject }, { $date }
notice-present = ✅ Отметка снята: { $number }-й урок, { $subject }, { $date } — на уроке был(а)
notice-homework-created = 📚 ДЗ по предмету «{ $subject }» на { $due }:
notice-homework-changed = 📚 ДЗ по предмету «{ $subject }» на { $due } изменено:
notice-homework-removed = 📚 ДЗ по предмету «{ $subject }» на { $due } отменено.
notice-homework-files = 📎 { $count ->
    [one] { $count } файл
    [few] { $count } файла
   *[many] { $count } файлов
} — в разделе ДЗ
notice-substitution = 🔁 Замена: вы ведёте { $number }-й урок, { $class }, { $subject }, { $date }.
notice-substitution-of-own = 🔁 Ваш { $number }-й урок ({ $class }, { $subject }, { $date }) ведёт { $substitute }
notice-substitution-cancelled = 🔁 Замена на ваш { $number }-й урок, { $class }, { $subject }, { $date }, отменена: урок ведёте вы.
notice-substitution-withdrawn = ↩️ Замена отменена: { $number }-й урок, { $class }, { $subject }, { $date } ведёт другой учитель.
notice-lesson-unlocked = 🔓 Можно исправить { $number }-й урок, { $class }, { $subject }, { $date } — до { $until }.
notice-reason = Причина: { $reason }
notice-lesson-cancelled = ❌ Урок отменён: { $number }-й урок, { $class }, { $subject }, { $date }.
notice-lesson-moved = ↪️ Урок перенесён: { $number }-й урок, { $class }, { $subject }, { $date } — { $where }.
notice-lesson-room = 🚪 Другой кабинет: { $number }-й урок, { $class }, { $subject }, { $date } — кабинет { $room }.
notice-lesson-restored = ↩️ Урок снова по расписанию: { $number }-й урок, { $class }, { $subject }, { $date }.
# Семье: изменения в расписании класса на день (services/timetable_changes.py)
notice-tt-title = 🔁 Изменение в расписании { $class } на { $day }:
notice-tt-lesson = { $number }-й урок ({ $subject }{ $group })
notice-tt-cancelled = отменён
notice-tt-moved = перенесён { $where }
notice-tt-to-number = на { $number }-й урок
notice-tt-to-number-day = на { $number }-й урок, { $day }
notice-tt-restored = снова по расписанию
notice-tt-room = кабинет { $room }
notice-tt-room-instead = кабинет { $room } вместо { $before }
notice-tt-teacher = ведёт { $teacher } вместо { $before }
notice-tt-changed = изменён
btn-notice-timetable = 📅 Расписание
notice-announcement = 📢 <b>Объявление</b> · { $from }
notice-unknown = Новое событие в журнале.
btn-notice-subject = 📊 { $subject }

family-marks-title = 📊 <b>{ $subject }</b> — { $student }
family-marks-period = { $kind ->
    [trimester] { $number }-й триместр
    [half_year] { $number }-е полугодие
    [quarter] { $number }-я четверть
    [year] Учебный год
   *[other] { $number }-й период
}
family-marks-none = Оценок за этот период пока нет.
family-marks-line = { $date } — <b>{ $value }</b>, { $kind } (вес { $weight }) · { $teacher }
family-marks-average = Средний балл (взвешенный): <b>{ NUMBER($average, minimumFractionDigits: 2, maximumFractionDigits: 2) }</b> — { $count ->
    [one] { $count } оценка
    [few] { $count } оценки
   *[many] { $count } оценок
}

## The notification settings screen (handlers/notifications.py).
btn-notifications = 🔔 Уведомления
notify-title = 🔔 <b>Уведомления</b>
notify-receives = Присылать: { $topics }
notify-nothing = ничего
notify-topic-marks = оценки
notify-topic-absences = пропуски
notify-topic-homework = ДЗ
notify-topic-announcements = объявления
notify-quiet = Тихие часы: { $value }
notify-quiet-off = выключены
notify-quiet-school = { $hours } (как в школе)
notify-break = Пропуски и в тихие часы: { $value }
notify-digest = Сводка раз в день: { $value }
notify-digest-off = нет, всё сразу
notify-yes = да
notify-no = нет
notify-hint = В тихие часы сообщения ждут утра. Со сводкой оценки, пропуски и ДЗ приходят одним сообщением в выбранное время.
btn-notify-quiet = 🌙 Тихие часы: { $value }
btn-notify-break = 🚨 Пропуски ночью: { $value }
btn-notify-digest = 🗞 Сводка: { $value }
command-notifications = Уведомления: что и когда присылать

## The coordinator's failed deliveries (handlers/coordinator/deliveries.py).
btn-deliveries = 📮 Недоставленные
deliveries-title = 📮 <b>Недоставленные сообщения</b>
deliveries-none = Все сообщения доставлены.
deliveries-line = • { $date }, { $time } — { $recipient }: { $kind }, { $attempts ->
    [one] { $attempts } попытка
    [few] { $attempts } попытки
   *[many] { $attempts } попыток
}. { $error }
deliveries-more = …и ещё { $count }.
deliveries-blocked = { $count ->
    [0] Никто не заблокировал бота.
    [one] { $count } человек заблокировал бота: сообщения ждут, пока он снова напишет боту.
    [few] { $count } человека заблокировали бота: сообщения ждут, пока они снова напишут боту.
   *[many] { $count } человек заблокировали бота: сообщения ждут, пока они снова напишут боту.
}
deliveries-kind-mark = оценка
deliveries-kind-attendance = посещаемость
deliveries-kind-homework = ДЗ
deliveries-kind-announcement = объявление
error-announcement-text = Текст объявления — от 1 до { $limit } символов.

## The family's marks overview (handlers/family/overview.py).
btn-family-marks = 📊 Оценки
btn-family-other-child = 👥 Другой ребёнок
command-marks = Оценки ребёнка (или мои)
family-pick-child = Чьи оценки показать?
family-overview-title = 📊 <b>{ $student }</b>, { $class } — { $period }
family-overview-line = <b>{ $subject }</b>: { $marks } — <b>{ NUMBER($average, minimumFractionDigits: 2, maximumFractionDigits: 2) }</b>
family-overview-empty = <b>{ $subject }</b>: оценок пока нет
family-overview-final = {" "}· итог <b>{ $final }</b>
family-overview-no-subjects = В расписании класса пока нет предметов.
family-needed = { $fours ->
    [0] До «{ $target }»: ещё { $fives } { $fives ->
        [one] пятёрка
        [few] пятёрки
       *[many] пятёрок
    }
   *[other] До «{ $target }»: ещё { $fives } { $fives ->
        [one] пятёрка
        [few] пятёрки
       *[many] пятёрок
    } или { $fours } { $fours ->
        [one] четвёрка
        [few] четвёрки
       *[many] четвёрок
    }
}
family-needed-top = Средний балл уже на «5».

## The family's absences (handlers/family/absences.py).
btn-family-absences = 🚫 Пропуски
command-absences = Пропуски и опоздания
family-absences-title = 🚫 <b>Пропуски</b> — { $student }, { $period }
family-absences-none = Пропусков и опозданий нет.
family-absences-totals = { $missed ->
    [one] { $missed } пропуск
    [few] { $missed } пропуска
   *[many] { $missed } пропусков
} (по уважительной причине: { $excused }), { $late ->
    [one] { $late } опоздание
    [few] { $late } опоздания
   *[many] { $late } опозданий
}.
family-absence-absent = { $number }-й урок, { $subject } — пропуск
family-absence-late = { $number }-й урок, { $subject } — опоздание
family-absence-excused = {" "}(уважительная: { $reason })

## The family's homework (handlers/family/homework.py).
btn-family-homework = 📚 ДЗ
command-homework = Домашнее задание на завтра
btn-family-homework-week = 📅 На неделю
btn-family-homework-tomorrow = 📌 На завтра
btn-family-homework-day = 📌 На { $day }
btn-family-homework-files = 📎 { $subject }: { $count ->
    [one] { $count } файл
    [few] { $count } файла
   *[many] { $count } файлов
}
family-homework-tomorrow = 📚 <b>ДЗ на завтра</b> ({ $day }) — { $student }
family-homework-next-day = 📚 <b>ДЗ на ближайший учебный день</b> ({ $day }) — { $student }
family-homework-week = 📚 <b>ДЗ на неделю</b> — { $student }
family-homework-none = Ничего не задано.
family-homework-files = (📎 { $count })
family-homework-cut = …остальное — в ДЗ на завтра по дням.
family-homework-sending = { $count ->
    [0] Файлов нет.
    [one] Отправляю { $count } файл.
    [few] Отправляю { $count } файла.
   *[many] Отправляю { $count } файлов.
}

## Charts (handlers/family/charts.py). Plain text: chart titles and photo captions.
btn-family-chart = 📈 График
family-chart-averages = Средний балл — { $student }, { $period }
family-chart-subject = { $subject } — { $student }
family-chart-empty = Для графика пока нет оценок.
family-overview-latest = … { $marks } (всего { $count })
family-marks-earlier = …и ещё { $count ->
    [one] { $count } более ранняя оценка
    [few] { $count } более ранние оценки
   *[many] { $count } более ранних оценок
}

# «Ознакомлен»: remarks and final marks the family confirms it has read
notice-remark = 📝 <b>Замечание классного руководителя</b> · { $author }
notice-final-set = 🏁 Итоговая оценка · { $subject }, { $period }: <b>{ $value }</b>
notice-final-changed = 🏁 Итоговая оценка исправлена · { $subject }, { $period }: { $before } → <b>{ $value }</b>
btn-acknowledge = ✅ Ознакомлен(а)
ack-done = Спасибо, отмечено: вы ознакомлены.
ack-nothing = Здесь нечего подтверждать.
ack-stamp = ✅ Ознакомлен(а) { $date }

# Напоминание учителю: что не заполнено за день
notice-nudge = ⏰ <b>Не заполнено за { $date }</b>
notice-nudge-last = ⏰ <b>Последнее напоминание: не заполнено за { $date }</b>
notice-nudge-lesson = { $number }-й урок · { $class } · { $subject } — { $missing }
notice-nudge-missing-attendance = посещаемость
notice-nudge-missing-homework = ДЗ
notice-nudge-missing-topic = тема

# Пропуски за неделю — классному руководителю
summary-title = 📋 <b>Пропуски за неделю с { $monday }, { $class }</b>
summary-student = <b>{ $name }</b> — Н { $absent } (уваж. { $excused }), О { $late }
summary-absent = Н
summary-late = О
summary-excused = Н (уваж.)
summary-nobody = За неделю пропусков и опозданий нет.
summary-total = Итого: Н { $absent } (уваж. { $excused }), О { $late }
btn-summary-xlsx = 📄 Таблица XLSX
btn-summary-excuse = ✔ Отметить уважительные

# Итоговые оценки: напоминания учителям и список завучу
notice-finals-period = { $kind ->
    [year] учебный год
   *[other] { family-marks-period }
}
notice-finals-reminder = 🏁 <b>Итоговые за { $period }</b> { $when ->
        [today] выставляются сегодня, { $deadline } — последний день. Ещё не выставлены:
        [past] — срок прошёл { $deadline }. Ещё не выставлены:
       *[ahead] выставляются до { $deadline }. Ещё не выставлены:
    }
notice-finals-missing = 🏁 { $when ->
        [today] <b>Срок итоговых за { $period } — сегодня, { $deadline }.</b> Не выставлены:
        [past] <b>Срок итоговых за { $period } прошёл { $deadline }.</b> Не выставлены:
       *[ahead] <b>Срок итоговых за { $period } — { $deadline }.</b> Пока не выставлены:
    }
notice-finals-line = { $where } — { $count ->
    [one] { $count } ученик
    [few] { $count } ученика
   *[many] { $count } учеников
}

# Контроль ведения журнала — завучу
control-title = 📊 <b>Контроль журнала · { $period } (по { $until })</b>
control-complete = Заполнено полностью: { $complete } из { $total } (учитель · класс · предмет).
control-gap-no-attendance = без посещаемости { $count }
control-gap-no-topic = без темы { $count }
control-gap-no-homework = без ДЗ { $count }
control-gap-no-marks = без оценок { $days } дн.
control-more = …и ещё { $count } — все строки в файле.
btn-control-xlsx = 📄 Таблица XLSX

## Предупреждение о пропуске (handlers/family/absence_note.py, services/absence_notes.py).
btn-absence-note = 📝 Предупредить о пропуске
note-title = 📝 <b>Предупредить о пропуске</b>
note-child = Кто не придёт?
note-days = { $student } не придёт — когда?
btn-note-today = Сегодня
btn-note-tomorrow = Завтра
btn-note-other-days = 📅 Другие даты…
note-days-ask = Напишите дату или даты: «03.12» или «03.12–05.12». Отменить — /cancel.
note-reason = Причина?
note-reason-1 = Болезнь
note-reason-2 = Визит к врачу
note-reason-3 = Семейные обстоятельства
btn-note-reason-other = ✍ Другая…
note-reason-ask = Напишите причину. Отменить — /cancel.
note-preview = <b>Проверьте</b>
    Ученик: { $student } ({ $class })
    Когда: { $dates }
    Причина: { $reason }
btn-note-send = ✅ Отправить классному руководителю
note-sent = ✅ Классный руководитель предупреждён. { $lessons ->
        [0] Уроков в эти дни по расписанию нет.
        [one] { $lessons } урок отмечен как пропуск по уважительной причине.
        [few] { $lessons } урока отмечены как пропуск по уважительной причине.
       *[many] { $lessons } уроков отмечены как пропуск по уважительной причине.
    }
note-sent-no-teacher = Классный руководитель ещё не подключён к боту: он увидит отметки в журнале.
note-gone = Предупреждение не найдено: начните заново.
note-cancelled = Отменено.
note-cancel-too-late = Предупреждение уже отправлено классному руководителю — отменять нечего.
notice-absence-note = 📝 <b>Предупреждение о пропуске</b>: { $student } ({ $class }), { $dates }.
    Причина: { $reason }. От: { $parent }
error-absence-note-dates = Не понял даты или они уже прошли (не больше 30 дней подряд). Напишите так: 03.12 или 03.12–05.12.
error-absence-note-day-off = В эти дни у класса нет уроков (выходные). Напишите учебные дни.
error-absence-note-reversed = Последний день раньше первого. Напишите сначала первый день, потом последний: 07.12–10.12.
error-absence-note-too-long = Не больше { $days } { $days ->
        [one] дня
       *[other] дней
    } подряд: о более долгом отсутствии сообщите классному руководителю.
error-absence-note-too-far = Предупредить можно не больше чем за { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    } до пропуска.
error-absence-note-reason = Причина — от 1 до { $limit } символов.

## Переписка с учителями (handlers/threads.py, services/threads.py).
btn-write-teacher = ✉️ Написать учителю
btn-write-parents = ✉️ Написать родителям
thread-child = Чьему учителю пишем — о ком?
thread-contacts = Кому написать? Он увидит сообщение в мессенджере, но не ваш аккаунт; ответ придёт сюда.
thread-contact-class-teacher = { $name } — классный руководитель
thread-contact-teacher = { $name } — { $subjects }
thread-contact-administration = { $name } — администрация
thread-ask = Кому: { $to }
    Напишите сообщение. Отменить — /cancel.
thread-ask-family = Напишите сообщение родителям: { $student }. Отменить — /cancel.
thread-ask-reply = Напишите ответ. Отменить — /cancel.
thread-sent = ✅ Сообщение отправлено.
    Получатель: { $to }
thread-kept = Сообщение сохранено, но пока не доставлено: получатель не подключён к боту или отключил уведомления по этой переписке.
    Получатель: { $to }
thread-sent-family = ✅ Отправлено родителям: { $count }.
thread-no-parents = Родители этого ученика ещё не подключены к боту.
thread-muted = Эта переписка больше не будет приходить вам. Сообщения сохраняются.
thread-unmuted = Переписка снова приходит вам.
thread-cancelled = Отменено.
btn-thread-reply = ↩ Ответить
btn-thread-mute = 🔕 Не присылать эту переписку
notice-thread-to-staff = ✉️ <b>Сообщение</b> от { $from } · { $student } ({ $class })
notice-thread-to-family = ✉️ <b>Сообщение</b> от { $staff } · { $student }
error-thread-text = Сообщение — от 1 до { $limit } символов.
error-thread-limit = Слишком много сообщений: не больше { $limit } в час. Попробуйте позже.
cli-thread-family = семья
thread-class = ✉️ Родителям кого из { $class }?

## A person in both messengers (handlers/messengers.py), a part of the notification settings screen.
messengers-one = 📱 Журнал у вас в { $here }. Можно подключить и { $other }: те же дети и настройки, сообщения — в одном из них.
messengers-both = 📱 Журнал у вас в { $first } и { $second }. Сообщения приходят: { $choice } (сейчас — в { $now }).
messengers-last = туда, где вы писали последним
btn-messengers-join = ➕ Подключить { $messenger }
btn-messengers-choice = 📱 Куда писать: { $value }
btn-messengers-leave = ✖️ Отключить { $messenger }
messengers-link =
    Откройте эту ссылку в { $messenger } — журнал появится там с теми же детьми и настройками:

    { $link }

    Ссылка одноразовая и действует { $hours ->
        [one] { $hours } час
        [few] { $hours } часа
       *[many] { $hours } часов
    }. Не пересылайте её никому: по ней открывается ваш журнал.
messengers-joined = ✅ { $messenger } подключён: здесь тот же журнал. Сообщения приходят туда, где вы писали последним; выбрать — в «🔔 Уведомления».
messengers-already = { $messenger } уже подключён к вашему журналу.
messengers-left-here = { $messenger } остаётся, а здесь журнал отключён. Подключить снова можно из «🔔 Уведомления» в { $messenger }.
messengers-error-expired = Ссылка устарела или уже использована. Возьмите новую там, где журнал уже открыт: «🔔 Уведомления» → «➕ Подключить { $messenger }».
messengers-error-wrong-messenger = Эту ссылку нужно открыть в { $messenger }.
messengers-error-has-roles = Этот аккаунт сам подключён к журналу по приглашению, поэтому второй раз его присоединить нельзя. Откройте ссылку в другом аккаунте { $messenger }.

btn-note-withdraw = ↩️ Отозвать: { $dates }
note-withdraw-confirm = ↩️ Отозвать предупреждение?
    Ученик: { $student }
    Когда: { $dates }
    Причина: { $reason }
    Отметки о пропуске на эти дни снимутся, классный руководитель узнает.
btn-note-withdraw-confirm = ↩️ Да, отозвать
note-withdrawn = ↩️ Предупреждение на { $dates } отозвано: отметки сняты, классный руководитель предупреждён.
notice-absence-note-withdrawn = ↩️ <b>Предупреждение о пропуске отозвано</b>: { $student } ({ $class }), { $dates } — ребёнок придёт. От: { $parent }
error-absence-note-withdrawn = Это предупреждение уже отозвано.
error-absence-note-started = Первый день пропуска уже начался — отозвать нельзя. Напишите классному руководителю.
