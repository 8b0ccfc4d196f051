"""A family's view of itself: which children a parent has (or which student one is)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Guardian, GuardianLink, SchoolClass, Student
from models.enums import Role
from models.people import READ_PAST_DAYS
from services.audit import Actor
from services.names import name_key


@dataclass(frozen=True)
class ChildRow:
    student_id: int
    full_name: str
    first_name: str
    class_id: int
    class_label: str


def still_reads() -> ColumnElement[bool]:
    """At school, or left less than 90 days ago (services/school_year.py): his past is still shown."""
    return or_(Student.graduated_on.is_(None), Student.graduated_on > func.current_date() - READ_PAST_DAYS)


async def children_of(session: AsyncSession, actor: Actor) -> list[ChildRow]:
    """The children of every guardian row of this account, or the student himself; ordered by name."""
    context = actor.context
    if context is None:
        return []
    rows: list[tuple[Student, SchoolClass]] = []
    if context.has(Role.PARENT):
        result = await session.execute(
            select(Student, SchoolClass)
            .join(SchoolClass, SchoolClass.id == Student.class_id)
            .join(GuardianLink, GuardianLink.student_id == Student.id)
            .join(Guardian, Guardian.id == GuardianLink.guardian_id)
            .where(
                Guardian.tg_user_id == context.tg_user_id,
                Guardian.consent_given_at.is_not(None),
                still_reads(),
            )
            .distinct()
        )
        rows.extend(result)
    if context.has(Role.STUDENT):
        result = await session.execute(
            select(Student, SchoolClass)
            .join(SchoolClass, SchoolClass.id == Student.class_id)
            .where(Student.tg_user_id == context.tg_user_id, still_reads())
        )
        rows.extend(result)
    children = {
        student.id: ChildRow(
            student.id, student.full_name, student.first_name, school_class.id, school_class.label
        )
        for student, school_class in rows
    }
    return sorted(children.values(), key=lambda c: name_key(c.full_name))
