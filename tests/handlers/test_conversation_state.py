"""Conversation state lives in PostgreSQL: a fresh Dispatcher (a restarted bot) picks it up."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import build_bot, build_dispatcher
from models import FsmState, Staff
from sandbox.driver import InProcessUsers
from sandbox.session import FakeTelegramSession
from tests.handlers.conftest import Harness, handler_settings


async def test_a_half_typed_conversation_survives_a_new_dispatcher(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    await coordinator.press("👥 Сотрудники")
    await coordinator.press("➕ Добавить сотрудника")
    async with harness.session_factory() as session:
        state = await session.scalar(
            select(FsmState.state).where(FsmState.key.contains(str(coordinator.user_id)))
        )
    assert state == "NewStaff:name"

    # "Restart": a brand-new bot and dispatcher on the same database and the same chat.
    settings = handler_settings()
    bot = build_bot(settings, session=FakeTelegramSession(harness.fake))
    restarted = InProcessUsers(harness.fake, build_dispatcher(settings, harness.session_factory), bot)
    coordinator.users = restarted
    screen = await coordinator.send("Сидорова Мария Петровна")
    assert screen.text.startswith("Роли для Сидорова Мария Петровна")
    await coordinator.press("✅ Сохранить")
    async with harness.session_factory() as session:
        assert await session.scalar(select(Staff.id).where(Staff.last_name == "Сидорова")) is not None
    await bot.session.close()


async def test_cancel_leaves_the_conversation(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    await coordinator.press("👥 Сотрудники")
    await coordinator.press("➕ Добавить сотрудника")
    screen = await coordinator.send("/cancel")
    assert screen.messages[0].text == "Отменено."
    screen = await coordinator.send("Сидорова Мария Петровна")
    assert screen.text.startswith("Не понял сообщение")


async def test_a_failed_redraw_is_logged_and_the_bot_goes_on(harness: Harness) -> None:
    teacher, screen = await harness.join("teacher")
    harness.fake.fail_next("editMessageText", 500, "Internal Server Error")
    screen = await teacher.press("📅 Моё расписание")
    assert screen.callback_answer is not None  # answered all the same
    screen = await teacher.press("📅 Моё расписание")
    assert screen.text.startswith("📅 Суббота, 28 ноября")


async def test_an_unexpected_failure_is_answered_and_changes_nothing(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    teacher, screen = await harness.join("teacher")

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("services.timetable.teacher_day", broken)
    screen = await teacher.press("📅 Моё расписание")
    assert screen.callback_answer is not None
    assert (screen.callback_answer.text or "").startswith("Что-то пошло не так. Ничего не изменено")
    monkeypatch.undo()
    screen = await teacher.press("📅 Моё расписание")
    assert screen.text.startswith("📅 Суббота, 28 ноября")
