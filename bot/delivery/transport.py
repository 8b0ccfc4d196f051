"""Sending one message to the Bot API, and what Telegram's answer means for the row.

A small JSON client (bot/delivery/http.py) rather than aiogram's Bot: the sender only ever calls
sendMessage, and at a thousand messages a second aiogram's models and aiohttp's client would cost
more than the sending. The address is the same BOT_API_URL the bot uses (Telegram, or a local Bot
API server).
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any

from bot.delivery.http import HttpError, JsonPoster

TELEGRAM = "https://api.telegram.org"
REQUEST_TIMEOUT = 30.0

# 400s that mean the person is gone: the same as blocking the bot.
_GONE = ("chat not found", "user is deactivated", "peer_id_invalid", "bot was kicked", "not enough rights")


class Outcome(enum.Enum):
    SENT = "sent"
    RATE_LIMITED = "rate_limited"  # 429: pause, then try again
    GONE = "gone"  # 403, or a chat that no longer exists: hold until he writes again
    REJECTED = "rejected"  # another 400: the message itself is wrong; retrying will not help
    RETRY = "retry"  # 5xx, network trouble: try again later


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    message_id: int | None = None
    retry_after: float = 0.0
    error: str | None = None


class BotApi:
    def __init__(
        self,
        token: str,
        base_url: str | None,
        *,
        paid_broadcast: bool = False,
        connections: int = 64,
        proxy: str | None = None,
        ca_bundle: str | None = None,
    ) -> None:
        self._poster = JsonPoster(
            base_url or TELEGRAM,
            connections=connections,
            timeout=REQUEST_TIMEOUT,
            proxy=proxy,
            ca_bundle=ca_bundle,
        )
        self._path = f"/bot{token}/sendMessage"
        self._edit_path = f"/bot{token}/editMessageText"
        self._paid = paid_broadcast

    async def __aenter__(self) -> BotApi:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._poster.close()

    async def send_message(self, chat_id: int, text: str, reply_markup: dict[str, Any] | None) -> Answer:
        body: dict[str, Any] = {"chat_id": chat_id, "text": text, "parse_mode": "HTML"}
        if reply_markup is not None:
            body["reply_markup"] = reply_markup
        if self._paid:
            body["allow_paid_broadcast"] = True
        try:
            status, raw = await self._poster.post(self._path, body)
            data = json.loads(raw)
        except (HttpError, ValueError) as error:
            return Answer(Outcome.RETRY, error=str(error)[:500])
        return read_answer(status, data)

    async def edit_message(
        self, chat_id: int, message_id: int, text: str, reply_markup: dict[str, Any] | None
    ) -> Answer:
        """A message sent before, its text (and buttons: none if not given) replaced."""
        body: dict[str, Any] = {
            "chat_id": chat_id,
            "message_id": message_id,
            "text": text,
            "parse_mode": "HTML",
        }
        if reply_markup is not None:
            body["reply_markup"] = reply_markup
        try:
            status, raw = await self._poster.post(self._edit_path, body)
            data = json.loads(raw)
        except (HttpError, ValueError) as error:
            return Answer(Outcome.RETRY, error=str(error)[:500])
        answer = read_answer(status, data)
        if answer.outcome is Outcome.REJECTED and NOT_MODIFIED in (answer.error or ""):
            return Answer(Outcome.SENT, message_id=message_id)  # it already reads so: done
        if answer.outcome is Outcome.SENT:
            return Answer(Outcome.SENT, message_id=message_id)
        return answer


NOT_MODIFIED = "message is not modified"


def read_answer(status: int, data: Any) -> Answer:
    if not isinstance(data, dict):
        return Answer(Outcome.RETRY, error=f"HTTP {status}: not a Bot API answer")
    if data.get("ok") is True:
        result = data.get("result") or {}
        return Answer(Outcome.SENT, message_id=int(result.get("message_id", 0)) or None)
    code = int(data.get("error_code") or status)
    description = str(data.get("description") or f"HTTP {status}")
    parameters = data.get("parameters") or {}
    if code == 429:
        return Answer(
            Outcome.RATE_LIMITED, retry_after=float(parameters.get("retry_after") or 1), error=description
        )
    if code == 403 or (code == 400 and any(gone in description.lower() for gone in _GONE)):
        return Answer(Outcome.GONE, error=description)
    if code == 400:
        return Answer(Outcome.REJECTED, error=description)
    return Answer(Outcome.RETRY, error=description)
