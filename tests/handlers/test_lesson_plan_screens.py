"""A teacher sends his lesson plan to the bot, picks the class and subject, and the lesson then offers
the plan's topic: one tap keeps it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from bot.callbacks import LessonCb, LessonScreen
from models import Lesson, SchoolClass, Staff, Subject
from services import lessons
from tests.handlers.conftest import Harness

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "lesson_plan.xlsx"
FRIDAY = dt.date(2026, 11, 27)  # the harness's clock is on Saturday 28 November


async def _fridays_lesson(harness: Harness, teacher_account: int) -> tuple[int, str]:
    """One of the teacher's Friday lessons, and its «5Б · Математика»."""
    async with harness.session_factory() as session, session.begin():
        staff = await session.scalar(select(Staff).where(Staff.tg_user_id == teacher_account))
        assert staff is not None
        await lessons.ensure_school_lessons(session, staff.school_id, FRIDAY, FRIDAY)
        lesson = await session.scalar(
            select(Lesson)
            .where(Lesson.teacher_id == staff.id, Lesson.date == FRIDAY)
            .order_by(Lesson.lesson_number)
        )
        assert lesson is not None
        school_class = await session.get(SchoolClass, lesson.class_id)
        subject = await session.get(Subject, lesson.subject_id)
        assert school_class is not None and subject is not None
        return lesson.id, f"{school_class.label} · {subject.name}"


async def test_a_teacher_loads_a_plan_and_keeps_its_topic_with_one_tap(harness: Harness) -> None:
    teacher, _ = await harness.join("teacher")
    lesson_id, which = await _fridays_lesson(harness, teacher.user_id)

    asked = await teacher.upload(
        "план.xlsx",
        TEMPLATE.read_bytes(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert asked.has_button("📘 Тематическое планирование")
    assert not asked.has_button("👪 Список классов (ученики и родители)")  # the coordinator's alone
    listed = await teacher.press("📘 Тематическое планирование")
    assert "Для какого класса и предмета этот план?" in listed.text
    loaded = await teacher.press(which)
    assert "✅ План загружен:" in loaded.text and "5 тем, 11 часов" in loaded.text

    assert loaded.current is not None
    topic = await teacher.press_data(
        loaded.current.message_id, LessonCb(lesson_id=lesson_id, screen=LessonScreen.TOPIC).pack()
    )
    assert "По плану: 1. Натуральные числа и шкалы" in topic.text
    assert "ДЗ по плану: §1, № 5, 7" in topic.text
    card = await teacher.press("✅ 1. Натуральные числа и шкалы")
    assert "Натуральные числа и шкалы" in card.text
    async with harness.session_factory() as session:
        lesson = await session.get(Lesson, lesson_id)
    assert lesson is not None and (lesson.topic, lesson.plan_topic) == ("Натуральные числа и шкалы", 1)

    # The plan's homework for that topic is one tap too.
    assert card.current is not None
    asked = await teacher.press_data(
        card.current.message_id, LessonCb(lesson_id=lesson_id, screen=LessonScreen.HOMEWORK).pack()
    )
    saved = await teacher.press("✅ По плану: §1, № 5, 7")
    assert "§1, № 5, 7" in saved.text and asked.text != saved.text

    # The deputy's control report shows where the class is against its plan.
    deputy, _ = await harness.join("deputy")
    await deputy.send("/menu")
    report = await deputy.press("📊 Контроль журнала")
    assert "📘 Тематическое планирование" in report.text
    assert f"• {which.replace(' · ', ' ')}: пройдено 1 из 5 тем" in report.text
