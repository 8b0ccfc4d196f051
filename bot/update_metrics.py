"""Counting updates: by type and outcome, with the time each took (bot/metrics.py serves them), and a
log line per update with the same, and the account as a keyed hash (never a name or a text)."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import CallbackQuery, Message, TelegramObject, Update

from bot.log_format import UPDATES_LOGGER, account_hash
from bot.metrics import Metrics

log = logging.getLogger(UPDATES_LOGGER)


class UpdateMetricsMiddleware(BaseMiddleware):
    """The outermost of ours: what it measures includes waiting for the person's previous update."""

    def __init__(self, metrics: Metrics, account_key: bytes) -> None:
        self.metrics = metrics
        self.account_key = account_key

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        kind = event.event_type if isinstance(event, Update) else type(event).__name__
        started = time.perf_counter()
        outcome = "failed"
        try:
            result = await handler(event, data)
            outcome = "unhandled" if result is UNHANDLED else "handled"
            return result
        finally:
            seconds = time.perf_counter() - started
            self.metrics.updates.labels(kind, outcome).inc()
            self.metrics.update_seconds.labels(kind).observe(seconds)
            if log.isEnabledFor(logging.INFO) and isinstance(event, Update):
                self._log(event, kind, outcome, seconds)

    def _log(self, update: Update, kind: str, outcome: str, seconds: float) -> None:
        inner = update.event
        user = getattr(inner, "from_user", None)
        fields = {
            "update_id": update.update_id,
            "update_type": kind,
            "handler": _handler(inner),
            "outcome": outcome,
            "duration_ms": round(seconds * 1000, 1),
            "account": account_hash(user.id, self.account_key) if user is not None else None,
        }
        log.info("update %s %s in %.1f ms", update.update_id, outcome, seconds * 1000, extra=fields)


def _handler(event: object) -> str:
    """What the update asked for, without what was typed: a command's name, a button's action prefix."""
    if isinstance(event, CallbackQuery) and event.data:
        return "button:" + event.data.split(":", 1)[0]
    if isinstance(event, Message):
        text = event.text or ""
        if text.startswith("/"):
            return "command:" + text.split()[0][1:].split("@")[0][:32]
        return "document" if event.document else "photo" if event.photo else "text"
    return type(event).__name__
