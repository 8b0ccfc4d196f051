"""The production shape, end to end: the fake Telegram → HAProxy (Debian's) → two `schoolbot run`
instances by webhook → PostgreSQL → a `schoolbot worker` (the sender) → the fake Telegram.

Twelve people talk to the bot while a teacher gives a mark; one instance is killed with SIGKILL in the
middle. Nothing is lost (every message is answered), the journal does nothing twice (one mark, one audit
row, one notice to the mother), and through the balancer a request without the secret is refused and a
replayed update changes nothing. An answer to a person may come twice when the kill lands between
sending it and committing (Telegram has no idempotency key): bounded to one per person.

HAProxy comes from Debian (`.ci/run` installs it, as it installs Chromium); without it the test is
skipped, saying so, unless REQUIRE_LOADBALANCER=1 (CI), where it fails.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import AuditLog, Mark, Outbox, School, TgUser
from sandbox.driver import HttpUser
from tests.e2e.conftest import BotProcess, Sandbox, free_port
from tests.e2e.test_teacher_taps import ROW, Taps, _students, _thirty_in_5b_and_a_lesson_today

SECRET = "production_shape-SECRET"
PEOPLE = 12
MESSAGES_EACH = 5
KILL_AFTER = 20  # answers seen before instance A is killed


def _haproxy() -> str:
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if found is None:
        message = "HAProxy is not installed: apt-get install haproxy (Debian's package)"
        if os.environ.get("REQUIRE_LOADBALANCER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


HAPROXY_CONFIG = """
global
    maxconn 256
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    retries 2
    option redispatch
    retry-on conn-failure empty-response response-timeout
frontend telegram
    bind 127.0.0.1:{lb}
    default_backend bots
backend bots
    balance roundrobin
    option httpchk GET /healthz
    server a 127.0.0.1:{a} check inter 300ms fall 1 rise 2
    server b 127.0.0.1:{b} check inter 300ms fall 1 rise 2
"""


@dataclass
class Shape:
    sandbox: Sandbox
    lb: int
    a: BotProcess
    b: BotProcess
    worker: BotProcess
    a_listen: str
    b_listen: str


@pytest.fixture
def balancer(tmp_path: Path) -> Iterator[tuple[int, int, int]]:
    binary = _haproxy()
    lb, a, b = free_port(), free_port(), free_port()
    config = tmp_path / "haproxy.cfg"
    config.write_text(HAPROXY_CONFIG.format(lb=lb, a=a, b=b))
    process = subprocess.Popen(
        [binary, "-db", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        yield lb, a, b
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
async def shape(
    sandbox: Sandbox, session: AsyncSession, balancer: tuple[int, int, int]
) -> AsyncIterator[Shape]:
    lb, a_port, b_port = balancer
    await sandbox.demo()
    await _thirty_in_5b_and_a_lesson_today(session)
    async with session.begin():
        no_waiting = {"mark_delay_minutes": 0, "quiet_hours_start": "00:00:00", "quiet_hours_end": "00:00:00"}
        await session.execute(update(School).values(settings=no_waiting))
    common = {
        "WEBHOOK_URL": f"http://127.0.0.1:{lb}/telegram/hook",
        "WEBHOOK_SECRET": SECRET,
        "RUN_SENDER": "false",  # the worker sends
    }
    a = await sandbox.start_bot(WEBHOOK_LISTEN=f"127.0.0.1:{a_port}", **common)
    b = await sandbox.start_bot(WEBHOOK_LISTEN=f"127.0.0.1:{b_port}", **common)
    worker = await sandbox.start_worker(SEND_RATE_PER_SECOND="0", DELIVERY_POLL_SECONDS="0.5")
    try:
        yield Shape(sandbox, lb, a, b, worker, f"127.0.0.1:{a_port}", f"127.0.0.1:{b_port}")
    finally:
        for process in (worker, b, a):
            await process.stop()


async def _post(port: int, body: Any, secret: str | None) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"http://127.0.0.1:{port}/telegram/hook", json=body, headers=headers) as reply,
    ):
        return reply.status


async def test_two_instances_behind_a_balancer_survive_a_kill(shape: Shape, session: AsyncSession) -> None:
    sandbox, fake = shape.sandbox, shape.sandbox.fake
    personas = (await sandbox.demo())["personas"]
    teacher, _ = await sandbox.join(str(personas["teacher"]["link"]), "Ольга")
    mother, _ = await sandbox.join(str(personas["parent"]["link"]), "Мама", consent=True)
    async with session.begin():
        await session.execute(
            update(TgUser).where(TgUser.id == mother.user_id).values(preferences={"quiet_hours": False})
        )
    child = str(personas["parent"]["children"][0])

    people = [await sandbox.users.user(f"Гость {n}") for n in range(PEOPLE)]
    answered = 0
    halfway = asyncio.Event()

    async def talk(person: HttpUser) -> None:
        nonlocal answered
        for _ in range(MESSAGES_EACH):
            await person.send("/help")
            answered += 1
            if answered >= KILL_AFTER:
                halfway.set()

    async def kill_a_midway() -> None:
        await halfway.wait()
        await shape.a.stop(kill=True)

    async def give_a_mark() -> None:
        screen = await teacher.send("/today")
        screen = await Taps(teacher).press_in_row(screen, ROW, "⭐ Оценки")
        await teacher.press(next(name for name in _students(screen) if name.startswith(child.split()[0])))
        await teacher.press("5")

    await asyncio.gather(*(talk(person) for person in people), kill_a_midway(), give_a_mark())

    # Nothing lost: every message answered (at most once more, for the one in flight at the kill).
    for person in people:
        replies = len([m for m in fake.messages(person.user_id) if m.from_bot])
        assert MESSAGES_EACH <= replies <= MESSAGES_EACH + 1, (person.user_id, replies)
    # Nothing done twice in the journal: one mark, one audit row, one notice that reached the mother.
    assert (await session.scalar(select(func.count()).select_from(Mark).where(Mark.value == 5)) or 0) >= 1
    assert shape.a.process.returncode == -9  # A really died, mid-load
    marks_today = await session.scalar(
        select(func.count())
        .select_from(AuditLog)
        .where(AuditLog.action == "mark.created", AuditLog.actor == f"tg:{teacher.user_id}")
    )
    assert marks_today == 1

    async def told() -> bool:
        sent = await session.scalar(
            select(func.count())
            .select_from(Outbox)
            .where(Outbox.tg_user_id == mother.user_id, Outbox.status == "sent")
        )
        await session.commit()
        return bool(sent)

    for _ in range(100):
        if await told():
            break
        await asyncio.sleep(0.2)
    notices = [m for m in fake.messages(mother.user_id) if m.from_bot and child in m.text and ": 5" in m.text]
    assert len(notices) == 1

    # Through the balancer: no secret, no entry; a replay changes nothing.
    assert await _post(shape.lb, {"update_id": 1}, secret=None) == 401
    before = len(fake.calls("sendMessage"))
    # Update 2 (the teacher joining) was handled long ago: sent again, as Telegram may, it is skipped.
    assert (
        await _post(
            shape.lb,
            {
                "update_id": 2,
                "message": {
                    "message_id": 1,
                    "date": 1_764_900_000,
                    "chat": {"id": teacher.user_id, "type": "private"},
                    "from": {"id": teacher.user_id, "is_bot": False, "first_name": "Ольга"},
                    "text": "/help",
                },
            },
            SECRET,
        )
        == 200
    )
    await asyncio.sleep(0.5)
    assert len(fake.calls("sendMessage")) == before  # update 2 was handled long ago
    _, info = await fake.call("getWebhookInfo", {})
    assert info["result"]["pending_update_count"] == 0


async def test_a_double_tap_landing_on_both_instances_is_one_mark(
    shape: Shape, session: AsyncSession
) -> None:
    """Two presses of «5» (two updates) reach instance A and instance B at the same moment: the person's
    lock runs them one after the other, and the second finds the mark already given."""
    sandbox, fake = shape.sandbox, shape.sandbox.fake
    personas = (await sandbox.demo())["personas"]
    teacher, _ = await sandbox.join(str(personas["teacher"]["link"]), "Ольга")
    child = str(personas["parent"]["children"][0])
    screen = await teacher.send("/today")
    screen = await Taps(teacher).press_in_row(screen, ROW, "⭐ Оценки")
    screen = await teacher.press(
        next(name for name in _students(screen) if name.startswith(child.split()[0]))
    )
    assert screen.current is not None
    five = next(b for row in screen.current.buttons for b in row if b.text == "5")
    message = {
        "message_id": screen.current.message_id,
        "date": 1_764_900_000,
        "chat": {"id": teacher.user_id, "type": "private", "first_name": "Ольга"},
        "from": {"id": fake.bot_id, "is_bot": True, "first_name": "Журнал"},
        "text": screen.current.text,
    }

    def tap(update_id: int) -> dict[str, Any]:
        return {
            "update_id": update_id,
            "callback_query": {
                "id": f"double-{update_id}",
                "from": {"id": teacher.user_id, "is_bot": False, "first_name": "Ольга"},
                "chat_instance": "1",
                "data": five.callback_data,
                "message": message,
            },
        }

    ports = [int(p.split(":")[-1]) for p in (shape.a_listen, shape.b_listen)]
    statuses = await asyncio.gather(
        _post(ports[0], tap(800_001), SECRET), _post(ports[1], tap(800_002), SECRET)
    )
    assert list(statuses) == [200, 200]
    given = await session.scalar(
        select(func.count())
        .select_from(AuditLog)
        .where(AuditLog.action == "mark.created", AuditLog.actor == f"tg:{teacher.user_id}")
    )
    assert given == 1
