"""The handlers' Bot API calls as MAX calls: an aiogram session that speaks MAX's API.

Every handler calls aiogram (`message.answer`, `show` editing the pressed message, `query.answer`,
`bot.send_document`); for a MAX account (a negative account id, services/channels.py) those calls
come here and become MAX's: POST /messages to the user, PUT /messages for an edit, POST /answers for a
button's answer, /uploads then a message for a file. MAX's answers are turned back into Telegram's
shape and go through aiogram's own response check, so a handler sees the same types and the same
exceptions (a stopped bot is TelegramForbiddenError, a flood TelegramRetryAfter) in either messenger.

Telegram's HTML is sent as MAX's `html` format (the same tags); a keyboard's callback buttons keep
their callback data as MAX's payload, URL buttons become `link` buttons. MAX's text limit is 4,000
characters (Telegram's 4,096): a longer text is cut with «…». Methods with no MAX meaning (the bot's
command list, a chat action MAX only knows by the dialog's own chat id) are answered as done.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    SendChatAction,
    SendDocument,
    SendMessage,
    SendPhoto,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, InputFile
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.max_transport import max_keyboard
from bot.max.updates import HANDLED_TYPES
from services.channels import (
    Channel,
    external_id,
    external_message,
    file_copy,
    file_origin,
    message_number,
    remember_file_copy,
)

TEXT_LIMIT = 4000
_DONE = '{"ok": true, "result": true}'


class MaxApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


class MaxSession(BaseSession):
    """aiogram's session for a MAX bot: `api_url` (https://platform-api2.max.ru), the bot's token."""

    def __init__(
        self,
        api_url: str,
        token: str,
        sessions: async_sessionmaker[AsyncSession],
        *,
        ssl_context: ssl.SSLContext | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.api_url = api_url.rstrip("/")
        self._token = token
        self._sessions = sessions
        self._ssl = ssl_context  # MAX_CA_BUNDLE: the Russian root CA MAX's host is certified by
        self._http: aiohttp.ClientSession | None = None
        # How a Telegram user's stored file is fetched for its MAX copy (bot/max/files.py); set where
        # a Telegram bot runs beside.
        self.fetch_telegram: Callable[[str], Awaitable[tuple[bytes, str]]] | None = None

    async def close(self) -> None:
        if self._http is not None and not self._http.closed:
            await self._http.close()

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        async with self._client().get(url, headers=headers, raise_for_status=raise_for_status) as reply:
            async for chunk in reply.content.iter_chunked(chunk_size):
                yield chunk

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        try:
            content = await self._perform(bot, method)
            status = 200
        except MaxApiError as error:
            status, content = error.status, _telegram_error(error)
        return self.check_response(bot, method, status, content).result  # type: ignore[return-value]

    async def me(self) -> dict[str, Any]:
        """The bot as MAX knows it (GET /me): its user id, name and username."""
        return await self._call("GET", "/me")

    async def updates(self, marker: int | None, timeout: int) -> dict[str, Any]:
        """A page of updates by long polling (GET /updates): those after `marker`, waiting up to
        `timeout` seconds for one; the answer's marker asks for the next page."""
        query: dict[str, Any] = {"timeout": timeout, "types": ",".join(HANDLED_TYPES)}
        if marker is not None:
            query["marker"] = marker
        return await self._call("GET", "/updates", query)

    async def subscriptions(self) -> list[str]:
        """The URLs MAX now delivers this bot's updates to (GET /subscriptions)."""
        answer = await self._call("GET", "/subscriptions")
        return [str(item.get("url")) for item in answer.get("subscriptions") or []]

    async def subscribe(self, url: str, update_types: list[str], secret: str) -> None:
        """MAX's webhook (POST /subscriptions): updates to `url`, each with the secret in its header."""
        await self._call("POST", "/subscriptions", body={"url": url, "update_types": update_types,
                                                          "secret": secret})  # fmt: skip

    async def unsubscribe(self, url: str) -> None:
        await self._call("DELETE", "/subscriptions", {"url": url})

    # ---- one MAX call per Bot API method ------------------------------------------------------------

    async def _perform(self, bot: Bot, method: TelegramMethod[Any]) -> str:
        if isinstance(method, SendMessage):
            return await self._send(int(method.chat_id), _body(method.text, method.reply_markup))
        if isinstance(method, EditMessageText):
            await self._edit(method.chat_id, method.message_id, _body(method.text, method.reply_markup))
            return _DONE
        if isinstance(method, EditMessageReplyMarkup):
            await self._edit(
                method.chat_id, method.message_id, {"attachments": _keyboard(method.reply_markup)}
            )
            return _DONE
        if isinstance(method, AnswerCallbackQuery):
            if method.text:  # MAX needs no answer to end a press: only a toast is sent
                await self._call("POST", "/answers", {"callback_id": method.callback_query_id},
                                 {"notification": method.text[:200]})  # fmt: skip
            return _DONE
        if isinstance(method, DeleteMessage):
            mid = await self._mid(int(method.chat_id), method.message_id)
            await self._call("DELETE", "/messages", {"message_id": mid})
            return _DONE
        if isinstance(method, (SendDocument, SendPhoto)):
            return await self._send_file(bot, method)
        if isinstance(method, GetMe):
            return json.dumps({"ok": True, "result": _bot_user(await self._call("GET", "/me"))})
        if isinstance(method, (SetMyCommands, SendChatAction)):
            return _DONE
        raise MaxApiError(400, "not.supported", f"{type(method).__name__} has no MAX counterpart")

    async def _send(self, account: int, body: dict[str, Any]) -> str:
        sent = await self._call("POST", "/messages", {"user_id": external_id(account)}, body)
        message = sent["message"]
        async with self._sessions() as session, session.begin():
            number = await message_number(session, account, str(message["body"]["mid"]))
        result = {
            "message_id": number,
            "date": int(message.get("timestamp", 0)) // 1000,
            "chat": {"id": account, "type": "private"},
            "text": message["body"].get("text") or "",
        }
        return json.dumps({"ok": True, "result": result})

    async def _edit(self, chat_id: int | str | None, message_id: int | None, body: dict[str, Any]) -> None:
        if chat_id is None or message_id is None:
            raise MaxApiError(400, "bad.request", "an inline message cannot be edited in MAX")
        mid = await self._mid(int(chat_id), message_id)
        await self._call("PUT", "/messages", {"message_id": mid}, body)

    async def _send_file(self, bot: Bot, method: SendDocument | SendPhoto) -> str:
        source = method.document if isinstance(method, SendDocument) else method.photo
        kind = "file" if isinstance(method, SendDocument) else "image"
        if isinstance(source, str):  # a stored file: by its MAX copy, made the first time
            token = await self._token_of(source, kind)
        else:
            token = await self._upload(kind, await _read(bot, source), source.filename or kind)
        body = _body(method.caption or "", method.reply_markup)
        body["attachments"] = [{"type": kind, "payload": {"token": token}}, *body.get("attachments", [])]
        return await self._send(int(method.chat_id), body)

    async def _token_of(self, source: str, kind: str) -> str:
        """The MAX token of a stored file (bot/max/files.py): its copy in MAX, or a Telegram file's
        bytes fetched through the Telegram bot and uploaded, the token kept for next time."""
        async with self._sessions() as session:
            copy = await file_copy(session, source, Channel.MAX)
            origin = await file_copy(session, source, Channel.TELEGRAM) if copy is None else None
        if copy is not None:
            return copy.ref
        if file_origin(source) is Channel.MAX or self.fetch_telegram is None:
            raise MaxApiError(400, "file.unavailable", "the file is not kept any more")
        try:
            content, name = await self.fetch_telegram(source)
        except Exception as error:  # Telegram out of reach or the file gone: the handler says so
            raise MaxApiError(400, "file.unavailable", f"the file could not be fetched: {error}") from None
        token = await self._upload(kind, content, origin.file_name if origin and origin.file_name else name)
        async with self._sessions() as session, session.begin():
            await remember_file_copy(session, source, Channel.MAX, token)
        return token

    async def _upload(self, kind: str, content: bytes, filename: str) -> str:
        endpoint = await self._call("POST", "/uploads", {"type": kind})
        form = aiohttp.FormData()
        form.add_field("data", content, filename=filename)
        async with self._client().post(endpoint["url"], data=form) as reply:
            uploaded = await reply.json(content_type=None)
            if reply.status != 200:
                raise MaxApiError(
                    reply.status, str(uploaded.get("code", "upload")), str(uploaded.get("message"))
                )
        token = uploaded.get("token") or endpoint.get("token")
        if not token:  # images answer with their sizes, each with a token: any of them will do
            photos = uploaded.get("photos") or {}
            token = next((size.get("token") for size in photos.values() if size.get("token")), None)
        if not token:
            raise MaxApiError(502, "upload.no.token", "the upload gave no token")
        return str(token)

    async def _mid(self, account: int, message_id: int) -> str:
        async with self._sessions() as session:
            mid = await external_message(session, account, message_id)
        if mid is None:  # Telegram's words, which the screens already expect for a message gone
            raise MaxApiError(400, "not.found", "message to edit not found")
        return mid

    async def _call(
        self, verb: str, path: str, query: dict[str, Any] | None = None, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        headers = {"Authorization": self._token}
        url = f"{self.api_url}{path}"
        async with self._client().request(verb, url, params=query, json=body, headers=headers) as reply:
            answer = await reply.json(content_type=None) if reply.content_length != 0 else {}
            if reply.status != 200:
                answer = answer if isinstance(answer, dict) else {}
                raise MaxApiError(reply.status, str(answer.get("code", "")), str(answer.get("message", "")))
            return answer if isinstance(answer, dict) else {}

    def _client(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            connector = aiohttp.TCPConnector(ssl=self._ssl) if self._ssl is not None else None
            self._http = aiohttp.ClientSession(connector=connector)
        return self._http


def _body(text: str | None, markup: object) -> dict[str, Any]:
    text = text or ""
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1] + "…"
    body: dict[str, Any] = {"text": text, "format": "html"}
    keyboard = _keyboard(markup)
    if keyboard:
        body["attachments"] = keyboard
    return body


def _keyboard(markup: object) -> list[dict[str, Any]]:
    """Telegram's inline keyboard as MAX's (bot/delivery/max_transport.py: payloads, links)."""
    if not isinstance(markup, InlineKeyboardMarkup):
        return []
    return max_keyboard(markup.model_dump(exclude_none=True))


def _bot_user(me: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": int(me["user_id"]),
        "is_bot": True,
        "first_name": me.get("first_name") or me.get("name") or "",
        "username": me.get("username"),
    }


def _telegram_error(error: MaxApiError) -> str:
    """MAX's error in Telegram's shape, for aiogram to raise the exception a handler expects."""
    answer: dict[str, Any] = {"ok": False, "error_code": error.status,
                              "description": f"{error.message} ({error.code})"}  # fmt: skip
    if error.status == 403:
        answer["description"] = f"Forbidden: bot was blocked by the user ({error.code})"
    if error.status == 429:
        answer["parameters"] = {"retry_after": 1}
    return json.dumps(answer)


async def _read(bot: Bot, source: InputFile) -> bytes:
    """The bytes of what a handler sends: the bot's files are made in memory (BufferedInputFile)."""
    if isinstance(source, BufferedInputFile):
        return source.data
    chunks = [chunk async for chunk in source.read(bot)]
    return b"".join(chunks)
