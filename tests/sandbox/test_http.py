"""The HTTP server: Telegram's wire format, a real aiogram Bot over HTTP, bot restarts, the CLI."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.types import BufferedInputFile

from sandbox.driver import HttpUsers
from sandbox.telegram import FakeTelegram
from tests.sandbox.conftest import TOKEN
from tests.sandbox.demo_bot import http_bot, polling


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def bot(fake: FakeTelegram, server_url: str) -> AsyncIterator[Bot]:
    bot = http_bot(fake, server_url)
    yield bot
    await bot.session.close()


async def test_wrong_token_and_unknown_method(client: aiohttp.ClientSession, server_url: str) -> None:
    async with client.post(f"{server_url}/bot999:WRONG/getMe") as response:
        assert response.status == 401
        assert await response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    async with client.post(f"{server_url}/bot{TOKEN}/sendPoll") as response:
        assert response.status == 404
        assert await response.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }


async def test_every_request_encoding_is_decoded_by_the_same_rule(
    client: aiohttp.ClientSession, server_url: str, fake: FakeTelegram
) -> None:
    uid = fake.add_user("Анна")
    url = f"{server_url}/bot{TOKEN}/sendMessage"
    markup = json.dumps({"inline_keyboard": [[{"text": "A", "callback_data": "1"}]]})

    form = aiohttp.FormData({"chat_id": str(uid), "text": "123", "reply_markup": markup}, quote_fields=False)
    form.add_field("dummy", b"x", filename="x.bin")  # forces multipart/form-data
    requests = [
        client.post(url, data=form),
        client.post(url, data={"chat_id": str(uid), "text": "true", "disable_notification": "true"}),
        client.post(url, json={"chat_id": str(uid), "text": "null", "reply_markup": markup}),
        client.get(url, params={"chat_id": str(uid), "text": "{}"}),
    ]
    for request in requests:
        async with request as response:
            body = await response.json()
            assert response.status == 200, body

    assert [m.text for m in fake.messages(uid)] == ["123", "true", "null", "{}"]
    calls = fake.calls("sendMessage")
    assert [call.params["chat_id"] for call in calls] == [uid] * 4
    assert calls[0].params["reply_markup"] == json.loads(markup)
    assert calls[0].files == ["dummy"]
    assert calls[1].params["disable_notification"] is True
    assert calls[2].params["reply_markup"] == json.loads(markup)


async def test_real_bot_over_http_gets_aiogram_exceptions(bot: Bot, fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    sent = await bot.send_message(uid, "меню")

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("меню", chat_id=uid, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(1, "x")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(uid, "я" * 4097)
    with pytest.raises(TelegramNotFound):
        await bot.get_chat(uid)
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 5", retry_after=5)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(uid, "x")
    assert caught.value.retry_after == 5
    fake.set_blocked(uid, True)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(uid, "x")


async def test_wrong_token_bot_is_unauthorized(fake: FakeTelegram, server_url: str) -> None:
    stranger = http_bot(fake, server_url, token="999:WRONG")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await stranger.get_me()
    finally:
        await stranger.session.close()


async def test_files_upload_and_download_over_http(bot: Bot, fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    message = await bot.send_document(uid, BufferedInputFile("оценки;5\n".encode(), "журнал.csv"))

    assert message.document is not None
    assert message.document.file_name == "журнал.csv"
    downloaded = await bot.download(message.document)
    assert downloaded is not None
    assert downloaded.read() == "оценки;5\n".encode()
    stored = fake.screen(uid)
    assert stored is not None
    assert stored.document is not None
    assert stored.document.mime == "text/csv"


async def test_unconfirmed_updates_survive_a_bot_restart(fake: FakeTelegram, server_url: str) -> None:
    async with HttpUsers(server_url, timeout=10) as users:
        user = await users.user("Анна")
        async with polling(fake, server_url):
            assert (await user.send("первое")).text == "Вы написали: первое"

        # The bot is down: the message waits in the update queue.
        before = fake.activity_version(user.user_id)
        fake.send_text(user.user_id, "пока бот лежал")
        await asyncio.sleep(0.2)
        assert fake.activity_version(user.user_id) == before

        async with polling(fake, server_url):
            await fake.wait_for_activity(user.user_id, before, timeout=10)
        screen = await user.screen()
        assert screen.text == "Вы написали: пока бот лежал"


async def test_control_route_errors(
    client: aiohttp.ClientSession, server_url: str, fake: FakeTelegram
) -> None:
    async with client.post(f"{server_url}/sandbox/users/5/text", json={"text": "x"}) as response:
        assert response.status == 404
        assert "unknown user 5" in (await response.json())["error"]
    uid = fake.add_user("Анна")
    async with client.post(f"{server_url}/sandbox/users/{uid}/text", json={}) as response:
        assert response.status == 400
    async with client.post(f"{server_url}/sandbox/users/{uid}/press", json={"label": "Нет"}) as response:
        assert response.status == 404
        assert "no button 'Нет'" in (await response.json())["error"]
    async with client.get(
        f"{server_url}/sandbox/chats/{uid}/wait", params={"after": "0", "timeout": "0.1"}
    ) as response:
        assert response.status == 408


async def test_control_routes_for_inspection(server_url: str, fake: FakeTelegram) -> None:
    async with HttpUsers(server_url) as users:
        user = await users.user("Анна")
        await users.fail_next("sendMessage", 400, "Bad Request: test")
        bot_status, body = await fake.call("sendMessage", {"chat_id": user.user_id, "text": "x"})
        assert (bot_status, body["description"]) == (400, "Bad Request: test")
        calls = await users.calls("sendMessage")
        assert [(c.method, c.status, c.description) for c in calls] == [
            ("sendMessage", 400, "Bad Request: test")
        ]


async def test_command_line_server_prints_its_url_and_serves() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "sandbox", "--port", "0", "--token", "42:CLI", stdout=asyncio.subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 20)).decode()
        assert line.startswith("Fake Telegram Bot API listening on http://127.0.0.1:")
        url = line.rsplit(" ", 1)[1].strip()
        async with aiohttp.ClientSession() as session, session.get(f"{url}/bot42:CLI/getMe") as response:
            body = await response.json()
        assert body["ok"] is True
        assert body["result"]["id"] == 42
    finally:
        process.terminate()
        await process.wait()
