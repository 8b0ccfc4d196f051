"""No formula leaves the journal as a formula: a school whose people, subjects, topics, homework and
excuse reasons are typed as spreadsheet formulas gets every export back with those texts as text —
shown as typed, never evaluated — and its numbers and dates still numbers and dates."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Attendance,
    FinalMark,
    Homework,
    Lesson,
    Mark,
    MarkKind,
    Staff,
    Student,
    Subject,
)
from services import absence_summary, control_report, exports
from services.audit import CLI
from services.names import short_name
from tests.factories import NOW, small_school

# What a spreadsheet evaluates (or, read from a CSV, splits on) when it comes first in a cell.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Texts as people type them; the last is no formula but one of Excel's error values.
HOSTILE = ("=1+1", "+7 (999)", "-5", "@SUM(A1)", "\tTab", "\rCR", "#N/A")
MONDAY = dt.date(2026, 11, 23)  # the lessons' day, in the week of NOW
JOURNAL = {word: word for word in exports.JOURNAL_WORDS} | {
    "absent_letter": "Н",
    "late_letter": "О",
    "excused_letter": "у",
}
REGISTER = {word: word for word in exports.REGISTER_WORDS} | {"late_letter": "о", "excused_letter": "у"}
SUMMARY_WORDS = (
    "student", "date", "lesson", "subject", "status", "excused", "reason", "absent", "late", "yes", "no",
    "totals", "total",
)  # fmt: skip
SUMMARY = {word: word for word in SUMMARY_WORDS}
CONTROL = {word: word for word in control_report.XLSX_WORDS}
FORMULA_ELEMENT = re.compile(rb"<(\w+:)?f[\s/>]")


@dataclass(frozen=True)
class HostileSchool:
    school_id: int
    class_id: int
    period_id: int  # the trimester of MONDAY
    subject_ids: tuple[int, ...]  # one per hostile text, in HOSTILE's order
    students: tuple[str, ...]  # their names as the exports write them, in HOSTILE's order
    teachers: tuple[str, ...]


async def _hostile_school(session: AsyncSession) -> HostileSchool:
    """5Б gets a student, a teacher and a subject named by each of HOSTILE; Monday's lesson i+1 is
    subject i's and teacher i's, with topic, homework, a mark's comment and student i's excused
    absence reason HOSTILE[i], and the next student late; student 0 has the final mark 5 in subject 0.
    The class teacher and the parents are named by HOSTILE too."""
    school = await small_school(session)
    school_id, class_id = school.school_id, school.class_5b.id
    school.class_teacher.last_name = HOSTILE[0]
    for mother, text in zip(school.mothers.values(), HOSTILE, strict=False):
        mother.last_name = text
    students = [
        Student(
            school_id=school_id, class_id=class_id, last_name=t, first_name="Ярослав", middle_name="Павлович"
        )
        for t in HOSTILE
    ]
    teachers = [Staff(school_id=school_id, last_name=t, first_name="Ольга", middle_name="") for t in HOSTILE]
    subjects = [Subject(school_id=school_id, name=text) for text in HOSTILE]
    session.add_all([*students, *teachers, *subjects])
    await session.flush()
    kind = await session.scalar(select(MarkKind).where(MarkKind.school_id == school_id).limit(1))
    assert kind is not None
    period = await exports.find_period(session, school.class_5b, None, MONDAY)
    session.add(
        FinalMark(
            school_id=school_id,
            student_id=students[0].id,
            subject_id=subjects[0].id,
            period_id=period.id,
            value=5,
        )
    )
    for number, text in enumerate(HOSTILE):
        lesson = Lesson(
            school_id=school_id,
            class_id=class_id,
            subject_id=subjects[number].id,
            teacher_id=teachers[number].id,
            date=MONDAY,
            lesson_number=number + 1,
            topic=text,
            attendance_taken_at=NOW,
        )
        session.add(lesson)
        await session.flush()
        student, next_one = students[number], students[(number + 1) % len(students)]
        session.add_all(
            [
                Homework(
                    school_id=school_id,
                    class_id=class_id,
                    subject_id=subjects[number].id,
                    lesson_id=lesson.id,
                    due_on=lesson.date + dt.timedelta(days=7),
                    text=text,
                ),
                Mark(
                    school_id=school_id,
                    lesson_id=lesson.id,
                    student_id=student.id,
                    kind_id=kind.id,
                    value=5,
                    comment=text,
                    entry_key=f"k{number}",
                ),
                Attendance(
                    lesson_id=lesson.id, student_id=student.id, status="absent", excused=True, reason=text
                ),
                Attendance(lesson_id=lesson.id, student_id=next_one.id, status="late"),
            ]
        )
    await session.commit()
    return HostileSchool(
        school_id,
        class_id,
        period.id,
        tuple(subject.id for subject in subjects),
        tuple(short_name(s.last_name, s.first_name, s.middle_name) for s in students),
        tuple(short_name(t.last_name, t.first_name, t.middle_name) for t in teachers),
    )


def as_read(text: str) -> str:
    """The text as any XML reader gives it back: XML reads a bare CR as a line feed (XML 1.0 §2.11),
    Excel too; the sheet's XML holds it as typed, which `_text_stays_text` checks."""
    return text.replace("\r", "\n")


def _text_stays_text(content: bytes, typed: Iterable[str]) -> Workbook:
    """The file opened: no cell is a formula, in openpyxl's eyes nor in the sheets' XML; each typed
    text is in a text cell, as typed, and one that begins as a formula would is marked to stay text
    when edited (Excel's quote prefix)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert not [xml for xml in sheets if FORMULA_ELEMENT.search(xml)]
    for text in typed:
        holding = [(c.data_type, c.quotePrefix) for c in cells if c.value == as_read(text)]
        assert holding and set(holding) == {("s", text.startswith(TRIGGERS))}, text
        assert any(escape(text).encode() in xml for xml in sheets), text
    return book


def _rows(book: Workbook, index: int = 0) -> list[list[Any]]:
    return [list(row) for row in book.worksheets[index].iter_rows(values_only=True)]


async def test_the_journal_writes_names_topics_and_homework_as_typed(session: AsyncSession) -> None:
    school = await _hostile_school(session)
    books = []
    for number, (subject_id, typed) in enumerate(zip(school.subject_ids, HOSTILE, strict=True), 1):
        export = await exports.class_journal(
            session, CLI, school.class_id, subject_id, school.period_id, JOURNAL
        )
        books.append(_text_stays_text(export.content, [*school.students, typed]))
        (lesson,) = _rows(books[-1], 1)[1:]
        # The date a date, the lesson's number and its absent and late numbers, the texts as typed.
        assert [lesson[0].date(), *lesson[1:]] == [MONDAY, number, as_read(typed), as_read(typed), 1, 1]
    first = next(row for row in _rows(books[0]) if row[0] == school.students[0])
    assert first[-2:] == [5, 5]  # his average and final mark in subject 0: numbers


async def test_the_attendance_register_writes_names_as_typed(session: AsyncSession) -> None:
    school = await _hostile_school(session)
    export = await exports.attendance_register(session, CLI, school.class_id, MONDAY, REGISTER)
    rows = _rows(_text_stays_text(export.content, school.students))
    row = next(r for r in rows if r[0] == school.students[0])
    assert row[-3:] == [1, 1, 1]  # absent, excused, late: numbers still


async def test_the_weekly_absence_summary_writes_names_subjects_and_reasons_as_typed(
    session: AsyncSession,
) -> None:
    school = await _hostile_school(session)
    week = (await absence_summary.school_weeks(session, school.school_id, MONDAY))[school.class_id]
    book = _text_stays_text(absence_summary.week_xlsx(week, SUMMARY), [*school.students, *HOSTILE])
    absences = {(row[0], row[2], row[3], row[6]) for row in _rows(book)[1:] if row[4] == "absent"}
    # Student i missed lesson i+1, of subject i, excused for the reason HOSTILE[i].
    typed = {
        (name, number, as_read(text), as_read(text))
        for number, (name, text) in enumerate(zip(school.students, HOSTILE, strict=True), 1)
    }
    assert absences == typed
    assert _rows(book, 1)[-1] == ["total", 7, 7, 7]


async def test_the_control_report_writes_teachers_and_subjects_as_typed(session: AsyncSession) -> None:
    school = await _hostile_school(session)
    report = await control_report.build(session, school.school_id, None, now=NOW)
    book = _text_stays_text(control_report.report_xlsx(report, CONTROL), [*school.teachers, *HOSTILE])
    lines = {row[2]: row for row in _rows(book)[1:]}
    for teacher, subject in zip(school.teachers, HOSTILE, strict=True):
        assert lines[as_read(subject)][:7] == [teacher, "5Б", as_read(subject), 1, 0, 0, 0]
