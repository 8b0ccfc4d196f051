"""Importing the bell times and the weekly timetable from one table (templates/timetable.*).

Each row is one lesson of one class in the week: day, lesson number, subject, teacher, subgroup,
room; the bell times ride along on the rows (on every row, or once per lesson number). The
classes come from the roster; subjects and teachers named in full are created as needed.

The timetable changes during the year (a new trimester, a teacher leaves). The lessons already
held keep pointing at the slots they were held by, so a new timetable never rewrites the past: for
every class in the file, the old slots stop the day before `effective_from` and the new ones start
on it. Classes not in the file keep theirs, so one class's timetable can be fixed alone.

All or nothing, like the roster: every problem in the file is reported with its row, and one
problem means nothing is written.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from models import Bell, SchoolClass, Staff, Subject, TeachingAssignment, TimetableSlot
from models.enums import Role
from services import audit
from services.access import require_role
from services.audit import Actor
from services.names import ClassLabel, FullName, normalize
from services.roster_import import (
    Initials,
    StaffResolver,
    class_cell,
    lock_school,
    teacher_cell,
)
from services.schools import current_year
from services.tabular import (
    Column,
    ImportRejected,
    Problem,
    Row,
    Table,
    Translate,
    added_line,
    ignored_columns_line,
    problem,
    read_table,
)

TIMETABLE_COLUMNS = (
    Column("class", ("класс", "class", "кл", "form")),
    Column("day", ("день", "день недели", "day", "weekday", "day of week")),
    Column("lesson", ("урок", "№ урока", "номер урока", "lesson", "lesson number", "period")),
    # The bell columns may be left out when the school's bell times are already stored.
    Column(
        "starts",
        ("начало", "начало урока", "время начала", "start", "starts", "starts at", "from"),
        required=False,
    ),
    Column(
        "ends",
        ("конец", "конец урока", "окончание", "время окончания", "end", "ends", "ends at", "to"),
        required=False,
    ),
    Column("subject", ("предмет", "subject", "дисциплина")),
    Column("teacher", ("учитель", "преподаватель", "педагог", "teacher", "фио учителя")),
    Column("subgroup", ("подгруппа", "группа", "subgroup", "group"), required=False),
    Column("room", ("кабинет", "каб", "аудитория", "room", "classroom"), required=False),
)

MAX_LESSON_NUMBER = 15  # models.timetable: lesson_number BETWEEN 0 AND 15
SUBJECT_MAX = 100
ROOM_MAX = 32

_WEEKDAY_NAMES = {
    1: ("понедельник", "monday"),
    2: ("вторник", "tuesday"),
    3: ("среда", "wednesday"),
    4: ("четверг", "thursday"),
    5: ("пятница", "friday"),
    6: ("суббота", "saturday"),
    7: ("воскресенье", "sunday"),
}
_WEEKDAY_SHORT = {
    "пн": 1,
    "вт": 2,
    "ср": 3,
    "чт": 4,
    "пт": 5,
    "сб": 6,
    "вс": 7,
    "mo": 1,
    "tu": 2,
    "we": 3,
    "th": 4,
    "fr": 5,
    "sa": 6,
    "su": 7,
}
_LESSON_NUMBER = re.compile(r"(\d{1,2})\s*(?:-?\s*(?:й|ый|ой|ий))?(?:\s*урок)?")
_TIME = re.compile(r"(\d{1,2})\s*[:.,]\s*(\d{1,2})(?:[:.]\d{2})?")
_DAY_FRACTION = re.compile(r"0?\.\d{3,}")
_SUBGROUP = re.compile(r"(?:подгруппа|группа|гр|group|subgroup)?\s*([0-9])\s*(?:подгруппа|группа|гр|group)?")


# --- cells ----------------------------------------------------------------------------------------


def parse_weekday(text: str) -> int | None:
    """«Пн», «понедельник», «пон.», «1», «Mon», «Monday» → 1 (ISO)."""
    key = normalize(text).rstrip(".")
    if key.isdigit():
        return int(key) if 1 <= int(key) <= 7 else None
    if key in _WEEKDAY_SHORT:
        return _WEEKDAY_SHORT[key]
    if len(key) < 3:
        return None
    days = {day for day, names in _WEEKDAY_NAMES.items() for name in names if name.startswith(key)}
    return days.pop() if len(days) == 1 else None


def parse_lesson_number(text: str) -> int | None:
    match = _LESSON_NUMBER.fullmatch(normalize(text))
    if match is None:
        return None
    number = int(match.group(1))
    return number if 0 <= number <= MAX_LESSON_NUMBER else None


def parse_time(text: str) -> dt.time | None:
    """«08:30», «8:30», «8.30», «8,30», «08:30:00». «8.3» is Excel's number 8.30 and means 8:30."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        return _day_fraction(text.strip())
    hours, minutes_text = int(match.group(1)), match.group(2)
    minutes = int(minutes_text)
    if len(minutes_text) == 1:
        if ":" in text:  # «8:3» is no time anyone writes
            return None
        minutes *= 10
    if hours > 23 or minutes > 59:
        return None
    return dt.time(hours, minutes)


def _day_fraction(text: str) -> dt.time | None:
    """A time typed into an Excel cell formatted as a number: 0.3541666… of a day is 8:30."""
    if not _DAY_FRACTION.fullmatch(text):
        return None
    minutes = round(float(text) * 24 * 60)
    return dt.time(minutes // 60, minutes % 60) if 0 < minutes < 24 * 60 else None


def parse_subgroup(text: str) -> int | None:
    """Empty → 0 (the whole class); «1», «2 гр.», «группа 2» → that subgroup (1..9)."""
    if not text:
        return 0
    match = _SUBGROUP.fullmatch(normalize(text).replace(".", " ").strip())
    if match is None or match.group(1) == "0":
        return None
    return int(match.group(1))


# --- rows -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lesson:
    row: int
    label: ClassLabel
    weekday: int
    number: int
    subject: str
    teacher: FullName | Initials
    subgroup: int
    room: str


@dataclass(frozen=True)
class _BellCell:
    row: int
    number: int
    starts: dt.time
    ends: dt.time


def read_timetable(path: str | Path) -> Table:
    return read_table(path, TIMETABLE_COLUMNS)


def _required(row: Row, column: str, problems: list[Problem]) -> str:
    text = row[column]
    if not text:
        problems.append(problem("missing-value", row.number, column=column))
    return text


def _weekday(row: Row, problems: list[Problem]) -> int | None:
    text = _required(row, "day", problems)
    day = parse_weekday(text) if text else None
    if text and day is None:
        problems.append(problem("bad-day", row.number, value=text))
    return day


def _number(row: Row, problems: list[Problem]) -> int | None:
    text = _required(row, "lesson", problems)
    number = parse_lesson_number(text) if text else None
    if text and number is None:
        problems.append(problem("bad-lesson-number", row.number, value=text, max=MAX_LESSON_NUMBER))
    return number


def _bell(row: Row, number: int | None, problems: list[Problem]) -> _BellCell | None:
    starts_text, ends_text = row["starts"], row["ends"]
    if not starts_text and not ends_text:
        return None
    times: list[dt.time] = []
    for column, text in (("starts", starts_text), ("ends", ends_text)):
        value = parse_time(text) if text else None
        if not text:
            problems.append(problem("bell-incomplete", row.number, column=column))
        elif value is None:
            problems.append(problem("bad-time", row.number, column=column, value=text))
        else:
            times.append(value)
    if len(times) < 2 or number is None:
        return None
    starts, ends = times
    if ends <= starts:
        problems.append(problem("bell-order", row.number, starts=f"{starts:%H:%M}", ends=f"{ends:%H:%M}"))
        return None
    return _BellCell(row.number, number, starts, ends)


def _teacher(row: Row, problems: list[Problem]) -> FullName | Initials | None:
    if not row["teacher"]:
        problems.append(problem("missing-value", row.number, column="teacher"))
        return None
    return teacher_cell(row, "teacher", problems)


def _text(row: Row, column: str, limit: int, problems: list[Problem], *, required: bool) -> str:
    text = " ".join(row[column].split())
    if required and not text:
        problems.append(problem("missing-value", row.number, column=column))
    if len(text) > limit:
        problems.append(problem("too-long", row.number, column=column, max=limit))
    return text


def _parse_row(row: Row, problems: list[Problem]) -> tuple[_Lesson | None, _BellCell | None]:
    found: list[Problem] = []
    label = class_cell(row, found)
    weekday = _weekday(row, found)
    number = _number(row, found)
    bell = _bell(row, number, found)
    subject = _text(row, "subject", SUBJECT_MAX, found, required=True)
    teacher = _teacher(row, found)
    subgroup = parse_subgroup(row["subgroup"])
    if subgroup is None:
        found.append(problem("bad-subgroup", row.number, value=row["subgroup"]))
    room = _text(row, "room", ROOM_MAX, found, required=False)
    problems.extend(found)
    if found or label is None or weekday is None or number is None or teacher is None or subgroup is None:
        return None, bell
    return _Lesson(row.number, label, weekday, number, subject, teacher, subgroup, room), bell


# --- bells ----------------------------------------------------------------------------------------


def _bells(cells: Sequence[_BellCell], problems: list[Problem]) -> dict[int, _BellCell]:
    """One time per lesson number, given on every row or once: two different ones is an error."""
    bells: dict[int, _BellCell] = {}
    for cell in cells:
        first = bells.setdefault(cell.number, cell)
        if (first.starts, first.ends) != (cell.starts, cell.ends):
            problems.append(
                problem(
                    "bell-conflict",
                    cell.row,
                    number=cell.number,
                    starts=f"{cell.starts:%H:%M}",
                    ends=f"{cell.ends:%H:%M}",
                    other_starts=f"{first.starts:%H:%M}",
                    other_ends=f"{first.ends:%H:%M}",
                    other_row=str(first.row),
                )
            )
    ordered = sorted(bells.values(), key=lambda cell: cell.number)
    for earlier, later in itertools.pairwise(ordered):
        if later.starts < earlier.ends:
            problems.append(
                problem(
                    "bell-overlap",
                    later.row,
                    number=later.number,
                    starts=f"{later.starts:%H:%M}",
                    other=earlier.number,
                    other_ends=f"{earlier.ends:%H:%M}",
                )
            )
    return bells


def _missing_bells(
    lessons: Sequence[_Lesson], rows: Sequence[Row], given: dict[int, _BellCell], stored: dict[int, Bell]
) -> list[Problem]:
    # A number whose times were written but wrong is already reported; once is enough.
    attempted = {parse_lesson_number(row["lesson"]) for row in rows if row["starts"] or row["ends"]}
    reported = set(given) | set(stored) | attempted
    problems = []
    for lesson in lessons:
        if lesson.number not in reported:
            reported.add(lesson.number)
            problems.append(problem("bell-missing", lesson.row, number=lesson.number))
    return problems


# --- resolving names against the school -----------------------------------------------------------


@dataclass
class _Plan:
    school_id: int
    classes: dict[tuple[int, str], SchoolClass]
    teachers: StaffResolver
    subjects: dict[str, Subject]
    problems: list[Problem]
    new_subjects: list[Subject] = field(default_factory=list)

    def school_class(self, lesson: _Lesson) -> SchoolClass | None:
        found = self.classes.get((lesson.label.grade_level, lesson.label.letter))
        if found is None:
            self.problems.append(problem("unknown-class", lesson.row, value=lesson.label.text))
        return found

    def subject(self, name: str) -> Subject:
        key = normalize(name)
        found = self.subjects.get(key)
        if found is None:
            found = Subject(school_id=self.school_id, name=name)
            self.subjects[key] = found
            self.new_subjects.append(found)
        return found


async def _load_plan(session: AsyncSession, school_id: int, year_id: int, problems: list[Problem]) -> _Plan:
    classes = await session.scalars(select(SchoolClass).where(SchoolClass.academic_year_id == year_id))
    staff = await session.scalars(select(Staff).where(Staff.school_id == school_id).order_by(Staff.id))
    subjects = await session.scalars(
        select(Subject).where(Subject.school_id == school_id).order_by(Subject.id)
    )
    by_name: dict[str, Subject] = {}
    for subject in subjects:
        by_name.setdefault(normalize(subject.name), subject)
    return _Plan(
        school_id=school_id,
        classes={(c.grade_level, c.letter): c for c in classes},
        teachers=StaffResolver(school_id, staff.all(), problems),
        subjects=by_name,
        problems=problems,
    )


@dataclass(frozen=True)
class _Slot:
    row: int
    school_class: SchoolClass
    label: str
    weekday: int
    number: int
    subject: Subject
    teacher: Staff
    subgroup: int
    room: str


def _resolve(lessons: Sequence[_Lesson], plan: _Plan) -> list[_Slot]:
    teachers = plan.teachers.resolve([(lesson.row, lesson.teacher) for lesson in lessons])
    slots = []
    for lesson in lessons:
        school_class = plan.school_class(lesson)
        teacher = teachers.get(lesson.row)
        if school_class is None or teacher is None:
            continue
        slots.append(
            _Slot(
                lesson.row,
                school_class,
                lesson.label.text,
                lesson.weekday,
                lesson.number,
                plan.subject(lesson.subject),
                teacher,
                lesson.subgroup,
                lesson.room,
            )
        )
    return slots


# --- clashes --------------------------------------------------------------------------------------


def _joint(a_subject: Subject, a_room: str, b_subject: Subject | int, b_room: str) -> bool:
    """One teacher with two classes at once is a joint lesson (PE for 5А and 5Б in the gym) when
    the subject and the room are the same; anything else is a teacher in two places."""
    b_id = b_subject if isinstance(b_subject, int) else b_subject.id
    same_subject = a_subject is b_subject or (a_subject.id is not None and a_subject.id == b_id)
    return same_subject and bool(a_room) and normalize(a_room) == normalize(b_room)


def _class_clashes(slots: Sequence[_Slot]) -> list[Problem]:
    problems: list[Problem] = []
    taken: dict[tuple[str, int, int, int], _Slot] = {}
    by_time: dict[tuple[str, int, int], _Slot] = {}
    for slot in slots:
        key = (slot.label, slot.weekday, slot.number)
        params: dict[str, str | int] = {"class": slot.label, "day": slot.weekday, "number": slot.number}
        twin = taken.get((*key, slot.subgroup))
        other = by_time.get(key)
        if twin is not None:
            problems.append(problem("slot-duplicate", slot.row, first_row=str(twin.row), **params))
        elif other is not None and (other.subgroup == 0) != (slot.subgroup == 0):
            problems.append(problem("slot-mixed", slot.row, first_row=str(other.row), **params))
        taken.setdefault((*key, slot.subgroup), slot)
        by_time.setdefault(key, slot)
    return problems


def _teacher_clashes(slots: Sequence[_Slot]) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[tuple[int, int, int], _Slot] = {}
    for slot in slots:
        key = (id(slot.teacher), slot.weekday, slot.number)
        other = first.setdefault(key, slot)
        if other is slot or (other.label == slot.label and other.subgroup == slot.subgroup):
            continue  # the same class and group twice is a slot-duplicate, reported once
        if not _joint(slot.subject, slot.room, other.subject, other.room):
            problems.append(
                problem(
                    "teacher-clash",
                    slot.row,
                    teacher=slot.teacher.short_name,
                    day=slot.weekday,
                    number=slot.number,
                    other_class=other.label,
                    other_row=str(other.row),
                    **{"class": slot.label},
                )
            )
    return problems


async def _stored_teacher_clashes(
    session: AsyncSession, school_id: int, slots: Sequence[_Slot], effective_from: dt.date
) -> list[Problem]:
    """The classes not in the file keep their timetable: a teacher the file puts in 5А on Monday,
    lesson 3, may already stand in 6Б then."""
    class_ids = {slot.school_class.id for slot in slots}
    teacher_ids = {slot.teacher.id for slot in slots if slot.teacher.id is not None}
    if not teacher_ids:
        return []
    rows = await session.execute(
        select(
            TimetableSlot.teacher_id,
            TimetableSlot.weekday,
            TimetableSlot.lesson_number,
            TimetableSlot.subject_id,
            TimetableSlot.room,
            SchoolClass.grade_level,
            SchoolClass.letter,
        )
        .join(SchoolClass, SchoolClass.id == TimetableSlot.class_id)
        .where(
            TimetableSlot.school_id == school_id,
            TimetableSlot.class_id.not_in(class_ids),
            TimetableSlot.teacher_id.in_(teacher_ids),
            or_(TimetableSlot.valid_to.is_(None), TimetableSlot.valid_to >= effective_from),
        )
    )
    busy: dict[tuple[int, int, int], tuple[int, str, str]] = {}
    for teacher_id, weekday, number, subject_id, room, grade, letter in rows:
        busy.setdefault((teacher_id, weekday, number), (subject_id, room, f"{grade}{letter}"))
    problems = []
    for slot in slots:
        found = busy.get((slot.teacher.id, slot.weekday, slot.number))
        if found and not _joint(slot.subject, slot.room, found[0], found[1]):
            problems.append(
                problem(
                    "teacher-busy",
                    slot.row,
                    teacher=slot.teacher.short_name,
                    day=slot.weekday,
                    number=slot.number,
                    other_class=found[2],
                    **{"class": slot.label},
                )
            )
    return problems


# --- the report -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimetableReport:
    file_name: str
    rows: int
    effective_from: dt.date
    classes: tuple[str, ...]  # labels of the classes whose timetable was replaced
    slots_created: int = 0
    slots_closed: int = 0  # older slots that now end the day before effective_from
    slots_deleted: int = 0  # slots that would have started on or after effective_from
    bells_given: int = 0
    bells_changed: int = 0  # created or given new times
    subjects_created: int = 0
    teachers_created: int = 0
    assignments_created: int = 0
    ignored_headers: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "classes": len(self.classes),
            "slots_created": self.slots_created,
            "slots_closed": self.slots_closed,
            "slots_deleted": self.slots_deleted,
            "bells_given": self.bells_given,
            "bells_changed": self.bells_changed,
            "subjects_created": self.subjects_created,
            "teachers_created": self.teachers_created,
            "assignments_created": self.assignments_created,
        }

    def lines(self, t: Translate) -> list[str]:
        lines = [
            t(
                "import-timetable-done",
                classes=len(self.classes),
                lessons=self.slots_created,
                date=f"{self.effective_from:%d.%m.%Y}",
            ),
        ]
        if self.bells_given:
            lines.append(t("import-timetable-bells", count=self.bells_given, changed=self.bells_changed))
        lines += added_line(
            t,
            (
                ("import-n-subjects", self.subjects_created),
                ("import-n-teachers", self.teachers_created),
                ("import-n-assignments", self.assignments_created),
            ),
        )
        if self.slots_closed:
            day_before = self.effective_from - dt.timedelta(days=1)
            lines.append(t("import-timetable-closed", count=self.slots_closed, date=f"{day_before:%d.%m.%Y}"))
        if self.slots_deleted:
            lines.append(t("import-timetable-deleted", count=self.slots_deleted))
        return lines + ignored_columns_line(t, self.ignored_headers)


# --- writing --------------------------------------------------------------------------------------


def _write_bells(
    session: AsyncSession, school_id: int, bells: dict[int, _BellCell], stored: dict[int, Bell]
) -> int:
    """Upsert per lesson number; numbers the file does not mention keep their times."""
    changed = 0
    for number, cell in sorted(bells.items()):
        bell = stored.get(number)
        if bell is None:
            session.add(
                Bell(school_id=school_id, lesson_number=number, starts_at=cell.starts, ends_at=cell.ends)
            )
        elif (bell.starts_at, bell.ends_at) != (cell.starts, cell.ends):
            bell.starts_at, bell.ends_at = cell.starts, cell.ends
        else:
            continue
        changed += 1
    return changed


async def _replace_slots(
    session: AsyncSession, class_ids: set[int], effective_from: dt.date
) -> tuple[int, int]:
    """Slots from effective_from on are replaced outright; older ones still open stop the day
    before, so the lessons held under them keep their slot."""
    in_file = TimetableSlot.class_id.in_(class_ids)
    deleted = await session.scalars(
        delete(TimetableSlot)
        .where(in_file, TimetableSlot.valid_from >= effective_from)
        .returning(TimetableSlot.id)
    )
    deleted_count = len(deleted.all())
    closed = await session.scalars(
        update(TimetableSlot)
        .where(
            in_file,
            TimetableSlot.valid_from < effective_from,
            or_(TimetableSlot.valid_to.is_(None), TimetableSlot.valid_to >= effective_from),
        )
        .values(valid_to=effective_from - dt.timedelta(days=1))
        .returning(TimetableSlot.id)
    )
    return deleted_count, len(closed.all())


async def _write_assignments(session: AsyncSession, school_id: int, slots: Sequence[_Slot]) -> int:
    """Who teaches what where: added, never removed here (a teacher who leaves is taken off by
    the coordinator, not by a timetable that no longer lists him)."""
    values = sorted(
        {(slot.school_class.id, slot.subject.id, slot.teacher.id, slot.subgroup) for slot in slots}
    )
    if not values:
        return 0
    rows = [
        {"school_id": school_id, "class_id": c, "subject_id": s, "teacher_id": t, "subgroup": g}
        for c, s, t, g in values
    ]
    unique = [
        TeachingAssignment.class_id,
        TeachingAssignment.subject_id,
        TeachingAssignment.subgroup,
        TeachingAssignment.teacher_id,
    ]
    inserted = await session.scalars(
        pg_insert(TeachingAssignment)
        .values(rows)
        .on_conflict_do_nothing(index_elements=unique)
        .returning(TeachingAssignment.id)
    )
    return len(inserted.all())


async def _write(
    session: AsyncSession, plan: _Plan, slots: Sequence[_Slot], effective_from: dt.date
) -> tuple[int, int, int]:
    session.add_all([*plan.new_subjects, *plan.teachers.new])
    for staff in plan.teachers.found:
        staff.is_teacher = True  # a coordinator or deputy who teaches is a teacher too
    await session.flush()
    deleted, closed = await _replace_slots(session, {slot.school_class.id for slot in slots}, effective_from)
    session.add_all(
        TimetableSlot(
            school_id=plan.school_id,
            class_id=slot.school_class.id,
            weekday=slot.weekday,
            lesson_number=slot.number,
            subject_id=slot.subject.id,
            teacher_id=slot.teacher.id,
            subgroup=slot.subgroup,
            room=slot.room,
            valid_from=effective_from,
            valid_to=None,
        )
        for slot in slots
    )
    await session.flush()
    assignments = await _write_assignments(session, plan.school_id, slots)
    return deleted, closed, assignments


async def import_timetable(
    session: AsyncSession,
    actor: Actor,
    school_id: int,
    table: Table,
    *,
    effective_from: dt.date,
    today: dt.date | None = None,
) -> TimetableReport:
    """Load the bell times and the weekly timetable of the classes in the file, starting on
    effective_from. Raises ImportRejected with every problem, having written nothing.

    Given `today` (the school's date), a start in the past is refused: the lessons already held
    follow the timetable they were held under, and that is not rewritten.
    """
    require_role(actor, Role.COORDINATOR, school_id)
    await lock_school(session, school_id)
    year = await current_year(session, school_id)
    problems: list[Problem] = []
    if today is not None and effective_from < today:
        problems.append(problem("from-in-past", date=f"{effective_from:%d.%m.%Y}", today=f"{today:%d.%m.%Y}"))
    lessons: list[_Lesson] = []
    bell_cells: list[_BellCell] = []
    for row in table.rows:
        lesson, bell = _parse_row(row, problems)
        lessons.extend([lesson] if lesson else [])
        bell_cells.extend([bell] if bell else [])
    bells = _bells(bell_cells, problems)
    stored_bells = {
        bell.lesson_number: bell
        for bell in await session.scalars(select(Bell).where(Bell.school_id == school_id))
    }
    problems.extend(_missing_bells(lessons, table.rows, bells, stored_bells))
    plan = await _load_plan(session, school_id, year.id, problems)
    slots = _resolve(lessons, plan)
    problems.extend(_class_clashes(slots))
    problems.extend(_teacher_clashes(slots))
    problems.extend(await _stored_teacher_clashes(session, school_id, slots, effective_from))
    if problems:
        raise ImportRejected(problems)

    bells_changed = _write_bells(session, school_id, bells, stored_bells)
    deleted, closed, assignments = await _write(session, plan, slots, effective_from)
    labels = sorted({slot.school_class.label for slot in slots}, key=lambda s: (int(s[:-1]), s[-1]))
    report = TimetableReport(
        file_name=table.file_name,
        rows=len(table.rows),
        effective_from=effective_from,
        classes=tuple(labels),
        slots_created=len(slots),
        slots_closed=closed,
        slots_deleted=deleted,
        bells_given=len(bells),
        bells_changed=bells_changed,
        subjects_created=len(plan.new_subjects),
        teachers_created=len(plan.teachers.new),
        assignments_created=assignments,
        ignored_headers=table.ignored_headers,
    )
    await audit.record(
        session,
        actor,
        "timetable.imported",
        "school",
        school_id,
        school_id=school_id,
        after={
            "file": table.file_name,
            "effective_from": effective_from.isoformat(),
            "classes": list(labels),
            **report.counts(),
        },
    )
    await session.flush()
    return report
