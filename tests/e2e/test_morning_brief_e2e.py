"""The morning brief through the real `schoolbot run` and the sandbox's Bot API server: a mother asks
for it in «🔔 Уведомления», and on the next school day it reaches her with her child's lessons."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import School
from scheduler import runs
from tests.e2e.conftest import Sandbox

MOSCOW = ZoneInfo("Europe/Moscow")
_WORKING_DAY = text("""
    INSERT INTO school_calendar_day (school_id, day, kind, as_weekday, name)
    VALUES (:school_id, :day, 'work', 1, '')
    ON CONFLICT (school_id, day) DO UPDATE SET kind = 'work', as_weekday = 1, name = ''
""")


async def test_a_mother_who_asked_gets_the_day_in_the_morning(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    personas = (await sandbox.demo())["personas"]
    await session.execute(
        update(School).values(settings={"quiet_hours_start": "00:00:00", "quiet_hours_end": "00:00:00"})
    )
    school_id = await session.scalar(select(School.id))
    assert school_id is not None
    day = dt.datetime.now(MOSCOW).date() + dt.timedelta(days=1)
    await session.execute(_WORKING_DAY, {"school_id": school_id, "day": day})  # runs Monday's timetable
    await session.commit()
    bot = await sandbox.start_bot()
    try:
        mother, _ = await sandbox.join(str(personas["parent"]["link"]), "Ольга", consent=True)
        await mother.send("/notifications")
        screen = await mother.press("☀️ Утром: нет")
        assert screen.has_button("☀️ Утром: 07:00")

        before = sandbox.fake.activity_version(mother.user_id)
        now = dt.datetime.now(dt.UTC)
        async with session.begin():
            assert await runs.run_now(session, "morning_brief", school_id, day, now, "e2e") == 1
            # As at 07:00 of that day: due now.
            await session.execute(text("UPDATE outbox SET not_before = now() WHERE kind = 'morning_brief'"))
            await session.execute(text("SELECT pg_notify('outbox', '')"))
        await sandbox.fake.wait_for_activity(mother.user_id, after_version=before, timeout=20)
        brief = sandbox.fake.messages(mother.user_id)[-1]
        assert brief.text.startswith("☀️ Доброе утро!"), brief.text
        child = str(personas["parent"]["children"][0]).split()[1]
        assert f"{child} (5Б)" in brief.text and "\n1. " in brief.text
    finally:
        await bot.stop()
