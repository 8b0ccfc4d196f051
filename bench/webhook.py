"""Benchmark: the teacher tap workload through the real webhook path, against the polling path, in one run.

Polling path: each update fed to the Dispatcher (what `start_polling` does once it has the update).
Webhook path: each update POSTed over HTTP to the aiohttp server `schoolbot run` serves by webhook
(bot.webhook.UpdateEndpoint: the secret checked, the body parsed), through the webhook-mode
Dispatcher (the person's advisory lock and the handled_update record in the update's transaction),
answered once committed. The client runs in the same process, so the webhook path also pays for the
HTTP client: the ratio is conservative.

Prints saturation throughput of each (median of --rounds), their ratio (goal ≥ 0.9), and latency at a
teacher's pace on the webhook path (goal p99 ≤ 20 ms). For saturation, Telegram's side of the webhook
(the HTTP client) runs in a process of its own, as Telegram is not in the bot's process; the updates
are made beforehand by the fake, so the bot's answers to them are valid.

Run:  .venv/bin/python bench/webhook.py [--teachers 200] [--taps 20] [--pace 3.0] [--rounds 3]
With no DATABASE_URL it starts an embedded PostgreSQL in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp
from aiohttp import web
from pydantic import SecretStr

from bench.teacher_taps import (
    NOW,
    TOKEN,
    Figures,
    Harness,
    Teacher,
    _fresh_round,
    at_pace,
    build_school,
    database_url,
    fresh_schema,
    saturate,
    teacher_taps,
)
from bot.app import build_bot, build_dispatcher, settle_memory
from bot.clock import FixedClock
from bot.db import make_engine, make_session_factory
from bot.event_loop import serve_forever
from bot.migrate import upgrade
from bot.settings import Settings
from bot.webhook import UpdateEndpoint
from sandbox.session import FakeTelegramSession
from sandbox.telegram import FakeTelegram

SECRET = "bench-webhook-secret"


class WebhookHarness(Harness):
    """Taps delivered as Telegram delivers them by webhook: an HTTP POST, answered when committed."""

    http: aiohttp.ClientSession
    url: str

    async def _feed(self, update: dict[str, Any]) -> None:
        self.fake.drop_update(update["update_id"])
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with self.http.post(self.url, json=update, headers=headers) as reply:
            if reply.status != 200:
                raise RuntimeError(f"webhook answered {reply.status}")
            await reply.read()


async def run(args: argparse.Namespace, url: str) -> None:
    engine = make_engine(url, pool_size=20, max_overflow=10)
    sessions = make_session_factory(engine)
    await fresh_schema(engine)
    print(f"building a school: {args.teachers} teachers, {args.students} students each …", flush=True)
    teachers = await build_school(sessions, args.teachers, args.students)
    settings = Settings(_env_file=None, bot_token=TOKEN, webhook_secret=SecretStr(SECRET))
    fake = FakeTelegram(TOKEN, bot_username="bench_bot", keep_call_log=False)
    bot = build_bot(settings, session=FakeTelegramSession(fake))
    clock = FixedClock(NOW)
    polling = Harness(fake, bot, build_dispatcher(settings, sessions, clock=clock))
    by_webhook = WebhookHarness(fake, bot, build_dispatcher(settings, sessions, clock=clock, webhook=True))
    app = web.Application()
    app.router.add_post("/hook", UpdateEndpoint(by_webhook.dispatcher, bot, SECRET))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    connector = aiohttp.TCPConnector(limit=args.teachers)
    async with aiohttp.ClientSession(connector=connector) as http:
        by_webhook.http, by_webhook.url = http, f"http://127.0.0.1:{port}/hook"
        for teacher in teachers:
            await polling.open_chat(teacher)
        settle_memory()
        poll_runs: list[Figures] = []
        hook_runs: list[Figures] = []
        for _ in range(args.rounds):  # alternated, so a noisy minute of the machine hits both alike
            await _fresh_round(engine, fake)
            poll_runs.append(await saturate(polling, teachers, args.taps))
            await _fresh_round(engine, fake)
            hook_runs.append(await saturate_from_outside(fake, teachers, args.taps, by_webhook.url))
        await _fresh_round(engine, fake)
        pace = await at_pace(by_webhook, teachers, args.taps, args.pace)
    await runner.cleanup()
    await engine.dispose()
    report(args, statistics.median_low(poll_runs), statistics.median_low(hook_runs), pace, teachers)


async def saturate_from_outside(fake: FakeTelegram, teachers: list[Teacher], taps: int, url: str) -> Figures:
    """Every teacher taps again as soon as answered, the POSTs made by a child process."""
    plans = []
    for teacher in teachers:
        updates = []
        for data in teacher_taps(teacher, taps):
            update = fake.press(teacher.tg_user_id, teacher.tg_user_id, teacher.message_id, data)
            fake.drop_update(update["update_id"])
            updates.append(update)
        plans.append(updates)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(plans, file)
    try:
        child = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--load-child", file.name, url, stdout=asyncio.subprocess.PIPE
        )
        output, _ = await child.communicate()
    finally:
        os.unlink(file.name)
    result = json.loads(output)
    return Figures(result["taps"], result["seconds"], result["latencies"])


async def _load_child(plans: list[list[dict[str, Any]]], url: str) -> None:
    """In the child: POST each teacher's updates in turn, all teachers at once; print the figures."""
    latencies: list[float] = []
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}

    async def one(http: aiohttp.ClientSession, updates: list[dict[str, Any]]) -> None:
        for update in updates:
            started = time.perf_counter()
            async with http.post(url, json=update, headers=headers) as reply:
                await reply.read()
                if reply.status != 200:
                    raise RuntimeError(f"webhook answered {reply.status}")
            latencies.append(time.perf_counter() - started)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=len(plans))) as http:
        started = time.perf_counter()
        await asyncio.gather(*(one(http, updates) for updates in plans))
        seconds = time.perf_counter() - started
    print(json.dumps({"taps": len(latencies), "seconds": seconds, "latencies": latencies}))


def report(
    args: argparse.Namespace, poll: Figures, hook: Figures, pace: Figures, teachers: list[Teacher]
) -> None:
    ratio = hook.per_second / poll.per_second
    p99 = pace.percentile(0.99)
    print()
    print(f"teacher taps, {len(teachers)} teachers × {args.taps} taps (median of {args.rounds} runs):")
    print(f"  polling path:  {poll.per_second:7.0f} taps/s")
    print(f"  webhook path:  {hook.per_second:7.0f} taps/s   ratio {ratio:.2f}")
    offered = len(teachers) / args.pace
    print(f"  webhook path at a teacher's pace (a tap every {args.pace:g} s, {offered:.0f} taps/s offered):")
    print(f"    p50 {pace.percentile(0.5):6.1f} ms  p90 {pace.percentile(0.9):6.1f} ms  p99 {p99:6.1f} ms")
    print(
        f"targets: ratio >= 0.9 -> {'ok' if ratio >= 0.9 else 'MISSED'}; "
        f"p99 <= 20 ms -> {'ok' if p99 <= 20 else 'MISSED'}"
    )
    print("reproduce: .venv/bin/python bench/webhook.py " + " ".join(sys.argv[1:]))


def main() -> None:
    if sys.argv[1:2] == ["--load-child"]:
        serve_forever(_load_child(json.loads(Path(sys.argv[2]).read_text()), sys.argv[3]))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--teachers", type=int, default=200)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--taps", type=int, default=20, help="taps per teacher in each run")
    parser.add_argument("--pace", type=float, default=3.0, help="seconds between one teacher's taps")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="schoolbot-bench-") as folder:
        url = database_url(folder)
        upgrade(url)
        serve_forever(run(args, url))
    print(f"({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
