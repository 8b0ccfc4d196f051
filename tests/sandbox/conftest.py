"""Fixtures for the sandbox tests: a fake, its HTTP server, and the demo bot's users both ways."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from sandbox.driver import HttpUsers, InProcessUsers
from sandbox.server import serving
from sandbox.session import create_bot
from sandbox.telegram import FakeTelegram
from tests.sandbox.demo_bot import HTML_DEFAULTS, make_dispatcher, polling

TOKEN = "123456:SANDBOX-test-token"


@pytest.fixture
def fake() -> FakeTelegram:
    return FakeTelegram(TOKEN, bot_username="school_test_bot", bot_first_name="Школа")


@pytest.fixture
async def server_url(fake: FakeTelegram) -> AsyncIterator[str]:
    async with serving(fake) as url:
        yield url


@pytest.fixture(params=["in_process", "http"])
async def users(
    request: pytest.FixtureRequest, fake: FakeTelegram
) -> AsyncIterator[InProcessUsers | HttpUsers]:
    """The demo bot's users: in-process, and over HTTP with the bot long-polling the server."""
    if request.param == "in_process":
        bot = create_bot(fake, default=HTML_DEFAULTS)
        yield InProcessUsers(fake, make_dispatcher(), bot)
        await bot.session.close()
        return
    async with serving(fake) as url, polling(fake, url), HttpUsers(url, timeout=10) as http_users:
        yield http_users
