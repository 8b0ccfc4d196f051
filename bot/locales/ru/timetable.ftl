room = каб. { $room }
subgroup = (гр. { $number })
covering-for = замена за { $teacher }
covered-by = вас заменяет { $teacher }
substitution = замена
timetable-empty = Уроков нет.
timetable-pick-child = Чьё расписание показать?
