"""График контрольных работ as others see it: the administration's week (tests per class and day, a
class over the school's limits flagged), a family's tests ahead, and the families' reminder on the
school day before a test (a day off, a weekend or the holidays in between are skipped: the reminder
goes on the class's last school day before it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models.enums import Role
from services import access, school_settings
from services.audit import Actor
from services.calendar import school_today, school_weekdays
from services.errors import AccessDenied
from services.events import UpcomingTestNotice
from services.notify import enqueue_rows
from services.notify import rows as outbox_rows
from services.planned_tests import Planned, planned, week_of
from services.school_calendar import calendar

ADMINISTRATION = (Role.DEPUTY, Role.COORDINATOR)
FAMILY_DAYS_AHEAD = 14  # the family's overview lists the tests of the next two weeks
FURTHEST_WEEK = dt.timedelta(days=400)  # a week further from today is a forged or stale button
REMINDER_LOOKAHEAD = 30  # days searched for a class's next school day (the longest holidays but summer)


# ---- the administration's week -------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassWeek:
    class_id: int
    label: str
    tests: tuple[Planned, ...]  # by day, then subject
    per_day: int
    per_week: int

    @property
    def count(self) -> int:
        """Tests of the week for the class: one a subject a day (two groups the same day are one)."""
        return len({(test.day, test.teaching.subject_id) for test in self.tests})

    @property
    def over_week(self) -> bool:
        return self.count > self.per_week

    def day_count(self, day: dt.date) -> int:
        return len({test.teaching.subject_id for test in self.tests if test.day == day})

    @property
    def crowded_days(self) -> tuple[dt.date, ...]:
        counts = Counter(day for day, _ in {(t.day, t.teaching.subject_id) for t in self.tests})
        return tuple(sorted(day for day, count in counts.items() if count > self.per_day))

    @property
    def over(self) -> bool:
        return self.over_week or bool(self.crowded_days)


@dataclass(frozen=True)
class WeekSchedule:
    school_id: int
    monday: dt.date
    today: dt.date
    per_day: int
    per_week: int
    classes: tuple[ClassWeek, ...]  # those with tests this week, by grade and letter

    @property
    def over(self) -> tuple[ClassWeek, ...]:
        return tuple(week for week in self.classes if week.over)


def admin_school(actor: Actor, requested: int) -> int:
    """The school of the administration member who pressed: the one named, if his, else his first."""
    context = actor.context
    grants = [grant for role in ADMINISTRATION for grant in (context.grants_of(role) if context else [])]
    for grant in grants:
        if not requested or grant.school_id == requested:
            return grant.school_id
    raise AccessDenied()


_WEEK = text(
    """
    SELECT p.id, p.day, p.subgroup, p.school_id, p.class_id, c.grade_level || c.letter AS class_label,
           p.subject_id, s.name AS subject, k.id AS kind_id, k.code, k.name AS kind_name, k.short_name,
           c.grade_level, c.letter
      FROM planned_test p
      JOIN school_class c ON c.id = p.class_id
      JOIN subject s ON s.id = p.subject_id
      JOIN mark_kind k ON k.id = p.kind_id
     WHERE p.school_id = :school_id AND p.day BETWEEN :monday AND :sunday
     ORDER BY c.grade_level, c.letter, p.day, s.name, p.subgroup
    """
)


async def week(
    session: AsyncSession, actor: Actor, school_id: int, monday: dt.date | None, now: dt.datetime
) -> WeekSchedule:
    """The school's tests of a week (this one, or from Saturday on the next), class by class."""
    access.require_any_role(actor, ADMINISTRATION, school_id)
    today = await school_today(session, school_id, now)
    if monday is None or abs(monday - today) > FURTHEST_WEEK:
        monday = week_of(today + dt.timedelta(days=2 if today.isoweekday() >= 6 else 0))[0]
    monday = week_of(monday)[0]
    settings = await school_settings.load(session, school_id)
    params = {"school_id": school_id, "monday": monday, "sunday": monday + dt.timedelta(days=6)}
    by_class: dict[int, list[Planned]] = {}
    for row in await session.execute(_WEEK, params):
        by_class.setdefault(row.class_id, []).append(planned(row))
    classes = tuple(
        ClassWeek(
            class_id,
            tests[0].teaching.class_label,
            tuple(tests),
            settings.tests_per_day,
            settings.tests_per_week,
        )
        for class_id, tests in by_class.items()
    )
    return WeekSchedule(school_id, monday, today, settings.tests_per_day, settings.tests_per_week, classes)


# ---- a family's tests ahead ----------------------------------------------------------------------------


@dataclass(frozen=True)
class UpcomingTest:
    day: dt.date
    subject: str
    kind: str


_AHEAD = text(
    """
    SELECT p.day, s.name AS subject, k.name AS kind
      FROM planned_test p JOIN subject s ON s.id = p.subject_id JOIN mark_kind k ON k.id = p.kind_id
     WHERE p.class_id = :class_id AND p.day BETWEEN :first AND :last
       AND (p.subgroup = 0 OR EXISTS (
               SELECT 1 FROM subgroup_member sm
                WHERE sm.student_id = :student_id AND sm.subject_id = p.subject_id
                  AND sm.subgroup = p.subgroup))
     ORDER BY p.day, s.name
    """
)


async def ahead_for(
    session: AsyncSession, student_id: int, class_id: int, today: dt.date
) -> tuple[UpcomingTest, ...]:
    """The child's tests from today over the next two weeks (his subgroup's, and his whole class's).
    The caller has checked that the child is the viewer's."""
    params = {
        "class_id": class_id,
        "student_id": student_id,
        "first": today,
        "last": today + dt.timedelta(days=FAMILY_DAYS_AHEAD - 1),
    }
    return tuple(UpcomingTest(r.day, r.subject, r.kind) for r in await session.execute(_AHEAD, params))


# ---- the reminder on the school day before -------------------------------------------------------------

_COMING = text(
    """
    SELECT p.id, p.day, p.subgroup, p.school_id, p.class_id, c.grade_level || c.letter AS class_label,
           p.subject_id, s.name AS subject, k.id AS kind_id, k.code, k.name AS kind_name, k.short_name
      FROM planned_test p
      JOIN school_class c ON c.id = p.class_id
      JOIN subject s ON s.id = p.subject_id
      JOIN mark_kind k ON k.id = p.kind_id
     WHERE p.school_id = :school_id AND p.day > :today AND p.day <= :last
       -- not when the day's lesson of the subject is cancelled or moved away (and none takes place)
       AND NOT (EXISTS (SELECT 1 FROM lesson l WHERE l.class_id = p.class_id AND l.subject_id = p.subject_id
                                                 AND l.subgroup = p.subgroup AND l.date = p.day
                                                 AND l.status <> 'scheduled')
                AND NOT EXISTS (SELECT 1 FROM lesson l WHERE l.class_id = p.class_id
                                   AND l.subject_id = p.subject_id AND l.subgroup = p.subgroup
                                   AND l.date = p.day AND l.status = 'scheduled'))
     ORDER BY p.class_id, p.day
    """
)

# The children the test is for (the class, or the subgroup) and the accounts to tell about each: the
# student's own and his parents' who gave consent.
_TOLD = text(
    """
    WITH children AS (
        SELECT st.id, st.last_name, st.first_name, st.middle_name, st.tg_user_id
          FROM student st
         WHERE st.class_id = :class_id AND st.graduated_on IS NULL
           AND (:subgroup = 0 OR EXISTS (
                   SELECT 1 FROM subgroup_member sm
                    WHERE sm.student_id = st.id AND sm.subject_id = :subject_id AND sm.subgroup = :subgroup)))
    SELECT ch.id, ch.last_name, ch.first_name, ch.middle_name, ch.tg_user_id AS account
      FROM children ch WHERE ch.tg_user_id IS NOT NULL
    UNION
    SELECT ch.id, ch.last_name, ch.first_name, ch.middle_name, g.tg_user_id
      FROM children ch
      JOIN guardian_link gl ON gl.student_id = ch.id
      JOIN guardian g ON g.id = gl.guardian_id
     WHERE g.tg_user_id IS NOT NULL AND g.consent_given_at IS NOT NULL
    """
)


async def remind(
    session: AsyncSession, school_id: int, today: dt.date, *, now: dt.datetime, run_key: str
) -> int:
    """On a class's school day, its families are told of the tests of its next school day (Friday of a
    Monday's test; before a holiday, of the first day after it). Returns the messages written."""
    last = today + dt.timedelta(days=REMINDER_LOOKAHEAD)
    rows = (await session.execute(_COMING, {"school_id": school_id, "today": today, "last": last})).all()
    if not rows:
        return 0
    days = await calendar(session, school_id, today, last)
    batch: list[dict[str, Any]] = []
    weekdays_of: dict[int, frozenset[int]] = {}
    for row in rows:
        if row.class_id not in weekdays_of:
            weekdays_of[row.class_id] = await school_weekdays(session, row.class_id, today)
        weekdays = weekdays_of[row.class_id]
        if days.weekday(today) not in weekdays:
            continue  # not a school day of the class: its last school day told them
        following = today + dt.timedelta(days=1)
        while days.weekday(following) not in weekdays and following < row.day:
            following += dt.timedelta(days=1)
        if following != row.day:
            continue
        batch += await _reminders(session, planned(row), now, f"{run_key}:{row.id}")
    await enqueue_rows(session, batch)
    return len(batch)


async def _reminders(
    session: AsyncSession, test: Planned, now: dt.datetime, key: str
) -> list[dict[str, Any]]:
    teaching = test.teaching
    params = {"class_id": teaching.class_id, "subject_id": teaching.subject_id, "subgroup": teaching.subgroup}
    accounts: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for row in await session.execute(_TOLD, params):
        accounts.setdefault(row.id, []).append(row.account)
        names[row.id] = " ".join(part for part in (row.last_name, row.first_name, row.middle_name) if part)
    batch: list[dict[str, Any]] = []
    for student_id, told in accounts.items():
        event = UpcomingTestNotice(
            test_id=test.test_id,
            student_id=student_id,
            student=names[student_id],
            class_label=teaching.class_label,
            subject=teaching.subject,
            test_kind=test.kind.name,
            day=test.day,
        )
        batch += outbox_rows(
            school_id=teaching.school_id,
            recipients=sorted(told),
            event=event,
            not_before=now,
            event_key=f"{key}:{student_id}",
        )
    return batch
