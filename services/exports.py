"""Exports for the archive: a class's journal of a subject for a period, and a class's attendance
register for a month, as XLSX. For the administration and the class's class teacher (and the CLI).

The journal: a grid of students by lessons (each cell the marks with their kinds, and Н/О for an
absence or lateness, «у» when excused), the weighted average and the final mark; a second sheet with
each lesson's date, number, topic, homework and attendance. The register: students by the month's
school days, the lessons missed each day, and each student's totals.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from models import Period, SchoolClass, Subject
from services import access
from services.announcements import ADMINISTRATION
from services.audit import Actor
from services.calendar import school_today
from services.errors import AccessDenied, InvalidInput
from services.family_views import PeriodRow
from services.grading import Weighted, weighted_average
from services.names import name_key, short_name
from services.spreadsheet import append_row, new_book, saved

# What `headers` must name, in the reader's language.
JOURNAL_WORDS = (
    "marks",
    "lessons",
    "student",
    "average",
    "final",
    "date",
    "number",
    "topic",
    "homework",
    "absent",
    "late",
    "absent_letter",
    "late_letter",
    "excused_letter",
)
REGISTER_WORDS = ("register", "student", "absent", "excused", "late", "late_letter", "excused_letter")


async def find_subject(session: AsyncSession, school_id: int, name: str) -> Subject:
    """A subject by its name, as the CLI is given it (case aside)."""
    found = await session.scalar(
        select(Subject).where(
            Subject.school_id == school_id, func.lower(Subject.name) == name.strip().lower()
        )
    )
    if found is None:
        raise InvalidInput("export-no-subject", name=name)
    return found


async def find_period(
    session: AsyncSession, school_class: SchoolClass, number: int | None, on: dt.date
) -> Period:
    """The class's year's period by its number (a trimester, a half-year), or the one under way `on`."""
    query = select(Period).where(
        Period.academic_year_id == school_class.academic_year_id, Period.kind != "year"
    )
    periods = list(await session.scalars(query.order_by(Period.starts_on)))
    for period in periods:
        if (number is not None and period.number == number) or (
            number is None and period.starts_on <= on <= period.ends_on
        ):
            return period
    raise InvalidInput("export-no-period")


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes


async def class_for_export(session: AsyncSession, actor: Actor, class_id: int) -> SchoolClass:
    """The class, if this person may export it: its class teacher (of a past year's class too: the one
    who led it then) or the school's administration."""
    school_class = await session.get(SchoolClass, class_id)
    if school_class is None:
        raise AccessDenied()
    led_it = (
        school_class.class_teacher_id is not None
        and access.staff_id(actor, school_class.school_id) == school_class.class_teacher_id
    )
    if (
        led_it
        or access.leads_class(actor, class_id)
        or access.holds_any_role(actor, ADMINISTRATION, school_class.school_id)
    ):
        return school_class
    raise AccessDenied()


# Everyone who has been in the class (class_enrollment): a past year's class keeps its students after
# they moved up or left.
_ROSTER = text("""
    SELECT s.id, s.last_name, s.first_name, s.middle_name FROM student s
    JOIN class_enrollment e ON e.student_id = s.id AND e.class_id = :class_id
""")


async def _roster(session: AsyncSession, class_id: int) -> list[Any]:
    rows = list(await session.execute(_ROSTER, {"class_id": class_id}))
    return sorted(rows, key=lambda r: name_key(r.last_name, r.first_name, r.middle_name or ""))


# ---- the journal of a subject ---------------------------------------------------------------------------

_LESSONS = text("""
    SELECT l.id, l.date, l.lesson_number, l.topic,
           (SELECT string_agg(h.text, ' / ' ORDER BY h.id) FROM homework h
             WHERE h.lesson_id = l.id) AS homework
      FROM lesson l
     WHERE l.class_id = :class_id AND l.subject_id = :subject_id AND l.date BETWEEN :start AND :end
     ORDER BY l.date, l.lesson_number, l.id
""")
_MARKS = text("""
    SELECT m.lesson_id, m.student_id, m.value, k.short_name, k.weight FROM mark m
      JOIN mark_kind k ON k.id = m.kind_id
     WHERE m.lesson_id = ANY(:lessons) ORDER BY m.id
""")
_ATTENDANCE = text("""
    SELECT lesson_id, student_id, status, excused FROM attendance WHERE lesson_id = ANY(:lessons)
""")
_FINALS = text("""
    SELECT student_id, value FROM final_mark WHERE subject_id = :subject_id AND period_id = :period_id
""")


async def class_journal(
    session: AsyncSession,
    actor: Actor,
    class_id: int,
    subject_id: int,
    period_id: int,
    headers: dict[str, str],
) -> Export:
    school_class = await class_for_export(session, actor, class_id)
    subject, period = await session.get(Subject, subject_id), await session.get(Period, period_id)
    if (
        subject is None
        or period is None
        or subject.school_id != school_class.school_id
        or period.academic_year_id != school_class.academic_year_id
    ):
        raise AccessDenied()
    params = {
        "class_id": class_id,
        "subject_id": subject_id,
        "start": period.starts_on,
        "end": period.ends_on,
    }
    lessons = list(await session.execute(_LESSONS, params))
    ids = [lesson.id for lesson in lessons]
    marks: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for mark in await session.execute(_MARKS, {"lessons": ids}):
        marks[(mark.lesson_id, mark.student_id)].append(mark)
    presence = {(a.lesson_id, a.student_id): a for a in await session.execute(_ATTENDANCE, {"lessons": ids})}
    finals = {
        row.student_id: row.value
        for row in await session.execute(_FINALS, {"subject_id": subject_id, "period_id": period_id})
    }
    roster = await _roster(session, class_id)
    content = _journal_book(lessons, roster, marks, presence, finals, headers)
    name = f"{school_class.label} {subject.name} {period.starts_on:%Y-%m-%d}–{period.ends_on:%Y-%m-%d}.xlsx"
    return Export(name, content)


def _journal_book(
    lessons: list[Any],
    roster: list[Any],
    marks: dict[tuple[int, int], list[Any]],
    presence: dict[tuple[int, int], Any],
    finals: dict[int, int],
    headers: dict[str, str],
) -> bytes:
    book, grid = new_book(headers["marks"])
    append_row(
        grid,
        [
            headers["student"],
            *(f"{lesson.date:%d.%m} №{lesson.lesson_number}" for lesson in lessons),
            headers["average"],
            headers["final"],
        ],
    )
    for student in roster:
        cells: list[Any] = [short_name(student.last_name, student.first_name, student.middle_name)]
        weighted: list[Weighted] = []
        for lesson in lessons:
            given = marks.get((lesson.id, student.id), [])
            weighted += [Weighted(m.value, float(m.weight)) for m in given]
            cells.append(_journal_cell(given, presence.get((lesson.id, student.id)), headers))
        average = weighted_average(weighted)
        cells += [round(float(average), 2) if average is not None else "", finals.get(student.id, "")]
        append_row(grid, cells)
    grid.freeze_panes = "B2"
    sheet = book.create_sheet(headers["lessons"])
    append_row(
        sheet,
        [
            headers["date"],
            headers["number"],
            headers["topic"],
            headers["homework"],
            headers["absent"],
            headers["late"],
        ],
    )
    away_by_lesson: dict[int, list[Any]] = defaultdict(list)
    for (lesson_id, _), away in presence.items():
        away_by_lesson[lesson_id].append(away)
    for lesson in lessons:
        away = away_by_lesson.get(lesson.id, [])
        absent = sum(a.status == "absent" for a in away)
        append_row(
            sheet,
            [
                lesson.date,
                lesson.lesson_number,
                lesson.topic or "",
                lesson.homework or "",
                absent,
                len(away) - absent,
            ],
        )
    return saved(book)


def _journal_cell(given: list[Any], attendance: Any, headers: dict[str, str]) -> str:
    parts = [f"{m.value}" if m.short_name in ("отв", "") else f"{m.value} {m.short_name}" for m in given]
    if attendance is not None:
        letter = headers["absent_letter"] if attendance.status == "absent" else headers["late_letter"]
        parts.append(letter + (headers["excused_letter"] if attendance.excused else ""))
    return ", ".join(parts)


# ---- the attendance register of a month -----------------------------------------------------------------

_MONTH = text("""
    SELECT l.date, a.student_id, a.status, a.excused FROM lesson l
      LEFT JOIN attendance a ON a.lesson_id = l.id
     WHERE l.class_id = :class_id AND l.date BETWEEN :start AND :end
""")


async def attendance_register(
    session: AsyncSession, actor: Actor, class_id: int, month: dt.date, headers: dict[str, str]
) -> Export:
    """The month of `month` (any day of it): the class's school days with lessons, per student."""
    school_class = await class_for_export(session, actor, class_id)
    start = month.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    days: set[dt.date] = set()
    missed: dict[tuple[int, dt.date], list[Any]] = defaultdict(list)
    for row in await session.execute(_MONTH, {"class_id": class_id, "start": start, "end": end}):
        days.add(row.date)
        if row.student_id is not None:
            missed[(row.student_id, row.date)].append(row)
    roster = await _roster(session, class_id)
    content = _register_book(sorted(days), roster, missed, headers)
    return Export(f"{school_class.label} {headers['register']} {start:%Y-%m}.xlsx", content)


def _register_book(
    days: list[dt.date],
    roster: list[Any],
    missed: dict[tuple[int, dt.date], list[Any]],
    headers: dict[str, str],
) -> bytes:
    book, sheet = new_book(headers["register"])
    append_row(
        sheet,
        [
            headers["student"],
            *(f"{day:%d.%m}" for day in days),
            headers["absent"],
            headers["excused"],
            headers["late"],
        ],
    )
    for student in roster:
        cells: list[Any] = [short_name(student.last_name, student.first_name, student.middle_name)]
        totals = [0, 0, 0]
        for day in days:
            rows = missed.get((student.id, day), [])
            absent = [r for r in rows if r.status == "absent"]
            excused = sum(r.excused for r in absent)
            late = len(rows) - len(absent)
            totals = [totals[0] + len(absent), totals[1] + excused, totals[2] + late]
            cells.append(_register_cell(len(absent), excused, late, headers))
        append_row(sheet, [*cells, *totals])
    sheet.freeze_panes = "B2"
    return saved(book)


def _register_cell(absent: int, excused: int, late: int, headers: dict[str, str]) -> str:
    """«2» lessons missed, «2у» excused, «1+1у» both; «о» for a lateness."""
    parts = []
    if absent - excused:
        parts.append(str(absent - excused))
    if excused:
        parts.append(f"{excused}{headers['excused_letter']}")
    text_cell = "+".join(parts)
    if late:
        text_cell += (" " if text_cell else "") + headers["late_letter"] * late
    return text_cell


# ---- what there is to export (the bot's menus) --------------------------------------------------------


@dataclass(frozen=True)
class ExportChoices:
    class_label: str
    subjects: list[tuple[int, str]]
    periods: list[PeriodRow]
    months: list[dt.date]  # the first day of each month of the year so far, newest first
    # The same class last year (5Б for 6Б), to export that year's journal: (its id, label, year's name).
    previous: tuple[int, str, str] | None = None


_SUBJECTS = text("""
    SELECT DISTINCT s.id, s.name FROM teaching_assignment ta JOIN subject s ON s.id = ta.subject_id
     WHERE ta.class_id = :class_id ORDER BY s.name
""")


async def choices(session: AsyncSession, actor: Actor, class_id: int, now: dt.datetime) -> ExportChoices:
    """What this class can be exported for: its subjects, the periods begun, the months so far."""
    school_class = await class_for_export(session, actor, class_id)
    today = await school_today(session, school_class.school_id, now)
    subjects = [(row.id, row.name) for row in await session.execute(_SUBJECTS, {"class_id": class_id})]
    query = select(Period).where(Period.academic_year_id == school_class.academic_year_id)
    periods = [
        PeriodRow(p.id, p.kind, p.number, p.starts_on, p.ends_on)
        for p in await session.scalars(query.order_by(Period.starts_on, Period.kind))
        if p.starts_on <= today
    ]
    first = min((p.starts_on for p in periods), default=today).replace(day=1)
    last = min([today, *(p.ends_on for p in periods if p.kind == "year")])  # a past year's end
    months, month = [], last.replace(day=1)
    while month >= first:
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    previous = await _previous_class(session, school_class)
    return ExportChoices(school_class.label, subjects, periods, months, previous)


_PREVIOUS = text("""
    SELECT c.id, c.grade_level || c.letter AS label, y.name
      FROM school_class c JOIN academic_year y ON y.id = c.academic_year_id
     WHERE c.school_id = :school_id AND c.grade_level = :grade - 1 AND c.letter = :letter
       AND y.starts_on < (SELECT starts_on FROM academic_year WHERE id = :year_id)
     ORDER BY y.starts_on DESC LIMIT 1
""")


async def _previous_class(session: AsyncSession, school_class: SchoolClass) -> tuple[int, str, str] | None:
    """The class it was last year (the rollover moved 5Б up to 6Б), if the journal has it."""
    params = {
        "school_id": school_class.school_id,
        "grade": school_class.grade_level,
        "letter": school_class.letter,
        "year_id": school_class.academic_year_id,
    }
    row = (await session.execute(_PREVIOUS, params)).first()
    return (int(row.id), str(row.label), str(row.name)) if row is not None else None
