"""The long-running bot process: connect, check the token, and poll until stopped."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramNetworkError

from bot.app import build_bot, build_dispatcher, set_commands, settle_memory
from bot.db import make_engine, make_session_factory
from bot.i18n import Catalog
from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)


async def serve(settings: Settings, database_url: str) -> None:
    engine = make_engine(database_url)
    session_factory = make_session_factory(engine)
    catalog = Catalog(default_locale=settings.default_locale)
    bot = build_bot(settings)
    dispatcher = build_dispatcher(settings, session_factory, catalog=catalog)
    try:
        try:
            me = await bot.me()
        except TelegramNetworkError as error:
            target = settings.bot_api_url or "api.telegram.org"
            raise SettingsError(
                "BOT_API_URL", "api-unreachable", target=target, reason=error.message
            ) from None
        log.info("running as @%s", me.username)
        await set_commands(bot, catalog)
        settle_memory()
        await dispatcher.start_polling(bot, polling_timeout=10, handle_as_tasks=True)
    finally:
        await dispatcher.storage.close()
        await bot.session.close()
        await engine.dispose()
