"""The long-running processes: the bot (polling, and by default the sender and the scheduler) and
the worker (the sender and the scheduler alone)."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramNetworkError
from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import build_bot, build_dispatcher, set_commands, settle_memory
from bot.backup import nightly_job
from bot.db import DatabaseTarget, make_engine, make_session_factory
from bot.delivery.sender import api_for, sender_for
from bot.i18n import Catalog
from bot.links import InviteLinks
from bot.max.files import MaxFilesForTelegram, telegram_fetcher
from bot.max.polling import MaxPoller, max_bot
from bot.max.webhook import add_max_route, agree_on_max_webhook, serve_max_webhook
from bot.metrics import Metrics, add_health_routes, health_app, serve_health
from bot.migrate import head_revision
from bot.settings import Settings, SettingsError
from bot.webhook import agree_on_webhook, serve_webhook
from scheduler.jobs import JOBS
from scheduler.timer import start_scheduler, stop_scheduler

log = logging.getLogger(__name__)


@dataclass
class _Process:
    """What `run` and `worker` share: the database, the texts, the metrics."""

    settings: Settings
    target: DatabaseTarget
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    catalog: Catalog
    metrics: Metrics

    @classmethod
    def of(cls, settings: Settings, target: DatabaseTarget) -> _Process:
        engine = make_engine(target.url)
        catalog = Catalog(default_locale=settings.default_locale)
        metrics = Metrics(sender_stall_seconds=max(120.0, 3 * settings.delivery_poll_seconds))
        return cls(settings, target, engine, make_session_factory(engine), catalog, metrics)

    async def health(self) -> Callable[[], Awaitable[None]] | None:
        """/healthz, /readyz and /metrics on METRICS_LISTEN; how to stop them."""
        if self.settings.metrics_listen is None:
            return None
        app = health_app(self.engine, self.metrics, head_revision())
        return await serve_health(self.settings.metrics_listen, app)

    def scheduler(self) -> AsyncIOScheduler | None:
        """The scheduled jobs' timer, unless this instance leaves them to others (RUN_SCHEDULER=false);
        with BACKUP_DIR set, the nightly backup among them."""
        settings = self.settings
        if not settings.run_scheduler:
            return None
        jobs = JOBS
        if settings.backup_dir is not None:
            backup = nightly_job(
                self.target.owner_url,
                settings.backup_dir,
                settings.backup_keep_daily,
                settings.backup_keep_monthly,
            )
            jobs = (*JOBS, backup)
        runs = self.metrics.scheduler_runs
        return start_scheduler(
            self.sessions,
            tick_seconds=settings.scheduler_tick_seconds,
            jobs=jobs,
            counted=lambda job, outcome: runs.labels(job, outcome).inc(),
        )

    async def send(self, stop: asyncio.Event) -> None:
        try:
            async with api_for(self.settings, self.sessions) as api:
                sender = sender_for(
                    self.settings, self.sessions, api, self.catalog, self.target.url, metrics=self.metrics
                )
                await sender.run(stop)
                log.info("sender stopped after %d messages", sender.sent)
        except Exception:
            # The bot keeps answering people even if delivery breaks; the log says why.
            log.exception("the sender stopped")


async def serve(settings: Settings, target: DatabaseTarget) -> None:
    """`schoolbot run`: Telegram's bot (BOT_TOKEN) and MAX's (MAX_BOT_TOKEN), either or both, through one
    Dispatcher; the sender and the scheduled jobs unless left to a worker."""
    process = _Process.of(settings, target)
    bot = build_bot(settings) if settings.bot_token is not None else None
    by_webhook = bot is not None and settings.webhook_url is not None
    if by_webhook:
        settings.require_webhook_secret()
    max_by_webhook = settings.max_bot_token is not None and settings.max_webhook_url is not None
    if max_by_webhook:
        settings.require_max_webhook_secret()
    dispatcher = build_dispatcher(
        settings,
        process.sessions,
        catalog=process.catalog,
        metrics=process.metrics,
        webhook=by_webhook or max_by_webhook,
    )
    stop_sending = asyncio.Event()
    sending: asyncio.Task[None] | None = None
    stop_max = asyncio.Event()
    max_serving: asyncio.Task[None] | None = None
    max_updates: MaxPoller | None = None
    scheduler = None
    stop_health = None
    try:
        stop_health = await process.health()
        telegram_username = await _start_telegram(bot, settings, process) if bot is not None else None
        if settings.max_bot_token is not None:
            max_updates = await _start_max(settings, dispatcher, process, required=bot is None)
        if bot is not None and max_updates is not None:  # stored files cross between the two
            max_updates.api.fetch_telegram = telegram_fetcher(bot)
            bot.session.middleware(MaxFilesForTelegram(process.sessions, settings.max_ssl()))
        if settings.run_sender:
            sending = asyncio.create_task(process.send(stop_sending))
        scheduler = process.scheduler()
        dispatcher["invite_links"] = InviteLinks(
            telegram_username,
            max_updates.identity.username if max_updates is not None else settings.max_bot_username,
        )
        if max_updates is not None:
            max_serving = asyncio.create_task(
                _serve_max(max_updates, settings, stop_max, own_server=not by_webhook)
            )
        settle_memory()
        if bot is None:  # MAX alone: served until SIGTERM or Ctrl-C
            await _until_signalled(stop_max)
        elif by_webhook:
            await agree_on_webhook(bot, process.engine, settings, dispatcher.resolve_used_update_types())
            head = head_revision()

            def routes(app: web.Application) -> None:
                add_health_routes(app, process.engine, process.metrics, head)
                if max_by_webhook and max_updates is not None:  # MAX's path on the same server
                    add_max_route(app, max_updates, settings)

            await serve_webhook(settings, bot, dispatcher, process.engine, routes)
        else:
            # aiogram stops polling on SIGINT and SIGTERM; the sender then gives back what it holds.
            await dispatcher.start_polling(bot, polling_timeout=10, handle_as_tasks=True)
    finally:
        stop_max.set()
        if max_serving is not None:
            await max_serving
        if max_updates is not None:
            await max_updates.api.close()
        stop_scheduler(scheduler)
        stop_sending.set()
        if sending is not None:
            await sending
        if stop_health is not None:
            await stop_health()
        await dispatcher.storage.close()
        if bot is not None:
            await bot.session.close()
        await process.engine.dispose()


async def _start_telegram(bot: Bot, settings: Settings, process: _Process) -> str | None:
    """Who the Telegram bot is (its username, for invite links), its command menu set."""
    try:
        me = await bot.me()
    except TelegramNetworkError as error:
        api = settings.bot_api_url or "api.telegram.org"
        raise SettingsError("BOT_API_URL", "api-unreachable", target=api, reason=error.message) from None
    log.info("running as @%s", me.username)
    await set_commands(bot, process.catalog)
    return me.username


async def _until_signalled(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)


async def _start_max(
    settings: Settings, dispatcher: Dispatcher, process: _Process, *, required: bool
) -> MaxPoller | None:
    """The MAX bot (MAX_BOT_TOKEN set), its webhook subscribed when MAX_WEBHOOK_URL is set. A MAX that
    cannot be reached leaves Telegram's side serving, the log says why; with no Telegram bot
    (`required`) it is the one-line error of a setting."""
    try:
        bot, identity = await max_bot(settings, process.sessions)
    except Exception as error:
        if required:
            raise SettingsError(
                "MAX_API_URL", "api-unreachable", target=settings.max_api_url, reason=str(error)[:200]
            ) from None
        log.exception("MAX is not served: its bot could not be reached")
        return None
    log.info("MAX: running as %s", identity.username or identity.user_id)
    updates = MaxPoller(dispatcher, bot, identity, process.sessions)
    if settings.max_webhook_url is not None:
        try:
            await agree_on_max_webhook(updates, process.engine, settings)
        except Exception:
            log.exception("MAX: the webhook could not be subscribed; updates wait at MAX")
    return updates


async def _serve_max(
    updates: MaxPoller, settings: Settings, stop: asyncio.Event, *, own_server: bool
) -> None:
    """MAX's updates until the bot stops: by long polling, or by its webhook (on Telegram's webhook
    server when there is one, else on a server of its own at WEBHOOK_LISTEN)."""
    try:
        if settings.max_webhook_url is None:
            await updates.run(stop)
        elif own_server:
            await serve_max_webhook(updates, settings, stop)
    except Exception:
        log.exception("MAX: updates stopped")


async def work(settings: Settings, target: DatabaseTarget) -> None:
    """`schoolbot worker`: the sender and the scheduler, until SIGTERM or Ctrl-C."""
    process = _Process.of(settings, target)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    stop_health = await process.health()
    scheduler = process.scheduler()
    try:
        log.info("sender started")
        await process.send(stop)
    finally:
        stop_scheduler(scheduler)
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        if stop_health is not None:
            await stop_health()
        await process.engine.dispose()
