"""The control report counts what is missing lesson by lesson, lessons nobody opened included, and
reaches the deputies on the 1st of the month for the period just under way."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.renderers import control_text
from bot.i18n import Catalog
from models import Homework, Lesson, Mark, MarkKind, Outbox, Subject, TimetableSlot
from scheduler import runs
from services import control_report
from services.users import TelegramProfile, enter
from tests.factories import NOW, SmallSchool, small_school
from tests.xlsxcheck import assert_finished

DEPUTY = 104
T = Catalog().translator("ru")
MONDAYS = [dt.date(2026, 11, 2) + dt.timedelta(weeks=n) for n in range(4)]


async def _mondays_of_physics(session: AsyncSession) -> SmallSchool:
    """5Б has Физика on Mondays from November; only the last one (23.11) is filled, with a mark."""
    school = await small_school(session)
    await enter(session, TelegramProfile(DEPUTY, DEPUTY, "Завуч"), NOW)
    school.deputy.tg_user_id = DEPUTY
    physics = Subject(school_id=school.school_id, name="Физика")
    session.add(physics)
    await session.flush()
    session.add(
        TimetableSlot(
            school_id=school.school_id,
            class_id=school.class_5b.id,
            weekday=1,
            lesson_number=1,
            subject_id=physics.id,
            teacher_id=school.teacher.id,
            valid_from=dt.date(2026, 11, 1),
        )
    )
    lesson = Lesson(
        school_id=school.school_id,
        class_id=school.class_5b.id,
        subject_id=physics.id,
        teacher_id=school.teacher.id,
        date=MONDAYS[-1],
        lesson_number=1,
        topic="Давление",
        attendance_taken_at=NOW,
    )
    session.add(lesson)
    await session.flush()
    kind = await session.scalar(select(MarkKind).where(MarkKind.school_id == school.school_id).limit(1))
    assert kind is not None
    session.add_all(
        [
            Homework(
                school_id=school.school_id,
                class_id=school.class_5b.id,
                subject_id=physics.id,
                lesson_id=lesson.id,
                due_on=MONDAYS[-1] + dt.timedelta(days=7),
                text="§ 5",
            ),
            Mark(
                school_id=school.school_id,
                lesson_id=lesson.id,
                student_id=school.students_5b[0].id,
                kind_id=kind.id,
                value=5,
                entry_key="k",
            ),
        ]
    )
    await session.commit()
    return school


async def test_the_report_counts_every_lesson_of_the_timetable(session: AsyncSession) -> None:
    school = await _mondays_of_physics(session)
    report = await control_report.build(session, school.school_id, None, now=NOW)
    (line,) = report.lines
    assert (line.teacher, line.class_label, line.subject) == (school.teacher.short_name, "5Б", "Физика")
    assert (line.lessons, line.no_attendance, line.no_topic, line.no_homework) == (4, 3, 3, 3)
    assert line.last_mark == MONDAYS[-1] and line.days_without_marks == 5
    assert report.until == NOW.date() and not line.complete
    assert len(list(await session.scalars(select(Lesson)))) == 4  # the three never opened were made

    text = control_text(control_report.report_notice(report, school.school_id), T)
    assert "Заполнено полностью: 0 из 1" in text
    assert f"{school.teacher.short_name} · 5Б · Физика — без посещаемости 3, без темы 3, без ДЗ 3" in text

    content = control_report.report_xlsx(report, {c: c for c in control_report.XLSX_WORDS})
    assert_finished(content)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert [cell.value for cell in sheet[2]][:7] == [school.teacher.short_name, "5Б", "Физика", 4, 3, 3, 3]


async def test_the_deputies_get_it_on_the_first_of_the_month(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await _mondays_of_physics(session)
    first = dt.datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/Moscow")).astimezone(dt.UTC)
    made = await runs.tick(session_factory, first)
    assert ("control_report", 1) in [(run.job, n) for run, n in made]
    (row,) = await session.scalars(select(Outbox).where(Outbox.kind == "control_report"))
    assert row.tg_user_id == DEPUTY
    assert (row.payload["period_number"], row.payload["until"]) == (
        1,
        "2026-11-30",
    )  # the trimester just ended
    assert row.payload["incomplete_count"] == 1
    assert ("control_report", 1) not in [(r.job, n) for r, n in await runs.tick(session_factory, first)]
