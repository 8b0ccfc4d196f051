"""Loading the roster and the timetable from the files a school fills in (CSV and Excel)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Catalog
from models import (
    AuditLog,
    Bell,
    Guardian,
    GuardianLink,
    SchoolClass,
    Staff,
    Student,
    Subject,
    TeachingAssignment,
    TimetableSlot,
)
from services.audit import CLI
from services.roster_import import RosterReport, import_roster, parse_teacher, read_roster
from services.schools import create_school
from services.tabular import ImportRejected, Table, render
from services.timetable_import import (
    TimetableReport,
    import_timetable,
    parse_time,
    parse_weekday,
    read_timetable,
)

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
TODAY = dt.date(2025, 9, 1)
SEPT = dt.date(2025, 9, 1)

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
TIMETABLE_HEADER = ("Класс", "День", "Урок", "Начало", "Конец", "Предмет", "Учитель", "Подгруппа", "Кабинет")

# A small school for the timetable tests: three classes with their class teachers.
BASE_ROSTER = (
    (
        "5А",
        "Иванов",
        "Пётр",
        "Сергеевич",
        "14.03.2014",
        "Иванова Мария Петровна",
        "",
        "Смирнова Ольга Викторовна",
    ),
    ("5А", "Петрова", "Анна", "", "", "Петрова Елена Владимировна", "", ""),
    ("3Б", "Орлов", "Глеб", "", "", "Орлова Дарья Михайловна", "", "Кузнецова Елена Андреевна"),
    ("6Б", "Сидоров", "Максим", "", "", "Сидорова Наталья Павловна", "", "Волкова Ирина Дмитриевна"),
)


# --- helpers --------------------------------------------------------------------------------------


@pytest.fixture
async def school_id(session: AsyncSession) -> int:
    created = await create_school(session, CLI, name="Школа № 1", timezone="Europe/Moscow", today=TODAY)
    await session.commit()
    return created.school_id


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> Path:
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def roster_table(tmp_path: Path, rows: Sequence[Sequence[str]], name: str = "roster.csv") -> Table:
    return read_roster(write_csv(tmp_path / name, ROSTER_HEADER, rows))


def timetable_table(tmp_path: Path, rows: Sequence[Sequence[str]], name: str = "timetable.csv") -> Table:
    return read_timetable(write_csv(tmp_path / name, TIMETABLE_HEADER, rows))


async def count(session: AsyncSession, model: type[object], **where: object) -> int:
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return int(await session.scalar(query) or 0)


async def load_base_roster(session: AsyncSession, school_id: int, tmp_path: Path) -> None:
    await import_roster(session, CLI, school_id, roster_table(tmp_path, BASE_ROSTER, "base.csv"), today=TODAY)


def problems_of(rejected: pytest.ExceptionInfo[ImportRejected]) -> list[tuple[int | None, str]]:
    return [(p.row, p.code) for p in rejected.value.problems]


async def open_slots(session: AsyncSession, label: str) -> list[TimetableSlot]:
    grade, letter = int(label[:-1]), label[-1]
    result = await session.scalars(
        select(TimetableSlot)
        .join(SchoolClass, SchoolClass.id == TimetableSlot.class_id)
        .where(
            SchoolClass.grade_level == grade, SchoolClass.letter == letter, TimetableSlot.valid_to.is_(None)
        )
        .order_by(TimetableSlot.weekday, TimetableSlot.lesson_number, TimetableSlot.subgroup)
    )
    return list(result.all())


# --- the shipped templates ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
async def test_shipped_templates_import_cleanly(session: AsyncSession, school_id: int, suffix: str) -> None:
    roster = await import_roster(
        session, CLI, school_id, read_roster(TEMPLATES / f"roster.{suffix}"), today=TODAY
    )
    timetable = await import_timetable(
        session, CLI, school_id, read_timetable(TEMPLATES / f"timetable.{suffix}"), effective_from=SEPT
    )
    await session.commit()

    assert (roster.classes_created, roster.students_created, roster.guardians_created) == (2, 5, 8)
    assert (roster.teachers_created, roster.class_teachers_set) == (2, 2)
    assert await count(session, SchoolClass, school_id=school_id) == 2
    assert await count(session, Student, school_id=school_id) == 5
    # Пётр (5А) and Алиса (3Б) are siblings: each child gets rows of his own for the same two parents
    # (a parent who opens both children's links holds both in one account).
    assert await count(session, Guardian, school_id=school_id) == 8
    assert await count(session, GuardianLink) == 8

    assert timetable.classes == ("3Б", "5А")
    assert timetable.slots_created == 11
    # Волкова, Орлов, Белова and Зайцев are new; Смирнова and Кузнецова come from the roster.
    assert timetable.teachers_created == 4
    assert await count(session, Staff, school_id=school_id, is_teacher=True) == 6
    assert await count(session, Subject, school_id=school_id) == 6
    bells = (
        await session.scalars(select(Bell).where(Bell.school_id == school_id).order_by(Bell.lesson_number))
    ).all()
    assert [(b.lesson_number, b.starts_at, b.ends_at) for b in bells] == [
        (1, dt.time(8, 30), dt.time(9, 15)),
        (2, dt.time(9, 25), dt.time(10, 10)),
        (3, dt.time(10, 30), dt.time(11, 15)),
    ]
    english = [
        (s.subgroup, s.room)
        for s in await open_slots(session, "5А")
        if s.lesson_number == 3 and s.weekday == 1
    ]
    assert english == [(1, "31"), (2, "32")]
    actions = (await session.scalars(select(AuditLog.action).where(AuditLog.school_id == school_id))).all()
    assert actions.count("roster.imported") == 1
    assert actions.count("timetable.imported") == 1


async def test_csv_and_xlsx_templates_hold_the_same_rows() -> None:
    for read, name in ((read_roster, "roster"), (read_timetable, "timetable")):
        from_csv, from_xlsx = read(TEMPLATES / f"{name}.csv"), read(TEMPLATES / f"{name}.xlsx")
        assert [r.values for r in from_csv.rows] == [r.values for r in from_xlsx.rows]


async def test_reimport_creates_no_duplicates(session: AsyncSession, school_id: int) -> None:
    roster_file, timetable_file = TEMPLATES / "roster.xlsx", TEMPLATES / "timetable.csv"
    await import_roster(session, CLI, school_id, read_roster(roster_file), today=TODAY)
    await import_timetable(session, CLI, school_id, read_timetable(timetable_file), effective_from=SEPT)
    await session.commit()

    again = await import_roster(session, CLI, school_id, read_roster(TEMPLATES / "roster.csv"), today=TODAY)
    timetable = await import_timetable(
        session, CLI, school_id, read_timetable(timetable_file), effective_from=SEPT
    )
    await session.commit()

    assert again == RosterReport(file_name="roster.csv", rows=5)
    assert not again.changed
    assert (timetable.teachers_created, timetable.subjects_created, timetable.assignments_created) == (
        0,
        0,
        0,
    )
    assert timetable.bells_changed == 0
    assert await count(session, SchoolClass) == 2
    assert await count(session, Student) == 5
    assert await count(session, Guardian) == 8
    assert await count(session, GuardianLink) == 8
    assert await count(session, Staff, school_id=school_id) == 7  # 6 teachers and the coordinator
    assert await count(session, TimetableSlot) == 11  # the same start date: replaced, not added
    assert await count(session, Bell) == 3


# --- the roster -----------------------------------------------------------------------------------


async def test_one_bad_row_rejects_the_whole_roster(
    session: AsyncSession, school_id: int, tmp_path: Path
) -> None:
    rows = [
        ("5А", "Иванов", "Пётр", "", "", "Иванова Мария Петровна", "", "Смирнова Ольга Викторовна"),
        ("5А", "Петрова", "Анна", "", "", "Петрова Елена Владимировна", "", ""),
        ("5Б", "Сидоров", "Максим", "", "", "Сидорова Наталья Павловна", "", ""),
        ("13А", "Орлов", "Глеб", "", "", "Орлова Дарья Михайловна", "", ""),  # row 5
        ("5Б", "Зайцев", "Илья", "", "", "", "", ""),
    ]
    with pytest.raises(ImportRejected) as rejected:
        await import_roster(session, CLI, school_id, roster_table(tmp_path, rows), today=TODAY)

    assert problems_of(rejected) == [(5, "bad-class")]
    assert rejected.value.problems[0].params["value"] == "13А"
    lines = render(Catalog().translator("ru"), rejected.value)
    assert lines[0] == "Файл не загружен: 1 ошибка."
    assert lines[1].startswith("Строка 5: непонятный класс «13А»")
    for model in (SchoolClass, Student, Guardian, GuardianLink):
        assert await count(session, model) == 0
    assert await count(session, Staff) == 1  # only the coordinator create_school made
    assert await count(session, AuditLog, action="roster.imported") == 0


async def test_every_problem_is_reported_at_once(
    session: AsyncSession, school_id: int, tmp_path: Path
) -> None:
    rows = [
        ("5А", "", "Пётр", "", "", "", "", ""),  # 2: no surname
        ("5А", "Петрова", "Анна", "", "31.02.2014", "", "", ""),  # 3: no such date
        ("5А", "Сидоров", "Максим", "", "", "Сидорова", "", ""),  # 4: a parent needs a name too
        ("5А", "Орлов", "Глеб", "", "", "", "", ""),
        ("5 а", "орлов", "глеб", "", "", "", "", ""),  # 6: the same student again
        ("5А", "Зайцев", "Илья", "", "14.03.2025", "", "", ""),  # 7: born this year: a typo
        ("", "Ким", "Юна", "", "", "", "", ""),  # 8: no class
    ]
    with pytest.raises(ImportRejected) as rejected:
        await import_roster(session, CLI, school_id, roster_table(tmp_path, rows), today=TODAY)

    assert problems_of(rejected) == [
        (2, "missing-value"),
        (3, "bad-date"),
        (4, "bad-name"),
        (6, "duplicate-student"),
        (7, "implausible-birth-date"),
        (8, "missing-value"),
    ]
    lines = render(Catalog().translator("ru"), rejected.value)
    assert lines[0] == "Файл не загружен: 6 ошибок."
    assert "Строка 2: не заполнено поле «Фамилия»." in lines
    assert "Строка 6: ученик «Орлов Глеб» (5А) уже есть в строке 5." in lines
    assert await count(session, Student) == 0


async def test_cp1251_csv_with_commas(session: AsyncSession, school_id: int, tmp_path: Path) -> None:
    """What a Russian Excel saves as «CSV (разделители — запятые)», headers in any case."""
    path = write_csv(
        tmp_path / "список.csv",
        ("КЛАСС", "фамилия", "Имя", "Дата рождения", "Родитель 1"),
        [("7В", "Ёлкина", "Дарья", "2012-04-01", "Ёлкина Ольга Ивановна"), ("7В", "Жуков", "Лев", "", "")],
        delimiter=",",
        encoding="cp1251",
    )
    report = await import_roster(session, CLI, school_id, read_roster(path), today=TODAY)

    assert (report.students_created, report.guardians_created) == (2, 1)
    student = await session.scalar(select(Student).where(Student.last_name == "Ёлкина"))
    assert student is not None and student.birth_date == dt.date(2012, 4, 1)
    assert await session.scalar(select(Guardian.middle_name)) == "Ивановна"


async def test_xlsx_with_date_cells_and_a_title_row(
    session: AsyncSession, school_id: int, tmp_path: Path
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Список учащихся на 2025/2026 учебный год"])  # a title above the header
    sheet.append(["Класс", "Фамилия", "Имя", "Отчество", "Дата рождения", "Родитель 1"])
    sheet.append(["8А", "Морозов", "Иван", "Ильич", dt.date(2011, 2, 3), "Морозова Анна Павловна"])
    sheet.append(["8А", "Лебедева", "Вера", "", dt.datetime(2011, 12, 24), ""])  # noqa: DTZ001
    sheet.append([])
    sheet.append([8, "Белов", "Олег", "", "03.02.2011", ""])  # row 6: a class without its letter
    path = tmp_path / "list.xlsx"
    workbook.save(path)

    with pytest.raises(ImportRejected) as rejected:
        await import_roster(session, CLI, school_id, read_roster(path), today=TODAY)
    assert problems_of(rejected) == [(6, "bad-class")]
    assert rejected.value.problems[0].params["value"] == "8"

    sheet.delete_rows(6)
    workbook.save(path)
    report = await import_roster(session, CLI, school_id, read_roster(path), today=TODAY)
    assert report.students_created == 2
    births = dict((await session.execute(select(Student.last_name, Student.birth_date))).all())
    assert births == {"Морозов": dt.date(2011, 2, 3), "Лебедева": dt.date(2011, 12, 24)}


async def test_xlsx_timetable_with_time_cells(session: AsyncSession, school_id: int, tmp_path: Path) -> None:
    await load_base_roster(session, school_id, tmp_path)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(TIMETABLE_HEADER))
    sheet.append(
        ["5А", "Понедельник", 1.0, dt.time(8, 0), dt.time(8, 45), "Математика", "Смирнова О. В.", None, 21]
    )
    sheet.append(["5А", 2, 2, dt.time(8, 55), dt.time(9, 40), "Математика", "Смирнова О. В.", None, 21.0])
    sheet["D3"].number_format = sheet["E3"].number_format = "h:mm"
    path = tmp_path / "timetable.xlsx"
    workbook.save(path)

    report = await import_timetable(session, CLI, school_id, read_timetable(path), effective_from=SEPT)

    assert report.slots_created == 2
    bells = (await session.scalars(select(Bell).order_by(Bell.lesson_number))).all()
    assert [(b.starts_at, b.ends_at) for b in bells] == [
        (dt.time(8, 0), dt.time(8, 45)),
        (dt.time(8, 55), dt.time(9, 40)),
    ]
    assert [(s.weekday, s.lesson_number, s.room) for s in await open_slots(session, "5А")] == [
        (1, 1, "21"),
        (2, 2, "21"),
    ]


async def test_namesake_parents_of_different_children_are_never_merged(
    session: AsyncSession, school_id: int, tmp_path: Path
) -> None:
    """Two families with an «Иванова Елена»: a merged row would show one family's child to the other."""
    rows = [
        ("2А", "Петров", "Иван", "", "", "Иванова Елена", "", ""),
        ("9Б", "Сидорова", "Мария", "", "", "Иванова Елена Сергеевна", "", ""),
        ("6Б", "Ковалев", "Тимур", "", "", "Иванова Елена Сергеевна", "", ""),
    ]
    await import_roster(session, CLI, school_id, roster_table(tmp_path, rows), today=TODAY)
    assert await count(session, Guardian) == 3
    for guardian in (await session.scalars(select(Guardian))).all():
        assert await count(session, GuardianLink, guardian_id=guardian.id) == 1


async def test_reimport_keeps_each_childs_parents(
    session: AsyncSession, school_id: int, tmp_path: Path
) -> None:
    rows = [
        ("2А", "Ковалёва", "Мила", "", "", "Ковалёва Ирина Олеговна", "Ковалёв Олег Петрович", ""),
        ("6Б", "Ковалев", "Тимур", "", "", "КОВАЛЕВА Ирина Олеговна", "", ""),
    ]
    await import_roster(session, CLI, school_id, roster_table(tmp_path, rows), today=TODAY)
    # Again, with the mother typed without «ё» and in capitals on the first row: matched, not added.
    rows[0] = ("2А", "Ковалёва", "Мила", "", "", "КОВАЛЕВА ИРИНА ОЛЕГОВНА", "Ковалёв Олег Петрович", "")
    report = await import_roster(session, CLI, school_id, roster_table(tmp_path, rows), today=TODAY)
    assert report.guardians_created == 0
    assert report.links_created == 0
    assert await count(session, Guardian) == 3


async def test_conflicting_class_teachers(session: AsyncSession, school_id: int, tmp_path: Path) -> None:
    rows = [
        ("5А", "Иванов", "Пётр", "", "", "", "", "Смирнова Ольга Викторовна"),
        ("5А", "Петрова", "Анна", "", "", "", "", "Смирнова Ольга"),  # the same teacher, shorter
        ("5А", "Сидоров", "Максим", "", "", "", "", "Кузнецова Елена Андреевна"),  # row 4: another
    ]
    with pytest.raises(ImportRejected) as rejected:
        await import_roster(session, CLI, school_id, roster_table(tmp_path, rows), today=TODAY)

    assert problems_of(rejected) == [(4, "class-teacher-conflict")]
    assert rejected.value.problems[0].params["other_row"] == "2"
    assert await count(session, Staff) == 1


async def test_class_teacher_matches_existing_staff(
    session: AsyncSession, school_id: int, tmp_path: Path
) -> None:
    deputy = Staff(
        school_id=school_id,
        last_name="Смирнова",
        first_name="Ольга",
        middle_name="Викторовна",
        is_deputy=True,
        is_teacher=False,
    )
    session.add(deputy)
    await session.commit()
    rows = [
        ("5А", "Иванов", "Пётр", "", "", "", "", ""),
        ("5А", "Петрова", "Анна", "", "", "", "", "смирнова ольга викторовна"),  # given on one row only
    ]
    report = await import_roster(session, CLI, school_id, roster_table(tmp_path, rows), today=TODAY)

    assert (report.teachers_created, report.class_teachers_set) == (0, 1)
    school_class = await session.scalar(select(SchoolClass))
    assert school_class is not None and school_class.class_teacher_id == deputy.id
    assert deputy.is_teacher


async def test_class_teacher_by_initials(session: AsyncSession, school_id: int, tmp_path: Path) -> None:
    rows = [
        ("5А", "Иванов", "Пётр", "", "", "", "", "Смирнова О. В."),  # named in full on row 4
        ("6Б", "Петрова", "Анна", "", "", "", "", "Лосева Т. Ю."),  # row 3: nobody of that name
        ("5А", "Сидоров", "Максим", "", "", "", "", "Смирнова Ольга Викторовна"),
        ("6Б", "Орлов", "Глеб", "", "", "Орлова Д. М.", "", ""),  # row 5: a parent needs the full name
    ]
    with pytest.raises(ImportRejected) as rejected:
        await import_roster(session, CLI, school_id, roster_table(tmp_path, rows), today=TODAY)
    assert problems_of(rejected) == [(3, "teacher-unknown"), (5, "bad-name")]

    rows = [rows[0], rows[2]]
    report = await import_roster(session, CLI, school_id, roster_table(tmp_path, rows, "ok.csv"), today=TODAY)
    assert (report.teachers_created, report.class_teachers_set) == (1, 1)
    teacher = await session.scalar(select(Staff).where(Staff.last_name == "Смирнова"))
    assert teacher is not None and teacher.full_name == "Смирнова Ольга Викторовна"


async def test_roster_update_fills_in_and_keeps(
    session: AsyncSession, school_id: int, tmp_path: Path
) -> None:
    first = [("5А", "Иванов", "Пётр", "", "", "Иванова Мария Петровна", "", "")]
    await import_roster(session, CLI, school_id, roster_table(tmp_path, first), today=TODAY)
    # The next file adds the patronymic and the birth date, and a second parent.
    second = [
        (
            "5А",
            "Иванов",
            "Пётр",
            "Сергеевич",
            "14.03.2014",
            "Иванова Мария Петровна",
            "Иванов Сергей Николаевич",
            "",
        )
    ]
    report = await import_roster(
        session, CLI, school_id, roster_table(tmp_path, second, "2.csv"), today=TODAY
    )

    assert (report.students_created, report.students_updated, report.links_created) == (0, 1, 1)
    student = await session.scalar(select(Student))
    assert student is not None
    assert (student.full_name, student.birth_date) == ("Иванов Пётр Сергеевич", dt.date(2014, 3, 14))
    assert await count(session, GuardianLink, student_id=student.id) == 2


async def test_class_of_more_than_sixty_is_a_mistake(
    session: AsyncSession, school_id: int, tmp_path: Path
) -> None:
    letters = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"
    rows = [
        ("9А", "Ученик", f"{a}{b}ван".capitalize(), "", "", "", "", "")
        for a in letters[:8]
        for b in letters[:8]
    ]
    with pytest.raises(ImportRejected) as rejected:
        await import_roster(session, CLI, school_id, roster_table(tmp_path, rows[:61]), today=TODAY)
    assert problems_of(rejected) == [(2, "class-too-big")]
    assert rejected.value.problems[0].params["count"] == 61


# --- the timetable --------------------------------------------------------------------------------


async def test_unknown_class_is_reported_with_its_row(
    session: AsyncSession, school_id: int, tmp_path: Path
) -> None:
    await load_base_roster(session, school_id, tmp_path)
    rows = [
        ("5А", "Пн", "1", "08:30", "09:15", "Математика", "Смирнова Ольга Викторовна", "", "21"),
        ("7Г", "Пн", "2", "09:25", "10:10", "Математика", "Смирнова Ольга Викторовна", "", "21"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        await import_timetable(session, CLI, school_id, timetable_table(tmp_path, rows), effective_from=SEPT)

    assert problems_of(rejected) == [(3, "unknown-class")]
    lines = render(Catalog().translator("ru"), rejected.value)
    assert lines[1].startswith("Строка 3: неизвестный класс «7Г»")
    for model in (TimetableSlot, Bell, Subject, TeachingAssignment):
        assert await count(session, model) == 0


async def test_teacher_in_two_places(session: AsyncSession, school_id: int, tmp_path: Path) -> None:
    await load_base_roster(session, school_id, tmp_path)
    rows = [
        ("5А", "Пн", "1", "08:30", "09:15", "Математика", "Смирнова Ольга Викторовна", "", "21"),
        ("6Б", "Пн", "1", "", "", "Математика", "Смирнова О. В.", "", "22"),  # row 3: a clash
        # A joint lesson (the same subject in the same room) is one teacher in one place.
        ("5А", "Вт", "1", "", "", "Физкультура", "Кузнецова Елена Андреевна", "", "Спортзал"),
        ("6Б", "Вт", "1", "", "", "физкультура", "Кузнецова Е. А.", "", "спортзал"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        await import_timetable(session, CLI, school_id, timetable_table(tmp_path, rows), effective_from=SEPT)

    assert problems_of(rejected) == [(3, "teacher-clash")]
    text = render(Catalog().translator("ru"), rejected.value)[1]
    assert text == (
        "Строка 3: Смирнова О. В. в понедельник на 1-м уроке оказывается в двух местах: "
        "в 6Б и в 5А (строка 2)."
    )


async def test_teacher_busy_in_a_class_outside_the_file(
    session: AsyncSession, school_id: int, tmp_path: Path
) -> None:
    await load_base_roster(session, school_id, tmp_path)
    rows_6b = [("6Б", "Пн", "1", "08:30", "09:15", "История", "Волкова Ирина Дмитриевна", "", "12")]
    await import_timetable(session, CLI, school_id, timetable_table(tmp_path, rows_6b), effective_from=SEPT)
    rows_5a = [("5А", "Пн", "1", "", "", "История", "Волкова И. Д.", "", "14")]
    with pytest.raises(ImportRejected) as rejected:
        await import_timetable(
            session, CLI, school_id, timetable_table(tmp_path, rows_5a, "5a.csv"), effective_from=SEPT
        )
    assert problems_of(rejected) == [(2, "teacher-busy")]
    assert rejected.value.problems[0].params["other_class"] == "6Б"


async def test_bell_times(session: AsyncSession, school_id: int, tmp_path: Path) -> None:
    await load_base_roster(session, school_id, tmp_path)
    rows = [
        ("5А", "Пн", "1", "08:30", "09:15", "Математика", "Смирнова Ольга Викторовна", "", ""),
        ("5А", "Вт", "1", "8.30", "9:15", "Математика", "Смирнова Ольга Викторовна", "", ""),  # the same
        ("3Б", "Пн", "1", "08:30", "09:10", "Чтение", "Кузнецова Елена Андреевна", "", ""),  # 4: other end
        ("3Б", "Пн", "2", "", "", "Чтение", "Кузнецова Елена Андреевна", "", ""),  # 5: no time anywhere
        ("3Б", "Пн", "3", "10:30", "", "Чтение", "Кузнецова Елена Андреевна", "", ""),  # 6: half a time
        ("3Б", "Пн", "4", "11:30", "11:00", "Чтение", "Кузнецова Елена Андреевна", "", ""),  # 7: backwards
        ("3Б", "Пн", "5", "25:00", "12:00", "Чтение", "Кузнецова Елена Андреевна", "", ""),  # 8: no such
    ]
    with pytest.raises(ImportRejected) as rejected:
        await import_timetable(session, CLI, school_id, timetable_table(tmp_path, rows), effective_from=SEPT)

    # A wrong time is reported once: not again as a missing one.
    assert problems_of(rejected) == [
        (4, "bell-conflict"),
        (5, "bell-missing"),
        (6, "bell-incomplete"),
        (7, "bell-order"),
        (8, "bad-time"),
    ]
    conflict = rejected.value.problems[0]
    assert (conflict.params["starts"], conflict.params["ends"], conflict.params["other_row"]) == (
        "08:30",
        "09:10",
        "2",
    )
    assert await count(session, Bell) == 0


async def test_stored_bells_serve_a_file_without_times(
    session: AsyncSession, school_id: int, tmp_path: Path
) -> None:
    await load_base_roster(session, school_id, tmp_path)
    with_times = [("5А", "Пн", "1", "08:30", "09:15", "Математика", "Смирнова Ольга Викторовна", "", "")]
    await import_timetable(
        session, CLI, school_id, timetable_table(tmp_path, with_times), effective_from=SEPT
    )
    path = write_csv(
        tmp_path / "no-bells.csv",
        ("Класс", "День", "Урок", "Предмет", "Учитель"),
        [("3Б", "Пн", "1", "Чтение", "Кузнецова Е. А.")],
    )
    report = await import_timetable(session, CLI, school_id, read_timetable(path), effective_from=SEPT)
    assert (report.slots_created, report.bells_given) == (1, 0)


async def test_teacher_by_initials(session: AsyncSession, school_id: int, tmp_path: Path) -> None:
    await load_base_roster(session, school_id, tmp_path)
    session.add_all(
        [
            Staff(school_id=school_id, last_name="Антонова", first_name="Алла", middle_name="Петровна"),
            Staff(school_id=school_id, last_name="Антонова", first_name="Анна", middle_name="Павловна"),
        ]
    )
    await session.flush()
    rows = [
        ("5А", "Пн", "1", "08:30", "09:15", "Математика", "Смирнова О.В.", "", ""),  # found
        ("5А", "Пн", "2", "09:25", "10:10", "Химия", "Антонова А. П.", "", ""),  # 3: two of them
        ("5А", "Пн", "3", "10:30", "11:15", "Химия", "Антонова Ал. П.", "", ""),  # 4: not initials
        ("5А", "Пн", "4", "11:30", "12:15", "Химия", "Петров П. П.", "", ""),  # 5: nobody
        ("3Б", "Пн", "1", "", "", "Музыка", "Е.А. Кузнецова", "", ""),  # found, initials first
    ]
    with pytest.raises(ImportRejected) as rejected:
        await import_timetable(session, CLI, school_id, timetable_table(tmp_path, rows), effective_from=SEPT)
    assert problems_of(rejected) == [(3, "teacher-ambiguous"), (4, "bad-name"), (5, "teacher-unknown")]
    assert rejected.value.problems[0].params["names"] == "Антонова Алла Петровна, Антонова Анна Павловна"

    rows = [rows[0], ("5А", "Пн", "2", "09:25", "10:10", "Химия", "Антонова Анна Павловна", "", ""), rows[4]]
    report = await import_timetable(
        session, CLI, school_id, timetable_table(tmp_path, rows, "ok.csv"), effective_from=SEPT
    )
    assert report.teachers_created == 0
    teachers = {s.lesson_number: s.teacher_id for s in await open_slots(session, "5А")}
    smirnova = await session.scalar(select(Staff.id).where(Staff.last_name == "Смирнова"))
    anna = await session.scalar(
        select(Staff.id).where(Staff.first_name == "Анна", Staff.last_name == "Антонова")
    )
    assert teachers == {1: smirnova, 2: anna}


async def test_new_timetable_replaces_from_its_start_date(
    session: AsyncSession, school_id: int, tmp_path: Path
) -> None:
    await load_base_roster(session, school_id, tmp_path)
    first = [
        ("5А", "Пн", "1", "08:30", "09:15", "Математика", "Смирнова Ольга Викторовна", "", "21"),
        ("3Б", "Пн", "1", "", "", "Чтение", "Кузнецова Елена Андреевна", "", "5"),
    ]
    await import_timetable(session, CLI, school_id, timetable_table(tmp_path, first), effective_from=SEPT)
    # A plan for December that the school changes its mind about before it starts.
    december = [("5А", "Пн", "1", "", "", "Геометрия", "Смирнова Ольга Викторовна", "", "21")]
    await import_timetable(
        session,
        CLI,
        school_id,
        timetable_table(tmp_path, december, "dec.csv"),
        effective_from=dt.date(2025, 12, 1),
    )
    november = [("5А", "Пн", "2", "09:25", "10:10", "Алгебра", "Смирнова Ольга Викторовна", "", "21")]
    report = await import_timetable(
        session,
        CLI,
        school_id,
        timetable_table(tmp_path, november, "nov.csv"),
        effective_from=dt.date(2025, 11, 10),
    )
    await session.commit()

    assert (report.slots_created, report.slots_closed, report.slots_deleted) == (1, 1, 1)
    slots = (await session.scalars(select(TimetableSlot).order_by(TimetableSlot.id))).all()
    history = [(s.lesson_number, s.valid_from, s.valid_to) for s in slots]
    assert history == [
        (1, SEPT, dt.date(2025, 11, 9)),  # 5А's September timetable: closed the day before
        (1, SEPT, None),  # 3Б is not in the file: untouched
        (2, dt.date(2025, 11, 10), None),  # December's plan is gone; November's is in force
    ]
    lines = render(Catalog().translator("ru"), report)
    assert lines[0] == "Расписание загружено: 1 класс, 1 урок в неделю, действует с 10.11.2025."
    assert (
        "Прежнее расписание этих классов действует по 09.11.2025 включительно (закрыто записей: 1)." in lines
    )


async def test_subgroups(session: AsyncSession, school_id: int, tmp_path: Path) -> None:
    await load_base_roster(session, school_id, tmp_path)
    bad = [
        ("5А", "Пн", "1", "08:30", "09:15", "Английский язык", "Орлов Дмитрий Игоревич", "1", "31"),
        ("5А", "Пн", "1", "", "", "Английский язык", "Белова Наталья Сергеевна", "1", "32"),  # 3: twice
        ("5А", "Пн", "2", "09:25", "10:10", "Математика", "Смирнова Ольга Викторовна", "", "21"),
        ("5А", "Пн", "2", "", "", "Информатика", "Белова Наталья Сергеевна", "2", "32"),  # 5: mixed
        ("5А", "Пн", "3", "10:30", "11:15", "Информатика", "Белова Наталья Сергеевна", "десять", "32"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        await import_timetable(session, CLI, school_id, timetable_table(tmp_path, bad), effective_from=SEPT)
    assert problems_of(rejected) == [(3, "slot-duplicate"), (5, "slot-mixed"), (6, "bad-subgroup")]

    good = [
        ("5А", "Пн", "1", "08:30", "09:15", "Английский язык", "Орлов Дмитрий Игоревич", "1", "31"),
        ("5А", "Пн", "1", "", "", "Английский язык", "Белова Наталья Сергеевна", "2 гр.", "32"),
        ("5А", "Пн", "2", "09:25", "10:10", "Математика", "Смирнова Ольга Викторовна", "", "21"),
    ]
    report = await import_timetable(
        session, CLI, school_id, timetable_table(tmp_path, good, "good.csv"), effective_from=SEPT
    )
    assert (report.slots_created, report.assignments_created, report.teachers_created) == (3, 3, 2)
    assignments = await session.execute(
        select(Staff.last_name, TeachingAssignment.subgroup)
        .join(Staff, Staff.id == TeachingAssignment.teacher_id)
        .order_by(TeachingAssignment.subgroup, Staff.last_name)
    )
    assert [tuple(row) for row in assignments] == [("Смирнова", 0), ("Орлов", 1), ("Белова", 2)]


# --- reading files --------------------------------------------------------------------------------


async def test_unreadable_and_incomplete_files(tmp_path: Path) -> None:
    cases = {
        "roster.doc": b"whatever",
        "roster.xlsx": b"not a zip at all",
        "empty.csv": b"",
        "headers.csv": "Класс;Фамилия;Имя\r\n5А;Иванов;Пётр\r\n".encode(),
    }
    codes = {}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ImportRejected) as rejected:
            read_roster(tmp_path / name)
        codes[name] = problems_of(rejected)
    assert codes == {
        "roster.doc": [(None, "unknown-format")],
        "roster.xlsx": [(None, "unreadable")],
        "empty.csv": [(None, "empty")],
        "headers.csv": [(1, "missing-column")],  # «Родитель 1»: the parents must not be lost silently
    }


def test_csv_with_a_title_line_keeps_excel_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "5a.csv"
    path.write_text(
        'Список 5А класса\n\nКласс,Фамилия,Имя,Родитель 1\n5А,Иванов,Пётр,\n,,,\n5А,"Петрова",Анна,\n',
        encoding="utf-8",
    )
    table = read_roster(path)
    assert [(row.number, row["last_name"]) for row in table.rows] == [(4, "Иванов"), (6, "Петрова")]


def test_headers_are_forgiving(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "x.csv",
        ("№", "Class", "Фамилия*", "Имя (полностью)", "Дата рожд.", "Parent 1", "Примечание"),
        [("1", "5А", "Иванов", "Пётр", "14.03.2014", "", "переведён из школы № 5")],
        delimiter="\t",
        encoding="utf-8",
    )
    table = read_roster(path)
    assert table.rows[0].values == {
        "class": "5А",
        "last_name": "Иванов",
        "first_name": "Пётр",
        "birth_date": "14.03.2014",
        "guardian_1": "",
    }
    assert table.ignored_headers == ("Примечание",)


def test_cell_parsers() -> None:
    assert [parse_weekday(d) for d in ("Пн", "вторник", "Ср.", "чт", "5", "Sat", "Sunday", "пон")] == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        1,
    ]
    assert [parse_weekday(d) for d in ("8", "п", "x")] == [None, None, None]
    typed = ("08:30", "8.30", "8,30", "8.3", "08:30:00", "0.3541666666666667")
    assert [parse_time(t) for t in typed] == [dt.time(8, 30)] * 6
    assert [parse_time(t) for t in ("8:3", "24:00", "8:60", "восемь")] == [None] * 4
    assert (
        str(parse_teacher("Иванова А.П."))
        == "Initials(last_name='Иванова', first='А', middle='П', text='Иванова А.П.')"
    )
    assert parse_teacher("иванова анна петровна").text == "Иванова Анна Петровна"


def test_every_problem_has_a_text_in_both_languages() -> None:
    catalog = Catalog()
    assert catalog.check() == []
    sources = "".join(
        (ROOT / "services" / name).read_text()
        for name in ("tabular.py", "roster_import.py", "timetable_import.py")
    )
    codes = set(re.findall(r'problem\(\s*"([a-z-]+)"', sources))
    codes |= set(re.findall(r'_problem\(\s*"([a-z-]+)"', sources))
    codes |= {"teacher-unknown", "teacher-ambiguous"}  # chosen by a conditional expression
    assert len(codes) > 30
    for locale in ("ru", "en"):
        assert {f"import-problem-{code}" for code in codes} <= catalog.keys(locale)


def test_reports_render_in_both_languages() -> None:
    catalog = Catalog()
    roster = RosterReport(
        "r.csv",
        rows=120,
        classes_created=3,
        students_created=118,
        guardians_created=200,
        links_created=230,
        teachers_created=3,
        class_teachers_set=3,
    )
    assert render(catalog.translator("ru"), roster)[:2] == [
        "Список учеников загружен: 120 строк.",
        "Добавлено: 3 класса, 118 учеников, 200 родителей, 3 учителя.",
    ]
    assert (
        render(catalog.translator("en"), roster)[1]
        == "Added: 3 classes, 118 students, 200 parents, 3 teachers."
    )
    timetable = TimetableReport(
        "t.xlsx",
        rows=30,
        effective_from=SEPT,
        classes=("5А",),
        slots_created=30,
        bells_given=7,
        bells_changed=7,
        subjects_created=1,
    )
    assert render(catalog.translator("ru"), timetable) == [
        "Расписание загружено: 1 класс, 30 уроков в неделю, действует с 01.09.2025.",
        "Звонки: время задано для 7 уроков, изменено: 7.",
        "Добавлено: 1 предмет.",
    ]


async def test_a_timetable_cannot_start_in_the_past(session: AsyncSession, school_id: int) -> None:
    await import_roster(session, CLI, school_id, read_roster(TEMPLATES / "roster.csv"), today=TODAY)
    before = await count(session, TimetableSlot)
    with pytest.raises(ImportRejected) as rejected:
        await import_timetable(
            session,
            CLI,
            school_id,
            read_timetable(TEMPLATES / "timetable.csv"),
            effective_from=TODAY - dt.timedelta(days=1),
            today=TODAY,
        )
    assert problems_of(rejected) == [(None, "from-in-past")]
    assert await count(session, TimetableSlot) == before


async def test_another_journals_export_with_the_name_in_one_column_loads(
    session: AsyncSession, school_id: int, tmp_path: Path
) -> None:
    """As Сетевой Город or Дневник.ру export a class: «ФИО», «ФИО родителя», a phone we do not keep."""
    path = tmp_path / "export.csv"
    path.write_text(
        "Класс;ФИО;Дата рождения;ФИО родителя;Телефон\n"
        "6В;Соколова Мария Андреевна;03.04.2014;Соколова Ирина Петровна;+7 900 000-00-00\n"
        "6В;Ким Дмитрий;12.12.2013;;\n",
        encoding="utf-8",
    )
    report = await import_roster(session, CLI, school_id, read_roster(path), today=TODAY)
    assert (report.students_created, report.guardians_created, report.ignored_headers) == (2, 1, ())
    names = set(await session.scalars(select(Student.last_name + " " + Student.first_name)))
    assert names == {"Соколова Мария", "Ким Дмитрий"}

    # Neither «ФИО» nor «Фамилия» and «Имя»: the missing columns are named, nothing is loaded.
    path.write_text("Класс;Имя;Родитель\n6В;Мария;\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        await import_roster(session, CLI, school_id, read_roster(path), today=TODAY)
    assert [p.params.get("column") for p in rejected.value.problems] == ["last_name"]
