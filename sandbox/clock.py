"""The sandbox's clock control: the scheduled jobs run now, so their messages are seen at once.

Each job runs through services.runs.run_now, exactly as its scheduled run would, for the day that
makes it say something: the nudges and the week's summary for the last school day (Friday at a
weekend), the final-marks reminders for the last day of the period that is ending (or just ended) and
for its deadline, the families told its report cards are ready as on the day after that deadline; the
events and the parent–teacher meetings of tomorrow are reminded of, and the next planned test as on the
school day before it; the morning brief of today (of Monday, at a weekend) goes at once. Messages held
for their time (a parent's evening digest, quiet hours) are released. Everything goes out through the
bot's own sender, from the outbox.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Period, PlannedTest, School
from models.enums import PeriodKind
from scheduler import runs
from services.finals_reminders import DEADLINE_DAYS


@dataclass(frozen=True)
class ClockJob:
    key: str
    run: Callable[[AsyncSession, int, dt.date, dt.datetime], Awaitable[int]]


def last_school_day(today: dt.date) -> dt.date:
    """Today on a weekday; the Friday before on a weekend."""
    while today.isoweekday() > 5:
        today -= dt.timedelta(days=1)
    return today


async def _period_end(session: AsyncSession, school_id: int, today: dt.date) -> dt.date:
    """The last day of the period under way, or of the one that ended within its finals' deadline."""
    ends_on = await session.scalar(
        select(Period.ends_on)
        .where(
            Period.school_id == school_id,
            Period.kind != PeriodKind.YEAR.value,
            Period.ends_on >= today - dt.timedelta(days=DEADLINE_DAYS),
        )
        .order_by(Period.ends_on)
        .limit(1)
    )
    return ends_on or today


def _job(name: str, day: Callable[[dt.date], dt.date]) -> Callable[..., Awaitable[int]]:
    async def run(session: AsyncSession, school_id: int, today: dt.date, now: dt.datetime) -> int:
        return await runs.run_now(session, name, school_id, day(today), now, label=_label(now))

    return run


async def _finals(session: AsyncSession, school_id: int, today: dt.date, now: dt.datetime) -> int:
    end = await _period_end(session, school_id, today)
    return await runs.run_now(session, "finals_reminder", school_id, end, now, label=_label(now))


async def _finals_deadline(session: AsyncSession, school_id: int, today: dt.date, now: dt.datetime) -> int:
    deadline = await _period_end(session, school_id, today) + dt.timedelta(days=DEADLINE_DAYS)
    return await runs.run_now(session, "finals_reminder", school_id, deadline, now, label=_label(now))


async def _test_reminder(session: AsyncSession, school_id: int, today: dt.date, now: dt.datetime) -> int:
    """As on the school day before the school's next planned test (the Friday before a Monday's)."""
    first = await session.scalar(
        select(func.min(PlannedTest.day)).where(PlannedTest.school_id == school_id, PlannedTest.day > today)
    )
    if first is None:
        return 0
    day = last_school_day(first - dt.timedelta(days=1))
    return await runs.run_now(session, "test_reminder", school_id, day, now, label=_label(now))


_BRIEF_NOW = text("""
    UPDATE outbox SET not_before = :now
     WHERE school_id = :school_id AND kind = 'morning_brief' AND status = 'pending' AND not_before > :now
""")


async def _morning_brief(session: AsyncSession, school_id: int, today: dt.date, now: dt.datetime) -> int:
    """Today's brief (on a weekend, Monday's), delivered at once rather than at each reader's time."""
    day = today if today.isoweekday() <= 5 else today + dt.timedelta(days=8 - today.isoweekday())
    queued = await runs.run_now(session, "morning_brief", school_id, day, now, label=_label(now))
    await session.execute(_BRIEF_NOW, {"school_id": school_id, "now": now})
    return queued


async def _report_cards(session: AsyncSession, school_id: int, today: dt.date, now: dt.datetime) -> int:
    """As on the day after the finals' deadline of that period: its report cards are ready."""
    after = await _period_end(session, school_id, today) + dt.timedelta(days=DEADLINE_DAYS + 1)
    return await runs.run_now(session, "report_card_ready", school_id, after, now, label=_label(now))


_RELEASE_HELD = text("""
    WITH released AS (
        UPDATE outbox SET not_before = :now
         WHERE school_id = :school_id AND status = 'pending' AND not_before > :now
        RETURNING id)
    SELECT count(*) FROM released
""")


async def _release_held(session: AsyncSession, school_id: int, today: dt.date, now: dt.datetime) -> int:
    released = int(await session.scalar(_RELEASE_HELD, {"school_id": school_id, "now": now}) or 0)
    # An insert wakes the sender by a trigger; an update does not, so it is woken here.
    await session.execute(text("SELECT pg_notify('outbox', '')"))
    return released


def _label(now: dt.datetime) -> str:
    return f"sandbox-{time.monotonic_ns()}-{now:%H%M%S}"


JOBS: tuple[ClockJob, ...] = (
    ClockJob("teacher_nudge", _job("teacher_nudge", last_school_day)),
    ClockJob(
        "teacher_nudge_last",
        _job("teacher_nudge_last", lambda today: last_school_day(today) + dt.timedelta(days=1)),
    ),
    ClockJob("absence_summary", _job("absence_summary", last_school_day)),
    ClockJob("finals_reminder", _finals),
    ClockJob("finals_deadline", _finals_deadline),
    ClockJob("report_card_ready", _report_cards),
    ClockJob("control_report", _job("control_report", lambda today: today)),
    ClockJob("event_reminder", _job("event_reminder", lambda today: today)),
    ClockJob("test_reminder", _test_reminder),
    ClockJob("morning_brief", _morning_brief),
    ClockJob("meeting_reminder", _job("meeting_reminder", lambda today: today)),
    ClockJob("release_held", _release_held),
)


async def run_job(
    sessions: async_sessionmaker[AsyncSession], school_id: int, key: str, now: dt.datetime
) -> int:
    """Run one of JOBS for the school now, in one transaction; returns how many messages it queued."""
    job = next((job for job in JOBS if job.key == key), None)
    if job is None:
        raise LookupError(f"no such job: {key}")
    async with sessions() as session, session.begin():
        school = await session.get(School, school_id)
        if school is None:
            raise LookupError(f"no school {school_id}")
        today = now.astimezone(ZoneInfo(school.timezone)).date()
        return await job.run(session, school_id, today, now)
