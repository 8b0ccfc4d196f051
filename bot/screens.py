"""Showing a screen: edit the message in place for a button press, answer for a typed command."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import CallbackQuery, InaccessibleMessage, InlineKeyboardMarkup, Message

from bot.html_text import h

__all__ = ["h", "lower_first", "show"]

log = logging.getLogger(__name__)


def lower_first(name: str) -> str:
    """A name inside a sentence: «Контрольная работа» → «контрольная работа» (a name in capitals,
    «ВПР», stays as it is)."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


async def show(
    target: Message | CallbackQuery,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    toast: str | None = None,
) -> None:
    """Edit the pressed message (or answer the typed one); a button press is answered, with `toast`
    shown briefly on the phone when given (every callback must be answered exactly once).

    Handlers that change the journal commit before they show, so by now the change is saved: if
    Telegram then refuses to draw (a rate limit, an answer too late, a network fault), that is logged
    and the next tap redraws the screen, rather than telling the teacher that nothing was saved.
    """
    try:
        await _draw(target, text, markup)
    except TelegramAPIError as error:
        log.warning("could not draw the screen for %s: %s", _who(target), error)
    if isinstance(target, CallbackQuery):
        try:
            await target.answer(toast)
        except TelegramAPIError as error:
            log.warning("could not answer the button of %s: %s", _who(target), error)


async def _draw(target: Message | CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    if isinstance(target, Message):
        await target.answer(text, reply_markup=markup)
        return
    message = target.message
    if message is None or isinstance(message, InaccessibleMessage):
        # Too old to edit (48 h) or gone: send the screen anew.
        await target.bot.send_message(target.from_user.id, text, reply_markup=markup)  # type: ignore[union-attr]
        return
    try:
        await message.edit_text(text, reply_markup=markup)
    except TelegramBadRequest as error:
        if "message is not modified" not in error.message:
            # A document or photo has no text to edit, or the message is gone: send anew.
            log.info("edit failed (%s), sending the screen as a new message", error.message)
            await message.answer(text, reply_markup=markup)


def _who(target: Message | CallbackQuery) -> int | None:
    return target.from_user.id if target.from_user else None
