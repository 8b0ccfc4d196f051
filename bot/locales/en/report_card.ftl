## The report card of a period (services/report_cards.py, bot/report_cards.py,
## handlers/family/report_card.py, handlers/report_cards.py, bot/cli_report_cards.py).
report-card-period-short = { $kind ->
    [trimester] trimester { $number }
    [half_year] half-year { $number }
    [quarter] quarter { $number }
   *[other] the school year
}
btn-report-card = 📄 Report card, { $period }
btn-report-card-child = 📄 Report card, { $period }: { $name }
report-card-document = Report card
report-card-title = REPORT CARD
report-card-student = Student
report-card-class = Class
report-card-period-line = { $period }, school year { $year }: { $from } – { $to }
report-card-subject = Subject
report-card-marks = Marks
report-card-average = Average
report-card-final = Final
report-card-no-final = —
report-card-number = { NUMBER($average, minimumFractionDigits: 2, maximumFractionDigits: 2) }
report-card-grade-one = Grade 1 gets no marks: this report card holds attendance and remarks.
report-card-no-subjects = The class's timetable has no subjects.
report-card-attendance = Attendance
report-card-absences = Missed: { $absent ->
    [one] { $absent } lesson
   *[other] { $absent } lessons
}, excused: { $excused }
report-card-lateness = { $late ->
    [one] { $late } time late
   *[other] { $late } times late
}, excused: { $excused }
report-card-no-misses = No absences or lateness.
report-card-remarks = Remarks of the class teacher
report-card-no-remarks = No remarks.
report-card-made = Made on { $date }
report-card-filename = Report card { $student } { $period }.pdf
report-card-caption = 📄 Report card — { $student }, { $period }
report-card-none = No period of this school year has begun yet.

# A whole class: from the class teacher's and the administration's «📥 Exports».
btn-report-cards = 📄 Report cards
report-cards-choose = 📄 <b>Report cards of { $class }</b>
    One PDF for the whole class, a page per student. For which period?
report-cards-filename = { $class } Report cards { $period }.pdf
report-cards-caption = 📄 Report cards of { $class }, { $period }: { $count ->
    [one] { $count } student
   *[other] { $count } students
}
report-cards-empty = Class { $class } has no students: no report cards.

# To the family: the finals are in, the report card is ready.
notice-report-card-ready = 📄 The report card for { $period } is ready: marks, finals, absences and remarks in one file.
