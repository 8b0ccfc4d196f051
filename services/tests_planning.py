"""График контрольных работ, the teacher's side: he plans a test for his class (or subgroup) and
subject on one of the days it is taught (from the lesson card or his timetable), moves it or takes it
back; the school's limits (tests a day and a week per class) are checked before he confirms.

A limit warns, it does not refuse: the teacher is told in words what the class already has, and a
test planned over the limit says so in its audit row (the deputy sees the class flagged in the week's
schedule, services/tests_schedule.py). Every id comes from a button: a lesson or timetable slot must
be the pressing teacher's own, a planned test one of a class and subject he teaches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services import audit, school_settings
from services.audit import Actor
from services.calendar import school_today
from services.errors import AccessDenied, ServiceError
from services.lessons import teacher_staff_ids
from services.planned_tests import (
    DAY_CHOICES,
    HORIZON,
    Crowding,
    KindOfTest,
    Planned,
    Teaching,
    class_tests,
    crowding,
    kinds_of_tests,
    own_test,
    require_day,
    taught_days,
    teaching_of,
    upcoming_of,
)


@dataclass(frozen=True)
class DayChoice:
    day: dt.date
    over: bool  # planning one that day goes over a limit


@dataclass(frozen=True)
class PlanDays:
    """The days the teacher may plan a test on, and the tests he has planned there already."""

    teaching: Teaching
    choices: tuple[DayChoice, ...]
    planned: tuple[Planned, ...]


@dataclass(frozen=True)
class PlanCheck:
    """A day chosen: what he is told before he confirms."""

    teaching: Teaching
    crowding: Crowding
    kinds: tuple[KindOfTest, ...]
    existing: Planned | None  # a test of this class and subject is already planned that day


@dataclass(frozen=True)
class Saved:
    test: Planned
    crowding: Crowding
    created: bool  # False: the same test was there already (a double tap)


# ---- the teacher's use cases ---------------------------------------------------------------------------


async def plan_days(
    session: AsyncSession, actor: Actor, teaching: Teaching, now: dt.datetime, *, also: dt.date | None = None
) -> PlanDays:
    """The next lessons of the class and subject from today (with `also`, the lesson the teacher came
    from, when it is today), each flagged when a test there goes over a limit; and his tests ahead."""
    today = await school_today(session, teaching.school_id, now)
    days = await taught_days(session, teaching, today, today + HORIZON, DAY_CHOICES)
    if also is not None and also == today and also not in days:
        days = [also, *days][:DAY_CHOICES]
    return await _choices(session, teaching, days, today)


async def move_days(session: AsyncSession, actor: Actor, test_id: int, now: dt.datetime) -> PlanDays:
    """The days a planned test may move to: the next lessons of its class and subject but its own."""
    test = await own_test(session, actor, test_id, now)
    today = await school_today(session, test.teaching.school_id, now)
    _require_ahead(test, today)
    days = await taught_days(session, test.teaching, today, today + HORIZON, DAY_CHOICES + 1)
    days = [day for day in days if day != test.day][:DAY_CHOICES]
    return await _choices(session, test.teaching, days, today, moving=test.test_id)


async def _choices(
    session: AsyncSession,
    teaching: Teaching,
    days: Sequence[dt.date],
    today: dt.date,
    moving: int | None = None,
) -> PlanDays:
    settings = await school_settings.load(session, teaching.school_id)
    tests = await class_tests(session, teaching.class_id, days[0], days[-1]) if days else []
    choices = tuple(
        DayChoice(day, crowding(tests, teaching, day, settings, moving).over) for day in sorted(days)
    )
    return PlanDays(teaching, choices, await upcoming_of(session, teaching, today))


async def check(
    session: AsyncSession,
    actor: Actor,
    teaching: Teaching,
    day: dt.date,
    now: dt.datetime,
    moving: int | None = None,
) -> PlanCheck:
    """A day chosen: whether a test may go there, and what the class already has (to warn him)."""
    today = await school_today(session, teaching.school_id, now)
    await require_day(session, teaching, day, today)
    settings = await school_settings.load(session, teaching.school_id)
    tests = await class_tests(session, teaching.class_id, day, day)
    existing = next(
        (
            test
            for test in await upcoming_of(session, teaching, day)
            if test.day == day and test.test_id != moving
        ),
        None,
    )
    kinds = await kinds_of_tests(session, teaching.school_id)
    return PlanCheck(teaching, crowding(tests, teaching, day, settings, moving), kinds, existing)


_INSERT = text("""
    INSERT INTO planned_test (school_id, class_id, subject_id, subgroup, day, kind_id, author_id)
    VALUES (:school_id, :class_id, :subject_id, :subgroup, :day, :kind_id, :author_id)
    ON CONFLICT (class_id, subject_id, subgroup, day) DO NOTHING
    RETURNING id
""")


def _state(test: Planned) -> dict[str, Any]:
    return {
        "class": test.teaching.class_label,
        "subject": test.teaching.subject,
        "subgroup": test.teaching.subgroup,
        "day": test.day.isoformat(),
        "kind": test.kind.code,
    }


async def plan(
    session: AsyncSession, actor: Actor, teaching: Teaching, day: dt.date, kind_id: int, now: dt.datetime
) -> Saved:
    """The test planned (confirmed by the kind he chose, over a limit or not: the audit says which).
    Pressed twice, it is one test; pressed with another kind over an existing one, that kind."""
    checked = await check(session, actor, teaching, day, now)
    kind = next((kind for kind in checked.kinds if kind.kind_id == kind_id), None)
    if kind is None:
        raise AccessDenied()
    author = min(teacher_staff_ids(actor), default=None)
    params = {
        "school_id": teaching.school_id,
        "class_id": teaching.class_id,
        "subject_id": teaching.subject_id,
        "subgroup": teaching.subgroup,
        "day": day,
        "kind_id": kind.kind_id,
        "author_id": author,
    }
    test_id = await session.scalar(_INSERT, params)
    if test_id is not None:
        test = Planned(int(test_id), day, kind, teaching)
        after = _state(test) | checked.crowding.audit()
        await audit.record(
            session,
            actor,
            "planned_test.planned",
            "planned_test",
            test.test_id,
            school_id=teaching.school_id,
            after=after,
        )
        return Saved(test, checked.crowding, created=True)
    existing = checked.existing
    if existing is None:  # planned by someone else between the check and the insert
        raise ServiceError("test-day-taken")
    if existing.kind.kind_id == kind.kind_id:
        return Saved(existing, checked.crowding, created=False)
    changed = Planned(existing.test_id, day, kind, teaching)
    await session.execute(
        text("UPDATE planned_test SET kind_id = :kind_id, updated_at = now() WHERE id = :id"),
        {"kind_id": kind.kind_id, "id": existing.test_id},
    )
    await audit.record(
        session,
        actor,
        "planned_test.changed",
        "planned_test",
        existing.test_id,
        school_id=teaching.school_id,
        before={"kind": existing.kind.code},
        after={"kind": kind.code},
    )
    return Saved(changed, checked.crowding, created=False)


def _require_ahead(test: Planned, today: dt.date) -> None:
    """A test of a day gone by stays as it was: its marks are given."""
    if test.day < today:
        raise ServiceError("test-past")


async def check_move(
    session: AsyncSession, actor: Actor, test_id: int, day: dt.date, now: dt.datetime
) -> tuple[Planned, PlanCheck]:
    test = await own_test(session, actor, test_id, now)
    _require_ahead(test, await school_today(session, test.teaching.school_id, now))
    return test, await check(session, actor, test.teaching, day, now, moving=test.test_id)


async def move(
    session: AsyncSession, actor: Actor, test_id: int, day: dt.date, now: dt.datetime
) -> tuple[Planned, Crowding]:
    """The test on another of the subject's days (confirmed over a limit or not: the audit says)."""
    test, checked = await check_move(session, actor, test_id, day, now)
    if day == test.day:
        return test, checked.crowding
    if checked.existing is not None:
        raise ServiceError("test-day-taken")
    await session.execute(
        text("UPDATE planned_test SET day = :day, updated_at = now() WHERE id = :id"),
        {"day": day, "id": test.test_id},
    )
    moved = Planned(test.test_id, day, test.kind, test.teaching)
    await audit.record(
        session,
        actor,
        "planned_test.moved",
        "planned_test",
        test.test_id,
        school_id=test.teaching.school_id,
        before={"day": test.day.isoformat()},
        after={"day": day.isoformat()} | checked.crowding.audit(),
    )
    return moved, checked.crowding


async def remove(session: AsyncSession, actor: Actor, test_id: int, now: dt.datetime) -> Planned:
    test = await own_test(session, actor, test_id, now)
    _require_ahead(test, await school_today(session, test.teaching.school_id, now))
    await session.execute(text("DELETE FROM planned_test WHERE id = :id"), {"id": test.test_id})
    await audit.record(
        session,
        actor,
        "planned_test.removed",
        "planned_test",
        test.test_id,
        school_id=test.teaching.school_id,
        before=_state(test),
    )
    return test


# ---- from the teacher's timetable ----------------------------------------------------------------------


@dataclass(frozen=True)
class SlotTest:
    """One of his lessons on a day ahead, with its test if one is planned."""

    slot_id: int
    lesson_number: int
    teaching: Teaching
    test: Planned | None


_DAY_SLOTS = text("""
    SELECT t.id AS slot_id, t.lesson_number, t.school_id, t.class_id,
           c.grade_level || c.letter AS class_label, t.subject_id, s.name AS subject, t.subgroup,
           p.id AS test_id, k.id AS kind_id, k.code, k.name AS kind_name, k.short_name
      FROM timetable_slot t
      JOIN school_class c ON c.id = t.class_id
      JOIN subject s ON s.id = t.subject_id
      LEFT JOIN planned_test p ON p.class_id = t.class_id AND p.subject_id = t.subject_id
                              AND p.subgroup = t.subgroup AND p.day = :day
      LEFT JOIN mark_kind k ON k.id = p.kind_id
     WHERE t.teacher_id = ANY(:staff) AND c.grade_level > 1
       AND t.weekday = school_weekday(t.school_id, CAST(:day AS date))
       AND t.valid_from <= :day AND (t.valid_to IS NULL OR t.valid_to >= :day)
     ORDER BY t.lesson_number, c.grade_level, c.letter, t.subgroup
""")


async def day_slots(
    session: AsyncSession, actor: Actor, day: dt.date, today: dt.date
) -> tuple[SlotTest, ...]:
    """His lessons of a day from today on that a test may be planned for (grade 1 gets no marks)."""
    staff = sorted(teacher_staff_ids(actor))
    if day < today or not staff:
        return ()
    found = []
    for row in await session.execute(_DAY_SLOTS, {"staff": staff, "day": day}):
        teaching = teaching_of(row)
        test = None
        if row.test_id is not None:
            kind = KindOfTest(row.kind_id, row.code, row.kind_name, row.short_name)
            test = Planned(row.test_id, day, kind, teaching)
        found.append(SlotTest(row.slot_id, row.lesson_number, teaching, test))
    return tuple(found)
