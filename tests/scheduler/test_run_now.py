"""A scheduled job run by hand (an administrator's "send it now", the sandbox's clock): it queues the
messages the scheduled run would, takes no claim from that run (which still comes at its time), and
two runs by hand are two sets of messages. On the demo school with its past weeks, where the class
teachers of 5Б and 9В have joined through their links and 1А's has not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Outbox, SchedulerRun
from scheduler import jobs, runs
from services import demo, demo_history, invites
from services.users import TelegramProfile, enter

MOSCOW = ZoneInfo("Europe/Moscow")
FRIDAY = dt.date(2026, 11, 27)  # the weekly summary falls due at 15:00 (the school's default settings)
MONDAY = FRIDAY - dt.timedelta(days=4)
SUMMARY = tuple(job for job in jobs.JOBS if job.name == "absence_summary")
# Persona → the Telegram account that joined as him.
JOINED = {"class_teacher": 7_100_001, "class_teacher_9": 7_100_002}


def moscow(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=MOSCOW).astimezone(dt.UTC)


@dataclass(frozen=True)
class Demo:
    school_id: int
    class_ids: dict[int, int]  # the joined class teacher's account → his class


async def _join(session: AsyncSession, account: int, token: str, now: dt.datetime) -> None:
    """What the bot does when someone opens an invite link: record the account, check, accept."""
    await enter(session, TelegramProfile(account, account, "Учитель"), now)
    preview = await invites.check_token(session, account, token, now=now, failure_limit=10)
    await invites.accept_invite(session, account, preview.invite_id, now=now, consent=False)


@pytest.fixture
async def school(session_factory: async_sessionmaker[AsyncSession]) -> Demo:
    morning = moscow(FRIDAY, 9)
    async with session_factory() as session, session.begin():
        built = await demo.build_demo(session, now=morning, ttl_days=14)
        await demo_history.add_history(session, built.school_id, FRIDAY, weeks=1)
        for persona, account in JOINED.items():
            await _join(session, account, built.personas[persona].token, morning)
        led = await session.execute(
            text(
                "SELECT s.tg_user_id, c.id FROM school_class c JOIN staff s ON s.id = c.class_teacher_id "
                "WHERE c.school_id = :s AND s.tg_user_id IS NOT NULL"
            ),
            {"s": built.school_id},
        )
        class_ids = {row.tg_user_id: row.id for row in led}
    assert set(class_ids) == set(JOINED.values())  # 1А's class teacher has not joined
    return Demo(built.school_id, class_ids)


async def _run_by_hand(
    session_factory: async_sessionmaker[AsyncSession], school: Demo, label: str, job: str = "absence_summary"
) -> int:
    async with session_factory() as session, session.begin():
        return await runs.run_now(session, job, school.school_id, FRIDAY, moscow(FRIDAY, 12), label)


async def _summaries(session: AsyncSession) -> list[Outbox]:
    session.expire_all()
    query = select(Outbox).where(Outbox.kind == "absence_summary").order_by(Outbox.id)
    return list(await session.scalars(query))


async def _claims(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(SchedulerRun)) or 0)


async def _week_misses(session: AsyncSession, class_id: int) -> int:
    """The class's absences and lateness from Monday to Friday, as the journal holds them."""
    return int(
        await session.scalar(
            text(
                "SELECT count(*) FROM attendance a JOIN lesson l ON l.id = a.lesson_id "
                "WHERE l.class_id = :c AND l.date BETWEEN :monday AND :friday"
            ),
            {"c": class_id, "monday": MONDAY, "friday": FRIDAY},
        )
        or 0
    )


async def test_a_run_by_hand_queues_what_the_scheduled_run_does_and_leaves_it_to_come(
    school: Demo, session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    assert await _run_by_hand(session_factory, school, "admin") == 2
    by_hand = await _summaries(session)
    assert sorted(row.tg_user_id for row in by_hand) == sorted(JOINED.values())
    for row in by_hand:
        # Each class teacher gets his own class's week, every absence and lateness of it.
        assert row.payload["class_id"] == school.class_ids[row.tg_user_id]
        assert row.payload["monday"] == MONDAY.isoformat()
        misses = sum(len(student["misses"]) for student in row.payload["students"])
        assert misses == await _week_misses(session, row.payload["class_id"]) > 0
    assert await _claims(session) == 0

    # The scheduled run of that Friday still happens, at its time, once.
    assert await runs.tick(session_factory, moscow(FRIDAY, 14, 59), SUMMARY) == []
    made = await runs.tick(session_factory, moscow(FRIDAY, 15, 0), SUMMARY)
    assert [(run.job, run.key, produced) for run, produced in made] == [
        ("absence_summary", FRIDAY.isoformat(), 2)
    ]
    assert await runs.tick(session_factory, moscow(FRIDAY, 15, 5), SUMMARY) == []
    assert await _claims(session) == 1

    scheduled = (await _summaries(session))[len(by_hand) :]
    assert {row.tg_user_id: row.payload for row in scheduled} == {
        row.tg_user_id: row.payload for row in by_hand
    }
    assert not {row.dedupe_key for row in scheduled} & {row.dedupe_key for row in by_hand}


async def test_two_runs_by_hand_are_two_sets_of_messages(
    school: Demo, session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    assert await _run_by_hand(session_factory, school, "first") == 2
    assert await _run_by_hand(session_factory, school, "second") == 2
    rows = await _summaries(session)
    assert len(rows) == 4
    assert len({row.dedupe_key for row in rows}) == 4
    assert sorted(row.tg_user_id for row in rows) == sorted([*JOINED.values(), *JOINED.values()])
    assert await _claims(session) == 0


async def test_an_unknown_job_is_refused_and_queues_nothing(
    school: Demo, session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    with pytest.raises(ValueError, match="absence_summary"):  # the message lists the jobs there are
        await _run_by_hand(session_factory, school, "admin", job="weekly_report")
    assert await _summaries(session) == []
    assert await session.scalar(select(func.count()).select_from(Outbox)) == 0
    assert await _claims(session) == 0
