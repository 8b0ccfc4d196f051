"""The demo school's past weeks, as a visitor of the demo would find them: lessons on the school days
before today only, taken attendance with absences and lateness, marks (none in grade 1), homework due
after its lesson, and the last school day left partly unfilled for the nudges to find."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services import demo, demo_history
from services.demo_history import HistoryFigures

MOSCOW = ZoneInfo("Europe/Moscow")
TODAY = dt.date(2026, 11, 25)  # a Wednesday of the first trimester (1 September – 30 November)
LAST_SCHOOL_DAY = dt.date(2026, 11, 24)  # the Tuesday before
WEEKS = 4


@dataclass(frozen=True)
class DemoWithHistory:
    school_id: int
    figures: HistoryFigures


@pytest.fixture
async def history(session_factory: async_sessionmaker[AsyncSession]) -> DemoWithHistory:
    now = dt.datetime.combine(TODAY, dt.time(12, 0), tzinfo=MOSCOW)
    async with session_factory() as session, session.begin():
        school = await demo.build_demo(session, now=now, ttl_days=14)
        figures = await demo_history.add_history(session, school.school_id, TODAY, weeks=WEEKS)
    return DemoWithHistory(school.school_id, figures)


async def _rows(session: AsyncSession, sql: str, **params: object) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in await session.execute(text(sql), params)]


async def _count(session: AsyncSession, sql: str, **params: object) -> int:
    return int(await session.scalar(text(sql), params) or 0)


HOLIDAYS = {dt.date(2026, 11, 4)}  # День народного единства: a day off by Russia's calendar


def _weekdays(first: dt.date, last: dt.date) -> list[dt.date]:
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.isoweekday() <= 5 and day not in HOLIDAYS]


async def test_lessons_fill_every_school_day_before_today_and_nothing_else(
    history: DemoWithHistory, session: AsyncSession
) -> None:
    dates = await _rows(
        session,
        "SELECT date, count(*) FROM lesson WHERE school_id = :s GROUP BY date ORDER BY date",
        s=history.school_id,
    )
    # Monday to Friday of the four weeks up to yesterday: nothing at the weekend, on a public holiday,
    # today or later.
    assert [day for day, _ in dates] == _weekdays(TODAY - dt.timedelta(weeks=WEEKS), LAST_SCHOOL_DAY)
    # Every day has the whole timetable: 1А 4 lessons, 5Б 5, 9В 6.
    assert {count for _, count in dates} == {4 + 5 + 6}


async def test_the_returned_figures_are_what_the_journal_holds(
    history: DemoWithHistory, session: AsyncSession
) -> None:
    s = history.school_id
    counted = HistoryFigures(
        lessons=await _count(session, "SELECT count(*) FROM lesson WHERE school_id = :s", s=s),
        marks=await _count(session, "SELECT count(*) FROM mark WHERE school_id = :s", s=s),
        absences=await _count(
            session,
            "SELECT count(*) FROM attendance a JOIN lesson l ON l.id = a.lesson_id WHERE l.school_id = :s",
            s=s,
        ),
        homework=await _count(session, "SELECT count(*) FROM homework WHERE school_id = :s", s=s),
    )
    assert counted == history.figures
    # Something of each, so the screens have something to show.
    assert min(counted.lessons, counted.marks, counted.absences, counted.homework) > 0


async def test_marks_are_two_to_five_and_first_graders_get_none(
    history: DemoWithHistory, session: AsyncSession
) -> None:
    by_class = dict(
        await _rows(
            session,
            "SELECT c.grade_level::text || c.letter, count(m.id) FROM school_class c "
            "LEFT JOIN lesson l ON l.class_id = c.id LEFT JOIN mark m ON m.lesson_id = l.id "
            "WHERE c.school_id = :s GROUP BY 1",
            s=history.school_id,
        )
    )
    assert by_class["1А"] == 0
    assert by_class["5Б"] > 0 and by_class["9В"] > 0
    marks = await _rows(session, "SELECT DISTINCT value FROM mark WHERE school_id = :s", s=history.school_id)
    values = {value for (value,) in marks}
    assert values <= {2, 3, 4, 5}
    assert len(values) > 1  # not one value for everybody
    # Nobody is marked for a lesson he missed.
    assert not await _count(
        session,
        "SELECT count(*) FROM mark m JOIN attendance a ON a.lesson_id = m.lesson_id "
        "AND a.student_id = m.student_id AND a.status = 'absent'",
    )


async def test_absences_are_on_taken_lessons_only(history: DemoWithHistory, session: AsyncSession) -> None:
    statuses = dict(await _rows(session, "SELECT status, count(*) FROM attendance GROUP BY status"))
    assert statuses.keys() == {"absent", "late"}
    assert not await _count(
        session,
        "SELECT count(*) FROM attendance a JOIN lesson l ON l.id = a.lesson_id "
        "WHERE l.attendance_taken_at IS NULL",
    )
    # Nor marks: a lesson nobody filled in has nothing in it.
    assert not await _count(
        session,
        "SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id WHERE l.attendance_taken_at IS NULL",
    )
    # An excused absence says why; lateness is never excused.
    assert not await _count(
        session, "SELECT count(*) FROM attendance WHERE excused AND (reason IS NULL OR status <> 'absent')"
    )


async def test_only_the_last_school_day_is_left_partly_untaken(
    history: DemoWithHistory, session: AsyncSession
) -> None:
    by_day = {
        day: (total, taken)
        for day, total, taken in await _rows(
            session,
            "SELECT date, count(*), count(attendance_taken_at) FROM lesson "
            "WHERE school_id = :s GROUP BY date",
            s=history.school_id,
        )
    }
    total, taken = by_day.pop(LAST_SCHOOL_DAY)
    assert 0 < taken < total  # some lessons left for the nudge to find, not the whole day
    assert all(taken == total for total, taken in by_day.values())


async def test_homework_is_due_after_its_lesson(history: DemoWithHistory, session: AsyncSession) -> None:
    assert history.figures.homework > 0
    assert not await _count(
        session,
        "SELECT count(*) FROM homework h JOIN lesson l ON l.id = h.lesson_id "
        "WHERE h.due_on <= l.date OR h.class_id <> l.class_id OR h.subject_id <> l.subject_id",
    )
    assert not await _count(session, "SELECT count(*) FROM homework WHERE lesson_id IS NULL")


async def test_homework_is_due_on_the_subjects_next_lesson(
    history: DemoWithHistory, session: AsyncSession
) -> None:
    not_a_lesson_day = await _count(
        session,
        "SELECT count(*) FROM homework h WHERE h.school_id = :s AND NOT EXISTS ("
        " SELECT 1 FROM timetable_slot t WHERE t.class_id = h.class_id AND t.subject_id = h.subject_id"
        "  AND t.weekday = extract(isodow FROM h.due_on))",
        s=history.school_id,
    )
    assert not_a_lesson_day == 0
