"""Webhooks in the fake Telegram, as Telegram does them.

`setWebhook` makes the fake POST every queued update to the URL (with `X-Telegram-Bot-Api-Secret-Token`
when a secret was given) instead of waiting for getUpdates, which then answers 409. An update is
removed from the queue only when the bot answers 2xx; a non-2xx answer or a timeout leaves it at the
head of its chat's queue and it is tried again after a growing pause (1 s, 2 s, 4 s … 30 s here, far
shorter than Telegram's own, so tests do not wait for minutes). Updates of one chat go one at a time
and in order; different chats go in parallel up to `max_connections`. getWebhookInfo reports the
pending count and the last error, as Telegram does.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BACKOFF_SECONDS = 30.0
TIMEOUT_SECONDS = 20.0


def chat_of(update: dict[str, Any]) -> int | None:
    """The chat (or, for a button, the user) an update belongs to: its order is kept per chat."""
    for key in ("message", "edited_message"):
        if key in update:
            return int(update[key]["chat"]["id"])
    if "callback_query" in update:
        return int(update["callback_query"]["from"]["id"])
    return None


@dataclass
class Webhook:
    url: str
    secret: str | None
    max_connections: int
    allowed_updates: frozenset[str]
    last_error_date: int | None = None
    last_error_message: str | None = None
    attempts: dict[int, int] = field(default_factory=dict)  # update id -> failed tries so far
    not_before: dict[int, float] = field(default_factory=dict)  # update id -> when to try again

    def info(self, pending: int) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": pending,
            "max_connections": self.max_connections,
            "allowed_updates": sorted(self.allowed_updates),
        }
        if self.last_error_date is not None:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error_message
        return info

    def failed(self, update_id: int, message: str) -> None:
        tries = self.attempts.get(update_id, 0) + 1
        self.attempts[update_id] = tries
        self.not_before[update_id] = time.monotonic() + min(MAX_BACKOFF_SECONDS, 2.0 ** (tries - 1))
        self.last_error_date = int(time.time())
        self.last_error_message = message

    def delivered(self, update_id: int) -> None:
        self.attempts.pop(update_id, None)
        self.not_before.pop(update_id, None)


class Pusher:
    """The loop that POSTs a fake's queued updates to its webhook while one is set."""

    def __init__(
        self,
        pending: Callable[[], list[dict[str, Any]]],
        remove: Callable[[int], None],
        wait: Callable[[float], Awaitable[None]],
        *,
        key: Callable[[dict[str, Any]], int] = lambda update: int(update["update_id"]),
        chat: Callable[[dict[str, Any]], int | None] = chat_of,
        body: Callable[[dict[str, Any]], dict[str, Any]] = lambda update: update,
        secret_header: str = SECRET_HEADER,
    ) -> None:
        """`key`, `chat`, `body` and `secret_header` say how the messenger's updates are told apart,
        kept in order, posted and signed (Telegram's by default; sandbox/max.py gives MAX's)."""
        self._pending = pending
        self._remove = remove
        self._wait = wait
        self._key, self._chat, self._body, self._secret_header = key, chat, body, secret_header
        self.webhook: Webhook | None = None
        self._task: asyncio.Task[None] | None = None
        self._in_flight: dict[int | None, int] = {}  # chat -> the update id being delivered
        self.delivered = 0

    def set(self, webhook: Webhook) -> None:
        self.webhook = webhook
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        self.webhook = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)) as http:
            tasks: set[asyncio.Task[None]] = set()
            try:
                while self.webhook is not None:
                    webhook = self.webhook
                    for update in self._ready(webhook):
                        chat = self._chat(update)
                        self._in_flight[chat] = self._key(update)
                        task = asyncio.create_task(self._deliver(http, webhook, update, chat))
                        tasks.add(task)
                        task.add_done_callback(tasks.discard)
                    await self._wait(0.2)
            finally:
                for task in tasks:
                    task.cancel()

    def _ready(self, webhook: Webhook) -> list[dict[str, Any]]:
        """The oldest waiting update of each chat that is free, as many as connections allow."""
        now = time.monotonic()
        ready: list[dict[str, Any]] = []
        seen = set(self._in_flight)
        for update in self._pending():
            chat = self._chat(update)
            if chat in seen:
                continue
            seen.add(chat)  # later updates of this chat wait for this one
            if webhook.not_before.get(self._key(update), 0.0) > now:
                continue
            if len(self._in_flight) + len(ready) >= webhook.max_connections:
                break
            ready.append(update)
        return ready

    async def _deliver(
        self, http: aiohttp.ClientSession, webhook: Webhook, update: dict[str, Any], chat: int | None
    ) -> None:
        headers = {self._secret_header: webhook.secret} if webhook.secret else {}
        update_id = self._key(update)
        try:
            async with http.post(webhook.url, json=self._body(update), headers=headers) as reply:
                if 200 <= reply.status < 300:
                    webhook.delivered(update_id)
                    self._remove(update_id)
                    self.delivered += 1
                else:
                    webhook.failed(
                        update_id, f"Wrong response from the webhook: {reply.status} {reply.reason}"
                    )
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            webhook.failed(update_id, f"Connection error: {type(error).__name__}")
        finally:
            self._in_flight.pop(chat, None)
