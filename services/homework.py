"""Homework and the lesson's topic.

Homework is text plus photos or documents (kept as Telegram file ids: Telegram keeps the bytes),
due by default on the next lesson of the subject for the class by the timetable. The class's
students and their parents are told of new and changed homework.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Homework, Lesson
from services import audit
from services.audit import Actor
from services.errors import InvalidInput
from services.events import HomeworkNotice
from services.lessons import LessonInfo, LessonSheet, load_sheet, require_editable
from services.notify import enqueue
from services.school_calendar import calendar

TEXT_LIMIT = 3000  # leaves room in a 4096-character message for the header a family sees
TOPIC_LIMIT = 200
ATTACHMENTS_LIMIT = 10
LOOKAHEAD_DAYS = 28


@dataclass(frozen=True)
class Attachment:
    file_id: str
    kind: str  # "photo" or "document"
    name: str = ""
    # Telegram's file_unique_id: the same photo sent twice (an album resent, a retried update) has
    # a new file_id but the same unique id, and is kept once.
    unique_id: str = ""

    def dump(self) -> dict[str, str]:
        return {"file_id": self.file_id, "kind": self.kind, "name": self.name, "unique_id": self.unique_id}


@dataclass(frozen=True)
class HomeworkView:
    lesson: LessonInfo
    homework_id: int | None
    text: str | None
    due_on: dt.date
    attachments: tuple[Attachment, ...]
    next_lessons: tuple[dt.date, ...]  # the dates homework can be due on, by the timetable


_NEXT_LESSONS = text(
    """
    SELECT weekday, valid_from, valid_to FROM timetable_slot
     WHERE class_id = :class_id AND subject_id = :subject_id AND subgroup = :subgroup
       AND (valid_to IS NULL OR valid_to > :after)
    """
)


def _due_base(lesson: LessonInfo, now: dt.datetime) -> dt.date:
    """Homework is due after the lesson and after today: homework entered on Thursday for Monday's
    lesson (inside the edit window) is due on the next lesson from now, not on Tuesday gone by."""
    return max(lesson.date, now.astimezone(lesson.zone).date())


async def next_lesson_dates(
    session: AsyncSession, lesson: LessonInfo, now: dt.datetime, count: int = 3
) -> tuple[dt.date, ...]:
    """The next days this subject is taught to this class (or subgroup), after the lesson's day
    and after today."""
    base = _due_base(lesson, now)
    slots = (
        await session.execute(
            _NEXT_LESSONS,
            {
                "class_id": lesson.class_id,
                "subject_id": lesson.subject_id,
                "subgroup": lesson.subgroup,
                "after": base,
            },
        )
    ).all()
    # A day off has no lessons, a moved working day those of the weekday it runs.
    days = await calendar(session, lesson.school_id, base, base + dt.timedelta(days=LOOKAHEAD_DAYS))
    dates: list[dt.date] = []
    for offset in range(1, LOOKAHEAD_DAYS + 1):
        day = base + dt.timedelta(days=offset)
        if any(
            s.weekday == days.weekday(day)
            and s.valid_from <= day
            and (s.valid_to is None or s.valid_to >= day)
            for s in slots
        ):
            dates.append(day)
            if len(dates) == count:
                break
    return tuple(dates)


async def homework_of(session: AsyncSession, lesson: LessonInfo, now: dt.datetime) -> HomeworkView:
    """The homework of a lesson already loaded (and so already checked for this teacher)."""
    return await _view(session, lesson, await _current(session, lesson.lesson_id), now)


async def _current(session: AsyncSession, lesson_id: int) -> Homework | None:
    return await session.scalar(select(Homework).where(Homework.lesson_id == lesson_id).order_by(Homework.id))


async def _view(
    session: AsyncSession, lesson: LessonInfo, homework: Homework | None, now: dt.datetime
) -> HomeworkView:
    next_lessons = await next_lesson_dates(session, lesson, now)
    default_due = next_lessons[0] if next_lessons else _due_base(lesson, now) + dt.timedelta(days=1)
    return HomeworkView(
        lesson=lesson,
        homework_id=homework.id if homework else None,
        text=homework.text if homework else None,
        due_on=homework.due_on if homework else default_due,
        attachments=_attachments(homework),
        next_lessons=next_lessons,
    )


def _attachments(homework: Homework | None) -> tuple[Attachment, ...]:
    return tuple(
        Attachment(a["file_id"], a["kind"], a.get("name", ""), a.get("unique_id", ""))
        for a in (homework.attachments if homework else [])
    )


async def save(
    session: AsyncSession,
    actor: Actor,
    lesson_id: int,
    *,
    now: dt.datetime,
    text_value: str | None = None,
    attachment: Attachment | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> HomeworkView:
    """New text replaces the old one; attachments are added (`attachment`, and `attachments`: files
    that came before the text and waited for it). A file alone adds to homework that has a text; a
    new homework needs one (the handler waits for it, or takes «без текста» as one)."""
    sheet = await load_sheet(session, actor, lesson_id=lesson_id, every_target=True)
    require_editable(sheet.lesson, now)
    if text_value is not None:
        text_value = text_value.strip()
        if not text_value or len(text_value) > TEXT_LIMIT:
            raise InvalidInput("homework-text", limit=TEXT_LIMIT)
    added = [*attachments, *([attachment] if attachment is not None else [])]
    homework = await _current(session, lesson_id)
    if homework is not None and _changes_nothing(homework, text_value, added):
        return await _view(session, sheet.lesson, homework, now)  # a repeated message: told already
    before = _state(homework)
    if homework is None:
        if text_value is None:
            raise InvalidInput("homework-missing")
        view = await _view(session, sheet.lesson, None, now)
        homework = Homework(
            school_id=sheet.lesson.school_id,
            class_id=sheet.lesson.class_id,
            subject_id=sheet.lesson.subject_id,
            lesson_id=lesson_id,
            subgroup=sheet.lesson.subgroup,
            due_on=view.due_on,
            text=text_value,
            attachments=[],
            author_id=sheet.lesson.acting_staff_id,
        )
        session.add(homework)
    elif text_value is not None:
        homework.text = text_value
    known = {a.unique_id for a in _attachments(homework) if a.unique_id}
    for file in added:
        if file.unique_id and file.unique_id in known:
            continue  # the same photo sent twice is kept once
        if len(homework.attachments) >= ATTACHMENTS_LIMIT:
            raise InvalidInput("homework-attachments", limit=ATTACHMENTS_LIMIT)
        homework.attachments = [*homework.attachments, file.dump()]
        known.add(file.unique_id)
    homework.updated_at = now
    await session.flush()
    await _changed(session, actor, sheet, homework, before, now)
    return await _view(session, sheet.lesson, homework, now)


def _changes_nothing(homework: Homework, text_value: str | None, added: list[Attachment]) -> bool:
    same_text = text_value is None or text_value == homework.text
    known = {a.unique_id for a in _attachments(homework) if a.unique_id}
    same_files = all(bool(file.unique_id) and file.unique_id in known for file in added)
    return same_text and same_files


async def set_due(
    session: AsyncSession, actor: Actor, lesson_id: int, due_on: dt.date, *, now: dt.datetime
) -> HomeworkView:
    sheet = await load_sheet(session, actor, lesson_id=lesson_id, every_target=True)
    require_editable(sheet.lesson, now)
    homework = await _current(session, lesson_id)
    if homework is None:
        raise InvalidInput("homework-missing")
    base = _due_base(sheet.lesson, now)
    if not base < due_on <= base + dt.timedelta(days=LOOKAHEAD_DAYS):
        raise InvalidInput("homework-due", value=due_on.isoformat())
    if due_on != homework.due_on:
        before = _state(homework)
        homework.due_on = due_on
        homework.updated_at = now
        await _changed(session, actor, sheet, homework, before, now)
    return await _view(session, sheet.lesson, homework, now)


async def remove(session: AsyncSession, actor: Actor, lesson_id: int, *, now: dt.datetime) -> HomeworkView:
    """Removed homework is removed for the families too: they were told of it, so they are told
    it is gone (the sender drops both if neither has gone out yet)."""
    sheet = await load_sheet(session, actor, lesson_id=lesson_id, every_target=True)
    require_editable(sheet.lesson, now)
    homework = await _current(session, lesson_id)
    if homework is not None:
        await _changed(session, actor, sheet, homework, _state(homework), now, removed=True)
        await session.delete(homework)
        await session.flush()
    return await _view(session, sheet.lesson, None, now)


def _state(homework: Homework | None) -> dict[str, Any] | None:
    """Homework as the audit log keeps it (whole: the row may be gone later)."""
    if homework is None:
        return None
    return {
        "lesson_id": homework.lesson_id,
        "class_id": homework.class_id,
        "subject_id": homework.subject_id,
        "text": homework.text,
        "due_on": homework.due_on.isoformat(),
        "attachments": [a.get("unique_id") or a["file_id"] for a in homework.attachments],
    }


async def _changed(
    session: AsyncSession,
    actor: Actor,
    sheet: LessonSheet,
    homework: Homework,
    before: dict[str, Any] | None,
    now: dt.datetime,
    *,
    removed: bool = False,
) -> None:
    lesson = sheet.lesson
    event = "removed" if removed else "created" if before is None else "changed"
    await audit.record(
        session,
        actor,
        f"homework.{event}",
        "homework",
        homework.id,
        school_id=lesson.school_id,
        before=before,
        after=None if removed else _state(homework),
    )
    recipients = [r for student in sheet.students for r in student.recipients]
    notice = HomeworkNotice.model_validate(
        {
            "event": event,
            "homework_id": homework.id,
            "lesson_id": lesson.lesson_id,
            "subject_id": lesson.subject_id,
            "subject": lesson.subject,
            "class": lesson.class_label,
            "due_on": homework.due_on,
            "text": homework.text,
            "attachments": homework.attachments,
        }
    )
    await enqueue(session, school_id=lesson.school_id, recipients=recipients, event=notice, not_before=now)


async def set_topic(
    session: AsyncSession, actor: Actor, lesson_id: int, topic: str, *, now: dt.datetime
) -> LessonInfo:
    sheet = await load_sheet(session, actor, lesson_id=lesson_id)
    require_editable(sheet.lesson, now)
    topic = " ".join(topic.split())  # one line, as the journal keeps it
    if not topic or len(topic) > TOPIC_LIMIT:
        raise InvalidInput("topic", limit=TOPIC_LIMIT)
    if topic == sheet.lesson.topic:
        return sheet.lesson
    await session.execute(update(Lesson).where(Lesson.id == lesson_id).values(topic=topic))
    await audit.record(
        session,
        actor,
        "lesson.topic",
        "lesson",
        lesson_id,
        school_id=sheet.lesson.school_id,
        before={"topic": sheet.lesson.topic},
        after={"topic": topic},
    )
    return replace(sheet.lesson, topic=topic)
