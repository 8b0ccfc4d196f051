"""The taps budget, end to end: the real `schoolbot run` process, the sandbox's Bot API server, and a
teacher who taps from /today. Also double taps, forged buttons and stale screens, as a phone sends them.

The bot runs on the real clock, so the test gives the teacher a lesson today (whatever the weekday)
in a class of thirty: the seventh lesson of 5Б, free in the demo timetable.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import AttCb, MarkEditCb
from models import (
    Attendance,
    ChannelFile,
    Homework,
    Lesson,
    Mark,
    SchoolClass,
    Staff,
    Student,
    Subject,
    TimetableSlot,
)
from sandbox.driver import HttpUser, Screen
from tests.e2e.conftest import BotProcess, Sandbox

LESSON_NUMBER = 7


@dataclass
class Teaching:
    sandbox: Sandbox
    teacher: HttpUser
    personas: dict[str, dict[str, object]]
    bot: BotProcess


async def _thirty_in_5b_and_a_lesson_today(session: AsyncSession) -> None:
    today = dt.datetime.now(ZoneInfo("Europe/Moscow")).date()
    async with session.begin():
        fifth = await session.scalar(select(SchoolClass).where(SchoolClass.grade_level == 5))
        popova = await session.scalar(select(Staff).where(Staff.last_name == "Попова"))
        russian = await session.scalar(select(Subject).where(Subject.name == "Русский язык"))
        assert fifth is not None and popova is not None and russian is not None
        for index, (last, first) in enumerate(
            [
                ("Яковлев", "Яков"),
                ("Юдина", "Юлия"),
                ("Щукин", "Щедр"),
                ("Шилова", "Шура"),
                ("Чернов", "Чеслав"),
            ]
        ):
            session.add(
                Student(
                    school_id=fifth.school_id,
                    class_id=fifth.id,
                    last_name=last,
                    first_name=first,
                    middle_name="",
                    birth_date=dt.date(2015, 1, 1 + index),
                )
            )
        session.add(
            TimetableSlot(
                school_id=fifth.school_id,
                class_id=fifth.id,
                weekday=today.isoweekday(),
                lesson_number=LESSON_NUMBER,
                subject_id=russian.id,
                teacher_id=popova.id,
                valid_from=today - dt.timedelta(days=1),
            )
        )


@pytest.fixture
async def teaching(
    sandbox: Sandbox, session: AsyncSession, request: pytest.FixtureRequest
) -> AsyncIterator[Teaching]:
    """The teacher joined, in Telegram, or in the messenger a test names (indirect parametrisation)."""
    messenger = str(getattr(request, "param", "telegram"))
    personas = (await sandbox.demo())["personas"]
    await _thirty_in_5b_and_a_lesson_today(session)
    bot = await sandbox.start_bot()
    try:
        teacher, _ = await sandbox.join(str(personas["teacher"]["link"]), "Ольга", messenger=messenger)
        yield Teaching(sandbox, teacher, personas, bot)
    finally:
        await bot.stop()


class Taps:
    """Counts the teacher's taps (button presses); typed text is not a tap."""

    def __init__(self, user: HttpUser) -> None:
        self.user = user
        self.count = 0

    async def press(self, label: str) -> Screen:
        self.count += 1
        return await self.user.press(label)

    async def press_in_row(self, screen: Screen, row_start: str, label: str) -> Screen:
        """A button of one lesson's row on /today (several rows have «👥 Посещ.»)."""
        assert screen.current is not None
        row = next(r for r in screen.current.buttons if r and r[0].text == row_start)
        button = next(b for b in row if b.text == label)
        self.count += 1
        return await self.user.press_data(screen.current.message_id, button.callback_data or "")


ROW = f"{LESSON_NUMBER} · 5Б"


def _students(screen: Screen) -> list[str]:
    return [label for row in screen.buttons for label in row if "." in label and label[0].isalpha()]


async def _lesson(session: AsyncSession) -> Lesson:
    lesson = await session.scalar(select(Lesson).where(Lesson.lesson_number == LESSON_NUMBER))
    assert lesson is not None
    return lesson


@pytest.mark.parametrize("teaching", ["telegram", "max"], indirect=True)  # the same taps in MAX
async def test_attendance_with_three_absent_in_at_most_five_taps(
    teaching: Teaching, session: AsyncSession
) -> None:
    taps = Taps(teaching.teacher)
    screen = await teaching.teacher.send("/today")
    screen = await taps.press_in_row(screen, ROW, "👥 Посещ.")
    names = _students(screen)
    assert len(names) == 30
    for name in names[:3]:
        screen = await taps.press(name)
    assert taps.count <= 5
    assert "Отсутствуют: 3, опоздали: 0." in screen.text
    lesson = await _lesson(session)
    absent = await session.scalar(
        select(func.count()).select_from(Attendance).where(Attendance.lesson_id == lesson.id)
    )
    assert absent == 3


async def test_all_present_in_at_most_three_taps(teaching: Teaching, session: AsyncSession) -> None:
    taps = Taps(teaching.teacher)
    screen = await teaching.teacher.send("/today")
    await taps.press_in_row(screen, ROW, "👥 Посещ.")
    screen = await taps.press("✅ Все присутствуют")
    assert taps.count <= 3
    lesson = await session.scalar(select(Lesson).where(Lesson.lesson_number == LESSON_NUMBER))
    assert lesson is not None
    assert lesson.attendance_taken_at is not None


@pytest.mark.parametrize("teaching", ["telegram", "max"], indirect=True)  # the same taps in MAX
async def test_ten_different_marks_in_at_most_21_taps(teaching: Teaching, session: AsyncSession) -> None:
    taps = Taps(teaching.teacher)
    screen = await teaching.teacher.send("/today")
    screen = await taps.press_in_row(screen, ROW, "⭐ Оценки")
    names = _students(screen)[:10]
    values = [5, 4, 3, 2, 5, 4, 3, 5, 4, 5]
    for name, value in zip(names, values, strict=True):
        await taps.press(name)
        screen = await taps.press(str(value))
    assert taps.count <= 21
    lesson = await _lesson(session)
    stored = sorted(await session.scalars(select(Mark.value).where(Mark.lesson_id == lesson.id)))
    assert stored == sorted(values)


async def test_ten_identical_marks_in_at_most_12_taps(teaching: Teaching, session: AsyncSession) -> None:
    taps = Taps(teaching.teacher)
    screen = await teaching.teacher.send("/today")
    screen = await taps.press_in_row(screen, ROW, "⭐ Оценки")
    names = _students(screen)[:10]
    await taps.press("5")
    for name in names:
        await taps.press(name)
    assert taps.count <= 12
    lesson = await _lesson(session)
    stored = list(await session.scalars(select(Mark.value).where(Mark.lesson_id == lesson.id)))
    assert stored == [5] * 10


@pytest.mark.parametrize("teaching", ["telegram", "max"], indirect=True)  # the same taps in MAX
async def test_homework_in_two_taps_and_a_message(teaching: Teaching, session: AsyncSession) -> None:
    taps = Taps(teaching.teacher)
    screen = await teaching.teacher.send("/today")
    await taps.press_in_row(screen, ROW, "📚 ДЗ")
    screen = await teaching.teacher.send("Упр. 125, стр. 48")
    assert taps.count <= 2
    assert screen.messages[0].text.startswith("ДЗ сохранено, срок — ")
    lesson = await _lesson(session)
    homework = await session.scalar(select(Homework).where(Homework.lesson_id == lesson.id))
    assert homework is not None
    assert homework.text == "Упр. 125, стр. 48"


async def test_a_double_tap_on_a_mark_is_one_mark(teaching: Teaching, session: AsyncSession) -> None:
    screen = await teaching.teacher.send("/today")
    screen = await Taps(teaching.teacher).press_in_row(screen, ROW, "⭐ Оценки")
    screen = await teaching.teacher.press(_students(screen)[0])
    assert screen.current is not None
    four = next(b for row in screen.current.buttons for b in row if b.text == "4")
    fake, user_id = teaching.sandbox.fake, teaching.teacher.user_id
    version = fake.activity_version(user_id)
    # Both presses leave the phone before the bot has answered the first one.
    fake.press(user_id, user_id, screen.current.message_id, four.callback_data or "")
    fake.press(user_id, user_id, screen.current.message_id, four.callback_data or "")
    await fake.wait_for_activity(user_id, version, timeout=20, settle=0.5)
    await asyncio.sleep(0.5)
    lesson = await _lesson(session)
    assert (
        await session.scalar(select(func.count()).select_from(Mark).where(Mark.lesson_id == lesson.id)) == 1
    )
    answers = [a.text for a in fake.callback_answers(user_id)[-2:]]
    assert "Эта оценка уже сохранена." in answers


@pytest.mark.parametrize("teaching", ["telegram", "max"], indirect=True)  # the same taps in MAX
async def test_forged_and_stale_buttons_get_clear_answers_and_change_nothing(
    teaching: Teaching, session: AsyncSession
) -> None:
    sandbox, teacher = teaching.sandbox, teaching.teacher
    screen = await teacher.send("/today")
    screen = await Taps(teacher).press_in_row(screen, ROW, "👥 Посещ.")
    lesson = await _lesson(session)
    student_id = await session.scalar(select(Student.id).where(Student.class_id == lesson.class_id).limit(1))
    assert student_id is not None and screen.current is not None

    # A parent sends a teacher's button.
    parent, parent_screen = await sandbox.join(
        str(teaching.personas["parent"]["link"]), "Ольга", consent=True
    )
    assert parent_screen.current is not None
    forged = AttCb(lesson_id=lesson.id, student_id=student_id).pack()
    answer = await parent.press_data(parent_screen.current.message_id, forged)
    assert answer.callback_answer is not None
    assert answer.callback_answer.text == "Эта кнопка больше не действует. Откройте меню заново: /menu"

    # A made-up lesson id.
    made_up = AttCb(lesson_id=lesson.id + 100000, student_id=student_id).pack()
    answer = await teacher.press_data(screen.current.message_id, made_up)
    assert answer.callback_answer is not None
    assert answer.callback_answer.text == "Это действие вам недоступно."

    # The lesson is given to a substitute while the teacher's screen is open.
    morozov = await session.scalar(select(Staff.id).where(Staff.last_name == "Морозов"))
    await session.execute(update(Lesson).where(Lesson.id == lesson.id).values(substitute_teacher_id=morozov))
    await session.commit()
    answer = await teacher.press(_students(screen)[0])
    assert answer.callback_answer is not None
    assert (answer.callback_answer.text or "").startswith("Этот урок теперь ведёт другой учитель")
    assert await session.scalar(select(func.count()).select_from(Attendance)) == 0

    # An edit button for a mark that no longer exists.
    stale = MarkEditCb(mark_id=999999).pack()
    answer = await teacher.press_data(screen.current.message_id, stale)
    assert answer.callback_answer is not None
    assert answer.callback_answer.text == "Этой оценки уже нет — экран устарел. Откройте оценки заново."


@pytest.mark.parametrize("teaching", ["telegram", "max"], indirect=True)
async def test_a_homework_file_from_one_messenger_opens_in_the_other(
    teaching: Teaching, session: AsyncSession
) -> None:
    """The teacher in one messenger attaches a worksheet; the mother in the other opens it: the first
    time its bytes cross over (fetched from where it was sent, uploaded anew), then by the copy's id."""
    other = "telegram" if teaching.teacher.user_id < 0 else "max"
    link = str(teaching.personas["parent"]["link"])
    mother, _ = await teaching.sandbox.join(link, "Ольга", consent=True, messenger=other)
    content = b"%PDF-1.4 worksheet for 5B " + bytes(range(256))
    screen = await teaching.teacher.send("/today")
    await Taps(teaching.teacher).press_in_row(screen, ROW, "📚 ДЗ")
    await teaching.teacher.upload("Рабочий лист.pdf", content, "application/pdf")
    saved = await teaching.teacher.send("Заполнить рабочий лист.")
    assert saved.messages[0].text.startswith("ДЗ сохранено, срок — ")

    await mother.send("/homework")
    await mother.press("📅 На неделю")
    screen = await mother.press("📎 Русский язык: 1 файл")
    [document] = screen.documents
    assert document.content == content and document.filename == "Рабочий лист.pdf"
    # The copy in her messenger is kept: anyone there gets it by that id from now on.
    copies = {row.channel: row for row in await session.scalars(select(ChannelFile))}
    assert set(copies) == {"telegram", "max"}
    assert copies[other].file_ref == document.file_id  # what she was sent it by
