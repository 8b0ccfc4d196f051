## «🎓 Новый учебный год» (handlers/coordinator/school_year.py) and `schoolbot year`.

btn-new-school-year = 🎓 Новый учебный год
year-title = 🎓 <b>Новый учебный год { $year }</b>
year-periods = Начнётся { $date }; { $count } { $kind ->
    [trimester] { $count ->
        [one] триместр
        [few] триместра
       *[many] триместров
    }
    [half_year] { $count ->
        [one] полугодие
        [few] полугодия
       *[many] полугодий
    }
    [quarter] { $count ->
        [one] четверть
        [few] четверти
       *[many] четвертей
    }
   *[other] { $count ->
        [one] период
        [few] периода
       *[many] периодов
    }
}: { $periods }.
year-moves = Классы переходят в следующий:
year-class-teacher = , кл. рук. { $name }
year-move = • { $label } → { $next }: { $count ->
    [one] { $count } ученик
    [few] { $count } ученика
   *[many] { $count } учеников
}{ $teacher }
year-move-leaving =   уходят из школы: { $count }
year-graduates = • { $label } — выпуск: { $count ->
    [one] { $count } ученик
    [few] { $count } ученика
   *[many] { $count } учеников
}
year-no-classes = • классов пока нет
year-keeps = Родители и ученики остаются подключены, новые ссылки не нужны. Выпускники 90 дней видят свои оценки. Нагрузку и расписание нового года загрузите заново. Прошлый год остаётся в журнале только для чтения.
year-wait = Начать { $year } можно после окончания уроков, с { $date }.
btn-year-leavers = 🎓 Кто уходит после 9-го
btn-year-start = ✅ Начать { $year }
btn-year-leaving-class = { $label }: уходят { $count }
year-leavers-title = Отметьте в 9-х классах учеников, которые уходят из школы после этого года: в новом году их не будет, а 90 дней они видят свои оценки.
year-leavers-class = Нажмите на ученика, чтобы отметить (🎓 — уходит). Отмечено: { $count }.
year-started = ✅ Учебный год { $year } начат: { $classes ->
    [one] { $classes } класс перешёл
    [few] { $classes } класса перешли
   *[many] { $classes } классов перешли
} ({ $moved ->
    [one] { $moved } ученик
    [few] { $moved } ученика
   *[many] { $moved } учеников
}), выпуск — { $graduated }. Теперь загрузите нагрузку и расписание нового года.
family-past-year = Учебный год { $year }
error-year-not-over = Учебный год { $year } ещё идёт: новый можно начать после окончания уроков, с { $date }.
error-year-already-started = Новый учебный год уже начат: текущий — { $year }.
cli-year-plan-title = Если начать новый учебный год сейчас:
cli-year-dry-run = Это проверка (--dry-run): ничего не изменено.
btn-family-this-year = ◀ Текущий учебный год
error-calendar-range = Проверьте даты: конец не раньше начала и не дальше 120 дней от него.
error-calendar-weekday = День недели — от понедельника до воскресенья.

## «📅 Каникулы и праздники» (handlers/coordinator/calendar.py).
btn-school-calendar = 📅 Каникулы и праздники
calendar-title = 📅 <b>Каникулы и праздники</b>
calendar-hint = В выходные дни уроков нет и напоминаний о них тоже; рабочий день по расписанию другого дня недели идёт по его расписанию. Государственные праздники уже внесены.
calendar-off = • { $when } — { $name }
calendar-unnamed = выходной
calendar-work = • { $when } — рабочий день, расписание: { $weekday }
calendar-nothing = • впереди ничего нет
btn-calendar-off = ➕ Выходные или каникулы
btn-calendar-work = ➕ Рабочий день
btn-calendar-clear = ➖ Вернуть день к расписанию
calendar-ask-off = Напишите дату или даты и название, например: «26.10–03.11 Осенние каникулы» или «04.12 Карантин».
calendar-ask-work = Напишите дату и день недели, чьё расписание в этот день, например: «20.02 пн».
calendar-ask-clear = Напишите дату, которую вернуть к обычному расписанию, например: «04.12».
calendar-added-off = ✅ Выходные: { $when } ({ $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
}).
calendar-added-work = ✅ { $when } — рабочий день, расписание: { $weekday }.
calendar-cleared = ✅ { $when } — снова по обычному расписанию.
calendar-not-there = { $when } и так идёт по обычному расписанию.
error-calendar-format = Не понял дату. Напишите так: «26.10» или «26.10–03.11».
cli-year-leaving = { $name } ({ $label }) уходит из школы после этого года.
cli-year-staying = { $name } ({ $label }) остаётся в школе.
error-year-student-unknown = Ученика «{ $value }» нет в этом 9-м классе (или таких двое: напишите с отчеством).
