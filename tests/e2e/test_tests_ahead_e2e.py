"""The tests ahead through the real `schoolbot run` with its scheduler and the sandbox's Bot API server:
a teacher plans a test for tomorrow from his timetable, the mother sees it in her child's overview, and
on the school's reminder hour she is told of it, the school day before.

The bot runs on the real clock: the test makes today and tomorrow school days of 5Б (working days by
the school's calendar, whatever the weekday or holiday) and gives the teacher a Russian lesson in 5Б
tomorrow (the seventh, free in the demo timetable).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import School, SchoolClass, Staff, Subject, TimetableSlot
from tests.e2e.conftest import Sandbox

MOSCOW = ZoneInfo("Europe/Moscow")
LESSON_NUMBER = 7
TUESDAY = 2  # tomorrow runs Tuesday's timetable: the teacher has no other lesson then
_WORKING_DAY = text("""
    INSERT INTO school_calendar_day (school_id, day, kind, as_weekday, name)
    VALUES (:school_id, :day, 'work', :weekday, '')
    ON CONFLICT (school_id, day) DO UPDATE SET kind = 'work', as_weekday = :weekday, name = ''
""")


async def _tomorrow_a_russian_lesson_in_5b(session: AsyncSession, today: dt.date) -> None:
    async with session.begin():
        fifth = await session.scalar(select(SchoolClass).where(SchoolClass.grade_level == 5))
        popova = await session.scalar(select(Staff).where(Staff.last_name == "Попова"))
        russian = await session.scalar(select(Subject).where(Subject.name == "Русский язык"))
        assert fifth is not None and popova is not None and russian is not None
        for day, weekday in ((today, 1), (today + dt.timedelta(days=1), TUESDAY)):
            await session.execute(
                _WORKING_DAY, {"school_id": fifth.school_id, "day": day, "weekday": weekday}
            )
        session.add(
            TimetableSlot(
                school_id=fifth.school_id,
                class_id=fifth.id,
                weekday=TUESDAY,
                lesson_number=LESSON_NUMBER,
                subject_id=russian.id,
                teacher_id=popova.id,
                valid_from=today - dt.timedelta(days=1),
            )
        )
        # No quiet hours (the test runs at any hour); the reminder hour is not now while people join.
        later = dt.datetime.now(MOSCOW) + dt.timedelta(hours=4)
        await session.execute(update(School).values(settings=_settings(later)))


def _settings(reminder_at: dt.datetime) -> dict[str, str]:
    return {
        "quiet_hours_start": "00:00:00",
        "quiet_hours_end": "00:00:00",
        "event_reminder_time": reminder_at.strftime("%H:%M"),
    }


async def test_a_planned_test_reaches_the_childs_overview_and_the_reminder_the_day_before(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    personas = (await sandbox.demo())["personas"]
    today = dt.datetime.now(MOSCOW).date()
    tomorrow = today + dt.timedelta(days=1)
    await _tomorrow_a_russian_lesson_in_5b(session, today)
    bot = await sandbox.start_bot(RUN_SCHEDULER="true", SCHEDULER_TICK_SECONDS="0.5")
    try:
        teacher, _ = await sandbox.join(str(personas["teacher"]["link"]), "Ольга")
        mother, _ = await sandbox.join(str(personas["parent"]["link"]), "Ольга", consent=True)

        await teacher.send("/timetable")
        day = await teacher.press("▶")
        assert f"{tomorrow.day}" in day.text.splitlines()[0]
        presses = 0
        screen = await teacher.press(f"📝 {LESSON_NUMBER} · 5Б Русский язык")
        presses += 1
        assert "Выберите вид работы" in screen.text
        screen = await teacher.press("Контрольная работа")
        presses += 1
        assert presses == 2 and screen.text.startswith("✅ Запланировано."), screen.text

        short = f"{tomorrow:%d.%m}"
        overview = await mother.send("/marks")
        assert "📝 Ближайшие контрольные:" in overview.text, overview.text
        assert f"{short} — Русский язык, контрольная работа" in overview.text

        # The school moves its reminder hour to this minute: the next tick finds tomorrow's test.
        before = sandbox.fake.activity_version(mother.user_id)
        await session.execute(update(School).values(settings=_settings(dt.datetime.now(MOSCOW))))
        await session.commit()
        reminder = None
        for _ in range(4):
            await sandbox.fake.wait_for_activity(mother.user_id, after_version=before, timeout=20)
            before = sandbox.fake.activity_version(mother.user_id)
            reminder = next(
                (m for m in sandbox.fake.messages(mother.user_id) if "Не забудьте подготовиться" in m.text),
                None,
            )
            if reminder is not None:
                break
        assert reminder is not None, "the reminder never came"
        assert f"{tomorrow.day}" in reminder.text
        assert "Русский язык — контрольная работа. Не забудьте подготовиться." in reminder.text
    finally:
        await bot.stop()
