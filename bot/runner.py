"""The long-running processes: the bot (polling, and by default the sender and the scheduler) and
the worker (the sender and the scheduler alone)."""

from __future__ import annotations

import asyncio
import logging
import signal

from aiogram.exceptions import TelegramNetworkError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_bot, build_dispatcher, set_commands, settle_memory
from bot.backup import nightly_job
from bot.db import DatabaseTarget, make_engine, make_session_factory
from bot.delivery.sender import api_for, sender_for
from bot.i18n import Catalog
from bot.settings import Settings, SettingsError
from scheduler.jobs import JOBS
from scheduler.timer import start_scheduler, stop_scheduler

log = logging.getLogger(__name__)


async def serve(settings: Settings, target: DatabaseTarget) -> None:
    database_url = target.url
    engine = make_engine(database_url)
    session_factory = make_session_factory(engine)
    catalog = Catalog(default_locale=settings.default_locale)
    bot = build_bot(settings)
    dispatcher = build_dispatcher(settings, session_factory, catalog=catalog)
    stop_sending = asyncio.Event()
    sending: asyncio.Task[None] | None = None
    scheduler = None
    try:
        try:
            me = await bot.me()
        except TelegramNetworkError as error:
            api = settings.bot_api_url or "api.telegram.org"
            raise SettingsError("BOT_API_URL", "api-unreachable", target=api, reason=error.message) from None
        log.info("running as @%s", me.username)
        await set_commands(bot, catalog)
        if settings.run_sender:
            sending = asyncio.create_task(
                _send(settings, session_factory, catalog, database_url, stop_sending)
            )
        scheduler = _scheduler(settings, session_factory, target)
        settle_memory()
        # aiogram stops polling on SIGINT and SIGTERM; the sender then gives back what it holds.
        await dispatcher.start_polling(bot, polling_timeout=10, handle_as_tasks=True)
    finally:
        stop_scheduler(scheduler)
        stop_sending.set()
        if sending is not None:
            await sending
        await dispatcher.storage.close()
        await bot.session.close()
        await engine.dispose()


async def work(settings: Settings, target: DatabaseTarget) -> None:
    """`schoolbot worker`: the sender and the scheduler, until SIGTERM or Ctrl-C."""
    database_url = target.url
    engine = make_engine(database_url)
    catalog = Catalog(default_locale=settings.default_locale)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    session_factory = make_session_factory(engine)
    scheduler = _scheduler(settings, session_factory, target)
    try:
        log.info("sender started")
        await _send(settings, session_factory, catalog, database_url, stop)
    finally:
        stop_scheduler(scheduler)
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        await engine.dispose()


def _scheduler(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession], target: DatabaseTarget
) -> AsyncIOScheduler | None:
    """The scheduled jobs' timer, unless this instance leaves them to others (RUN_SCHEDULER=false);
    with BACKUP_DIR set, the nightly backup among them."""
    if not settings.run_scheduler:
        return None
    jobs = JOBS
    if settings.backup_dir is not None:
        backup = nightly_job(
            target.owner_url, settings.backup_dir, settings.backup_keep_daily, settings.backup_keep_monthly
        )
        jobs = (*JOBS, backup)
    return start_scheduler(session_factory, tick_seconds=settings.scheduler_tick_seconds, jobs=jobs)


async def _send(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    catalog: Catalog,
    database_url: str,
    stop: asyncio.Event,
) -> None:
    try:
        async with api_for(settings) as api:
            sender = sender_for(settings, sessions, api, catalog, database_url)
            await sender.run(stop)
            log.info("sender stopped after %d messages", sender.sent)
    except Exception:
        # The bot keeps answering people even if delivery breaks; the log says why.
        log.exception("the sender stopped")
