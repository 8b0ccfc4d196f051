"""A parent reports in advance that the child will be away: dates and reason.

The class teacher is told at once, and every lesson of the child's class on those school days opens
with the child already marked absent, excused, with the parent's reason: the subject teacher sees it
before he taps (and «Все присутствуют» leaves it; a child who came after all is tapped on his own).
Nobody in the family is told of these marks: they are the family's own word.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models import AbsenceNote, Guardian, SchoolClass
from services import audit
from services.audit import Actor
from services.calendar import school_today
from services.errors import AccessDenied, InvalidInput
from services.events import AbsenceNoteNotice, AbsenceNoteWithdrawnNotice
from services.family import ChildRow, children_of
from services.lessons import ensure_school_lessons
from services.notify import enqueue

REASON_LIMIT = 300
LONGEST = dt.timedelta(days=30)  # a longer absence is a matter for the school, not a note
AHEAD = dt.timedelta(days=60)  # how far ahead a note may start


@dataclass(frozen=True)
class NoteResult:
    note_id: int
    child: ChildRow
    starts_on: dt.date
    ends_on: dt.date
    lessons: int  # lessons marked absent, excused
    class_teacher_told: bool


_DATES = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})(?:\s*[-–—]\s*(\d{1,2})\.(\d{1,2}))?\s*$")


def parse_dates(typed: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """«03.12» or «03.12–05.12» (the next such dates from today on: in December, «10.01» is January).

    Refused here, as typed, and with the reason, rather than at «Отправить»: a range that ends
    before it starts («10.12–07.12», which read forward would be a year long), one longer than
    LONGEST, and one that starts more than AHEAD from today.
    """
    found = _DATES.match(typed)
    if found is None:
        raise InvalidInput("absence-note-dates")
    first_day, first_month, last_day, last_month = found.groups()
    starts_on = _upcoming(int(first_day), int(first_month), today)
    ends_on = starts_on if last_day is None else _upcoming(int(last_day), int(last_month), starts_on)
    if ends_on - starts_on > LONGEST:
        same_year = _upcoming(int(last_day), int(last_month), dt.date(starts_on.year, 1, 1))
        if same_year < starts_on and starts_on - same_year <= LONGEST:
            raise InvalidInput("absence-note-reversed")
        raise InvalidInput("absence-note-too-long", days=LONGEST.days)
    if starts_on - today > AHEAD:
        raise InvalidInput("absence-note-too-far", days=AHEAD.days)
    return starts_on, ends_on


def _upcoming(day: int, month: int, since: dt.date) -> dt.date:
    try:
        date = dt.date(since.year, month, day)
        return date if date >= since else dt.date(since.year + 1, month, day)
    except ValueError:  # 31.02
        raise InvalidInput("absence-note-dates") from None


async def child_of(session: AsyncSession, actor: Actor, student_id: int) -> ChildRow:
    """One of this parent's children (a student cannot write a note for himself, nor anyone for another's)."""
    if await _guardian_id(session, actor, student_id) is None:
        raise AccessDenied()
    return next(c for c in await children_of(session, actor) if c.student_id == student_id)


_GUARDED = text("""
    SELECT gl.student_id FROM guardian g JOIN guardian_link gl ON gl.guardian_id = g.id
     WHERE g.tg_user_id = :uid AND g.consent_given_at IS NOT NULL
""")


async def children_to_note(session: AsyncSession, actor: Actor) -> list[ChildRow]:
    """The children this account may write notes for: its own as a parent (not itself, as a student)."""
    guarded = set(await session.scalars(_GUARDED, {"uid": actor.tg_user_id}))
    return [child for child in await children_of(session, actor) if child.student_id in guarded]


_GUARDIAN = text("""
    SELECT g.id FROM guardian g JOIN guardian_link gl ON gl.guardian_id = g.id
     WHERE g.tg_user_id = :uid AND gl.student_id = :student_id AND g.consent_given_at IS NOT NULL
     LIMIT 1
""")


async def _guardian_id(session: AsyncSession, actor: Actor, student_id: int) -> int | None:
    found = await session.scalar(_GUARDIAN, {"uid": actor.tg_user_id, "student_id": student_id})
    return int(found) if found is not None else None


# The child's lessons on those days (his subgroups only), marked absent and excused unless the teacher
# has marked something already.
_MARK_AWAY = text("""
    INSERT INTO attendance (lesson_id, student_id, status, excused, reason, author_id, updated_at)
    SELECT l.id, :student_id, 'absent', true, :reason, NULL, :now
      FROM lesson l
     WHERE l.class_id = :class_id AND l.date BETWEEN :starts_on AND :ends_on AND l.status = 'scheduled'
       AND (l.subgroup = 0 OR EXISTS (
            SELECT 1 FROM subgroup_member sm
             WHERE sm.student_id = :student_id AND sm.subject_id = l.subject_id AND sm.subgroup = l.subgroup))
    ON CONFLICT (lesson_id, student_id) DO NOTHING
""")
_CLASS_TEACHER = text("""
    SELECT s.tg_user_id FROM school_class c JOIN staff s ON s.id = c.class_teacher_id
     WHERE c.id = :class_id AND s.tg_user_id IS NOT NULL
""")


async def report(
    session: AsyncSession,
    actor: Actor,
    student_id: int,
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
    *,
    now: dt.datetime,
) -> NoteResult:
    child = await child_of(session, actor, student_id)
    school_class = await session.get(SchoolClass, child.class_id)
    if school_class is None:
        raise AccessDenied()
    school_id = school_class.school_id
    reason = reason.strip()
    if not reason or len(reason) > REASON_LIMIT:
        raise InvalidInput("absence-note-reason", limit=REASON_LIMIT)
    today = await school_today(session, school_id, now)
    if starts_on < today or ends_on < starts_on or ends_on - starts_on > LONGEST or starts_on - today > AHEAD:
        raise InvalidInput("absence-note-dates")
    guardian_id = await _guardian_id(session, actor, student_id)
    note = AbsenceNote(
        school_id=school_id,
        student_id=student_id,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        guardian_id=guardian_id,
    )
    session.add(note)
    await session.flush()
    # The lessons of those days are made from the timetable now, so that each opens pre-filled.
    await ensure_school_lessons(session, school_id, starts_on, ends_on)
    marked = await session.execute(
        _MARK_AWAY,
        {
            "student_id": student_id,
            "class_id": child.class_id,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "reason": reason,
            "now": now,
        },
    )
    lessons = int(marked.rowcount or 0)  # type: ignore[attr-defined]
    parent = await session.get(Guardian, guardian_id) if guardian_id else None
    await audit.record(
        session,
        actor,
        "absence_note.reported",
        "student",
        student_id,
        school_id=school_id,
        after={
            "note_id": note.id,
            "from": starts_on.isoformat(),
            "to": ends_on.isoformat(),
            "reason": reason,
        },
    )
    class_teacher = list(await session.scalars(_CLASS_TEACHER, {"class_id": child.class_id}))
    await enqueue(
        session,
        school_id=school_id,
        recipients=class_teacher,
        event=AbsenceNoteNotice(
            student=child.full_name,
            student_id=student_id,
            class_label=child.class_label,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason,
            parent=parent.full_name if parent else "",
            lessons=lessons,
        ),
        not_before=now,
        event_key=f"absence_note:{note.id}",
    )
    return NoteResult(note.id, child, starts_on, ends_on, lessons, bool(class_teacher))


# ---- taking a note back ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingNote:
    note_id: int
    student: str
    starts_on: dt.date
    ends_on: dt.date
    reason: str


_PENDING = text("""
    SELECT n.id, n.student_id, n.starts_on, n.ends_on, n.reason FROM absence_note n
     WHERE n.student_id = ANY(:students) AND n.withdrawn_at IS NULL AND n.starts_on > :today
     ORDER BY n.starts_on, n.id
""")
# The lessons the note marked, unless a teacher has marked them since (or another note covers the day).
_UNMARK = text("""
    DELETE FROM attendance a USING lesson l
     WHERE a.lesson_id = l.id AND a.student_id = :student_id AND a.author_id IS NULL
       AND a.status = 'absent' AND a.excused AND a.reason = :reason
       AND l.class_id = :class_id AND l.date BETWEEN :starts_on AND :ends_on
       AND NOT EXISTS (SELECT 1 FROM absence_note other
                        WHERE other.student_id = :student_id AND other.id <> :note_id
                          AND other.withdrawn_at IS NULL AND l.date BETWEEN other.starts_on AND other.ends_on)
""")


async def pending(session: AsyncSession, actor: Actor, *, now: dt.datetime) -> list[PendingNote]:
    """This parent's notes whose first day has not started yet: those he may still take back."""
    children = {c.student_id: c for c in await children_to_note(session, actor)}
    if not children:
        return []
    school_id = actor.context.active.school_id if actor.context and actor.context.active else None
    if school_id is None:
        return []
    today = await school_today(session, school_id, now)
    rows = await session.execute(_PENDING, {"students": list(children), "today": today})
    return [
        PendingNote(row.id, children[row.student_id].full_name, row.starts_on, row.ends_on, row.reason)
        for row in rows
    ]


async def withdraw(session: AsyncSession, actor: Actor, note_id: int, *, now: dt.datetime) -> PendingNote:
    """The note taken back before its first day starts: its lessons as they were, the class teacher told."""
    note = await session.get(AbsenceNote, note_id, with_for_update=True)  # a double tap waits here
    if note is None:
        raise AccessDenied()
    child = await child_of(session, actor, note.student_id)  # his own child's note, or refused
    if note.withdrawn_at is not None:
        raise InvalidInput("absence-note-withdrawn")
    if await school_today(session, note.school_id, now) >= note.starts_on:
        raise InvalidInput("absence-note-started")
    note.withdrawn_at = now
    unmarked = await session.execute(
        _UNMARK,
        {
            "student_id": note.student_id,
            "reason": note.reason,
            "class_id": child.class_id,
            "starts_on": note.starts_on,
            "ends_on": note.ends_on,
            "note_id": note.id,
        },
    )
    await audit.record(
        session,
        actor,
        "absence_note.withdrawn",
        "student",
        note.student_id,
        school_id=note.school_id,
        before={"note_id": note.id, "from": note.starts_on.isoformat(), "to": note.ends_on.isoformat()},
        after={"lessons_unmarked": int(unmarked.rowcount or 0)},  # type: ignore[attr-defined]
    )
    parent = await session.get(Guardian, note.guardian_id) if note.guardian_id else None
    await enqueue(
        session,
        school_id=note.school_id,
        recipients=list(await session.scalars(_CLASS_TEACHER, {"class_id": child.class_id})),
        event=AbsenceNoteWithdrawnNotice(
            student=child.full_name,
            student_id=note.student_id,
            class_label=child.class_label,
            starts_on=note.starts_on,
            ends_on=note.ends_on,
            reason=note.reason,
            parent=parent.full_name if parent else "",
        ),
        not_before=now,
        event_key=f"absence_note_withdrawn:{note.id}",
    )
    return PendingNote(note.id, child.full_name, note.starts_on, note.ends_on, note.reason)


# A lesson cancelled or moved away holds no note's marks; one that takes place (a moved lesson at its
# new place, a lesson restored) is marked for every note that covers its day, as at the note's time.
_UNMARK_GONE = text("""
    DELETE FROM attendance a USING lesson l
     WHERE a.lesson_id = l.id AND l.id = ANY(:lessons) AND l.status <> 'scheduled' AND a.author_id IS NULL
""")
_MARK_TAKING_PLACE = text("""
    INSERT INTO attendance (lesson_id, student_id, status, excused, reason, author_id, updated_at)
    SELECT DISTINCT ON (l.id, n.student_id) l.id, n.student_id, 'absent', true, n.reason, NULL, :now
      FROM lesson l JOIN student st ON st.class_id = l.class_id
      JOIN absence_note n ON n.student_id = st.id AND n.withdrawn_at IS NULL
                         AND l.date BETWEEN n.starts_on AND n.ends_on
     WHERE l.id = ANY(:lessons) AND l.status = 'scheduled'
       AND (l.subgroup = 0 OR EXISTS (
            SELECT 1 FROM subgroup_member sm
             WHERE sm.student_id = st.id AND sm.subject_id = l.subject_id AND sm.subgroup = l.subgroup))
     ORDER BY l.id, n.student_id, n.id DESC
    ON CONFLICT (lesson_id, student_id) DO NOTHING
""")


async def follow_lessons(session: AsyncSession, lesson_ids: list[int], *, now: dt.datetime) -> None:
    """The notes' marks follow the timetable's changes: off a lesson that no longer takes place, onto
    one that now does (services/lesson_changes.py calls it after each change)."""
    await session.execute(_UNMARK_GONE, {"lessons": lesson_ids})
    await session.execute(_MARK_TAKING_PLACE, {"lessons": lesson_ids, "now": now})
