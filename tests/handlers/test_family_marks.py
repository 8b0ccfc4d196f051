"""A parent's and a student's marks: one screen per period, the child picker remembered, what it
takes to reach the next final mark, and nothing of anyone else's."""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Coroutine
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import FamilyMarksCb, SubjectMarksCb
from models import Attendance, Homework, Lesson, Mark, MarkKind, Staff, Student, Subject, TimetableSlot
from sandbox.driver import Screen
from tests.handlers.conftest import Harness
from tests.sqlcount import count_statements


async def _student(session: AsyncSession, full_name: str) -> Student:
    last, first = full_name.split()[:2]
    student = await session.scalar(
        select(Student).where(Student.last_name == last, Student.first_name == first)
    )
    assert student is not None
    return student


async def _give(harness: Harness, student_name: str, subject: str, values: list[tuple[int, str]]) -> None:
    """Marks of the given kinds (by code) in lessons of the past days, written straight to the journal."""
    async with harness.session_factory() as session, session.begin():
        student = await _student(session, student_name)
        subject_id = await session.scalar(select(Subject.id).where(Subject.name == subject))
        teacher_id = await session.scalar(select(Staff.id).where(Staff.last_name == "Попова"))
        assert subject_id is not None and teacher_id is not None
        today = harness.clock.now().date()
        for day, (value, code) in enumerate(values, start=1):
            kind_id = await session.scalar(select(MarkKind.id).where(MarkKind.code == code))
            lesson = Lesson(
                school_id=student.school_id, class_id=student.class_id, subject_id=subject_id,
                teacher_id=teacher_id, date=today - dt.timedelta(days=len(values) + 1 - day),
                lesson_number=8,
            )  # fmt: skip
            session.add(lesson)
            await session.flush()
            session.add(
                Mark(
                    school_id=student.school_id,
                    lesson_id=lesson.id,
                    student_id=student.id,
                    kind_id=kind_id,
                    value=value,
                    author_id=teacher_id,
                    entry_key=f"t{day}",
                )
            )


async def test_a_parent_of_one_sees_every_subject_and_what_a_five_takes(harness: Harness) -> None:
    parent, _ = await harness.join("parent")
    child = harness.school.personas["parent"].extra["children"][0]  # type: ignore[union-attr]
    await _give(harness, child, "Математика", [(4, "oral"), (4, "oral"), (4, "oral")])
    screen = await parent.send("/menu")
    screen = await parent.press("📊 Оценки")
    assert screen.text.startswith(f"📊 {child}, 5Б — ")
    assert "Математика: 4 4 4 — 4,00" in screen.text
    assert not screen.has_button("👥 Другой ребёнок")
    screen = await parent.press("Математика")
    assert "До «5»: ещё 3 пятёрки" in screen.text


async def test_a_parent_of_two_picks_once_and_the_choice_is_remembered(harness: Harness) -> None:
    parent, _ = await harness.join("parent_two_children")
    persona = harness.school.personas["parent_two_children"]  # type: ignore[union-attr]
    await parent.send(f"/start {persona.extra['second_child_token']}")
    older, younger = persona.extra["children"]
    screen = await parent.send("/marks")
    assert screen.has_button("👥 Другой ребёнок")
    screen = await parent.press("👥 Другой ребёнок")
    screen = await parent.press(
        next(label for row in screen.buttons for label in row if label.startswith(younger))
    )
    assert screen.text.startswith(f"📊 {younger}, 1А")
    screen = await parent.send("/marks")
    assert screen.text.startswith(f"📊 {younger}, 1А")
    assert older not in screen.text


async def test_a_forged_child_or_period_is_refused_alike(harness: Harness) -> None:
    parent, _ = await harness.join("parent")
    screen = await parent.send("/marks")
    assert screen.current is not None
    child = harness.school.personas["parent"].extra["children"][0]  # type: ignore[union-attr]
    async with harness.session_factory() as session:
        own = await _student(session, child)
        other = await session.scalar(
            select(Student.id).where(Student.class_id == own.class_id, Student.id != own.id).limit(1)
        )
    assert other is not None
    for forged in (
        FamilyMarksCb(student_id=other).pack(),
        FamilyMarksCb(student_id=other + 100000).pack(),
        FamilyMarksCb(period_id=999999).pack(),
        SubjectMarksCb(student_id=other, subject_id=1).pack(),
    ):
        answer = await parent.press_data(screen.current.message_id, forged)
        assert answer.callback_answer is not None
        assert answer.callback_answer.text == "Это действие вам недоступно.", forged


async def test_a_student_sees_his_own_marks(harness: Harness) -> None:
    student, _ = await harness.join("student")
    me = harness.school.personas["student"].name  # type: ignore[union-attr]
    await _give(harness, me, "Математика", [(5, "oral"), (3, "control")])
    screen = await student.send("/marks")
    assert screen.text.startswith(f"📊 {me}, 5Б")
    assert "Математика: 5 3 — 3,67" in screen.text


async def test_absences_of_the_period_by_day_with_totals(harness: Harness) -> None:
    parent, _ = await harness.join("parent")
    child = harness.school.personas["parent"].extra["children"][0]  # type: ignore[union-attr]
    await _give(harness, child, "Математика", [(4, "oral")])  # one lesson of the day before
    async with harness.session_factory() as session, session.begin():
        own = await _student(session, child)
        lesson = await session.scalar(select(Lesson).where(Lesson.lesson_number == 8))
        assert lesson is not None
        session.add(
            Attendance(lesson_id=lesson.id, student_id=own.id, status="absent", excused=True, reason="болел")
        )
    screen = await parent.send("/menu")
    screen = await parent.press("🚫 Пропуски")
    assert f"Пропуски — {child}, 1-й триместр" in screen.text
    assert "1 пропуск (по уважительной причине: 1), 0 опозданий." in screen.text
    day = harness.clock.now().date() - dt.timedelta(days=1)
    assert "8-й урок, Математика — пропуск (уважительная: болел)" in screen.text
    assert f"{day.day} ноября" in screen.text


async def test_homework_for_the_next_school_day_and_the_week_with_files_sent_again(harness: Harness) -> None:
    student, _ = await harness.join("student")
    me = harness.school.personas["student"].name  # type: ignore[union-attr]
    assert harness.clock.now().date() == dt.date(2026, 11, 28)  # a Saturday: 5Б learns Monday to Friday
    tomorrow = dt.date(2026, 11, 30)  # the next school day, not Sunday
    stored = harness.fake.store_file(b"%PDF-1.4 worksheet", "worksheet.pdf", "application/pdf", "document")
    async with harness.session_factory() as session, session.begin():
        own = await _student(session, me)
        maths = await session.scalar(select(Subject.id).where(Subject.name == "Математика"))
        history = await session.scalar(select(Subject.id).where(Subject.name == "История"))
        assert maths is not None and history is not None
        session.add_all(
            [
                Homework(school_id=own.school_id, class_id=own.class_id, subject_id=maths, due_on=tomorrow,
                         text="№ 12–15", attachments=[{"file_id": stored.file_id, "kind": "document"}]),
                Homework(school_id=own.school_id, class_id=own.class_id, subject_id=history,
                         due_on=tomorrow + dt.timedelta(days=3), text="§ 7, пересказ"),
            ]
        )  # fmt: skip
    screen = await student.send("/homework")
    assert "ДЗ на ближайший учебный день (Понедельник, 30 ноября)" in screen.text
    assert "Воскресенье" not in screen.text and "Математика: № 12–15 (📎 1)" in screen.text
    assert "История" not in screen.text
    screen = await student.press("📅 На неделю")
    assert "Математика: № 12–15" in screen.text and "История: § 7, пересказ" in screen.text
    assert screen.has_button("📌 На 30 ноября")
    screen = await student.press("📎 Математика: 1 файл")
    assert screen.documents and screen.documents[0].file_id == stored.file_id


def _png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height from its IHDR chunk; fails on anything that is not a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


async def test_charts_are_png_photos_and_an_empty_one_is_a_line_of_text(harness: Harness) -> None:
    parent, _ = await harness.join("parent")
    child = harness.school.personas["parent"].extra["children"][0]  # type: ignore[union-attr]
    screen = await parent.send("/marks")
    answer = await parent.press("📈 График")
    assert (
        answer.callback_answer is not None and answer.callback_answer.text == "Для графика пока нет оценок."
    )

    await _give(harness, child, "Математика", [(3, "oral"), (5, "control"), (4, "oral")])
    await _give(harness, child, "История", [(5, "oral")])
    screen = await parent.send("/marks")
    overview, chart_button = screen.current, screen.button("📈 График")
    assert overview is not None and chart_button.callback_data is not None
    screen = await parent.press("📈 График")
    photo = screen.messages[-1]
    assert photo.photo is not None and _png_size(photo.photo)[0] >= 600
    assert photo.text.startswith(f"Средний балл — {child}, 1-й триместр")
    # A double tap sends one chart: the second press is answered «already sent»; later, a fresh one.
    screen = await parent.press_data(overview.message_id, chart_button.callback_data)
    assert (
        screen.callback_answer is not None
        and screen.callback_answer.text == "Уже отправлено — смотрите выше."
    )
    assert len(harness.fake.calls("sendPhoto")) == 1
    harness.clock.at += dt.timedelta(seconds=11)
    await parent.press_data(overview.message_id, chart_button.callback_data)
    assert len(harness.fake.calls("sendPhoto")) == 2

    await parent.send("/marks")
    await parent.press("Математика")
    screen = await parent.press("📈 График")
    assert screen.messages[-1].photo is not None and _png_size(screen.messages[-1].photo)[1] >= 300


_TRIMESTER_OF_MARKS = text(
    """
    WITH lessons AS (
        INSERT INTO lesson (school_id, class_id, subject_id, teacher_id, date, lesson_number)
        SELECT st.school_id, st.class_id, s.id, :teacher_id, d::date, 9
        FROM student st
        JOIN subject s ON s.school_id = st.school_id
        CROSS JOIN generate_series(CAST(:first_day AS date), CAST(:last_day AS date), interval '1 day') d
        WHERE st.id = :student_id
        RETURNING id, school_id
    )
    INSERT INTO mark (school_id, lesson_id, student_id, kind_id, value, author_id, entry_key, comment)
    SELECT l.school_id, l.id, :student_id, :kind_id, 2 + (l.id % 4), :teacher_id, 'bulk', 'Работа на уроке'
    FROM lessons l
    """
)


async def _fill_trimester(harness: Harness, full_name: str, days: int, *, before: int = 0) -> None:
    """A lesson with a mark in every subject on each of `days` days, ending `before` days earlier."""
    async with harness.session_factory() as session, session.begin():
        student = await _student(session, full_name)
        teacher_id = await session.scalar(select(Staff.id).where(Staff.last_name == "Попова"))
        kind_id = await session.scalar(select(MarkKind.id).where(MarkKind.code == "oral"))
        last_day = harness.clock.now().date() - dt.timedelta(days=1 + before)
        await session.execute(
            _TRIMESTER_OF_MARKS,
            {
                "student_id": student.id,
                "teacher_id": teacher_id,
                "kind_id": kind_id,
                "first_day": last_day - dt.timedelta(days=days - 1),
                "last_day": last_day,
            },
        )


async def test_family_screens_cost_the_same_few_statements_however_many_marks(harness: Harness) -> None:
    """A parent of two: every screen is a handful of statements, the same with a day of marks per
    subject as with a trimester of them."""
    parent, _ = await harness.join("parent_two_children")
    persona = harness.school.personas["parent_two_children"]  # type: ignore[union-attr]
    await parent.send(f"/start {persona.extra['second_child_token']}")
    older = persona.extra["children"][0]

    async def cost(action: Coroutine[Any, Any, Screen], starts: str) -> int:
        with count_statements(harness.engine) as log:
            screen = await action
        assert screen.text.startswith(starts), screen.text[:200]  # drawn, not refused or too long
        return log.count

    async def costs() -> dict[str, int]:
        spent = {"marks": await cost(parent.send("/marks"), f"📊 {older}")}
        spent["subject"] = await cost(parent.press("Математика"), "📊 Математика")
        spent["absences"] = await cost(parent.send("/absences"), "🚫 Пропуски")
        spent["homework"] = await cost(parent.send("/homework"), "📚 ДЗ")
        return spent

    await parent.send("/marks")  # the older child is shown first (alphabetical), and remembered
    await _fill_trimester(harness, older, days=1)
    few = await costs()
    await _fill_trimester(harness, older, days=80, before=1)  # a trimester: ~80 days × every subject
    many = await costs()
    assert few == many, (few, many)
    assert max(many.values()) <= 9, many  # the homework screen reads the school's days off too
    await parent.send("/marks")
    subject = await parent.press("Математика")
    assert subject.text.startswith("📊 Математика") and "Средний балл (взвешенный)" in subject.text
    assert len(subject.text) <= 4096


async def test_the_weeks_timetable_with_a_substitution_and_a_holiday_in_three_queries(
    harness: Harness,
) -> None:
    parent, _ = await harness.join("parent")
    child = harness.school.personas["parent"].extra["children"][0]  # type: ignore[union-attr]
    wednesday = dt.date(2026, 11, 25)  # the harness's clock is on Saturday 28 November
    async with harness.session_factory() as session, session.begin():
        own = await _student(session, child)
        slot = await session.scalar(
            select(TimetableSlot)
            .where(TimetableSlot.class_id == own.class_id, TimetableSlot.weekday == 3)
            .order_by(TimetableSlot.lesson_number)
            .limit(1)
        )
        morozov = await session.scalar(select(Staff.id).where(Staff.last_name == "Морозов"))
        assert slot is not None and morozov is not None
        session.add(
            Lesson(
                school_id=own.school_id, class_id=own.class_id, subject_id=slot.subject_id,
                teacher_id=slot.teacher_id, substitute_teacher_id=morozov, slot_id=slot.id,
                date=wednesday, lesson_number=slot.lesson_number,
            )
        )  # fmt: skip
    screen = await parent.send("/timetable")
    # On Saturday (5Б learns Monday to Friday) the week asked for is the coming one, and it says so.
    screen = await parent.press("🗓 Вся неделя")
    assert screen.text.startswith("🗓 Неделя с 30 ноября · 5Б")
    assert "Выходной — показываю следующую неделю" in screen.text
    with count_statements(harness.engine) as log:
        screen = await parent.press("◀")
    assert screen.text.startswith("🗓 Неделя с 23 ноября · 5Б") and "Выходной" not in screen.text
    for day in ("Понедельник, 23 ноября", "Среда, 25 ноября", "Суббота, 28 ноября"):
        assert day in screen.text
    wednesday_part = screen.text.split("Среда, 25 ноября")[1].split("Четверг")[0]
    assert "Морозов" in wednesday_part and "замена" in wednesday_part
    assert log.count <= 8, log  # the slots, the lessons, the school's calendar; the rest is the update's
    screen = await parent.press("◀")
    assert screen.text.startswith("🗓 Неделя с 16 ноября")
    screen = await parent.press("◀")
    screen = await parent.press("◀")
    assert screen.text.startswith("🗓 Неделя со 2 ноября") or screen.text.startswith("🗓 Неделя с 2 ноября")
    holiday = screen.text.split("Среда, 4 ноября")[1].split("Четверг")[0]
    assert "🎉 Выходной: День народного единства. Уроков нет." in holiday  # Russia's calendar, by default
