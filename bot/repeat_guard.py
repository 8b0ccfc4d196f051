"""A button that sends a file or a message acts once for a double tap.

A phone in a moving hand taps twice: two presses of «📈 График» made two identical charts, two of
«🖨 Листовки» two PDFs whose second replaced every link of the first. A handler marked
`flags={ONCE: seconds}` is not run again for the same person and the same button within that many
seconds of its last run: the second press is answered with a toast pointing at what was sent.

The record is kept in the person's conversation data (PostgreSQL or Redis, with the rest of it), so
it holds across instances; his updates are handled one at a time, so the second press always sees
the first one's record. A press that failed leaves no record, and may be repeated at once.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, TelegramObject

from bot.clock import Clock
from bot.i18n import Translator

ONCE = "once"  # the flag: seconds within which a repeated press of the button is not acted on
_KEY = "recent_presses"  # in the conversation data: callback data → when it was last acted on
LONGEST_WINDOW = dt.timedelta(minutes=5)  # older records are dropped


class NotSent(enum.Enum):
    """What a flagged handler returns when it sent nothing (an alert «nothing to draw»): not recorded,
    so pressing again is acted on."""

    NOT_SENT = "not sent"


NOT_SENT = NotSent.NOT_SENT


class RepeatedPressMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        seconds = get_flag(data, ONCE)
        state: FSMContext | None = data.get("state")
        if not seconds or not isinstance(event, CallbackQuery) or not event.data or state is None:
            return await handler(event, data)
        clock: Clock = data["clock"]
        now = clock.now()
        recent = _recent(await state.get_data(), now)
        last = recent.get(event.data)
        if last is not None and now - last < dt.timedelta(seconds=seconds):
            t: Translator = data["t"]
            await event.answer(t("repeat-press-ignored"))
            return None
        result = await handler(event, data)
        if result is NOT_SENT:
            return None
        recent[event.data] = now
        await state.update_data({_KEY: {button: when.isoformat() for button, when in recent.items()}})
        return result


def _recent(conversation: dict[str, Any], now: dt.datetime) -> dict[str, dt.datetime]:
    kept = {}
    stored = conversation.get(_KEY)
    for button, when in stored.items() if isinstance(stored, dict) else ():
        try:
            at = dt.datetime.fromisoformat(str(when))
        except ValueError:
            continue
        if now - at < LONGEST_WINDOW:
            kept[str(button)] = at
    return kept
