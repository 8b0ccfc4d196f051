"""The deputies' control report: how completely the journal is kept, per teacher, class and subject,
for a period up to today. Lessons without attendance, without topic, without homework, and subjects
without a mark for too long. On demand and monthly; as a message and as XLSX.

Lessons exist once a teacher opens his day (or the daily nudge makes them); those nobody opened are
made from the timetable for the whole range first, in one statement, so a lesson never opened counts
as not filled rather than not there. Two statements per school and period, however many classes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models.enums import Role
from services import access
from services.absence_summary import CUSTOM_PLANS
from services.audit import Actor
from services.errors import AccessDenied
from services.events import ControlReportNotice
from services.family_views import PeriodRow, current_period, year_periods
from services.lessons import ensure_school_lessons
from services.names import short_name
from services.notify import enqueue_rows, rows
from services.spreadsheet import append_row, new_book, saved
from services.staff import deputy_accounts

NO_MARKS_DAYS = 14  # a subject with no mark for this long is flagged

_REPORT = text("""
    SELECT s.id AS staff_id, s.last_name, s.first_name, s.middle_name,
           c.grade_level, c.letter, sub.name AS subject,
           count(*) AS lessons,
           count(*) FILTER (WHERE l.attendance_taken_at IS NULL) AS no_attendance,
           count(*) FILTER (WHERE coalesce(btrim(l.topic), '') = '') AS no_topic,
           count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM homework h WHERE h.lesson_id = l.id))
             AS no_homework,
           max(l.date) FILTER (WHERE EXISTS (SELECT 1 FROM mark m WHERE m.lesson_id = l.id)) AS last_mark
      FROM lesson l
      JOIN staff s ON s.id = coalesce(l.substitute_teacher_id, l.teacher_id)
      JOIN school_class c ON c.id = l.class_id
      JOIN subject sub ON sub.id = l.subject_id
     WHERE l.school_id = :school_id AND l.date BETWEEN :start AND :end
       AND l.status = 'scheduled'  -- a cancelled lesson, or one moved away, has nothing to fill
     GROUP BY s.id, c.id, sub.id
     ORDER BY s.last_name, s.first_name, c.grade_level, c.letter, sub.name
""")
_SCHOOL = text("""
    SELECT s.timezone, (SELECT y.id FROM academic_year y WHERE y.school_id = s.id
                        ORDER BY y.starts_on DESC LIMIT 1) AS year_id
      FROM school s WHERE s.id = :school_id
""")


@dataclass(frozen=True)
class ReportLine:
    teacher: str
    class_label: str
    subject: str
    grade_level: int
    lessons: int
    no_attendance: int
    no_topic: int
    no_homework: int
    last_mark: dt.date | None
    days_without_marks: int | None  # None: marks are not given in grade 1

    @property
    def complete(self) -> bool:
        stale = self.days_without_marks is not None and self.days_without_marks > NO_MARKS_DAYS
        return not (self.no_attendance or self.no_topic or self.no_homework or stale)


@dataclass(frozen=True)
class ControlReport:
    periods: tuple[PeriodRow, ...]
    period: PeriodRow
    until: dt.date
    lines: tuple[ReportLine, ...]

    @property
    def incomplete(self) -> tuple[ReportLine, ...]:
        return tuple(line for line in self.lines if not line.complete)


async def build(
    session: AsyncSession, school_id: int, period_id: int | None, *, now: dt.datetime
) -> ControlReport:
    """The report for the period (the current one unless named), up to today."""
    school = (await session.execute(_SCHOOL, {"school_id": school_id})).one_or_none()
    if school is None or school.year_id is None:
        raise AccessDenied()
    today = now.astimezone(ZoneInfo(school.timezone)).date()
    periods = await year_periods(session, school.year_id)
    if not periods:
        raise AccessDenied()
    chosen = [p for p in periods if p.period_id == period_id]
    period = chosen[0] if chosen else current_period(periods, today)
    until = min(period.ends_on, today)
    params = {"school_id": school_id, "start": period.starts_on, "end": until}
    await session.execute(CUSTOM_PLANS)
    if until >= period.starts_on:
        await ensure_school_lessons(session, school_id, period.starts_on, until)
    lines = tuple(
        ReportLine(
            teacher=short_name(row.last_name, row.first_name, row.middle_name),
            class_label=f"{row.grade_level}{row.letter}",
            subject=row.subject,
            grade_level=row.grade_level,
            lessons=row.lessons,
            no_attendance=row.no_attendance,
            no_topic=row.no_topic,
            no_homework=row.no_homework,
            last_mark=row.last_mark,
            days_without_marks=None
            if row.grade_level == 1
            else (until - (row.last_mark or period.starts_on)).days,
        )
        for row in await session.execute(_REPORT, params)
    )
    return ControlReport(periods, period, until, lines)


async def for_deputy(
    session: AsyncSession, actor: Actor, school_id: int, period_id: int | None, *, now: dt.datetime
) -> ControlReport:
    access.require_any_role(actor, (Role.DEPUTY, Role.COORDINATOR), school_id)
    return await build(session, school_id, period_id, now=now)


# ---- monthly, to the deputies -----------------------------------------------------------------------


async def send_monthly(session: AsyncSession, school_id: int, *, now: dt.datetime, run_key: str) -> int:
    """Each deputy who joined gets the report of the period under way yesterday (on the 1st, the
    month just ended belongs to it): a summary and a button for the file."""
    report = await build(session, school_id, None, now=now - dt.timedelta(days=1))
    deputies = await deputy_accounts(session, school_id)
    batch = rows(
        school_id=school_id,
        recipients=deputies,
        event=report_notice(report, school_id),
        not_before=now,
        event_key=run_key,
    )
    await enqueue_rows(session, batch)
    return len(batch)


SHOWN_LINES = 30  # in the message; the file has every line


def report_notice(report: ControlReport, school_id: int) -> ControlReportNotice:
    """The report as the message shows it (the monthly notice and the on-demand screen alike)."""
    return ControlReportNotice.model_validate(
        {
            "school_id": school_id,
            "period_id": report.period.period_id,
            "period_kind": report.period.kind,
            "period_number": report.period.number,
            "until": report.until,
            "lines": len(report.lines),
            "incomplete": [_line_payload(line) for line in report.incomplete[:SHOWN_LINES]],
            "incomplete_count": len(report.incomplete),
        }
    )


def _line_payload(line: ReportLine) -> dict[str, object]:
    return {
        "teacher": line.teacher,
        "class": line.class_label,
        "subject": line.subject,
        "lessons": line.lessons,
        "no_attendance": line.no_attendance,
        "no_topic": line.no_topic,
        "no_homework": line.no_homework,
        "days_without_marks": line.days_without_marks,
    }


# ---- the XLSX --------------------------------------------------------------------------------------


XLSX_COLUMNS = (
    "teacher", "class", "subject", "lessons", "no_attendance", "no_topic", "no_homework", "last_mark", "days",
)  # fmt: skip
XLSX_WORDS = ("sheet", *XLSX_COLUMNS)  # what `headers` must name


def report_xlsx(report: ControlReport, headers: dict[str, str]) -> bytes:
    """Every line of the report; `headers` names XLSX_WORDS in the reader's language."""
    book, sheet = new_book(headers["sheet"])
    append_row(sheet, [headers[column] for column in XLSX_COLUMNS])
    for line in report.lines:
        append_row(
            sheet,
            [
                line.teacher,
                line.class_label,
                line.subject,
                line.lessons,
                line.no_attendance,
                line.no_topic,
                line.no_homework,
                line.last_mark,
                line.days_without_marks,
            ],
        )
    return saved(book)
