"""A teacher sets final marks: the averages shown, all missing ones set by the averages in one tap,
one corrected from the keypad; the family gets a message for each; another teacher's class refused."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.callbacks import FinalsAction, FinalsCb
from models import (
    FinalMark,
    Lesson,
    Mark,
    MarkKind,
    Outbox,
    SchoolClass,
    Staff,
    Student,
    Subject,
    TeachingAssignment,
)
from tests.handlers.conftest import Harness


async def _marks_for_the_first_student(harness: Harness) -> tuple[Student, int, int]:
    """5Б's first student: a 5 and a 4 (weights 1 and 1) in Русский язык this trimester."""
    async with harness.session_factory() as session, session.begin():
        fifth = await session.scalar(
            select(SchoolClass).where(SchoolClass.grade_level == 5, SchoolClass.letter == "Б")
        )
        subject = await session.scalar(select(Subject).where(Subject.name == "Русский язык"))
        teacher = await session.scalar(select(Staff).where(Staff.last_name == "Попова"))
        assert fifth is not None and subject is not None and teacher is not None
        student = await session.scalar(
            select(Student)
            .where(Student.class_id == fifth.id)
            .order_by(Student.last_name, Student.id)
            .limit(1)
        )
        kind = await session.scalar(
            select(MarkKind).where(MarkKind.school_id == fifth.school_id, MarkKind.weight == 1).limit(1)
        )
        assert student is not None and kind is not None
        for number, value in ((1, 5), (2, 4)):
            lesson = Lesson(
                school_id=fifth.school_id,
                class_id=fifth.id,
                subject_id=subject.id,
                teacher_id=teacher.id,
                date=dt.date(2026, 11, 16) + dt.timedelta(days=number),
                lesson_number=number,
            )
            session.add(lesson)
            await session.flush()
            session.add(
                Mark(
                    school_id=fifth.school_id,
                    lesson_id=lesson.id,
                    student_id=student.id,
                    kind_id=kind.id,
                    value=value,
                    author_id=teacher.id,
                    entry_key=f"t{number}",
                )
            )
        return student, fifth.id, subject.id


async def test_a_teacher_sets_the_finals_by_the_averages_and_corrects_one(harness: Harness) -> None:
    await harness.build_demo()
    student, class_id, subject_id = await _marks_for_the_first_student(harness)
    await harness.join("parent")  # a family in the bot, to be told
    teacher, _ = await harness.join("teacher")

    await teacher.press("🏁 Итоговые оценки")
    sheet = await teacher.press("5Б · Русский язык")
    assert sheet.text.startswith("🏁 Итоговые · 5Б · Русский язык · 1-й триместр")
    assert f"{student.short_name} · ср. 4,50 · —" in str(sheet.buttons)

    sheet = await teacher.press("✅ По среднему всем без итоговой (1)")
    assert sheet.callback_answer is not None and sheet.callback_answer.text == "Выставлена 1 итоговая"
    assert f"{student.short_name} · ср. 4,50 · итог 5" in str(sheet.buttons)

    keypad = await teacher.press(f"{student.short_name} · ср. 4,50 · итог 5")
    assert "⭐5" in str(keypad.buttons)
    sheet = await teacher.press("4")
    assert f"{student.short_name} · ср. 4,50 · итог 4" in str(sheet.buttons)

    async with harness.session_factory() as session:
        (final,) = await session.scalars(select(FinalMark))
        assert (final.student_id, final.subject_id, final.value) == (student.id, subject_id, 4)
        told = [
            row.payload["value"]
            for row in await session.scalars(select(Outbox).where(Outbox.kind == "final"))
        ]
        assert told.count(5) >= 1 and told.count(4) >= 1  # the family heard of both, in order
        teacher_id = await session.scalar(select(Staff.id).where(Staff.last_name == "Попова"))
        hers = select(TeachingAssignment.subject_id).where(
            TeachingAssignment.class_id == class_id, TeachingAssignment.teacher_id == teacher_id
        )
        other = await session.scalar(select(Subject).where(Subject.id.not_in(hers)).limit(1))
        assert other is not None

    # Another subject of the class, which she does not teach: refused, nothing shown.
    screen = await teacher.screen()
    assert screen.current is not None
    forged = FinalsCb(action=FinalsAction.SHEET, class_id=class_id, subject_id=other.id).pack()
    answer = await teacher.press_data(screen.current.message_id, forged)
    assert answer.callback_answer is not None
    assert answer.callback_answer.text == "Это действие вам недоступно."
    assert other.name not in str(answer)
