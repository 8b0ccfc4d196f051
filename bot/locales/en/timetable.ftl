room = room { $room }
subgroup = (group { $number })
covering-for = covering for { $teacher }
covered-by = covered by { $teacher }
substitution = substitution
timetable-empty = No lessons.
timetable-pick-child = Whose timetable?
