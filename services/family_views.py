"""What a parent (or a student) reads: the child's marks for a period, subject by subject.

Read-only and for the child's own family only. The child is chosen once and remembered
(tg_user.active_child_id); a parent of one child is never asked. Each screen is a fixed handful of
statements, whatever the number of subjects and marks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from zoneinfo import ZoneInfo

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import AcademicYear, ClassEnrollment, Period, School, SchoolClass, Student, TgUser
from models.enums import PeriodKind
from services.audit import Actor
from services.calendar import class_days_off, next_school_day, school_weekdays
from services.errors import AccessDenied
from services.family import ChildRow, children_of
from services.grading import Needed, Weighted, final_for, needed, weighted_average
from services.school_settings import SchoolSettings
from services.tests_schedule import UpcomingTest, ahead_for


@dataclass(frozen=True)
class PeriodRow:
    period_id: int
    kind: str
    number: int
    starts_on: dt.date
    ends_on: dt.date
    past_year: str | None = None  # an earlier school year as a whole («2026/27»)


@dataclass(frozen=True)
class SubjectLine:
    subject_id: int
    name: str
    marks: tuple[Weighted, ...]
    final: int | None  # the final mark set for the period, if any

    @property
    def average(self) -> Fraction | None:
        return weighted_average(self.marks)


@dataclass(frozen=True)
class MarksOverview:
    child: ChildRow
    children: int  # how many the viewer has (a picker button when more than one)
    period: PeriodRow
    periods: tuple[PeriodRow, ...]
    subjects: tuple[SubjectLine, ...]
    settings: SchoolSettings
    ahead: tuple[UpcomingTest, ...] = ()  # the child's tests of the next two weeks (the current period)
    today: dt.date | None = None  # the school's date: which periods have begun (their report cards)

    def rounded(self, line: SubjectLine) -> int | None:
        average = line.average
        return None if average is None else final_for(average, self.settings)

    def needed(self, line: SubjectLine) -> Needed | None:
        return needed(line.marks, self.settings)


async def choose_child(session: AsyncSession, actor: Actor, student_id: int | None) -> tuple[ChildRow, int]:
    """The child to show: the one asked for (remembered from now on), else the remembered one, else
    the first. Refused, the same way whether it exists or not, when he is not the viewer's."""
    children = await children_of(session, actor)
    if not children or actor.tg_user_id is None:
        raise AccessDenied()
    if student_id is not None:
        child = next((c for c in children if c.student_id == student_id), None)
        if child is None:
            raise AccessDenied()
        if len(children) > 1:
            await session.execute(
                update(TgUser).where(TgUser.id == actor.tg_user_id).values(active_child_id=child.student_id)
            )
        return child, len(children)
    remembered = await session.scalar(select(TgUser.active_child_id).where(TgUser.id == actor.tg_user_id))
    child = next((c for c in children if c.student_id == remembered), children[0])
    return child, len(children)


async def periods_of(
    session: AsyncSession, student_id: int
) -> tuple[tuple[PeriodRow, ...], ZoneInfo, SchoolSettings]:
    """The periods of the child's school year (that of his class: last year's for one who has left),
    the whole year last, then those of each earlier year he was at the school (marked with the
    year's name); the school's clock and settings."""
    rows = (
        await session.execute(
            select(Period, School.timezone, School.settings)
            .join(School, School.id == Period.school_id)
            .join(Student, Student.school_id == School.id)
            .join(SchoolClass, SchoolClass.id == Student.class_id)
            .where(Student.id == student_id, Period.academic_year_id == SchoolClass.academic_year_id)
            .order_by(Period.kind == PeriodKind.YEAR.value, Period.starts_on)
        )
    ).all()
    if not rows:
        raise AccessDenied()
    periods = tuple(PeriodRow(p.id, p.kind, p.number, p.starts_on, p.ends_on) for p, _, _ in rows)
    past = await session.execute(
        select(Period, AcademicYear.name)
        .join(AcademicYear, AcademicYear.id == Period.academic_year_id)
        .where(
            AcademicYear.id.in_(
                select(SchoolClass.academic_year_id)
                .join(ClassEnrollment, ClassEnrollment.class_id == SchoolClass.id)
                .where(ClassEnrollment.student_id == student_id)
            ),
            AcademicYear.starts_on < min(p.starts_on for p in periods),
        )
        .order_by(AcademicYear.name.desc(), Period.kind == PeriodKind.YEAR.value, Period.starts_on)
    )
    earlier = tuple(PeriodRow(p.id, p.kind, p.number, p.starts_on, p.ends_on, year) for p, year in past)
    return periods + earlier, ZoneInfo(rows[0][1]), SchoolSettings.of(rows[0][2])


async def year_periods(session: AsyncSession, academic_year_id: int) -> tuple[PeriodRow, ...]:
    """The year's periods in order, the whole year last."""
    periods = await session.scalars(
        select(Period)
        .where(Period.academic_year_id == academic_year_id)
        .order_by(Period.kind == PeriodKind.YEAR.value, Period.starts_on)
    )
    return tuple(PeriodRow(p.id, p.kind, p.number, p.starts_on, p.ends_on) for p in periods)


def current_period(periods: tuple[PeriodRow, ...], today: dt.date) -> PeriodRow:
    """The period under way, or the last one begun (holidays: in the summer after a new year was
    started, last year's last term), or the first; never the whole year when the year has parts."""
    parts = [p for p in periods if p.kind != PeriodKind.YEAR.value] or [p for p in periods if not p.past_year]
    begun = [p for p in parts if p.starts_on <= today]
    return max(begun, key=lambda p: p.starts_on) if begun else parts[0]


# Every subject the class is taught (from the timetable) or the child has marks in, with the marks
# of the period in date order, their weights, and the period's final mark.
_SUBJECTS = text(
    """
    WITH taught AS (
        SELECT subject_id FROM timetable_slot WHERE class_id = :class_id
        UNION
        SELECT l.subject_id FROM mark m JOIN lesson l ON l.id = m.lesson_id
        WHERE m.student_id = :student_id AND l.date BETWEEN :starts_on AND :ends_on
        UNION
        SELECT subject_id FROM final_mark WHERE student_id = :student_id AND period_id = :period_id
    )
    SELECT s.id, s.name, mk.marks, mk.weights,
           (SELECT f.value FROM final_mark f
             WHERE f.student_id = :student_id AND f.subject_id = s.id AND f.period_id = :period_id) AS final
    FROM subject s
    JOIN taught t ON t.subject_id = s.id
    LEFT JOIN LATERAL (
        SELECT array_agg(m.value ORDER BY l.date, l.lesson_number, m.id) AS marks,
               array_agg(k.weight ORDER BY l.date, l.lesson_number, m.id) AS weights
        FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN mark_kind k ON k.id = m.kind_id
        WHERE m.student_id = :student_id AND l.subject_id = s.id AND l.date BETWEEN :starts_on AND :ends_on
    ) mk ON true
    ORDER BY s.name
    """
)


@dataclass(frozen=True)
class Viewing:
    """Whose data, for which period: what every family screen starts from."""

    child: ChildRow
    children: int
    period: PeriodRow
    periods: tuple[PeriodRow, ...]
    settings: SchoolSettings
    today: dt.date  # in the school's timezone


async def viewing(
    session: AsyncSession, actor: Actor, student_id: int | None, period_id: int | None, now: dt.datetime
) -> Viewing:
    child, children = await choose_child(session, actor, student_id)
    periods, zone, settings = await periods_of(session, child.student_id)
    today = now.astimezone(zone).date()
    if period_id is None:
        period = current_period(periods, today)
    else:
        asked = next((p for p in periods if p.period_id == period_id), None)
        if asked is None:
            raise AccessDenied()
        period = asked
    return Viewing(child, children, period, periods, settings, today)


async def marks_overview(
    session: AsyncSession,
    actor: Actor,
    student_id: int | None,
    period_id: int | None,
    now: dt.datetime,
) -> MarksOverview:
    view = await viewing(session, actor, student_id, period_id, now)
    child, period = view.child, view.period
    rows = await session.execute(
        _SUBJECTS,
        {
            "class_id": 0 if period.past_year else child.class_id,  # the subjects he had marks in then
            "student_id": child.student_id,
            "period_id": period.period_id,
            "starts_on": period.starts_on,
            "ends_on": period.ends_on,
        },
    )
    subjects = tuple(
        SubjectLine(
            r.id,
            r.name,
            tuple(Weighted(v, float(w)) for v, w in zip(r.marks or [], r.weights or [], strict=True)),
            r.final,
        )
        for r in rows
    )
    ahead: tuple[UpcomingTest, ...] = ()
    if not period.past_year and period == current_period(view.periods, view.today):
        ahead = await ahead_for(session, child.student_id, child.class_id, view.today)
    return MarksOverview(
        child, view.children, period, view.periods, subjects, view.settings, ahead, view.today
    )


@dataclass(frozen=True)
class AbsenceRow:
    date: dt.date
    lesson_number: int
    subject: str
    status: str  # absent | late
    excused: bool
    reason: str | None


@dataclass(frozen=True)
class AbsencesView:
    viewing: Viewing
    rows: tuple[AbsenceRow, ...]


_ABSENCES = text(
    """
    SELECT l.date, l.lesson_number, s.name AS subject, a.status, a.excused, a.reason
    FROM attendance a
    JOIN lesson l ON l.id = a.lesson_id
    JOIN subject s ON s.id = l.subject_id
    WHERE a.student_id = :student_id AND l.date BETWEEN :starts_on AND :ends_on
    ORDER BY l.date, l.lesson_number
    """
)


async def absences(
    session: AsyncSession, actor: Actor, student_id: int | None, period_id: int | None, now: dt.datetime
) -> AbsencesView:
    """The child's absences and lateness in the period, by day and subject, excused or not."""
    view = await viewing(session, actor, student_id, period_id, now)
    params = {
        "student_id": view.child.student_id,
        "starts_on": view.period.starts_on,
        "ends_on": view.period.ends_on,
    }
    rows = (await session.execute(_ABSENCES, params)).all()
    return AbsencesView(
        view,
        tuple(AbsenceRow(r.date, r.lesson_number, r.subject, r.status, r.excused, r.reason) for r in rows),
    )


@dataclass(frozen=True)
class HomeworkItem:
    homework_id: int
    due_on: dt.date
    subject: str
    text: str
    attachments: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class HomeworkView:
    child: ChildRow
    children: int
    first_day: dt.date
    last_day: dt.date
    items: tuple[HomeworkItem, ...]
    today: dt.date  # in the school's timezone: first_day is the next school day after it


_HOMEWORK = text(
    """
    SELECT h.id, h.due_on, s.name AS subject, h.text, h.attachments
    FROM homework h JOIN subject s ON s.id = h.subject_id
    WHERE h.class_id = :class_id AND h.due_on BETWEEN :first_day AND :last_day
    ORDER BY h.due_on, s.name, h.id
    """
)


async def homework(
    session: AsyncSession, actor: Actor, student_id: int | None, *, week: bool, now: dt.datetime
) -> HomeworkView:
    """Homework due on the next school day (on Saturday, Monday's: not a Sunday's), or over the seven
    days from it, for the child's class."""
    child, children = await choose_child(session, actor, student_id)
    _, zone, _ = await periods_of(session, child.student_id)
    today = now.astimezone(zone).date()
    weekdays = await school_weekdays(session, child.class_id, today)
    first_day = next_school_day(today, weekdays, await class_days_off(session, child.class_id, today))
    last_day = first_day + dt.timedelta(days=6 if week else 0)
    params = {"class_id": child.class_id, "first_day": first_day, "last_day": last_day}
    rows = (await session.execute(_HOMEWORK, params)).all()
    items = tuple(HomeworkItem(r.id, r.due_on, r.subject, r.text, tuple(r.attachments or ())) for r in rows)
    return HomeworkView(child, children, first_day, last_day, items, today)


async def homework_files(session: AsyncSession, actor: Actor, homework_id: int) -> tuple[dict[str, str], ...]:
    """The attachments of one homework of the viewer's child's class (refused otherwise, alike)."""
    classes = {child.class_id for child in await children_of(session, actor)}
    row = (
        await session.execute(
            text("SELECT class_id, attachments FROM homework WHERE id = :id"), {"id": homework_id}
        )
    ).first()
    if row is None or row.class_id not in classes:
        raise AccessDenied()
    return tuple(row.attachments or ())
