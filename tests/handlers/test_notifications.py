"""The notification settings screen: every tap changes one thing, is saved, and the screen says so."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select, update

from bot.links import InviteLinks
from models import Outbox, School, TgUser
from services.preferences import Preferences, Topic
from tests.handlers.conftest import Harness


async def _saved(harness: Harness, tg_user_id: int) -> Preferences:
    async with harness.session_factory() as session:
        raw = await session.scalar(select(TgUser.preferences).where(TgUser.id == tg_user_id))
    return Preferences.of(raw)


async def test_a_parent_mutes_homework_and_chooses_a_digest_and_night_absences(harness: Harness) -> None:
    parent, _ = await harness.join("parent")
    screen = await parent.send("/menu")
    screen = await parent.press("🔔 Уведомления")
    assert "Присылать: оценки, пропуски, ДЗ, объявления" in screen.text
    assert "Тихие часы: 21:00–08:00 (как в школе)" in screen.text

    screen = await parent.press("✅ ДЗ")
    assert "Присылать: оценки, пропуски, объявления" in screen.text
    assert screen.has_button("🚫 ДЗ")
    screen = await parent.press("🗞 Сводка: нет, всё сразу")
    assert "Сводка раз в день: 18:00" in screen.text
    screen = await parent.press("🚨 Пропуски ночью: нет")
    screen = await parent.press("🌙 Тихие часы: 21:00–08:00 (как в школе)")
    assert "Тихие часы: 22:00–07:00" in screen.text

    saved = await _saved(harness, parent.user_id)
    assert saved.muted == [Topic.HOMEWORK]
    assert saved.digest_at == dt.time(18, 0)
    assert saved.absences_break_through is True
    assert (saved.quiet_start, saved.quiet_end) == (dt.time(22, 0), dt.time(7, 0))

    for _ in range(3):  # 22–07 → 20–09 → off → the school's again
        screen = await parent.press(screen.buttons[2][0])
    assert "Тихие часы: 21:00–08:00 (как в школе)" in screen.text


async def test_a_forged_topic_changes_nothing(harness: Harness) -> None:
    teacher, _ = await harness.join("teacher")
    screen = await teacher.send("/notifications")
    assert screen.current is not None
    screen = await teacher.press_data(screen.current.message_id, "nf:t:everything")
    assert "Присылать: оценки, пропуски, ДЗ, объявления" in screen.text
    assert await _saved(harness, teacher.user_id) == Preferences()


async def test_the_coordinator_lists_failed_deliveries_and_who_blocked_the_bot(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    parent, _ = await harness.join("parent")
    school_id = harness.school.school_id if harness.school else 0
    async with harness.session_factory() as session, session.begin():
        await session.execute(
            insert(Outbox),
            [
                {
                    "school_id": school_id,
                    "tg_user_id": parent.user_id,
                    "kind": "mark",
                    "payload": {},
                    "dedupe_key": "t:1",
                    "status": "failed",
                    "attempts": 8,
                    "last_error": "Bad Gateway",
                },
                {
                    "school_id": school_id,
                    "tg_user_id": parent.user_id,
                    "kind": "attendance",
                    "payload": {},
                    "dedupe_key": "t:2",
                    "status": "held",
                    "last_error": "Forbidden: bot was blocked by the user",
                },
            ],
        )
    screen = await coordinator.send("/menu")
    screen = await coordinator.press("📮 Недоставленные")
    assert "оценка, 8 попыток. Bad Gateway" in screen.text
    assert "1 человек заблокировал бота" in screen.text

    teacher, _ = await harness.join("teacher")
    screen = await teacher.send("/menu")
    assert not screen.has_button("📮 Недоставленные")


async def test_the_other_messenger_is_offered_only_where_there_is_a_bot_and_forged_buttons_do_nothing(
    harness: Harness,
) -> None:
    parent, _ = await harness.join("parent")
    screen = await parent.send("/notifications")
    assert "📱" not in screen.text  # a deployment with a Telegram bot only: nothing to offer

    harness.users.dispatcher["invite_links"] = InviteLinks(None, "lyceum_max_bot")
    screen = await parent.send("/notifications")
    assert "📱 Журнал у вас в Telegram. Можно подключить и MAX" in screen.text
    assert screen.has_button("➕ Подключить MAX")
    assert screen.current is not None
    for forged in ("nf:c", "nf:x"):  # choosing or leaving a messenger she is not in
        screen = await parent.press_data(screen.current.message_id, forged)
        assert "Можно подключить и MAX" in screen.text
    async with harness.session_factory() as session:
        account = await session.get(TgUser, parent.user_id)
    assert account is not None and account.chat_id == parent.user_id and account.preferences == {}

    # A school that offers Telegram alone does not offer MAX either.
    async with harness.session_factory() as session, session.begin():
        await session.execute(update(School).values(settings={"messengers": ["telegram"]}))
    screen = await parent.send("/notifications")
    assert "📱" not in screen.text
