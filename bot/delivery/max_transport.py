"""Sending the outbox's messages to MAX accounts, and routing each message to its account's messenger.

The composer renders a notice once, in Telegram's shape (HTML text, an inline keyboard as a dict); for
a MAX account (a negative account id, services/channels.py) `ChannelApi` sends it through `MaxApi`:
POST /messages to the user, the text in MAX's `html` format, the keyboard as MAX's inline keyboard
attachment. MAX's answers mean for the row what Telegram's do: 429 waits, 403 (the bot stopped) and
404 (no such user) hold it until he writes again, another 400 fails it, 5xx and network trouble retry.
The message's MAX id is numbered in `channel_message`, so the outbox keeps an integer id as for
Telegram («Ознакомлен» edits it later).
"""

from __future__ import annotations

import ssl
from typing import Any

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.transport import REQUEST_TIMEOUT, Answer, BotApi, Outcome
from services.channels import Channel, channel_of, external_id, external_message, message_number

TEXT_LIMIT = 4000


class MaxApi:
    def __init__(
        self,
        base_url: str,
        token: str,
        sessions: async_sessionmaker[AsyncSession],
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._token = token
        self._sessions = sessions
        self._ssl = ssl_context
        self._http: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    async def send_message(self, account: int, text: str, reply_markup: dict[str, Any] | None) -> Answer:
        body: dict[str, Any] = {"text": _fitted(text), "format": "html"}
        keyboard = max_keyboard(reply_markup)
        if keyboard:
            body["attachments"] = keyboard
        try:
            status, data = await self._post("/messages", {"user_id": external_id(account)}, body)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            return Answer(Outcome.RETRY, error=f"{type(error).__name__}: {error}"[:500])
        if status != 200:
            return read_max_error(status, data)
        mid = str(((data.get("message") or {}).get("body") or {}).get("mid") or "")
        async with self._sessions() as session, session.begin():
            number = await message_number(session, account, mid) if mid else None
        return Answer(Outcome.SENT, message_id=number)

    async def edit_message(
        self, account: int, message_id: int, text: str, reply_markup: dict[str, Any] | None
    ) -> Answer:
        """A message sent before (known by its number), its text and buttons replaced."""
        async with self._sessions() as session:
            mid = await external_message(session, account, message_id)
        if mid is None:
            return Answer(Outcome.REJECTED, error="MAX: the message to edit is not known")
        body: dict[str, Any] = {
            "text": _fitted(text),
            "format": "html",
            "attachments": max_keyboard(reply_markup),
        }
        try:
            status, data = await self._post("/messages", {"message_id": mid}, body, method="PUT")
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            return Answer(Outcome.RETRY, error=f"{type(error).__name__}: {error}"[:500])
        if status != 200:
            answer = read_max_error(status, data)
            # A message MAX no longer has (or no longer lets edit) is told anew by the caller.
            return Answer(Outcome.REJECTED, error=answer.error) if status == 404 else answer
        return Answer(Outcome.SENT, message_id=message_id)

    async def _post(
        self, path: str, query: dict[str, Any], body: dict[str, Any], method: str = "POST"
    ) -> tuple[int, dict[str, Any]]:
        if self._http is None:
            connector = aiohttp.TCPConnector(ssl=self._ssl) if self._ssl is not None else None
            timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
            self._http = aiohttp.ClientSession(timeout=timeout, connector=connector)
        headers = {"Authorization": self._token}
        url = f"{self._base}{path}"
        async with self._http.request(method, url, params=query, json=body, headers=headers) as reply:
            data = await reply.json(content_type=None)
            return reply.status, data if isinstance(data, dict) else {}


def read_max_error(status: int, data: dict[str, Any]) -> Answer:
    error = f"MAX {status} {data.get('code', '')}: {data.get('message', '')}"[:500]
    if status == 429:
        return Answer(Outcome.RATE_LIMITED, retry_after=1.0, error=error)
    if status in (403, 404):
        return Answer(Outcome.GONE, error=error)
    if status == 400:
        return Answer(Outcome.REJECTED, error=error)
    return Answer(Outcome.RETRY, error=error)


class ChannelApi:
    """The sender's API: each message to its account's messenger (either may be missing: a MAX-only
    or a Telegram-only deployment; a message for a messenger with no bot waits)."""

    def __init__(self, telegram: BotApi | None, max_api: MaxApi | None) -> None:
        self._telegram = telegram
        self._max = max_api

    async def __aenter__(self) -> ChannelApi:
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._telegram is not None:
            await self._telegram.__aexit__(*exc)
        if self._max is not None:
            await self._max.close()

    async def send_message(self, chat_id: int, text: str, reply_markup: dict[str, Any] | None) -> Answer:
        if channel_of(chat_id) is Channel.MAX:
            if self._max is None:  # a MAX account, and no MAX bot configured now: kept until there is
                return Answer(Outcome.RETRY, error="MAX_BOT_TOKEN is not set")
            return await self._max.send_message(chat_id, text, reply_markup)
        if self._telegram is None:
            return Answer(Outcome.RETRY, error="BOT_TOKEN is not set")
        return await self._telegram.send_message(chat_id, text, reply_markup)

    async def edit_message(
        self, chat_id: int, message_id: int, text: str, reply_markup: dict[str, Any] | None
    ) -> Answer:
        if channel_of(chat_id) is Channel.MAX:
            if self._max is None:
                return Answer(Outcome.RETRY, error="MAX_BOT_TOKEN is not set")
            return await self._max.edit_message(chat_id, message_id, text, reply_markup)
        if self._telegram is None:
            return Answer(Outcome.RETRY, error="BOT_TOKEN is not set")
        return await self._telegram.edit_message(chat_id, message_id, text, reply_markup)


def _fitted(text: str) -> str:
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def max_keyboard(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Telegram's inline keyboard (as a dict) as MAX's attachment: callback data as the payload, URLs
    as links."""
    rows = (markup or {}).get("inline_keyboard") or []
    if not rows:
        return []
    buttons = [
        [
            {"type": "link", "text": button["text"], "url": button["url"]}
            if button.get("url")
            else {"type": "callback", "text": button["text"], "payload": button.get("callback_data", "")}
            for button in row
        ]
        for row in rows
    ]
    return [{"type": "inline_keyboard", "payload": {"buttons": buttons}}]
