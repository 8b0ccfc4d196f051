"""A parent–teacher meeting through the real `schoolbot run`: the Russian teacher offers an afternoon
of 15-minute meetings, the mother books one, and the teacher is told at once with a button to his
list of the day, which shows who comes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from models import School
from tests.e2e.conftest import Sandbox

WAIT = 10.0


async def test_a_teacher_offers_times_a_mother_books_one_and_the_teacher_is_told(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    personas = (await sandbox.demo())["personas"]
    await session.execute(
        update(School).values(settings={"quiet_hours_start": "00:00:00", "quiet_hours_end": "00:00:00"})
    )
    await session.commit()
    bot = await sandbox.start_bot()
    try:
        teacher, _ = await sandbox.join(str(personas["teacher"]["link"]), "Ольга")
        mother, _ = await sandbox.join(str(personas["parent"]["link"]), "Мама", consent=True)
        child = " ".join(str(personas["parent"]["children"][0]).split()[:2])
        day = dt.datetime.now(ZoneInfo("Europe/Moscow")).date() + dt.timedelta(days=3)

        await teacher.send("/menu")
        await teacher.press("🗓 Мои встречи")
        await teacher.press("➕ Предложить время")
        screen = await teacher.send(f"{day:%d.%m} 16:00-17:00 15 каб. 105")
        assert "Родители каких классов смогут записаться?" in screen.text
        await teacher.press("✅ Всем моим классам")
        screen = await teacher.press("✅ Опубликовать")
        assert "✅ Опубликовано: 4 встречи" in screen.text

        await mother.send("/menu")
        await mother.press("🗓 Запись к учителю")
        screen = await mother.press("Попова О. Н. · Литература, Русский язык")
        assert screen.buttons[0] == ["16:00", "16:15", "16:30", "16:45"]
        await mother.press("16:30")
        before = sandbox.fake.activity_version(teacher.user_id)
        screen = await mother.press("✅ Записаться")
        assert "✅ Вы записаны на встречу" in screen.text and "16:30–16:45" in screen.text

        await sandbox.fake.wait_for_activity(teacher.user_id, after_version=before, timeout=WAIT)
        told = sandbox.fake.messages(teacher.user_id)[-1]
        assert told.text.startswith("🗓 Запись на встречу"), told.text
        assert "16:30–16:45" in told.text and f"{child}, 5Б" in told.text
        assert told.labels == [["🗓 Мои встречи"]]
        screen = await teacher.press("🗓 Мои встречи")
        assert "16:30 — " in screen.text and f"{child}, 5Б" in screen.text
        assert "16:15 — свободно" in screen.text
    finally:
        await bot.stop()
