"""График контрольных работ: what a planned test is, the school's kinds of tests and its limits on
them, the days a subject is taught, and whose a test is. The teacher's use cases are in
services/tests_planning.py, the deputy's week, the family's tests ahead and the reminder the day
before in services/tests_schedule.py.

Tests of one subject on one day count once for the class against the limits (the two English groups
writing theirs the same day is one test for each student). The kind of a test is one of the school's
mark kinds that weighs more than an everyday mark; the marks of that day's lesson default to it
(services/lessons.py), so a family reads them as the test's marks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import Actor
from services.calendar import school_today
from services.errors import AccessDenied, ServiceError
from services.lessons import teacher_staff_ids
from services.school_settings import SchoolSettings

HORIZON = dt.timedelta(days=120)  # how far ahead a test may be planned (a forged day further is refused)
DAY_CHOICES = 4  # lessons offered to plan a test on (or move it to)


@dataclass(frozen=True)
class KindOfTest:
    kind_id: int
    code: str
    name: str
    short_name: str


@dataclass(frozen=True)
class Teaching:
    """A class (or one of its subgroups) and a subject, as a test is planned for it."""

    school_id: int
    class_id: int
    class_label: str
    subject_id: int
    subject: str
    subgroup: int


@dataclass(frozen=True)
class Planned:
    test_id: int
    day: dt.date
    kind: KindOfTest
    teaching: Teaching


@dataclass(frozen=True)
class Crowding:
    """What the class already has on a day and in its week, against the school's limits."""

    day: dt.date
    same_day: tuple[str, ...]  # the other subjects with a test that day
    same_week: tuple[tuple[dt.date, str], ...]  # the week's other tests (day, subject)
    per_day: int
    per_week: int

    @property
    def over_day(self) -> bool:
        return len(self.same_day) + 1 > self.per_day

    @property
    def over_week(self) -> bool:
        return len(self.same_week) + 1 > self.per_week

    @property
    def over(self) -> bool:
        return self.over_day or self.over_week

    def audit(self) -> dict[str, Any]:
        """What the audit row keeps of a test planned over a limit (empty when within them)."""
        if not self.over:
            return {}
        return {
            "over_limit": {
                "day": len(self.same_day) + 1,
                "week": len(self.same_week) + 1,
                "per_day": self.per_day,
                "per_week": self.per_week,
            }
        }


# ---- where a test is planned from: the teacher's own lesson or timetable slot --------------------------

_FROM_LESSON = text("""
    SELECT l.school_id, l.class_id, c.grade_level || c.letter AS class_label, l.subject_id,
           s.name AS subject, l.subgroup, l.teacher_id, c.grade_level
      FROM lesson l JOIN school_class c ON c.id = l.class_id JOIN subject s ON s.id = l.subject_id
     WHERE l.id = :id
""")
_FROM_SLOT = text("""
    SELECT t.school_id, t.class_id, c.grade_level || c.letter AS class_label, t.subject_id,
           s.name AS subject, t.subgroup, t.teacher_id, c.grade_level
      FROM timetable_slot t JOIN school_class c ON c.id = t.class_id JOIN subject s ON s.id = t.subject_id
     WHERE t.id = :id
""")


def teaching_of(row: Row[Any]) -> Teaching:
    return Teaching(row.school_id, row.class_id, row.class_label, row.subject_id, row.subject, row.subgroup)


async def source(session: AsyncSession, actor: Actor, *, lesson_id: int = 0, slot_id: int = 0) -> Teaching:
    """The class and subject of the pressing teacher's own lesson (not one he covers) or slot."""
    statement, key = (_FROM_LESSON, lesson_id) if lesson_id else (_FROM_SLOT, slot_id)
    row = (await session.execute(statement, {"id": key})).first() if key else None
    if row is None or row.teacher_id not in teacher_staff_ids(actor):
        raise AccessDenied()
    if row.grade_level <= 1:
        raise ServiceError("grade-one-no-marks")  # the regulation: no marks, and so no tests to mark
    return teaching_of(row)


async def lesson_day(session: AsyncSession, lesson_id: int) -> dt.date | None:
    day: dt.date | None = await session.scalar(
        text("SELECT date FROM lesson WHERE id = :id"), {"id": lesson_id}
    )
    return day


# ---- the school's kinds of tests and its limits --------------------------------------------------------

_KINDS = text("""
    SELECT id, code, name, short_name, weight::float8 AS weight FROM mark_kind
     WHERE school_id = :school_id ORDER BY weight DESC, sort_order, id
""")


async def kinds_of_tests(session: AsyncSession, school_id: int) -> tuple[KindOfTest, ...]:
    """The school's mark kinds that weigh more than its lightest (an answer at the board is no test),
    the heaviest first; all of them where every kind weighs the same."""
    rows = (await session.execute(_KINDS, {"school_id": school_id})).all()
    lightest = min((row.weight for row in rows), default=0.0)
    heavier = [row for row in rows if row.weight > lightest] or rows
    return tuple(KindOfTest(row.id, row.code, row.name, row.short_name) for row in heavier)


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


_CLASS_TESTS = text("""
    SELECT p.id, p.day, p.subject_id, s.name AS subject
      FROM planned_test p JOIN subject s ON s.id = p.subject_id
     WHERE p.class_id = :class_id AND p.day BETWEEN :first AND :last
     ORDER BY p.day, s.name
""")


async def class_tests(session: AsyncSession, class_id: int, first: dt.date, last: dt.date) -> list[Row[Any]]:
    params = {"class_id": class_id, "first": week_of(first)[0], "last": week_of(last)[1]}
    return list((await session.execute(_CLASS_TESTS, params)).all())


def crowding(
    tests: Sequence[Row[Any]],
    teaching: Teaching,
    day: dt.date,
    settings: SchoolSettings,
    moving: int | None = None,
) -> Crowding:
    """The class's other tests on `day` and in its week (`tests` covers that week), one a subject a
    day; the test being moved and this subject's own test that day are not the others."""
    monday, sunday = week_of(day)
    others: dict[tuple[dt.date, int], str] = {}
    for test in tests:
        if test.id == moving or (test.day == day and test.subject_id == teaching.subject_id):
            continue
        if monday <= test.day <= sunday:
            others[(test.day, test.subject_id)] = test.subject
    same_day = tuple(subject for (on, _), subject in others.items() if on == day)
    same_week = tuple((on, subject) for (on, _), subject in sorted(others.items(), key=lambda i: i[0][0]))
    return Crowding(day, same_day, same_week, settings.tests_per_day, settings.tests_per_week)


# ---- the days a subject is taught ----------------------------------------------------------------------

# The days from :first on that the class (or subgroup) has the subject: by the timetable (a day off has
# none, a moved working day those of the weekday it runs), or a dated lesson of it (an extra one).
_TAUGHT_DAYS = text("""
    SELECT CAST(g AS date) AS day
      FROM generate_series(CAST(:first AS date), CAST(:last AS date), interval '1 day') g
     WHERE EXISTS (
               SELECT 1 FROM timetable_slot t
                WHERE t.class_id = :class_id AND t.subject_id = :subject_id AND t.subgroup = :subgroup
                  AND t.weekday = school_weekday(:school_id, CAST(g AS date))
                  AND t.valid_from <= CAST(g AS date)
                  AND (t.valid_to IS NULL OR t.valid_to >= CAST(g AS date))
                  -- not cancelled or moved away that day
                  AND NOT EXISTS (SELECT 1 FROM lesson x WHERE x.slot_id = t.id AND x.date = CAST(g AS date)
                                                           AND x.status <> 'scheduled'))
        OR EXISTS (
               SELECT 1 FROM lesson l
                WHERE l.class_id = :class_id AND l.subject_id = :subject_id AND l.subgroup = :subgroup
                  AND l.date = CAST(g AS date) AND l.status = 'scheduled')
     ORDER BY 1
     LIMIT :count
""")


async def taught_days(
    session: AsyncSession, teaching: Teaching, first: dt.date, last: dt.date, count: int
) -> list[dt.date]:
    params = {
        "school_id": teaching.school_id,
        "class_id": teaching.class_id,
        "subject_id": teaching.subject_id,
        "subgroup": teaching.subgroup,
        "first": first,
        "last": last,
        "count": count,
    }
    return list(await session.scalars(_TAUGHT_DAYS, params))


async def require_day(session: AsyncSession, teaching: Teaching, day: dt.date, today: dt.date) -> None:
    if day < today:
        raise ServiceError("test-day-past")
    if day > today + HORIZON or not await taught_days(session, teaching, day, day, 1):
        raise ServiceError("test-no-lesson")


# ---- planned tests -------------------------------------------------------------------------------------

_PLANNED = """
    SELECT p.id, p.day, p.subgroup, p.school_id, p.class_id, c.grade_level || c.letter AS class_label,
           p.subject_id, s.name AS subject, k.id AS kind_id, k.code, k.name AS kind_name, k.short_name
      FROM planned_test p
      JOIN school_class c ON c.id = p.class_id
      JOIN subject s ON s.id = p.subject_id
      JOIN mark_kind k ON k.id = p.kind_id
"""
_ONE = text(_PLANNED + " WHERE p.id = :id")
_OF_TEACHING = text(
    _PLANNED
    + """ WHERE p.class_id = :class_id AND p.subject_id = :subject_id AND p.subgroup = :subgroup
            AND p.day >= :today ORDER BY p.day"""
)


def planned(row: Row[Any]) -> Planned:
    kind = KindOfTest(row.kind_id, row.code, row.kind_name, row.short_name)
    return Planned(row.id, row.day, kind, teaching_of(row))


async def upcoming_of(session: AsyncSession, teaching: Teaching, today: dt.date) -> tuple[Planned, ...]:
    params = {
        "class_id": teaching.class_id,
        "subject_id": teaching.subject_id,
        "subgroup": teaching.subgroup,
        "today": today,
    }
    return tuple(planned(row) for row in await session.execute(_OF_TEACHING, params))


# A teacher's own test: of a class, subject and subgroup he teaches (by assignment or timetable), or
# one he planned himself.
_TEACHES = text("""
    SELECT EXISTS (
        SELECT 1 FROM teaching_assignment a
         WHERE a.class_id = :class_id AND a.subject_id = :subject_id AND a.subgroup = :subgroup
           AND a.teacher_id = ANY(:staff)
        UNION ALL
        SELECT 1 FROM timetable_slot t
         WHERE t.class_id = :class_id AND t.subject_id = :subject_id AND t.subgroup = :subgroup
           AND t.teacher_id = ANY(:staff) AND (t.valid_to IS NULL OR t.valid_to >= :today)
        UNION ALL
        SELECT 1 FROM planned_test p WHERE p.id = :test_id AND p.author_id = ANY(:staff))
""")


async def own_test(session: AsyncSession, actor: Actor, test_id: int, now: dt.datetime) -> Planned:
    """A planned test of the pressing teacher's (refused alike when it is not, or not there)."""
    row = (await session.execute(_ONE, {"id": test_id})).first()
    staff = sorted(teacher_staff_ids(actor))
    if row is None or not staff:
        raise AccessDenied()
    test = planned(row)
    params = {
        "class_id": test.teaching.class_id,
        "subject_id": test.teaching.subject_id,
        "subgroup": test.teaching.subgroup,
        "staff": staff,
        "today": await school_today(session, test.teaching.school_id, now),
        "test_id": test.test_id,
    }
    if not await session.scalar(_TEACHES, params):
        raise AccessDenied()
    return test
