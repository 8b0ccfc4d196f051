"""The scheduler inside the real `schoolbot run`: the school's nudge time set to this minute, the
teacher who has not filled today's lesson gets the nudge, and its button opens the lesson card."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Period, SchedulerRun, School, TgUser
from tests.e2e.conftest import Sandbox
from tests.e2e.test_teacher_taps import LESSON_NUMBER, _thirty_in_5b_and_a_lesson_today


async def test_the_nudge_reaches_the_teacher_and_opens_the_lesson(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    personas = (await sandbox.demo())["personas"]
    await _thirty_in_5b_and_a_lesson_today(session)
    today = dt.datetime.now(ZoneInfo("Europe/Moscow")).date()
    # A school day even in the holidays.
    if not await session.scalar(
        select(func.count()).where(Period.kind != "year", Period.starts_on <= today, Period.ends_on >= today)
    ):
        await session.execute(
            text("UPDATE period SET starts_on = :day WHERE kind <> 'year' AND number = 1"), {"day": today}
        )
    # Not due while she joins (at the usual 17:00 the day's nudge would go before she is there, to no one).
    later = dt.datetime.now(ZoneInfo("Europe/Moscow")) + dt.timedelta(hours=4)
    await session.execute(update(School).values(settings={"nudge_time": later.strftime("%H:%M")}))
    await session.commit()
    bot = await sandbox.start_bot(RUN_SCHEDULER="true", SCHEDULER_TICK_SECONDS="0.5")
    teacher, _ = await sandbox.join(str(personas["teacher"]["link"]), "Ольга")
    # Quiet hours off: the test runs at any hour of the day.
    await session.execute(
        update(TgUser).where(TgUser.id == teacher.user_id).values(preferences={"quiet_hours": False})
    )
    before = sandbox.fake.activity_version(teacher.user_id)
    # The school moves its nudge to this very minute: the next tick reads it and the nudge is due.
    now = dt.datetime.now(ZoneInfo("Europe/Moscow"))
    await session.execute(update(School).values(settings={"nudge_time": now.strftime("%H:%M")}))
    await session.commit()
    try:
        # Other jobs due at this hour (a finals reminder, the day's last nudge) may write to her too, and
        # before the nudge: look at her chat first, then wait for more.
        nudge = None
        for _ in range(5):
            nudge = next(
                (m for m in sandbox.fake.messages(teacher.user_id) if "Не заполнено за" in m.text), None
            )
            if nudge is not None:
                break
            await sandbox.fake.wait_for_activity(teacher.user_id, after_version=before, timeout=20)
            before = sandbox.fake.activity_version(teacher.user_id)
        assert nudge is not None, "the nudge never came"
        assert f"Не заполнено за {today.day}" in nudge.text
        assert f"{LESSON_NUMBER}-й урок · 5Б · Русский язык — посещаемость, ДЗ, тема" in nudge.text
        card = await teacher.press(f"{LESSON_NUMBER} · 5Б Русский язык")
        assert "Посещаемость" in str(card.buttons)
        assert (await session.scalar(select(func.count()).select_from(SchedulerRun)) or 0) >= 1
    finally:
        await bot.stop()
