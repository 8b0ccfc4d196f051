"""Closing a parent's access through the real `schoolbot run`: the coordinator closes it from the
child's card; the teacher's next mark for the child reaches the mother no more, and the bot shows her
nothing of the journal."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Guardian, School
from tests.e2e.test_teacher_taps import ROW, Taps, Teaching, _students, teaching  # noqa: F401

QUIET_WAIT = 4.0  # seconds the mother's chat is watched for a message that must not come


async def _mark(lessons: Teaching, surname: str, value: str) -> None:
    screen = await lessons.teacher.send("/today")
    await Taps(lessons.teacher).press_in_row(screen, ROW, "⭐ Оценки")
    screen = await lessons.teacher.screen()
    await lessons.teacher.press(next(name for name in _students(screen) if name.startswith(surname)))
    await lessons.teacher.press(value)


async def test_a_revoked_parent_receives_nothing_and_sees_nothing(
    teaching: Teaching,  # noqa: F811 - the fixture imported above
    session: AsyncSession,
) -> None:
    sandbox, personas = teaching.sandbox, teaching.personas
    await session.execute(
        update(School).values(
            settings={"mark_delay_minutes": 0, "quiet_hours_start": "00:00:00", "quiet_hours_end": "00:00:00"}
        )
    )
    await session.commit()
    coordinator, _ = await sandbox.join(str(personas["coordinator"]["link"]), "Максим")
    mother, _ = await sandbox.join(str(personas["parent"]["link"]), "Ольга", consent=True)
    children = personas["parent"]["children"]
    assert isinstance(children, list)
    child = str(children[0])
    surname = child.split()[0]

    before = sandbox.fake.activity_version(mother.user_id)
    await _mark(teaching, surname, "4")
    await sandbox.fake.wait_for_activity(mother.user_id, after_version=before, timeout=10)
    assert "Русский язык: 4" in sandbox.fake.messages(mother.user_id)[-1].text  # she was told, before

    await coordinator.send("/menu")
    await coordinator.press("🏫 Классы")
    await coordinator.press("👪 5Б")
    screen = await coordinator.press(child)
    mother_name = str(personas["parent"]["name"])
    screen = await coordinator.press(f"🚫 Закрыть доступ: {mother_name}")
    assert "Закрыть доступ к журналу" in screen.text
    screen = await coordinator.press("🚫 Да, закрыть доступ")
    assert f"Доступ закрыт: {mother_name}" in screen.text
    guardian = await session.scalar(select(Guardian).where(Guardian.tg_user_id == mother.user_id))
    assert guardian is None

    before = sandbox.fake.activity_version(mother.user_id)
    await _mark(teaching, surname, "5")
    await sandbox.fake.wait_for_activity(
        mother.user_id, after_version=before, timeout=QUIET_WAIT, require=False
    )
    assert not any("Русский язык: 5" in m.text for m in sandbox.fake.messages(mother.user_id))

    screen = await mother.send("/menu")
    assert "Вы ещё не подключены к журналу" in screen.text
    assert not any("Оценки" in label for row in screen.buttons for label in row)
