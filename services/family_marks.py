"""One child's marks in one subject for the current period: what a pushed message's button opens.

Read-only, and only for the child's own family (or the student himself): any other id, forged or
stale, is refused the same way whether it exists or not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Lesson, Mark, MarkKind, Staff, Student, Subject
from services.audit import Actor
from services.errors import AccessDenied
from services.family import ChildRow, children_of
from services.family_views import current_period, periods_of
from services.grading import Needed, Weighted, needed
from services.school_settings import SchoolSettings


@dataclass(frozen=True)
class MarkLine:
    date: dt.date
    value: int
    kind: str
    weight: float
    comment: str | None
    teacher: str


@dataclass(frozen=True)
class SubjectMarks:
    child: ChildRow
    subject: str
    period_number: int | None
    period_kind: str | None
    marks: list[MarkLine]
    settings: SchoolSettings

    @property
    def needed(self) -> Needed | None:
        """How many more 5s (or 4s) reach the next final mark, in everyday marks (weight 1)."""
        return needed([Weighted(mark.value, mark.weight) for mark in self.marks], self.settings)

    @property
    def weighted_average(self) -> float | None:
        total = sum(mark.weight for mark in self.marks)
        if not total:
            return None
        return sum(mark.value * mark.weight for mark in self.marks) / total


async def subject_marks(
    session: AsyncSession, actor: Actor, student_id: int, subject_id: int, now: dt.datetime
) -> SubjectMarks:
    child = next((c for c in await children_of(session, actor) if c.student_id == student_id), None)
    if child is None:
        raise AccessDenied()
    subject = await session.scalar(
        select(Subject.name)
        .join(Student, Student.school_id == Subject.school_id)
        .where(Subject.id == subject_id, Student.id == student_id)
    )
    if subject is None:
        raise AccessDenied()
    periods, zone, settings = await periods_of(session, student_id)
    period = current_period(periods, now.astimezone(zone).date())
    query = (
        select(Lesson.date, Mark.value, MarkKind.name, MarkKind.weight, Mark.comment, Staff)
        .join(Lesson, Lesson.id == Mark.lesson_id)
        .join(MarkKind, MarkKind.id == Mark.kind_id)
        .outerjoin(Staff, Staff.id == Mark.author_id)
        .where(Mark.student_id == student_id, Lesson.subject_id == subject_id)
        .order_by(Lesson.date, Lesson.lesson_number, Mark.id)
    )
    query = query.where(and_(Lesson.date >= period.starts_on, Lesson.date <= period.ends_on))
    rows = (await session.execute(query)).all()
    marks = [
        MarkLine(date, value, kind, float(weight), comment, staff.short_name if staff else "")
        for date, value, kind, weight, comment, staff in rows
    ]
    return SubjectMarks(
        child,
        subject,
        period.number,
        period.kind,
        marks,
        settings,
    )
