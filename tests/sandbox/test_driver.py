"""The demo bot driven as a user would, in-process and over HTTP with the same assertions."""

from __future__ import annotations

import pytest
from aiogram import Dispatcher, Router
from aiogram.types import Message

from sandbox.driver import HttpUsers, InProcessUsers, NoReplyError
from sandbox.session import create_bot
from sandbox.telegram import ButtonError, FakeTelegram
from tests.sandbox.demo_bot import REPORT_CSV

Users = InProcessUsers | HttpUsers


async def test_start_shows_menu_with_buttons(users: Users) -> None:
    user = await users.user("Анна", "Петрова", username="anna")

    screen = await user.send("/start")

    assert screen.text == "Здравствуйте, Анна!"
    assert screen.buttons == [["📚 Оценки"], ["Отчёт", "Сайт школы"]]
    assert len(screen.messages) == 1
    assert screen.messages[0].html == "Здравствуйте, <b>Анна</b>!"
    assert screen.messages[0].entities == [{"type": "bold", "offset": 14, "length": 4}]
    assert screen.has_button("Оценки")
    assert not screen.has_button("Расписание")


async def test_start_payload_reaches_the_handler(users: Users) -> None:
    user = await users.user("Анна")

    screen = await user.send("/start class-7b")

    assert screen.text == "Здравствуйте, Анна!\nКод приглашения: class-7b"


async def test_press_edits_the_message_and_shows_a_toast(users: Users) -> None:
    user = await users.user("Анна")
    menu = await user.send("/start")

    screen = await user.press("Оценки")

    assert screen.text == "Оценки за неделю: 5, 4, 5"
    assert screen.buttons == [["⬅️ Назад"]]
    assert [m.message_id for m in screen.messages] == [menu.messages[0].message_id]
    assert screen.messages[0].edited == 1
    assert screen.callback_answer is not None
    assert screen.callback_answer.text == "Оценки загружены"
    assert not screen.callback_answer.show_alert
    assert await user.last_callback_answer() == "Оценки загружены"

    back = await user.press("назад")
    assert back.text == "Здравствуйте, Анна!"
    assert back.callback_answer is not None
    assert back.callback_answer.text is None
    assert back.messages[0].edited == 2


async def test_press_that_sends_a_document_with_an_alert(users: Users) -> None:
    user = await users.user("Анна")
    await user.send("/start")

    screen = await user.press("Отчёт")

    assert [(d.filename, d.content, d.mime) for d in screen.documents] == [
        ("report.csv", REPORT_CSV, "text/csv")
    ]
    assert screen.text == "Отчёт за четверть"
    assert screen.current is not None
    assert screen.current.caption == "Отчёт за четверть"
    assert screen.callback_answer is not None
    assert screen.callback_answer.show_alert
    assert screen.callback_answer.text == "Отчёт готов"
    # The menu stays above the document: both are bot messages in the chat.
    assert [m.text for m in await user.messages()] == ["Здравствуйте, Анна!", "Отчёт за четверть"]


async def test_uploaded_document_can_be_downloaded_by_the_bot(users: Users) -> None:
    user = await users.user("Анна")

    screen = await user.upload(
        "оценки.xlsx", b"PK\x03\x04 fake xlsx", "application/vnd.ms-excel", caption="вот"
    )

    assert screen.text == "Получен файл оценки.xlsx: 14 байт"


async def test_text_is_echoed_with_html_escaped(users: Users) -> None:
    user = await users.user("Анна")

    screen = await user.send("2 < 3 & <b>не жирный</b>")

    assert screen.text == "Вы написали: 2 < 3 & <b>не жирный</b>"
    assert screen.current is not None
    assert screen.current.entities == []


async def test_silence_is_reported_or_accepted_on_request(users: Users) -> None:
    if isinstance(users, HttpUsers):
        users.timeout = 1.0
    user = await users.user("Анна")

    quiet = await user.send("молчи", expect_reply=False)
    assert quiet.messages == []
    assert quiet.current is None

    with pytest.raises(NoReplyError, match=r"did nothing|did not react"):
        await user.send("молчи")


async def test_pressing_a_missing_button_lists_what_is_visible(users: Users) -> None:
    user = await users.user("Анна")
    await user.send("/start")

    with pytest.raises(
        ButtonError, match=r"no button 'Расписание'[\s\S]*\[📚 Оценки\][\s\S]*\[Отчёт\] \[Сайт школы\]"
    ):
        await user.press("Расписание")
    with pytest.raises(ButtonError, match="url button"):
        await user.press("Сайт школы")


async def test_blocked_user_gets_nothing(users: Users, fake: FakeTelegram) -> None:
    user = await users.user("Анна")
    await user.send("/start")
    await user.set_blocked(True)

    with pytest.raises(RuntimeError, match="blocked the bot"):
        await user.send("привет")

    await user.set_blocked(False)
    assert (await user.send("привет")).text == "Вы написали: привет"


async def test_screen_and_messages_read_the_current_state(users: Users) -> None:
    user = await users.user("Анна")
    await user.send("/start")
    await user.press("Оценки")

    screen = await user.screen()

    assert screen.text == "Оценки за неделю: 5, 4, 5"
    assert screen.buttons == [["⬅️ Назад"]]
    assert len(await user.messages()) == 1


async def test_press_by_callback_data_reaches_the_same_handler(users: Users) -> None:
    user = await users.user("Анна")
    menu = await user.send("/start")

    screen = await user.press_data(menu.messages[0].message_id, "grades")

    assert screen.text == "Оценки за неделю: 5, 4, 5"


async def test_photo_without_a_handler_is_ignored(users: Users, fake: FakeTelegram) -> None:
    if isinstance(users, HttpUsers):
        users.quiet = 0.3
    user = await users.user("Анна")

    screen = await user.send_photo(b"\xff\xd8 not really a jpeg", caption="доска", expect_reply=False)

    assert screen.messages == []
    (sent,) = fake.messages(user.user_id)
    assert (sent.from_bot, sent.photo, sent.caption) == (False, b"\xff\xd8 not really a jpeg", "доска")


async def test_in_process_handler_errors_propagate_to_the_test(fake: FakeTelegram) -> None:
    router = Router()

    @router.message()
    async def broken(message: Message) -> None:
        raise ZeroDivisionError("bug in the handler")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    bot = create_bot(fake)
    user = await InProcessUsers(fake, dispatcher, bot).user("Анна")

    with pytest.raises(ZeroDivisionError, match="bug in the handler"):
        await user.send("привет")
    await bot.session.close()
