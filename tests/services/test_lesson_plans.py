"""Lesson plans: a file of topics per class and subject; each lesson is offered the next topic, a topic
of two hours twice, a lesson skipped or given another topic takes none; the report counts progress."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Lesson, SchoolClass, Staff, Subject
from services import demo, lesson_plans, lessons
from services.audit import CLI, Actor
from services.homework import set_topic
from services.tabular import ImportRejected, parse_table
from services.users import TelegramProfile, enter

BUILT = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
PLAN = "Тема;Часы;Домашнее задание\nДроби;2;§1\nСложение дробей;;§2\nКонтрольная работа;1;\n"


async def _maths_lessons(session: AsyncSession) -> tuple[SchoolClass, Subject, list[Lesson]]:
    fifth = await session.scalar(select(SchoolClass).where(SchoolClass.grade_level == 5))
    maths = await session.scalar(select(Subject).where(Subject.name == "Математика"))
    assert fifth is not None and maths is not None
    await lessons.ensure_school_lessons(
        session, fifth.school_id, dt.date(2026, 11, 30), dt.date(2026, 12, 11)
    )
    found = await session.scalars(
        select(Lesson)
        .where(Lesson.class_id == fifth.id, Lesson.subject_id == maths.id)
        .order_by(Lesson.date, Lesson.lesson_number)
    )
    return fifth, maths, list(found)


def _on(lesson: Lesson) -> dt.datetime:
    """The lesson's day, in the afternoon: he fills it in the day it is held."""
    return dt.datetime.combine(lesson.date, dt.time(12, 0), tzinfo=dt.UTC)


async def _teacher(session: AsyncSession, staff_id: int) -> Actor:
    account = 7_700_001
    await enter(session, TelegramProfile(account, account, "Учитель"), BUILT)
    staff = await session.get(Staff, staff_id)
    assert staff is not None
    staff.tg_user_id = account
    await session.flush()
    context, _ = await enter(session, TelegramProfile(account, account, "Учитель"), BUILT)
    return Actor.of(context)


async def test_each_lesson_is_offered_the_next_topic_and_a_skipped_one_takes_none(
    session: AsyncSession,
) -> None:
    school = await demo.build_demo(session, now=BUILT, ttl_days=14)
    fifth, maths, held = await _maths_lessons(session)
    assert len(held) >= 5
    report = await lesson_plans.load_plan(
        session,
        CLI,
        fifth.id,
        maths.id,
        parse_table(PLAN.encode(), "план.csv", lesson_plans.PLAN_COLUMNS),
        now=BUILT,
    )
    assert (report.topics, report.hours, report.first) == (3, 4, "Дроби")

    teacher = await _teacher(session, held[0].teacher_id)
    offered = []
    for lesson in held[:2]:  # «Дроби» is two hours: two lessons
        offered.append((await lesson_plans.next_topic(session, lesson.id)).title)  # type: ignore[union-attr]
        await lesson_plans.keep_topic(session, teacher, lesson.id, now=_on(lesson))
    assert offered == ["Дроби", "Дроби"]
    # The third lesson gets another topic typed by the teacher: the plan waits.
    await set_topic(session, teacher, held[2].id, "Повторение", now=_on(held[2]))
    fourth = await lesson_plans.next_topic(session, held[3].id)
    assert fourth is not None and (fourth.number, fourth.title, fourth.homework) == (
        2,
        "Сложение дробей",
        "§2",
    )
    await lesson_plans.keep_topic(session, teacher, held[3].id, now=_on(held[3]))
    await session.refresh(held[3])
    assert (held[3].topic, held[3].plan_topic) == ("Сложение дробей", 2)
    last = await lesson_plans.next_topic(session, held[4].id)
    assert last is not None and last.title == "Контрольная работа"

    progress = await lesson_plans.progress(session, CLI, school.school_id, dt.date(2026, 12, 11))
    assert [(p.class_label, p.subject, p.covered, p.topics) for p in progress] == [("5Б", "Математика", 2, 3)]

    # A new file replaces the plan; what lessons covered stays.
    await lesson_plans.load_plan(
        session,
        CLI,
        fifth.id,
        maths.id,
        parse_table("Тема\nОдна тема\n".encode(), "п.csv", lesson_plans.PLAN_COLUMNS),
        now=BUILT,
    )
    await session.refresh(held[0])
    assert held[0].topic == "Дроби"


def test_a_bad_plan_lists_every_problem_with_its_row() -> None:
    bad = "Номер темы;Тема;Часы\n1;Дроби;два\n1;Сложение;1\n3;;1\n"
    with pytest.raises(ImportRejected) as rejected:
        lesson_plans.parse_plan(parse_table(bad.encode(), "план.csv", lesson_plans.PLAN_COLUMNS))
    assert [(p.code, p.row) for p in rejected.value.problems] == [
        ("plan-bad-number", 2),
        ("plan-repeated-number", 3),
        ("plan-no-topic", 4),
    ]
