"""Final marks of a period: set by the subject's teacher, told to the family, who acknowledge them.

The teacher's screens and the deadline reminders (the schedule issue) build on `set_final`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models.enums import Role
from services import access, audit
from services.acknowledgements import family_accounts
from services.audit import Actor
from services.errors import AccessDenied, InvalidInput, ServiceError
from services.events import FinalMarkNotice
from services.family_views import PeriodRow, current_period, year_periods
from services.grading import Weighted, final_for, weighted_average
from services.names import name_key, short_name
from services.notify import enqueue
from services.school_settings import SchoolSettings

FINAL_VALUES = (2, 3, 4, 5)

# The student, subject and period, and whether the acting staff member teaches that subject to the
# student's class this year (or is of the administration): all in one look-up.
_TARGET = text("""
    SELECT st.id AS student_id, st.school_id, st.last_name, st.first_name, st.middle_name,
           c.grade_level, sub.name AS subject, p.kind AS period_kind, p.number AS period_number,
           EXISTS (SELECT 1 FROM teaching_assignment ta
                   WHERE ta.class_id = c.id AND ta.subject_id = sub.id AND ta.teacher_id = ANY(:teachers))
             AS teaches,
           (SELECT fm.value FROM final_mark fm
            WHERE fm.student_id = st.id AND fm.subject_id = sub.id AND fm.period_id = p.id) AS previous
    FROM student st
    JOIN school_class c ON c.id = st.class_id
    JOIN subject sub ON sub.id = :subject_id AND sub.school_id = st.school_id
    JOIN period p ON p.id = :period_id AND p.academic_year_id = c.academic_year_id
    WHERE st.id = :student_id
""")
_SAVE = text("""
    INSERT INTO final_mark (school_id, student_id, subject_id, period_id, value, author_id, set_at)
    VALUES (:school_id, :student_id, :subject_id, :period_id, :value, :author_id, :now)
    ON CONFLICT (student_id, subject_id, period_id)
    DO UPDATE SET value = excluded.value, author_id = excluded.author_id, set_at = excluded.set_at
    RETURNING id
""")


@dataclass(frozen=True)
class FinalSet:
    final_id: int
    student: str
    value: int
    previous: int | None
    told: int


async def set_final(
    session: AsyncSession,
    actor: Actor,
    *,
    student_id: int,
    subject_id: int,
    period_id: int,
    value: int,
    now: dt.datetime,
) -> FinalSet:
    """Set (or change) a student's final mark for a subject and period; the family is told, with an
    «Ознакомлен» button. Setting the same value again changes nothing and tells nobody."""
    if value not in FINAL_VALUES:
        raise InvalidInput("final-value")
    teachers = [grant.person_id for grant in actor.context.grants_of(Role.TEACHER)] if actor.context else []
    row = (
        await session.execute(
            _TARGET,
            {
                "student_id": student_id,
                "subject_id": subject_id,
                "period_id": period_id,
                "teachers": teachers,
            },
        )
    ).one_or_none()
    if row is None or not (row.teaches or _administers(actor, row.school_id)):
        raise AccessDenied()
    if row.grade_level == 1:
        raise ServiceError("grade-one-no-marks")
    student = short_name(row.last_name, row.first_name, row.middle_name)
    author = _staff_id(actor, row.school_id)
    params = {
        "school_id": row.school_id,
        "student_id": student_id,
        "subject_id": subject_id,
        "period_id": period_id,
        "value": value,
        "author_id": author,
        "now": now,
    }
    final_id = int(await session.scalar(_SAVE, params) or 0)
    if row.previous == value:
        return FinalSet(final_id, student, value, row.previous, 0)
    await audit.record(
        session,
        actor,
        "final_mark.set",
        "final_mark",
        final_id,
        school_id=row.school_id,
        before={"value": row.previous} if row.previous is not None else None,
        after={"value": value, "student_id": student_id, "subject_id": subject_id, "period_id": period_id},
    )
    told = await enqueue(
        session,
        school_id=row.school_id,
        recipients=await family_accounts(session, student_id),
        event=FinalMarkNotice(
            final_id=final_id,
            student_id=student_id,
            student=" ".join(part for part in (row.last_name, row.first_name, row.middle_name) if part),
            subject=row.subject,
            period_kind=row.period_kind,
            period_number=row.period_number,
            value=value,
            previous=row.previous,
        ),
        not_before=now,
    )
    return FinalSet(final_id, student, value, row.previous, told)


def _staff_id(actor: Actor, school_id: int) -> int | None:
    """Who sets the mark, as the journal names him (None for the CLI's operator)."""
    if actor.context is None:
        return None
    for role in (Role.TEACHER, Role.DEPUTY, Role.COORDINATOR):
        grant = actor.context.grant(role, school_id)
        if grant is not None:
            return grant.person_id
    return None


def _administers(actor: Actor, school_id: int) -> bool:
    return access.holds_any_role(actor, (Role.DEPUTY, Role.COORDINATOR), school_id)


# ---- the teacher's screen of a class, subject and period -------------------------------------------


@dataclass(frozen=True)
class FinalRow:
    student_id: int
    name: str
    average: Fraction | None  # weighted, over the period's marks in this subject
    suggested: int | None  # what the average rounds to by the school's thresholds
    final: int | None


@dataclass(frozen=True)
class FinalsSheet:
    class_id: int
    class_label: str
    subject_id: int
    subject: str
    periods: tuple[PeriodRow, ...]
    period: PeriodRow
    students: tuple[FinalRow, ...]

    @property
    def missing(self) -> int:
        return sum(row.final is None for row in self.students)


_SHEET_HEAD = text("""
    SELECT c.id, c.school_id, c.grade_level, c.letter, c.academic_year_id, sub.name AS subject, s.settings,
           s.timezone,
           EXISTS (SELECT 1 FROM teaching_assignment ta
                   WHERE ta.class_id = c.id AND ta.subject_id = sub.id AND ta.teacher_id = ANY(:teachers))
             AS teaches
      FROM school_class c JOIN subject sub ON sub.id = :subject_id AND sub.school_id = c.school_id
      JOIN school s ON s.id = c.school_id
     WHERE c.id = :class_id
""")
_SHEET_STUDENTS = text("""
    SELECT st.id, st.last_name, st.first_name, st.middle_name,
           (SELECT coalesce(json_agg(json_build_array(m.value, k.weight)), '[]'::json)
              FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN mark_kind k ON k.id = m.kind_id
             WHERE m.student_id = st.id AND l.class_id = st.class_id AND l.subject_id = :subject_id
               AND l.date BETWEEN :starts_on AND :ends_on) AS marks,
           (SELECT fm.value FROM final_mark fm WHERE fm.student_id = st.id
               AND fm.subject_id = :subject_id AND fm.period_id = :period_id) AS final
      FROM student st WHERE st.class_id = :class_id
""")


async def finals_sheet(
    session: AsyncSession,
    actor: Actor,
    class_id: int,
    subject_id: int,
    period_id: int | None,
    *,
    now: dt.datetime,
) -> FinalsSheet:
    """The class's students with their weighted average in the subject for the period (the current
    one unless named), the final it rounds to, and the final set; for whoever teaches it there."""
    teachers = [grant.person_id for grant in actor.context.grants_of(Role.TEACHER)] if actor.context else []
    head = (
        await session.execute(
            _SHEET_HEAD, {"class_id": class_id, "subject_id": subject_id, "teachers": teachers}
        )
    ).one_or_none()
    if head is None or not (head.teaches or _administers(actor, head.school_id)):
        raise AccessDenied()
    if head.grade_level == 1:
        raise ServiceError("grade-one-no-marks")
    periods = await year_periods(session, head.academic_year_id)
    chosen = [p for p in periods if p.period_id == period_id]
    today = now.astimezone(ZoneInfo(head.timezone)).date()
    period = chosen[0] if chosen else current_period(periods, today)
    settings = SchoolSettings.of(head.settings)
    params = {
        "class_id": class_id,
        "subject_id": subject_id,
        "period_id": period.period_id,
        "starts_on": period.starts_on,
        "ends_on": period.ends_on,
    }
    result = await session.execute(_SHEET_STUDENTS, params)
    students = []
    for row in sorted(
        result, key=lambda r: (*name_key(r.last_name, r.first_name, r.middle_name or ""), r.id)
    ):
        average = weighted_average([Weighted(int(value), float(weight)) for value, weight in row.marks])
        students.append(
            FinalRow(
                row.id,
                short_name(row.last_name, row.first_name, row.middle_name),
                average,
                final_for(average, settings) if average is not None else None,
                row.final,
            )
        )
    return FinalsSheet(
        class_id,
        f"{head.grade_level}{head.letter}",
        subject_id,
        head.subject,
        periods,
        period,
        tuple(students),
    )


async def set_finals_by_average(
    session: AsyncSession,
    actor: Actor,
    class_id: int,
    subject_id: int,
    period_id: int | None,
    *,
    now: dt.datetime,
) -> int:
    """Every student of the class without a final for the period gets what his average rounds to
    (those with no marks are left to the teacher); returns how many were set."""
    sheet = await finals_sheet(session, actor, class_id, subject_id, period_id, now=now)
    count = 0
    for row in sheet.students:
        if row.final is None and row.suggested is not None:
            # One student at a time through set_final: each is checked, audited and told alike.
            await set_final(
                session,
                actor,
                student_id=row.student_id,
                subject_id=subject_id,
                period_id=sheet.period.period_id,
                value=row.suggested,
                now=now,
            )
            count += 1
    return count


@dataclass(frozen=True)
class Assignment:
    class_id: int
    class_label: str
    subject_id: int
    subject: str


_ASSIGNMENTS = text("""
    SELECT DISTINCT c.id AS class_id, c.grade_level, c.letter, sub.id AS subject_id, sub.name AS subject
      FROM teaching_assignment ta
      JOIN school_class c ON c.id = ta.class_id
      JOIN subject sub ON sub.id = ta.subject_id
     WHERE ta.teacher_id = ANY(:teachers) AND c.grade_level > 1
       AND c.academic_year_id = (SELECT y.id FROM academic_year y WHERE y.school_id = c.school_id
                                 ORDER BY y.starts_on DESC LIMIT 1)
     ORDER BY c.grade_level, c.letter, sub.name
""")


async def my_assignments(session: AsyncSession, actor: Actor) -> list[Assignment]:
    """The classes and subjects the teacher gives final marks in (grade 1 gets none)."""
    teachers = [grant.person_id for grant in actor.context.grants_of(Role.TEACHER)] if actor.context else []
    if not teachers:
        raise AccessDenied()
    return [
        Assignment(row.class_id, f"{row.grade_level}{row.letter}", row.subject_id, row.subject)
        for row in await session.execute(_ASSIGNMENTS, {"teachers": teachers})
    ]
