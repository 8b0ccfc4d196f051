"""An absence note through the real `schoolbot run`: the mother says in the morning that her son is
ill today; the class teacher is told, and the teacher's lesson opens with him already absent."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Attendance, School
from tests.e2e.test_teacher_taps import ROW, Taps, Teaching, _lesson, teaching  # noqa: F401


async def test_a_note_in_the_morning_opens_the_lesson_with_the_child_absent_excused(
    teaching: Teaching,  # noqa: F811 - the fixture imported above
    session: AsyncSession,
    messenger: str,
) -> None:
    sandbox, personas = teaching.sandbox, teaching.personas
    await session.execute(
        update(School).values(settings={"quiet_hours_start": "00:00:00", "quiet_hours_end": "00:00:00"})
    )
    await session.commit()
    class_teacher, _ = await sandbox.join(str(personas["class_teacher"]["link"]), "Елена")
    mother, _ = await sandbox.join(
        str(personas["parent"]["link"]), "Ольга", consent=True, messenger=messenger
    )
    children = personas["parent"]["children"]
    assert isinstance(children, list)
    child = str(children[0])

    await mother.send("/menu")
    screen = await mother.press("📝 Предупредить о пропуске")
    assert child in screen.text
    await mother.press("Сегодня")
    screen = await mother.press("Болезнь")
    assert "Причина: Болезнь" in screen.text
    before = sandbox.fake.activity_version(class_teacher.user_id)
    screen = await mother.press("✅ Отправить классному руководителю")
    assert "Классный руководитель предупреждён" in screen.text
    assert "отмечен" in screen.text

    await sandbox.fake.wait_for_activity(class_teacher.user_id, after_version=before, timeout=10)
    told = sandbox.fake.messages(class_teacher.user_id)[-1].text
    assert told.startswith(f"📝 Предупреждение о пропуске: {child} (5Б)")
    assert "Причина: Болезнь" in told

    screen = await teaching.teacher.send("/today")
    screen = await Taps(teaching.teacher).press_in_row(screen, ROW, "👥 Посещ.")
    surname, first = child.split()[:2]
    assert f"Н · {surname} {first[0]}." in [label for row in screen.buttons for label in row]
    assert "Отсутствуют: 1" in screen.text
    await teaching.teacher.press("✅ Все присутствуют")  # the note stands: he is ill, not forgotten

    lesson = await _lesson(session)
    row = await session.scalar(select(Attendance).where(Attendance.lesson_id == lesson.id))
    assert row is not None
    assert (row.status, row.excused, row.reason) == ("absent", True, "Болезнь")
