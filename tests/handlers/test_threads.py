"""Threads in the bot: the hourly limit per sender, a muted thread kept but not told, a stranger's
forged reply refused, and a class teacher writing to a student's parents."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ThreadAction, ThreadCb
from models import Outbox, School, SchoolClass, Thread, ThreadMessage
from tests.handlers.conftest import Harness


async def _to_class_teacher(harness: Harness, text: str) -> str:
    mother = harness.joined["parent"]
    await mother.send("/start")
    await mother.press("✉️ Написать учителю")
    prompt = await mother.press("Смирнова Е. В. — классный руководитель")
    assert prompt.text.startswith("Кому: Смирнова Е. В.\nНапишите сообщение.")  # no «для Смирнова Е. В..»
    return (await mother.send(text)).text


async def test_the_hourly_limit_a_muted_thread_and_a_forged_reply(
    harness: Harness, session: AsyncSession
) -> None:
    await harness.join("parent")
    class_teacher, _ = await harness.join("class_teacher")
    stranger, _ = await harness.join("parent_two_children")
    await session.execute(update(School).values(settings={"messages_per_hour": 2}))
    await session.commit()

    assert "Получатель: Смирнова Е. В." in await _to_class_teacher(harness, "Первое")
    thread_id = await session.scalar(select(Thread.id))
    assert thread_id is not None
    screen = await class_teacher.screen()
    told_message = screen.current
    assert told_message is not None
    # The class teacher's reply is confirmed with the name of who gets it: the mother, not the child.
    await class_teacher.press_data(
        told_message.message_id, ThreadCb(action=ThreadAction.REPLY, thread_id=thread_id).pack()
    )
    screen = await class_teacher.send("Спасибо, получила.")
    assert harness.school is not None
    mother_name = harness.school.personas["parent"].name
    child = str(harness.school.personas["parent"].extra["children"][0])
    assert f"Получатель: {mother_name}" in screen.text and child not in screen.text
    await class_teacher.press_data(
        told_message.message_id, ThreadCb(action=ThreadAction.MUTE, thread_id=thread_id).pack()
    )
    assert "Сообщение сохранено, но пока не доставлено" in await _to_class_teacher(harness, "Второе")
    assert "не больше 2 в час" in await _to_class_teacher(harness, "Третье")
    assert await session.scalar(select(func.count()).select_from(ThreadMessage)) == 3
    told = await session.scalar(
        select(func.count()).select_from(Outbox).where(Outbox.kind == "thread_message")
    )
    # The first and the class teacher's reply: the second was kept, not told (muted); the third refused.
    assert told == 2

    screen = await stranger.send("/start")
    assert screen.current is not None
    await stranger.press_data(
        screen.current.message_id, ThreadCb(action=ThreadAction.REPLY, thread_id=thread_id).pack()
    )
    screen = await stranger.send("Я не из этой переписки")
    assert "Это действие вам недоступно." in screen.text
    assert await session.scalar(select(func.count()).select_from(ThreadMessage)) == 3


async def test_a_class_teacher_writes_to_a_student_s_parents(harness: Harness, session: AsyncSession) -> None:
    mother, _ = await harness.join("parent")
    class_teacher, _ = await harness.join("class_teacher")
    assert harness.school is not None
    child = str(harness.school.personas["parent"].extra["children"][0])
    await class_teacher.send("/start")
    await class_teacher.press("🧑‍🏫 Мой класс 5Б")
    await class_teacher.press(
        next(
            label
            for row in (await class_teacher.screen()).buttons
            for label in row
            if label.startswith(child)
        )
    )
    screen = await class_teacher.press("✉️ Написать родителям")
    assert child in screen.text
    screen = await class_teacher.send("Завтра экскурсия, нужна сменная обувь.")
    assert "Отправлено родителям: 1." in screen.text
    row = await session.scalar(select(Outbox).where(Outbox.kind == "thread_message"))
    assert row is not None and row.tg_user_id == mother.user_id
    assert row.payload["text"] == "Завтра экскурсия, нужна сменная обувь."


async def test_a_subject_teacher_writes_to_parents_from_his_lesson(
    harness: Harness, session: AsyncSession
) -> None:
    mother, _ = await harness.join("parent")
    teacher, _ = await harness.join("teacher")  # Russian and literature in 5Б and 9В
    assert harness.school is not None
    child = str(harness.school.personas["parent"].extra["children"][0])
    fifth = await session.scalar(select(SchoolClass.id).where(SchoolClass.grade_level == 5))
    first = await session.scalar(select(SchoolClass.id).where(SchoolClass.grade_level == 1))
    screen = await teacher.send("/start")
    assert screen.current is not None
    screen = await teacher.press_data(
        screen.current.message_id, ThreadCb(action=ThreadAction.CLASS, class_id=fifth or 0).pack()
    )
    assert "Родителям кого из 5Б?" in screen.text
    await teacher.press(child)
    screen = await teacher.send("Не сдал сочинение.")
    assert "Отправлено родителям: 1." in screen.text
    row = await session.scalar(select(Outbox).where(Outbox.kind == "thread_message"))
    assert row is not None and row.tg_user_id == mother.user_id

    # 1А is not his class.
    screen = await teacher.press_data(
        screen.current.message_id if screen.current else 0,
        ThreadCb(action=ThreadAction.CLASS, class_id=first or 0).pack(),
    )
    assert (
        screen.callback_answer is not None and screen.callback_answer.text == "Это действие вам недоступно."
    )
