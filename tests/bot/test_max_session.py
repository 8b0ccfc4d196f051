"""A parent joins through MAX: the same handlers, their Bot API calls sent as MAX calls.

MAX's side is a small recorder at its HTTP boundary, shaped as MAX's OpenAPI schema answers
(POST /messages → SendMessageResult, PUT /messages and POST /answers → SimpleQueryResult, errors as
{"code", "message"}): what the bot sent is what a MAX user would see."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import trustme
from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError
from aiogram.types import Update
from aiohttp.test_utils import TestServer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_dispatcher
from bot.clock import FixedClock
from bot.max.polling import MaxPoller, max_bot
from bot.max.session import MaxSession
from bot.max.updates import translate
from bot.settings import Settings
from models import Guardian, TgUser
from services import demo
from services.channels import message_number
from tests.factories import NOW
from tests.maxstub import BOT, STOPPED_USER, T0, TOKEN, MaxRecorder

MOTHER = {"user_id": 4242, "first_name": "Ольга", "last_name": "Андреева", "is_bot": False}


@pytest.fixture
async def max_api() -> AsyncIterator[tuple[MaxRecorder, str]]:
    recorder = MaxRecorder()
    server = TestServer(recorder.app())
    await server.start_server()
    yield recorder, str(server.make_url("")).rstrip("/")
    await server.close()


async def _feed(
    raw: dict[str, Any], bot: Bot, sessions: async_sessionmaker[AsyncSession], dispatcher: Any
) -> None:
    async def number(account: int, mid: str) -> int:
        async with sessions() as session, session.begin():
            return await message_number(session, account, mid)

    translated = await translate(raw, BOT, number)
    assert translated.update is not None
    await dispatcher.feed_update(bot, Update.model_validate(translated.update, context={"bot": bot}))


async def test_a_parent_joins_and_consents_entirely_in_max(
    max_api: tuple[MaxRecorder, str], session_factory: async_sessionmaker[AsyncSession], session: AsyncSession
) -> None:
    recorder, url = max_api
    async with session_factory() as arranging, arranging.begin():
        school = await demo.build_demo(arranging, now=NOW, ttl_days=14)
    settings = Settings(_env_file=None, bot_token="123456:TEST-token-for-max", bot_username=BOT.username)
    bot = Bot("123456:TEST-token-for-max", session=MaxSession(url, TOKEN, session_factory))
    dispatcher = build_dispatcher(settings, session_factory, clock=FixedClock(NOW))
    try:
        started = {"update_type": "bot_started", "timestamp": 1764936000000, "chat_id": 777, "user": MOTHER,
                   "payload": school.personas["parent"].token, "user_locale": "ru"}  # fmt: skip
        await _feed(started, bot, session_factory, dispatcher)
        (consent,) = recorder.messages_to(4242)
        assert "Согласие на обработку персональных данных" in consent["text"] and consent["format"] == "html"
        (keyboard,) = consent["attachments"]
        accept = keyboard["payload"]["buttons"][0][0]
        assert (accept["type"], accept["text"]) == ("callback", "✅ Даю согласие")

        callback = {
            "timestamp": 1764936001000,
            "callback_id": "cb.1",
            "payload": accept["payload"],
            "user": MOTHER,
        }
        body = {"mid": "mid.0001", "seq": 1, "text": consent["text"]}
        message = {
            "recipient": {"chat_type": "dialog", "user_id": 4242},
            "timestamp": 1764936000000,
            "body": body,
        }
        pressed = {"update_type": "message_callback", "timestamp": 1764936001000, "callback": callback,
                   "message": message}  # fmt: skip
        await _feed(pressed, bot, session_factory, dispatcher)
        # The consent's keyboard is taken off (an edit of that very MAX message), then the welcome.
        edits = [
            (query, body)
            for verb, path, query, body in recorder.calls
            if (verb, path) == ("PUT", "/messages")
        ]
        assert edits == [({"message_id": "mid.0001"}, {"attachments": []})]
        texts = [body["text"] for body in recorder.messages_to(4242)]
        assert any("Готово! Вы подключены как родитель" in text for text in texts)

        guardian = await session.scalar(select(Guardian).where(Guardian.tg_user_id == -4242))
        assert guardian is not None and guardian.consent_given_at == NOW
        account = await session.get(TgUser, -4242)
        assert account is not None and (account.channel, account.external_id) == ("max", 4242)
    finally:
        await bot.session.close()


async def test_a_stopped_max_user_is_a_forbidden_error_as_in_telegram(
    max_api: tuple[MaxRecorder, str], session_factory: async_sessionmaker[AsyncSession]
) -> None:
    _, url = max_api
    bot = Bot("123456:TEST-token-for-max", session=MaxSession(url, TOKEN, session_factory))
    try:
        with pytest.raises(TelegramForbiddenError):
            await bot.send_message(-STOPPED_USER, "Новая оценка")
        long_text = "я" * 4500
        sent = await bot.send_message(-4242, long_text)  # cut to MAX's 4,000 characters
        assert len(sent.text or "") == 4000 and (sent.text or "").endswith("…")
    finally:
        await bot.session.close()


async def test_max_updates_by_long_polling_reach_the_same_handlers_and_a_stop_blocks(
    max_api: tuple[MaxRecorder, str], session_factory: async_sessionmaker[AsyncSession], session: AsyncSession
) -> None:
    recorder, url = max_api
    async with session_factory() as arranging, arranging.begin():
        school = await demo.build_demo(arranging, now=NOW, ttl_days=14)
    settings = Settings(_env_file=None, bot_token="123456:TEST-token-for-max", bot_username=BOT.username,
                        max_bot_token=TOKEN, max_api_url=url)  # fmt: skip
    bot, identity = await max_bot(settings, session_factory)
    assert identity == BOT and bot.id == BOT.user_id
    poller = MaxPoller(build_dispatcher(settings, session_factory), bot, identity, session_factory)
    recorder.events.append({"update_type": "bot_started", "timestamp": T0, "chat_id": 777, "user": MOTHER,
                            "payload": school.personas["teacher"].token})  # fmt: skip
    stop = asyncio.Event()
    polling = asyncio.create_task(poller.run(stop, poll_seconds=1))
    try:
        for _ in range(100):
            if poller.handled:
                break
            await asyncio.sleep(0.05)
        assert any("Добро пожаловать" in body["text"] for body in recorder.messages_to(4242))
        recorder.events.append(
            {"update_type": "bot_stopped", "timestamp": T0, "chat_id": 777, "user": MOTHER}
        )
        for _ in range(100):
            account = await session.get(TgUser, -4242, populate_existing=True)
            if account is not None and account.is_blocked:
                break
            await asyncio.sleep(0.05)
        assert account is not None and account.is_blocked
        assert poller.handled == 1  # each update once: the marker moved past them
    finally:
        stop.set()
        await polling
        await bot.session.close()


async def test_max_s_host_is_trusted_through_max_ca_bundle_and_not_without_it(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """MAX's host is certified by the Russian Ministry's root CA, which most systems do not carry: with
    MAX_CA_BUNDLE naming that root the bot reaches MAX, without it the connection is refused."""
    authority = trustme.CA()  # stands for the Ministry's root
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(served)
    recorder = MaxRecorder()
    server = TestServer(recorder.app(), host="127.0.0.1")
    await server.start_server(ssl=served)
    url = f"https://127.0.0.1:{server.port}"
    bundle = tmp_path / "russian_trusted_root_ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    common = {"_env_file": None, "bot_token": "123456:TEST-token-for-max", "max_bot_token": TOKEN,
              "max_api_url": url}  # fmt: skip
    try:
        trusted = Settings(**common, max_ca_bundle=bundle)  # type: ignore[arg-type]
        bot, identity = await max_bot(trusted, session_factory)
        await bot.session.close()
        assert identity == BOT

        untrusted = Settings(**common)  # type: ignore[arg-type]
        with pytest.raises(aiohttp.ClientConnectorCertificateError):
            await max_bot(untrusted, session_factory)
    finally:
        await server.close()
