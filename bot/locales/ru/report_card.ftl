## Табель успеваемости за период (services/report_cards.py, bot/report_cards.py,
## handlers/family/report_card.py, handlers/report_cards.py, bot/cli_report_cards.py).
report-card-period-short = { $kind ->
    [trimester] { $number } триместр
    [half_year] { $number } полугодие
    [quarter] { $number } четверть
   *[other] учебный год
}
btn-report-card = 📄 Табель за { $period }
btn-report-card-child = 📄 Табель за { $period }: { $name }
report-card-document = Табель успеваемости
report-card-title = ТАБЕЛЬ УСПЕВАЕМОСТИ
report-card-student = Ученик
report-card-class = Класс
report-card-period-line = { $period } { $year } учебного года: { $from } – { $to }
report-card-subject = Предмет
report-card-marks = Оценки
report-card-average = Средний балл
report-card-final = Итоговая
report-card-no-final = —
report-card-number = { NUMBER($average, minimumFractionDigits: 2, maximumFractionDigits: 2) }
report-card-grade-one = В 1 классе оценки не ставятся: в табеле — посещаемость и замечания.
report-card-no-subjects = В расписании класса нет предметов.
report-card-attendance = Посещаемость
report-card-absences = Пропущено: { $absent ->
    [one] { $absent } урок
    [few] { $absent } урока
   *[many] { $absent } уроков
}, из них по уважительной причине: { $excused }
report-card-lateness = { $late ->
    [one] { $late } опоздание
    [few] { $late } опоздания
   *[many] { $late } опозданий
}, из них по уважительной причине: { $excused }
report-card-no-misses = Пропусков и опозданий нет.
report-card-remarks = Замечания классного руководителя
report-card-no-remarks = Замечаний нет.
report-card-made = Дата формирования: { $date }
report-card-filename = Табель { $student } { $period }.pdf
report-card-caption = 📄 Табель успеваемости — { $student }, { $period }
report-card-none = В этом учебном году периоды ещё не начались.

# Класс целиком: из «📥 Выгрузки» классного руководителя и администрации.
btn-report-cards = 📄 Табели успеваемости
report-cards-choose = 📄 <b>Табели успеваемости { $class }</b>
    Один PDF на весь класс, по странице на ученика. За какой период?
report-cards-filename = { $class } Табели { $period }.pdf
report-cards-caption = 📄 Табели { $class } за { $period }: { $count ->
    [one] { $count } ученик
    [few] { $count } ученика
   *[many] { $count } учеников
}
report-cards-empty = В классе { $class } нет учеников — табелей нет.

# Уведомление семье: итоговые выставлены, табель готов.
notice-report-card-ready = 📄 Табель успеваемости за { $period } готов: оценки, итоговые, пропуски и замечания — одним файлом.
