"""A MAX bot's updates by long polling (GET /updates with its marker), through the same Dispatcher.

MAX's production mode is its webhook; long polling is what a school without a public address, and
development, can use (MAX says it is slower and keeps events for less time). Each update is translated
(bot/max/updates.py) and handled one after another, as Telegram's polling does; `bot_stopped` marks the
account blocked, as Telegram's 403 does, so that the outbox holds its messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from typing import Any

import aiohttp
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.types import Update
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.max.session import MaxApiError, MaxSession
from bot.max.updates import BotIdentity, sent_files, translate
from bot.settings import Settings
from services import delivery
from services.channels import Channel, message_number, remember_file_copy

log = logging.getLogger(__name__)
POLL_SECONDS = 30
RETRY_SECONDS = (1, 2, 5, 10, 30)  # after a failed poll: longer each time, back to the first on success


async def max_bot(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> tuple[Bot, BotIdentity]:
    """The MAX bot as an aiogram Bot whose calls go to MAX, and who it is there."""
    assert settings.max_bot_token is not None
    session = MaxSession(
        settings.max_api_url,
        settings.max_bot_token.get_secret_value(),
        sessions,
        ssl_context=settings.max_ssl(),
    )
    try:
        me = await session.me()
    except BaseException:
        await session.close()  # MAX out of reach or untrusted: nothing left open
        raise
    identity = BotIdentity(
        int(me["user_id"]), str(me.get("first_name") or me.get("name") or ""), me.get("username")
    )
    # aiogram wants a Telegram-shaped token; MAX's own token stays in the session.
    bot = Bot(
        f"{identity.user_id}:max", session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
    )
    return bot, identity


class MaxUpdates:
    """A MAX update, however it came (long polling or the webhook), handed to the Dispatcher."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        identity: BotIdentity,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        assert isinstance(bot.session, MaxSession)
        self._dispatcher, self._bot, self._identity, self._sessions = dispatcher, bot, identity, sessions
        self.api: MaxSession = bot.session
        self.identity = identity
        self.handled = 0

    async def handle(self, raw: dict[str, Any]) -> None:
        files = sent_files(raw)
        if files:  # kept before the handler stores the file's id, so that either messenger can send it
            async with self._sessions() as session, session.begin():
                for sent in files:
                    await remember_file_copy(session, sent.source_id, Channel.MAX, sent.token,
                                             download_url=sent.url, file_name=sent.name)  # fmt: skip
        translated = await translate(raw, self._identity, self._number)
        if translated.stopped_account is not None:
            async with self._sessions() as session, session.begin():
                await delivery.block(session, [translated.stopped_account], dt.datetime.now(dt.UTC))
        if translated.update is None:
            return
        try:
            update = Update.model_validate(translated.update, context={"bot": self._bot})
        except ValidationError:
            log.warning("a MAX %s update could not be read: skipped", raw.get("update_type"))
            return
        await self._dispatcher.feed_update(self._bot, update)
        self.handled += 1

    async def _number(self, account: int, mid: str) -> int:
        async with self._sessions() as session, session.begin():
            return await message_number(session, account, mid)


class MaxPoller(MaxUpdates):
    """Long polling: GET /updates with its marker, each update handled in turn."""

    async def run(self, stop: asyncio.Event, *, poll_seconds: int = POLL_SECONDS) -> None:
        marker: int | None = None
        failures = 0
        while not stop.is_set():
            try:
                page = await _until_stopped(self.api.updates(marker, poll_seconds), stop)
            except (aiohttp.ClientError, MaxApiError, TimeoutError) as error:
                delay = RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)]
                failures += 1
                log.warning("MAX updates could not be read (%s): again in %d s", type(error).__name__, delay)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
                continue
            if page is None:  # stopped while waiting
                return
            failures = 0
            for raw in page.get("updates") or []:
                await self.handle(raw)
            marker = page.get("marker", marker)


async def _until_stopped(call: Any, stop: asyncio.Event) -> dict[str, Any] | None:
    """The long poll, given up at once when the bot stops."""
    polling = asyncio.ensure_future(call)
    stopping = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if polling in done:
        stopping.cancel()
        page: dict[str, Any] = polling.result()
        return page
    polling.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await polling
    return None
