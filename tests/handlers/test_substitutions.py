"""Substitutions and the deputy's override, from the administration's screens to the teacher's."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from models import Attendance, AuditLog, Lesson, LessonUnlock, Outbox, Staff, Substitution
from sandbox.driver import InProcessUser, Screen
from tests.handlers.conftest import Harness

MONDAY = dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC)


async def _deputy_opens_smirnovas_5b_lesson(harness: Harness) -> InProcessUser:
    """The deputy opens Monday's first 5Б lesson of Смирнова (mathematics)."""
    deputy, screen = await harness.join("deputy")
    screen = await deputy.press("🔁 Замены и правка уроков")
    assert screen.text == "Выберите класс:"
    screen = await deputy.press("5Б")
    assert screen.text.startswith("5Б · Понедельник, 30 ноября")
    line = next(line for line in screen.text.splitlines() if "Смирнова Е. В." in line)
    number = line.split(".")[0]
    await deputy.press(
        next(label for row in screen.buttons for label in row if label.startswith(f"{number} · "))
    )
    return deputy


async def test_a_deputy_assigns_a_substitute_who_then_fills_the_lesson(harness: Harness) -> None:
    harness.clock.at = MONDAY
    class_teacher, _ = await harness.join("class_teacher")  # Смирнова
    substitute, _ = await harness.join("teacher")  # Попова covers
    deputy = await _deputy_opens_smirnovas_5b_lesson(harness)
    screen = await deputy.press("👤 Замена")
    assert screen.text.endswith("Кто заменяет?")
    screen = await deputy.press("Попова О. Н.")
    assert "причину замены" in screen.text
    screen = await deputy.send("болезнь")
    assert screen.messages[0].text == "Замена назначена — Попова О. Н."
    assert "Причина замены: болезнь" in screen.text

    async with harness.session_factory() as session:
        log = (await session.scalars(select(Substitution))).all()
        popova = await session.scalar(select(Staff.id).where(Staff.last_name == "Попова"))
        outbox = (await session.scalars(select(Outbox).where(Outbox.kind == "substitution"))).all()
    assert len(log) == 1
    assert (log[0].substitute_teacher_id, log[0].reason, log[0].assigned_by) == (
        popova,
        "болезнь",
        f"tg:{deputy.user_id}",
    )
    assert [row.tg_user_id for row in outbox] == [substitute.user_id]

    screen = await substitute.send("/today")
    assert "5Б" in screen.text
    assert "замена" in screen.text
    assert screen.current is not None
    covering = next(line for line in screen.text.splitlines() if "5Б" in line and "замена" in line)
    number = covering.split(".")[0]
    row = next(r for r in screen.current.buttons if r[0].text == f"{number} · 5Б")
    screen = await substitute.press_data(screen.current.message_id, row[1].callback_data or "")
    screen = await substitute.press(screen.buttons[0][0])
    assert screen.text.endswith("Отсутствуют: 1, опоздали: 0.")
    assert await _count(harness, Attendance) == 1

    screen = await class_teacher.send("/today")
    assert "вас заменяет Попова О." in screen.text


async def test_cancelling_a_substitution_is_logged_with_its_reason(harness: Harness) -> None:
    harness.clock.at = MONDAY
    substitute, _ = await harness.join("teacher")  # Попова
    own_teacher, _ = await harness.join("class_teacher")  # Смирнова
    deputy = await _deputy_opens_smirnovas_5b_lesson(harness)
    await deputy.press("👤 Замена")
    await deputy.press("Попова О. Н.")
    await deputy.send("курсы")
    screen = await deputy.press("✖ Отменить замену")
    screen = await deputy.send("курсы перенесли")
    assert screen.messages[0].text == "Замена отменена — урок ведёт свой учитель."
    async with harness.session_factory() as session:
        reasons = list(await session.scalars(select(Substitution.reason).order_by(Substitution.id)))
        actions = list(
            await session.scalars(
                select(AuditLog.action).where(AuditLog.entity == "lesson").order_by(AuditLog.id)
            )
        )
    assert reasons == ["курсы", "курсы перенесли"]
    assert actions == ["lesson.substitute", "lesson.substitute_cancelled"]
    # Both teachers heard of both changes: Попова that she covers and then that she does not,
    # Смирнова that her lesson is covered and then that it is hers again.
    async with harness.session_factory() as session:
        told = [
            (row.tg_user_id, row.kind, row.payload.get("substitute"))
            for row in await session.scalars(select(Outbox).order_by(Outbox.id))
        ]
    assert told == [
        (substitute.user_id, "substitution", None),
        (own_teacher.user_id, "substitution_of_own_lesson", "Попова О. Н."),
        (own_teacher.user_id, "substitution_of_own_lesson", ""),
        (substitute.user_id, "substitution_withdrawn", None),
    ]


async def test_a_deputys_override_opens_an_old_lesson_for_its_teacher(harness: Harness) -> None:
    harness.clock.at = MONDAY
    teacher, _ = await harness.join("class_teacher")
    screen = await teacher.send("/today")
    row = next(r for r in screen.current.buttons if r[0].text.endswith("5Б"))  # type: ignore[union-attr]
    attendance_data = row[1].callback_data or ""
    harness.clock.at = MONDAY + dt.timedelta(days=10)
    screen = await teacher.press_data(screen.current.message_id, attendance_data)  # type: ignore[union-attr]
    assert "🔒 Урок старше 7 дней" in screen.text  # shown, but read-only
    screen = await teacher.press(screen.buttons[0][0])
    assert screen.callback_answer is not None
    assert (screen.callback_answer.text or "").startswith("🔒")
    assert await _count(harness, Attendance) == 0

    deputy, _ = await harness.join("deputy")
    await deputy.press("🔁 Замены и правка уроков")
    await deputy.press("5Б")
    for _ in range(10):
        screen = await deputy.press("◀")
    assert screen.text.startswith("5Б · Понедельник, 30 ноября")
    line = next(line for line in screen.text.splitlines() if "Смирнова Е. В." in line)
    await deputy.press(
        next(label for row in screen.buttons for label in row if label.startswith(line.split(".")[0] + " · "))
    )
    await deputy.press("🔓 Разрешить учителю правку (3 дня)")
    screen = await deputy.send("не отмечены отсутствующие")
    assert screen.messages[0].text.startswith("Учителю разрешено исправить урок по ")

    screen = await teacher.send("/today")
    assert "Открыты для правки завучем:" in screen.text
    screen = await teacher.press_data(screen.current.message_id, attendance_data)  # type: ignore[union-attr]
    screen = await teacher.press(screen.buttons[0][0])
    assert "Отсутствуют: 1" in screen.text
    async with harness.session_factory() as session:
        unlock = await session.scalar(select(LessonUnlock))
    assert unlock is not None
    assert unlock.reason == "не отмечены отсутствующие"
    # Three days later the override has run out.
    harness.clock.at = MONDAY + dt.timedelta(days=13, hours=1)
    screen = await teacher.press(screen.buttons[0][0])
    assert screen.callback_answer is not None
    assert (screen.callback_answer.text or "").startswith("🔒")


async def test_teachers_cannot_reach_the_substitution_screens(harness: Harness) -> None:
    harness.clock.at = MONDAY
    teacher, screen = await harness.join("teacher")
    async with harness.session_factory() as session:
        lesson_id = await session.scalar(select(func.min(Lesson.id)))
    screen = await teacher.send("/today")
    forged = f"sb:t:0:{lesson_id}:0:1:0:0"
    screen = await teacher.press_data(screen.current.message_id, forged)  # type: ignore[union-attr]
    assert screen.callback_answer is not None
    assert screen.callback_answer.show_alert
    assert await _count(harness, Substitution) == 0


async def _count(harness: Harness, model: type) -> int:
    async with harness.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_forged_far_day_shows_today_and_creates_no_lessons(harness: Harness) -> None:
    harness.clock.at = MONDAY
    deputy, _ = await harness.join("deputy")
    await deputy.press("🔁 Замены и правка уроков")
    screen = await deputy.press("5Б")
    assert screen.current is not None
    back = _button_data(screen, "◀")
    far = back.replace(
        str((MONDAY.date() - dt.timedelta(days=1)).toordinal()), str(dt.date(2031, 5, 5).toordinal())
    )
    screen = await deputy.press_data(screen.current.message_id, far)
    assert screen.text.startswith("5Б · Понедельник, 30 ноября")
    async with harness.session_factory() as session:
        furthest = await session.scalar(select(func.max(Lesson.date)))
    assert furthest == MONDAY.date()


def _button_data(screen: Screen, label: str) -> str:
    assert screen.current is not None
    return next(b.callback_data or "" for row in screen.current.buttons for b in row if b.text == label)
