"""The weekly absence summary matches the attendance rows of a known week, reaches the class teacher
on Friday at the school's time (and not before), and his corrections are audited and checked."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.renderers import week_text
from bot.i18n import Catalog
from models import Attendance, AuditLog, Lesson, Outbox, Subject
from scheduler import jobs, runs
from services import absence_summary
from services.absence_summary import week_notice
from services.audit import Actor
from services.errors import AccessDenied, InvalidInput
from services.users import TelegramProfile, enter, load_context
from tests.factories import NOW, SmallSchool, small_school
from tests.xlsxcheck import assert_finished

MONDAY = dt.date(2026, 11, 23)
CLASS_TEACHER = 102
T = Catalog().translator("ru")


def moscow(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo("Europe/Moscow")).astimezone(
        dt.UTC
    )


async def _known_week(session: AsyncSession) -> SmallSchool:
    """5Б: Андреев absent on Monday's 1st lesson and late on Tuesday's 2nd; the second student absent
    on Monday, excused (ill); an absence of the Friday before, and one in 7А, which must not count."""
    school = await small_school(session)
    await enter(session, TelegramProfile(CLASS_TEACHER, CLASS_TEACHER, "Классный"), NOW)
    school.class_teacher.tg_user_id = CLASS_TEACHER
    maths = Subject(school_id=school.school_id, name="Математика")
    session.add(maths)
    await session.flush()

    async def lesson(class_id: int, day: dt.date, number: int) -> int:
        row = Lesson(
            school_id=school.school_id,
            class_id=class_id,
            subject_id=maths.id,
            teacher_id=school.teacher.id,
            date=day,
            lesson_number=number,
        )
        session.add(row)
        await session.flush()
        return row.id

    first, second = school.students_5b[0], school.students_5b[1]
    monday_1 = await lesson(school.class_5b.id, MONDAY, 1)
    tuesday_2 = await lesson(school.class_5b.id, MONDAY + dt.timedelta(days=1), 2)
    friday_before = await lesson(school.class_5b.id, MONDAY - dt.timedelta(days=3), 1)
    other_class = await lesson(school.class_7a.id, MONDAY, 1)
    session.add_all(
        [
            Attendance(lesson_id=monday_1, student_id=first.id, status="absent"),
            Attendance(lesson_id=tuesday_2, student_id=first.id, status="late"),
            Attendance(
                lesson_id=monday_1, student_id=second.id, status="absent", excused=True, reason="болел"
            ),
            Attendance(lesson_id=friday_before, student_id=first.id, status="absent"),
            Attendance(lesson_id=other_class, student_id=school.students_7a[0].id, status="absent"),
        ]
    )
    await session.commit()
    return school


async def test_the_summary_counts_the_weeks_attendance_rows(session: AsyncSession) -> None:
    school = await _known_week(session)
    weeks = await absence_summary.school_weeks(session, school.school_id, MONDAY)
    fifth = weeks[school.class_5b.id]
    counts = {
        s.student_id: (s.count("absent"), s.count("absent", excused=True), s.count("late"))
        for s in fifth.students
    }
    first, second = school.students_5b[0], school.students_5b[1]
    assert counts == {first.id: (1, 0, 1), second.id: (1, 1, 0)}
    assert (fifth.total("absent"), fifth.total("absent", excused=True), fifth.total("late")) == (2, 1, 1)
    assert weeks[school.class_7a.id].total("absent") == 1  # its own class, its own summary

    text = week_text(week_notice(fifth), T)
    assert text.startswith("📋 <b>Пропуски за неделю с 23 ноября, 5Б</b>")
    assert "   23.11: 1 Математика Н (уваж.)" in text
    assert "   24.11: 2 Математика О" in text
    assert text.endswith("Итого: Н 2 (уваж. 1), О 1")

    content = absence_summary.week_xlsx(fifth, {w: w for w in (
        "student", "date", "lesson", "subject", "status", "excused", "reason", "absent", "late", "yes", "no",
        "totals", "total")})  # fmt: skip
    assert_finished(content)
    book = load_workbook(io.BytesIO(content))
    table, totals = book.worksheets
    assert table.max_row == 1 + 3  # a header and the week's three rows
    assert [cell.value for cell in totals[totals.max_row]] == ["total", 2, 1, 1]


async def test_the_class_teacher_gets_it_on_friday_at_the_schools_time(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    school = await _known_week(session)
    friday = MONDAY + dt.timedelta(days=4)
    summary = tuple(job for job in jobs.JOBS if job.name == "absence_summary")
    assert await runs.tick(session_factory, moscow(friday, 14, 59), summary) == []
    made = await runs.tick(session_factory, moscow(friday, 15, 0), summary)
    assert [(run.job, produced) for run, produced in made] == [
        ("absence_summary", 1)
    ]  # 7А's teacher not joined
    (row,) = await session.scalars(select(Outbox).where(Outbox.kind == "absence_summary"))
    assert row.tg_user_id == CLASS_TEACHER and row.payload["class_id"] == school.class_5b.id
    assert len(row.payload["students"]) == 2
    assert await runs.tick(session_factory, moscow(friday, 15, 30), summary) == []


async def test_excusing_is_audited_and_limited_to_his_class(session: AsyncSession) -> None:
    school = await _known_week(session)
    class_teacher = Actor.of(await load_context(session, CLASS_TEACHER))
    first = school.students_5b[0]

    assert await absence_summary.excuse(session, class_teacher, first.id, MONDAY, " болезнь, справка ") == 1
    assert await absence_summary.excuse(session, class_teacher, first.id, MONDAY, "ещё раз") == 0
    excused = await session.scalar(
        select(Attendance).where(
            Attendance.student_id == first.id, Attendance.status == "absent", Attendance.excused
        )
    )
    assert excused is not None and excused.reason == "болезнь, справка"
    (entry,) = await session.scalars(select(AuditLog).where(AuditLog.action == "attendance.excused"))
    assert entry.before == {"excused": False} and (entry.after or {}).get("reason") == "болезнь, справка"
    # The Friday before stays as it was: only this week is corrected.
    assert (
        await session.scalar(
            select(func.count()).where(
                Attendance.student_id == first.id,
                Attendance.excused.is_(False),
                Attendance.status == "absent",
            )
        )
        == 1
    )

    with pytest.raises(AccessDenied):
        await absence_summary.excuse(session, class_teacher, school.students_7a[0].id, MONDAY, "болезнь")
    with pytest.raises(InvalidInput):
        await absence_summary.excuse(session, class_teacher, first.id, MONDAY, "я" * 201)
