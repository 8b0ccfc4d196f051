"""Benchmark: one vs two `schoolbot run` instances by webhook behind HAProxy, on one PostgreSQL.

The teacher tap workload (attendance and marks, bench/teacher_taps.py's synthetic school) is POSTed
as Telegram's updates to the balancer, every teacher tapping again as soon as the last tap was answered.
For one instance, then two, it prints taps a second and the CPU seconds each part used (each bot
instance, HAProxy, PostgreSQL, and this process: the load and the fake Telegram the bots answer), so
the ceiling on a machine with more cores can be read off: the bot's share per tap and the database's.

Run:  .venv/bin/python bench/scaling.py [--teachers 100] [--taps 20]
Needs Debian's haproxy. With no DATABASE_URL it starts an embedded PostgreSQL in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp

from bench.teacher_taps import TOKEN, Teacher, build_school, database_url, fresh_schema, teacher_taps
from bot.db import make_engine, make_session_factory, to_plain_url
from bot.migrate import upgrade
from sandbox.server import serving
from sandbox.telegram import FakeTelegram

SECRET = "bench-scaling-secret"
TICKS = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of the processes (and their waited-for children), from /proc."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / TICKS


def postgres_pids() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


class Deployment:
    def __init__(self, api_url: str, db_url: str, folder: Path, instances: int) -> None:
        self.lb = _free_port()
        self.ports = [_free_port() for _ in range(instances)]
        self.api_url, self.db_url, self.folder = api_url, db_url, folder
        self.bots: list[subprocess.Popen[bytes]] = []
        self.haproxy: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        servers = "\n".join(
            f"    server s{n} 127.0.0.1:{port} check inter 500ms" for n, port in enumerate(self.ports)
        )
        config = self.folder / f"haproxy-{len(self.ports)}.cfg"
        config.write_text(
            "global\n    maxconn 2048\ndefaults\n    mode http\n    timeout connect 1s\n"
            "    timeout client 30s\n    timeout server 30s\n"
            f"frontend f\n    bind 127.0.0.1:{self.lb}\n    default_backend b\n"
            f"backend b\n    balance roundrobin\n    option httpchk GET /healthz\n{servers}\n"
        )
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        self.haproxy = subprocess.Popen(
            [haproxy, "-db", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for port in self.ports:
            own = ("BOT_", "DATABASE_", "WEBHOOK_")
            env = {key: value for key, value in os.environ.items() if not key.startswith(own)}
            env.update(
                BOT_TOKEN=TOKEN,
                BOT_API_URL=self.api_url,
                DATABASE_URL=self.db_url,
                WEBHOOK_URL=f"http://127.0.0.1:{self.lb}/hook",
                WEBHOOK_LISTEN=f"127.0.0.1:{port}",
                WEBHOOK_SECRET=SECRET,
                RUN_SENDER="false",
                RUN_SCHEDULER="false",
                LOG_LEVEL="WARNING",
            )
            self.bots.append(
                subprocess.Popen(
                    [sys.executable, "-m", "bot", "run", "--no-migrate"],
                    env=env,
                    cwd=self.folder,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )

    def stop(self) -> None:
        for process in [*self.bots, *([self.haproxy] if self.haproxy else [])]:
            process.terminate()
            process.wait(timeout=30)


async def _wait_ready(ports: list[int]) -> None:
    async with aiohttp.ClientSession() as http:
        for port in ports:
            for _ in range(300):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/readyz") as reply:
                        if reply.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError(f"instance on {port} did not become ready")


async def _answered(fake: FakeTelegram, teachers: list[Teacher], seconds: float = 60.0) -> None:
    """Until every teacher's chat holds the bot's answer (the fake pushes the updates by webhook)."""
    deadline = time.monotonic() + seconds
    for teacher in teachers:
        while fake.screen(teacher.tg_user_id) is None and time.monotonic() < deadline:
            await fake.wait_for_activity(teacher.tg_user_id, after_version=0, timeout=1.0, require=False)


async def load(fake: FakeTelegram, lb: int, teachers: list[Teacher], taps: int) -> tuple[int, float]:
    """Every teacher taps again as soon as answered; returns (taps, seconds)."""
    url = f"http://127.0.0.1:{lb}/hook"
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    done = 0

    async def one(http: aiohttp.ClientSession, teacher: Teacher) -> None:
        nonlocal done
        for data in teacher_taps(teacher, taps):
            update: dict[str, Any] = fake.press(
                teacher.tg_user_id, teacher.tg_user_id, teacher.message_id, data
            )
            fake.drop_update(update["update_id"])  # delivered by this loop, not by the fake's pusher
            async with http.post(url, json=update, headers=headers) as reply:
                await reply.read()
                if reply.status == 200:
                    done += 1

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=len(teachers))) as http:
        started = time.perf_counter()
        await asyncio.gather(*(one(http, teacher) for teacher in teachers))
        return done, time.perf_counter() - started


async def measure(
    fake: FakeTelegram,
    api_url: str,
    db_url: str,
    folder: Path,
    teachers: list[Teacher],
    args: argparse.Namespace,
    instances: int,
) -> dict[str, float]:
    deployment = Deployment(api_url, db_url, folder, instances)
    deployment.start()
    try:
        await _wait_ready(deployment.ports)
        await asyncio.sleep(1.0)  # HAProxy's first health checks
        for teacher in teachers:  # a message to tap on, through the webhook like the rest
            fake.send_text(teacher.tg_user_id, "/start")
        await _answered(fake, teachers)
        for teacher in teachers:
            screen = fake.screen(teacher.tg_user_id)
            assert screen is not None, "the bot answered /start"
            teacher.message_id = screen.message_id
        parts = {f"bot {n + 1}": [p.pid] for n, p in enumerate(deployment.bots)}
        parts["haproxy"] = [deployment.haproxy.pid] if deployment.haproxy else []
        parts["postgres"] = postgres_pids()
        parts["load + fake Telegram"] = [os.getpid()]
        before = {name: cpu_seconds(pids) for name, pids in parts.items()}
        count, seconds = await load(fake, deployment.lb, teachers, args.taps)
        used = {name: cpu_seconds(pids) - before[name] for name, pids in parts.items()}
    finally:
        deployment.stop()
    return {"taps": count, "seconds": seconds, **{f"cpu {name}": value for name, value in used.items()}}


async def run(args: argparse.Namespace, url: str, folder: Path) -> None:
    engine = make_engine(url)
    await fresh_schema(engine)
    print(f"building a school: {args.teachers} teachers …", flush=True)
    teachers = await build_school(make_session_factory(engine), args.teachers, args.students)
    await engine.dispose()
    fake = FakeTelegram(TOKEN, bot_username="bench_bot", keep_call_log=False)
    for teacher in teachers:
        fake.add_user("Учитель", user_id=teacher.tg_user_id)
    results = {}
    async with serving(fake) as api_url:
        for instances in (1, 2):
            print(f"{instances} instance(s) …", flush=True)
            results[instances] = await measure(
                fake, api_url, to_plain_url(url), folder, teachers, args, instances
            )
    print()
    for instances, figures in results.items():
        rate = figures["taps"] / figures["seconds"]
        taps, seconds = figures["taps"], figures["seconds"]
        print(f"{instances} instance(s): {taps:.0f} taps in {seconds:.1f} s = {rate:.0f} taps/s")
        for name, value in figures.items():
            if name.startswith("cpu "):
                per_tap = 1000 * value / max(figures["taps"], 1)
                print(f"    {name[4:]:22} {value:6.1f} CPU s  ({per_tap:.2f} ms a tap)")
    ratio = (results[2]["taps"] / results[2]["seconds"]) / (results[1]["taps"] / results[1]["seconds"])
    print(
        f"two instances / one: {ratio:.2f} (on {os.cpu_count()} cores, PostgreSQL and the load sharing them)"
    )
    print("reproduce: .venv/bin/python bench/scaling.py " + " ".join(sys.argv[1:]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--teachers", type=int, default=100)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--taps", type=int, default=20, help="taps per teacher")
    args = parser.parse_args()
    if not (shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists()):
        sys.exit("bench/scaling.py needs HAProxy: apt-get install haproxy")
    with tempfile.TemporaryDirectory(prefix="schoolbot-scaling-") as folder:
        url = database_url(folder)
        upgrade(url)
        asyncio.run(run(args, url, Path(folder)))


if __name__ == "__main__":
    main()
