"""The real Dispatcher, routers and middlewares on a real database, with Telegram faked in-process.

`harness.join("parent")` opens a demo persona's invite link as a new Telegram user and returns
the driver for that user, so a test reads like what people do: join, press, read the screen.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import build_bot, build_dispatcher
from bot.clock import FixedClock
from bot.settings import Settings
from sandbox.driver import InProcessUser, InProcessUsers, Screen
from sandbox.session import FakeTelegramSession
from sandbox.telegram import FakeTelegram
from services import demo
from tests.factories import NOW
from tests.textcheck import broken_texts

TOKEN = "123456:TEST-token-for-handlers"
BOT_USERNAME = "school_journal_bot"


def handler_settings() -> Settings:
    return Settings(_env_file=None, bot_token=TOKEN, bot_username=BOT_USERNAME)


@dataclass
class Harness:
    fake: FakeTelegram
    users: InProcessUsers
    session_factory: async_sessionmaker[AsyncSession]
    clock: FixedClock
    engine: AsyncEngine
    school: demo.DemoSchool | None = None
    joined: dict[str, InProcessUser] = field(default_factory=dict)

    async def build_demo(self) -> demo.DemoSchool:
        async with self.session_factory() as session, session.begin():
            self.school = await demo.build_demo(session, now=self.clock.now(), ttl_days=14)
        return self.school

    def token(self, persona: str) -> str:
        assert self.school is not None, "call build_demo() first"
        return self.school.personas[persona].token

    async def newcomer(self, first_name: str, last_name: str | None = None) -> InProcessUser:
        return await self.users.user(first_name, last_name)

    async def join(self, persona: str, *, consent: bool = True) -> tuple[InProcessUser, Screen]:
        """A new Telegram user opens the persona's link (and consents, for a parent)."""
        school = self.school or await self.build_demo()
        name = school.personas[persona].name.split()
        user = await self.users.user(name[1], name[0])
        screen = await user.send(f"/start {self.token(persona)}")
        if school.personas[persona].role.value == "parent" and consent:
            screen = await user.press("✅ Даю согласие")
        self.joined[persona] = user
        return user, screen


@pytest.fixture
async def harness(
    engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> AsyncIterator[Harness]:
    fake = FakeTelegram(TOKEN, bot_username=BOT_USERNAME, bot_first_name="Школьный журнал")
    settings = handler_settings()
    bot = build_bot(settings, session=FakeTelegramSession(fake))
    clock = FixedClock(NOW)
    dispatcher = build_dispatcher(settings, session_factory, clock=clock)
    yield Harness(fake, InProcessUsers(fake, dispatcher, bot), session_factory, clock, engine)
    await bot.session.close()
    # Whatever the test was about, nothing it made the bot say may read broken.
    assert broken_texts(fake) == []
