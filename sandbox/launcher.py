"""`schoolbot sandbox`: the whole product on one machine, in a browser, with no token and no network.

One process tree: the embedded PostgreSQL on its own data folder, the demo school with weeks of past
lessons, this package's fake Bot API server (Telegram's, and MAX's under /max) and the page on one
address, and the real bot (`schoolbot run`, a child process) talking to that server through
BOT_API_URL and MAX_API_URL: one bot serving both messengers. The bot does not know it is in a
sandbox: the sandbox only supplies the server, the data and the page.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import datetime as dt
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import migrate
from bot.db import make_engine, make_session_factory, start_embedded_postgres
from bot.event_loop import serve_forever
from bot.i18n import Translator
from models import School
from sandbox.max import FakeMax
from sandbox.people import Person, bring_in, joined_accounts, people_of
from sandbox.server import create_app
from sandbox.telegram import FakeTelegram
from sandbox.web import SandboxState, add_page
from services import demo, demo_history

log = logging.getLogger(__name__)

TOKEN = "777000111:SANDBOX-demo-lyceum-token"
MAX_TOKEN = "SANDBOX-demo-lyceum-max-token"
BOT_USERNAME = "demo_lyceum_bot"
BOT_NAME = "Журнал Демо-лицея"
BOT_START_TIMEOUT = 120.0
PR_SET_PDEATHSIG = 1  # linux/prctl.h
HISTORY_WEEKS = 4
# The demo school in the sandbox tells families at once and at any hour: a visitor gives a mark and
# looks at the parent's chat the same minute, whatever the time of day (a school's own settings keep
# the correction window and the quiet hours).
SANDBOX_SCHOOL_SETTINGS = {
    "mark_delay_minutes": 0,
    "attendance_delay_minutes": 0,
    "quiet_hours_start": "00:00:00",
    "quiet_hours_end": "00:00:00",
}


class SandboxError(Exception):
    """Why the sandbox could not start, in the user's language; printed as one line."""


@dataclass(frozen=True)
class SandboxOptions:
    host: str
    port: int
    data_dir: Path
    fresh: bool
    locale: str
    webhook: bool = False  # the bot takes updates by webhook (the fake POSTs them) instead of polling


def run_sandbox(options: SandboxOptions, t: Translator) -> None:
    # The page polls and streams: a line per request would bury the address the user needs.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    data_dir = options.data_dir.expanduser().resolve()
    if options.fresh:
        _wipe(data_dir, t)
    data_dir.mkdir(parents=True, exist_ok=True)
    print(t("sandbox-starting", folder=str(data_dir)), flush=True)
    database_url = _database(data_dir, t)
    serve_forever(_serve(options, data_dir, database_url, t))


def _wipe(data_dir: Path, t: Translator) -> None:
    """--fresh: stop a server a killed sandbox left running on the folder, then remove it."""
    if not data_dir.exists():
        return
    _stop_left_running(data_dir / "pg")
    shutil.rmtree(data_dir, ignore_errors=True)
    if data_dir.exists():
        raise SandboxError(t("sandbox-cannot-wipe", folder=str(data_dir)))


def _stop_left_running(database_dir: Path) -> None:
    if not (database_dir / "postmaster.pid").exists():
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    # pgserver runs the server as its own system user when started by root.
    user = "pgserver" if os.geteuid() == 0 else None
    with contextlib.suppress(subprocess.SubprocessError, OSError):  # a stale pid file: nothing runs
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=database_dir, user=user, timeout=60)


def _database(data_dir: Path, t: Translator) -> str:
    """The sandbox's own embedded PostgreSQL, migrated; stopped when this process exits."""
    try:
        target = start_embedded_postgres(data_dir / "pg")
        migrate.prepare(target)
    except Exception as error:  # whatever the server or the driver raise, the user gets one line
        reason = str(error) or type(error).__name__
        raise SandboxError(t("sandbox-database-failed", folder=str(data_dir / "pg"), reason=reason)) from None
    return target.url


async def _serve(options: SandboxOptions, data_dir: Path, database_url: str, t: Translator) -> None:
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    fake = FakeTelegram(TOKEN, bot_username=BOT_USERNAME, bot_first_name=BOT_NAME, keep_call_log=False)
    # The same bot in MAX, on /max.
    FakeMax(fake, MAX_TOKEN, name=BOT_NAME, username=BOT_USERNAME, keep_call_log=False)
    app = create_app(fake)
    runner: web.AppRunner | None = None
    bot: _BotProcess | None = None
    try:
        school, people = await _school(sessions)
        state = SandboxState(
            fake, people, school.school_id, school.school_name, sessions, t("consent-accept"), options.locale
        )
        add_page(app, state)
        runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0)
        await runner.setup()
        address = await _listen(runner, options, t)
        bot = await _BotProcess.start(data_dir, address, database_url, options, fake, t)
        async with sessions() as session:
            known = await joined_accounts(session, people)
        await bring_in(fake, people, known, state.consent_label)
        state.mark_all_read()
        _say_ready(t, address, people)
        await _until_stopped()
        print(t("sandbox-stopping"), flush=True)
    finally:
        if bot is not None:
            await bot.stop()
        if runner is not None:
            await runner.cleanup()
        await engine.dispose()


async def _school(sessions: Any) -> tuple[demo.DemoSchool, list[Person]]:
    """The demo school, made with its past weeks the first time; the personas' links issued afresh."""
    now = dt.datetime.now(dt.UTC)
    async with sessions() as session, session.begin():
        existed = await session.scalar(select(School.id).where(School.name == demo.DEMO_SCHOOL_NAME))
        built = await demo.build_demo(session, now=now, ttl_days=30)
        if existed is None:
            await _first_start(session, built.school_id, now)
    return built, people_of(built, BOT_USERNAME)


async def _first_start(session: AsyncSession, school_id: int, now: dt.datetime) -> None:
    school = await session.get(School, school_id)
    assert school is not None
    school.settings = {**(school.settings or {}), **SANDBOX_SCHOOL_SETTINGS}
    today = now.astimezone(ZoneInfo(school.timezone)).date()
    figures = await demo_history.add_history(session, school_id, today, weeks=HISTORY_WEEKS)
    log.debug("demo history: %s", figures)
    await demo_history.add_posts(session, school_id, now)
    await demo_history.add_planned_test(session, school_id, now)


async def _listen(runner: web.AppRunner, options: SandboxOptions, t: Translator) -> str:
    """Serve the page and the Bot API; the address of both (port 0 picks a free port)."""
    try:
        await web.TCPSite(runner, options.host, options.port).start()
    except OSError as error:
        raise SandboxError(
            t("sandbox-port-busy", address=f"{options.host}:{options.port}", reason=error.strerror or "")
        ) from None
    port = runner.addresses[0][1]
    # Listening on every interface (to open the page from a phone): the bot still calls in locally.
    host = "127.0.0.1" if options.host in ("0.0.0.0", "", "::") else options.host
    return f"http://{host}:{port}"


def _say_ready(t: Translator, address: str, people: list[Person]) -> None:
    print(t("sandbox-ready", address=address), flush=True)
    for person in people:
        if not person.joined:
            print(t("sandbox-not-joined", name=person.name, link=person.link), flush=True)
    print(t("sandbox-stop-hint"), flush=True)


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)


@dataclass
class _BotProcess:
    """`schoolbot run` as a child process, exactly as a school runs it, pointed at the fake server."""

    process: asyncio.subprocess.Process
    log: IO[bytes]
    log_path: Path

    @classmethod
    async def start(
        cls,
        data_dir: Path,
        address: str,
        database_url: str,
        options: SandboxOptions,
        fake: FakeTelegram,
        t: Translator,
    ) -> _BotProcess:
        log_path = data_dir / "bot.log"
        log_file = open(log_path, "ab")  # noqa: SIM115, ASYNC230 - closed by stop(); once, at start
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            # In the data folder: a .env next to the user's checkout (a real token) is not read.
            cwd=data_dir,
            env=_bot_environment(address, database_url, options.locale, options.webhook),
            stdout=log_file,
            stderr=log_file,
            start_new_session=True,  # Ctrl-C reaches the sandbox, which stops the bot in order
            preexec_fn=_die_with_parent,
        )
        bot = cls(process, log_file, log_path)
        deadline = asyncio.get_running_loop().time() + BOT_START_TIMEOUT
        while not (fake.webhook_set if options.webhook else fake.polls_started):
            if process.returncode is not None or asyncio.get_running_loop().time() > deadline:
                await bot.stop()
                raise SandboxError(t("sandbox-bot-failed", log=str(log_path), tail=bot.tail()))
            await asyncio.sleep(0.1)
        return bot

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        self.log.close()

    def tail(self, lines: int = 15) -> str:
        if not self.log.closed:  # stop() closes it; the failure message reads what was written
            self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def _die_with_parent() -> None:
    """In the bot's process before it starts: on Linux, a SIGTERM when the sandbox goes, however it
    goes (killed, it has no chance to stop the bot, which would go on calling a server that is gone)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _webhook_environment() -> dict[str, str]:
    """A port of its own for the bot's webhook server, and a fresh secret."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return {
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/hook",
        "WEBHOOK_LISTEN": f"127.0.0.1:{port}",
        "WEBHOOK_SECRET": secrets.token_urlsafe(24),
        "MAX_WEBHOOK_URL": f"http://127.0.0.1:{port}/max/hook",
        "MAX_WEBHOOK_SECRET": secrets.token_urlsafe(24),
    }


def _bot_environment(address: str, database_url: str, locale: str, webhook: bool = False) -> dict[str, str]:
    """The user's environment without any setting of a real deployment, and the sandbox's own."""
    own_prefixes = ("BOT_", "DATABASE_", "REDIS_", "PG_", "RUN_", "SEND_", "DELIVERY_", "SCHEDULER_", "MAX_")
    env = {key: value for key, value in os.environ.items() if not key.startswith(own_prefixes)}
    env.update(
        {
            "BOT_TOKEN": TOKEN,
            "BOT_API_URL": address,
            "MAX_BOT_TOKEN": MAX_TOKEN,
            "MAX_API_URL": f"{address}/max",
            "DATABASE_URL": database_url,
            "DEFAULT_LOCALE": locale,
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            # One machine, one bot: no need to pace the sender for Telegram's limits.
            "SEND_RATE_PER_SECOND": "0",
            "DELIVERY_POLL_SECONDS": "1",
            # What is due at this hour goes out right as the people join, not half a minute into a
            # visitor's first steps (the clock runs jobs on demand anyway).
            "SCHEDULER_TICK_SECONDS": "2",
        }
    )
    if webhook:
        env.update(_webhook_environment())
    return env
