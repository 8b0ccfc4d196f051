"""Last in line: buttons nobody handles (stale, or not for this user's roles) and stray text."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.i18n import Translator
from bot.keyboards import back_to_menu
from services.users import UserContext

router = Router(name=__name__)


@router.callback_query()
async def unknown_button(query: CallbackQuery, t: Translator) -> None:
    # Same answer for a stale button and a forged one: nothing is revealed either way.
    await query.answer(t("stale-button"), show_alert=True)


@router.message(Command("timetable"))
async def timetable_without_lessons(message: Message, t: Translator) -> None:
    """/timetable from someone whose active role has no timetable (a coordinator who does not teach)."""
    await message.answer(
        t("timetable-none"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[[back_to_menu(t)]])
    )


@router.message()
async def unknown_message(message: Message, ctx: UserContext, t: Translator) -> None:
    if not ctx.grants:
        await message.answer(t("start-not-joined"))
        return
    await message.answer(
        t("unknown-message"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[[back_to_menu(t)]])
    )
