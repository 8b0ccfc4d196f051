"""«📰 Новости и события»: the administration and class teachers write news, events and announcements
for an audience; everyone reads what is meant for him, and nothing else, whatever button he sends."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PostAction, PostCb
from models import Outbox, Post
from scheduler import runs
from services import posts
from tests.handlers.conftest import Harness


async def _outbox(session: AsyncSession, kind: str) -> list[Outbox]:
    return list(await session.scalars(select(Outbox).where(Outbox.kind == kind).order_by(Outbox.tg_user_id)))


async def _write(harness: Harness, persona: str, kind: str, *audience: str) -> None:
    writer = harness.joined[persona]
    await writer.send("/start")
    await writer.press("📰 Новости и события")
    await writer.press("✍ Написать")
    await writer.press(kind)
    for label in audience:
        await writer.press(label)


async def test_a_class_announcement_goes_to_that_class_s_parents_and_students_only(
    harness: Harness, session: AsyncSession
) -> None:
    for persona in ("deputy", "parent", "student", "parent_two_children", "class_teacher_9"):
        await harness.join(persona)
    await _write(harness, "deputy", "📢 Объявление", "👪 Классу…", "5Б", "5Б: ученики и родители")
    deputy = harness.joined["deputy"]
    prompt = (await deputy.screen()).current  # «Напишите текст…» with its «✖ Отмена»
    assert prompt is not None
    screen = await deputy.send("Родительское собрание\nВ четверг в 18:00, кабинет 105.")
    assert "Так увидят получатели (3 получателя)" in screen.text
    assert "📢 Объявление (5Б)" in screen.text and "кабинет 105" in screen.text
    preview = screen.current
    assert preview is not None
    screen = await deputy.press("✅ Опубликовать")
    assert "Отправлено 3 получателям" in screen.text

    told = {row.tg_user_id for row in await _outbox(session, "post")}
    expected = {harness.joined[p].user_id for p in ("parent", "student", "parent_two_children")}
    assert told == expected  # not the deputy, not another class's class teacher

    # «Опубликовать» pressed again (a double tap that arrives late) sends nothing more, and the
    # confirmation stays what it was.
    screen = await deputy.press_data(preview.message_id, PostCb(action=PostAction.PUBLISH).pack())
    assert "Отправлено 3 получателям" in screen.text and "не найден" not in screen.text
    assert len(await _outbox(session, "post")) == 3
    # The «✖ Отмена» of the earlier text prompt does not claim to cancel what was delivered.
    screen = await deputy.press_data(prompt.message_id, PostCb(action=PostAction.CANCEL).pack())
    [redrawn] = screen.messages
    assert redrawn.message_id == prompt.message_id
    assert "уже отправлена" in redrawn.text and "Публикация отменена" not in redrawn.text
    assert len(await _outbox(session, "post")) == 3

    mother = harness.joined["parent"]
    await mother.send("/start")
    await mother.press("📰 Новости и события")
    screen = await mother.press("📢 Объявления")
    assert "Родительское собрание" in screen.text
    screen = await mother.press("Родительское собрание")
    assert "В четверг в 18:00, кабинет 105." in screen.text


async def test_a_staff_room_post_never_reaches_nor_shows_to_a_parent(
    harness: Harness, session: AsyncSession
) -> None:
    for persona in ("coordinator", "teacher", "parent"):
        await harness.join(persona)
    await _write(harness, "coordinator", "📰 Новость", "👩‍🏫 Учительская (только сотрудники)")
    await harness.joined["coordinator"].send("Педсовет переносится на пятницу")
    await harness.joined["coordinator"].press("✅ Опубликовать")
    told = {row.tg_user_id for row in await _outbox(session, "post")}
    assert harness.joined["parent"].user_id not in told
    assert harness.joined["teacher"].user_id in told
    post_id = await session.scalar(select(Post.id))
    assert post_id is not None

    mother = harness.joined["parent"]
    await mother.send("/start")
    await mother.press("📰 Новости и события")
    screen = await mother.press("📰 Новости")
    assert "Педсовет" not in screen.text and "Пока ничего нет." in screen.text
    current = screen.current
    assert current is not None
    for action in (PostAction.OPEN, PostAction.ICS):
        forged = PostCb(action=action, post_id=post_id).pack()
        screen = await mother.press_data(current.message_id, forged)
        assert "Педсовет" not in screen.text
        assert not screen.documents
        answer = await mother.last_callback_answer()
        assert answer == "Это действие вам недоступно."

    teacher = harness.joined["teacher"]
    await teacher.send("/start")
    await teacher.press("📰 Новости и события")
    screen = await teacher.press("📰 Новости")
    assert "Педсовет переносится на пятницу" in screen.text


async def test_a_class_teacher_writes_to_his_class_only_and_a_forged_audience_is_refused(
    harness: Harness, session: AsyncSession
) -> None:
    await harness.join("class_teacher")
    await _write(harness, "class_teacher", "📰 Новость")
    screen = await harness.joined["class_teacher"].screen()
    assert screen.buttons == [["5Б: ученики и родители"], ["5Б: только родители"], ["✖ Отмена"]]
    nineth = await session.scalar(text("SELECT id FROM school_class WHERE grade_level = 9"))
    assert screen.current is not None
    forged = PostCb(action=PostAction.AUDIENCE, kind="news", audience="class", class_id=nineth or 0).pack()
    await harness.joined["class_teacher"].press_data(screen.current.message_id, forged)
    forged_school = PostCb(action=PostAction.AUDIENCE, kind="news", audience="school").pack()
    await harness.joined["class_teacher"].press_data(screen.current.message_id, forged_school)
    screen = await harness.joined["class_teacher"].send("Экскурсия в музей", expect_reply=False)
    assert "Так увидят получатели" not in screen.text  # no draft was started by a forged button
    assert await session.scalar(select(Post.id)) is None


async def test_an_event_with_time_and_place_a_calendar_file_and_a_reminder_the_day_before(
    harness: Harness, session: AsyncSession
) -> None:
    for persona in ("deputy", "parent"):
        await harness.join(persona)
    await _write(harness, "deputy", "📅 Событие", "🏫 Вся школа")
    deputy = harness.joined["deputy"]
    screen = await deputy.send("Новогодний концерт")
    assert "Когда?" in screen.text
    screen = await deputy.send("31.02 18:00")
    assert "Не понял дату и время" in screen.text
    screen = await deputy.send("26.12 17:30")
    assert "Где?" in screen.text
    screen = await deputy.send("Актовый зал")
    assert "🕒 Суббота, 26 декабря, 17:30" in screen.text and "📍 Актовый зал" in screen.text
    await deputy.press("✅ Опубликовать")

    mother = harness.joined["parent"]
    await mother.send("/start")
    await mother.press("📰 Новости и события")
    screen = await mother.press("📅 События")
    assert "26 декабря, 17:30 — Новогодний концерт" in screen.text
    await mother.press("Новогодний концерт")
    screen = await mother.press("📅 Добавить в календарь")
    (calendar,) = screen.documents
    body = calendar.content.decode()
    assert calendar.filename.endswith(".ics")
    assert "BEGIN:VEVENT" in body and "DTSTART:20261226T143000Z" in body  # 17:30 in Moscow
    assert "SUMMARY:Новогодний концерт" in body and "LOCATION:Актовый зал" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))

    async with harness.session_factory() as job, job.begin():
        day_before = dt.date(2026, 12, 25)
        sent = await runs.run_now(
            job, "event_reminder", _school(harness), day_before, harness.clock.now(), "t"
        )
    assert sent == 2  # the deputy and the mother: the whole school who joined
    reminders = await _outbox(session, "event_reminder")
    assert {row.tg_user_id for row in reminders} == {deputy.user_id, mother.user_id}
    async with harness.session_factory() as job, job.begin():
        assert (
            await posts.remind_events(
                job, _school(harness), dt.date(2026, 12, 24), now=harness.clock.now(), run_key="x"
            )
            == 0
        )


def _school(harness: Harness) -> int:
    assert harness.school is not None
    return harness.school.school_id
