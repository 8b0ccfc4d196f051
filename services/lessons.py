"""Lessons as a teacher fills them: the day's list, who may edit which lesson, and the lesson sheet.

The sheet is what every tap on the attendance and marks screens needs (the lesson, the school's
mark kinds, the roster with each student's attendance and marks, and who to tell about the tapped
student), read in one statement: the teacher's screens have a budget of a handful of statements per
tap, whatever the class size.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession

from models.enums import Role
from services import school_settings
from services.audit import Actor
from services.calendar import school_today
from services.errors import AccessDenied, ServiceError
from services.names import name_key
from services.school_settings import SchoolSettings


class Presence(enum.StrEnum):
    """What the attendance screen shows for a student; only absent and late are stored."""

    PRESENT = "p"
    ABSENT = "a"
    LATE = "l"

    @property
    def stored(self) -> str | None:
        return {Presence.ABSENT: "absent", Presence.LATE: "late"}.get(self)

    @classmethod
    def of(cls, stored: str | None) -> Presence:
        return {"absent": cls.ABSENT, "late": cls.LATE}.get(stored or "", cls.PRESENT)

    def next(self) -> Presence:
        """A tap cycles present → absent (Н) → late (О) → present."""
        order = (Presence.PRESENT, Presence.ABSENT, Presence.LATE)
        return order[(order.index(self) + 1) % len(order)]


@dataclass(frozen=True)
class KindInfo:
    kind_id: int
    code: str
    name: str
    short_name: str
    weight: float


@dataclass(frozen=True)
class SheetMark:
    mark_id: int
    value: int
    kind_id: int
    comment: str | None


@dataclass(frozen=True)
class SheetStudent:
    student_id: int
    last_name: str
    first_name: str
    middle_name: str
    presence: Presence
    excused: bool
    marks: tuple[SheetMark, ...]
    recipients: tuple[int, ...]  # Telegram accounts to tell about him; filled for the tapped one only

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def short_name(self) -> str:
        return f"{self.last_name} {self.first_name[:1]}." if self.first_name else self.last_name


@dataclass(frozen=True)
class LessonInfo:
    lesson_id: int
    school_id: int
    class_id: int
    class_label: str
    grade_level: int
    subject_id: int
    subject: str
    date: dt.date
    lesson_number: int
    subgroup: int
    teacher_id: int
    substitute_id: int | None
    topic: str | None
    attendance_taken: bool
    zone: ZoneInfo
    settings: SchoolSettings
    unlocked_until: dt.datetime | None
    acting_staff_id: int  # the teacher (or substitute) opening it
    status: str = "scheduled"  # 'cancelled', or 'moved' away (services/lesson_changes.py)

    @property
    def marks_allowed(self) -> bool:
        """The regulation: grade 1 gets no marks in any subject."""
        return self.grade_level > 1


@dataclass
class LessonSheet:
    lesson: LessonInfo
    kinds: tuple[KindInfo, ...]
    students: list[SheetStudent] = field(default_factory=list)
    # The kind of the test planned for this class and subject that day (services/planned_tests.py).
    test_kind_id: int | None = None

    def student(self, student_id: int) -> SheetStudent:
        for student in self.students:
            if student.student_id == student_id:
                return student
        raise AccessDenied()  # not in this lesson's roster: forged or stale

    def kind(self, kind_id: int) -> KindInfo:
        for kind in self.kinds:
            if kind.kind_id == kind_id:
                return kind
        raise AccessDenied()

    def replace_student(self, student: SheetStudent) -> None:
        self.students = [student if s.student_id == student.student_id else s for s in self.students]

    @property
    def default_kind(self) -> KindInfo:
        """The planned test's kind on its day (its marks are the test's), else the school's first."""
        planned = next((kind for kind in self.kinds if kind.kind_id == self.test_kind_id), None)
        return planned or self.kinds[0]


# One statement, one row, for the whole sheet: the lesson, its school's mark kinds, the roster with
# attendance, the marks, and the recipients of the students a change is about, each as arrays in
# a fixed order (asyncpg decodes arrays natively; thirty rows repeating the lesson cost more).
_ORDER = "ORDER BY r.last_name, r.first_name, r.middle_name, r.id"
_MARK_ORDER = "ORDER BY m.created_at, m.id"
_KINDS = "FROM mark_kind k WHERE k.school_id = l.school_id"
_KIND_ORDER = "ORDER BY k.sort_order, k.id"
_SHEET = text(f"""
    WITH l AS (
        SELECT * FROM lesson
         WHERE id = coalesce(:lesson_id, (SELECT m.lesson_id FROM mark m WHERE m.id = :mark_id))
    ),
    roster AS (
        SELECT st.id, st.last_name, st.first_name, st.middle_name, st.tg_user_id, a.status,
               coalesce(a.excused, false) AS excused
          FROM l JOIN student st ON st.class_id = l.class_id AND (
                   l.subgroup = 0 OR EXISTS (
                       SELECT 1 FROM subgroup_member sm
                        WHERE sm.student_id = st.id AND sm.subject_id = l.subject_id
                          AND sm.subgroup = l.subgroup))
          LEFT JOIN attendance a ON a.lesson_id = l.id AND a.student_id = st.id
    ),
    marks AS (SELECT m.* FROM mark m JOIN l ON m.lesson_id = l.id),
    targets AS (
        SELECT r.id AS student_id, g.tg_user_id
          FROM roster r JOIN guardian_link gl ON gl.student_id = r.id JOIN guardian g ON g.id = gl.guardian_id
         WHERE g.tg_user_id IS NOT NULL AND g.consent_given_at IS NOT NULL
        UNION
        SELECT r.id, r.tg_user_id FROM roster r WHERE r.tg_user_id IS NOT NULL
    ),
    told AS (
        SELECT t.* FROM targets t
         WHERE :every_target OR t.student_id = ANY(:targets)
            OR t.student_id = (SELECT mt.student_id FROM mark mt WHERE mt.id = :mark_id)
    )
    SELECT l.id, l.school_id, l.class_id, c.grade_level, c.letter, l.subject_id, sub.name AS subject, l.date,
           l.lesson_number, l.subgroup, l.teacher_id, l.substitute_teacher_id, l.topic, l.attendance_taken_at,
           l.status,
           s.timezone, s.settings::text AS settings_json,
           (SELECT max(u.until) FROM lesson_unlock u WHERE u.lesson_id = l.id) AS unlocked_until,
           (SELECT pt.kind_id FROM planned_test pt
             WHERE pt.class_id = l.class_id AND pt.subject_id = l.subject_id AND pt.day = l.date
               AND pt.subgroup IN (0, l.subgroup) ORDER BY pt.subgroup DESC LIMIT 1) AS test_kind_id,
           (SELECT array_agg(k.id {_KIND_ORDER}) {_KINDS}) AS kind_ids,
           (SELECT array_agg(k.code {_KIND_ORDER}) {_KINDS}) AS kind_codes,
           (SELECT array_agg(k.name {_KIND_ORDER}) {_KINDS}) AS kind_names,
           (SELECT array_agg(k.short_name {_KIND_ORDER}) {_KINDS}) AS kind_shorts,
           (SELECT array_agg(k.weight::float8 {_KIND_ORDER}) {_KINDS}) AS kind_weights,
           (SELECT array_agg(r.id {_ORDER}) FROM roster r) AS student_ids,
           (SELECT array_agg(r.last_name {_ORDER}) FROM roster r) AS last_names,
           (SELECT array_agg(r.first_name {_ORDER}) FROM roster r) AS first_names,
           (SELECT array_agg(r.middle_name {_ORDER}) FROM roster r) AS middle_names,
           (SELECT array_agg(r.status {_ORDER}) FROM roster r) AS statuses,
           (SELECT array_agg(r.excused {_ORDER}) FROM roster r) AS excused,
           (SELECT array_agg(m.student_id {_MARK_ORDER}) FROM marks m) AS mark_students,
           (SELECT array_agg(m.id {_MARK_ORDER}) FROM marks m) AS mark_ids,
           (SELECT array_agg(m.value {_MARK_ORDER}) FROM marks m) AS mark_values,
           (SELECT array_agg(m.kind_id {_MARK_ORDER}) FROM marks m) AS mark_kinds,
           (SELECT array_agg(m.comment {_MARK_ORDER}) FROM marks m) AS mark_comments,
           (SELECT array_agg(t.student_id ORDER BY t.student_id, t.tg_user_id) FROM told t) AS told_students,
           (SELECT array_agg(t.tg_user_id ORDER BY t.student_id, t.tg_user_id) FROM told t) AS told_accounts
      FROM l
      JOIN school_class c ON c.id = l.class_id
      JOIN subject sub ON sub.id = l.subject_id
      JOIN school s ON s.id = l.school_id
""")  # the interpolations are our own SQL fragments above, never input


def teacher_staff_ids(actor: Actor) -> set[int]:
    if actor.context is None:
        return set()
    return {grant.person_id for grant in actor.context.grants_of(Role.TEACHER)}


async def load_sheet(
    session: AsyncSession,
    actor: Actor,
    *,
    lesson_id: int | None = None,
    mark_id: int | None = None,
    targets: Sequence[int] = (),
    every_target: bool = False,
) -> LessonSheet:
    """The lesson (by its id, or by one of its marks) with its roster, for the teacher who may fill it.

    `targets` (or `every_target`): the students whose parents and own account are looked up, to be
    told of a change.
    """
    params = {
        "lesson_id": lesson_id,
        "mark_id": mark_id,
        "targets": list(targets),
        "every_target": every_target,
    }
    row = (await session.execute(_SHEET, params)).one_or_none()
    if row is None:
        # A mark button from a screen drawn before the mark was removed (or a made-up id): the
        # answer says the screen is out of date and nothing about other people's marks.
        raise ServiceError("mark-gone") if mark_id is not None else AccessDenied()
    staff_ids = teacher_staff_ids(actor)
    # The substitute fills a covered lesson (the regulation); otherwise its own teacher does.
    acting = row.substitute_teacher_id if row.substitute_teacher_id is not None else row.teacher_id
    if acting not in staff_ids:
        if row.teacher_id in staff_ids:
            # His own lesson, given to a substitute after his screen was drawn: say so plainly.
            raise ServiceError("lesson-covered")
        raise AccessDenied()
    return LessonSheet(_lesson_info(row, acting), _kinds(row), _students(row), row.test_kind_id)


def _lesson_info(row: Row[Any], acting: int) -> LessonInfo:
    return LessonInfo(
        lesson_id=row.id,
        school_id=row.school_id,
        class_id=row.class_id,
        class_label=f"{row.grade_level}{row.letter}",
        grade_level=row.grade_level,
        subject_id=row.subject_id,
        subject=row.subject,
        date=row.date,
        lesson_number=row.lesson_number,
        subgroup=row.subgroup,
        teacher_id=row.teacher_id,
        substitute_id=row.substitute_teacher_id,
        topic=row.topic,
        attendance_taken=row.attendance_taken_at is not None,
        zone=ZoneInfo(row.timezone),
        # As text, decoded once: the same value stands on each of the roster's rows.
        settings=SchoolSettings.model_validate_json(row.settings_json),
        unlocked_until=row.unlocked_until,
        acting_staff_id=acting,
        status=row.status,
    )


def _kinds(row: Row[Any]) -> tuple[KindInfo, ...]:
    if not row.kind_ids:
        return ()
    return tuple(
        KindInfo(kind_id, code, name, short, weight)
        for kind_id, code, name, short, weight in zip(
            row.kind_ids, row.kind_codes, row.kind_names, row.kind_shorts, row.kind_weights, strict=True
        )
    )


def _students(row: Row[Any]) -> list[SheetStudent]:
    marks: dict[int, list[SheetMark]] = {}
    mark_columns = (row.mark_students, row.mark_ids, row.mark_values, row.mark_kinds, row.mark_comments)
    for student_id, mark_id, value, kind_id, comment in zip(*(c or () for c in mark_columns), strict=True):
        marks.setdefault(student_id, []).append(SheetMark(mark_id, value, kind_id, comment))
    told: dict[int, list[int]] = {}
    for student_id, account in zip(row.told_students or (), row.told_accounts or (), strict=True):
        told.setdefault(student_id, []).append(account)
    roster_columns = (
        row.student_ids,
        row.last_names,
        row.first_names,
        row.middle_names,
        row.statuses,
        row.excused,
    )
    students = [
        SheetStudent(
            student_id=student_id,
            last_name=last,
            first_name=first,
            middle_name=middle,
            presence=Presence.of(status),
            excused=excused,
            marks=tuple(marks.get(student_id, ())),
            recipients=tuple(told.get(student_id, ())),
        )
        for student_id, last, first, middle, status, excused in zip(
            *(c or () for c in roster_columns), strict=True
        )
    ]
    # The teacher's buttons and a typed row of marks («5 4 - 3 5») follow this order: it must be
    # the Russian alphabet whatever the database's collation.
    students.sort(key=lambda st: (*name_key(st.last_name, st.first_name, st.middle_name), st.student_id))
    return students


def require_editable(lesson: LessonInfo, now: dt.datetime) -> None:
    """A teacher edits lessons of the last N days (a school setting); older ones only while a
    deputy's override lasts; lessons of days to come not yet. A cancelled lesson, or one moved
    away, is not filled at all (the moved one is, at its new place)."""
    if lesson.status == "cancelled":
        raise ServiceError("lesson-is-cancelled")
    if lesson.status == "moved":
        raise ServiceError("lesson-is-moved")
    today = now.astimezone(lesson.zone).date()
    if lesson.date > today:
        raise ServiceError("lesson-in-future")
    window = lesson.settings.edit_window_days
    unlocked = lesson.unlocked_until is not None and lesson.unlocked_until > now
    if lesson.date < today - dt.timedelta(days=window) and not unlocked:
        raise ServiceError("lesson-locked", days=window)


def with_student(sheet: LessonSheet, student: SheetStudent, **changes: Any) -> SheetStudent:
    """The sheet mirrors what was just written, so the screen is drawn without reading again."""
    updated = replace(student, **changes)
    sheet.replace_student(updated)
    return updated


# ---- the teacher's day ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DayLesson:
    lesson_id: int
    lesson_number: int
    starts_at: dt.time | None
    class_label: str
    grade_level: int
    subject: str
    subgroup: int
    covering: bool  # he covers a colleague's lesson
    covered_by: str | None  # a colleague covers his lesson: he only looks
    attendance_taken: bool
    absent: int
    late: int
    marks: int
    homework: bool
    topic: str | None
    date: dt.date
    status: str = "scheduled"  # 'cancelled', or 'moved' away (to moved_to)
    room: str | None = None  # another room than the timetable's
    moved_to: tuple[dt.date, int] | None = None
    moved_from: tuple[dt.date, int] | None = None  # at its new place: where the timetable had it

    @property
    def marks_allowed(self) -> bool:
        return self.grade_level > 1

    @property
    def takes_place(self) -> bool:
        return self.status == "scheduled"


@dataclass(frozen=True)
class TeacherDay:
    date: dt.date
    today: dt.date
    first_day: dt.date  # the edit window's first day
    lessons: tuple[DayLesson, ...]
    unlocked: tuple[DayLesson, ...]  # older lessons a deputy opened for him

    @property
    def can_go_back(self) -> bool:
        return self.date > self.first_day

    @property
    def can_go_forward(self) -> bool:
        return self.date < self.today


# Lesson rows for the day's timetable slots of these teachers, created on first sight: every button
# then names a lesson id, and a lesson keeps its marks even if the timetable changes later. The day
# runs the timetable of its weekday by the school's calendar (none on a day off, services/
# school_calendar.py).
_ENSURE_LESSONS = text(
    """
    INSERT INTO lesson (school_id, class_id, subject_id, teacher_id, slot_id, date, lesson_number, subgroup)
    SELECT t.school_id, t.class_id, t.subject_id, t.teacher_id, t.id, :day, t.lesson_number, t.subgroup
      FROM timetable_slot t
     WHERE t.teacher_id = ANY(:staff) AND t.weekday = school_weekday(t.school_id, CAST(:day AS date))
       AND t.valid_from <= :day AND (t.valid_to IS NULL OR t.valid_to >= :day)
    ON CONFLICT (class_id, date, lesson_number, subject_id, subgroup) DO NOTHING
    """
)

# The same for a whole school over a range of days (the nudge, the control report): school days only
# (inside one of the class's year's terms, not a day off by the school's calendar), so holidays get no
# lessons; a moved working day gets those of the weekday it runs.
_ENSURE_SCHOOL_LESSONS = text(
    """
    INSERT INTO lesson (school_id, class_id, subject_id, teacher_id, slot_id, date, lesson_number, subgroup)
    SELECT t.school_id, t.class_id, t.subject_id, t.teacher_id, t.id, d.day, t.lesson_number, t.subgroup
      FROM timetable_slot t
      JOIN school_class c ON c.id = t.class_id
      CROSS JOIN LATERAL (
          SELECT CAST(g AS date) AS day
            FROM generate_series(CAST(:start AS date), CAST(:end AS date), interval '1 day') g) d
     WHERE t.school_id = :school_id AND school_weekday(t.school_id, d.day) = t.weekday
       AND t.valid_from <= d.day AND (t.valid_to IS NULL OR t.valid_to >= d.day)
       AND EXISTS (SELECT 1 FROM period p WHERE p.academic_year_id = c.academic_year_id AND p.kind <> 'year'
                   AND d.day BETWEEN p.starts_on AND p.ends_on)
    ON CONFLICT (class_id, date, lesson_number, subject_id, subgroup) DO NOTHING
    """
)


async def ensure_school_lessons(session: AsyncSession, school_id: int, start: dt.date, end: dt.date) -> None:
    """Lesson rows for every timetable slot of the school's school days from `start` to `end`, so that
    a lesson nobody opened is counted (and named by a button) as not filled rather than not there."""
    await session.execute(_ENSURE_SCHOOL_LESSONS, {"school_id": school_id, "start": start, "end": end})


_DAY_COLUMNS = """
    SELECT l.id, l.date, l.lesson_number, b.starts_at, c.grade_level, c.letter, sub.name AS subject,
           l.subgroup, l.topic, l.attendance_taken_at IS NOT NULL AS taken,
           l.substitute_teacher_id = ANY(:staff) AS covering,
           CASE WHEN l.substitute_teacher_id IS NOT NULL AND NOT l.substitute_teacher_id = ANY(:staff)
                THEN sst.last_name || ' ' || left(sst.first_name, 1) || '.' END AS covered_by,
           (SELECT count(*) FROM attendance a WHERE a.lesson_id = l.id AND a.status = 'absent') AS absent,
           (SELECT count(*) FROM attendance a WHERE a.lesson_id = l.id AND a.status = 'late') AS late,
           (SELECT count(*) FROM mark m WHERE m.lesson_id = l.id) AS marks,
           EXISTS (SELECT 1 FROM homework h WHERE h.lesson_id = l.id) AS homework,
           l.status, l.room, o.date AS from_date, o.lesson_number AS from_number,
           r.date AS to_date, r.lesson_number AS to_number
      FROM lesson l
      JOIN school_class c ON c.id = l.class_id
      JOIN subject sub ON sub.id = l.subject_id
      LEFT JOIN bell b ON b.school_id = l.school_id AND b.lesson_number = l.lesson_number
      LEFT JOIN staff sst ON sst.id = l.substitute_teacher_id
      LEFT JOIN lesson o ON o.id = l.moved_from_id
      LEFT JOIN lesson r ON r.moved_from_id = l.id
"""
# Two statements rather than one with an OR: each can use its own index.
_DAY_LESSONS = text(
    _DAY_COLUMNS
    + """
     WHERE l.date = :day AND (l.teacher_id = ANY(:staff) OR l.substitute_teacher_id = ANY(:staff))
     ORDER BY l.lesson_number, c.grade_level, c.letter
    """
)
_UNLOCKED_LESSONS = text(
    _DAY_COLUMNS
    + """
     WHERE l.id IN (SELECT u.lesson_id FROM lesson_unlock u WHERE u.until > :now)
       AND coalesce(l.substitute_teacher_id, l.teacher_id) = ANY(:staff) AND l.date < :first_day
     ORDER BY l.date, l.lesson_number
    """
)


async def teacher_day(
    session: AsyncSession, actor: Actor, *, now: dt.datetime, requested: dt.date | None = None
) -> TeacherDay:
    """The teacher's lessons of a day inside his edit window (today unless another day is asked),
    with what is filled in; plus older lessons a deputy has opened for him."""
    grants = actor.context.grants_of(Role.TEACHER) if actor.context else []
    if not grants:
        raise AccessDenied()
    staff = sorted(teacher_staff_ids(actor))
    today = await school_today(session, grants[0].school_id, now)
    settings = await school_settings.load(session, grants[0].school_id)
    first_day = today - dt.timedelta(days=settings.edit_window_days)
    day = requested if requested is not None and first_day <= requested <= today else today
    await session.execute(_ENSURE_LESSONS, {"staff": staff, "day": day})
    params = {"staff": staff, "day": day, "now": now, "first_day": first_day}
    lessons = [_day_lesson(row) for row in await session.execute(_DAY_LESSONS, params)]
    # Older lessons a deputy opened for him are listed on today's page (that is where he looks).
    unlocked = (
        [_day_lesson(row) for row in await session.execute(_UNLOCKED_LESSONS, params)] if day == today else []
    )
    return TeacherDay(
        date=day,
        today=today,
        first_day=first_day,
        lessons=tuple(lessons),
        unlocked=tuple(unlocked),
    )


def _day_lesson(row: Row[Any]) -> DayLesson:
    return DayLesson(
        lesson_id=row.id,
        lesson_number=row.lesson_number,
        starts_at=row.starts_at,
        class_label=f"{row.grade_level}{row.letter}",
        grade_level=row.grade_level,
        subject=row.subject,
        subgroup=row.subgroup,
        covering=bool(row.covering),
        covered_by=row.covered_by,
        attendance_taken=row.taken,
        absent=row.absent,
        late=row.late,
        marks=row.marks,
        homework=row.homework,
        topic=row.topic,
        date=row.date,
        status=row.status,
        room=row.room,
        moved_to=(row.to_date, row.to_number) if row.to_date is not None else None,
        moved_from=(row.from_date, row.from_number) if row.from_date is not None else None,
    )
