"""Classes as the administration and class teachers see them: who is in, who has joined."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import AcademicYear, Guardian, GuardianLink, SchoolClass, Staff, Student
from models.enums import Role
from services import access
from services.audit import Actor
from services.errors import InvalidInput
from services.names import name_key, normalize, parse_class_label
from services.schools import current_year


@dataclass(frozen=True)
class ClassJoinRow:
    class_id: int
    label: str
    class_teacher: str | None
    students: int
    students_joined: int
    families_joined: int  # students with at least one parent in the bot


@dataclass(frozen=True)
class ParentRow:
    guardian_id: int
    full_name: str
    joined: bool


@dataclass(frozen=True)
class StudentRow:
    student_id: int
    full_name: str
    joined: bool
    parents: tuple[ParentRow, ...]

    @property
    def parents_joined(self) -> int:
        return sum(parent.joined for parent in self.parents)


@dataclass(frozen=True)
class ClassRoster:
    class_id: int
    label: str
    students: tuple[StudentRow, ...]
    may_issue: bool = True  # False for a deputy: he sees who joined, the class teacher gives the links


async def join_overview(session: AsyncSession, actor: Actor, school_id: int) -> list[ClassJoinRow]:
    """Per class: how many students and families are in the bot. Three statements for the school."""
    access.require_any_role(actor, (Role.COORDINATOR, Role.DEPUTY), school_id)
    year = await current_year(session, school_id)
    classes = (
        await session.execute(
            select(SchoolClass, Staff)
            .outerjoin(Staff, Staff.id == SchoolClass.class_teacher_id)
            .where(SchoolClass.academic_year_id == year.id)
            .order_by(SchoolClass.grade_level, SchoolClass.letter)
        )
    ).all()
    family_joined = (
        select(GuardianLink.student_id)
        .join(Guardian, Guardian.id == GuardianLink.guardian_id)
        .where(Guardian.tg_user_id.is_not(None))
        .distinct()
        .subquery()
    )
    counts = await session.execute(
        select(
            Student.class_id,
            func.count(Student.id),
            func.count(Student.tg_user_id),
            func.count(family_joined.c.student_id),
        )
        .outerjoin(family_joined, family_joined.c.student_id == Student.id)
        .where(Student.school_id == school_id)
        .group_by(Student.class_id)
    )
    by_class = {class_id: (total, joined, families) for class_id, total, joined, families in counts}
    return [
        ClassJoinRow(c.id, c.label, teacher.short_name if teacher else None, *by_class.get(c.id, (0, 0, 0)))
        for c, teacher in classes
    ]


async def class_roster(session: AsyncSession, actor: Actor, class_id: int) -> ClassRoster:
    school_class = await access.class_for_family_view(session, actor, class_id)
    students = (await session.scalars(select(Student).where(Student.class_id == class_id))).all()
    students = sorted(
        students, key=lambda st: (*name_key(st.last_name, st.first_name, st.middle_name), st.id)
    )
    parents = await _parents_of([s.id for s in students], session)
    return ClassRoster(
        school_class.id,
        school_class.label,
        tuple(
            StudentRow(s.id, s.full_name, s.tg_user_id is not None, tuple(parents.get(s.id, ())))
            for s in students
        ),
        access.may_admin_families(actor, school_class),
    )


async def student_row(session: AsyncSession, actor: Actor, student_id: int) -> tuple[StudentRow, int]:
    """One student of the class teacher's class, with his parents; and the class id."""
    student = await access.student_for_family_admin(session, actor, student_id)
    parents = await _parents_of([student.id], session)
    row = StudentRow(
        student.id, student.full_name, student.tg_user_id is not None, tuple(parents.get(student.id, ()))
    )
    return row, student.class_id


async def _parents_of(student_ids: list[int], session: AsyncSession) -> dict[int, list[ParentRow]]:
    if not student_ids:
        return {}
    rows = await session.execute(
        select(GuardianLink.student_id, Guardian)
        .join(Guardian, Guardian.id == GuardianLink.guardian_id)
        .where(GuardianLink.student_id.in_(student_ids))
        .order_by(Guardian.id)
    )
    parents: dict[int, list[ParentRow]] = defaultdict(list)
    for student_id, guardian in rows:
        parents[student_id].append(
            ParentRow(guardian.id, guardian.full_name, guardian.tg_user_id is not None)
        )
    return parents


async def find_class(
    session: AsyncSession, school_id: int, label: str, year_name: str | None = None
) -> SchoolClass:
    """For the CLI: «7А» in the school's current year, or in the year named («2026/2027»)."""
    parsed = parse_class_label(label)
    if year_name is None:
        year_id = (await current_year(session, school_id)).id
    else:
        found = await session.scalar(
            select(AcademicYear.id).where(AcademicYear.school_id == school_id, AcademicYear.name == year_name)
        )
        if found is None:
            raise InvalidInput("year-unknown", value=year_name)
        year_id = found
    school_class = await session.scalar(
        select(SchoolClass).where(
            SchoolClass.academic_year_id == year_id,
            SchoolClass.grade_level == parsed.grade_level,
            SchoolClass.letter == parsed.letter,
        )
    )
    if school_class is None:
        raise InvalidInput("class-unknown", value=parsed.text)
    return school_class


async def find_student(session: AsyncSession, class_id: int, full_name: str) -> Student:
    key = normalize(full_name)
    students = (await session.scalars(select(Student).where(Student.class_id == class_id))).all()
    matches = [s for s in students if normalize(s.full_name) == key]
    if not matches:
        # Surname and name are enough when they are unique in the class.
        matches = [s for s in students if normalize(f"{s.last_name} {s.first_name}") == key]
    if len(matches) != 1:
        raise InvalidInput("student-unknown" if not matches else "student-ambiguous", value=full_name)
    return matches[0]


async def class_labels(session: AsyncSession, class_ids: list[int]) -> dict[int, str]:
    if not class_ids:
        return {}
    rows = await session.execute(
        select(SchoolClass.id, SchoolClass.grade_level, SchoolClass.letter).where(
            SchoolClass.id.in_(class_ids)
        )
    )
    return {class_id: f"{grade}{letter}" for class_id, grade, letter in rows}


async def list_classes(session: AsyncSession, actor: Actor, school_id: int) -> list[tuple[int, str]]:
    """The current year's classes (id, «5Б») in order, for the administration's pickers."""
    access.require_any_role(actor, (Role.COORDINATOR, Role.DEPUTY), school_id)
    year = await current_year(session, school_id)
    rows = await session.execute(
        select(SchoolClass.id, SchoolClass.grade_level, SchoolClass.letter)
        .where(SchoolClass.academic_year_id == year.id)
        .order_by(SchoolClass.grade_level, SchoolClass.letter)
    )
    return [(class_id, f"{grade}{letter}") for class_id, grade, letter in rows]
