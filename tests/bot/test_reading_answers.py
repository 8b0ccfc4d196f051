"""How the bot reads Telegram's answers: an edit is not read back, everything else is."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.app import build_bot
from bot.settings import Settings
from sandbox.session import FakeTelegramSession
from sandbox.telegram import FakeTelegram

TOKEN = "123456:ANSWERS-test-token"


def roster(marked: str) -> InlineKeyboardMarkup:
    names = [InlineKeyboardButton(text=f"{marked}Ученик {n}", callback_data=f"s:{n}") for n in range(30)]
    return InlineKeyboardMarkup(inline_keyboard=[names[i : i + 2] for i in range(0, 30, 2)])


async def test_an_edit_is_answered_true_and_still_lands_while_errors_still_raise() -> None:
    fake = FakeTelegram(TOKEN)
    bot = build_bot(Settings(_env_file=None, bot_token=TOKEN), session=FakeTelegramSession(fake))
    uid = fake.add_user("Учитель")
    try:
        sent = await bot.send_message(uid, "Посещаемость", reply_markup=roster(""))
        assert isinstance(sent, Message) and sent.reply_markup is not None  # a send is read in full

        edited = await bot.edit_message_text(
            "Посещаемость: 1 отсутствует", chat_id=uid, message_id=sent.message_id, reply_markup=roster("Н ")
        )
        assert edited is True
        screen = fake.screen(uid)
        assert screen is not None and screen.text == "Посещаемость: 1 отсутствует"
        assert screen.buttons[0][0].text == "Н Ученик 0"

        with pytest.raises(TelegramBadRequest, match="message is not modified"):
            await bot.edit_message_text(
                "Посещаемость: 1 отсутствует",
                chat_id=uid,
                message_id=sent.message_id,
                reply_markup=roster("Н "),
            )
        with pytest.raises(TelegramBadRequest):
            await bot.edit_message_text("нет такого", chat_id=uid, message_id=sent.message_id + 100)
    finally:
        await bot.session.close()
