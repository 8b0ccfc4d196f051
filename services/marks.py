"""Marks: give, change, remove, comment — and save a batch typed as text.

Each mark carries an entry key from the screen it was given on. A double tap, or an update
delivered twice, brings the same key again and the unique (lesson, student, entry key) makes it
one mark. Grade 1 gets no marks (the regulation). Every change writes its audit row and its outbox
rows for the family, which the sender holds back for the school's correction window.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from models import Mark
from services import audit, trail
from services.audit import Actor
from services.errors import AccessDenied, InvalidInput, ServiceError
from services.events import MarkNotice
from services.lessons import LessonSheet, SheetMark, SheetStudent, load_sheet, require_editable, with_student
from services.notify import new_event_key
from services.notify import rows as outbox_rows

VALUES = (1, 2, 3, 4, 5)
COMMENT_LIMIT = 300


def new_entry_key() -> str:
    """A short random key for one rendering of a marks screen (36 bits: unique per lesson and student)."""
    return secrets.token_urlsafe(6)


@dataclass(frozen=True)
class MarkOutcome:
    sheet: LessonSheet
    mark: SheetMark | None  # None: nothing was created (a repeated tap)
    student: SheetStudent


async def marks_sheet(session: AsyncSession, actor: Actor, lesson_id: int) -> LessonSheet:
    sheet = await load_sheet(session, actor, lesson_id=lesson_id)
    _require_marks(sheet)
    return sheet


def _require_marks(sheet: LessonSheet) -> None:
    if not sheet.lesson.marks_allowed:
        raise ServiceError("grade-one-no-marks")
    if not sheet.kinds:
        raise ServiceError("no-mark-kinds")


# A mark, its audit row and the family's outbox rows in one statement (one round trip per tap).
# On a repeated entry key nothing is inserted, and so no audit or outbox row either.
_GIVE = text(
    """
    WITH m AS (
        INSERT INTO mark (school_id, lesson_id, student_id, kind_id, value, author_id, entry_key)
        VALUES (:school_id, :lesson_id, :student_id, :kind_id, :value, :author_id, :entry_key)
        ON CONFLICT (lesson_id, student_id, entry_key) DO NOTHING
        RETURNING id
    ),
    audited AS (
        INSERT INTO audit_log (school_id, actor_tg_user_id, actor, action, entity, entity_id, before, after)
        SELECT :school_id, :actor_tg, :actor, 'mark.created', 'mark', m.id::text, NULL, CAST(:after AS jsonb)
          FROM m
    ),
    told AS (
        INSERT INTO outbox (school_id, tg_user_id, kind, payload, dedupe_key, not_before)
        SELECT :school_id, r, 'mark', jsonb_set(CAST(:payload AS jsonb), '{mark_id}', to_jsonb(m.id)),
               :event || ':' || r, :not_before
          FROM m CROSS JOIN unnest(CAST(:recipients AS bigint[])) AS r
    )
    SELECT id FROM m
    """
)


async def give(
    session: AsyncSession,
    actor: Actor,
    lesson_id: int,
    student_id: int,
    value: int,
    kind_id: int,
    entry_key: str,
    *,
    now: dt.datetime,
) -> MarkOutcome:
    sheet = await load_sheet(session, actor, lesson_id=lesson_id, targets=[student_id])
    _require_marks(sheet)
    require_editable(sheet.lesson, now)
    student = sheet.student(student_id)
    kind = sheet.kind(kind_id)
    if value not in VALUES:
        raise InvalidInput("mark-value", value=str(value))
    draft = SheetMark(0, value, kind.kind_id, None)  # its id comes from the insert
    notice = _notice(sheet, student, "created", draft, None)
    mark_id = await session.scalar(
        _GIVE,
        {
            "school_id": sheet.lesson.school_id,
            "lesson_id": lesson_id,
            "student_id": student_id,
            "kind_id": kind.kind_id,
            "value": value,
            "author_id": sheet.lesson.acting_staff_id,
            "entry_key": entry_key[:24],
            "actor_tg": actor.tg_user_id,
            "actor": actor.label,
            "after": json.dumps(_audit_state(sheet, student, draft), ensure_ascii=False),
            "payload": json.dumps(notice.payload(), ensure_ascii=False),
            "event": f"mark:{new_event_key()}",
            "recipients": list(dict.fromkeys(student.recipients)),
            "not_before": now + dt.timedelta(minutes=sheet.lesson.settings.mark_delay_minutes),
        },
    )
    if mark_id is None:
        return MarkOutcome(sheet, None, student)
    mark = SheetMark(mark_id, value, kind.kind_id, None)
    student = with_student(sheet, student, marks=(*student.marks, mark))
    return MarkOutcome(sheet, mark, student)


async def change(
    session: AsyncSession,
    actor: Actor,
    mark_id: int,
    *,
    now: dt.datetime,
    value: int | None = None,
    kind_id: int | None = None,
    comment: str | None = None,
) -> MarkOutcome:
    """Change a mark's value, kind or comment (whatever is given)."""
    sheet, student, old = await _find(session, actor, mark_id, now)
    new_value = old.value if value is None else value
    if new_value not in VALUES:
        raise InvalidInput("mark-value", value=str(new_value))
    new_kind = old.kind_id if kind_id is None else sheet.kind(kind_id).kind_id
    new_comment = old.comment if comment is None else (comment.strip()[:COMMENT_LIMIT] or None)
    new = SheetMark(old.mark_id, new_value, new_kind, new_comment)
    if new == old:
        return MarkOutcome(sheet, old, student)
    await session.execute(
        update(Mark)
        .where(Mark.id == mark_id)
        .values(value=new.value, kind_id=new.kind_id, comment=new.comment, updated_at=now)
    )
    await _changed(session, actor, sheet, student, "changed", new, old, now)
    marks = tuple(new if m.mark_id == mark_id else m for m in student.marks)
    student = with_student(sheet, student, marks=marks)
    return MarkOutcome(sheet, new, student)


async def remove(session: AsyncSession, actor: Actor, mark_id: int, *, now: dt.datetime) -> MarkOutcome:
    sheet, student, old = await _find(session, actor, mark_id, now)
    await session.execute(delete(Mark).where(Mark.id == mark_id))
    await _changed(session, actor, sheet, student, "removed", None, old, now)
    student = with_student(sheet, student, marks=tuple(m for m in student.marks if m.mark_id != mark_id))
    return MarkOutcome(sheet, None, student)


async def mark_in_sheet(
    session: AsyncSession, actor: Actor, mark_id: int
) -> tuple[LessonSheet, SheetStudent, SheetMark]:
    """A mark with its lesson, for the screen that edits it (checked like any change)."""
    sheet = await load_sheet(session, actor, mark_id=mark_id)  # the mark's student is a target
    for student in sheet.students:
        for mark in student.marks:
            if mark.mark_id == mark_id:
                return sheet, student, mark
    raise AccessDenied()


async def _find(
    session: AsyncSession, actor: Actor, mark_id: int, now: dt.datetime
) -> tuple[LessonSheet, SheetStudent, SheetMark]:
    sheet, student, mark = await mark_in_sheet(session, actor, mark_id)
    require_editable(sheet.lesson, now)
    return sheet, student, mark


@dataclass(frozen=True)
class TypedMark:
    student_id: int
    value: int
    kind_id: int


async def give_many(
    session: AsyncSession,
    actor: Actor,
    lesson_id: int,
    typed: Sequence[TypedMark],
    entry_key: str,
    *,
    now: dt.datetime,
) -> int:
    """Save the marks a teacher typed and confirmed; the confirm button's key makes a second press
    (or a repeated update) save nothing more. Returns how many marks were created."""
    sheet = await load_sheet(session, actor, lesson_id=lesson_id, every_target=True)
    _require_marks(sheet)
    require_editable(sheet.lesson, now)
    rows = [
        {
            "school_id": sheet.lesson.school_id,
            "lesson_id": lesson_id,
            "student_id": sheet.student(m.student_id).student_id,
            "kind_id": sheet.kind(m.kind_id).kind_id,
            "value": m.value,
            "author_id": sheet.lesson.acting_staff_id,
            "entry_key": f"{entry_key[:16]}.{index}",
        }
        for index, m in enumerate(typed)
        if m.value in VALUES
    ]
    if not rows:
        return 0
    created = (
        await session.execute(
            insert(Mark)
            .values(rows)
            .on_conflict_do_nothing(index_elements=[Mark.lesson_id, Mark.student_id, Mark.entry_key])
            .returning(Mark.id, Mark.student_id, Mark.value, Mark.kind_id)
        )
    ).all()
    audit_rows, outbox_rows = [], []
    for mark_id, student_id, value, kind_id in created:
        mark = SheetMark(mark_id, value, kind_id, None)
        audit_row, told = _event_rows(actor, sheet, sheet.student(student_id), "created", mark, None, now)
        audit_rows.append(audit_row)
        outbox_rows.extend(told)
    await trail.write(session, audit_rows, outbox_rows)
    return len(created)


async def _changed(
    session: AsyncSession,
    actor: Actor,
    sheet: LessonSheet,
    student: SheetStudent,
    event: str,
    new: SheetMark | None,
    old: SheetMark | None,
    now: dt.datetime,
) -> None:
    audit_row, told = _event_rows(actor, sheet, student, event, new, old, now)
    await trail.write(session, [audit_row], told)


def _event_rows(
    actor: Actor,
    sheet: LessonSheet,
    student: SheetStudent,
    event: str,
    new: SheetMark | None,
    old: SheetMark | None,
    now: dt.datetime,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The audit row and the outbox rows of one mark event. The family hears after the correction
    window: a mark fixed inside it is sent once with its final value (the sender coalesces by mark)."""
    lesson = sheet.lesson
    changed = new or old
    assert changed is not None
    audit_row = audit.row(
        actor,
        f"mark.{event}",
        "mark",
        changed.mark_id,
        school_id=lesson.school_id,
        before=_audit_state(sheet, student, old),
        after=_audit_state(sheet, student, new),
    )
    delay = dt.timedelta(minutes=lesson.settings.mark_delay_minutes)
    told = outbox_rows(
        school_id=lesson.school_id,
        recipients=student.recipients,
        event=_notice(sheet, student, event, new, old),
        not_before=now + delay,
    )
    return audit_row, told


def _notice(
    sheet: LessonSheet, student: SheetStudent, event: str, new: SheetMark | None, old: SheetMark | None
) -> MarkNotice:
    """What the family's message is made of (the sender renders it)."""
    lesson = sheet.lesson
    changed = new or old
    assert changed is not None
    return MarkNotice.model_validate(
        {
            "event": event,
            "mark_id": changed.mark_id,
            "student_id": student.student_id,
            "student": student.full_name,
            "lesson_id": lesson.lesson_id,
            "subject_id": lesson.subject_id,
            "subject": lesson.subject,
            "date": lesson.date,
            "class": lesson.class_label,
            "teacher_id": lesson.acting_staff_id,
            "mark": _mark_state(sheet, new),
            "previous": _mark_state(sheet, old),
        }
    )


def _audit_state(sheet: LessonSheet, student: SheetStudent, mark: SheetMark | None) -> dict[str, Any] | None:
    """A mark as the audit log keeps it: whose, in which lesson, by whom. The row stands alone, so a
    removed mark can still be told apart from the others of that lesson years later."""
    state = _mark_state(sheet, mark)
    if state is None:
        return None
    lesson = sheet.lesson
    return {
        **state,
        "student_id": student.student_id,
        "student": student.full_name,
        "lesson_id": lesson.lesson_id,
        "date": lesson.date.isoformat(),
        "subject": lesson.subject,
        "teacher_id": lesson.acting_staff_id,
    }


def _mark_state(sheet: LessonSheet, mark: SheetMark | None) -> dict[str, Any] | None:
    if mark is None:
        return None
    kind = sheet.kind(mark.kind_id)
    return {
        "value": mark.value,
        "kind": kind.name,
        "kind_short": kind.short_name,
        "weight": kind.weight,
        "comment": mark.comment,
    }
