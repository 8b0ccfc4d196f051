"""Writes the shipped templates (roster, timetable, lesson_plan; .csv and .xlsx) from the rows below.

Run after changing them: `.venv/bin/python templates/make_templates.py`. The CSV files are what a
Russian Excel opens without a wizard: UTF-8 with a BOM, `;` between columns, CRLF line ends. The
Excel files hold real dates and times (not text), as a school's own spreadsheet would.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
Cell = str | int | dt.date | dt.time | None

ROSTER_HEADER = (
    "Класс",
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "Родитель 1",
    "Родитель 2",
    "Классный руководитель",
)
ROSTER_ROWS: tuple[tuple[Cell, ...], ...] = (
    (
        "5А",
        "Иванов",
        "Пётр",
        "Сергеевич",
        dt.date(2014, 3, 14),
        "Иванова Мария Петровна",
        "Иванов Сергей Николаевич",
        "Смирнова Ольга Викторовна",
    ),
    ("5А", "Петрова", "Анна", "Игоревна", dt.date(2013, 11, 2), "Петрова Елена Владимировна", None, None),
    (
        "5А",
        "Сидоров",
        "Максим",
        "Алексеевич",
        dt.date(2014, 7, 21),
        "Сидорова Наталья Павловна",
        "Сидоров Алексей Юрьевич",
        None,
    ),
    # Пётр's sister: the same parents, so one guardian for both children.
    (
        "3Б",
        "Иванова",
        "Алиса",
        "Сергеевна",
        dt.date(2016, 5, 9),
        "Иванова Мария Петровна",
        "Иванов Сергей Николаевич",
        "Кузнецова Елена Андреевна",
    ),
    ("3Б", "Орлов", "Глеб", None, dt.date(2017, 1, 30), "Орлова Дарья Михайловна", None, None),
)

TIMETABLE_HEADER = (
    "Класс",
    "День",
    "Урок",
    "Начало",
    "Конец",
    "Предмет",
    "Учитель",
    "Подгруппа",
    "Кабинет",
)
T = dt.time
TIMETABLE_ROWS: tuple[tuple[Cell, ...], ...] = (
    # Bell times once per lesson number is enough; they may also be repeated on every row.
    ("5А", "Пн", 1, T(8, 30), T(9, 15), "Математика", "Смирнова Ольга Викторовна", None, 21),
    ("5А", "Пн", 2, T(9, 25), T(10, 10), "Русский язык", "Волкова Ирина Дмитриевна", None, 14),
    # Two subgroups at the same time, each with its own teacher and room.
    ("5А", "Пн", 3, T(10, 30), T(11, 15), "Английский язык", "Орлов Дмитрий Игоревич", 1, 31),
    ("5А", "Пн", 3, None, None, "Английский язык", "Белова Наталья Сергеевна", 2, 32),
    ("5А", "Вт", 1, None, None, "Русский язык", "Волкова И. Д.", None, 14),
    ("5А", "Вт", 2, None, None, "Математика", "Смирнова О. В.", None, 21),
    ("5А", "Вт", 3, None, None, "Физическая культура", "Зайцев Андрей Олегович", None, "Спортзал"),
    ("3Б", "Пн", 1, None, None, "Литературное чтение", "Кузнецова Е. А.", None, 5),
    ("3Б", "Пн", 2, None, None, "Математика", "Кузнецова Е. А.", None, 5),
    ("3Б", "Вт", 1, None, None, "Окружающий мир", "Кузнецова Е.А.", None, 5),
    ("3Б", "Вт", 2, None, None, "Физическая культура", "Зайцев А. О.", None, "Спортзал"),
)

ROSTER_NOTES = (
    ("Класс", "обязательно: номер 1–11 и буква, «5А»"),
    ("Фамилия, Имя", "обязательно"),
    ("Отчество", "если есть"),
    ("Дата рождения", "ДД.ММ.ГГГГ, можно не заполнять"),
    ("Родитель 1, Родитель 2", "ФИО родителя в одной ячейке; второй — если есть"),
    ("Классный руководитель", "ФИО; достаточно в одной строке класса"),
)
TIMETABLE_NOTES = (
    ("Класс", "обязательно; класс уже должен быть загружен списком учеников"),
    ("День", "Пн, Вт, … или понедельник, … или 1–7"),
    ("Урок", "номер урока 0–15"),
    ("Начало, Конец", "время урока ЧЧ:ММ; хотя бы в одной строке для каждого номера урока"),
    ("Предмет", "обязательно; новый предмет добавится сам"),
    ("Учитель", "«Фамилия Имя Отчество» или «Фамилия И. О.» уже известного учителя"),
    ("Подгруппа", "1–9; пусто — урок у всего класса"),
    ("Кабинет", "если нужно"),
)


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([_csv_text(value) for value in row] for row in rows)


def write_xlsx(
    path: Path,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    notes: Sequence[tuple[str, str]],
) -> None:
    workbook = Workbook()
    # Fixed, so that regenerating an unchanged template gives the same document properties.
    workbook.properties.created = workbook.properties.modified = dt.datetime(2025, 8, 1)  # noqa: DTZ001
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, dt.time):
                cell.number_format = "hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "DD.MM.YYYY"
    for index, name in enumerate(header, start=1):
        longest = max([len(name), *(len(_csv_text(row[index - 1])) for row in rows)])
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 3, 40)
    sheet.freeze_panes = "A2"
    # The import reads the first sheet only: the hints live on the second.
    help_sheet = workbook.create_sheet("Как заполнять")
    help_sheet.append(["Столбец", "Что писать"])
    for note in notes:
        help_sheet.append(list(note))
    help_sheet.append([])
    help_sheet.append(["Подробно", "templates/README.md"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    help_sheet.column_dimensions["A"].width = 26
    help_sheet.column_dimensions["B"].width = 80
    for row_cells in help_sheet.iter_rows():
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(path)


PLAN_HEADER = ("№", "Тема", "Часы", "Домашнее задание")
PLAN_ROWS: tuple[tuple[Cell, ...], ...] = (
    (1, "Натуральные числа и шкалы", 2, "§1, № 5, 7"),
    (2, "Сложение и вычитание натуральных чисел", 3, "§2, № 12"),
    (3, "Умножение и деление натуральных чисел", 3, "§3"),
    (4, "Площади и объёмы", 2, "§4, подготовиться к контрольной"),
    (5, "Контрольная работа № 1", 1, None),
)
PLAN_NOTES = (
    ("№", "по порядку; можно не заполнять — темы идут в порядке строк"),
    ("Тема", "обязательно: тема урока, как её записать в журнал"),
    ("Часы", "сколько уроков на тему; пусто — один"),
    ("Домашнее задание", "подсказка учителю при вводе ДЗ; можно не заполнять"),
)


def main() -> None:
    write_csv(HERE / "roster.csv", ROSTER_HEADER, ROSTER_ROWS)
    write_xlsx(HERE / "roster.xlsx", "Ученики", ROSTER_HEADER, ROSTER_ROWS, ROSTER_NOTES)
    write_csv(HERE / "timetable.csv", TIMETABLE_HEADER, TIMETABLE_ROWS)
    write_xlsx(HERE / "timetable.xlsx", "Расписание", TIMETABLE_HEADER, TIMETABLE_ROWS, TIMETABLE_NOTES)
    write_csv(HERE / "lesson_plan.csv", PLAN_HEADER, PLAN_ROWS)
    write_xlsx(HERE / "lesson_plan.xlsx", "Планирование", PLAN_HEADER, PLAN_ROWS, PLAN_NOTES)


if __name__ == "__main__":
    main()
