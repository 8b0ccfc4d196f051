"""A new school year: every class moves up a grade with its letter and students, the leavers graduate.

Started by the coordinator («🎓 Новый учебный год», a preview first) or the operator (`schoolbot year
start [--dry-run]`) once the current year's lessons are over (after its last period ends). What it does,
in one transaction:

- the new year with its periods (the current year's scheme unless another is asked for);
- a class of the new year for every class below the 11th: 5Б → 6Б, with the same class teacher, and
  its students (those not leaving) moved there; their parents' and their own accounts stay joined;
- the 11th grade, and the students marked as leaving (after the 9th), graduate: `graduated_on` is set,
  they stay in last year's class, and read their own past for 90 days (services.users' grants);
- the old classes' timetable ends with the old year; teaching assignments and the timetable of the
  new year start empty, to be imported anew.

The past year is left whole: its classes, lessons, marks, attendance, finals and homework are not
touched, and `class_enrollment` keeps who was in each class (exports and views of a past year read
it). Starting a year that has already started is refused, so running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Period, School, SchoolClass, Staff, Student
from models.enums import PeriodKind, Role
from services import access, audit
from services.audit import Actor
from services.errors import AccessDenied, InvalidInput
from services.roster_import import names_match, parse_person
from services.schools import add_year, current_year, period_dates

LAST_GRADE = 11
LEAVING_GRADE = 9  # after it a student may leave: marked one by one


@dataclass(frozen=True)
class ClassMove:
    class_id: int
    label: str
    next_label: str | None  # None: the class graduates
    moving: int  # students going up with it
    leaving: int  # students graduating from it
    class_teacher: str | None


@dataclass(frozen=True)
class YearPlan:
    school_id: int
    year_name: str  # the year that ends
    next_year_name: str
    starts_on: dt.date
    period_kind: PeriodKind
    periods: tuple[tuple[dt.date, dt.date], ...]
    moves: tuple[ClassMove, ...]
    lessons_end: dt.date  # the last day of the current year's last period
    startable_from: dt.date  # the day after it

    @property
    def graduating(self) -> int:
        return sum(move.leaving for move in self.moves)

    @property
    def moving(self) -> int:
        return sum(move.moving for move in self.moves)


@dataclass(frozen=True)
class _ClassRow:
    class_id: int
    grade: int
    letter: str
    class_teacher: str | None
    staying: int
    leaving: int


_CLASSES = text("""
    SELECT c.id, c.grade_level, c.letter, c.class_teacher_id,
           count(st.id) FILTER (WHERE NOT st.leaving) AS staying,
           count(st.id) FILTER (WHERE st.leaving) AS leaving
      FROM school_class c
      LEFT JOIN student st ON st.class_id = c.id AND st.graduated_on IS NULL
     WHERE c.academic_year_id = :year_id
     GROUP BY c.id ORDER BY c.grade_level, c.letter
""")


async def plan_year(
    session: AsyncSession, actor: Actor, school_id: int, period_kind: PeriodKind | None = None
) -> YearPlan:
    """What starting the next year would do (nothing is written)."""
    access.require_role(actor, Role.COORDINATOR, school_id)
    year = await current_year(session, school_id)
    parts = list(
        await session.scalars(
            select(Period).where(Period.academic_year_id == year.id, Period.kind != PeriodKind.YEAR.value)
        )
    )
    kind = period_kind or (PeriodKind(parts[0].kind) if parts else PeriodKind.TRIMESTER)
    lessons_end = max((p.ends_on for p in parts), default=year.ends_on)
    next_start = year.starts_on.year + 1
    rows = await _classes(session, year.id)
    return YearPlan(
        school_id=school_id,
        year_name=year.name,
        next_year_name=f"{next_start}/{next_start + 1}",
        starts_on=dt.date(next_start, 9, 1),
        period_kind=kind,
        periods=tuple(period_dates(next_start, kind)),
        moves=tuple(_move(row) for row in rows),
        lessons_end=lessons_end,
        startable_from=lessons_end + dt.timedelta(days=1),
    )


async def _classes(session: AsyncSession, year_id: int) -> list[_ClassRow]:
    found = (await session.execute(_CLASSES, {"year_id": year_id})).all()
    teacher_ids = {row.class_teacher_id for row in found if row.class_teacher_id is not None}
    names = {
        staff.id: staff.short_name
        for staff in await session.scalars(select(Staff).where(Staff.id.in_(teacher_ids)))
    }
    return [
        _ClassRow(
            row.id, row.grade_level, row.letter, names.get(row.class_teacher_id), row.staying, row.leaving
        )
        for row in found
    ]


def _move(row: _ClassRow) -> ClassMove:
    label = f"{row.grade}{row.letter}"
    if row.grade >= LAST_GRADE:
        return ClassMove(row.class_id, label, None, 0, row.staying + row.leaving, row.class_teacher)
    return ClassMove(
        row.class_id, label, f"{row.grade + 1}{row.letter}", row.staying, row.leaving, row.class_teacher
    )


async def startable(session: AsyncSession, school_id: int, plan: YearPlan, today: dt.date) -> bool:
    """Whether the next year may start today (the lessons are over and it has not started)."""
    year = await current_year(session, school_id)
    try:
        _check_startable(plan, year.starts_on, today)
    except InvalidInput:
        return False
    return True


def _check_startable(plan: YearPlan, year_starts_on: dt.date, today: dt.date) -> None:
    if year_starts_on > today:
        raise InvalidInput("year-already-started", year=plan.year_name)
    if today < plan.startable_from:
        raise InvalidInput(
            "year-not-over", year=plan.year_name, date=plan.startable_from.strftime("%d.%m.%Y")
        )


async def start_year(
    session: AsyncSession,
    actor: Actor,
    school_id: int,
    *,
    today: dt.date,
    period_kind: PeriodKind | None = None,
) -> YearPlan:
    """Start the next year as planned; refused before the lessons end and once it has started."""
    access.require_role(actor, Role.COORDINATOR, school_id)
    school = await session.scalar(select(School).where(School.id == school_id).with_for_update())
    if school is None:
        raise AccessDenied()
    plan = await plan_year(session, actor, school_id, period_kind)
    old_year = await current_year(session, school_id)
    _check_startable(plan, old_year.starts_on, today)
    new_year, _ = await add_year(session, school_id, plan.starts_on.year, plan.period_kind)
    old_classes = [move.class_id for move in plan.moves]
    for move in plan.moves:
        await _carry(session, school_id, new_year.id, move, today)
    await _end_timetable(session, old_classes, plan.lessons_end)
    await audit.record(
        session,
        actor,
        "school.year_started",
        "academic_year",
        new_year.id,
        school_id=school_id,
        before={"year": plan.year_name},
        after={
            "year": plan.next_year_name,
            "classes": len(plan.moves),
            "moved": plan.moving,
            "graduated": plan.graduating,
        },
    )
    return plan


async def _carry(
    session: AsyncSession, school_id: int, year_id: int, move: ClassMove, today: dt.date
) -> None:
    """The class's next-year class with its staying students; the others graduate."""
    old = await session.get(SchoolClass, move.class_id)
    assert old is not None
    if move.next_label is not None:
        new = SchoolClass(
            school_id=school_id,
            academic_year_id=year_id,
            grade_level=old.grade_level + 1,
            letter=old.letter,
            class_teacher_id=old.class_teacher_id,
        )
        session.add(new)
        await session.flush()
        await session.execute(
            update(Student)
            .where(Student.class_id == old.id, Student.graduated_on.is_(None), Student.leaving.is_(False))
            .values(class_id=new.id)
        )
    await session.execute(
        update(Student)
        .where(Student.class_id == old.id, Student.graduated_on.is_(None))
        .values(graduated_on=today)
    )


async def _end_timetable(session: AsyncSession, class_ids: list[int], last_day: dt.date) -> None:
    """The old classes' timetable stops with the old year (a slot dated later is removed: it never ran)."""
    if not class_ids:
        return
    await session.execute(
        text("DELETE FROM timetable_slot WHERE class_id = ANY(:ids) AND valid_from > :last"),
        {"ids": class_ids, "last": last_day},
    )
    await session.execute(
        text("""
            UPDATE timetable_slot SET valid_to = :last
             WHERE class_id = ANY(:ids) AND (valid_to IS NULL OR valid_to > :last)
        """),
        {"ids": class_ids, "last": last_day},
    )


# ---- students leaving after the 9th grade -----------------------------------------------------------


@dataclass(frozen=True)
class LeaverRow:
    student_id: int
    name: str
    leaving: bool


async def leaving_candidates(session: AsyncSession, actor: Actor, class_id: int) -> list[LeaverRow]:
    """The 9th-grade class's students, and whether each leaves when the year ends."""
    school_class = await _leaving_class(session, actor, class_id)
    students = await session.scalars(
        select(Student)
        .where(Student.class_id == school_class.id, Student.graduated_on.is_(None))
        .order_by(Student.last_name, Student.first_name)
    )
    return [LeaverRow(s.id, s.full_name, s.leaving) for s in students]


async def toggle_leaving(
    session: AsyncSession, actor: Actor, class_id: int, student_id: int, leaving: bool | None = None
) -> bool:
    """Mark a 9th grader as leaving or not (`leaving`; None: the other way round); returns his mark.
    Setting the mark he has changes nothing, so a double tap on «mark him» marks him once."""
    school_class = await _leaving_class(session, actor, class_id)
    student = await session.scalar(
        select(Student).where(
            Student.id == student_id, Student.class_id == school_class.id, Student.graduated_on.is_(None)
        )
    )
    if student is None:
        raise AccessDenied()
    wanted = not student.leaving if leaving is None else leaving
    if wanted == student.leaving:
        return student.leaving
    student.leaving = wanted
    await audit.record(
        session,
        actor,
        "student.leaving_marked",
        "student",
        student.id,
        school_id=school_class.school_id,
        before={"leaving": not student.leaving},
        after={"leaving": student.leaving},
    )
    return student.leaving


async def mark_leaving_by_name(
    session: AsyncSession, actor: Actor, class_id: int, names: list[str], *, leaving: bool = True
) -> list[str]:
    """For the CLI: mark the 9th graders named («Фамилия Имя [Отчество]») as leaving (or not); returns
    their full names. A name that is not in the class is refused, and nothing is marked."""
    candidates = await leaving_candidates(session, actor, class_id)
    chosen: list[LeaverRow] = []
    for text_name in names:
        wanted = parse_person(text_name)
        found = [row for row in candidates if names_match(wanted, parse_person(row.name))]
        if len(found) != 1:
            raise InvalidInput("year-student-unknown", value=text_name)
        chosen.append(found[0])
    for row in chosen:
        await toggle_leaving(session, actor, class_id, row.student_id, leaving)
    return [row.name for row in chosen]


async def leaving_classes(session: AsyncSession, actor: Actor, school_id: int) -> list[tuple[int, str, int]]:
    """(class id, label, students marked as leaving) for this year's 9th grade."""
    access.require_role(actor, Role.COORDINATOR, school_id)
    year = await current_year(session, school_id)
    rows = await session.execute(
        select(SchoolClass.id, SchoolClass.grade_level, SchoolClass.letter, func.count(Student.id))
        .outerjoin(
            Student, (Student.class_id == SchoolClass.id) & Student.leaving & Student.graduated_on.is_(None)
        )
        .where(SchoolClass.academic_year_id == year.id, SchoolClass.grade_level == LEAVING_GRADE)
        .group_by(SchoolClass.id)
        .order_by(SchoolClass.letter)
    )
    return [(row[0], f"{row[1]}{row[2]}", int(row[3])) for row in rows]


async def _leaving_class(session: AsyncSession, actor: Actor, class_id: int) -> SchoolClass:
    school_class = await session.get(SchoolClass, class_id)
    if school_class is None or school_class.grade_level != LEAVING_GRADE:
        raise AccessDenied()
    access.require_role(actor, Role.COORDINATOR, school_class.school_id)
    year = await current_year(session, school_class.school_id)
    if school_class.academic_year_id != year.id:
        raise AccessDenied()
    return school_class
