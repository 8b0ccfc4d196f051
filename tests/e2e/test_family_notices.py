"""A teacher's tap reaches the family: the real `schoolbot run` (bot and sender in one process), the
sandbox's Bot API server, a teacher who gives a mark and the child's mother who is told at once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import SubjectMarksCb
from models import MarkKind, School, Student, Subject, TgUser
from sandbox.driver import HttpUser
from services import invites, marks
from services.audit import CLI, Actor
from services.marks import new_entry_key
from services.users import load_context
from tests.e2e.test_teacher_taps import ROW, Taps, Teaching, _lesson, _students, teaching  # noqa: F401


async def _tell_at_once(
    session: AsyncSession, lessons: Teaching, messenger: str = "telegram"
) -> tuple[HttpUser, str]:
    """No correction window, the mother joined (in her messenger) with quiet hours off (the test runs
    at any hour)."""
    await session.execute(update(School).values(settings={"mark_delay_minutes": 0}))
    await session.commit()
    link = str(lessons.personas["parent"]["link"])
    mother, _ = await lessons.sandbox.join(link, "Ольга", consent=True, messenger=messenger)
    account = await session.get(TgUser, mother.user_id)
    assert account is not None and account.channel == messenger  # joined in her own messenger
    await session.execute(
        update(TgUser).where(TgUser.id == mother.user_id).values(preferences={"quiet_hours": False})
    )
    await session.commit()
    children = lessons.personas["parent"]["children"]
    assert isinstance(children, list)
    return mother, str(children[0])


async def test_a_mark_reaches_the_mother_at_once_and_opens_the_subject(
    teaching: Teaching,  # noqa: F811 - the fixture imported above
    session: AsyncSession,
    messenger: str,
) -> None:
    mother, child = await _tell_at_once(session, teaching, messenger)
    teacher, fake = teaching.teacher, teaching.sandbox.fake
    screen = await teacher.send("/today")
    screen = await Taps(teacher).press_in_row(screen, ROW, "⭐ Оценки")
    surname = child.split()[0]
    await teacher.press(next(name for name in _students(screen) if name.startswith(surname)))
    before = fake.activity_version(mother.user_id)
    given = time.monotonic()
    await teacher.press("5")
    await fake.wait_for_activity(mother.user_id, after_version=before, timeout=10)
    latency = time.monotonic() - given
    told = fake.messages(mother.user_id)[-1]
    assert child in told.text
    assert "Русский язык: 5 — Ответ на уроке" in told.text and "Попова О. Н." in told.text
    assert latency < 3.0, latency

    opened = await mother.press("📊 Русский язык")
    assert opened.text.startswith(f"📊 Русский язык — {child}")
    assert "(вес 1) · Попова О. Н." in opened.text
    assert "Средний балл (взвешенный): 5,00 — 1 оценка" in opened.text


async def test_a_forged_child_id_on_the_subject_button_is_refused(
    teaching: Teaching,  # noqa: F811
    session: AsyncSession,
    messenger: str,
) -> None:
    mother, child = await _tell_at_once(session, teaching, messenger)
    own = await session.scalar(select(Student).where(Student.last_name == child.split()[0]))
    assert own is not None
    stranger = await session.scalar(
        select(Student.id).where(Student.class_id == own.class_id, Student.id != own.id).limit(1)
    )
    subject_id = await session.scalar(select(Subject.id).where(Subject.name == "Русский язык"))
    assert stranger is not None and subject_id is not None
    screen = await mother.screen()
    assert screen.current is not None
    for student_id in (stranger, stranger + 100000):
        forged = SubjectMarksCb(student_id=student_id, subject_id=subject_id).pack()
        answer = await mother.press_data(screen.current.message_id, forged)
        assert answer.callback_answer is not None
        assert answer.callback_answer.text == "Это действие вам недоступно."


async def test_a_mark_rolled_back_reaches_nobody_and_the_next_one_does(
    teaching: Teaching,  # noqa: F811
    session: AsyncSession,
) -> None:
    mother, child = await _tell_at_once(session, teaching)
    teacher, fake = teaching.teacher, teaching.sandbox.fake
    screen = await teacher.send("/today")
    await Taps(teacher).press_in_row(screen, ROW, "⭐ Оценки")  # the lesson exists from here on
    lesson = await _lesson(session)
    own = await session.scalar(select(Student).where(Student.last_name == child.split()[0]))
    kind_id = await session.scalar(select(MarkKind.id).where(MarkKind.school_id == lesson.school_id).limit(1))
    assert own is not None and kind_id is not None
    actor = Actor.of(await load_context(session, teacher.user_id))
    await session.commit()

    before = fake.activity_version(mother.user_id)
    await session.begin()
    given = await marks.give(
        session, actor, lesson.id, own.id, 2, kind_id, new_entry_key(), now=dt.datetime.now(dt.UTC)
    )
    assert given.mark is not None  # saved, with its outbox rows, in this transaction ...
    await session.rollback()  # ... which is rolled back
    await asyncio.sleep(2.0)
    assert fake.activity_version(mother.user_id) == before

    surname = child.split()[0]
    screen = await teacher.screen()
    await teacher.press(next(name for name in _students(screen) if name.startswith(surname)))
    await teacher.press("4")
    await fake.wait_for_activity(mother.user_id, after_version=before, timeout=10)
    told = [m.text for m in fake.messages(mother.user_id) if "Русский язык:" in m.text]
    assert len(told) == 1 and ": 4 —" in told[0] and ": 2 —" not in told[0]


async def test_a_mixed_school_the_mother_in_max_and_the_father_in_telegram_each_get_the_mark_once(
    teaching: Teaching,  # noqa: F811
    session: AsyncSession,
) -> None:
    """One school, two messengers: the teacher in Telegram gives a mark; the mother joined in MAX and
    the father (a second link for the same child) in Telegram are each told once, in their own."""
    mother, child = await _tell_at_once(session, teaching, "max")
    own = await session.scalar(select(Student).where(Student.last_name == child.split()[0]))
    assert own is not None
    father_link = await invites.issue_parent_invite(
        session, CLI, own.id, guardian_id=None, now=dt.datetime.now(dt.UTC), ttl_days=7
    )
    await session.commit()
    father, _ = await teaching.sandbox.join(f"?start={father_link.token}", "Павел", consent=True)
    await session.execute(
        update(TgUser).where(TgUser.id == father.user_id).values(preferences={"quiet_hours": False})
    )
    await session.commit()
    teacher, fake = teaching.teacher, teaching.sandbox.fake
    screen = await teacher.send("/today")
    screen = await Taps(teacher).press_in_row(screen, ROW, "⭐ Оценки")
    await teacher.press(next(name for name in _students(screen) if name.startswith(child.split()[0])))
    before = {parent.user_id: fake.activity_version(parent.user_id) for parent in (mother, father)}
    max_calls_before = len(teaching.sandbox.max.calls)
    await teacher.press("4")
    for parent in (mother, father):
        await fake.wait_for_activity(parent.user_id, after_version=before[parent.user_id], timeout=10)
    await asyncio.sleep(1.0)  # and nothing more comes
    for parent in (mother, father):
        told = [m for m in fake.messages(parent.user_id) if m.from_bot and "Русский язык: 4" in m.text]
        assert len(told) == 1, fake.transcript(parent.user_id)
    through_max = [
        call
        for call in teaching.sandbox.max.calls[max_calls_before:]
        if (call.verb, call.path) == ("POST", "/messages")
    ]
    assert any(child in str(call.body) for call in through_max)  # hers went through MAX
