"""Report cards (табель успеваемости) of a period: per student, the marks of each subject he is taught
with the weighted average and the period's final mark, the absences and lateness (excused or not) and
the class teacher's remarks; grade 1 gets no marks (the regulation), so its cards hold attendance and
remarks only.

A family gets its own child's card (any other id is refused alike); the class teacher his class's set,
the administration any class's (one PDF, services/report_card_pdf.py). The data of a whole class is a
fixed handful of statements, however many students and marks. When a period's finals are in (or their
deadline passed) the families are told once, per account, child and period, that the card is ready.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models import SchoolClass
from models.enums import PeriodKind
from services.audit import Actor
from services.calendar import school_today
from services.errors import AccessDenied
from services.events import ReportCardReadyNotice
from services.exports import class_for_export
from services.family import children_of
from services.family_views import PeriodRow, current_period, periods_of, year_periods
from services.finals_reminders import DEADLINE_DAYS
from services.grading import Weighted, weighted_average
from services.names import name_key, normalize, short_name
from services.notify import enqueue_rows, rows

# Families are told of a period's cards from the day after it ends until this many days after: a bot
# started in March does not announce the first trimester's cards.
READY_WINDOW_DAYS = 14


@dataclass(frozen=True)
class SubjectResult:
    subject_id: int
    name: str
    marks: tuple[Weighted, ...]  # in the order they were given
    final: int | None  # the period's final mark, once set

    @property
    def average(self) -> Fraction | None:
        return weighted_average(self.marks)


@dataclass(frozen=True)
class Misses:
    """Lessons missed and lateness in the period (attendance keeps only the exceptions)."""

    absent: int = 0
    absent_excused: int = 0
    late: int = 0
    late_excused: int = 0


@dataclass(frozen=True)
class RemarkLine:
    day: dt.date  # in the school's time
    author: str
    text: str


@dataclass(frozen=True)
class ReportCard:
    school: str
    class_label: str
    student_id: int
    student: str  # the full name
    period: PeriodRow
    year: str  # the school year's name, «2026/2027»
    made_on: dt.date  # the school's date it was made
    marked: bool  # False in grade 1, which gets no marks
    subjects: tuple[SubjectResult, ...]
    misses: Misses
    remarks: tuple[RemarkLine, ...]

    @property
    def short_name(self) -> str:
        last, *rest = self.student.split()
        return short_name(last, *rest[:2]) if rest else last


@dataclass(frozen=True)
class ClassReportCards:
    class_id: int
    class_label: str
    period: PeriodRow
    cards: tuple[ReportCard, ...]  # in the roster's alphabetical order


@dataclass(frozen=True)
class ClassPeriods:
    class_id: int
    class_label: str
    periods: tuple[PeriodRow, ...]  # those a set can be made for, in order
    current: PeriodRow | None


def card_periods(periods: Sequence[PeriodRow], today: dt.date) -> tuple[PeriodRow, ...]:
    """The periods a family's report card can be made for, in order: the year's parts (trimesters,
    half-years; not the year as a whole) begun by `today`, of the year whose part is under way (in the
    summer after a new year was set up, last year's, as the marks screen shows it)."""
    if not periods:
        return ()
    year = current_period(tuple(periods), today).past_year
    return tuple(
        p for p in periods if p.kind != PeriodKind.YEAR.value and p.past_year == year and p.starts_on <= today
    )


# ---- gathering --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Head:
    class_id: int
    class_label: str
    grade_level: int
    academic_year_id: int
    school: str
    zone: ZoneInfo
    year: str


@dataclass(frozen=True)
class _Pupil:
    student_id: int
    full_name: str


_HEAD = text("""
    SELECT s.name AS school, s.timezone, y.name AS year
      FROM school s JOIN academic_year y ON y.id = :year_id
     WHERE s.id = :school_id
""")
# Everyone who was in the class (a past year's class keeps its students after they moved up or left),
# but not one who moved on to another class of the same year.
_STUDENTS = text("""
    SELECT s.id, s.last_name, s.first_name, s.middle_name FROM student s
      JOIN class_enrollment e ON e.student_id = s.id AND e.class_id = :class_id
      JOIN school_class now_in ON now_in.id = s.class_id
     WHERE s.class_id = :class_id OR now_in.academic_year_id <> :year_id
""")
# The subjects the class is taught (its teachers' assignments and its timetable).
_CLASS_SUBJECTS = text("""
    SELECT s.id, s.name FROM subject s
     WHERE s.id IN (SELECT subject_id FROM teaching_assignment WHERE class_id = :class_id
                    UNION SELECT subject_id FROM timetable_slot WHERE class_id = :class_id)
""")
# As the family's marks screen reads them (services/family_views.py): the student's marks of the
# period's days, in the order given.
_MARKS = text("""
    SELECT m.student_id, l.subject_id, s.name AS subject, m.value, k.weight
      FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN mark_kind k ON k.id = m.kind_id
      JOIN subject s ON s.id = l.subject_id
     WHERE m.student_id = ANY(:students) AND l.date BETWEEN :starts_on AND :ends_on
     ORDER BY m.student_id, l.date, l.lesson_number, m.id
""")
_FINALS = text("""
    SELECT f.student_id, f.subject_id, s.name AS subject, f.value
      FROM final_mark f JOIN subject s ON s.id = f.subject_id
     WHERE f.student_id = ANY(:students) AND f.period_id = :period_id
""")
_MISSES = text("""
    SELECT a.student_id, a.status, a.excused, count(*) AS n
      FROM attendance a JOIN lesson l ON l.id = a.lesson_id
     WHERE a.student_id = ANY(:students) AND l.date BETWEEN :starts_on AND :ends_on
       AND l.status = 'scheduled'
     GROUP BY a.student_id, a.status, a.excused
""")
_REMARKS = text("""
    SELECT r.student_id, (r.created_at AT TIME ZONE :zone)::date AS day, r.text,
           st.last_name, st.first_name, st.middle_name
      FROM remark r LEFT JOIN staff st ON st.id = r.author_id
     WHERE r.student_id = ANY(:students)
       AND (r.created_at AT TIME ZONE :zone)::date BETWEEN :starts_on AND :ends_on
     ORDER BY r.created_at, r.id
""")


async def _head(session: AsyncSession, school_class: SchoolClass) -> _Head:
    params = {"school_id": school_class.school_id, "year_id": school_class.academic_year_id}
    row = (await session.execute(_HEAD, params)).one()
    return _Head(
        school_class.id,
        school_class.label,
        school_class.grade_level,
        school_class.academic_year_id,
        row.school,
        ZoneInfo(row.timezone),
        row.year,
    )


async def _gather(
    session: AsyncSession, head: _Head, period: PeriodRow, pupils: Sequence[_Pupil], made_on: dt.date
) -> tuple[ReportCard, ...]:
    """The cards of these students of the class for the period: five statements for any number."""
    ids = [pupil.student_id for pupil in pupils]
    span = {"students": ids, "starts_on": period.starts_on, "ends_on": period.ends_on}
    marked = head.grade_level > 1
    taught = {row.id: row.name for row in await session.execute(_CLASS_SUBJECTS, {"class_id": head.class_id})}
    names: dict[int, dict[int, str]] = defaultdict(dict)  # student → his subjects beyond the class's
    marks: dict[tuple[int, int], list[Weighted]] = defaultdict(list)
    finals: dict[tuple[int, int], int] = {}
    if marked:
        for row in await session.execute(_MARKS, span):
            names[row.student_id][row.subject_id] = row.subject
            marks[(row.student_id, row.subject_id)].append(Weighted(row.value, float(row.weight)))
        finals_params = {"students": ids, "period_id": period.period_id}
        for row in await session.execute(_FINALS, finals_params):
            names[row.student_id][row.subject_id] = row.subject
            finals[(row.student_id, row.subject_id)] = row.value
    misses: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in await session.execute(_MISSES, span):
        key = row.status + ("_excused" if row.excused else "")
        misses[row.student_id][key] += row.n
    remarks: dict[int, list[RemarkLine]] = defaultdict(list)
    for row in await session.execute(_REMARKS, {**span, "zone": head.zone.key}):
        author = short_name(row.last_name, row.first_name, row.middle_name) if row.last_name else ""
        remarks[row.student_id].append(RemarkLine(row.day, author, row.text))
    cards = []
    for pupil in pupils:
        student_id = pupil.student_id
        subjects: tuple[SubjectResult, ...] = ()
        if marked:
            his = {**taught, **names.get(student_id, {})}
            subjects = tuple(
                SubjectResult(
                    subject_id,
                    name,
                    tuple(marks.get((student_id, subject_id), ())),
                    finals.get((student_id, subject_id)),
                )
                for subject_id, name in sorted(his.items(), key=lambda item: (normalize(item[1]), item[0]))
            )
        counted = misses.get(student_id, {})
        cards.append(
            ReportCard(
                school=head.school,
                class_label=head.class_label,
                student_id=student_id,
                student=pupil.full_name,
                period=period,
                year=head.year,
                made_on=made_on,
                marked=marked,
                subjects=subjects,
                misses=Misses(
                    absent=counted.get("absent", 0) + counted.get("absent_excused", 0),
                    absent_excused=counted.get("absent_excused", 0),
                    late=counted.get("late", 0) + counted.get("late_excused", 0),
                    late_excused=counted.get("late_excused", 0),
                ),
                remarks=tuple(remarks.get(student_id, ())),
            )
        )
    return tuple(cards)


def _full_name(*parts: str | None) -> str:
    return " ".join(part for part in parts if part)


def _chosen(periods: Sequence[PeriodRow], period_id: int | None, today: dt.date) -> PeriodRow:
    """The period asked for (one of the year's parts), or the one under way."""
    parts = [p for p in periods if p.kind != PeriodKind.YEAR.value]
    if period_id is None:
        if not parts:
            raise AccessDenied()
        return current_period(tuple(parts), today)
    chosen = next((p for p in parts if p.period_id == period_id), None)
    if chosen is None:
        raise AccessDenied()
    return chosen


# ---- a family's own child ---------------------------------------------------------------------------------


# The class the child was in during that period's year (his class now, for this year's periods).
_CHILD_CLASS = text("""
    SELECT c.id FROM school_class c
      JOIN class_enrollment e ON e.class_id = c.id AND e.student_id = :student_id
      JOIN period p ON p.id = :period_id AND p.academic_year_id = c.academic_year_id
     ORDER BY c.id = :class_id DESC, c.id DESC LIMIT 1
""")


async def child_report_card(
    session: AsyncSession, actor: Actor, student_id: int, period_id: int, *, now: dt.datetime
) -> ReportCard:
    """One child's card for a period his marks screen offers it for (`card_periods`), for his own
    family (or himself); any other child or period is refused the same way whether it exists or not."""
    child = next((c for c in await children_of(session, actor) if c.student_id == student_id), None)
    if child is None:
        raise AccessDenied()
    periods, zone, _ = await periods_of(session, child.student_id)
    today = now.astimezone(zone).date()
    period = next((p for p in card_periods(periods, today) if p.period_id == period_id), None)
    if period is None:
        raise AccessDenied()
    params = {"student_id": child.student_id, "period_id": period.period_id, "class_id": child.class_id}
    class_id = await session.scalar(_CHILD_CLASS, params)
    school_class = await session.get(SchoolClass, class_id) if class_id is not None else None
    if school_class is None:
        raise AccessDenied()
    head = await _head(session, school_class)
    (card,) = await _gather(session, head, period, [_Pupil(child.student_id, child.full_name)], today)
    return card


# ---- a class's set ----------------------------------------------------------------------------------------


async def class_periods(
    session: AsyncSession, actor: Actor, class_id: int, *, now: dt.datetime
) -> ClassPeriods:
    """The periods a class's set can be made for, for its class teacher or the administration."""
    school_class = await class_for_export(session, actor, class_id)
    today = await school_today(session, school_class.school_id, now)
    periods = await year_periods(session, school_class.academic_year_id)
    parts = tuple(p for p in periods if p.kind != PeriodKind.YEAR.value)
    begun = card_periods(periods, today)
    current = current_period(parts, today) if parts else None
    return ClassPeriods(school_class.id, school_class.label, begun or parts[:1], current)


async def class_report_cards(
    session: AsyncSession, actor: Actor, class_id: int, period_id: int | None, *, now: dt.datetime
) -> ClassReportCards:
    """Every student's card of the class for the period (the one under way unless named), in the
    roster's alphabetical order; for its class teacher or the administration (and the CLI)."""
    school_class = await class_for_export(session, actor, class_id)
    head = await _head(session, school_class)
    today = now.astimezone(head.zone).date()
    period = _chosen(await year_periods(session, head.academic_year_id), period_id, today)
    found = await session.execute(_STUDENTS, {"class_id": class_id, "year_id": head.academic_year_id})
    ordered = sorted(found, key=lambda r: (*name_key(r.last_name, r.first_name, r.middle_name or ""), r.id))
    pupils = [_Pupil(r.id, _full_name(r.last_name, r.first_name, r.middle_name)) for r in ordered]
    cards = await _gather(session, head, period, pupils, today) if pupils else ()
    return ClassReportCards(class_id, head.class_label, period, cards)


# ---- «the report card is ready» ---------------------------------------------------------------------------

_ENDED = text("""
    SELECT p.id, p.kind, p.number, p.starts_on, p.ends_on, p.academic_year_id FROM period p
     WHERE p.school_id = :school_id AND p.kind <> 'year'
       AND p.ends_on < :today AND p.ends_on >= :since
       AND p.academic_year_id = (SELECT y.id FROM academic_year y WHERE y.school_id = :school_id
                                 ORDER BY y.starts_on DESC LIMIT 1)
""")
# Per class of the period's year: does every student at school have a final for the period in every
# subject the class is taught (grade 1 gets none: its finals are in by the rule)?
_CLASSES = text("""
    SELECT c.id, c.grade_level, c.letter,
           c.grade_level = 1 OR NOT EXISTS (
               SELECT 1 FROM student st JOIN teaching_assignment ta ON ta.class_id = c.id
                WHERE st.class_id = c.id AND st.graduated_on IS NULL
                  AND NOT EXISTS (SELECT 1 FROM final_mark fm
                                   WHERE fm.student_id = st.id AND fm.subject_id = ta.subject_id
                                     AND fm.period_id = :period_id)) AS finals_in
      FROM school_class c WHERE c.academic_year_id = :year_id
""")
# The joined family accounts of the students of these classes: parents who gave consent, the student.
_FAMILIES = text("""
    SELECT st.id, st.class_id, st.last_name, st.first_name, st.middle_name, g.tg_user_id AS account
      FROM student st JOIN guardian_link gl ON gl.student_id = st.id JOIN guardian g ON g.id = gl.guardian_id
     WHERE st.class_id = ANY(:classes) AND st.graduated_on IS NULL
       AND g.tg_user_id IS NOT NULL AND g.consent_given_at IS NOT NULL
    UNION
    SELECT st.id, st.class_id, st.last_name, st.first_name, st.middle_name, st.tg_user_id AS account
      FROM student st
     WHERE st.class_id = ANY(:classes) AND st.graduated_on IS NULL AND st.tg_user_id IS NOT NULL
""")
_TOLD = text("SELECT dedupe_key FROM outbox WHERE dedupe_key = ANY(:keys)")


def finals_deadline_passed(period: PeriodRow, today: dt.date) -> bool:
    return today > period.ends_on + dt.timedelta(days=DEADLINE_DAYS)


async def tell_ready(
    session: AsyncSession, school_id: int, today: dt.date, *, now: dt.datetime, run_key: str
) -> int:
    """Tell the families of each class whose finals of a period just ended are all in (or whose
    deadline passed) that the child's report card is ready, with a button that sends it. Keyed by
    period, child and account, not by run: each is told once however many runs there are (`run_key`
    names the run only). Returns how many messages were queued."""
    since = today - dt.timedelta(days=READY_WINDOW_DAYS)
    batch: list[dict[str, Any]] = []
    for p in await session.execute(_ENDED, {"school_id": school_id, "today": today, "since": since}):
        period = PeriodRow(p.id, p.kind, p.number, p.starts_on, p.ends_on)
        late = finals_deadline_passed(period, today)
        classes = {
            row.id: f"{row.grade_level}{row.letter}"
            for row in await session.execute(
                _CLASSES, {"period_id": period.period_id, "year_id": p.academic_year_id}
            )
            if row.finals_in or late
        }
        if not classes:
            continue
        for row in await session.execute(_FAMILIES, {"classes": list(classes)}):
            event = ReportCardReadyNotice(
                student_id=row.id,
                student=_full_name(row.last_name, row.first_name, row.middle_name),
                first_name=row.first_name,
                class_label=classes[row.class_id],
                period_id=period.period_id,
                period_kind=period.kind,
                period_number=period.number,
            )
            batch += rows(
                school_id=school_id,
                recipients=[row.account],
                event=event,
                not_before=now,
                event_key=f"{period.period_id}:{row.id}",
            )
    if not batch:
        return 0
    told = set(await session.scalars(_TOLD, {"keys": [row["dedupe_key"] for row in batch]}))
    batch = [row for row in batch if row["dedupe_key"] not in told]
    await enqueue_rows(session, batch)
    return len(batch)
