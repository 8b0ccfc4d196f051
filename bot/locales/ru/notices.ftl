## Messages pushed by the sender (bot/delivery/notices.py). HTML; names and typed text arrive escaped.

notice-about-student = 👤 <b>{ $student }</b>
notice-about-class = 🏫 <b>{ $class }</b>
notice-mark-created = 🆕 { $subject }: <b>{ $value }</b> — { $kind }, { $date }. { $teacher }
notice-mark-changed = ✏️ { $subject }: оценка за { $date } исправлена { $before } → <b>{ $value }</b> ({ $kind }). { $teacher }
notice-mark-removed = 🗑 { $subject }: оценка { $before } за { $date } удалена. { $teacher }
notice-mark-comment =     💬 { $comment }
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
notice-substitution-of-own = 🔁 Ваш { $number }-й урок, { $class }, { $subject }, { $date }, ведёт { $substitute }.
notice-substitution-cancelled = 🔁 Замена на ваш { $number }-й урок, { $class }, { $subject }, { $date }, отменена: урок ведёте вы.
notice-substitution-withdrawn = ↩️ Замена отменена: { $number }-й урок, { $class }, { $subject }, { $date } ведёт другой учитель.
notice-lesson-unlocked = 🔓 Можно исправить { $number }-й урок, { $class }, { $subject }, { $date } — до { $until }.
notice-reason = Причина: { $reason }
notice-announcement = 📢 <b>Объявление</b> · { $from }
notice-unknown = Новое событие в журнале.
btn-notice-subject = 📊 { $subject }

family-marks-title = 📊 <b>{ $subject }</b> — { $student }
family-marks-period = { $kind ->
    [trimester] { $number }-й триместр
    [half_year] { $number }-е полугодие
    [quarter] { $number }-я четверть
   *[other] { $number }-й период
}
family-marks-none = Оценок за этот период пока нет.
family-marks-line = { $date } — <b>{ $value }</b>, { $kind } (вес { $weight }) · { $teacher }
family-marks-average = Средний балл (взвешенный): <b>{ NUMBER($average, minimumFractionDigits: 2, maximumFractionDigits: 2) }</b> — { $count ->
    [one] { $count } оценка
    [few] { $count } оценки
   *[many] { $count } оценок
}
