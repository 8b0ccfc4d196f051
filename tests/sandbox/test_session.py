"""FakeTelegramSession: aiogram's Bot in-process, with aiogram's own exceptions for Telegram errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.types import BufferedInputFile, FSInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from sandbox.session import FakeTelegramSession, create_bot
from sandbox.telegram import FakeTelegram
from tests.sandbox.demo_bot import HTML_DEFAULTS


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    bot = create_bot(fake, default=HTML_DEFAULTS)
    yield bot
    await bot.session.close()


def keyboard(data: str = "a") -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="A", callback_data=data)]])


async def test_send_and_edit_round_trip(bot: Bot, fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    message = await bot.send_message(uid, "Оценка: <b>5</b>", reply_markup=keyboard())

    assert message.text == "Оценка: 5"
    assert message.html_text == "Оценка: <b>5</b>"
    edited = await bot.edit_message_text("Оценка: <b>4</b>", chat_id=uid, message_id=message.message_id)
    assert not isinstance(edited, bool)
    assert edited.text == "Оценка: 4"

    (call,) = fake.calls("sendMessage")
    # Serialised like AiohttpSession: the default parse_mode is resolved, the markup is JSON.
    assert call.params["parse_mode"] == "HTML"
    assert call.params["reply_markup"] == {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    assert call.params["chat_id"] == uid


async def test_telegram_errors_become_aiogram_exceptions(bot: Bot, fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    sent = await bot.send_message(uid, "меню", reply_markup=keyboard())

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("меню", chat_id=uid, message_id=sent.message_id, reply_markup=keyboard())
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(42, "x")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(uid, "я" * 4097)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(uid, "")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(uid, "x", reply_markup=keyboard("d" * 65))
    with pytest.raises(TelegramNotFound, match="method not found"):
        await bot.get_chat(uid)

    fake.set_blocked(uid, True)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(uid, "x")


async def test_retry_after_is_exposed(bot: Bot, fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)

    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(uid, "x")
    assert caught.value.retry_after == 3
    await bot.send_message(uid, "x")


async def test_wrong_token_is_unauthorized(fake: FakeTelegram) -> None:
    stranger = Bot("999:WRONG", session=FakeTelegramSession(fake))
    with pytest.raises(TelegramUnauthorizedError):
        await stranger.get_me()


async def test_documents_from_buffer_and_disk_can_be_downloaded(
    bot: Bot, fake: FakeTelegram, tmp_path: Path
) -> None:
    uid = fake.add_user("Анна")
    path = tmp_path / "табель.txt"
    path.write_bytes(b"from disk")

    buffered = await bot.send_document(uid, BufferedInputFile(b"in memory", "a.csv"), caption="<i>a</i>")
    on_disk = await bot.send_document(uid, FSInputFile(path))

    assert buffered.document is not None
    assert on_disk.document is not None
    assert buffered.caption == "a"
    assert on_disk.document.file_name == "табель.txt"
    downloaded = await bot.download(buffered.document)
    assert downloaded is not None
    assert downloaded.read() == b"in memory"
    resent = await bot.send_document(uid, on_disk.document.file_id)
    assert resent.document is not None
    assert resent.document.file_unique_id == on_disk.document.file_unique_id
    assert [m.document.content for m in fake.messages(uid) if m.document] == [
        b"in memory",
        b"from disk",
        b"from disk",
    ]


async def test_bot_management_methods(bot: Bot, fake: FakeTelegram) -> None:
    from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, MenuButtonCommands

    assert (await bot.get_me()).username == "school_test_bot"
    await bot.delete_webhook(drop_pending_updates=True)
    await bot.set_my_commands([BotCommand(command="start", description="Начать")])
    await bot.set_my_commands(
        [BotCommand(command="help", description="Помощь")], scope=BotCommandScopeAllPrivateChats()
    )
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats())] == ["help"]
    await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
    uid = fake.add_user("Анна")
    assert await bot.send_chat_action(uid, "typing")
    assert (await bot.get_updates(timeout=0)) == []


async def test_enum_defaults_are_sent_by_value(fake: FakeTelegram) -> None:
    from aiogram.client.default import DefaultBotProperties
    from aiogram.enums import ParseMode

    bot = create_bot(fake, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    uid = fake.add_user("Анна")
    message = await bot.send_message(uid, "<b>жирный</b>")
    assert message.text == "жирный"
    assert fake.calls("sendMessage")[0].params["parse_mode"] == "HTML"


async def test_history_can_be_dropped_and_the_call_log_turned_off(fake: FakeTelegram) -> None:
    """A long run keeps chats and messages but not every call ever made (benchmarks, a sandbox left
    open): forget_history drops the log and answered presses; keep_call_log=False never keeps it."""
    bot = create_bot(fake, default=HTML_DEFAULTS)
    uid = fake.add_user("Анна")
    sent = await bot.send_message(uid, "меню", reply_markup=keyboard("a"))
    fake.press(uid, uid, sent.message_id, "a")
    (query,) = fake.callback_queries(uid)
    await bot.answer_callback_query(query.query_id)
    fake.forget_history()
    assert fake.calls() == []
    assert fake.callback_answers(uid) == []
    assert fake.callback_queries(uid) == []
    screen = fake.screen(uid)
    assert screen is not None and screen.text == "меню"

    quiet = FakeTelegram("654321:quiet-token", keep_call_log=False)
    quiet_bot = create_bot(quiet, default=HTML_DEFAULTS)
    other = quiet.add_user("Борис")
    await quiet_bot.send_message(other, "привет")
    assert quiet.calls() == []
    assert quiet.screen(other) is not None
    await bot.session.close()
    await quiet_bot.session.close()
