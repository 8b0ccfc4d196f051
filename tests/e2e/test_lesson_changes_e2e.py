"""A cancelled lesson through the real `schoolbot run` and the sandbox's Bot API server: the deputy
cancels a 5Б lesson of a coming school day; that class's mother and student are told once, a parent of
another class is not, and the family's timetable shows the lesson cancelled."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from models import School
from sandbox.driver import HttpUser, Screen
from tests.e2e.conftest import Sandbox

QUIET_WAIT = 3.0  # seconds a chat that must get nothing is watched (the sender polls every second)
NOTICE = "🔁 Изменение в расписании 5Б"


async def _coming_school_day(deputy: HttpUser) -> Screen:
    """5Б's next day with lessons after today (a weekend or a holiday is skipped)."""
    await deputy.send("/menu")
    await deputy.press("🔁 Замены и правка уроков")
    await deputy.press("5Б")
    for _ in range(14):
        screen = await deputy.press("▶")
        if any(label.startswith("1 · ") for row in screen.buttons for label in row):
            return screen
    raise AssertionError(f"no school day with lessons in two weeks:\n{screen.text}")


async def test_a_cancelled_lesson_reaches_its_class_once_and_shows_in_the_family_timetable(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    personas = (await sandbox.demo())["personas"]
    links = await sandbox.cli("invite", "--class", "1А", "--parents")
    assert links.returncode == 0, links.stderr
    other_link = next(line.split("\t")[1] for line in links.stdout.splitlines() if "\thttps://" in line)
    # No quiet hours in the school: the test runs whatever the time of day.
    quiet_off = {"quiet_hours_start": "00:00:00", "quiet_hours_end": "00:00:00"}
    await session.execute(update(School).values(settings=quiet_off))
    await session.commit()
    bot = await sandbox.start_bot()
    try:
        deputy, _ = await sandbox.join(str(personas["deputy"]["link"]), "Наталья")
        mother, _ = await sandbox.join(str(personas["parent"]["link"]), "Ольга", consent=True)
        student, _ = await sandbox.join(str(personas["student"]["link"]), "Ярослав")
        stranger, _ = await sandbox.join(other_link, "Ирина", consent=True)
        family = {"mother": mother, "student": student, "stranger": stranger}
        before = {name: sandbox.fake.activity_version(user.user_id) for name, user in family.items()}

        screen = await _coming_school_day(deputy)
        day_title = screen.text.splitlines()[0].split(" · ", 1)[1]  # «Среда, 2 декабря»
        first = screen.text.splitlines()[1]  # «1. Русский язык — Попова О. Н.»
        subject = first.split(". ", 1)[1].split(" — ")[0]
        await deputy.press("1 · ")
        await deputy.press("❌ Отменить урок")
        screen = await deputy.press("✅ Отменить урок")
        assert f"1. {subject} — " in screen.text and "❌ отменён" in screen.text, screen.text

        for name, user in family.items():
            await sandbox.fake.wait_for_activity(
                user.user_id, after_version=before[name], timeout=QUIET_WAIT, require=False
            )
        told = {
            name: [m.text for m in sandbox.fake.messages(user.user_id) if NOTICE in m.text]
            for name, user in family.items()
        }
        counts = {name: len(texts) for name, texts in told.items()}
        assert counts == {"mother": 1, "student": 1, "stranger": 0}
        weekday, date = day_title.split(", ")
        short = {"Понедельник": "пн", "Вторник": "вт", "Среда": "ср", "Четверг": "чт", "Пятница": "пт"}
        assert told["mother"][0] == f"{NOTICE} на {short[weekday]}, {date}:\n1-й урок ({subject}) отменён"

        # The notice's button opens that day of the family's timetable: the lesson is cancelled there.
        screen = await mother.press("📅 Расписание")
        assert day_title in screen.text.splitlines()[0], screen.text
        line = next(line for line in screen.text.splitlines() if line.startswith("1. "))
        assert line.endswith(f"{subject} · ❌ отменён"), line
    finally:
        await bot.stop()
