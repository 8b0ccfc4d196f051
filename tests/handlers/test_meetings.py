"""Parent–teacher meetings: a teacher offers a day of slots (typed in one line, or step by step), a
parent books one, a second parent cannot take it, forged buttons change nothing, cancelling until the
day before, the teacher's list of the day, and who is told (the booking, the reminders the day before).

The clock: Saturday 28 November 2026, 12:00 in Moscow."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks_meetings import BookAction, BookCb, MeetAction, MeetCb
from models import MeetingBooking, MeetingSlot, Outbox, SchoolCalendarDay
from sandbox.driver import InProcessUser, Screen
from scheduler import runs
from services import meeting_bookings
from services.audit import Actor
from services.errors import InvalidInput
from services.meeting_times import parse_offer
from services.users import TelegramProfile, enter
from tests.factories import NOW
from tests.handlers.conftest import Harness

TUESDAY = dt.date(2026, 12, 1)
DENIED = "Это действие вам недоступно."


async def _outbox(session: AsyncSession, kind: str) -> list[Outbox]:
    return list(await session.scalars(select(Outbox).where(Outbox.kind == kind).order_by(Outbox.id)))


async def _offer_typed(teacher: InProcessUser, line: str, *classes: str) -> tuple[Screen, int]:
    """The teacher offers a window typed in one line; returns the last screen and the taps it took."""
    await teacher.send("/menu")
    taps = 0
    for label in ("🗓 Мои встречи", "➕ Предложить время"):
        await teacher.press(label)
        taps += 1
    screen = await teacher.send(line)
    for label in classes or ("✅ Всем моим классам",):
        screen = await teacher.press(label)
        taps += 1
    screen = await teacher.press("✅ Опубликовать")
    return screen, taps + 1


async def _book(parent: InProcessUser, teacher: str, time: str) -> tuple[Screen, int]:
    await parent.send("/menu")
    taps = 0
    for label in ("🗓 Запись к учителю", teacher, time, "✅ Записаться"):
        screen = await parent.press(label)
        taps += 1
    return screen, taps


async def test_a_teacher_offers_a_day_in_one_line_a_mother_books_and_both_are_reminded(
    harness: Harness, session: AsyncSession
) -> None:
    teacher, _ = await harness.join("teacher")  # Попова О. Н.: Russian in 5Б and 9В
    mother, _ = await harness.join("parent")
    screen = await teacher.send("/menu")
    screen = await teacher.press("🗓 Мои встречи")
    assert "Встречи с родителями</b> · Суббота, 28 ноября" in screen.current.html  # type: ignore[union-attr]
    assert "На этот день встреч нет." in screen.text
    await teacher.press("➕ Предложить время")
    # Bad input is told in words, and the prompt keeps waiting.
    for typed, said in (
        ("31.11 16:00-18:00 15", "Не понял. Напишите день, время"),
        ("01.12 18:00-16:00 15", "конец — позже начала"),
        ("01.12 16:00-16:10 15", "не поместится ни одна встреча по 15 мин"),
        ("01.12 16:00-18:00 3", "от 5 до 120 минут"),
        ("16:00-18:00 15", "Напишите и день"),
    ):
        screen = await teacher.send(typed)
        assert said in screen.text, typed
    screen = await teacher.send("01.12 16:00-18:00 15 каб. 105")
    assert "🗓 Вторник, 1 декабря, 16:00–18:00, по 15 мин" in screen.text
    assert "📍 каб. 105" in screen.text and "Родители каких классов" in screen.text
    assert screen.buttons[0] == ["☐ 5Б", "☐ 9В"]
    screen = await teacher.press("✅ Всем моим классам")
    assert "8 встреч по 15 мин: 16:00, 16:15, 16:30, 16:45, 17:00, 17:15, 17:30, 17:45" in screen.text
    assert "Записаться смогут родители: 5Б, 9В" in screen.text
    screen = await teacher.press("✅ Опубликовать")
    assert "✅ Опубликовано: 8 встреч 1 декабря, 16:00–18:00." in screen.text
    assert await session.scalar(select(func.count()).select_from(MeetingSlot)) == 8

    screen, taps = await _book(mother, "Попова О. Н. · Литература, Русский язык · свободно 8", "16:15")
    assert taps == 4  # the menu's button, the teacher, the time (one day: no day to pick), confirm
    assert "✅ Вы записаны на встречу\n🧑‍🏫 Попова О. Н.\n🗓 Вторник, 1 декабря, 16:15–16:30" in screen.text
    assert "📍 каб. 105" in screen.text and "Отменить запись можно до 30 ноября включительно." in screen.text

    [booked] = await _outbox(session, "meeting_booked")
    assert booked.tg_user_id == teacher.user_id
    assert booked.payload["starts"] == "16:15:00" and booked.payload["class"] == "5Б"
    assert harness.school is not None
    mother_name = harness.school.personas["parent"].name
    assert booked.payload["parent"] == mother_name

    # The teacher's list of the day: who comes, what is free, where.
    await teacher.send("/menu")
    screen = await teacher.press("🗓 Мои встречи")
    screen = await teacher.press("1 декабря: 1 запись, свободно 7")
    child = str(harness.school.personas["parent"].extra["children"][0]).split()
    last, first, middle = mother_name.split()
    assert f"16:15 — {last} {first[0]}. {middle[0]}. · {child[0]} {child[1]}, 5Б" in screen.text
    assert "16:00 — свободно" in screen.text and "📍 каб. 105" in screen.text
    assert "<b>16:00–18:00</b> · по 15 мин · 5Б, 9В" in screen.current.html  # type: ignore[union-attr]

    # The evening before, both are reminded: the mother of her meeting, the teacher of his list.
    async with harness.session_factory() as job, job.begin():
        sent = await runs.run_now(
            job,
            "meeting_reminder",
            _school(harness),
            TUESDAY - dt.timedelta(days=1),
            harness.clock.now(),
            "t",
        )
    assert sent == 2
    [reminder] = await _outbox(session, "meeting_reminder")
    [agenda] = await _outbox(session, "meeting_agenda")
    assert reminder.tg_user_id == mother.user_id and reminder.payload["starts"] == "16:15:00"
    assert agenda.tg_user_id == teacher.user_id and len(agenda.payload["items"]) == 1
    async with harness.session_factory() as job, job.begin():
        assert (
            await runs.run_now(
                job,
                "meeting_reminder",
                _school(harness),
                TUESDAY - dt.timedelta(days=2),
                harness.clock.now(),
                "u",
            )
            == 0
        )


async def test_a_class_teacher_offers_step_by_step_on_a_day_off_for_her_class_only(
    harness: Harness, session: AsyncSession
) -> None:
    class_teacher, _ = await harness.join("class_teacher")  # Смирнова Е. В.: leads 5Б, teaches 5Б and 9В
    wednesday = dt.date(2026, 12, 2)
    session.add(
        SchoolCalendarDay(school_id=_school(harness), day=wednesday, kind="off", name="День здоровья")
    )
    await session.commit()
    await class_teacher.send("/menu")
    taps = 0
    for label in ("🗓 Мои встречи", "➕ Предложить время", "Среда, 2 декабря"):
        screen = await class_teacher.press(label)
        taps += 1
    assert "⚠ Это выходной по календарю школы: День здоровья" in screen.text
    assert "Во сколько?" in screen.text
    screen = await class_teacher.send("16-17")
    assert "Сколько минут на одну встречу?" in screen.text
    assert screen.buttons[0] == ["10 мин", "15 мин", "20 мин", "30 мин"]
    screen = await class_teacher.press("20 мин")
    taps += 1
    assert "Где?" in screen.text
    screen = await class_teacher.send("https://telemost.yandex.ru/j/555")
    for label in ("☐ 5Б", "✅ Только 5Б", "✅ Опубликовать"):
        screen = await class_teacher.press(label)
        taps += 1
    assert "✅ Опубликовано: 3 встречи 2 декабря, 16:00–17:00." in screen.text
    assert taps == 7  # three to the day, the length, the class (two taps), publish; and two messages

    # Parents of 9В (where she teaches too) were not offered it: only 5Б's may book.
    classes = await session.scalar(
        text("""
            SELECT array_agg(c.grade_level || c.letter)
              FROM meeting_offer_class oc JOIN school_class c ON c.id = oc.class_id
        """)
    )
    assert classes == ["5Б"]
    mother, _ = await harness.join("parent")
    await mother.send("/menu")
    screen = await mother.press("🗓 Запись к учителю")
    screen = await mother.press("Смирнова Е. В. · Математика · свободно 3")
    assert "🔗 https://telemost.yandex.ru/j/555" in screen.text
    assert screen.buttons[0] == ["16:00", "16:20", "16:40"]


async def test_two_mothers_race_for_a_slot_a_second_booking_moves_and_forged_buttons_are_refused(
    harness: Harness, session: AsyncSession
) -> None:
    teacher, _ = await harness.join("teacher")
    mother, _ = await harness.join("parent")
    other_mother, _ = await harness.join("parent_two_children")  # one child in 5Б, one in 1А
    screen, taps = await _offer_typed(teacher, "01.12 16:00-17:00 15 каб. 105", "✅ Всем моим классам")
    assert "✅ Опубликовано: 4 встречи" in screen.text
    assert taps == 4  # «Мои встречи», «Предложить время», (the line typed), «Всем моим классам», publish

    # The other mother reads the confirmation of 16:00 …
    await other_mother.send("/menu")
    await other_mother.press("🗓 Запись к учителю")
    await other_mother.press("(5Б)")  # her child in 5Б (the one in 1А has no teacher of these)
    await other_mother.press("Попова О. Н. · Литература")
    screen = await other_mother.press("16:00")
    assert "Записаться на встречу?\n🧑‍🏫 <b>Попова О. Н.</b>" in screen.current.html  # type: ignore[union-attr]
    # … while the mother books it first.
    screen, _ = await _book(mother, "Попова О. Н. · Литература", "16:00")
    assert "✅ Вы записаны на встречу" in screen.text
    screen = await other_mother.press("✅ Записаться")
    assert "⚠ Это время только что заняли — выберите другое." in screen.text
    assert screen.buttons[0] == ["16:15", "16:30", "16:45"]
    assert await session.scalar(select(func.count()).select_from(MeetingBooking)) == 1

    # A second booking with the same teacher that day: asked first, then it moves the first one.
    await mother.send("/menu")
    await mother.press("🗓 Запись к учителю")
    await mother.press("Попова О. Н. · Литература")
    screen = await mother.press("16:30")
    assert "Сейчас вы записаны на 16:00 — запись перенесётся на новое время." in screen.text
    screen = await mother.press("✅ Перенести на 16:30")
    assert "✅ Запись перенесена\n🧑‍🏫 Попова О. Н.\n🗓 Вторник, 1 декабря, 16:30–16:45" in screen.text
    live = list(await session.scalars(select(MeetingBooking).where(MeetingBooking.cancelled_at.is_(None))))
    assert len(live) == 1
    moved = (await _outbox(session, "meeting_booked"))[-1]
    assert moved.payload["moved_from"] == "16:00:00" and moved.tg_user_id == teacher.user_id
    # A plain «Записаться» for another time of that day (a stale screen) is refused in words.
    free = await session.scalar(
        text("SELECT min(id) FROM meeting_slot WHERE starts_at = '2026-12-01 13:15+00'")
    )
    assert screen.current is not None
    student_id = live[0].student_id
    book_other = BookCb(action=BookAction.BOOK, student_id=student_id, slot_id=int(free or 0)).pack()
    screen = await mother.press_data(screen.current.message_id, book_other)
    assert "вы уже записаны — на 16:30. Перенести запись на это время?" in screen.text

    # Forged: another family's child, a slot of a class the offer is not for, a teacher's foreign slot.
    stranger = await session.scalar(text("SELECT id FROM student ORDER BY id DESC LIMIT 1"))
    forged = BookCb(action=BookAction.BOOK, student_id=int(stranger or 0), slot_id=int(free or 0)).pack()
    screen = await mother.press_data(screen.current.message_id, forged)  # type: ignore[union-attr]
    assert screen.callback_answer is not None and screen.callback_answer.text == DENIED
    await _offer_typed(teacher, "02.12 16:00-17:00 15 каб. 105", "☐ 9В", "✅ Только 9В")
    ninth = await session.scalar(text("SELECT min(id) FROM meeting_slot WHERE starts_at > '2026-12-02'"))
    shown = (await mother.screen()).current
    assert shown is not None
    for action in (BookAction.SLOT, BookAction.BOOK):
        other_class = BookCb(action=action, student_id=student_id, slot_id=int(ninth or 0)).pack()
        screen = await mother.press_data(shown.message_id, other_class)
        assert screen.callback_answer is not None and screen.callback_answer.text == DENIED
    class_teacher, _ = await harness.join("class_teacher")
    await class_teacher.send("/menu")
    screen = await class_teacher.press("🗓 Мои встречи")
    assert screen.current is not None
    on_screen, taken = screen.current.message_id, live[0].slot_id
    for data in (
        MeetCb(action=MeetAction.SLOT_DROPPED, slot_id=taken),
        MeetCb(
            action=MeetAction.OFFER_DROPPED,
            offer_id=int(await session.scalar(text("SELECT id FROM meeting_offer")) or 0),
        ),
    ):
        screen = await class_teacher.press_data(on_screen, data.pack())
        assert screen.callback_answer is not None and screen.callback_answer.text == DENIED
    assert (
        await session.scalar(
            select(func.count()).select_from(MeetingSlot).where(MeetingSlot.cancelled_at.is_not(None))
        )
        == 0
    )
    assert await _outbox(session, "meeting_cancelled") == []


async def test_cancelling_until_the_day_before_and_the_teacher_cancelling_tells_the_mother(
    harness: Harness, session: AsyncSession
) -> None:
    teacher, _ = await harness.join("teacher")
    mother, _ = await harness.join("parent")
    await _offer_typed(teacher, "01.12 16:00-17:00 15 каб. 105")
    await _book(mother, "Попова О. Н. · Литература", "16:15")

    # Saturday: she may cancel (until Monday 30 November).
    await mother.send("/menu")
    screen = await mother.press("🗓 Запись к учителю")
    assert "• 1 декабря, 16:15 — Попова О. Н." in screen.text
    screen = await mother.press("🗓 1 декабря, 16:15 · Попова О. Н.")
    assert "Отменить запись можно до 30 ноября включительно." in screen.text
    await mother.press("✖ Отменить запись")
    screen = await mother.press("✖ Да, отменить запись")
    assert "Запись отменена, учитель получит сообщение." in screen.text
    [told] = await _outbox(session, "meeting_booking_cancelled")
    assert told.tg_user_id == teacher.user_id

    # Booked again; on the day itself cancelling is refused in words, even with yesterday's button.
    await _book(mother, "Попова О. Н. · Литература", "16:15")
    await mother.send("/menu")
    await mother.press("🗓 Запись к учителю")
    screen = await mother.press("🗓 1 декабря, 16:15 · Попова О. Н.")
    await mother.press("✖ Отменить запись")
    confirm = (await mother.screen()).current
    assert confirm is not None
    harness.clock.at = dt.datetime(2026, 12, 1, 5, 0, tzinfo=dt.UTC)  # Tuesday, 08:00 in Moscow
    screen = await mother.press("✖ Да, отменить запись")
    assert "Отменить можно до 30.11 включительно." in screen.text
    await mother.send("/menu")
    await mother.press("🗓 Запись к учителю")
    screen = await mother.press("🗓 1 декабря, 16:15 · Попова О. Н.")
    assert "Отменить запись можно было до 30 ноября включительно." in screen.text
    assert not screen.has_button("✖ Отменить запись")

    # The teacher cancels her slot (she is told), then the whole window.
    await teacher.send("/menu")
    screen = await teacher.press("🗓 Мои встречи")
    await teacher.press("✖ Отменить одну встречу…")
    screen = await teacher.press("16:15")
    assert "Отменить встречу 1 декабря в 16:15?" in screen.text
    screen = await teacher.press("✖ Да, отменить")
    assert "✅ Встреча отменена. Родителю отправлено сообщение." in screen.text
    assert "16:15 — <s>отменено</s>" in screen.current.html  # type: ignore[union-attr]
    [cancelled] = await _outbox(session, "meeting_cancelled")
    assert cancelled.tg_user_id == mother.user_id and cancelled.payload["starts"] == "16:15:00"
    await teacher.press("✖ Отменить все 16:00–17:00…")
    screen = await teacher.press("✖ Да, отменить все")
    assert "✅ Встречи отменены." in screen.text and "На этот день встреч нет." in screen.text
    await mother.send("/menu")
    screen = await mother.press("🗓 Запись к учителю")
    assert "Пока никто из учителей 5Б не предложил время для встреч." in screen.text
    audited = await session.scalars(text("SELECT action FROM audit_log WHERE action LIKE 'meeting.%'"))
    assert set(audited) == {
        "meeting.offered",
        "meeting.booked",
        "meeting.booking_cancelled",
        "meeting.slot_cancelled",
        "meeting.offer_cancelled",
    }


def _school(harness: Harness) -> int:
    assert harness.school is not None
    return harness.school.school_id


async def test_the_database_decides_between_two_parents_booking_one_slot_at_once(harness: Harness) -> None:
    """The second parent's insert waits for the first's transaction, then finds the slot taken."""
    teacher, _ = await harness.join("teacher")
    mother, _ = await harness.join("parent")
    other_mother, _ = await harness.join("parent_two_children")
    await _offer_typed(teacher, "01.12 16:00-17:00 15 каб. 105")
    now = harness.clock.now()
    async with harness.session_factory() as first, harness.session_factory() as second:
        actors = [await _actor(first, mother), await _actor(second, other_mother)]
        children = [
            next(c for c in await meeting_bookings.my_children(first, actors[0]) if c.class_label == "5Б"),
            next(c for c in await meeting_bookings.my_children(second, actors[1]) if c.class_label == "5Б"),
        ]
        [slot, *_] = await meeting_bookings.free_slots(first, children[0], now=now)
        await first.commit()
        await second.commit()
        await meeting_bookings.book(first, actors[0], children[0].student_id, slot.slot_id, now=now)
        racing = asyncio.create_task(
            meeting_bookings.book(second, actors[1], children[1].student_id, slot.slot_id, now=now)
        )
        await asyncio.sleep(0.5)
        assert not racing.done()  # held by the first booking's row in the unique index
        await first.commit()
        with pytest.raises(InvalidInput) as refused:
            await racing
        assert refused.value.code == "meeting-slot-taken"


async def _actor(session: AsyncSession, user: InProcessUser) -> Actor:
    context, _ = await enter(session, TelegramProfile(user.user_id, user.user_id, "x"), NOW)
    return Actor.of(context)


def test_offers_are_read_the_way_teachers_write_them() -> None:
    today = dt.date(2026, 12, 20)
    read = parse_offer("21.12 16:00-18:00 15", today)
    assert (read.day, read.start, read.end, read.minutes, read.place) == (
        dt.date(2026, 12, 21),
        dt.time(16),
        dt.time(18),
        15,
        None,
    )
    read = parse_offer("10.01 9-10.30 по 20 мин, каб. 105", today)
    assert (read.day, read.start, read.end, read.minutes, read.place) == (
        dt.date(2027, 1, 10),
        dt.time(9),
        dt.time(10, 30),
        20,
        "каб. 105",
    )
    read = parse_offer("16.00–18.00 https://telemost.yandex.ru/j/1", today)
    assert (read.day, read.minutes, read.place) == (None, None, "https://telemost.yandex.ru/j/1")
    for wrong, code in (
        ("31.02 16-18 15", "meeting-when"),
        ("завтра", "meeting-when"),
        ("21.12 18-16 15", "meeting-times"),
        ("21.12 25:00-26:00", "meeting-times"),
        ("21.12 16-18 200", "meeting-length"),
    ):
        with pytest.raises(InvalidInput) as refusal:
            parse_offer(wrong, today)
        assert refusal.value.code == code, wrong
