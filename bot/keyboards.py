"""Keyboard builders: pure functions from plain data to InlineKeyboardMarkup."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TypeVar

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import NavCb, Screen
from bot.i18n import Translator

T = TypeVar("T")

PAGE_SIZE = 20  # rows of people per screen: well under Telegram's 100 buttons


def back_to_menu(t: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t("btn-menu"), callback_data=NavCb(to=Screen.MENU).pack())


def single_column(
    items: Sequence[tuple[str, CallbackData]], *extra_rows: Sequence[InlineKeyboardButton]
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for label, data in items:
        builder.row(InlineKeyboardButton(text=label, callback_data=data.pack()))
    for row in extra_rows:
        if row:
            builder.row(*row)
    return builder.as_markup()


def pager(
    t: Translator, page: int, total: int, make: type[CallbackData] | None = None, **fixed: object
) -> list[InlineKeyboardButton]:
    """◀ 2/5 ▶ under a paged list; empty when everything fits on one page."""
    pages = max(1, -(-total // PAGE_SIZE))
    if pages == 1 or make is None:
        return []
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(text="◀", callback_data=make(page=page - 1, **fixed).pack()))
    row.append(
        InlineKeyboardButton(
            text=t("page-of", page=page + 1, pages=pages),
            callback_data=make(page=page, **fixed).pack(),
        )
    )
    if page + 1 < pages:
        row.append(InlineKeyboardButton(text="▶", callback_data=make(page=page + 1, **fixed).pack()))
    return row


def page_slice(items: Sequence[T], page: int) -> Sequence[T]:
    page = clamp_page(len(items), page)
    return items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]


def clamp_page(total: int, page: int) -> int:
    pages = max(1, -(-total // PAGE_SIZE))
    return min(max(page, 0), pages - 1)


# aiogram's InlineKeyboardBuilder deep-copies the whole keyboard on every button it adds; on the
# teacher's screens (thirty names, redrawn on every tap) that was most of a tap's time. These build
# the same markup directly.


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


@functools.lru_cache(maxsize=8192)
def kept_button(text: str, packed: str) -> InlineKeyboardButton:
    """A button whose callback data is already packed (bot.callbacks.pack_fast), kept for the next
    drawing: an attendance roster redrawn after a tap is the same buttons but one. A button is never
    changed after it is made. Only for buttons that do come back: every button kept is a live
    object the garbage collector walks until it is pushed out."""
    return InlineKeyboardButton(text=text, callback_data=packed)


def packed_button(text: str, packed: str) -> InlineKeyboardButton:
    """A button whose callback data is already packed, for a screen drawn once (its data carries a
    fresh key every time, so keeping it would only churn the cache)."""
    return InlineKeyboardButton(text=text, callback_data=packed)


def markup(*rows: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """A keyboard from rows; empty rows are left out."""
    return InlineKeyboardMarkup(inline_keyboard=[list(row) for row in rows if row])


def in_rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]
