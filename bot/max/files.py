"""Stored files across messengers: what one messenger's user sent, opened by someone in the other.

The journal keeps one id per file (services/channels.py): a Telegram file id, or «max:…» for a file a
MAX user sent. Neither messenger can send the other's id, so the first time a file goes to the other
messenger its bytes are fetched (from Telegram through the Telegram bot; from MAX by its URL) and sent
as a new upload, and the id that messenger gave the copy is kept in `channel_file`: every later send
is by that id, as cheap as the first messenger's own. Telegram's side is a request middleware of the
Telegram bot; MAX's is in the MAX session (bot/max/session.py), which calls the fetcher made here.
"""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable
from pathlib import PurePosixPath
from typing import Any

import aiohttp
from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import Response, SendDocument, SendPhoto, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import BufferedInputFile, Message, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.channels import MAX_FILE_PREFIX, Channel, file_copy, remember_file_copy

FETCH_TIMEOUT = 60

# A Telegram file id → its bytes and its name (for a copy in MAX).
TelegramFetch = Callable[[str], Awaitable[tuple[bytes, str]]]


class FileUnavailable(Exception):
    """A stored file whose bytes cannot be had any more (its messenger no longer keeps it)."""


def telegram_fetcher(bot: Bot) -> TelegramFetch:
    async def fetch(file_id: str) -> tuple[bytes, str]:
        found = await bot.get_file(file_id)
        if found.file_path is None:
            raise FileUnavailable(file_id)
        content = await bot.download_file(found.file_path)
        assert content is not None
        return content.read(), PurePosixPath(found.file_path).name

    return fetch


class RememberFileNames(BaseMiddleware):
    """A Telegram user's document: its name kept beside its id, for its copy in MAX (Telegram's
    getFile gives a path, not the name the sender gave)."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        document = event.document if isinstance(event, Message) else None
        session = data.get("session")
        telegram = isinstance(event, Message) and event.chat.id > 0
        if document is not None and document.file_name and telegram and isinstance(session, AsyncSession):
            await remember_file_copy(
                session, document.file_id, Channel.TELEGRAM, document.file_id, file_name=document.file_name
            )
        return await handler(event, data)


class MaxFilesForTelegram(BaseRequestMiddleware):
    """The Telegram bot sending a «max:…» file: by its Telegram copy, made from MAX's bytes the first
    time."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], max_ssl: ssl.SSLContext | None) -> None:
        self._sessions = sessions
        self._ssl = max_ssl

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        field = "document" if isinstance(method, SendDocument) else "photo"
        source = getattr(method, field, None) if isinstance(method, (SendDocument, SendPhoto)) else None
        if not (isinstance(source, str) and source.startswith(MAX_FILE_PREFIX)):
            return await make_request(bot, method)
        async with self._sessions() as session:
            copy = await file_copy(session, source, Channel.TELEGRAM)
            origin = None if copy is not None else await file_copy(session, source, Channel.MAX)
        if copy is not None:
            return await make_request(bot, method.model_copy(update={field: copy.ref}))
        if origin is None or origin.download_url is None:
            raise FileUnavailable(source)
        upload = BufferedInputFile(
            await self._download(origin.download_url), filename=origin.file_name or "file"
        )
        response = await make_request(bot, method.model_copy(update={field: upload}))
        # What the chain hands back is the method's result (the sent message), whatever the type says.
        sent: object = getattr(response, "result", response)
        if isinstance(sent, Message):
            ref = sent.document.file_id if sent.document else (sent.photo[-1].file_id if sent.photo else None)
            if ref is not None:
                async with self._sessions() as session, session.begin():
                    await remember_file_copy(session, source, Channel.TELEGRAM, ref)
        return response

    async def _download(self, url: str) -> bytes:
        connector = aiohttp.TCPConnector(ssl=self._ssl) if self._ssl is not None else None
        timeout = aiohttp.ClientTimeout(total=FETCH_TIMEOUT)
        async with (
            aiohttp.ClientSession(connector=connector, timeout=timeout) as http,
            http.get(url) as reply,
        ):
            if reply.status != 200:
                raise FileUnavailable(url)
            return await reply.read()
