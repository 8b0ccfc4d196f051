"""Scheduled jobs: when each school's runs fall due, and running each exactly once.

Each job fires at a local time of the school (its own timezone and settings, read afresh at every
tick, so a changed nudge time counts from the next run). A run is named by (job, school, period key:
the local date it is for) and claimed in scheduler_run in the same transaction as everything it
writes: several instances ticking together run it once, a run that failed is rolled back with its
claim and tried again at the next tick, and a run missed while the bot was down happens once after
the restart if its grace time has not passed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scheduler.jobs import JOBS, DueRun, Job
from services.school_settings import SchoolSettings

log = logging.getLogger(__name__)

_CRON_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_SCHOOLS = text("SELECT id, timezone, settings FROM school ORDER BY id")
_CLAIM = text("""
    INSERT INTO scheduler_run (job, school_id, period_key) VALUES (:job, :school_id, :key)
    ON CONFLICT (job, school_id, period_key) DO NOTHING
    RETURNING id
""")
_CLAIMED = text("""
    SELECT r.job, r.school_id, r.period_key FROM scheduler_run r
      JOIN unnest(CAST(:jobs AS text[]), CAST(:schools AS bigint[]), CAST(:keys AS text[]))
           AS d(job, school_id, k)
        ON r.job = d.job AND r.school_id = d.school_id AND r.period_key = d.k
""")
_FINISH = text("UPDATE scheduler_run SET finished_at = :now WHERE id = :id")


def last_fire_time(
    job: Job, settings: SchoolSettings, zone: ZoneInfo, now: dt.datetime
) -> dt.datetime | None:
    """The latest time the job was due at or before `now`, if within its grace time."""
    at, weekday = job.at(settings), job.weekday(settings)
    days = _CRON_DAYS[weekday - 1] if weekday is not None else "*"
    trigger = CronTrigger(
        day=job.monthday if job.monthday is not None else "*",
        day_of_week=days,
        hour=at.hour,
        minute=at.minute,
        timezone=zone,
    )
    fire: dt.datetime | None = trigger.get_next_fire_time(None, now - job.grace)
    if fire is None or fire > now:
        return None
    return fire.astimezone(dt.UTC)


async def due_runs(session: AsyncSession, now: dt.datetime, jobs: tuple[Job, ...] = JOBS) -> list[DueRun]:
    """Every school's runs due now and not yet claimed (two statements; the claim still decides, as
    another instance may claim one in between)."""
    due = []
    for index, school in enumerate(await session.execute(_SCHOOLS)):
        zone, settings = ZoneInfo(school.timezone), SchoolSettings.of(school.settings)
        for job in jobs if index == 0 else [job for job in jobs if job.per_school]:
            fire = last_fire_time(job, settings, zone, now)
            if fire is not None:
                due.append(DueRun(job.name, school.id, fire, fire.astimezone(zone).date()))
    if not due:
        return due
    claimed = {
        (row.job, row.school_id, row.period_key)
        for row in await session.execute(
            _CLAIMED,
            {
                "jobs": [r.job for r in due],
                "schools": [r.school_id for r in due],
                "keys": [r.key for r in due],
            },
        )
    }
    return [run for run in due if (run.job, run.school_id, run.key) not in claimed]


async def tick(
    session_factory: async_sessionmaker[AsyncSession],
    now: dt.datetime,
    jobs: tuple[Job, ...] = JOBS,
    on_failure: Callable[[DueRun], None] | None = None,
) -> list[tuple[DueRun, int]]:
    """Run what is due and not yet run; returns the runs this call made, with what each produced
    (a run that failed is told to `on_failure`, for the metrics)."""
    async with session_factory() as session:
        due = await due_runs(session, now, jobs)
    by_name = {job.name: job for job in jobs}
    made = []
    for run in due:
        try:
            produced = await _run_once(session_factory, by_name[run.job], run, now)
        except Exception:
            # Rolled back with its claim: the next tick tries again (within the grace time).
            log.exception("scheduled job %s for school %s failed", run.job, run.school_id)
            if on_failure is not None:
                on_failure(run)
            continue
        if produced is not None:
            made.append((run, produced))
    return made


async def run_now(
    session: AsyncSession, job_name: str, school_id: int, local_date: dt.date, now: dt.datetime, label: str
) -> int:
    """Run one job for one school at once, as its run for `local_date` would (an administrator's "send
    it now"): no claim is taken, so the scheduled run still happens at its time. `label` must name this
    run apart from every other (its messages' dedupe keys are made of it: a label used twice is refused
    by the outbox's unique key and the run rolls back). Returns what the run produced."""
    job = next((job for job in JOBS if job.name == job_name), None)
    if job is None:
        raise ValueError(f"no scheduled job {job_name!r}; there are: {', '.join(j.name for j in JOBS)}")
    run = DueRun(job.name, school_id, now, local_date, by_hand=label)
    produced = await job.action(session, run, now)
    log.info("job %s for school %s run by hand (%s): %d", run.job, school_id, run.key, produced)
    return produced


async def _run_once(
    session_factory: async_sessionmaker[AsyncSession], job: Job, run: DueRun, now: dt.datetime
) -> int | None:
    async with session_factory() as session, session.begin():
        claim = await session.scalar(_CLAIM, {"job": run.job, "school_id": run.school_id, "key": run.key})
        if claim is None:
            return None  # another instance (or an earlier tick) has it
        produced = await job.action(session, run, now)
        await session.execute(_FINISH, {"id": claim, "now": now})
    log.info("scheduled job %s for school %s (%s): %d", run.job, run.school_id, run.key, produced)
    return produced
