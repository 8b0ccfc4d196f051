"""What the operator watches: `schoolbot run` and `schoolbot worker` answer /healthz, /readyz and /metrics
on METRICS_LISTEN, the metrics count what really happened (updates, messages sent, the outbox), and with
LOG_FORMAT=json every line is one JSON object, a line per update with its id, handler, time and a hash of
the account, and never a name or what was typed."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.metrics import Metrics, readiness
from bot.migrate import downgrade_on, head_revision
from tests.e2e.conftest import Sandbox, announce_now, free_port

WAIT = 15.0


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as reply:
        return reply.status, await reply.text()


def _value(metrics: str, name: str, **labels: str) -> float:
    """A sample's value from the text format (0 when absent)."""
    for line in metrics.splitlines():
        if line.startswith(name) and all(f'{key}="{value}"' in line for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def _until(check: Any, timeout: float = WAIT) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.2)


async def test_the_bot_reports_health_and_counts_what_it_does(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    demo = await sandbox.demo()
    personas = demo["personas"]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    bot = await sandbox.start_bot(METRICS_LISTEN=f"127.0.0.1:{port}", LOG_FORMAT="json")
    try:
        assert await _get(f"{base}/healthz") == (200, '{"status": "alive"}')
        status, body = await _get(f"{base}/readyz")
        assert (status, json.loads(body)) == (200, {"status": "ready", "problems": []})

        teacher, _ = await sandbox.join(str(personas["teacher"]["link"]), "Ольга")
        await teacher.send("/menu")
        await announce_now(session, int(demo["school_id"]), teacher.user_id, "Педсовет в 15:00")

        async def sent() -> bool:
            _, metrics = await _get(f"{base}/metrics")
            return _value(metrics, "schoolbot_messages_total", outcome="sent") >= 1

        await _until(sent)
        _, metrics = await _get(f"{base}/metrics")
        assert _value(metrics, "schoolbot_updates_total", type="message", outcome="handled") >= 2
        assert _value(metrics, "schoolbot_update_seconds_count", type="message") >= 2
        assert "schoolbot_outbox_rows" in metrics and "schoolbot_outbox_oldest_due_seconds" in metrics
        assert _value(metrics, "schoolbot_db_pool_connections", state="size") >= 1
    finally:
        await bot.stop()

    lines = [line for line in bot.output().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    updates = [r for r in records if r["logger"] == "schoolbot.updates"]
    assert updates and all({"update_id", "handler", "duration_ms", "account"} <= set(r) for r in updates)
    assert {r["handler"] for r in updates} >= {"command:start", "command:menu"}
    assert len({r["account"] for r in updates}) == 1 and str(teacher.user_id) not in bot.output()
    name = str(personas["teacher"]["name"])
    assert name.split()[0] not in bot.output() and "Педсовет" not in bot.output()


async def test_the_worker_reports_health_too(sandbox: Sandbox) -> None:
    port = free_port()
    worker = await sandbox.start_worker(METRICS_LISTEN=f"127.0.0.1:{port}")
    try:

        async def ready() -> bool:
            try:
                return (await _get(f"http://127.0.0.1:{port}/readyz"))[0] == 200
            except aiohttp.ClientError:
                return False

        await _until(ready)
        status, metrics = await _get(f"http://127.0.0.1:{port}/metrics")
        assert status == 200 and "schoolbot_messages_total" in metrics
    finally:
        await worker.stop()


async def test_not_ready_when_the_database_is_behind_or_the_sender_stalls(owner_engine: AsyncEngine) -> None:
    metrics = Metrics(sender_stall_seconds=0.0)
    head = head_revision()
    assert await readiness(owner_engine, head, metrics) == []
    metrics.sender_alive()
    await asyncio.sleep(0.01)
    assert await readiness(owner_engine, head, metrics) == ["sender: no look at the queue for over 0 s"]
    async with owner_engine.begin() as conn:
        await conn.run_sync(downgrade_on, "-1")
    problems = await readiness(owner_engine, head, Metrics())
    assert len(problems) == 1 and problems[0].startswith("migrations: at ")
