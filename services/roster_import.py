"""Importing the class lists (the roster): classes, students, their parents and class teachers.

The school fills in one table (templates/roster.*) and loads it at the start of the year and again
whenever it changes. So the import is an upsert keyed by names, as the school writes them:
a student by class and full name, a parent by full name within the school (one parent of two
siblings is one guardian), a class teacher by full name (or initials) among the staff. Loading
the same file twice changes nothing. The import only adds and corrects: a student missing from the
file stays (leaving the school is a decision, not a missing row).

All or nothing: every row is checked first and every problem is reported at once, with its row
number; one problem and nothing is written, so the school fixes the file and loads it again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Guardian, GuardianLink, School, SchoolClass, Staff, Student
from models.enums import Role
from models.people import PersonName
from services import audit
from services.access import require_role
from services.audit import Actor
from services.errors import AccessDenied, InvalidInput
from services.names import (
    ClassLabel,
    FullName,
    capitalize_name,
    normalize,
    parse_class_label,
    parse_full_name,
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

ROSTER_COLUMNS = (
    Column("class", ("класс", "class", "кл", "class label", "form")),
    # Other journals' exports (Дневник.ру, Сетевой Город) often give the whole name in one column.
    Column(
        "full_name",
        (
            "фио",
            "фио ученика",
            "фио учащегося",
            "фио обучающегося",
            "ученик",
            "учащийся",
            "обучающийся",
            "full name",
            "student",
            "pupil",
        ),
        required=False,
    ),
    Column(
        "last_name",
        (
            "фамилия",
            "last name",
            "surname",
            "family name",
            "lastname",
            "фамилия ученика",
            "фамилия учащегося",
            "фамилия обучающегося",
        ),
        required=False,  # or «ФИО»: checked by _name_columns
    ),
    Column(
        "first_name",
        (
            "имя",
            "first name",
            "given name",
            "firstname",
            "name",
            "имя ученика",
            "имя учащегося",
            "имя обучающегося",
        ),
        required=False,  # or «ФИО»: checked by _name_columns
    ),
    Column(
        "middle_name",
        (
            "отчество",
            "middle name",
            "patronymic",
            "отчество ученика",
            "отчество учащегося",
            "отчество обучающегося",
        ),
        required=False,
    ),
    Column(
        "birth_date",
        (
            "дата рождения",
            "birth date",
            "date of birth",
            "birthdate",
            "birthday",
            "dob",
            "др",
            "дата рожд",
            "д р",
        ),
        required=False,
    ),
    # The parents' column must be there (a misspelt header would silently drop every parent),
    # but a cell may be empty: a parent not known yet is added by a later import.
    Column(
        "guardian_1",
        (
            "родитель 1",
            "parent 1",
            "родитель",
            "parent",
            "законный представитель 1",
            "законный представитель",
            "guardian 1",
            "guardian",
            "мать",
            "mother",
            "фио родителя",
            "фио родителя 1",
            "фио законного представителя",
            "родитель (законный представитель)",
            "фио матери",
        ),
    ),
    Column(
        "guardian_2",
        (
            "родитель 2",
            "parent 2",
            "законный представитель 2",
            "guardian 2",
            "отец",
            "father",
            "фио родителя 2",
            "фио отца",
        ),
        required=False,
    ),
    # Read and not used (the journal keeps no phone numbers): known, so not reported as a typo.
    Column(
        "phone",
        ("телефон", "телефон родителя", "мобильный", "phone", "e-mail", "email", "почта"),
        required=False,
    ),
    Column(
        "class_teacher",
        (
            "классный руководитель",
            "class teacher",
            "кл руководитель",
            "классный рук",
            "form teacher",
            "form tutor",
            "homeroom teacher",
        ),
        required=False,
    ),
)

MAX_CLASS_SIZE = 60  # more is a merged list or a wrong class column, not a real class
# A birth date outside this age range (on the import day) is a typo: «2105», «1014», this year.
MIN_AGE_YEARS = 4
MAX_AGE_YEARS = 40
NAME_PART_MAX = 100  # models.people.PersonName columns
_NAME_PART = re.compile(r"[A-Za-zА-Яа-яЁё'\-]+")
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
_MIDNIGHT = re.compile(r"\s+0{1,2}:00(:00)?$")  # «2014-03-14 00:00:00» from a database export


# --- people: matching names as schools write them (shared with the timetable import) --------------


P = TypeVar("P", bound=PersonName)


def full_name_of(person: PersonName) -> FullName:
    return FullName(person.last_name, person.first_name, person.middle_name)


def _short_key(name: FullName) -> str:
    return normalize(f"{name.last_name} {name.first_name}")


def names_match(a: FullName, b: FullName) -> bool:
    """Same full name, or the same surname and name where one list left out the patronymic."""
    if a.key == b.key:
        return True
    return _short_key(a) == _short_key(b) and not (a.middle_name and b.middle_name)


class PersonIndex(Generic[P]):
    """People found by full name. One side without a patronymic still matches (a file listing
    «Смирнова Ольга» means the «Смирнова Ольга Викторовна» already there), unless that is ambiguous.
    """

    def __init__(self, people: Iterable[P] = ()) -> None:
        self._by_key: dict[str, list[P]] = {}
        self._by_short: dict[str, list[tuple[FullName, P]]] = {}
        self._by_last: dict[str, list[tuple[FullName, P]]] = {}
        for person in people:
            self.add(person)

    def add(self, person: P) -> None:
        name = full_name_of(person)
        self._by_key.setdefault(name.key, []).append(person)
        self._by_short.setdefault(_short_key(name), []).append((name, person))
        self._by_last.setdefault(normalize(name.last_name), []).append((name, person))

    def find(self, name: FullName) -> list[P]:
        """Matches: one, none, or several (ambiguous). An exact match wins over loose ones; exact
        duplicates already stored are one person (the oldest), not this file's problem."""
        exact = self._by_key.get(name.key)
        if exact:
            return exact[:1]
        loose = self._by_short.get(_short_key(name), [])
        return [person for known, person in loose if names_match(known, name)]

    def by_initials(self, last_name: str, first: str, middle: str) -> list[P]:
        """«Иванова А. П.»: the surname in full, the initials as given (the patronymic optional)."""
        first, middle = normalize(first), normalize(middle)
        return [
            person
            for known, person in self._by_last.get(normalize(last_name), [])
            if normalize(known.first_name).startswith(first)
            and (not middle or normalize(known.middle_name).startswith(middle))
        ]


def parse_person(text: str) -> FullName:
    """«Иванова Анна Петровна» (the patronymic optional). Raises InvalidInput."""
    name = parse_full_name(text)
    # parse_full_name lets dots through; «Иванова А. П.» stored as a name would never match again.
    if "." in name.text or any(
        len(part) > NAME_PART_MAX for part in (name.last_name, name.first_name, name.middle_name)
    ):
        raise InvalidInput("full-name", value=text)
    return name


@dataclass(frozen=True)
class Initials:
    """A staff member written as in a school document: «Иванова А. П.» or «А.П. Иванова»."""

    last_name: str
    first: str
    middle: str
    text: str


_LETTER = "A-Za-zА-Яа-яЁё"
_INITIALS_AFTER = re.compile(rf"([{_LETTER}'\-]{{2,}})\s+([{_LETTER}])\.\s*(?:([{_LETTER}])\.?)?")
_INITIALS_BEFORE = re.compile(rf"([{_LETTER}])\.\s*(?:([{_LETTER}])\.\s*)?([{_LETTER}'\-]{{2,}})")


def parse_teacher(text: str) -> FullName | Initials:
    """A full name, or a surname with initials. Raises InvalidInput for anything else."""
    compact = " ".join(text.split())
    after = _INITIALS_AFTER.fullmatch(compact)
    if after:
        return Initials(capitalize_name(after.group(1)), after.group(2), after.group(3) or "", compact)
    before = _INITIALS_BEFORE.fullmatch(compact)
    if before:
        return Initials(capitalize_name(before.group(3)), before.group(1), before.group(2) or "", compact)
    return parse_person(compact)


def person_cell(row: Row, column: str, problems: list[Problem]) -> FullName | None:
    """A person written in one cell; None when the cell is empty or wrong (then a problem)."""
    text = row[column]
    if not text:
        return None
    try:
        return parse_person(text)
    except InvalidInput:
        problems.append(problem("bad-name", row.number, column=column, value=text))
        return None


def class_cell(row: Row, problems: list[Problem]) -> ClassLabel | None:
    text = row["class"]
    if not text:
        problems.append(problem("missing-value", row.number, column="class"))
        return None
    try:
        return parse_class_label(text)
    except InvalidInput:
        problems.append(problem("bad-class", row.number, value=text))
        return None


def teacher_cell(row: Row, column: str, problems: list[Problem]) -> FullName | Initials | None:
    text = row[column]
    if not text:
        return None
    try:
        return parse_teacher(text)
    except InvalidInput:
        problems.append(problem("bad-name", row.number, column=column, value=text))
        return None


class StaffResolver:
    """Finds the staff a file names. A full name not on the staff yet is a new teacher; initials
    name nobody new, so they must point at exactly one person (known, or named in full elsewhere
    in the same file)."""

    def __init__(self, school_id: int, staff: Iterable[Staff], problems: list[Problem]) -> None:
        self.school_id = school_id
        self.index: PersonIndex[Staff] = PersonIndex(staff)
        self.problems = problems
        self.new: list[Staff] = []
        self.found: list[Staff] = []  # existing staff the file refers to

    def resolve(self, names: Sequence[tuple[int, FullName | Initials]]) -> dict[int, Staff]:
        """Row number -> staff. Full names first: initials on row 3 may mean the teacher row 40
        introduces in full."""
        resolved: dict[int, Staff] = {}
        for row, name in names:
            staff = self._full_name(name, row) if isinstance(name, FullName) else None
            if staff is not None:
                resolved[row] = staff
        for row, name in names:
            staff = self._initials(name, row) if isinstance(name, Initials) else None
            if staff is not None:
                resolved[row] = staff
        return resolved

    def _full_name(self, name: FullName, row: int) -> Staff | None:
        matches = self.index.find(name)
        if len(matches) > 1:
            self._problem("teacher-ambiguous", row, name.text, matches)
            return None
        if not matches:
            staff = Staff(
                school_id=self.school_id,
                last_name=name.last_name,
                first_name=name.first_name,
                middle_name=name.middle_name,
                is_teacher=True,
            )
            self.index.add(staff)
            self.new.append(staff)
            return staff
        staff = matches[0]
        if staff in self.new and name.middle_name and not staff.middle_name:
            staff.middle_name = name.middle_name  # «Орлов Дмитрий» first, in full later: keep the full
            self.index.add(staff)
        elif staff not in self.new:
            self.found.append(staff)
        return staff

    def _initials(self, name: Initials, row: int) -> Staff | None:
        matches = self.index.by_initials(name.last_name, name.first, name.middle)
        matches = list(dict.fromkeys(matches))  # one new teacher may sit in the index twice
        if len(matches) != 1:
            self._problem("teacher-ambiguous" if matches else "teacher-unknown", row, name.text, matches)
            return None
        if matches[0] not in self.new:
            self.found.append(matches[0])
        return matches[0]

    def _problem(self, code: str, row: int, value: str, matches: Sequence[Staff]) -> None:
        names = ", ".join(m.full_name for m in matches)
        self.problems.append(problem(code, row, value=value, names=names))


async def lock_school(session: AsyncSession, school_id: int) -> None:
    """Two imports for one school at once would both create the same new parent: one waits."""
    found = await session.scalar(select(School.id).where(School.id == school_id).with_for_update())
    if found is None:
        raise AccessDenied()


# --- the report -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterReport:
    file_name: str
    rows: int
    classes_created: int = 0
    students_created: int = 0
    students_updated: int = 0
    guardians_created: int = 0
    links_created: int = 0
    teachers_created: int = 0
    class_teachers_set: int = 0
    ignored_headers: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return any(
            (
                self.classes_created,
                self.students_created,
                self.students_updated,
                self.guardians_created,
                self.links_created,
                self.teachers_created,
                self.class_teachers_set,
            )
        )

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "classes_created": self.classes_created,
            "students_created": self.students_created,
            "students_updated": self.students_updated,
            "guardians_created": self.guardians_created,
            "links_created": self.links_created,
            "teachers_created": self.teachers_created,
            "class_teachers_set": self.class_teachers_set,
        }

    def lines(self, t: Translate) -> list[str]:
        lines = [t("import-roster-done", rows=self.rows)]
        lines += added_line(
            t,
            (
                ("import-n-classes", self.classes_created),
                ("import-n-students", self.students_created),
                ("import-n-parents", self.guardians_created),
                ("import-n-teachers", self.teachers_created),
            ),
        )
        if self.students_updated:
            lines.append(t("import-updated", items=t("import-n-students", count=self.students_updated)))
        if self.links_created:
            lines.append(t("import-roster-links", count=self.links_created))
        if self.class_teachers_set:
            lines.append(t("import-roster-class-teachers", count=self.class_teachers_set))
        if not self.changed:
            lines.append(t("import-nothing-changed"))
        return lines + ignored_columns_line(t, self.ignored_headers)


# --- reading rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RosterRow:
    number: int
    label: ClassLabel
    student: FullName
    birth_date: dt.date | None
    guardians: tuple[FullName, ...]
    class_teacher: FullName | Initials | None


def read_roster(path: str | Path) -> Table:
    return read_table(path, ROSTER_COLUMNS)


def parse_date(text: str) -> dt.date | None:
    text = _MIDNIGHT.sub("", text)
    for date_format in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, date_format).date()  # noqa: DTZ007 - a date, no zone
        except ValueError:
            continue
    return None


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _birth_date(row: Row, today: dt.date, problems: list[Problem]) -> dt.date | None:
    text = row["birth_date"]
    if not text:
        return None
    day = parse_date(text)
    if day is None:
        problems.append(problem("bad-date", row.number, value=text))
        return None
    if not _years_before(today, MAX_AGE_YEARS) < day <= _years_before(today, MIN_AGE_YEARS):
        problems.append(
            problem("implausible-birth-date", row.number, value=text, min=MIN_AGE_YEARS, max=MAX_AGE_YEARS)
        )
        return None
    return day


def _student_name(row: Row, problems: list[Problem]) -> FullName | None:
    if row["full_name"] and not (row["last_name"] or row["first_name"]):
        return person_cell(row, "full_name", problems)
    last, first, middle = row["last_name"], row["first_name"], row["middle_name"]
    missing = [column for column, text in (("last_name", last), ("first_name", first)) if not text]
    for column in missing:
        problems.append(problem("missing-value", row.number, column=column))
    if missing:
        return None
    too_long = [
        column
        for column, part in (("last_name", last), ("first_name", first), ("middle_name", middle))
        if len(part) > NAME_PART_MAX
    ]
    for column in too_long:
        problems.append(problem("too-long", row.number, column=column, value=row[column], max=NAME_PART_MAX))
    if too_long:
        return None
    text = " ".join(part for part in (last, first, middle) if part)
    # Surname and name are one word each (double ones take a hyphen): otherwise the words of the
    # full name would shift into the wrong fields.
    if not (_NAME_PART.fullmatch(last) and _NAME_PART.fullmatch(first)):
        problems.append(problem("bad-name", row.number, column="last_name", value=text))
        return None
    try:
        return parse_person(text)
    except InvalidInput:
        problems.append(problem("bad-name", row.number, column="middle_name", value=text))
        return None


def _name_columns(table: Table) -> None:
    """The student's name: «Фамилия» and «Имя», or «ФИО» in one column."""
    if "full_name" in table.columns or {"last_name", "first_name"} <= table.columns:
        return
    missing = [name for name in ("last_name", "first_name") if name not in table.columns]
    raise ImportRejected([problem("missing-column", None, column=name) for name in missing])


def _parse_row(row: Row, today: dt.date) -> tuple[_RosterRow | None, list[Problem]]:
    problems: list[Problem] = []
    label = class_cell(row, problems)
    student = _student_name(row, problems)
    birth_date = _birth_date(row, today, problems)
    guardians: list[FullName] = []
    for column in ("guardian_1", "guardian_2"):
        guardian = person_cell(row, column, problems)
        if guardian and not any(names_match(guardian, other) for other in guardians):
            guardians.append(guardian)
    class_teacher = teacher_cell(row, "class_teacher", problems)
    if problems or label is None or student is None:
        return None, problems
    return _RosterRow(row.number, label, student, birth_date, tuple(guardians), class_teacher), []


def _parse_rows(rows: Sequence[Row], today: dt.date) -> tuple[list[_RosterRow], list[Problem]]:
    parsed: list[_RosterRow] = []
    problems: list[Problem] = []
    for row in rows:
        item, row_problems = _parse_row(row, today)
        problems.extend(row_problems)
        if item is not None:
            parsed.append(item)
    return parsed, problems


def _duplicate_students(rows: Sequence[_RosterRow]) -> list[Problem]:
    seen: dict[tuple[str, str], list[_RosterRow]] = {}
    problems: list[Problem] = []
    for row in rows:
        group = seen.setdefault((row.label.text, _short_key(row.student)), [])
        first = next((other for other in group if names_match(other.student, row.student)), None)
        if first is not None:
            problems.append(
                problem(
                    "duplicate-student",
                    row.number,
                    value=row.student.text,
                    **{"class": row.label.text},
                    first_row=str(first.number),
                )
            )
        else:
            group.append(row)
    return problems


def _class_teachers(rows: Sequence[_RosterRow], resolver: StaffResolver) -> dict[ClassLabel, Staff]:
    """One class teacher per class: on every row of the class or on one of them, but one person."""
    named = [(row.number, row.class_teacher) for row in rows if row.class_teacher is not None]
    resolved = resolver.resolve(named)
    chosen: dict[ClassLabel, tuple[Staff, int]] = {}
    for row in rows:
        staff = resolved.get(row.number)
        if staff is None:
            continue
        first, first_row = chosen.setdefault(row.label, (staff, row.number))
        if first is not staff:
            resolver.problems.append(
                problem(
                    "class-teacher-conflict",
                    row.number,
                    value=staff.full_name,
                    other=first.full_name,
                    other_row=str(first_row),
                    **{"class": row.label.text},
                )
            )
    return {label: staff for label, (staff, _) in chosen.items()}


# --- matching against the database ----------------------------------------------------------------


@dataclass
class _Existing:
    classes: dict[tuple[int, str], SchoolClass]
    students: dict[int, PersonIndex[Student]]  # by class id
    class_sizes: Counter[int]
    staff: Sequence[Staff]
    guardians_of: dict[int, PersonIndex[Guardian]]  # by student id: the parents already linked
    links: set[tuple[int, int]]


async def _load(session: AsyncSession, school_id: int, year_id: int) -> _Existing:
    year_classes = select(SchoolClass).where(SchoolClass.academic_year_id == year_id)
    classes = (await session.scalars(year_classes)).all()
    students = (
        await session.scalars(
            select(Student)
            .join(SchoolClass, SchoolClass.id == Student.class_id)
            .where(SchoolClass.academic_year_id == year_id)
            .order_by(Student.id)
        )
    ).all()
    school_staff = select(Staff).where(Staff.school_id == school_id).order_by(Staff.id)
    staff = (await session.scalars(school_staff)).all()
    linked = await session.execute(
        select(GuardianLink.student_id, Guardian)
        .join(Guardian, Guardian.id == GuardianLink.guardian_id)
        .where(Guardian.school_id == school_id)
        .order_by(Guardian.id)
    )
    guardians_of: dict[int, PersonIndex[Guardian]] = {}
    links: set[tuple[int, int]] = set()
    for student_id, guardian in linked:
        guardians_of.setdefault(student_id, PersonIndex()).add(guardian)
        links.add((guardian.id, student_id))
    by_class: dict[int, PersonIndex[Student]] = {}
    for student in students:
        by_class.setdefault(student.class_id, PersonIndex()).add(student)
    return _Existing(
        classes={(c.grade_level, c.letter): c for c in classes},
        students=by_class,
        class_sizes=Counter(student.class_id for student in students),
        staff=staff,
        guardians_of=guardians_of,
        links=links,
    )


@dataclass
class _Plan:
    """What the import will write, worked out in memory first: nothing touches the session (not
    even a changed attribute an autoflush could send) until every row has passed."""

    school_id: int
    year_id: int
    existing: _Existing
    problems: list[Problem] = field(default_factory=list)
    new_classes: dict[ClassLabel, SchoolClass] = field(default_factory=dict)
    new_students: list[tuple[Student, SchoolClass]] = field(default_factory=list)
    student_updates: list[tuple[Student, dict[str, object]]] = field(default_factory=list)
    matched_students: dict[int, int] = field(default_factory=dict)  # student id -> row
    new_guardians: list[Guardian] = field(default_factory=list)
    links: list[tuple[Guardian, Student]] = field(default_factory=list)
    new_in_class: Counter[ClassLabel] = field(default_factory=Counter)

    def school_class(self, label: ClassLabel) -> SchoolClass:
        found = self.existing.classes.get((label.grade_level, label.letter)) or self.new_classes.get(label)
        if found is None:
            found = SchoolClass(
                school_id=self.school_id,
                academic_year_id=self.year_id,
                grade_level=label.grade_level,
                letter=label.letter,
            )
            self.new_classes[label] = found
        return found

    def student(self, row: _RosterRow, school_class: SchoolClass) -> Student | None:
        index = self.existing.students.get(school_class.id) if school_class.id else None
        matches = index.find(row.student) if index else []
        # Two rows («Иванов Пётр Сергеевич», «Иванов Пётр Ильич») may both loosely match one stored
        # «Иванов Пётр»: which one he is, only the school knows.
        if len(matches) > 1 or (matches and matches[0].id in self.matched_students):
            self.problems.append(
                problem(
                    "ambiguous-student",
                    row.number,
                    value=row.student.text,
                    names=", ".join(m.full_name for m in matches),
                )
            )
            return None
        if matches:
            self.matched_students[matches[0].id] = row.number
            self._update(matches[0], row)
            return matches[0]
        student = Student(
            school_id=self.school_id,
            last_name=row.student.last_name,
            first_name=row.student.first_name,
            middle_name=row.student.middle_name,
            birth_date=row.birth_date,
        )
        self.new_students.append((student, school_class))
        self.new_in_class[row.label] += 1
        return student

    def _update(self, student: Student, row: _RosterRow) -> None:
        """The file is the school's current truth: a corrected spelling or birth date is taken."""
        changes: dict[str, object] = {}
        name = row.student
        wanted = {"last_name": name.last_name, "first_name": name.first_name}
        if name.middle_name:  # a file without patronymics does not erase them
            wanted["middle_name"] = name.middle_name
        for attribute, value in wanted.items():
            if getattr(student, attribute) != value:
                changes[attribute] = value
        if row.birth_date and student.birth_date != row.birth_date:
            changes["birth_date"] = row.birth_date
        if changes:
            self.student_updates.append((student, changes))

    def guardian(self, name: FullName, row: int, student: Student) -> Guardian | None:
        """The parent among those already linked to this student, or a new one.

        Never matched by name across students: two families may have a «Иванова Елена Сергеевна»,
        and a merged row would show one family's child to the other. Siblings get a parent row each;
        a parent who joins through both children's links holds both rows in one Telegram account.
        """
        index = self.existing.guardians_of.get(student.id) if student.id else None
        matches = index.find(name) if index else []
        if len(matches) > 1:
            self._ambiguous(name, matches, row)
            return None
        if matches:
            return matches[0]
        guardian = Guardian(
            school_id=self.school_id,
            last_name=name.last_name,
            first_name=name.first_name,
            middle_name=name.middle_name,
        )
        self.new_guardians.append(guardian)
        return guardian

    def _ambiguous(self, name: FullName, matches: Sequence[PersonName], row: int) -> None:
        names = ", ".join(m.full_name for m in matches)
        self.problems.append(problem("ambiguous-person", row, value=name.text, names=names))

    def check_sizes(self, first_rows: dict[ClassLabel, int]) -> None:
        for label, added in self.new_in_class.items():
            school_class = self.existing.classes.get((label.grade_level, label.letter))
            total = added + (self.existing.class_sizes[school_class.id] if school_class else 0)
            if total > MAX_CLASS_SIZE:
                self.problems.append(
                    problem(
                        "class-too-big",
                        first_rows[label],
                        count=total,
                        max=MAX_CLASS_SIZE,
                        **{"class": label.text},
                    )
                )


def _plan(rows: Sequence[_RosterRow], plan: _Plan) -> None:
    first_rows: dict[ClassLabel, int] = {}
    for row in rows:
        first_rows.setdefault(row.label, row.number)
        school_class = plan.school_class(row.label)
        student = plan.student(row, school_class)
        if student is None:
            continue
        for name in row.guardians:
            guardian = plan.guardian(name, row.number, student)
            if guardian is not None:
                plan.links.append((guardian, student))
    plan.check_sizes(first_rows)


# --- writing --------------------------------------------------------------------------------------


async def _write(
    session: AsyncSession, plan: _Plan, resolver: StaffResolver, teachers: dict[ClassLabel, Staff]
) -> dict[str, int]:
    session.add_all([*plan.new_classes.values(), *resolver.new, *plan.new_guardians])
    await session.flush()
    for student, school_class in plan.new_students:
        student.class_id = school_class.id
    session.add_all([student for student, _ in plan.new_students])
    for student, changes in plan.student_updates:
        for attribute, value in changes.items():
            setattr(student, attribute, value)
    class_teachers_set = 0
    for label, staff in teachers.items():
        staff.is_teacher = True  # a class teacher teaches, even a deputy who leads a class
        school_class = plan.school_class(label)
        if school_class.class_teacher_id != staff.id:
            school_class.class_teacher_id = staff.id
            class_teachers_set += 1
    await session.flush()
    pairs = {(guardian.id, student.id) for guardian, student in plan.links} - plan.existing.links
    session.add_all([GuardianLink(guardian_id=g, student_id=s) for g, s in sorted(pairs)])
    await session.flush()
    return {"links_created": len(pairs), "class_teachers_set": class_teachers_set}


async def import_roster(
    session: AsyncSession, actor: Actor, school_id: int, table: Table, *, today: dt.date
) -> RosterReport:
    """Load the roster into the school's current academic year. Raises ImportRejected with every
    problem found, having written nothing; the caller commits on success."""
    require_role(actor, Role.COORDINATOR, school_id)
    _name_columns(table)
    await lock_school(session, school_id)
    year = await current_year(session, school_id)
    rows, problems = _parse_rows(table.rows, today)
    problems.extend(_duplicate_students(rows))
    existing = await _load(session, school_id, year.id)
    resolver = StaffResolver(school_id, existing.staff, problems)
    teachers = _class_teachers(rows, resolver)
    plan = _Plan(school_id, year.id, existing)
    _plan(rows, plan)
    problems.extend(plan.problems)
    if problems:
        raise ImportRejected(problems)

    written = await _write(session, plan, resolver, teachers)
    report = RosterReport(
        file_name=table.file_name,
        rows=len(table.rows),
        classes_created=len(plan.new_classes),
        students_created=len(plan.new_students),
        students_updated=len(plan.student_updates),
        guardians_created=len(plan.new_guardians),
        links_created=written["links_created"],
        teachers_created=len(resolver.new),
        class_teachers_set=written["class_teachers_set"],
        ignored_headers=table.ignored_headers,
    )
    await audit.record(
        session,
        actor,
        "roster.imported",
        "school",
        school_id,
        school_id=school_id,
        after={"file": table.file_name, "year": year.name, **report.counts()},
    )
    await session.flush()
    return report
