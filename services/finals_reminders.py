"""Reminders of final marks still missing (the regulation: finals are due within 4 days after a
period ends). From a week before a period ends, teachers with finals missing are reminded weekly;
after it ends, daily until the deadline; on the deadline the deputies get the list of what is still
missing, by teacher and class. One statement per school and period, however many classes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.absence_summary import CUSTOM_PLANS
from services.calendar import school_today
from services.events import FinalsMissingNotice, FinalsReminderNotice
from services.family_views import PeriodRow
from services.names import short_name
from services.notify import enqueue_rows, rows
from services.staff import deputy_accounts

DEADLINE_DAYS = 4
WEEK = 7

_PERIODS = text("""
    SELECT p.id, p.kind, p.number, p.starts_on, p.ends_on FROM period p
     WHERE p.school_id = :school_id
       AND p.academic_year_id = (SELECT y.id FROM academic_year y WHERE y.school_id = :school_id
                                 ORDER BY y.starts_on DESC LIMIT 1)
""")

# Per teacher, class and subject he teaches there: how many students have no final for the period.
_MISSING = text("""
    SELECT DISTINCT ON (ta.teacher_id, c.id, sub.id)
           ta.teacher_id, s.tg_user_id, s.last_name, s.first_name, s.middle_name,
           c.id AS class_id, c.grade_level, c.letter, sub.id AS subject_id, sub.name AS subject,
           (SELECT count(*) FROM student st
             WHERE st.class_id = c.id AND NOT EXISTS (
                   SELECT 1 FROM final_mark fm
                    WHERE fm.student_id = st.id AND fm.subject_id = sub.id AND fm.period_id = :period_id)
           ) AS missing
      FROM teaching_assignment ta
      JOIN staff s ON s.id = ta.teacher_id
      JOIN school_class c ON c.id = ta.class_id
      JOIN period p ON p.id = :period_id AND p.academic_year_id = c.academic_year_id
      JOIN subject sub ON sub.id = ta.subject_id
     WHERE ta.school_id = :school_id AND c.grade_level > 1
     ORDER BY ta.teacher_id, c.id, sub.id
""")


_TOLD_TODAY = text("SELECT dedupe_key FROM outbox WHERE dedupe_key = ANY(:keys)")


def reminder_due(period: PeriodRow, today: dt.date) -> tuple[bool, bool]:
    """(remind the teachers today, send the deputies the list today) for this period."""
    before_end = (period.ends_on - today).days
    after_end = (today - period.ends_on).days
    weekly = 0 <= before_end <= WEEK and before_end % WEEK == 0
    daily = 0 < after_end <= DEADLINE_DAYS
    return weekly or daily, after_end == DEADLINE_DAYS


async def remind(
    session: AsyncSession, school_id: int, today: dt.date, *, now: dt.datetime, run_key: str
) -> int:
    """Today's reminders for every period that calls for one, one message a person whatever the
    number of periods due (a trimester and the year end on one day), and one a day whatever the number
    of runs (`run_key` names the run, but these are keyed by the day); returns how many messages."""
    await session.execute(CUSTOM_PLANS)
    for_teachers: dict[int, list[dict[str, Any]]] = defaultdict(list)  # account → a section a period
    for_deputies: list[dict[str, Any]] = []
    for p in await session.execute(_PERIODS, {"school_id": school_id}):
        period = PeriodRow(p.id, p.kind, p.number, p.starts_on, p.ends_on)
        teachers_today, deputies_today = reminder_due(period, today)
        if not (teachers_today or deputies_today):
            continue
        params = {"school_id": school_id, "period_id": period.period_id}
        missing = [row for row in await session.execute(_MISSING, params) if row.missing]
        head = {
            "period_id": period.period_id,
            "period_kind": period.kind,
            "period_number": period.number,
            "deadline": (period.ends_on + dt.timedelta(days=DEADLINE_DAYS)).isoformat(),
        }
        if teachers_today:
            for account, items in _by_teacher(missing).items():
                for_teachers[account].append({**head, "items": items})
        if deputies_today and missing:
            for_deputies.append({**head, "items": [_deputy_item(row) for row in missing]})
    written_on = (await school_today(session, school_id, now)).isoformat()
    # Keyed by the day, not the run: a person hears of missing finals once a day however many runs
    # there are (a run by hand after the scheduled one, or the end-of-period and the deadline runs
    # pressed one after the other in the sandbox: teachers got the reminder twice).
    day_key = f"day:{written_on}"
    batch = [
        row
        for account, sections in for_teachers.items()
        for row in rows(
            school_id=school_id,
            recipients=[account],
            event=FinalsReminderNotice.model_validate(_one_notice(sections, written_on)),
            not_before=now,
            event_key=day_key,
        )
    ]
    if for_deputies:
        batch += rows(
            school_id=school_id,
            recipients=await deputy_accounts(session, school_id),
            event=FinalsMissingNotice.model_validate(_one_notice(for_deputies, written_on)),
            not_before=now,
            event_key=day_key,
        )
    told = set(await session.scalars(_TOLD_TODAY, {"keys": [row["dedupe_key"] for row in batch]}))
    batch = [row for row in batch if row["dedupe_key"] not in told]
    await enqueue_rows(session, batch)
    return len(batch)


def _one_notice(sections: list[dict[str, Any]], written_on: str) -> dict[str, Any]:
    """The first period's section at the head of the notice, the others after it."""
    first, *more = sorted(
        sections, key=lambda section: (section["deadline"], section["period_kind"] == "year")
    )
    return {**first, "more": more, "written_on": written_on}


def _deputy_item(row: Any) -> dict[str, Any]:
    return {
        "teacher": short_name(row.last_name, row.first_name, row.middle_name),
        "class": f"{row.grade_level}{row.letter}",
        "subject": row.subject,
        "missing": row.missing,
    }


def _by_teacher(missing: list[Any]) -> dict[int, list[dict[str, Any]]]:
    by_teacher: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in missing:
        if row.tg_user_id is not None:
            by_teacher[row.tg_user_id].append(
                {
                    "class_id": row.class_id,
                    "class": f"{row.grade_level}{row.letter}",
                    "subject_id": row.subject_id,
                    "subject": row.subject,
                    "missing": row.missing,
                }
            )
    return by_teacher
