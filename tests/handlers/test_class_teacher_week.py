"""The class teacher's week of absences from «Мой класс»: the table on screen and as XLSX, and an
absence marked excused with a reason in a few taps; a parent forging the button gets nothing."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import select

from bot.callbacks import SummaryAction, SummaryCb
from models import Attendance, Lesson, SchoolClass, Staff, Student, Subject
from tests.handlers.conftest import Harness

MONDAY = dt.date(2026, 11, 23)  # the week of the harness's clock (Saturday 28 November)


async def _absent_on_monday(harness: Harness) -> tuple[Student, int]:
    async with harness.session_factory() as session, session.begin():
        fifth = await session.scalar(
            select(SchoolClass).where(SchoolClass.grade_level == 5, SchoolClass.letter == "Б")
        )
        assert fifth is not None
        student = await session.scalar(
            select(Student).where(Student.class_id == fifth.id).order_by(Student.last_name).limit(1)
        )
        subject = await session.scalar(select(Subject).where(Subject.name == "Русский язык"))
        teacher = await session.scalar(select(Staff).where(Staff.last_name == "Попова"))
        assert student is not None and subject is not None and teacher is not None
        lesson = Lesson(
            school_id=fifth.school_id,
            class_id=fifth.id,
            subject_id=subject.id,
            teacher_id=teacher.id,
            date=MONDAY,
            lesson_number=2,
            attendance_taken_at=dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC),
        )
        session.add(lesson)
        await session.flush()
        session.add(Attendance(lesson_id=lesson.id, student_id=student.id, status="absent"))
        return student, fifth.id


async def test_the_week_on_screen_as_xlsx_and_an_absence_excused(harness: Harness) -> None:
    await harness.build_demo()
    student, class_id = await _absent_on_monday(harness)
    class_teacher, _ = await harness.join("class_teacher")

    await class_teacher.press("🧑‍🏫 Мой класс 5Б")
    screen = await class_teacher.press("📋 Пропуски за неделю")
    assert screen.text.startswith("📋 Пропуски за неделю с 23 ноября, 5Б")
    assert f"{student.short_name} — Н 1 (уваж. 0), О 0" in screen.text
    assert "23.11: 2 Русский язык Н" in screen.text

    with_file = await class_teacher.press("📄 Таблица XLSX")
    (document,) = with_file.documents
    assert document.filename == "Пропуски 5Б с 2026-11-23.xlsx"
    table = load_workbook(io.BytesIO(document.content)).worksheets[0]
    name, day, number, subject, status = (cell.value for cell in table[2][:5])
    assert (name, number, subject, status) == (student.short_name, 2, "Русский язык", "Н (отсутствовал)")
    assert isinstance(day, dt.datetime) and day.date() == MONDAY

    await class_teacher.press("✔ Отметить уважительные")
    await class_teacher.press(student.short_name)
    asked = await class_teacher.press("23.11 · 2 Русский язык")
    assert "Причина (например, «болезнь, справка от врача»)" in str(asked)
    done = await class_teacher.send("болезнь, справка")
    assert "Отмечен уважительным 1 пропуск." in str(done)
    async with harness.session_factory() as session:
        row = await session.scalar(select(Attendance).where(Attendance.student_id == student.id))
        assert row is not None and row.excused and row.reason == "болезнь, справка"

    # A parent pressing the same button (forged) is refused and learns nothing.
    parent, _ = await harness.join("parent")
    screen = await parent.screen()
    assert screen.current is not None
    forged = SummaryCb(action=SummaryAction.SHOW, class_id=class_id, monday=MONDAY.toordinal()).pack()
    answer = await parent.press_data(screen.current.message_id, forged)
    assert student.short_name not in str(answer)
