"""The teacher nudge: at the school's nudge time, every teacher whose lessons of the day still miss
attendance, homework or topic gets one message listing them; the next morning a last reminder for
what is still missing. A teacher with nothing missing gets nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.events import NudgeNotice
from services.lessons import ensure_school_lessons
from services.notify import enqueue_rows, rows

# A school day is a day inside one of the year's terms (trimesters, quarters...): holidays between
# them get no lessons and no nudges.
_IS_SCHOOL_DAY = text("""
    SELECT EXISTS (
        SELECT 1 FROM period p
        WHERE p.school_id = :school_id AND p.kind <> 'year' AND :day BETWEEN p.starts_on AND p.ends_on)
""")

# The day's lessons with something missing, with the Telegram account of whoever fills them (the
# substitute of a covered lesson, otherwise its teacher), for staff who joined the bot. A cancelled
# lesson, and one moved away, are not filled: only the moved one's new place is asked about.
_MISSING = text("""
    SELECT s.tg_user_id, l.id, l.lesson_number, c.grade_level, c.letter, sub.name AS subject,
           l.attendance_taken_at IS NULL AS no_attendance,
           NOT EXISTS (SELECT 1 FROM homework h WHERE h.lesson_id = l.id) AS no_homework,
           coalesce(btrim(l.topic), '') = '' AS no_topic
      FROM lesson l
      JOIN staff s ON s.id = coalesce(l.substitute_teacher_id, l.teacher_id)
      JOIN school_class c ON c.id = l.class_id
      JOIN subject sub ON sub.id = l.subject_id
     WHERE l.school_id = :school_id AND l.date = :day AND s.tg_user_id IS NOT NULL AND l.status = 'scheduled'
       AND (l.attendance_taken_at IS NULL OR coalesce(btrim(l.topic), '') = ''
            OR NOT EXISTS (SELECT 1 FROM homework h WHERE h.lesson_id = l.id))
     ORDER BY s.tg_user_id, l.lesson_number, c.grade_level, c.letter
""")

MISSING_PARTS = ("attendance", "homework", "topic")


async def nudge_teachers(
    session: AsyncSession, school_id: int, day: dt.date, *, now: dt.datetime, last: bool, run_key: str
) -> int:
    """One message per teacher listing his lessons of `day` still missing something; returns how many
    teachers were told. `last`: the next morning's final reminder. `run_key` names the run, so the
    same run never writes a teacher's message twice."""
    if not await session.scalar(_IS_SCHOOL_DAY, {"school_id": school_id, "day": day}):
        return 0
    if not last:  # the morning after, the day's lessons already exist
        # Lessons nobody opened are made from the timetable: the message names (and opens) them too.
        await ensure_school_lessons(session, school_id, day, day)
    lessons: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in await session.execute(_MISSING, {"school_id": school_id, "day": day}):
        missing = [
            part
            for part, gap in zip(
                MISSING_PARTS, (row.no_attendance, row.no_homework, row.no_topic), strict=True
            )
            if gap
        ]
        lessons[row.tg_user_id].append(
            {
                "lesson_id": row.id,
                "lesson_number": row.lesson_number,
                "class": f"{row.grade_level}{row.letter}",
                "subject": row.subject,
                "missing": missing,
            }
        )
    batch = [
        outbox_row
        for account, listed in lessons.items()
        for outbox_row in rows(
            school_id=school_id,
            recipients=[account],
            event=NudgeNotice.model_validate({"date": day, "last": last, "lessons": listed}),
            not_before=now,
            event_key=run_key,
        )
    ]
    await enqueue_rows(session, batch)
    return len(batch)
