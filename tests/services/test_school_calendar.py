"""The school's calendar: Russia's holidays by default, no lessons on a day off, a working Saturday runs
Monday's timetable, the coordinator's own holidays, and what a teacher and a family see."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Lesson, SchoolCalendarDay, Staff, TimetableSlot
from services import demo, lessons, school_calendar
from services.audit import CLI
from services.calendar import next_school_day
from services.errors import InvalidInput
from services.school_calendar import parse_days, public_calendar

BUILT = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


def test_russias_production_calendar_gives_holidays_and_working_saturdays() -> None:
    days_off, moved = public_calendar(dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    assert days_off[dt.date(2026, 11, 4)] == "День народного единства"
    assert dt.date(2027, 1, 7) in days_off and dt.date(2027, 3, 8) in days_off
    assert dt.date(2026, 9, 1) not in days_off
    # 20 February 2027 (a Saturday) is worked, its day off moved to Monday 22 February.
    assert moved == {dt.date(2027, 2, 20): 1}


def test_typed_days_read_as_people_write_them() -> None:
    today = dt.date(2026, 12, 5)
    assert parse_days("26.10–03.11 Осенние каникулы", dt.date(2026, 10, 1)) == school_calendar.TypedDays(
        dt.date(2026, 10, 26), dt.date(2026, 11, 3), "Осенние каникулы"
    )
    winter = parse_days("28.12 - 8.01 Зимние каникулы", today)
    assert (winter.first, winter.last) == (dt.date(2026, 12, 28), dt.date(2027, 1, 8))
    assert parse_days("10.01", today).first == dt.date(2027, 1, 10)  # in December, next January
    assert parse_days("20.02.27 пн", today) == school_calendar.TypedDays(
        dt.date(2027, 2, 20), dt.date(2027, 2, 20), "пн"
    )
    for wrong in ("завтра", "31.02", ""):
        with pytest.raises(InvalidInput):
            parse_days(wrong, today)


async def _lessons_on(session: AsyncSession, school_id: int, day: dt.date) -> int:
    await lessons.ensure_school_lessons(session, school_id, day, day)
    return int(await session.scalar(select(func.count()).select_from(Lesson).where(Lesson.date == day)) or 0)


async def test_no_lessons_on_a_day_off_and_a_working_saturday_runs_mondays(session: AsyncSession) -> None:
    school = await demo.build_demo(session, now=BUILT, ttl_days=14)
    holiday, monday = dt.date(2026, 11, 4), dt.date(2026, 11, 30)
    assert await _lessons_on(session, school.school_id, holiday) == 0  # День народного единства
    mondays = await _lessons_on(session, school.school_id, monday)
    assert mondays > 0

    # The school's own holidays: the autumn break, typed by the coordinator.
    added = await school_calendar.add_days_off(session, CLI, school.school_id, dt.date(2026, 12, 1),
                                               dt.date(2026, 12, 2), "Карантин")  # fmt: skip
    assert added == 2
    assert await _lessons_on(session, school.school_id, dt.date(2026, 12, 1)) == 0
    # A working Saturday on Monday's timetable: Monday's lessons, on that Saturday.
    saturday = dt.date(2026, 12, 12)
    assert await _lessons_on(session, school.school_id, saturday) == 0  # the demo learns Monday to Friday
    await school_calendar.add_working_day(session, CLI, school.school_id, saturday, 1)
    assert await _lessons_on(session, school.school_id, saturday) == mondays

    # A teacher's day on a holiday is empty and says so; the next school day skips the break.
    teacher = await session.scalar(
        select(Staff).join(TimetableSlot, TimetableSlot.teacher_id == Staff.id).limit(1)
    )
    assert teacher is not None
    off = await school_calendar.calendar(session, school.school_id, holiday, holiday)
    assert off.weekday(holiday) is None and off.day_off(holiday) == "День народного единства"
    assert next_school_day(
        dt.date(2026, 11, 30), frozenset(range(1, 6)), {dt.date(2026, 12, 1), dt.date(2026, 12, 2)}
    ) == dt.date(2026, 12, 3)

    # Given back to the timetable: lessons again; the list of what is ahead joins a break into one line.
    assert await school_calendar.clear_day(session, CLI, school.school_id, dt.date(2026, 12, 2))
    assert not await school_calendar.clear_day(session, CLI, school.school_id, dt.date(2026, 12, 2))
    ahead = await school_calendar.upcoming(session, CLI, school.school_id, dt.date(2026, 11, 28))
    assert ahead[0].name == "Карантин" and ahead[0].first == ahead[0].last == dt.date(2026, 12, 1)
    new_year = next(line for line in ahead if line.first == dt.date(2027, 1, 1))
    assert new_year.last == dt.date(2027, 1, 6)  # «Новогодние каникулы» joined; 7 January has its own name
    with pytest.raises(InvalidInput):
        await school_calendar.add_days_off(
            session, CLI, school.school_id, dt.date(2026, 12, 5), dt.date(2026, 12, 1), ""
        )
    # The default calendar is loaded once per year; a day the school set is kept.
    assert (
        await school_calendar.load_public_calendar(
            session, school.school_id, dt.date(2026, 9, 1), dt.date(2027, 8, 31)
        )
        == 0
    )
    assert (await session.scalar(select(func.count()).select_from(SchoolCalendarDay)) or 0) > 15
