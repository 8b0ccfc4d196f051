"""The table of scheduled jobs: what runs, at which of the school's local times, and what it calls.

Each job is a time read from the school's settings (so a changed nudge time counts from the next run),
how late a missed run may still happen, and an adapter to the work in services/, which knows nothing
of schedules: it is told the school, the local date the run is for and a key for its messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services import (
    absence_summary,
    control_report,
    finals_reminders,
    meeting_reminders,
    morning_brief,
    nudges,
    posts,
    report_cards,
    tests_schedule,
)
from services.school_settings import SchoolSettings

JobAction = Callable[[AsyncSession, "DueRun", dt.datetime], Awaitable[int]]


@dataclass(frozen=True)
class DueRun:
    job: str
    school_id: int
    fire_at: dt.datetime  # when it fell due (UTC)
    local_date: dt.date  # the school's date at that moment
    # A run asked for by hand (run_now) is named apart from the scheduled run of that date: it takes no
    # claim from it, and its messages are not taken for the scheduled run's duplicates, nor theirs.
    by_hand: str | None = None

    @property
    def key(self) -> str:
        day = self.local_date.isoformat()
        return day if self.by_hand is None else f"{day}/{self.by_hand}"


@dataclass(frozen=True)
class Job:
    name: str
    at: Callable[[SchoolSettings], dt.time]  # the local time it fires, from the school's settings
    grace: dt.timedelta  # how late after a missed fire time it still runs
    action: JobAction
    weekday: Callable[[SchoolSettings], int | None] = lambda _: None  # ISO weekday, None: every day
    monthday: int | None = None  # a day of the month, None: every day
    # False: one run for the whole deployment (a backup), in the first school's time and claimed under
    # its id, rather than one per school.
    per_school: bool = True


async def _nudge(session: AsyncSession, run: DueRun, now: dt.datetime) -> int:
    return await nudges.nudge_teachers(
        session, run.school_id, run.local_date, now=now, last=False, run_key=f"{run.job}:{run.key}"
    )


async def _last_nudge(session: AsyncSession, run: DueRun, now: dt.datetime) -> int:
    """The morning after: what is still missing from yesterday's lessons."""
    day = run.local_date - dt.timedelta(days=1)
    return await nudges.nudge_teachers(
        session, run.school_id, day, now=now, last=True, run_key=f"{run.job}:{run.key}"
    )


async def _absence_summary(session: AsyncSession, run: DueRun, now: dt.datetime) -> int:
    return await absence_summary.send_summaries(
        session, run.school_id, run.local_date, now=now, run_key=f"{run.job}:{run.key}"
    )


async def _finals_reminder(session: AsyncSession, run: DueRun, now: dt.datetime) -> int:
    return await finals_reminders.remind(
        session, run.school_id, run.local_date, now=now, run_key=f"{run.job}:{run.key}"
    )


async def _report_cards_ready(session: AsyncSession, run: DueRun, now: dt.datetime) -> int:
    return await report_cards.tell_ready(
        session, run.school_id, run.local_date, now=now, run_key=f"{run.job}:{run.key}"
    )


async def _control_report(session: AsyncSession, run: DueRun, now: dt.datetime) -> int:
    return await control_report.send_monthly(session, run.school_id, now=now, run_key=f"{run.job}:{run.key}")


async def _morning_brief(session: AsyncSession, run: DueRun, now: dt.datetime) -> int:
    return await morning_brief.send_briefs(
        session, run.school_id, run.local_date, now=now, run_key=f"{run.job}:{run.key}"
    )


async def _event_reminder(session: AsyncSession, run: DueRun, now: dt.datetime) -> int:
    return await posts.remind_events(
        session, run.school_id, run.local_date, now=now, run_key=f"{run.job}:{run.key}"
    )


async def _test_reminder(session: AsyncSession, run: DueRun, now: dt.datetime) -> int:
    """The families of a class, on its school day before a planned test (at the events' evening hour)."""
    return await tests_schedule.remind(
        session, run.school_id, run.local_date, now=now, run_key=f"{run.job}:{run.key}"
    )


async def _meeting_reminder(session: AsyncSession, run: DueRun, now: dt.datetime) -> int:
    """Tomorrow's parent–teacher meetings: each parent who booked, and each teacher his list."""
    return await meeting_reminders.remind(
        session, run.school_id, run.local_date, now=now, run_key=f"{run.job}:{run.key}"
    )


JOBS: tuple[Job, ...] = (
    Job("teacher_nudge", lambda s: s.nudge_time, dt.timedelta(hours=3), _nudge),
    Job("teacher_nudge_last", lambda s: s.nudge_again_time, dt.timedelta(hours=3), _last_nudge),
    Job(
        "absence_summary",
        lambda s: s.summary_time,
        dt.timedelta(hours=12),
        _absence_summary,
        weekday=lambda s: s.summary_weekday,
    ),
    Job("finals_reminder", lambda s: s.finals_reminder_time, dt.timedelta(hours=12), _finals_reminder),
    # After a period ends: the families of each class whose finals are all in (or overdue) hear once
    # that the report card is ready.
    Job("report_card_ready", lambda s: s.finals_reminder_time, dt.timedelta(hours=12), _report_cards_ready),
    Job(
        "control_report",
        lambda s: s.finals_reminder_time,
        dt.timedelta(hours=12),
        _control_report,
        monthday=1,
    ),
    Job("event_reminder", lambda s: s.event_reminder_time, dt.timedelta(hours=3), _event_reminder),
    Job("test_reminder", lambda s: s.event_reminder_time, dt.timedelta(hours=3), _test_reminder),
    # Built before the earliest time a person may choose; each brief waits for his own time.
    Job("morning_brief", lambda _: morning_brief.BUILT_AT, dt.timedelta(hours=3), _morning_brief),
    Job("meeting_reminder", lambda s: s.event_reminder_time, dt.timedelta(hours=3), _meeting_reminder),
)
