"""Factories for tests: a small school built through the real services and models."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from models import Guardian, GuardianLink, SchoolClass, Staff, Student
from services.audit import CLI
from services.schools import create_school, current_year

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


@dataclass
class SmallSchool:
    school_id: int
    coordinator: Staff
    deputy: Staff
    teacher: Staff
    class_teacher: Staff
    class_5b: SchoolClass
    class_7a: SchoolClass
    students_5b: list[Student]
    students_7a: list[Student]
    mothers: dict[int, Guardian]  # student id -> his mother on the roster


def _names(full: str) -> dict[str, str]:
    last, first, middle = full.split()
    return {"last_name": last, "first_name": first, "middle_name": middle}


def _staff(school_id: int, full: str, *, deputy: bool = False, teacher: bool = True) -> Staff:
    return Staff(school_id=school_id, is_deputy=deputy, is_teacher=teacher, **_names(full))


async def _class(
    session: AsyncSession, school_id: int, grade: int, letter: str, teacher: Staff
) -> SchoolClass:
    year = await current_year(session, school_id)
    school_class = SchoolClass(
        school_id=school_id,
        academic_year_id=year.id,
        grade_level=grade,
        letter=letter,
        class_teacher_id=teacher.id,
    )
    session.add(school_class)
    await session.flush()
    return school_class


async def _pupil_with_mother(
    session: AsyncSession, school_class: SchoolClass, full: str
) -> tuple[Student, Guardian]:
    student = Student(school_id=school_class.school_id, class_id=school_class.id, **_names(full))
    surname = student.last_name if student.last_name.endswith("а") else student.last_name + "а"
    mother = Guardian(school_id=school_class.school_id, **_names(f"{surname} Ольга Ивановна"))
    session.add_all([student, mother])
    await session.flush()
    session.add(GuardianLink(guardian_id=mother.id, student_id=student.id))
    return student, mother


async def small_school(session: AsyncSession, name: str = "Лицей №1") -> SmallSchool:
    """Two classes (5Б led by Смирнова, 7А by Кузнецов), three students each, a mother each."""
    created = await create_school(
        session,
        CLI,
        name=name,
        timezone="Europe/Moscow",
        today=NOW.date(),
        coordinator_name="Орлов Максим Евгеньевич",
    )
    school_id = created.school_id
    coordinator = await session.get(Staff, created.coordinator_staff_id)
    assert coordinator is not None
    deputy = _staff(school_id, "Федорова Наталья Ивановна", deputy=True, teacher=False)
    teacher = _staff(school_id, "Попова Ольга Николаевна")
    class_teacher = _staff(school_id, "Смирнова Елена Викторовна")
    other_teacher = _staff(school_id, "Кузнецов Андрей Павлович")
    session.add_all([deputy, teacher, class_teacher, other_teacher])
    await session.flush()
    class_5b = await _class(session, school_id, 5, "Б", class_teacher)
    class_7a = await _class(session, school_id, 7, "А", other_teacher)
    mothers: dict[int, Guardian] = {}
    rosters: dict[int, list[Student]] = {class_5b.id: [], class_7a.id: []}
    for school_class, names in (
        (class_5b, ("Андреев Ярослав Павлович", "Баранова Мария Сергеевна", "Волков Илья Олегович")),
        (class_7a, ("Гусев Роман Игоревич", "Ершова Дарья Андреевна", "Зайцев Лев Павлович")),
    ):
        for full in names:
            student, mother = await _pupil_with_mother(session, school_class, full)
            mothers[student.id] = mother
            rosters[school_class.id].append(student)
    await session.flush()
    return SmallSchool(
        school_id,
        coordinator,
        deputy,
        teacher,
        class_teacher,
        class_5b,
        class_7a,
        rosters[class_5b.id],
        rosters[class_7a.id],
        mothers,
    )
