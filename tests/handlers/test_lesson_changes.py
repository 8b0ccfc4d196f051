"""Timetable changes from «🔁 Замены»: a lesson cancelled, moved, given another room and restored, as
the deputy does it, and who hears of it (the class's families once, its teacher), and what the
family's and the teacher's days then show. Bad input and forged buttons change nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select, update

from bot.delivery.renderers import RenderContext, render_event
from bot.i18n import Catalog
from models import AuditLog, Lesson, LessonChange, Outbox, School
from sandbox.driver import InProcessUser
from services import control_report, delivery, nudges
from services.events import TimetableChangeNotice
from tests.handlers.conftest import Harness

MONDAY = dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC)  # 09:00 in Moscow
LEASE = dt.timedelta(minutes=5)


async def _open_wednesday_lesson(harness: Harness) -> tuple[InProcessUser, int]:
    """The deputy opens Wednesday's (2 December) 5Б lesson of Смирнова; returns its number."""
    deputy, _ = await harness.join("deputy")
    await deputy.press("🔁 Замены и правка уроков")
    await deputy.press("5Б")
    await deputy.press("▶")
    screen = await deputy.press("▶")
    assert screen.text.startswith("5Б · Среда, 2 декабря"), screen.text
    line = next(line for line in screen.text.splitlines() if "Смирнова Е. В." in line)
    number = int(line.split(".")[0])
    screen = await deputy.press(
        next(b for row in screen.buttons for b in row if b.startswith(f"{number} · "))
    )
    assert screen.has_button("❌ Отменить урок") and screen.has_button("↪️ Перенести")
    return deputy, number


def _lesson_button(buttons: list[list[str]], number: int) -> str:
    return next(label for row in buttons for label in row if label.startswith(f"{number} · "))


async def _outbox(harness: Harness, kind: str) -> list[Outbox]:
    async with harness.session_factory() as session:
        return list(await session.scalars(select(Outbox).where(Outbox.kind == kind).order_by(Outbox.id)))


async def _count(harness: Harness, model: type) -> int:
    async with harness.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _claim(harness: Harness, now: dt.datetime) -> dict[int, list[Any]]:
    """What the sender would send now, per account (the events, folded)."""
    async with harness.session_factory() as session, session.begin():
        parcels = await delivery.claim(session, now=now, limit=500, lease=LEASE)
    return {p.recipient.tg_user_id: [row.event for row in p.rows] for p in parcels}


async def test_a_cancelled_lesson_is_told_once_to_its_class_and_shown_cancelled(harness: Harness) -> None:
    harness.clock.at = MONDAY
    mother, _ = await harness.join("parent")
    student, _ = await harness.join("student")
    teacher, _ = await harness.join("class_teacher")  # Смирнова, whose lesson it is
    colleague, _ = await harness.join("class_teacher_9")  # Кузнецов: not his lesson, not his class
    deputy, number = await _open_wednesday_lesson(harness)

    screen = await deputy.press("❌ Отменить урок")
    assert "Отменить урок?" in screen.text
    screen = await deputy.press("✅ Отменить урок")  # two taps from the lesson's screen
    assert screen.callback_answer is not None and screen.callback_answer.text == "❌ Урок отменён."
    assert f"{number}. Математика — Смирнова Е. В. · ❌ отменён" in screen.text
    assert screen.has_button("↩️ Вернуть как было") and not screen.has_button("❌ Отменить урок")

    families = await _outbox(harness, "timetable_change")
    assert sorted(row.tg_user_id for row in families) == sorted([mother.user_id, student.user_id])
    [told_teacher] = await _outbox(harness, "lesson_changed")
    assert (told_teacher.tg_user_id, told_teacher.payload["change"]) == (teacher.user_id, "cancelled")
    async with harness.session_factory() as session:
        [log] = (await session.scalars(select(LessonChange))).all()
        actions = list(await session.scalars(select(AuditLog.action).where(AuditLog.entity == "lesson")))
    assert (log.change, log.before["status"], log.after["status"], log.reason) == (
        "cancelled",
        "scheduled",
        "cancelled",
        None,
    )
    assert actions == ["lesson.cancelled"]

    sent = await _claim(harness, MONDAY)
    assert set(sent) == {mother.user_id, student.user_id, teacher.user_id}
    assert colleague.user_id not in sent
    [event] = sent[mother.user_id]
    assert isinstance(event, TimetableChangeNotice)

    # The family's timetable of Wednesday shows it cancelled.
    await mother.send("/timetable")
    await mother.press("▶")
    screen = await mother.press("▶")
    line = next(line for line in screen.text.splitlines() if line.startswith(f"{number}. "))
    assert line.endswith("Математика · ❌ отменён"), line

    # Restored, with a reason typed: told again, and the two cancel out for whoever was not told yet.
    screen = await deputy.press("↩️ Вернуть как было")
    screen = await deputy.send("ошибка в расписании")
    assert "Подтвердите кнопкой ниже" in screen.text  # nothing changes until the confirmation is pressed
    screen = await deputy.press("✅ Вернуть")
    assert screen.callback_answer is not None and screen.callback_answer.text == "↩️ Урок снова по расписанию."
    assert "❌" not in screen.text.splitlines()[1]
    async with harness.session_factory() as session:
        changes = list(await session.scalars(select(LessonChange.change).order_by(LessonChange.id)))
        reason = await session.scalar(select(LessonChange.reason).where(LessonChange.change == "restored"))
    assert changes == ["cancelled", "restored"] and reason == "ошибка в расписании"


async def test_a_cancel_and_its_undoing_while_still_waiting_are_never_told(harness: Harness) -> None:
    harness.clock.at = MONDAY
    mother, _ = await harness.join("parent")
    deputy, _ = await _open_wednesday_lesson(harness)
    await deputy.press("❌ Отменить урок")
    await deputy.press("✅ Отменить урок")
    await deputy.press("↩️ Вернуть как было")
    await deputy.press("✅ Вернуть")
    assert len(await _outbox(harness, "timetable_change")) == 2
    assert mother.user_id not in await _claim(harness, MONDAY)  # folded: nothing left to tell


async def test_a_moved_lesson_in_another_room_is_told_in_one_message_and_shown_at_its_new_place(
    harness: Harness,
) -> None:
    harness.clock.at = MONDAY
    mother, _ = await harness.join("parent")
    teacher, _ = await harness.join("class_teacher")
    deputy, number = await _open_wednesday_lesson(harness)

    screen = await deputy.press("↪️ Перенести")
    assert "Куда перенести? Среда, 2 декабря" in screen.text
    screen = await deputy.press("6-й")
    assert "Перенести на 6-й урок?" in screen.text
    await deputy.send("экскурсия")
    screen = await deputy.press("✅ Перенести")
    assert screen.callback_answer is not None and screen.callback_answer.text == "↪️ Урок перенесён."
    assert "↪️ перенесён на 6-й урок" in screen.text
    assert "Причина: экскурсия" in screen.text

    screen = await deputy.press("◀ Назад")
    assert "6. Математика — Смирнова Е. В. · ↪️ перенесён с " in screen.text
    screen = await deputy.press("6 · Математика")
    screen = await deputy.press("🚪 Кабинет")
    assert "Сейчас — 205" in screen.text
    screen = await deputy.send("214")
    assert "Кабинет 214 вместо 205?" in screen.text
    screen = await deputy.press("✅ Сохранить")
    assert screen.callback_answer is not None and screen.callback_answer.text == "🚪 Кабинет изменён."

    # The mother hears of both in one message: where it went and in which room.
    sent = await _claim(harness, MONDAY)
    [event] = sent[mother.user_id]
    assert isinstance(event, TimetableChangeNotice)
    [change] = event.changes
    assert (change.before.lesson_number, change.after.lesson_number, change.after.room) == (number, 6, "214")
    text = render_event(event, RenderContext(Catalog().translator("ru"))).text
    assert text == (
        "🔁 Изменение в расписании 5Б на ср, 2 декабря:\n"
        f"{number}-й урок (Математика) перенесён на 6-й урок, кабинет 214 вместо 205"
    )
    assert len(sent[teacher.user_id]) == 2  # the teacher: moved, then the room

    # The family's Wednesday: the lesson at its old place says where it went, the new one its room.
    await mother.send("/timetable")
    await mother.press("▶")
    screen = await mother.press("▶")
    lines = {line.split(".")[0]: line for line in screen.text.splitlines()[1:]}
    assert lines[str(number)].endswith("Математика · ↪️ перенесён на 6-й урок"), lines
    assert "🚪 каб. 214" in lines["6"] and "↪️ перенесён с " in lines["6"], lines

    # The teacher's Wednesday: the old place is not to be filled, the new one is.
    harness.clock.at = MONDAY + dt.timedelta(days=2)
    screen = await teacher.send("/today")
    assert "↪️ перенесён на 6-й урок" in screen.text
    assert screen.current is not None
    assert any(row[0].text == "6 · 5Б" for row in screen.current.buttons)
    assert not any(row[0].text == f"{number} · 5Б" for row in screen.current.buttons)


async def test_bad_places_and_rooms_are_refused_and_change_nothing(harness: Harness) -> None:
    harness.clock.at = MONDAY
    deputy, number = await _open_wednesday_lesson(harness)
    await deputy.press("↪️ Перенести")
    refusals = {
        "9": "Урока № 9 нет в расписании звонков. Есть: 1–6.",
        "6 02.11": "02.11.2026 уже прошло — перенести можно на сегодня или позже.",
        "на завтра после обеда": "Не понял, куда перенести.",
        "6 31.02": "Не понял, куда перенести.",
        "1 30.11": "1-й урок сегодня уже начался — выберите урок позже.",
        str(number): "Урок и так стоит на этом месте.",
        "1": "На 1-м уроке у класса уже",
    }
    for typed, answer in refusals.items():
        screen = await deputy.send(typed)
        assert screen.messages[0].text.startswith(answer), (typed, screen.messages[0].text)
    screen = await deputy.send("6 03.12")  # still asking: a good one goes on to the confirmation
    assert "Перенести на 6-й урок, чт, 3 декабря?" in screen.text

    screen = await deputy.press("◀ Назад")
    screen = await deputy.press("◀ Назад")
    await deputy.press("🚪 Кабинет")
    for typed, answer in (
        ("x" * 40, "Кабинет — одной короткой строкой"),
        ("205", "Урок и так в кабинете 205."),
    ):
        screen = await deputy.send(typed)
        assert screen.messages[0].text.startswith(answer), screen.messages[0].text
    assert await _count(harness, LessonChange) == 0
    assert await _count(harness, Outbox) == 0


async def test_forged_change_buttons_change_nothing(harness: Harness) -> None:
    harness.clock.at = MONDAY
    teacher, _ = await harness.join("teacher")
    mother, _ = await harness.join("parent")
    await teacher.send("/today")  # makes his lessons of the day
    async with harness.session_factory() as session:
        lesson_id = await session.scalar(select(func.min(Lesson.id)))
    for user, command in ((teacher, "/today"), (mother, "/timetable")):
        screen = await user.send(command)
        assert screen.current is not None
        tuesday = MONDAY.date().toordinal() + 1
        for forged in (f"sb:od:0:{lesson_id}:0:0:0:0", f"sb:md:0:{lesson_id}:{tuesday}:0:0:6"):
            screen = await user.press_data(screen.current.message_id, forged)
            assert screen.callback_answer is not None and screen.callback_answer.show_alert
            assert (
                screen.callback_answer.text == "Эта кнопка больше не действует. Откройте меню заново: /menu"
            )
    async with harness.session_factory() as session:
        statuses = set(await session.scalars(select(Lesson.status)))
    assert statuses == {"scheduled"}
    assert await _count(harness, LessonChange) == 0


async def test_a_change_at_22_reaches_the_family_when_quiet_hours_end_and_not_after_the_lesson(
    harness: Harness,
) -> None:
    """Monday 22:00 in Moscow: a Wednesday lesson is cancelled. The family hears at 08:00 (the school's
    quiet hours end), not before. Tuesday's first lesson cancelled then, with quiet hours until 10:00,
    would only be told after it ended: it is not told at all."""
    harness.clock.at = MONDAY
    mother, _ = await harness.join("parent")
    deputy, _ = await _open_wednesday_lesson(harness)
    evening = dt.datetime(2026, 11, 30, 19, 0, tzinfo=dt.UTC)  # 22:00 in Moscow
    harness.clock.at = evening
    await deputy.press("❌ Отменить урок")
    await deputy.press("✅ Отменить урок")

    assert mother.user_id not in await _claim(harness, evening)
    morning = dt.datetime(2026, 12, 1, 5, 0, tzinfo=dt.UTC)  # 08:00 in Moscow
    assert mother.user_id not in await _claim(harness, morning - dt.timedelta(minutes=1))
    sent = await _claim(harness, morning)
    assert [type(event) for event in sent[mother.user_id]] == [TimetableChangeNotice]

    # The same at 22:00 for the first lesson, with quiet hours until 10:00: its lesson is over by then.
    async with harness.session_factory() as session, session.begin():
        settings = {"quiet_hours_start": "21:00:00", "quiet_hours_end": "10:00:00"}
        await session.execute(update(School).values(settings=settings))
    await deputy.press("◀ Назад")
    screen = await deputy.press("◀")
    assert screen.text.startswith("5Б · Вторник, 1 декабря")
    await deputy.press(_lesson_button(screen.buttons, 1))
    await deputy.press("❌ Отменить урок")
    await deputy.press("✅ Отменить урок")
    tuesday = dt.date(2026, 12, 1)
    for now in (evening, dt.datetime(2026, 12, 1, 7, 0, tzinfo=dt.UTC)):  # 22:00, then 10:00 in Moscow
        told = (await _claim(harness, now)).get(mother.user_id, [])
        assert not [event for event in told if event.date == tuesday], told
    async with harness.session_factory() as session:
        last = await session.scalar(
            select(Outbox).where(Outbox.tg_user_id == mother.user_id).order_by(Outbox.id.desc()).limit(1)
        )
    assert last is not None and (last.status, last.last_error) == (
        "cancelled",
        "too late: what it tells about is over",
    )


async def test_nothing_is_told_about_a_lesson_already_over(harness: Harness) -> None:
    harness.clock.at = MONDAY + dt.timedelta(hours=10)  # 19:00 in Moscow: Monday's lessons are over
    await harness.join("parent")
    deputy, _ = await harness.join("deputy")
    await deputy.press("🔁 Замены и правка уроков")
    screen = await deputy.press("5Б")
    await deputy.press(_lesson_button(screen.buttons, 1))
    await deputy.press("❌ Отменить урок")
    screen = await deputy.press("✅ Отменить урок")
    assert "❌ отменён" in screen.text
    assert await _outbox(harness, "timetable_change") == []
    assert await _count(harness, LessonChange) == 1


async def test_a_cancelled_lesson_is_not_nagged_about_nor_counted_missing(harness: Harness) -> None:
    harness.clock.at = MONDAY
    teacher, _ = await harness.join("class_teacher")  # Смирнова
    deputy, number = await _open_wednesday_lesson(harness)
    assert harness.school is not None
    school_id, wednesday = harness.school.school_id, dt.date(2026, 12, 2)
    evening = dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC)

    async def maths_lessons() -> int:
        async with harness.session_factory() as session, session.begin():
            report = await control_report.build(session, school_id, None, now=evening)
        return sum(
            line.lessons for line in report.lines if (line.class_label, line.subject) == ("5Б", "Математика")
        )

    counted = await maths_lessons()
    await deputy.press("❌ Отменить урок")
    await deputy.press("✅ Отменить урок")
    assert await maths_lessons() == counted - 1

    async with harness.session_factory() as session, session.begin():
        await nudges.nudge_teachers(session, school_id, wednesday, now=evening, last=False, run_key="test")
    [nudge] = [row for row in await _outbox(harness, "nudge") if row.tg_user_id == teacher.user_id]
    listed = [(lesson["class"], lesson["lesson_number"]) for lesson in nudge.payload["lessons"]]
    assert ("5Б", number) not in listed and listed  # her other lessons of the day are still asked about


async def test_a_substitute_is_told_to_the_family_by_name(harness: Harness) -> None:
    harness.clock.at = MONDAY
    mother, _ = await harness.join("parent")
    deputy, number = await _open_wednesday_lesson(harness)
    await deputy.press("👤 Замена")
    await deputy.press("Попова О. Н.")
    await deputy.send("курсы")
    [event] = (await _claim(harness, MONDAY))[mother.user_id]  # a substitution: its reason is its own step
    text = render_event(event, RenderContext(Catalog().translator("ru"))).text
    assert text.endswith(f"{number}-й урок (Математика): ведёт Попова О. Н. вместо Смирнова Е. В."), text
