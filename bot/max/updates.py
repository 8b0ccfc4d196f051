"""MAX's updates as the Telegram updates the Dispatcher already handles.

The handlers, filters and middlewares read aiogram's types; a MAX update is turned into the Telegram
update a Telegram user doing the same would have sent, with the account id of services/channels.py
(minus the MAX user id) as the user and the chat, and the integer message ids of `channel_message`:

- `message_created` → a message (its text; a file or a photo as a document or a photo, its upload
  token as the file id);
- `message_callback` → a callback query: MAX's callback id as the query id (answered through
  POST /answers), the button's payload as the data, the pressed message as the query's message;
- `bot_started` → the message `/start <payload>`, as a Telegram deep link arrives, so that an invite
  opened in MAX joins through the same handler;
- `bot_stopped` → no update: the account is marked blocked, as Telegram's 403 does.
Any other type is ignored.

MAX updates carry no update id. One is made of what identifies the event (the message's mid, the
callback's id, the start's user and time), negative so that it never meets a Telegram update id in
the table of handled updates: a webhook delivering it twice is handled once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from services.channels import Channel, account_id, max_file_source

HANDLED_TYPES = ("message_created", "message_callback", "bot_started", "bot_stopped")

# (account id, MAX message id) → the integer the bot knows it by (services.channels.message_number).
MessageNumber = Callable[[int, str], Awaitable[int]]


@dataclass(frozen=True)
class BotIdentity:
    """The bot as its own messages' sender in the updates made here."""

    user_id: int
    name: str
    username: str | None = None


@dataclass(frozen=True)
class Translated:
    update: dict[str, Any] | None  # a Telegram update, for Update.model_validate
    stopped_account: int | None = None  # bot_stopped: the account to mark blocked


async def translate(raw: dict[str, Any], bot: BotIdentity, number: MessageNumber) -> Translated:
    """The Telegram update for a MAX update (None for a type the bot does not handle)."""
    kind = raw.get("update_type")
    if kind == "message_created":
        return Translated(await _message_update(raw, bot, number))
    if kind == "message_callback":
        return Translated(await _callback_update(raw, bot, number))
    if kind == "bot_started":
        return Translated(_start_update(raw))
    if kind == "bot_stopped":
        return Translated(None, stopped_account=_account(raw["user"]))
    return Translated(None)


def update_id(identity: str) -> int:
    """A stable negative 62-bit id for an event MAX gives no id."""
    digest = hashlib.blake2b(identity.encode(), digest_size=8).digest()
    return -(int.from_bytes(digest, "big") >> 2) - 1


async def _message_update(raw: dict[str, Any], bot: BotIdentity, number: MessageNumber) -> dict[str, Any]:
    message = raw["message"]
    sender = message["sender"]
    account = _account(sender)
    body = message.get("body") or {}
    mid = str(body.get("mid", ""))
    telegram = {
        "message_id": await number(account, mid),
        "date": _seconds(message.get("timestamp", raw.get("timestamp", 0))),
        "chat": _chat(account, sender),
        "from": _user(sender, raw.get("user_locale")),
    }
    if body.get("text"):
        telegram["text"] = body["text"]
    telegram.update(_first_file(body.get("attachments") or []))
    return {"update_id": update_id(f"message:{mid}"), "message": telegram}


async def _callback_update(raw: dict[str, Any], bot: BotIdentity, number: MessageNumber) -> dict[str, Any]:
    callback = raw["callback"]
    presser = callback["user"]
    account = _account(presser)
    query: dict[str, Any] = {
        "id": str(callback["callback_id"]),
        "from": _user(presser, raw.get("user_locale")),
        "chat_instance": str(account),
        "data": callback.get("payload") or "",
    }
    pressed = raw.get("message")
    if pressed:  # None when the message was deleted meanwhile
        body = pressed.get("body") or {}
        query["message"] = {
            "message_id": await number(account, str(body.get("mid", ""))),
            "date": _seconds(pressed.get("timestamp", 0)),
            "chat": _chat(account, presser),
            "from": {"id": bot.user_id, "is_bot": True, "first_name": bot.name, "username": bot.username},
            "text": body.get("text") or "",
        }
        markup = _markup(body.get("attachments") or [])
        if markup:  # a handler that edits the pressed keyboard (a stamp on «Ознакомлен») reads it
            query["message"]["reply_markup"] = markup
    return {"update_id": update_id(f"callback:{callback['callback_id']}"), "callback_query": query}


def _markup(attachments: list[dict[str, Any]]) -> dict[str, Any] | None:
    """MAX's inline keyboard of a message as Telegram's (payloads as callback data, links as URLs)."""
    for attachment in attachments:
        if attachment.get("type") != "inline_keyboard":
            continue
        rows = (attachment.get("payload") or {}).get("buttons") or []
        return {
            "inline_keyboard": [
                [
                    {"text": button.get("text", ""), "url": button["url"]}
                    if button.get("type") == "link" and button.get("url")
                    else {"text": button.get("text", ""), "callback_data": str(button.get("payload") or "")}
                    for button in row
                ]
                for row in rows
            ]
        }
    return None


def _start_update(raw: dict[str, Any]) -> dict[str, Any]:
    user = raw["user"]
    account = _account(user)
    payload = (raw.get("payload") or "").strip()
    timestamp = raw.get("timestamp", 0)
    return {
        "update_id": update_id(f"start:{user['user_id']}:{timestamp}"),
        "message": {
            # A start has no message in MAX; its number is never edited or answered to.
            "message_id": 0,
            "date": _seconds(timestamp),
            "chat": _chat(account, user),
            "from": _user(user, raw.get("user_locale")),
            "text": f"/start {payload}" if payload else "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": len("/start")}],
        },
    }


def sent_files(raw: dict[str, Any]) -> list[SentFile]:
    """The files and photos of a MAX message, with what the journal keeps them by (channels.py)."""
    body = (raw.get("message") or {}).get("body") or {}
    found = []
    for attachment in body.get("attachments") or []:
        payload = attachment.get("payload") or {}
        token = str(payload.get("token") or "")
        if token and attachment.get("type") in ("image", "file"):
            found.append(
                SentFile(max_file_source(token), token, payload.get("url"), attachment.get("filename"))
            )
    return found


@dataclass(frozen=True)
class SentFile:
    source_id: str  # what the journal keeps: «max:…»
    token: str  # what MAX sends it again by
    url: str | None  # where its bytes are
    name: str | None


def _first_file(attachments: list[dict[str, Any]]) -> dict[str, Any]:
    """A photo or a file the user sent, as Telegram's photo or document; its file id the one the
    journal keeps («max:…», services/channels.py), its MAX token and URL kept beside it."""
    for attachment in attachments:
        payload = attachment.get("payload") or {}
        token = str(payload.get("token") or "")
        if not token:
            continue
        source = max_file_source(token)
        if attachment.get("type") == "image":
            return {"photo": [{"file_id": source, "file_unique_id": source, "width": 0, "height": 0}]}
        if attachment.get("type") == "file":
            return {
                "document": {
                    "file_id": source,
                    "file_unique_id": source,
                    "file_name": attachment.get("filename"),
                }
            }
    return {}


def _account(user: dict[str, Any]) -> int:
    return account_id(Channel.MAX, int(user["user_id"]))


def _user(user: dict[str, Any], locale: str | None) -> dict[str, Any]:
    return {
        "id": _account(user),
        "is_bot": bool(user.get("is_bot", False)),
        "first_name": user.get("first_name") or user.get("name") or "",
        "last_name": user.get("last_name"),
        "username": user.get("username"),
        "language_code": (locale or "").split("-")[0] or None,
    }


def _chat(account: int, user: dict[str, Any]) -> dict[str, Any]:
    return {"id": account, "type": "private", "first_name": user.get("first_name") or user.get("name") or ""}


def _seconds(milliseconds: int) -> int:
    return int(milliseconds) // 1000
