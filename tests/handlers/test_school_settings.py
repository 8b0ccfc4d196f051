"""«⚙️ Настройки школы»: the coordinator changes a setting by typing it, is told what it means and
what its default is, a wrong value changes nothing, a change is audited; weights of mark kinds too."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from models import AuditLog, MarkKind, School
from services.school_settings import SchoolSettings
from tests.handlers.conftest import Harness


async def _settings(harness: Harness) -> SchoolSettings:
    async with harness.session_factory() as session:
        raw = await session.scalar(select(School.settings))
    return SchoolSettings.of(raw)


async def test_the_coordinator_changes_the_nudge_time_by_typing_it_and_can_go_back_to_the_default(
    harness: Harness,
) -> None:
    coordinator, _ = await harness.join("coordinator")
    await coordinator.send("/menu")
    home = await coordinator.press("⚙️ Настройки школы")
    assert "Изменения действуют со следующего сообщения" in home.text
    section = await coordinator.press("⏰ Напоминания и сводки")
    assert "• Напоминание о незаполненных уроках: 17:00" in section.text
    assert "• День сводки пропусков: пятница" in section.text

    asked = await coordinator.press("Напоминание о незаполненных уроках")
    assert "Во сколько учителю напоминают об уроках дня" in asked.text
    assert "Сейчас: 17:00" in asked.text and "По умолчанию: 17:00" in asked.text
    refused = await coordinator.send("в полшестого")
    assert "Не понял время. Напишите его так: 17:30." in refused.text
    refused = await coordinator.send("25:00")
    assert "Не понял время" in refused.text
    assert (await _settings(harness)).nudge_time == dt.time(17, 0)  # nothing changed

    saved = await coordinator.send("18.30")
    texts = [message.text for message in saved.messages]
    assert any(
        "✅ Сохранено: Напоминание о незаполненных уроках — 18:30 (по умолчанию 17:00)." in text
        for text in texts
    )
    assert "• Напоминание о незаполненных уроках: 18:30 (по умолчанию 17:00)" in saved.text
    assert (await _settings(harness)).nudge_time == dt.time(18, 30)
    async with harness.session_factory() as session:
        audit = await session.scalar(select(AuditLog).where(AuditLog.action == "school.settings_changed"))
    assert audit is not None and audit.before == {"nudge_time": "17:00:00"}
    assert audit.after == {"nudge_time": "18:30:00"}

    # The summary moves to Thursday, typed as people write it.
    await coordinator.press("День сводки пропусков")
    saved = await coordinator.send("чт")
    assert "• День сводки пропусков: четверг (по умолчанию пятница)" in saved.text

    await coordinator.press("Напоминание о незаполненных уроках")
    back = await coordinator.press("↩️ Как по умолчанию")
    assert "• Напоминание о незаполненных уроках: 17:00\n" in back.text + "\n"
    assert (await _settings(harness)).nudge_time == dt.time(17, 0)


async def test_thresholds_stay_in_order_and_a_weight_changes(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    await coordinator.send("/menu")
    await coordinator.press("⚙️ Настройки школы")
    section = await coordinator.press("🏁 Итоговые оценки")
    assert "• Средний балл для «5»: 4,5" in section.text
    await coordinator.press("Средний балл для «4»")
    refused = await coordinator.send("4,7")  # above the 5's
    assert "Баллы должны идти по порядку" in refused.text
    saved = await coordinator.send("3,6")
    assert "• Средний балл для «4»: 3,6 (по умолчанию 3,5)" in saved.text
    assert (await _settings(harness)).threshold_4 == 3.6

    await coordinator.press("◀ Назад")
    weights = await coordinator.press("⚖️ Виды оценок и их вес")
    assert "• Контрольная работа: 2" in weights.text
    await coordinator.press("⚖️ Контрольная работа")
    refused = await coordinator.send("50")
    assert "Вес должен быть от 0,1 до 10." in refused.text
    saved = await coordinator.send("2,5")
    assert any("✅ Сохранено: вес «Контрольная работа» — 2,5." in m.text for m in saved.messages)
    assert "• Контрольная работа: 2,5" in saved.text
    async with harness.session_factory() as session:
        weight = await session.scalar(select(MarkKind.weight).where(MarkKind.code == "control"))
    assert weight == 2.5


async def test_only_the_coordinator_has_them_and_forged_buttons_change_nothing(harness: Harness) -> None:
    teacher, _ = await harness.join("teacher")
    menu = await teacher.send("/menu")
    assert not menu.has_button("⚙️ Настройки школы")
    assert menu.current is not None
    screen = await teacher.press_data(menu.current.message_id, "sset:d:0:5")  # «default» for a setting
    assert "Настройки школы" not in screen.text

    coordinator, _ = await harness.join("coordinator")
    menu = await coordinator.send("/menu")
    assert menu.current is not None
    for forged in ("sset:e:0:999", "sset:g:77:0", "sset:k:0:999999"):
        screen = await coordinator.press_data(menu.current.message_id, forged)
        assert "Настройки школы" in screen.text or "Виды оценок" in screen.text
    assert await _settings(harness) == SchoolSettings()


async def test_the_coordinator_adds_the_autumn_break_and_a_working_saturday(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    await coordinator.send("/menu")
    await coordinator.press("⚙️ Настройки школы")
    screen = await coordinator.press("📅 Каникулы и праздники")
    assert "Государственные праздники уже внесены." in screen.text
    assert "• 31 декабря — Выходной (перенесено с 04.01.2026)" in screen.text  # Russia's, by default
    assert "• 1 января – 6 января — Новогодние каникулы" in screen.text
    asked = await coordinator.press("➕ Выходные или каникулы")
    assert "26.10–03.11 Осенние каникулы" in asked.text
    refused = await coordinator.send("в понедельник")
    assert "Не понял дату" in refused.text
    added = await coordinator.send("21.12–23.12 Карантин")
    texts = [m.text for m in added.messages]
    assert any("✅ Выходные: 21 декабря – 23 декабря (3 дня)." in text for text in texts)
    assert "• 21 декабря – 23 декабря — Карантин" in added.text

    await coordinator.press("➕ Рабочий день")
    worked = await coordinator.send("19.12 пн")
    assert any("✅ 19 декабря — рабочий день, расписание: понедельник." in m.text for m in worked.messages)
    await coordinator.press("➖ Вернуть день к расписанию")
    back = await coordinator.send("22.12")
    assert any("✅ 22 декабря — снова по обычному расписанию." in m.text for m in back.messages)
    assert "• 21 декабря — Карантин" in back.text and "• 23 декабря — Карантин" in back.text
