"""The morning brief: a family's school day in one message, at the time each person chose.

Opt-in («🔔 Уведомления» → «☀️ Утром»), on school days only: for each child (or the student himself)
the day's lessons as they take place (cancelled, moved, another room or teacher marked), the homework
due that day, the tests planned for it; and the school's and the class's events of the day. One message
per account, children grouped. It is built early (the job runs before the first chosen time) and
waits in the outbox for the person's time, which quiet hours do not move: he chose it. A timetable
change of that day still waiting for him (a change posted at night, held by quiet hours) is told by the
brief instead, not twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services import timetable
from services.calendar import school_zone
from services.events import BriefChild, BriefEvent, BriefLesson, MorningBriefNotice
from services.notify import enqueue_rows, rows
from services.preferences import BRIEF_CHOICES, Preferences
from services.school_calendar import Calendar, calendar
from services.timetable import DayItem

BUILT_AT = dt.time(6, 0)  # the job's time: before the earliest choice
assert all(at is None or at > BUILT_AT for at in BRIEF_CHOICES)


@dataclass(frozen=True)
class _Child:
    student_id: int
    first_name: str
    class_id: int
    class_label: str
    parent: bool  # the account is the child's parent (not the student himself)


# The accounts that asked for the brief, with their children in this year's classes (a student: himself).
_READERS = text("""
    WITH current_classes AS (
        SELECT c.id, c.grade_level || c.letter AS label FROM school_class c
         WHERE c.academic_year_id = (SELECT y.id FROM academic_year y WHERE y.school_id = :school_id
                                      ORDER BY y.starts_on DESC LIMIT 1))
    SELECT u.id AS account, u.preferences, st.id AS student_id, st.first_name, cc.id AS class_id, cc.label,
           true AS parent
      FROM tg_user u JOIN guardian g ON g.tg_user_id = u.id AND g.consent_given_at IS NOT NULL
      JOIN guardian_link gl ON gl.guardian_id = g.id JOIN student st ON st.id = gl.student_id
      JOIN current_classes cc ON cc.id = st.class_id
     WHERE u.preferences ? 'morning_brief' AND NOT u.is_blocked
    UNION
    SELECT u.id, u.preferences, st.id, st.first_name, cc.id, cc.label, false
      FROM tg_user u JOIN student st ON st.tg_user_id = u.id JOIN current_classes cc ON cc.id = st.class_id
     WHERE u.preferences ? 'morning_brief' AND NOT u.is_blocked
     ORDER BY 1, 4, 3
""")
_SUBGROUPS = text("""
    SELECT sm.student_id, s.name AS subject, sm.subgroup FROM subgroup_member sm
      JOIN subject s ON s.id = sm.subject_id WHERE sm.student_id = ANY(:students)
""")
_HOMEWORK = text("""
    SELECT h.class_id, s.name AS subject, h.subgroup, h.text FROM homework h
      JOIN subject s ON s.id = h.subject_id
     WHERE h.class_id = ANY(:classes) AND h.due_on = :day
     ORDER BY s.name, h.id
""")
_TESTS = text("""
    SELECT t.class_id, s.name AS subject, t.subgroup, k.name AS kind FROM planned_test t
      JOIN subject s ON s.id = t.subject_id JOIN mark_kind k ON k.id = t.kind_id
     WHERE t.class_id = ANY(:classes) AND t.day = :day
     ORDER BY s.name
""")
# The day's events each reader is told of: the school's, his children's classes' (a class's parents'
# only to parents).
_EVENTS = text("""
    SELECT p.id, p.text, p.event_at, p.place, p.audience, p.class_id FROM post p
     WHERE p.school_id = :school_id AND p.kind = 'event' AND p.withdrawn_at IS NULL
       AND p.event_at >= :starts AND p.event_at < :ends AND p.audience <> 'staff'
     ORDER BY p.event_at, p.id
""")
# A timetable change of that day still waiting for the reader until his brief's time (held by quiet
# hours): the brief tells it. One due before the brief goes as it is.
_TOLD_BY_BRIEF = text("""
    UPDATE outbox o SET status = 'cancelled', last_error = 'told in the morning brief'
      FROM unnest(CAST(:accounts AS bigint[]), CAST(:times AS timestamptz[])) AS brief(account, at)
     WHERE o.tg_user_id = brief.account AND o.not_before >= brief.at AND o.school_id = :school_id
       AND o.kind = 'timetable_change' AND o.status IN ('pending', 'held') AND o.payload ->> 'date' = :day
""")


async def send_briefs(
    session: AsyncSession, school_id: int, day: dt.date, *, now: dt.datetime, run_key: str
) -> int:
    """Each reader's brief of `day`, to go at his time; none for one whose children have no lessons."""
    readers: dict[int, list[_Child]] = defaultdict(list)
    chosen: dict[int, dt.time] = {}
    for reader in await session.execute(_READERS, {"school_id": school_id}):
        wanted = Preferences.of(reader.preferences).morning_brief
        if wanted is not None:
            chosen[reader.account] = wanted
            readers[reader.account].append(
                _Child(reader.student_id, reader.first_name, reader.class_id, reader.label, reader.parent)
            )
    if not readers:
        return 0
    zone = await school_zone(session, school_id)
    days = await calendar(session, school_id, day, day)
    classes = sorted({child.class_id for children in readers.values() for child in children})
    lessons = {class_id: await timetable.class_lessons(session, class_id, day, days) for class_id in classes}
    extras = await _class_extras(session, classes, day)
    groups = await _subgroups(session, [c.student_id for children in readers.values() for c in children])
    events = await _events(session, school_id, day, zone)
    batch: list[dict[str, Any]] = []
    for account, children in readers.items():
        notice = _brief(day, days, children, lessons, extras, groups, events)
        if notice is None:
            continue  # not a school day for any of his children
        due = max(dt.datetime.combine(day, chosen[account], zone), now)
        # At his time, quiet hours or not: the brief is punctual (services.events).
        batch += rows(
            school_id=school_id, recipients=[account], event=notice, not_before=due, event_key=run_key
        )
    await enqueue_rows(session, batch)
    if batch:
        told = {
            "accounts": [row["tg_user_id"] for row in batch],
            "times": [row["not_before"] for row in batch],
            "school_id": school_id,
            "day": day.isoformat(),
        }
        await session.execute(_TOLD_BY_BRIEF, told)
    return len(batch)


@dataclass
class _ClassDay:
    homework: list[tuple[str, int, str]]  # subject, subgroup, text
    tests: list[tuple[str, int, str]]  # subject, subgroup, kind


async def _class_extras(session: AsyncSession, classes: list[int], day: dt.date) -> dict[int, _ClassDay]:
    extras = {class_id: _ClassDay([], []) for class_id in classes}
    params = {"classes": classes, "day": day}
    for row in await session.execute(_HOMEWORK, params):
        extras[row.class_id].homework.append((row.subject, row.subgroup, row.text))
    for row in await session.execute(_TESTS, params):
        extras[row.class_id].tests.append((row.subject, row.subgroup, row.kind))
    return extras


async def _subgroups(session: AsyncSession, students: list[int]) -> dict[int, set[tuple[str, int]]]:
    groups: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for row in await session.execute(_SUBGROUPS, {"students": students}):
        groups[row.student_id].add((row.subject, row.subgroup))
    return groups


@dataclass(frozen=True)
class _Event:
    event: BriefEvent
    audience: str
    class_id: int | None


async def _events(session: AsyncSession, school_id: int, day: dt.date, zone: ZoneInfo) -> list[_Event]:
    starts = dt.datetime.combine(day, dt.time(0), zone)
    params = {"school_id": school_id, "starts": starts, "ends": starts + dt.timedelta(days=1)}
    return [
        _Event(
            BriefEvent(
                title=row.text.strip().split("\n", 1)[0], at=row.event_at.astimezone(zone), place=row.place
            ),
            row.audience,
            row.class_id,
        )
        for row in await session.execute(_EVENTS, params)
    ]


def _brief(
    day: dt.date,
    days: Calendar,
    children: list[_Child],
    lessons: dict[int, tuple[DayItem, ...]],
    extras: dict[int, _ClassDay],
    groups: dict[int, set[tuple[str, int]]],
    events: list[_Event],
) -> MorningBriefNotice | None:
    parts = []
    for child in children:
        own = groups.get(child.student_id, set())

        def his(subject: str, subgroup: int, own: set[tuple[str, int]] = own) -> bool:
            return subgroup == 0 or (subject, subgroup) in own

        items = [item for item in lessons[child.class_id] if his(item.subject, item.subgroup)]
        if not items:
            continue
        class_day = extras[child.class_id]
        parts.append(
            BriefChild(
                name=child.first_name,
                class_label=child.class_label,
                parent=child.parent,
                lessons=tuple(_lesson(item) for item in items),
                homework=tuple(f"{s}: {t}" for s, g, t in class_day.homework if his(s, g)),
                tests=tuple(f"{s} — {k}" for s, g, k in class_day.tests if his(s, g)),
            )
        )
    if not parts or days.day_off(day) is not None:
        return None
    classes = {child.class_id for child in children}
    parent = any(child.parent for child in children)
    seen = [
        e.event
        for e in events
        if e.audience == "school"
        or (e.class_id in classes and (e.audience == "class" or (e.audience == "class_parents" and parent)))
    ]
    return MorningBriefNotice(date=day, children=tuple(parts), events=tuple(seen))


def _lesson(item: DayItem) -> BriefLesson:
    return BriefLesson(
        number=item.lesson_number,
        starts_at=item.starts_at,
        subject=item.subject,
        room=item.room,
        status=item.status,
        moved_to=item.moved_to,
        moved_from=item.moved_from,
        substitute=item.substitute,
        room_changed=item.room_changed,
    )
