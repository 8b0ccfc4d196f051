"""APScheduler inside `schoolbot run` and `schoolbot worker`: a tick that runs the jobs fallen due.

Which runs are due, in which school's time, and the claim that makes each happen once across
instances live in scheduler/runs.py, the jobs in scheduler/jobs.py; here only the timer. One interval
job rather than a cron job per school and job: schools, timezones and settings change while the
process runs, and a tick reads them afresh.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scheduler import runs
from scheduler.jobs import JOBS, Job

log = logging.getLogger(__name__)


def start_scheduler(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    tick_seconds: float,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    jobs: tuple[Job, ...] = JOBS,
    counted: Callable[[str, str], None] = lambda job, outcome: None,
) -> AsyncIOScheduler:
    """Started in the running loop: a tick every `tick_seconds` runs what fell due by `now()`."""

    async def tick() -> None:
        try:
            made = await runs.tick(session_factory, now(), jobs, lambda run: counted(run.job, "failed"))
            for run, _ in made:
                counted(run.job, "done")
        except Exception:  # a database hiccup: the next tick tries again
            log.exception("the scheduler's tick failed")

    # APScheduler logs every run of the tick at INFO: twice a minute, forever. Its warnings stay.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    scheduler = AsyncIOScheduler(timezone=dt.UTC)
    scheduler.add_job(
        tick,
        IntervalTrigger(seconds=tick_seconds),
        id="tick",
        next_run_time=dt.datetime.now(dt.UTC),  # a run missed while down is caught up at once
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    log.info("scheduler started")
    return scheduler


def stop_scheduler(scheduler: AsyncIOScheduler | None) -> None:
    if scheduler is not None:
        scheduler.shutdown(wait=False)
