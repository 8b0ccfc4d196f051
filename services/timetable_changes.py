"""Telling a class's families that its timetable changed: a lesson cancelled, moved, in another room,
or taught by a substitute.

The administration's use cases (services/substitutions.py, services/lesson_changes.py) take the
lesson's state before and after the change, and this writes one `TimetableChangeNotice` per family
account: the students of the class (of the lesson's subgroup, when it has one) and their parents who
gave consent. Nothing is told about a lesson that is over; a notice held by quiet hours past the end
of its lessons is dropped by the sender (`Event.stale_after`).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from models import Bell, Lesson, School, SchoolClass, Staff, Subject, TimetableSlot
from services.events import LessonChange, LessonState, TimetableChangeNotice
from services.notify import enqueue

# The class's students (of the lesson's subgroup, for a subgroup's lesson) and their consenting parents.
_FAMILY = text("""
    WITH pupils AS (
        SELECT st.id, st.tg_user_id FROM student st
         WHERE st.class_id = :class_id
           AND (CAST(:subgroup AS integer) = 0 OR EXISTS (
                SELECT 1 FROM subgroup_member sm
                 WHERE sm.student_id = st.id AND sm.subject_id = :subject_id AND sm.subgroup = :subgroup))
    )
    SELECT p.tg_user_id FROM pupils p WHERE p.tg_user_id IS NOT NULL
    UNION
    SELECT g.tg_user_id FROM pupils p
      JOIN guardian_link gl ON gl.student_id = p.id
      JOIN guardian g ON g.id = gl.guardian_id
     WHERE g.tg_user_id IS NOT NULL AND g.consent_given_at IS NOT NULL
""")


async def family_accounts(session: AsyncSession, lesson: Lesson) -> list[int]:
    params = {"class_id": lesson.class_id, "subgroup": lesson.subgroup, "subject_id": lesson.subject_id}
    return sorted(int(account) for account in await session.scalars(_FAMILY, params))


async def room_of(session: AsyncSession, lesson: Lesson) -> str:
    """The room the lesson is in: its own, or the timetable's."""
    if lesson.room:
        return lesson.room
    if lesson.slot_id is None:
        return ""
    return await session.scalar(select(TimetableSlot.room).where(TimetableSlot.id == lesson.slot_id)) or ""


async def _teacher_of(session: AsyncSession, lesson: Lesson) -> str:
    staff = await session.get(Staff, lesson.substitute_teacher_id or lesson.teacher_id)
    return staff.short_name if staff is not None else ""


async def state_of(session: AsyncSession, origin: Lesson) -> LessonState:
    """Where and how the lesson the timetable put at `origin` takes place now."""
    held = origin
    if origin.status == "moved":
        moved = await session.scalar(select(Lesson).where(Lesson.moved_from_id == origin.id))
        if moved is not None:
            held = moved
    return LessonState(
        status=origin.status,
        date=held.date,
        lesson_number=held.lesson_number,
        room="" if origin.status == "cancelled" else await room_of(session, held),
        teacher="" if origin.status == "cancelled" else await _teacher_of(session, held),
    )


async def lesson_end(session: AsyncSession, school_id: int, day: dt.date, number: int) -> dt.datetime:
    """When a lesson of that number on that day is over (the day's end, for a number with no bell)."""
    zone = ZoneInfo(await session.scalar(select(School.timezone).where(School.id == school_id)) or "UTC")
    ends = await session.scalar(
        select(Bell.ends_at).where(Bell.school_id == school_id, Bell.lesson_number == number)
    )
    local = dt.datetime.combine(day, ends or dt.time(23, 59), tzinfo=zone)
    return local.astimezone(dt.UTC)


async def tell_families(
    session: AsyncSession, origin: Lesson, before: LessonState, after: LessonState, *, now: dt.datetime
) -> int:
    """One notice per family account of the class (or subgroup), unless nothing they see changed or
    the lesson is over, at both its old and its new place. Returns how many were written."""
    if before == after:
        return 0
    until = max(
        [await lesson_end(session, origin.school_id, s.date, s.lesson_number) for s in (before, after)]
    )
    if until <= now:
        return 0
    recipients = await family_accounts(session, origin)
    if not recipients:
        return 0
    school_class = await session.get(SchoolClass, origin.class_id)
    subject = await session.scalar(select(Subject.name).where(Subject.id == origin.subject_id))
    assert school_class is not None and subject is not None
    event = TimetableChangeNotice(
        class_id=origin.class_id,
        class_label=school_class.label,
        date=origin.date,
        until=until,
        changes=(
            LessonChange(
                lesson_id=origin.id,
                lesson_number=origin.lesson_number,
                subject=subject,
                subgroup=origin.subgroup,
                before=before,
                after=after,
            ),
        ),
    )
    return await enqueue(
        session, school_id=origin.school_id, recipients=recipients, event=event, not_before=now
    )
