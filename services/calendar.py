"""The school's own date: "today" is the day in the school's timezone, not the server's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models import School
from services.errors import ServiceError


async def school_today(session: AsyncSession, school_id: int, now: dt.datetime) -> dt.date:
    return now.astimezone(await school_zone(session, school_id)).date()


async def school_zone(session: AsyncSession, school_id: int) -> ZoneInfo:
    school = await session.get(School, school_id)
    if school is None:
        raise ServiceError("school-unknown", value=str(school_id))
    return ZoneInfo(school.timezone)


# A class without a timetable yet is taken to learn Monday to Friday.
WORKING_WEEK = frozenset(range(1, 6))

_TAUGHT_WEEKDAYS = text("""
    SELECT DISTINCT weekday FROM timetable_slot
     WHERE class_id = :class_id AND (valid_to IS NULL OR valid_to >= :since)
""")


async def school_weekdays(session: AsyncSession, class_id: int, since: dt.date) -> frozenset[int]:
    """The ISO weekdays the class has lessons on by its timetable (Saturday only where it learns then)."""
    taught = frozenset(await session.scalars(_TAUGHT_WEEKDAYS, {"class_id": class_id, "since": since}))
    return taught or WORKING_WEEK


def next_school_day(
    after: dt.date, weekdays: frozenset[int], days_off: Collection[dt.date] = frozenset()
) -> dt.date:
    """The first of the class's school days after `after`: on Saturday, for a Monday-to-Friday class,
    the Monday (not «tomorrow», a Sunday); a day off by the school's calendar is skipped too."""
    day = after + dt.timedelta(days=1)
    while day.isoweekday() not in weekdays or day in days_off:
        day += dt.timedelta(days=1)
    return day


_DAYS_OFF = text("""
    SELECT d.day FROM school_calendar_day d JOIN school_class c ON c.school_id = d.school_id
     WHERE c.id = :class_id AND d.kind = 'off' AND d.day BETWEEN :since AND :until
""")


async def class_days_off(
    session: AsyncSession, class_id: int, since: dt.date, days: int = 120
) -> frozenset[dt.date]:
    """The days off of the class's school (services/school_calendar.py) from `since` on."""
    until = since + dt.timedelta(days=days)
    return frozenset(await session.scalars(_DAYS_OFF, {"class_id": class_id, "since": since, "until": until}))


def is_weekend(day: dt.date, weekdays: frozenset[int]) -> bool:
    """A day after the class's last school day of its week (Saturday or Sunday, as the class learns)."""
    return day.isoweekday() > max(weekdays)
