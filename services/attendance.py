"""Attendance: a tap cycles a student through absent, late and present; one tap takes a whole lesson.

Only exceptions are stored (absent, late); "taken" lives on the lesson. Every change writes its
audit row and, for the family, its outbox rows in the same transaction. The new state comes from
what the teacher saw on his screen (the button carries it), so a double tap or an update delivered
twice sets the same state again and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from models import Attendance, Lesson
from services import audit
from services.audit import Actor
from services.lessons import LessonSheet, Presence, SheetStudent, load_sheet, require_editable, with_student
from services.notify import enqueue


async def attendance_sheet(session: AsyncSession, actor: Actor, lesson_id: int) -> LessonSheet:
    return await load_sheet(session, actor, lesson_id=lesson_id)


async def tap(
    session: AsyncSession, actor: Actor, lesson_id: int, student_id: int, shown: Presence, *, now: dt.datetime
) -> LessonSheet:
    """The teacher tapped a student who was shown as `shown`: he moves to the next state."""
    sheet = await load_sheet(session, actor, lesson_id=lesson_id, targets=[student_id])
    require_editable(sheet.lesson, now)
    student = sheet.student(student_id)
    await _set(session, actor, sheet, student, shown.next(), now)
    await _mark_taken(session, sheet, now)
    return sheet


async def all_present(
    session: AsyncSession, actor: Actor, lesson_id: int, *, now: dt.datetime
) -> LessonSheet:
    """«Все присутствуют»: the lesson is taken and nobody is absent or late (one statement clears
    every mark, whatever the class size)."""
    sheet = await load_sheet(session, actor, lesson_id=lesson_id, every_target=True)
    require_editable(sheet.lesson, now)
    marked = [s for s in sheet.students if s.presence != Presence.PRESENT]
    if marked:
        await session.execute(
            delete(Attendance).where(
                Attendance.lesson_id == lesson_id, Attendance.student_id.in_([s.student_id for s in marked])
            )
        )
    for student in marked:
        _record(session, actor, sheet, student, Presence.PRESENT, now)
    await _mark_taken(session, sheet, now)
    return sheet


async def _set(
    session: AsyncSession,
    actor: Actor,
    sheet: LessonSheet,
    student: SheetStudent,
    new: Presence,
    now: dt.datetime,
) -> None:
    if student.presence == new:
        return  # already so: a repeated tap writes nothing and tells nobody
    lesson = sheet.lesson
    if new == Presence.PRESENT:
        await session.execute(
            delete(Attendance).where(
                Attendance.lesson_id == lesson.lesson_id, Attendance.student_id == student.student_id
            )
        )
    else:
        statement = insert(Attendance).values(
            lesson_id=lesson.lesson_id,
            student_id=student.student_id,
            status=new.stored,
            author_id=lesson.acting_staff_id,
            updated_at=now,
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=[Attendance.lesson_id, Attendance.student_id],
                set_={
                    "status": statement.excluded.status,
                    "author_id": statement.excluded.author_id,
                    "updated_at": statement.excluded.updated_at,
                },
            )
        )
    _record(session, actor, sheet, student, new, now)


def _record(
    session: AsyncSession,
    actor: Actor,
    sheet: LessonSheet,
    student: SheetStudent,
    new: Presence,
    now: dt.datetime,
) -> None:
    """The audit row, the family's outbox rows, and the sheet brought up to date."""
    lesson = sheet.lesson
    audit.record(
        session,
        actor,
        "attendance.set",
        "attendance",
        f"{lesson.lesson_id}:{student.student_id}",
        school_id=lesson.school_id,
        before={"status": student.presence.stored},
        after={"status": new.stored},
    )
    enqueue(
        session,
        school_id=lesson.school_id,
        recipients=student.recipients,
        kind="attendance",
        payload=_payload(sheet, student, new),
        not_before=now,
    )
    with_student(sheet, student, presence=new, excused=False if new == Presence.PRESENT else student.excused)


def _payload(sheet: LessonSheet, student: SheetStudent, new: Presence) -> dict[str, Any]:
    lesson = sheet.lesson
    return {
        "lesson_id": lesson.lesson_id,
        "student_id": student.student_id,
        "student": student.full_name,
        "status": new.stored or "present",
        "previous": student.presence.stored or "present",
        "subject": lesson.subject,
        "date": lesson.date.isoformat(),
        "lesson_number": lesson.lesson_number,
        "class": lesson.class_label,
    }


async def _mark_taken(session: AsyncSession, sheet: LessonSheet, now: dt.datetime) -> None:
    if sheet.lesson.attendance_taken:
        return
    await session.execute(
        update(Lesson)
        .where(Lesson.id == sheet.lesson.lesson_id, Lesson.attendance_taken_at.is_(None))
        .values(attendance_taken_at=now)
    )
    sheet.lesson = replace(sheet.lesson, attendance_taken=True)
