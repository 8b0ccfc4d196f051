"""The application factory: Bot, Dispatcher, routers, middlewares and storage, and the polling loop."""

from __future__ import annotations

import gc
import logging
import ssl

from aiogram import Bot, Dispatcher, F
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ChatType, ParseMode
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import BotCommand
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock, SystemClock
from bot.filters import Inline
from bot.fsm_storage import PostgresStorage
from bot.i18n import SUPPORTED_LOCALES, Catalog
from bot.links import InviteLinks
from bot.max.files import RememberFileNames
from bot.metrics import Metrics
from bot.middlewares import DbSessionMiddleware, OneAtATimeMiddleware, UserContextMiddleware
from bot.repeat_guard import RepeatedPressMiddleware
from bot.request_middleware import KeepResponseTypes, skip_reading_back_edits
from bot.settings import Settings, SettingsError
from bot.update_metrics import UpdateMetricsMiddleware
from bot.webhook import WebhookSessionMiddleware
from handlers import get_routers

log = logging.getLogger(__name__)

COMMANDS = (
    "menu",
    "today",
    "marks",
    "homework",
    "absences",
    "timetable",
    "notifications",
    "help",
    "language",
    "cancel",
)


def build_session(settings: Settings) -> AiohttpSession:
    """aiogram's HTTP session, through TELEGRAM_PROXY and trusting TELEGRAM_CA_BUNDLE when set."""
    api = TelegramAPIServer.from_base(settings.bot_api_url) if settings.bot_api_url else None
    session = (
        AiohttpSession(api=api, proxy=settings.telegram_proxy)
        if api
        else AiohttpSession(proxy=settings.telegram_proxy)
    )
    if settings.telegram_ca_bundle is not None:
        # The connector's keyword arguments, for a plain and a proxied connection alike.
        session._connector_init["ssl"] = ssl.create_default_context(cafile=str(settings.telegram_ca_bundle))
    return session


def build_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    session = session or build_session(settings)
    session.middleware(KeepResponseTypes())
    skip_reading_back_edits(session)
    return Bot(
        token=settings.require_token(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


def build_storage(settings: Settings, session_factory: async_sessionmaker[AsyncSession]) -> BaseStorage:
    """PostgreSQL by default; Redis when REDIS_URL is set (several instances, heavy traffic)."""
    if settings.redis_url:
        from aiogram.fsm.storage.base import DefaultKeyBuilder

        try:
            from aiogram.fsm.storage.redis import RedisStorage
        except ImportError:
            raise SettingsError("REDIS_URL", "redis-missing") from None

        return RedisStorage.from_url(
            settings.redis_url, key_builder=DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
        )
    return PostgresStorage(session_factory)


def build_dispatcher(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    *,
    storage: BaseStorage | None = None,
    catalog: Catalog | None = None,
    clock: Clock | None = None,
    metrics: Metrics | None = None,
    webhook: bool = False,
) -> Dispatcher:
    catalog = catalog or Catalog(default_locale=settings.default_locale)
    storage = storage or build_storage(settings, session_factory)
    # aiogram's FSM middleware is replaced by ours (see bot/middlewares.py); the lock per user is
    # in-process, or in Redis when several instances share the work.
    isolation = storage.create_isolation() if hasattr(storage, "create_isolation") else SimpleEventIsolation()
    dispatcher = Dispatcher(storage=storage, disable_fsm=True)
    dispatcher["settings"] = settings
    # The bots invites open (bot/links.py): from the settings here, from Telegram and MAX at start-up.
    dispatcher["invite_links"] = InviteLinks(settings.bot_username, settings.max_bot_username)
    dispatcher["catalog"] = catalog
    dispatcher["clock"] = clock or SystemClock()
    # Private chats only (a menu or a link shown in a group would be seen by all of it).
    dispatcher.message.filter(Inline(F.chat.type == ChatType.PRIVATE))
    dispatcher.callback_query.filter(Inline(F.message.chat.type == ChatType.PRIVATE))
    if metrics is not None:
        key = settings.bot_token.get_secret_value().encode() if settings.bot_token else b"schoolbot"
        dispatcher.update.outer_middleware(UpdateMetricsMiddleware(metrics, key))
    dispatcher.update.outer_middleware(OneAtATimeMiddleware(isolation))
    # By webhook, the update's transaction also takes the person's lock across instances and records
    # the update as handled (bot/webhook.py).
    sessions = WebhookSessionMiddleware(session_factory) if webhook else DbSessionMiddleware(session_factory)
    dispatcher.update.outer_middleware(sessions)
    dispatcher.update.outer_middleware(UserContextMiddleware(catalog, storage))
    dispatcher.callback_query.middleware(RepeatedPressMiddleware())  # for handlers flagged ONCE
    dispatcher.message.middleware(RememberFileNames())  # a document's name, for its copy in MAX
    dispatcher.include_routers(*get_routers())
    dispatcher.shutdown.register(isolation.close)
    return dispatcher


def settle_memory() -> None:
    """Call once everything is imported and built, before serving updates.

    aiogram's types, pydantic's schemas and SQLAlchemy's metadata are hundreds of thousands of
    objects that live as long as the process; frozen, the garbage collector stops walking them on
    every full collection (in the teacher benchmark that was a third of the throughput). Young
    collections are also made rarer: an update allocates thousands of short-lived objects.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)


async def set_commands(bot: Bot, catalog: Catalog) -> None:
    for locale in SUPPORTED_LOCALES:
        t = catalog.translator(locale)
        commands = [BotCommand(command=name, description=t(f"command-{name}")) for name in COMMANDS]
        language = None if locale == catalog.default_locale else locale
        await bot.set_my_commands(commands, language_code=language)
