"""The outbox as the sender sees it: leases, the correction window, preferences, blocked people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Outbox, TgUser
from services import delivery, preferences
from services.events import AttendanceNotice, Event, HomeworkNotice, MarkNotice
from services.notify import enqueue
from services.preferences import Preferences, Topic
from services.users import TelegramProfile, enter
from tests.factories import small_school

PARENT = 5001
LEASE = dt.timedelta(seconds=60)
# 12:00 in Moscow: outside the default quiet hours.
NOON = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


def _mark(event: str, mark: int | None, previous: int | None) -> MarkNotice:
    def state(value: int | None) -> dict[str, Any] | None:
        return None if value is None else {"value": value, "kind": "ответ на уроке", "comment": None}

    return MarkNotice.model_validate(
        {
            "event": event,
            "mark_id": 77,
            "student_id": 1,
            "student": "Андреев Ярослав Павлович",
            "subject_id": 3,
            "subject": "Математика",
            "date": "2026-11-27",
            "teacher_id": 0,
            "mark": state(mark),
            "previous": state(previous),
        }
    )


def _absence(status: str, previous: str) -> AttendanceNotice:
    return AttendanceNotice.model_validate(
        {
            "lesson_id": 9,
            "student_id": 1,
            "student": "Андреев Ярослав Павлович",
            "status": status,
            "previous": previous,
            "subject_id": 3,
            "subject": "Математика",
            "date": "2026-11-27",
            "lesson_number": 2,
            "class": "5Б",
        }
    )


async def _school_with_parent(session: AsyncSession) -> int:
    school = await small_school(session)
    await enter(session, TelegramProfile(PARENT, PARENT, "Ольга"), NOON)
    await session.commit()
    return school.school_id


async def _tell(session: AsyncSession, school_id: int, event: Event, due: dt.datetime) -> None:
    await enqueue(session, school_id=school_id, recipients=[PARENT], event=event, not_before=due)
    await session.commit()


async def _claim(session: AsyncSession, now: dt.datetime) -> list[dict[str, Any]]:
    await session.commit()
    async with session.begin():
        parcels = await delivery.claim(session, now=now, limit=100, lease=LEASE)
    return [row.payload for parcel in parcels for row in parcel.rows]


async def _deliver(session: AsyncSession, now: dt.datetime) -> int:
    """Claim and settle as sent, the way the sender does after Telegram said ok."""
    await session.commit()  # end the reads before: a claim is a transaction of its own
    async with session.begin():
        parcels = await delivery.claim(session, now=now, limit=100, lease=LEASE)
        sent = [delivery.Settlement(row.id, "sent", message_id=1) for p in parcels for row in p.rows]
        await delivery.settle(session, sent, now=now)
    return len(sent)


async def _statuses(session: AsyncSession) -> list[str]:
    return list(await session.scalars(select(Outbox.status).order_by(Outbox.id)))


async def test_a_mark_changed_inside_the_window_is_told_once_with_its_final_value(
    session: AsyncSession,
) -> None:
    school_id = await _school_with_parent(session)
    await _tell(session, school_id, _mark("created", 3, None), NOON + 5 * MINUTE)
    await _tell(session, school_id, _mark("changed", 4, 3), NOON + 7 * MINUTE)

    assert await _claim(session, NOON + 5 * MINUTE) == []  # the 3 is not told: it was corrected
    told = await _claim(session, NOON + 7 * MINUTE)
    assert len(told) == 1
    assert told[0]["event"] == "created"
    assert told[0]["mark"]["value"] == 4 and told[0]["previous"] is None
    assert await _statuses(session) == ["cancelled", "sending"]


async def test_a_mark_removed_inside_the_window_is_never_told(session: AsyncSession) -> None:
    school_id = await _school_with_parent(session)
    await _tell(session, school_id, _mark("created", 5, None), NOON + 5 * MINUTE)
    await _tell(session, school_id, _mark("removed", None, 5), NOON + 6 * MINUTE)

    assert await _claim(session, NOON + 5 * MINUTE) == []
    assert await _claim(session, NOON + 6 * MINUTE) == []
    assert await _statuses(session) == ["cancelled", "cancelled"]


async def test_a_mark_changed_after_it_was_told_is_told_as_a_change(session: AsyncSession) -> None:
    school_id = await _school_with_parent(session)
    await _tell(session, school_id, _mark("created", 3, None), NOON)
    assert await _deliver(session, NOON) == 1
    await _tell(session, school_id, _mark("changed", 4, 3), NOON + 10 * MINUTE)
    told = await _claim(session, NOON + 10 * MINUTE)
    assert [(p["event"], p["previous"]["value"], p["mark"]["value"]) for p in told] == [("changed", 3, 4)]


async def test_an_absence_taken_back_before_it_is_due_is_never_told(session: AsyncSession) -> None:
    school_id = await _school_with_parent(session)
    await _tell(session, school_id, _absence("absent", "present"), NOON + 2 * MINUTE)
    await _tell(session, school_id, _absence("present", "absent"), NOON + 3 * MINUTE)
    assert await _claim(session, NOON + 2 * MINUTE) == []
    assert await _claim(session, NOON + 3 * MINUTE) == []


async def test_claimed_rows_are_leased_and_come_back_when_the_lease_runs_out(session: AsyncSession) -> None:
    school_id = await _school_with_parent(session)
    await _tell(session, school_id, _absence("absent", "present"), NOON)
    assert len(await _claim(session, NOON)) == 1
    assert await _claim(session, NOON + dt.timedelta(seconds=30)) == []  # another sender: nothing
    assert len(await _claim(session, NOON + LEASE + dt.timedelta(seconds=1))) == 1  # the first one died


async def test_quiet_hours_hold_a_mark_until_morning_and_an_absence_may_break_through(
    session: AsyncSession,
) -> None:
    school_id = await _school_with_parent(session)
    evening = dt.datetime(2026, 11, 27, 19, 30, tzinfo=dt.UTC)  # 22:30 in Moscow
    await _tell(session, school_id, _mark("created", 5, None), evening)
    assert await _claim(session, evening) == []
    waiting = await session.scalar(select(Outbox.not_before))
    assert waiting == dt.datetime(2026, 11, 28, 5, 0, tzinfo=dt.UTC)  # 08:00 in Moscow
    assert await _deliver(session, waiting) == 1

    await preferences.save(session, PARENT, Preferences(absences_break_through=True))
    await session.commit()
    await _tell(session, school_id, _absence("absent", "present"), evening)
    assert len(await _claim(session, evening)) == 1


async def test_a_muted_topic_is_dropped_and_a_digest_waits_for_its_hour(session: AsyncSession) -> None:
    school_id = await _school_with_parent(session)
    await preferences.save(session, PARENT, Preferences(muted=[Topic.HOMEWORK], digest_at=dt.time(19, 0)))
    await session.commit()
    homework = HomeworkNotice.model_validate({"event": "created", "homework_id": 1, "subject": "Математика",
                "class": "5Б", "due_on": "2026-11-30", "text": "№ 1", "attachments": []})  # fmt: skip
    await _tell(session, school_id, homework, NOON)
    await _tell(session, school_id, _mark("created", 5, None), NOON)
    await _tell(session, school_id, _absence("late", "present"), NOON)
    assert await _claim(session, NOON) == []
    digest = dt.datetime(2026, 11, 27, 16, 0, tzinfo=dt.UTC)  # 19:00 in Moscow
    told = await _claim(session, digest)
    assert {("mark" if "mark_id" in p else "attendance") for p in told} == {"mark", "attendance"}
    assert await _statuses(session) == ["cancelled", "sending", "sending"]


async def test_a_blocked_parent_is_held_and_released_when_he_writes_again(session: AsyncSession) -> None:
    school_id = await _school_with_parent(session)
    await session.commit()
    async with session.begin():
        await delivery.block(session, [PARENT], NOON)
    await _tell(session, school_id, _absence("absent", "present"), NOON)
    assert await _claim(session, NOON) == []
    assert await _statuses(session) == ["held"]

    later = NOON + dt.timedelta(hours=1)
    await session.commit()
    async with session.begin():
        await enter(session, TelegramProfile(PARENT, PARENT, "Ольга"), later)
    assert await session.scalar(select(TgUser.is_blocked).where(TgUser.id == PARENT)) is False
    assert len(await _claim(session, later)) == 1


async def test_settling_a_failure_counts_the_attempt(session: AsyncSession) -> None:
    school_id = await _school_with_parent(session)
    await _tell(session, school_id, _absence("absent", "present"), NOON)
    await session.commit()
    async with session.begin():
        parcels = await delivery.claim(session, now=NOON, limit=10, lease=LEASE)
        row_id = parcels[0].rows[0].id
        await delivery.settle(
            session,
            [
                delivery.Settlement(
                    row_id, "pending", not_before=NOON + MINUTE, error="502", failed_attempt=True
                )
            ],
            now=NOON,
        )
    row = await session.get(Outbox, row_id)
    assert row is not None
    assert (row.status, row.attempts, row.last_error, row.lease_until) == ("pending", 1, "502", None)
    await session.execute(update(Outbox).values(status="failed"))
