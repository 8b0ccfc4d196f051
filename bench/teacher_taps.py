"""Benchmark: teachers tapping attendance and marks through the real Dispatcher, routers and
middlewares on a real PostgreSQL, with Telegram replaced at the session boundary (sandbox/).

It prints, for the teacher workload and for a trivial echo handler on the same harness (the floor):
  - saturation throughput: every simulated teacher taps again as soon as the bot has answered;
  - latency p50/p99 at a teacher's pace: each teacher taps every --pace seconds (open loop);
  - SQL statements per tap (attendance taps and mark taps, counted at the driver).

Run:  .venv/bin/python bench/teacher_taps.py [--teachers 200] [--students 30] [--taps 20] [--pace 1.0]
With no DATABASE_URL it starts an embedded PostgreSQL in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram import Bot, Dispatcher, F, Router
from aiogram.types import CallbackQuery, Update
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import build_bot, build_dispatcher, settle_memory
from bot.callbacks import AttCb, MarkTapCb
from bot.clock import FixedClock
from bot.db import ensure_database, make_engine, make_session_factory, to_asyncpg_url, with_database
from bot.migrate import upgrade, upgrade_on
from bot.settings import Settings
from sandbox.session import FakeTelegramSession
from sandbox.telegram import FakeTelegram
from services.audit import CLI
from services.schools import create_school, current_year

TOKEN = "123456:BENCH-token-for-teachers"
NOW = dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.UTC)  # a Monday, 10:00 in Moscow
LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"


@dataclass
class Teacher:
    tg_user_id: int
    lesson_id: int
    kind_id: int
    students: list[int]
    message_id: int = 0
    shown: dict[int, str] = field(default_factory=dict)


# ---- the synthetic school -------------------------------------------------------------------------


async def build_school(
    session_factory: async_sessionmaker[AsyncSession], teachers: int, students: int
) -> list[Teacher]:
    """A school with one class per teacher, `students` each with a joined parent, and a lesson today."""
    async with session_factory() as session, session.begin():
        created = await create_school(
            session, CLI, name="Бенчмарк", timezone="Europe/Moscow", today=NOW.date()
        )
        school_id = created.school_id
        year = await current_year(session, school_id)
        kind_id = await session.scalar(
            text("SELECT id FROM mark_kind WHERE school_id = :s ORDER BY sort_order LIMIT 1"),
            {"s": school_id},
        )
        subject_id = await session.scalar(
            text("INSERT INTO subject (school_id, name) VALUES (:s, 'Математика') RETURNING id"),
            {"s": school_id},
        )
        result = []
        for index in range(teachers):
            grade, letter = 2 + index // len(LETTERS), LETTERS[index % len(LETTERS)]
            teacher_tg = 10_000_000 + index
            await session.execute(
                text("INSERT INTO tg_user (id, chat_id, first_name) VALUES (:id, :id, 'Учитель')"),
                {"id": teacher_tg},
            )
            staff_id = await session.scalar(
                text(
                    "INSERT INTO staff (school_id, last_name, first_name, tg_user_id) "
                    "VALUES (:s, :last, 'Учитель', :tg) RETURNING id"
                ),
                {"s": school_id, "last": f"Учитель{index}", "tg": teacher_tg},
            )
            class_id = await session.scalar(
                text(
                    "INSERT INTO school_class (school_id, academic_year_id, grade_level, letter) "
                    "VALUES (:s, :y, :g, :l) RETURNING id"
                ),
                {"s": school_id, "y": year.id, "g": grade, "l": letter},
            )
            lesson_id = await session.scalar(
                text(
                    "INSERT INTO lesson (school_id, class_id, subject_id, teacher_id, date, lesson_number) "
                    "VALUES (:s, :c, :subj, :t, :d, 1) RETURNING id"
                ),
                {"s": school_id, "c": class_id, "subj": subject_id, "t": staff_id, "d": NOW.date()},
            )
            ids = await _students(session, school_id, class_id, students, 20_000_000 + index * 100)
            result.append(Teacher(teacher_tg, lesson_id, int(kind_id or 0), ids))
        return result


async def _students(
    session: AsyncSession, school_id: int, class_id: int, count: int, first_tg: int
) -> list[int]:
    ids = []
    for number in range(count):
        student_id = await session.scalar(
            text(
                "INSERT INTO student (school_id, class_id, last_name, first_name) "
                "VALUES (:s, :c, :last, 'Ученик') RETURNING id"
            ),
            {"s": school_id, "c": class_id, "last": f"Ученик{number:02d}"},
        )
        parent_tg = first_tg + number
        await session.execute(
            text("INSERT INTO tg_user (id, chat_id, first_name) VALUES (:id, :id, 'Мама')"), {"id": parent_tg}
        )
        guardian_id = await session.scalar(
            text(
                "INSERT INTO guardian (school_id, last_name, first_name, tg_user_id, consent_given_at) "
                "VALUES (:s, 'Мама', 'Мама', :tg, now()) RETURNING id"
            ),
            {"s": school_id, "tg": parent_tg},
        )
        await session.execute(
            text("INSERT INTO guardian_link (guardian_id, student_id) VALUES (:g, :st)"),
            {"g": guardian_id, "st": student_id},
        )
        ids.append(int(student_id or 0))
    return ids


# ---- the harness ----------------------------------------------------------------------------------


@dataclass
class Harness:
    fake: FakeTelegram
    bot: Bot
    dispatcher: Dispatcher

    async def open_chat(self, teacher: Teacher) -> None:
        """The teacher writes once (his chat exists); the bot's answer is the message he taps on."""
        self.fake.add_user("Учитель", user_id=teacher.tg_user_id)
        update = self.fake.send_text(teacher.tg_user_id, "/today")
        await self._feed(update)
        screen = self.fake.screen(teacher.tg_user_id)
        assert screen is not None, "the bot answered /today"
        teacher.message_id = screen.message_id

    async def tap(self, teacher: Teacher, data: str) -> float:
        update = self.fake.press(teacher.tg_user_id, teacher.tg_user_id, teacher.message_id, data)
        started = time.perf_counter()
        await self._feed(update)
        return time.perf_counter() - started

    async def _feed(self, update: dict[str, Any]) -> None:
        self.fake.drop_update(update["update_id"])
        await self.dispatcher.feed_update(self.bot, Update.model_validate(update, context={"bot": self.bot}))


def teacher_taps(teacher: Teacher, taps: int) -> list[str]:
    """Alternating attendance and mark taps over the roster, as a lesson goes."""
    data = []
    for index in range(taps):
        student = teacher.students[index % len(teacher.students)]
        if index % 2 == 0:
            data.append(AttCb(lesson_id=teacher.lesson_id, student_id=student).pack())
        else:
            data.append(
                MarkTapCb(
                    lesson_id=teacher.lesson_id,
                    student_id=student,
                    kind_id=teacher.kind_id,
                    value=2 + index % 4,
                    key=f"b{index}",
                ).pack()
            )
    return data


def echo_router() -> Router:
    """The floor: the same Dispatcher, middlewares and database session (the user is looked up, the
    transaction committed) with a handler that only edits the message in place and answers."""
    router = Router(name="echo")

    @router.callback_query(F.data.startswith("echo"))
    async def echo(query: CallbackQuery) -> None:
        assert query.message is not None
        await query.message.edit_text(f"echo {query.data}")  # type: ignore[union-attr]
        await query.answer()

    return router


def echo_taps(teacher: Teacher, taps: int) -> list[str]:
    return [f"echo:{teacher.lesson_id}:{index}" for index in range(taps)]


# ---- the runs -------------------------------------------------------------------------------------


@dataclass(order=True)
class Figures:
    rate: float = field(init=False)
    taps: int = field(compare=False)
    seconds: float = field(compare=False)
    latencies: list[float] = field(compare=False, repr=False)

    def __post_init__(self) -> None:
        self.rate = self.taps / self.seconds

    @property
    def per_second(self) -> float:
        return self.taps / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


TapPlan = Callable[[Teacher, int], list[str]]


async def saturate(
    harness: Harness, teachers: list[Teacher], taps: int, plan: TapPlan = teacher_taps
) -> Figures:
    latencies: list[float] = []

    async def one(teacher: Teacher) -> None:
        for data in plan(teacher, taps):
            latencies.append(await harness.tap(teacher, data))

    started = time.perf_counter()
    await asyncio.gather(*(one(teacher) for teacher in teachers))
    return Figures(len(latencies), time.perf_counter() - started, latencies)


async def at_pace(
    harness: Harness, teachers: list[Teacher], taps: int, pace: float, plan: TapPlan = teacher_taps
) -> Figures:
    """Each teacher taps every `pace` seconds (starting at random offsets), whatever the bot does."""
    latencies: list[float] = []
    loop = asyncio.get_running_loop()

    async def one(teacher: Teacher, offset: float) -> None:
        await asyncio.sleep(offset)
        start = loop.time()
        pending = []
        for index, data in enumerate(plan(teacher, taps)):
            delay = start + index * pace - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            pending.append(asyncio.ensure_future(harness.tap(teacher, data)))
        latencies.extend(await asyncio.gather(*pending))

    started = time.perf_counter()
    await asyncio.gather(*(one(t, pace * i / len(teachers)) for i, t in enumerate(teachers)))
    return Figures(len(latencies), time.perf_counter() - started, latencies)


async def statements_per_tap(engine: AsyncEngine, harness: Harness, teacher: Teacher) -> dict[str, int]:
    """The most statements one tap of each kind costs (after the first tap, a lesson is 'taken')."""
    counted: list[str] = []

    def record(*args: Any) -> None:
        counted.append(args[2])

    worst: dict[str, int] = {"attendance": 0, "mark": 0}
    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        for index, data in enumerate(teacher_taps(teacher, 12)):
            counted.clear()
            await harness.tap(teacher, data)
            kind = "attendance" if index % 2 == 0 else "mark"
            worst[kind] = max(worst[kind], len(counted))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    return worst


# ---- main -----------------------------------------------------------------------------------------


def database_url(folder: str) -> str:
    given = os.environ.get("DATABASE_URL")
    if given:
        return to_asyncpg_url(given)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(Path(folder) / "pg", cleanup_mode="delete")  # type: ignore[attr-defined]
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    query = urlencode(dict(parse_qsl(urlsplit(server.get_uri()).query)))
    base = urlunsplit(("postgresql", "postgres@", "/postgres", query, ""))
    asyncio.run(ensure_database(base, "bench"))
    return to_asyncpg_url(with_database(base, "bench"))


async def fresh_schema(engine: AsyncEngine) -> None:
    """An empty, migrated schema in the benchmark's scratch database. Dropped and made anew rather than
    truncated: the audit log and the message archive refuse TRUNCATE (issue 14)."""
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
        await conn.run_sync(upgrade_on)


async def run(args: argparse.Namespace, url: str) -> None:
    engine = make_engine(url, pool_size=20, max_overflow=10)
    session_factory = make_session_factory(engine)
    await fresh_schema(engine)
    print(f"building a school: {args.teachers} teachers, {args.students} students each …", flush=True)
    teachers = await build_school(session_factory, args.teachers, args.students)
    settings = Settings(_env_file=None, bot_token=TOKEN)
    fake = FakeTelegram(TOKEN, bot_username="bench_bot", keep_call_log=False)
    bot = build_bot(settings, session=FakeTelegramSession(fake))
    journal = Harness(fake, bot, build_dispatcher(settings, session_factory, clock=FixedClock(NOW)))
    for teacher in teachers:
        await journal.open_chat(teacher)
    settle_memory()  # as `schoolbot run` does before it serves

    worst = await statements_per_tap(engine, journal, teachers[0])
    # The echo floor runs through the very same dispatcher: its router is put first for its runs.
    echo = echo_router()
    teacher_runs, echo_runs = [], []
    for _ in range(args.rounds):  # alternated, so a noisy minute of the machine hits both alike
        await _fresh_round(engine, fake)
        teacher_runs.append(await saturate(journal, teachers, args.taps))
        journal.dispatcher.sub_routers.insert(0, echo)
        await _fresh_round(engine, fake)
        echo_runs.append(await saturate(journal, teachers, args.taps, echo_taps))
        journal.dispatcher.sub_routers.remove(echo)
    await _fresh_round(engine, fake)
    teacher_pace = await at_pace(journal, teachers, args.taps, args.pace)
    journal.dispatcher.sub_routers.insert(0, echo)
    await _fresh_round(engine, fake)
    echo_pace = await at_pace(journal, teachers, args.taps, args.pace, echo_taps)
    teacher_sat = statistics.median_low(teacher_runs)
    echo_sat = statistics.median_low(echo_runs)
    await engine.dispose()
    report(args, teacher_sat, teacher_pace, echo_sat, echo_pace, worst)


async def _fresh_round(engine: AsyncEngine, fake: FakeTelegram) -> None:
    """Every run starts alike: no marks, attendance, notices or handled updates yet, the
    tables freshly vacuumed and analysed, and the fake Telegram's record of the previous run's calls
    dropped (in-process it would be the bot's heap; a real bot has no such).

    Emptied by TRUNCATE, not DELETE: deleted rows stay in the tables and their indexes until a vacuum,
    and each run would be slower than the one before (in bench/webhook.py, where the webhook run always
    follows the polling run, that drift alone cost the webhook path 5-8 % of its ratio)."""
    fake.forget_history()
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {', '.join(_WRITTEN_BY_TAPS)} CASCADE"))
    async with engine.connect() as conn:
        autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("VACUUM ANALYZE"))


_WRITTEN_BY_TAPS = ("mark", "attendance", "outbox", "handled_update")  # audit_log is append-only


def report(
    args: argparse.Namespace,
    teacher_sat: Figures,
    teacher_pace: Figures,
    echo_sat: Figures,
    echo_pace: Figures,
    worst: dict[str, int],
) -> None:
    ratio = teacher_sat.per_second / echo_sat.per_second
    print()
    print(f"teacher taps, {args.teachers} teachers × {args.taps} taps, classes of {args.students}:")
    print(f"  saturation (median of {args.rounds}): {teacher_sat.per_second:7.0f} taps/s")
    print(f"  echo floor, same dispatcher:   {echo_sat.per_second:7.0f} taps/s   ratio {ratio:.2f}")
    offered = args.teachers / args.pace
    print(f"  at a teacher's pace (a tap every {args.pace:g} s each, {offered:.0f} taps/s offered):")
    print(
        f"    teacher p50 {teacher_pace.percentile(0.5):6.1f} ms  p90 {teacher_pace.percentile(0.9):6.1f} ms"
        f"  p99 {teacher_pace.percentile(0.99):6.1f} ms"
    )
    print(
        f"    echo    p50 {echo_pace.percentile(0.5):6.1f} ms  p90 {echo_pace.percentile(0.9):6.1f} ms"
        f"  p99 {echo_pace.percentile(0.99):6.1f} ms"
    )
    p50, p99 = teacher_sat.percentile(0.5), teacher_sat.percentile(0.99)
    print(f"  under saturation (every teacher tapping at once): teacher p50 {p50:6.1f} ms  p99 {p99:6.1f} ms")
    print(f"  SQL statements per tap (worst): attendance {worst['attendance']}, mark {worst['mark']}")
    print(
        f"targets: ratio >= 0.33 -> {'ok' if ratio >= 1 / 3 else 'MISSED'}; p99 <= 50 ms -> "
        f"{'ok' if teacher_pace.percentile(0.99) <= 50 else 'MISSED'}; statements <= 6 -> "
        f"{'ok' if max(worst.values()) <= 6 else 'MISSED'}"
    )
    print("reproduce: .venv/bin/python bench/teacher_taps.py " + " ".join(sys.argv[1:]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--teachers", type=int, default=200)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--taps", type=int, default=20, help="taps per teacher in each run")
    parser.add_argument("--pace", type=float, default=3.0, help="seconds between one teacher's taps")
    parser.add_argument("--rounds", type=int, default=3, help="saturation runs of each kind (median shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="schoolbot-bench-") as folder:
        url = database_url(folder)
        upgrade(url)
        asyncio.run(run(args, url))


if __name__ == "__main__":
    main()
