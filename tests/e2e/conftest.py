"""End-to-end: the real `schoolbot` processes against sandbox/'s Bot API server on localhost.

The fake server runs in the test's event loop, so the CLI and the bot are started with asyncio's
subprocess API (a blocking subprocess.run would starve the server they talk to). Each process runs
in an empty folder, so a developer's own .env never leaks into a test.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from models import School
from sandbox.driver import HttpUser, HttpUsers, Screen
from sandbox.max import FakeMax
from sandbox.server import serving
from sandbox.telegram import FakeTelegram
from services.events import AnnouncementNotice
from services.notify import enqueue

TOKEN = "424242:E2E-sandbox-token-for-tests"
MAX_TOKEN = "e2e-max-bot-token"
BOT_USERNAME = "lyceum_journal_bot"
STARTUP_TIMEOUT = 60.0


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Sandbox:
    """The fake Telegram with the fake MAX over the same phone model; a bot started here serves both."""

    fake: FakeTelegram
    url: str
    database_url: str
    workdir: Path
    users: HttpUsers

    def env(self, **overrides: str | None) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("BOT_", "DATABASE_", "REDIS_", "MAX_"))
        }
        env.update(
            {
                "BOT_TOKEN": TOKEN,
                "BOT_API_URL": self.url,
                "MAX_BOT_TOKEN": MAX_TOKEN,
                "MAX_API_URL": f"{self.url}/max",
                "DATABASE_URL": self.database_url,
                "LOG_LEVEL": "INFO",
                "PYTHONUNBUFFERED": "1",
                # The processes run at the wall clock: a nudge due at this hour of the day would land
                # in the teachers' chats of unrelated tests. The jobs are tested with a clock the test
                # moves (tests/services/test_schedule.py); test_schedule_e2e.py turns it on.
                "RUN_SCHEDULER": "false",
            }
        )
        for key, value in overrides.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    async def cli(self, *args: str, timeout: float = 120, **env: str | None) -> CliResult:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=self.workdir,
            env=self.env(**env),
            stdin=asyncio.subprocess.DEVNULL,  # a command that asks gets no answer: as from a script
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
        assert process.returncode is not None
        return CliResult(process.returncode, stdout.decode(), stderr.decode())

    async def demo(self) -> dict[str, Any]:
        result = await self.cli("demo", "--json")
        assert result.returncode == 0, result.stderr
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    async def start_bot(self, *, ready_line: str | None = None, **env: str | None) -> BotProcess:
        """`schoolbot run`, once it is up: once it set its Telegram commands, or (a MAX-only bot) once
        `ready_line` is in its log."""
        # set_commands runs right before polling starts: once it is logged, the bot is up (getUpdates is
        # logged only when a long poll returns, seconds later).
        ready_before = len(self.fake.calls("setMyCommands"))
        log = open(self.workdir / "bot.log", "ab")  # noqa: SIM115, ASYNC230 - closed by BotProcess.stop
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=self.workdir,
            env=self.env(**env),
            stdout=log,
            stderr=log,
        )
        bot = BotProcess(process, log, self.workdir / "bot.log")
        deadline = asyncio.get_running_loop().time() + STARTUP_TIMEOUT
        while (
            ready_line not in bot.output()
            if ready_line is not None
            else len(self.fake.calls("setMyCommands")) <= ready_before
        ):
            if process.returncode is not None or asyncio.get_running_loop().time() > deadline:
                await bot.stop()
                pytest.fail(f"the bot did not start polling:\n{bot.output()}")
            await asyncio.sleep(0.1)
        return bot

    async def start_worker(self, **env: str | None) -> BotProcess:
        """`schoolbot worker` (the sender alone), started once it has said so in its log."""
        log_path = self.workdir / f"worker-{len(list(self.workdir.glob('worker-*.log')))}.log"
        log = open(log_path, "ab")  # noqa: SIM115, ASYNC230 - closed by BotProcess.stop
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "worker",
            cwd=self.workdir,
            env=self.env(**env),
            stdout=log,
            stderr=log,
        )
        worker = BotProcess(process, log, log_path)
        deadline = asyncio.get_running_loop().time() + STARTUP_TIMEOUT
        while "sender started" not in worker.output():
            if process.returncode is not None or asyncio.get_running_loop().time() > deadline:
                await worker.stop()
                pytest.fail(f"the worker did not start:\n{worker.output()}")
            await asyncio.sleep(0.05)
        return worker

    @property
    def max(self) -> FakeMax:
        assert isinstance(self.fake.max_side, FakeMax)
        return self.fake.max_side

    async def join(
        self, link: str, first_name: str, *, consent: bool = False, messenger: str = "telegram"
    ) -> tuple[HttpUser, Screen]:
        """Open the invite link in the messenger (in MAX the same token arrives as bot_started)."""
        user = await self.users.user(first_name, messenger=messenger)
        token = link.split("?start=", 1)[1]
        screen = await user.send(f"/start {token}")
        if consent:
            screen = await user.press("✅ Даю согласие")
        return user, screen


@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    log: Any
    log_path: Path

    async def stop(self, *, kill: bool = False) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        self.log.close()

    def output(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")


@pytest.fixture
async def sandbox(database_url: str, tmp_path: Path) -> AsyncIterator[Sandbox]:
    fake = FakeTelegram(TOKEN, bot_username=BOT_USERNAME, bot_first_name="Журнал лицея")
    FakeMax(fake, MAX_TOKEN, name="Журнал лицея", username=BOT_USERNAME)
    async with serving(fake) as url, HttpUsers(url, timeout=20, settle=0.3) as users:
        yield Sandbox(fake, url, database_url, tmp_path, users)


@pytest.fixture(params=["telegram", "max"])
def messenger(request: pytest.FixtureRequest) -> str:
    """The family's messenger: a journey that asks for it runs in Telegram and in MAX."""
    return str(request.param)


def free_port() -> int:
    """A port nobody listens on now (for a process the test starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def announce_now(session: AsyncSession, school_id: int, account: int, text: str) -> None:
    """An announcement for one account, due now, with the school's quiet hours off (tests run at any
    hour): what reaches him shows that the sender works."""
    async with session.begin():
        quiet_off = {"quiet_hours_start": "00:00:00", "quiet_hours_end": "00:00:00"}
        await session.execute(update(School).values(settings=quiet_off))
        await enqueue(
            session,
            school_id=school_id,
            recipients=[account],
            event=AnnouncementNotice(text=text, sender="Завуч"),
            not_before=dt.datetime.now(dt.UTC),
        )
