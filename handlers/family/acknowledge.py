"""«Ознакомлен» pressed under a remark or a final mark: recorded, and the button says so."""

from __future__ import annotations

import contextlib

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InaccessibleMessage, InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import AckCb
from bot.clock import Clock
from bot.i18n import Translator
from services import acknowledgements
from services.users import UserContext

router = Router(name=__name__)


@router.callback_query(AckCb.filter())
async def acknowledge(
    query: CallbackQuery, session: AsyncSession, ctx: UserContext, t: Translator, clock: Clock
) -> None:
    message = query.message
    if message is None or isinstance(message, InaccessibleMessage):
        await query.answer(t("ack-nothing"), show_alert=True)
        return
    now = clock.now()
    # The person (ctx: his first account, when he pressed in his other messenger) and the chat pressed in.
    brought = await acknowledgements.acknowledge(
        session, ctx.tg_user_id, message.message_id, now=now, chat=query.from_user.id
    )
    if not brought:
        await query.answer(t("ack-nothing"), show_alert=True)
        return
    await session.commit()  # recorded before the button says so
    stamped = _stamped(message.reply_markup, t("ack-stamp", date=t.date(now.date())))
    if stamped is not None:
        # Already stamped (a second press) or too old to edit: the answer below says it anyway.
        with contextlib.suppress(TelegramAPIError):
            await message.edit_reply_markup(reply_markup=stamped)
    await query.answer(t("ack-done"))


def _stamped(markup: InlineKeyboardMarkup | None, stamp: str) -> InlineKeyboardMarkup | None:
    """The same keyboard with the «Ознакомлен» button saying when; None when there is none to stamp."""
    if markup is None:
        return None
    packed = AckCb().pack()
    rows = [
        [
            InlineKeyboardButton(text=stamp, callback_data=packed)
            if button.callback_data == packed
            else button
            for button in row
        ]
        for row in markup.inline_keyboard
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)
