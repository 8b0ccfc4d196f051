## Загрузка списков учеников и расписания из файлов (Excel, CSV): services/roster_import.py,
## services/timetable_import.py. Ошибка в строке выводится как «Строка 7: <текст>», поэтому тексты
## ошибок начинаются со строчной буквы.

import-row = Строка { $row }: { $text }
import-rejected = Файл не загружен: { $count } { $count ->
        [one] ошибка
        [few] ошибки
       *[many] ошибок
    }.
import-rejected-hint = Ничего не изменено. Исправьте файл и загрузите его снова целиком.
import-ignored-columns = { $count ->
        [1] Столбец не распознан и пропущен
       *[other] Столбцы не распознаны и пропущены
    }: { $columns }.

## Названия столбцов (как в шаблонах)

import-column-class = Класс
import-column-last_name = Фамилия
import-column-first_name = Имя
import-column-middle_name = Отчество
import-column-birth_date = Дата рождения
import-column-guardian_1 = Родитель 1
import-column-guardian_2 = Родитель 2
import-column-class_teacher = Классный руководитель
import-column-day = День
import-column-lesson = Урок
import-column-starts = Начало
import-column-ends = Конец
import-column-subject = Предмет
import-column-teacher = Учитель
import-column-subgroup = Подгруппа
import-column-room = Кабинет
import-column-full_name = ФИО
import-column-phone = Телефон
import-column-number = Номер темы
import-column-topic = Тема
import-column-hours = Часы
import-column-homework = Домашнее задание

## «у класса 5А в понедельник 3-й урок …»

import-weekday-1 = в понедельник
import-weekday-2 = во вторник
import-weekday-3 = в среду
import-weekday-4 = в четверг
import-weekday-5 = в пятницу
import-weekday-6 = в субботу
import-weekday-7 = в воскресенье

## Ошибки в файле целиком

import-problem-file-not-found = файл «{ $file }» не найден. Проверьте путь к файлу.
import-problem-from-in-past = расписание не может начинаться в прошлом ({ $date }): уже проведённые уроки остаются по прежнему расписанию. Укажите --from { $today } или позже.
import-problem-unreadable = файл «{ $file }» не удалось прочитать. Сохраните его в Excel как «Книга Excel (*.xlsx)» или «CSV UTF-8» и загрузите снова.
import-problem-unknown-format = файл «{ $file }» не подходит: нужна таблица .xlsx или .csv.
import-problem-empty = в файле «{ $file }» нет ни одной заполненной строки.
import-problem-too-many-rows = в файле «{ $file }» больше { $max } { $max ->
        [one] строки
       *[other] строк
    } — столько не бывает даже в большой школе. Разделите файл на части.
import-problem-too-big = файл «{ $file }» больше { $mb } МБ — таблица школы столько не весит. Проверьте, тот ли это файл.
import-problem-too-wide = заполнена ячейка { $cell }, а таблица должна помещаться в столбцы A–{ $last }. Удалите лишние столбцы справа и загрузите файл снова.
import-problem-too-wide-csv = в строке больше { $max } столбцов — разделителей больше, чем бывает в таблице. Проверьте, что файл сохранён как CSV.
import-problem-cell-too-long = в ячейке больше { $max } знаков — так много не бывает ни в одном столбце шаблона. Проверьте эту строку.
import-problem-too-many-strings = в файле «{ $file }» больше { $max } разных значений — в таблице школы столько не бывает. Сохраните её в Excel заново, без лишних листов и данных.
import-problem-inflates = файл «{ $file }» при распаковке занимает больше { $mb } МБ — таблица школы столько не весит. Сохраните её в Excel заново, без лишних листов и данных.
import-problem-duplicate-column = столбец «{ $column }» встречается дважды (второй раз — «{ $value }»).
import-problem-missing-column = нет столбца «{ $column }». Заголовки столбцов — в первой строке, как в шаблоне.

## Ошибки в строке

import-problem-too-long = «{ $value }» в поле «{ $column }» длиннее { $max } знаков — так длинно имён не бывает. Проверьте строку.
import-problem-missing-value = не заполнено поле «{ $column }».
import-problem-too-long = слишком длинное значение в поле «{ $column }»: не больше { $max } { $max ->
        [one] символа
       *[other] символов
    }.
import-problem-bad-class = непонятный класс «{ $value }». Пишите номер от 1 до 11 и букву: «5А», «11Б».
import-problem-bad-name = «{ $value }» в поле «{ $column }» не похоже на ФИО. Пишите «Фамилия Имя Отчество», двойную фамилию — через дефис.
import-problem-bad-date = непонятная дата рождения «{ $value }». Пишите ДД.ММ.ГГГГ, например 14.03.2014.
import-problem-implausible-birth-date = дата рождения { $value } похожа на опечатку: ученику должно быть от { $min } до { $max } { $max ->
        [one] года
       *[other] лет
    }.
import-problem-duplicate-student = ученик «{ $value }» ({ $class }) уже есть в строке { $first_row }.
import-problem-ambiguous-student = «{ $value }» подходит к нескольким ученикам класса: { $names }. Укажите ФИО полностью.
import-problem-ambiguous-person = «{ $value }» подходит к нескольким людям: { $names }. Укажите ФИО полностью.
import-problem-class-teacher-conflict = у класса { $class } два классных руководителя: «{ $value }» и «{ $other }» (строка { $other_row }).
import-problem-class-too-big = в классе { $class } получается { $count } { $count ->
        [one] ученик
        [few] ученика
       *[many] учеников
    }, а больше { $max } не бывает. Проверьте столбец «Класс».

## Ошибки в расписании

import-problem-unknown-class = неизвестный класс «{ $value }». Сначала загрузите список учеников этого класса.
import-problem-bad-day = непонятный день недели «{ $value }». Пишите «Пн», «понедельник» или число от 1 до 7.
import-problem-bad-lesson-number = непонятный номер урока «{ $value }». Нужно число от 0 до { $max }.
import-problem-bad-time = непонятное время «{ $value }» в поле «{ $column }». Пишите ЧЧ:ММ, например 08:30.
import-problem-bell-incomplete = для времени урока не заполнено поле «{ $column }»: нужны и начало, и конец.
import-problem-bell-order = урок заканчивается ({ $ends }) не позже, чем начинается ({ $starts }).
import-problem-bell-conflict = у { $number }-го урока другое время: { $starts }–{ $ends }, а в строке { $other_row } — { $other_starts }–{ $other_ends }.
import-problem-bell-overlap = { $number }-й урок начинается в { $starts }, а { $other }-й ещё не закончился ({ $other_ends }).
import-problem-bell-missing = не указано время { $number }-го урока: заполните «Начало» и «Конец» хотя бы в одной строке с этим уроком.
import-problem-bad-subgroup = непонятная подгруппа «{ $value }». Пишите число от 1 до 9 или оставьте пустым, если урок у всего класса.
import-problem-teacher-unknown = учителя «{ $value }» нет среди сотрудников школы. Напишите ФИО полностью — новый учитель будет добавлен.
import-problem-teacher-ambiguous = «{ $value }» подходит к нескольким сотрудникам: { $names }. Напишите ФИО полностью.
import-problem-slot-duplicate = у класса { $class } { $day } { $number }-й урок уже указан в строке { $first_row }.
import-problem-slot-mixed = у класса { $class } { $day } { $number }-й урок указан и для всего класса, и для подгруппы (строка { $first_row }).
import-problem-teacher-clash = { $teacher } { $day } на { $number }-м уроке оказывается в двух местах: в { $class } и в { $other_class } (строка { $other_row }).
import-problem-teacher-busy = { $teacher } { $day } на { $number }-м уроке уже ведёт урок в { $other_class } по действующему расписанию, а здесь стоит в { $class }.

## Итоги загрузки

import-added = Добавлено: { $items }.
import-updated = Обновлено: { $items }.
import-nothing-changed = Изменений нет: всё из файла уже было загружено.
import-n-classes = { $count } { $count ->
        [one] класс
        [few] класса
       *[many] классов
    }
import-n-students = { $count } { $count ->
        [one] ученик
        [few] ученика
       *[many] учеников
    }
import-n-parents = { $count } { $count ->
        [one] родитель
        [few] родителя
       *[many] родителей
    }
import-n-teachers = { $count } { $count ->
        [one] учитель
        [few] учителя
       *[many] учителей
    }
import-n-subjects = { $count } { $count ->
        [one] предмет
        [few] предмета
       *[many] предметов
    }
import-n-assignments = { $count } { $count ->
        [one] назначение учителя
        [few] назначения учителей
       *[many] назначений учителей
    }
import-roster-done = Список учеников загружен: { $rows } { $rows ->
        [one] строка
        [few] строки
       *[many] строк
    }.
import-roster-links = Новых связей «ученик — родитель»: { $count }.
import-roster-class-teachers = { $count ->
        [1] Классный руководитель назначен в 1 классе.
        [one] Классные руководители назначены в { $count } классе.
       *[other] Классные руководители назначены в { $count } классах.
    }
import-timetable-done = Расписание загружено: { $classes } { $classes ->
        [one] класс
        [few] класса
       *[many] классов
    }, { $lessons } { $lessons ->
        [one] урок
        [few] урока
       *[many] уроков
    } в неделю, действует с { $date }.
import-timetable-bells = Звонки: время задано для { $count } { $count ->
        [one] урока
       *[other] уроков
    }, изменено: { $changed }.
import-timetable-closed = Прежнее расписание этих классов действует по { $date } включительно (закрыто записей: { $count }).
import-timetable-deleted = Удалено записей расписания, которые начинались с этой даты или позже: { $count }.

## Imports from the bot (handlers/coordinator/imports.py).
import-bot-which = Файл «{ $name }»: что в нём?
btn-import-roster = 👪 Список классов (ученики и родители)
btn-import-timetable = 📅 Расписание
import-bot-preview = Проверил «{ $name }». Если загрузить:
import-bot-from = Расписание начнёт действовать с { $date }.
btn-import-apply = ✅ Применить
import-bot-applied = ✅ Загружено.
import-bot-cancelled = Отменено: ничего не загружено.
import-bot-which-column = В файле не нашёл столбец «{ $column }». Какой из этих — он? Запомню для следующих файлов школы.
btn-import-no-column = ✖ Такого нет — отменить
