"""XLSX exports for the archive, opened with openpyxl and read against the journal's own rows: a
class's journal of a subject for a trimester and its attendance register of a month."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.enums import Role
from services import demo, demo_history, exports
from services.audit import CLI, Actor
from services.errors import AccessDenied
from services.users import RoleGrant, UserContext
from tests.xlsxcheck import assert_finished

MOSCOW = ZoneInfo("Europe/Moscow")
TODAY = dt.date(2026, 11, 25)
JOURNAL = {word: word for word in exports.JOURNAL_WORDS} | {
    "absent_letter": "Н",
    "late_letter": "О",
    "excused_letter": "у",
}
REGISTER = {word: word for word in exports.REGISTER_WORDS} | {"late_letter": "о", "excused_letter": "у"}


@pytest.fixture
async def school_id(session_factory: async_sessionmaker[AsyncSession]) -> int:
    now = dt.datetime.combine(TODAY, dt.time(12, 0), tzinfo=MOSCOW)
    async with session_factory() as session, session.begin():
        school = await demo.build_demo(session, now=now, ttl_days=14)
        await demo_history.add_history(session, school.school_id, TODAY, weeks=4)
    return school.school_id


async def _one(session: AsyncSession, sql: str, **params: object) -> Any:
    return (await session.execute(text(sql), params)).one()


def _sheet(content: bytes, index: int = 0) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(content))
    return [list(row) for row in book.worksheets[index].iter_rows(values_only=True)]


async def test_the_journal_of_a_subject_holds_every_lesson_mark_and_absence(
    school_id: int, session: AsyncSession
) -> None:
    ids = await _one(
        session,
        "SELECT c.id AS class_id, s.id AS subject_id, p.id AS period_id"
        " FROM school_class c, subject s, period p WHERE c.grade_level = 5 AND s.name = 'Математика'"
        " AND p.kind = 'trimester' AND p.number = 1",
    )
    export = await exports.class_journal(session, CLI, ids.class_id, ids.subject_id, ids.period_id, JOURNAL)
    assert_finished(export.content)
    assert export.filename.startswith("5Б Математика 2026-09-01")
    grid, lessons = _sheet(export.content), _sheet(export.content, 1)

    counted = await _one(
        session,
        "SELECT count(DISTINCT l.id) AS lessons, count(m.id) AS marks FROM lesson l"
        " LEFT JOIN mark m ON m.lesson_id = l.id WHERE l.class_id = :c AND l.subject_id = :s",
        c=ids.class_id,
        s=ids.subject_id,
    )
    students = await _one(session, "SELECT count(*) AS n FROM student WHERE class_id = :c", c=ids.class_id)
    assert (
        len(grid) == students.n + 1 and len(grid[0]) == counted.lessons + 3
    )  # name, lessons, average, final
    assert len(lessons) == counted.lessons + 1
    marks_in_cells = sum(
        1
        for row in grid[1:]
        for cell in row[1:-2]
        if cell
        for part in str(cell).split(", ")
        if part[0].isdigit()
    )
    assert marks_in_cells == counted.marks

    # One student's row against his marks: every mark there, and the weighted average.
    mark = await _one(
        session,
        "SELECT st.last_name, m.value, l.date, l.lesson_number FROM mark m"
        " JOIN lesson l ON l.id = m.lesson_id JOIN student st ON st.id = m.student_id"
        " WHERE l.class_id = :c AND l.subject_id = :s ORDER BY m.id LIMIT 1",
        c=ids.class_id,
        s=ids.subject_id,
    )
    column = grid[0].index(f"{mark.date:%d.%m} №{mark.lesson_number}")
    row = next(r for r in grid[1:] if str(r[0]).startswith(mark.last_name + " "))
    assert str(mark.value) in str(row[column])
    average = await _one(
        session,
        "SELECT round(sum(m.value * k.weight) / sum(k.weight), 2) AS value FROM mark m"
        " JOIN mark_kind k ON k.id = m.kind_id JOIN lesson l ON l.id = m.lesson_id"
        " JOIN student st ON st.id = m.student_id"
        " WHERE l.class_id = :c AND l.subject_id = :s AND st.last_name = :name",
        c=ids.class_id,
        s=ids.subject_id,
        name=mark.last_name,
    )
    assert row[-2] == pytest.approx(float(average.value))

    absences = await _one(
        session,
        "SELECT count(*) AS n FROM attendance a JOIN lesson l ON l.id = a.lesson_id"
        " WHERE l.class_id = :c AND l.subject_id = :s AND a.status = 'absent'",
        c=ids.class_id,
        s=ids.subject_id,
    )
    assert sum(int(r[4]) for r in lessons[1:]) == absences.n
    assert sum(str(cell).count("Н") for r in grid[1:] for cell in r[1:-2] if cell) == absences.n


async def test_the_register_of_a_month_totals_each_student_s_absences(
    school_id: int, session: AsyncSession
) -> None:
    class_id = (await _one(session, "SELECT id FROM school_class WHERE grade_level = 9")).id
    export = await exports.attendance_register(session, CLI, class_id, dt.date(2026, 11, 1), REGISTER)
    assert_finished(export.content)
    assert export.filename == "9В register 2026-11.xlsx"
    rows = _sheet(export.content)
    header, body = rows[0], rows[1:]
    totals = await _one(
        session,
        "SELECT count(*) FILTER (WHERE a.status = 'absent') AS absent,"
        " count(*) FILTER (WHERE a.status = 'absent' AND a.excused) AS excused,"
        " count(*) FILTER (WHERE a.status = 'late') AS late"
        " FROM attendance a JOIN lesson l ON l.id = a.lesson_id"
        " WHERE l.class_id = :c AND l.date BETWEEN '2026-11-01' AND '2026-11-30'",
        c=class_id,
    )
    assert [sum(r[i] for r in body) for i in (-3, -2, -1)] == [totals.absent, totals.excused, totals.late]
    days = (
        await _one(
            session,
            "SELECT count(DISTINCT date) AS n FROM lesson WHERE class_id = :c AND date >= '2026-11-01'",
            c=class_id,
        )
    ).n
    assert len(header) == 1 + days + 3  # the student, the month's school days, three totals


async def test_only_the_class_teacher_and_the_administration_may_export(
    school_id: int, session: AsyncSession
) -> None:
    ids = await _one(
        session,
        "SELECT c5.id AS fifth, c9.id AS ninth, c5.class_teacher_id AS teacher"
        " FROM school_class c5, school_class c9 WHERE c5.grade_level = 5 AND c9.grade_level = 9",
    )
    grant = RoleGrant(Role.CLASS_TEACHER, school_id, "Демо", ids.teacher, (ids.fifth,))
    class_teacher = Actor.of(UserContext(tg_user_id=1, locale="ru", grants=(grant,), active_key=grant.key))
    await exports.attendance_register(session, class_teacher, ids.fifth, TODAY, REGISTER)
    with pytest.raises(AccessDenied):
        await exports.attendance_register(session, class_teacher, ids.ninth, TODAY, REGISTER)
    parent_grant = RoleGrant(Role.PARENT, school_id, "Демо", 1)
    parent = Actor.of(
        UserContext(tg_user_id=2, locale="ru", grants=(parent_grant,), active_key=parent_grant.key)
    )
    with pytest.raises(AccessDenied):
        await exports.attendance_register(session, parent, ids.fifth, TODAY, REGISTER)
