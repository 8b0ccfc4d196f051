"""The class teacher's weekly absence summary, and his weekly correction: marking absences excused.

The regulation makes the class teacher correct missed-lesson records every week. On Friday (the
school's time) each class teacher gets, per student, the week's absences and lateness by day and
subject, excused or not, with totals; from it he marks absences excused with a reason (audited)
and takes the same table as an XLSX file. The whole school's week is read in one statement, however
many classes it has.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services import access, audit
from services.audit import Actor
from services.errors import InvalidInput
from services.events import WeekAbsencesNotice
from services.names import name_key, short_name
from services.notify import enqueue_rows, rows
from services.spreadsheet import append_row, new_book, saved

REASON_LIMIT = 200
# The reports read a school's slice of big tables with parameters that change the best plan (a
# school, a week): PostgreSQL's generic plan for a prepared statement, chosen after five runs, scanned
# all attendance of the region (seconds a school). A plan made for each run's values, in this
# transaction only.
CUSTOM_PLANS = text("SET LOCAL plan_cache_mode = force_custom_plan")


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Miss:
    """One absence or lateness: a lesson of the week."""

    lesson_id: int
    date: dt.date
    lesson_number: int
    subject: str
    status: str  # 'absent' or 'late'
    excused: bool
    reason: str | None


@dataclass(frozen=True)
class StudentWeek:
    student_id: int
    name: str
    misses: tuple[Miss, ...]

    def count(self, status: str, *, excused: bool | None = None) -> int:
        return sum(m.status == status and (excused is None or m.excused == excused) for m in self.misses)


@dataclass(frozen=True)
class ClassWeek:
    class_id: int
    label: str
    monday: dt.date
    students: tuple[StudentWeek, ...]  # only those with something to show

    def total(self, status: str, *, excused: bool | None = None) -> int:
        return sum(s.count(status, excused=excused) for s in self.students)


_WEEK = text("""
    SELECT c.id AS class_id, c.grade_level, c.letter, st.id AS student_id,
           st.last_name, st.first_name, st.middle_name,
           l.id AS lesson_id, l.date, l.lesson_number, sub.name AS subject, a.status, a.excused, a.reason
      FROM attendance a
      JOIN lesson l ON l.id = a.lesson_id
      JOIN student st ON st.id = a.student_id
      JOIN school_class c ON c.id = st.class_id
      JOIN subject sub ON sub.id = l.subject_id
     WHERE l.school_id = :school_id AND l.date BETWEEN :monday AND :sunday
       AND (CAST(:class_id AS bigint) IS NULL OR c.id = :class_id)
     ORDER BY l.date, l.lesson_number
""")


async def school_weeks(
    session: AsyncSession, school_id: int, monday: dt.date, class_id: int | None = None
) -> dict[int, ClassWeek]:
    """Every class's week (or one class's) that has absences or lateness, by class id."""
    params = {
        "school_id": school_id,
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "class_id": class_id,
    }
    await session.execute(CUSTOM_PLANS)
    labels: dict[int, str] = {}
    names: dict[int, tuple[str, str, str | None]] = {}
    misses: dict[int, dict[int, list[Miss]]] = defaultdict(lambda: defaultdict(list))
    for row in await session.execute(_WEEK, params):
        labels[row.class_id] = f"{row.grade_level}{row.letter}"
        names[row.student_id] = (row.last_name, row.first_name, row.middle_name)
        misses[row.class_id][row.student_id].append(
            Miss(row.lesson_id, row.date, row.lesson_number, row.subject, row.status, row.excused, row.reason)
        )
    weeks = {}
    for cid, by_student in misses.items():
        ordered = sorted(by_student, key=lambda sid: (*name_key(*(p or "" for p in names[sid])), sid))
        students = tuple(StudentWeek(sid, short_name(*names[sid]), tuple(by_student[sid])) for sid in ordered)
        weeks[cid] = ClassWeek(cid, labels[cid], monday, students)
    return weeks


async def class_week(session: AsyncSession, actor: Actor, class_id: int, monday: dt.date) -> ClassWeek:
    """One class's week, for its class teacher (or the administration)."""
    school_class = await access.class_for_family_admin(session, actor, class_id)
    weeks = await school_weeks(session, school_class.school_id, monday, class_id)
    return weeks.get(class_id) or ClassWeek(class_id, school_class.label, monday, ())


# ---- the Friday job --------------------------------------------------------------------------------

_CLASS_TEACHERS = text("""
    SELECT c.id AS class_id, c.grade_level, c.letter, s.tg_user_id
      FROM school_class c JOIN staff s ON s.id = c.class_teacher_id
     WHERE c.school_id = :school_id AND s.tg_user_id IS NOT NULL
       AND c.academic_year_id = (SELECT y.id FROM academic_year y WHERE y.school_id = :school_id
                                 ORDER BY y.starts_on DESC LIMIT 1)
""")


async def send_summaries(
    session: AsyncSession, school_id: int, day: dt.date, *, now: dt.datetime, run_key: str
) -> int:
    """Each class teacher who joined gets his class's week (a class with nothing missed, too: the
    duty is done when he has looked). Two statements for the whole school; returns how many."""
    monday = monday_of(day)
    weeks = await school_weeks(session, school_id, monday)
    batch = []
    for row in await session.execute(_CLASS_TEACHERS, {"school_id": school_id}):
        label = f"{row.grade_level}{row.letter}"
        week = weeks.get(row.class_id) or ClassWeek(row.class_id, label, monday, ())
        batch += rows(
            school_id=school_id,
            recipients=[row.tg_user_id],
            event=week_notice(week),
            not_before=now,
            event_key=f"{run_key}:{row.class_id}",
        )
    await enqueue_rows(session, batch)
    return len(batch)


def week_notice(week: ClassWeek) -> WeekAbsencesNotice:
    """The class's week as the class teacher reads it (the Friday message and his screen alike)."""
    return WeekAbsencesNotice.model_validate(
        {
            "class_id": week.class_id,
            "class": week.label,
            "monday": week.monday,
            "students": [
                {
                    "name": s.name,
                    "misses": [(m.date, m.lesson_number, m.subject, m.status, m.excused) for m in s.misses],
                }
                for s in week.students
            ],
        }
    )


# ---- excusing --------------------------------------------------------------------------------------

_EXCUSE = text("""
    UPDATE attendance a SET excused = true, reason = :reason, updated_at = now()
      FROM lesson l
     WHERE a.lesson_id = l.id AND a.student_id = :student_id AND a.status = 'absent' AND NOT a.excused
       AND l.date BETWEEN :monday AND :sunday AND (CAST(:lesson_id AS bigint) IS NULL OR l.id = :lesson_id)
    RETURNING a.lesson_id, l.date, l.lesson_number
""")


async def excuse(
    session: AsyncSession,
    actor: Actor,
    student_id: int,
    monday: dt.date,
    reason: str,
    *,
    lesson_id: int | None = None,
) -> int:
    """Mark the student's unexcused absences of the week (or one lesson's) excused, with the reason;
    each change is audited. Returns how many absences changed."""
    reason = reason.strip()
    if not reason or len(reason) > REASON_LIMIT:
        raise InvalidInput("excuse-reason", limit=REASON_LIMIT)
    student = await access.student_for_family_admin(session, actor, student_id)
    changed = (
        await session.execute(
            _EXCUSE,
            {
                "student_id": student.id,
                "monday": monday,
                "sunday": monday + dt.timedelta(days=6),
                "lesson_id": lesson_id,
                "reason": reason,
            },
        )
    ).all()
    await audit.record_many(
        session,
        [
            audit.row(
                actor,
                "attendance.excused",
                "attendance",
                f"{row.lesson_id}:{student.id}",
                school_id=student.school_id,
                before={"excused": False},
                after={
                    "excused": True,
                    "reason": reason,
                    "date": row.date.isoformat(),
                    "lesson": row.lesson_number,
                },
            )
            for row in changed
        ],
    )
    return len(changed)


# ---- the XLSX --------------------------------------------------------------------------------------


def week_xlsx(week: ClassWeek, headers: dict[str, str]) -> bytes:
    """The week as a sheet: one row per absence or lateness, then each student's totals.
    `headers`: the column titles and words, in the reader's language."""
    book, sheet = new_book(week.label)
    append_row(
        sheet,
        [
            headers["student"],
            headers["date"],
            headers["lesson"],
            headers["subject"],
            headers["status"],
            headers["excused"],
            headers["reason"],
        ],
    )
    for student in week.students:
        for miss in student.misses:
            append_row(
                sheet,
                [
                    student.name,
                    miss.date,
                    miss.lesson_number,
                    miss.subject,
                    headers[miss.status],
                    headers["yes"] if miss.excused else headers["no"],
                    miss.reason or "",
                ],
            )
    totals = book.create_sheet(headers["totals"])
    append_row(totals, [headers["student"], headers["absent"], headers["excused"], headers["late"]])
    for student in week.students:
        append_row(
            totals,
            [
                student.name,
                student.count("absent"),
                student.count("absent", excused=True),
                student.count("late"),
            ],
        )
    append_row(
        totals,
        [headers["total"], week.total("absent"), week.total("absent", excused=True), week.total("late")],
    )
    return saved(book)
