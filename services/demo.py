"""A demo school: three classes (one of them grade 1), ~25 students each with parents, nine staff,
a class teacher per class, subjects, a full weekly timetable and trimesters.

Built deterministically (fixed seed), so the same personas exist every time. Running it again on a
database that has the demo school re-issues the personas' links (the old ones stop working).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Bell,
    Guardian,
    GuardianLink,
    School,
    SchoolClass,
    Staff,
    Student,
    Subject,
    TeachingAssignment,
    TimetableSlot,
)
from models.enums import Role
from services import invites
from services.audit import CLI
from services.invites import IssuedInvite
from services.schools import create_school, current_year

DEMO_SCHOOL_NAME = "Демо-лицей №1"
DEMO_TIMEZONE = "Europe/Moscow"
STUDENTS_PER_CLASS = 25

BELLS = (
    (1, dt.time(8, 30), dt.time(9, 15)),
    (2, dt.time(9, 25), dt.time(10, 10)),
    (3, dt.time(10, 30), dt.time(11, 15)),
    (4, dt.time(11, 35), dt.time(12, 20)),
    (5, dt.time(12, 30), dt.time(13, 15)),
    (6, dt.time(13, 25), dt.time(14, 10)),
)

# (key, full name, coordinator, deputy, teacher)
STAFF = (
    ("coordinator", "Орлов Максим Евгеньевич", True, False, True),
    ("deputy", "Федорова Наталья Ивановна", False, True, True),
    ("math", "Смирнова Елена Викторовна", False, False, True),
    ("physics", "Кузнецов Андрей Павлович", False, False, True),
    ("russian", "Попова Ольга Николаевна", False, False, True),
    ("history", "Васильев Дмитрий Сергеевич", False, False, True),
    ("english", "Новикова Татьяна Игоревна", False, False, True),
    ("pe", "Морозов Игорь Владимирович", False, False, True),
    ("primary", "Соколова Марина Александровна", False, False, True),
    ("biology", "Лебедева Анна Михайловна", False, False, True),
)

# class: (grade, letter, class teacher key, lessons per day, [(subject, teacher key, lessons a week)])
CLASSES: tuple[tuple[int, str, str, int, tuple[tuple[str, str, int], ...]], ...] = (
    (
        1,
        "А",
        "primary",
        4,
        (
            ("Русский язык", "primary", 5),
            ("Математика", "primary", 4),
            ("Литературное чтение", "primary", 4),
            ("Окружающий мир", "primary", 2),
            ("Физическая культура", "pe", 2),
            ("Изобразительное искусство", "primary", 1),
            ("Музыка", "primary", 1),
            ("Технология", "primary", 1),
        ),
    ),
    (
        5,
        "Б",
        "math",
        5,
        (
            ("Русский язык", "russian", 5),
            ("Литература", "russian", 3),
            ("Математика", "math", 5),
            ("Английский язык", "english", 3),
            ("История", "history", 2),
            ("Биология", "biology", 1),
            ("Физическая культура", "pe", 2),
            ("Информатика", "coordinator", 1),
            ("География", "biology", 1),
            ("Музыка", "primary", 1),
            ("Изобразительное искусство", "primary", 1),
        ),
    ),
    (
        9,
        "В",
        "physics",
        6,
        (
            ("Алгебра", "math", 3),
            ("Геометрия", "math", 2),
            ("Физика", "physics", 3),
            ("Русский язык", "russian", 3),
            ("Литература", "deputy", 3),
            ("Английский язык", "english", 3),
            ("История", "history", 2),
            ("Биология", "biology", 2),
            ("Химия", "biology", 2),
            ("Информатика", "coordinator", 1),
            ("Физическая культура", "pe", 2),
            ("Обществознание", "history", 1),
            ("География", "biology", 2),
            ("ОБЗР", "pe", 1),
        ),
    ),
)

_MALE_SURNAMES = (
    "Иванов",
    "Петров",
    "Сидоров",
    "Козлов",
    "Волков",
    "Зайцев",
    "Павлов",
    "Семёнов",
    "Голубев",
    "Виноградов",
    "Богданов",
    "Воробьёв",
    "Фролов",
    "Никитин",
    "Медведев",
    "Ершов",
    "Тихонов",
    "Белов",
    "Комаров",
    "Орехов",
    "Киселёв",
    "Макаров",
    "Андреев",
    "Ковалёв",
    "Ильин",
    "Гусев",
    "Титов",
    "Кудрявцев",
    "Баранов",
    "Куликов",
    "Алексеев",
    "Степанов",
    "Яковлев",
    "Сорокин",
    "Романов",
    "Захаров",
    "Борисов",
    "Королёв",
    "Герасимов",
    "Пономарёв",
)
_BOYS = (
    "Александр",
    "Максим",
    "Михаил",
    "Артём",
    "Иван",
    "Даниил",
    "Дмитрий",
    "Кирилл",
    "Андрей",
    "Егор",
    "Никита",
    "Илья",
    "Алексей",
    "Матвей",
    "Тимофей",
    "Роман",
    "Владимир",
    "Ярослав",
    "Фёдор",
    "Лев",
)
_GIRLS = (
    "Анастасия",
    "Мария",
    "Анна",
    "Виктория",
    "Екатерина",
    "Полина",
    "София",
    "Дарья",
    "Алиса",
    "Ксения",
    "Александра",
    "Елизавета",
    "Варвара",
    "Вероника",
    "Арина",
    "Ульяна",
    "Милана",
    "Ева",
    "Василиса",
    "Таисия",
)
_FATHERS = (
    "Сергей",
    "Алексей",
    "Андрей",
    "Дмитрий",
    "Павел",
    "Олег",
    "Игорь",
    "Евгений",
    "Николай",
    "Владимир",
    "Михаил",
    "Константин",
    "Виктор",
    "Юрий",
    "Роман",
)
_MOTHERS = (
    "Елена",
    "Ольга",
    "Татьяна",
    "Наталья",
    "Ирина",
    "Светлана",
    "Юлия",
    "Анна",
    "Марина",
    "Екатерина",
    "Людмила",
    "Оксана",
    "Галина",
    "Вера",
    "Надежда",
)


# Patronymics are not a rule but a table: Дмитрий → Дмитриевич, Игорь → Игоревич, Павел → Павлович.
_PATRONYMIC_STEMS = {
    "Сергей": "Сергеев",
    "Алексей": "Алексеев",
    "Андрей": "Андреев",
    "Дмитрий": "Дмитриев",
    "Павел": "Павлов",
    "Олег": "Олегов",
    "Игорь": "Игорев",
    "Евгений": "Евгеньев",
    "Николай": "Николаев",
    "Владимир": "Владимиров",
    "Михаил": "Михайлов",
    "Константин": "Константинов",
    "Виктор": "Викторов",
    "Юрий": "Юрьев",
    "Роман": "Романов",
}


def _patronymic(father: str, male: bool) -> str:
    return _PATRONYMIC_STEMS[father] + ("ич" if male else "на")


def _feminine(surname: str) -> str:
    return surname + "а"


@dataclass(frozen=True)
class DemoPersona:
    role: Role
    name: str
    token: str
    class_label: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        return {
            "role": self.role.value,
            "name": self.name,
            "token": self.token,
            "class": self.class_label,
            **self.extra,
        }


@dataclass(frozen=True)
class DemoSchool:
    school_id: int
    school_name: str
    personas: dict[str, DemoPersona]


async def build_demo(session: AsyncSession, *, now: dt.datetime, ttl_days: int) -> DemoSchool:
    school_id = await session.scalar(select(School.id).where(School.name == DEMO_SCHOOL_NAME))
    if school_id is None:
        school_id = await _create(session, now)
    return DemoSchool(school_id, DEMO_SCHOOL_NAME, await _personas(session, school_id, now, ttl_days))


async def _create(session: AsyncSession, now: dt.datetime) -> int:
    today = now.astimezone(ZoneInfo(DEMO_TIMEZONE)).date()
    created = await create_school(
        session,
        CLI,
        name=DEMO_SCHOOL_NAME,
        timezone=DEMO_TIMEZONE,
        today=today,
        coordinator_name=STAFF[0][1],
    )
    school_id = created.school_id
    coordinator = await session.get(Staff, created.coordinator_staff_id)
    assert coordinator is not None
    coordinator.is_teacher = True
    staff = {"coordinator": coordinator}
    for key, name, is_coordinator, is_deputy, is_teacher in STAFF[1:]:
        last, first, middle = name.split()
        staff[key] = Staff(
            school_id=school_id,
            last_name=last,
            first_name=first,
            middle_name=middle,
            is_coordinator=is_coordinator,
            is_deputy=is_deputy,
            is_teacher=is_teacher,
        )
        session.add(staff[key])
    for number, starts_at, ends_at in BELLS:
        session.add(Bell(school_id=school_id, lesson_number=number, starts_at=starts_at, ends_at=ends_at))
    await session.flush()
    year = await current_year(session, school_id)
    rng = random.Random(20261128)
    subjects: dict[str, Subject] = {}
    busy: set[tuple[int, int, int]] = set()  # (teacher id, weekday, lesson number)
    families: list[tuple[Student, list[Guardian]]] = []
    for grade, letter, teacher_key, per_day, plan in CLASSES:
        school_class = SchoolClass(
            school_id=school_id,
            academic_year_id=year.id,
            grade_level=grade,
            letter=letter,
            class_teacher_id=staff[teacher_key].id,
        )
        session.add(school_class)
        await session.flush()
        for subject_name, _, _ in plan:
            if subject_name not in subjects:
                subjects[subject_name] = Subject(school_id=school_id, name=subject_name)
                session.add(subjects[subject_name])
        await session.flush()
        _timetable(session, school_class, plan, per_day, staff, subjects, busy, year.starts_on)
        families.extend(_students(session, school_class, rng))
    await session.flush()
    session.add_all(
        GuardianLink(guardian_id=guardian.id, student_id=student.id)
        for student, guardians in families
        for guardian in guardians
    )
    await session.flush()
    return school_id


def _timetable(
    session: AsyncSession,
    school_class: SchoolClass,
    plan: tuple[tuple[str, str, int], ...],
    per_day: int,
    staff: dict[str, Staff],
    subjects: dict[str, Subject],
    busy: set[tuple[int, int, int]],
    valid_from: dt.date,
) -> None:
    """Spread the week's lessons over five days so that no teacher is in two places at once."""
    queue = [(subject, teacher) for subject, teacher, count in plan for _ in range(count)]
    # Interleave subjects so one day is not all Russian: sort by the lesson's ordinal within its subject.
    seen: dict[str, int] = {}
    order = []
    for subject, teacher_key in queue:
        seen[subject] = seen.get(subject, 0) + 1
        order.append((seen[subject], subject, teacher_key))
    pending = [(subject, teacher_key) for _, subject, teacher_key in sorted(order, key=lambda x: x[0])]
    assigned: set[tuple[int, int]] = set()
    for weekday in range(1, 6):
        for number in range(1, per_day + 1):
            if not pending:
                return
            for index, (subject, teacher_key) in enumerate(pending):
                teacher = staff[teacher_key]
                if (teacher.id, weekday, number) not in busy:
                    busy.add((teacher.id, weekday, number))
                    pending.pop(index)
                    session.add(
                        TimetableSlot(
                            school_id=school_class.school_id,
                            class_id=school_class.id,
                            weekday=weekday,
                            lesson_number=number,
                            subject_id=subjects[subject].id,
                            teacher_id=teacher.id,
                            room=str(100 * (1 + school_class.grade_level // 4) + school_class.grade_level),
                            valid_from=valid_from,
                        )
                    )
                    if (subjects[subject].id, teacher.id) not in assigned:
                        assigned.add((subjects[subject].id, teacher.id))
                        session.add(
                            TeachingAssignment(
                                school_id=school_class.school_id,
                                class_id=school_class.id,
                                subject_id=subjects[subject].id,
                                teacher_id=teacher.id,
                            )
                        )
                    break


def _students(
    session: AsyncSession, school_class: SchoolClass, rng: random.Random
) -> list[tuple[Student, list[Guardian]]]:
    """~25 students, each with a mother on the roster and, in a third of the families, a father."""
    families = []
    surnames = rng.sample(_MALE_SURNAMES, STUDENTS_PER_CLASS)
    for index, surname in enumerate(surnames):
        male = index % 2 == 0
        father = rng.choice(_FATHERS)
        first = rng.choice(_BOYS if male else _GIRLS)
        student = Student(
            school_id=school_class.school_id,
            class_id=school_class.id,
            last_name=surname if male else _feminine(surname),
            first_name=first,
            middle_name=_patronymic(father, male),
            birth_date=dt.date(2026 - school_class.grade_level - 6, 1 + index % 12, 1 + index % 28),
        )
        mother = Guardian(
            school_id=school_class.school_id,
            last_name=_feminine(surname),
            first_name=rng.choice(_MOTHERS),
            middle_name=_patronymic(rng.choice(_FATHERS), False),
        )
        session.add_all([student, mother])
        guardians = [mother]
        if index % 3 == 0:  # about a third of the families list both parents
            dad = Guardian(
                school_id=school_class.school_id,
                last_name=surname,
                first_name=father,
                middle_name=_patronymic(rng.choice(_FATHERS), True),
            )
            session.add(dad)
            guardians.append(dad)
        families.append((student, guardians))
    return families


async def _personas(
    session: AsyncSession, school_id: int, now: dt.datetime, ttl_days: int
) -> dict[str, DemoPersona]:
    staff = {
        s.full_name: s for s in (await session.scalars(select(Staff).where(Staff.school_id == school_id)))
    }
    year = await current_year(session, school_id)
    classes = {
        c.label: c
        for c in await session.scalars(select(SchoolClass).where(SchoolClass.academic_year_id == year.id))
    }
    personas: dict[str, DemoPersona] = {}

    async def staff_persona(key: str, full_name: str, role: Role) -> None:
        issued = await invites.issue_staff_invite(
            session, CLI, staff[full_name].id, now=now, ttl_days=ttl_days
        )
        personas[key] = DemoPersona(role, full_name, issued.token)

    await staff_persona("coordinator", STAFF[0][1], Role.COORDINATOR)
    await staff_persona("deputy", STAFF[1][1], Role.DEPUTY)
    await staff_persona("teacher", STAFF[4][1], Role.TEACHER)
    await staff_persona("class_teacher", STAFF[2][1], Role.CLASS_TEACHER)
    personas["class_teacher"].extra["classes"] = ["5Б"]
    await staff_persona("class_teacher_9", STAFF[3][1], Role.CLASS_TEACHER)
    personas["class_teacher_9"].extra["classes"] = ["9В"]
    personas["teacher"].extra["classes"] = ["5Б", "9В"]

    fifth = classes["5Б"]
    first_grade = classes["1А"]
    family = await _first_students(session, fifth.id, 3)
    child, other, third = family
    mother = await _mother_of(session, child.id)
    parent_invite = await invites.issue_parent_invite(
        session, CLI, child.id, guardian_id=mother.id, now=now, ttl_days=ttl_days
    )
    personas["parent"] = DemoPersona(
        Role.PARENT, mother.full_name, parent_invite.token, "5Б", {"children": [child.full_name]}
    )
    student_invite = await invites.issue_student_invite(session, CLI, child.id, now=now, ttl_days=ttl_days)
    personas["student"] = DemoPersona(
        Role.STUDENT, child.full_name, student_invite.token, "5Б", {"parent": mother.full_name}
    )

    # A parent of two: the mother of 5Б's second student also has a child in 1А. Two links, one each.
    second_mother = await _mother_of(session, other.id)
    younger = (await _first_students(session, first_grade.id, 1))[0]
    if await session.get(GuardianLink, (second_mother.id, younger.id)) is None:
        session.add(GuardianLink(guardian_id=second_mother.id, student_id=younger.id))
        await session.flush()
    links: list[IssuedInvite] = [
        await invites.issue_parent_invite(
            session, CLI, kid.id, guardian_id=second_mother.id, now=now, ttl_days=ttl_days
        )
        for kid in (other, younger)
    ]
    personas["parent_two_children"] = DemoPersona(
        Role.PARENT,
        second_mother.full_name,
        links[0].token,
        "5Б",
        {"children": [other.full_name, younger.full_name], "second_child_token": links[1].token},
    )
    # A parent nobody has joined yet, to try the invite link on.
    newcomer = await _mother_of(session, third.id)
    newcomer_invite = await invites.issue_parent_invite(
        session, CLI, third.id, guardian_id=newcomer.id, now=now, ttl_days=ttl_days
    )
    personas["parent_new"] = DemoPersona(
        Role.PARENT, newcomer.full_name, newcomer_invite.token, "5Б", {"children": [third.full_name]}
    )
    return personas


async def _first_students(session: AsyncSession, class_id: int, count: int) -> list[Student]:
    result = await session.scalars(
        select(Student)
        .where(Student.class_id == class_id)
        .order_by(Student.last_name, Student.first_name)
        .limit(count)
    )
    return list(result.all())


async def _mother_of(session: AsyncSession, student_id: int) -> Guardian:
    guardian = await session.scalar(
        select(Guardian)
        .join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
        .where(GuardianLink.student_id == student_id)
        .order_by(Guardian.id)
        .limit(1)
    )
    assert guardian is not None
    return guardian
