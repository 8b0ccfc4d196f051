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

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from models import Attendance
from services import audit, trail
from services.audit import Actor
from services.events import AttendanceNotice
from services.lessons import LessonSheet, Presence, SheetStudent, load_sheet, require_editable, with_student
from services.notify import rows as outbox_rows


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
    await _mark_taken(session, actor, sheet, now)
    return sheet


async def all_present(
    session: AsyncSession, actor: Actor, lesson_id: int, *, now: dt.datetime
) -> LessonSheet:
    """«Все присутствуют»: the lesson is taken and nobody is absent or late (one statement clears
    every mark, whatever the class size) but those excused in advance (a parent's absence note):
    their absence was known before the lesson, and a child who came after all is tapped on his own."""
    sheet = await load_sheet(session, actor, lesson_id=lesson_id, every_target=True)
    require_editable(sheet.lesson, now)
    marked = [s for s in sheet.students if s.presence != Presence.PRESENT and not s.excused]
    if marked:
        await session.execute(
            delete(Attendance).where(
                Attendance.lesson_id == lesson_id, Attendance.student_id.in_([s.student_id for s in marked])
            )
        )
    audit_rows, outbox_rows = [], []
    for student in marked:
        audit_row, told = _change(actor, sheet, student, Presence.PRESENT, now)
        audit_rows.append(audit_row)
        outbox_rows.extend(told)
    # One statement for the whole class's trail, whatever its size (the tap's statement budget).
    await trail.write(session, audit_rows, outbox_rows)
    await _mark_taken(session, actor, sheet, now)
    return sheet


_SET = trail.with_change(
    """
    INSERT INTO attendance (lesson_id, student_id, status, excused, author_id, updated_at)
    VALUES (:lesson_id, :student_id, :status, false, :author_id, :now)
    ON CONFLICT (lesson_id, student_id) DO UPDATE
       SET status = EXCLUDED.status, author_id = EXCLUDED.author_id, updated_at = EXCLUDED.updated_at
    RETURNING 1
    """
)
_CLEAR = trail.with_change(
    "DELETE FROM attendance WHERE lesson_id = :lesson_id AND student_id = :student_id RETURNING 1"
)


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
    params: dict[str, object] = {"lesson_id": lesson.lesson_id, "student_id": student.student_id}
    if new != Presence.PRESENT:
        params |= {"status": new.stored, "author_id": lesson.acting_staff_id, "now": now}
    audit_row, told = _change(actor, sheet, student, new, now)
    # The change, its audit row and the family's outbox rows: one statement.
    await trail.write(
        session, [audit_row], told, change=_CLEAR if new == Presence.PRESENT else _SET, change_params=params
    )


def _change(
    actor: Actor, sheet: LessonSheet, student: SheetStudent, new: Presence, now: dt.datetime
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The audit row and the family's outbox rows of one change; the sheet is brought up to date."""
    lesson = sheet.lesson
    audit_row = audit.row(
        actor,
        "attendance.set",
        "attendance",
        f"{lesson.lesson_id}:{student.student_id}",
        school_id=lesson.school_id,
        before=_audit_state(sheet, student, student.presence, student.excused),
        after=_audit_state(sheet, student, new, False if new == Presence.PRESENT else student.excused),
    )
    told = outbox_rows(
        school_id=lesson.school_id,
        recipients=student.recipients,
        event=_notice(sheet, student, new),
        not_before=now + dt.timedelta(minutes=lesson.settings.attendance_delay_minutes),
    )
    with_student(sheet, student, presence=new, excused=False if new == Presence.PRESENT else student.excused)
    return audit_row, told


def _audit_state(
    sheet: LessonSheet, student: SheetStudent, presence: Presence, excused: bool
) -> dict[str, Any]:
    lesson = sheet.lesson
    return {
        "status": presence.stored,
        "excused": excused,
        "student_id": student.student_id,
        "student": student.full_name,
        "lesson_id": lesson.lesson_id,
        "date": lesson.date.isoformat(),
        "subject": lesson.subject,
    }


def _notice(sheet: LessonSheet, student: SheetStudent, new: Presence) -> AttendanceNotice:
    lesson = sheet.lesson
    return AttendanceNotice.model_validate(
        {
            "lesson_id": lesson.lesson_id,
            "student_id": student.student_id,
            "student": student.full_name,
            "status": new.stored or "present",
            "previous": student.presence.stored or "present",
            "subject_id": lesson.subject_id,
            "subject": lesson.subject,
            "date": lesson.date,
            "lesson_number": lesson.lesson_number,
            "class": lesson.class_label,
        }
    )


_TAKE = trail.with_change(
    "UPDATE lesson SET attendance_taken_at = :now WHERE id = :lesson_id AND attendance_taken_at IS NULL"
    " RETURNING 1"
)


async def _mark_taken(session: AsyncSession, actor: Actor, sheet: LessonSheet, now: dt.datetime) -> None:
    """The lesson's attendance is taken (the first tap or «Все присутствуют»); audited, since a lesson
    where everybody came leaves no other trace of who checked."""
    lesson = sheet.lesson
    if lesson.attendance_taken:
        return
    taken = audit.row(
        actor,
        "attendance.taken",
        "lesson",
        lesson.lesson_id,
        school_id=lesson.school_id,
        after={"lesson_id": lesson.lesson_id, "date": lesson.date.isoformat(), "subject": lesson.subject},
    )
    await trail.write(
        session, [taken], [], change=_TAKE, change_params={"lesson_id": lesson.lesson_id, "now": now}
    )
    sheet.lesson = replace(lesson, attendance_taken=True)
