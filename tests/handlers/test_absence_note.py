"""«📝 Предупредить о пропуске»: a parent's note for several days marks every lesson of those days
(and only the child's), tells the class teacher, refuses another family's child and dates gone by."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import NoteAction, NoteCb
from models import AbsenceNote, Attendance, Lesson, Outbox, Student
from services.absence_notes import parse_dates
from services.errors import InvalidInput
from tests.handlers.conftest import Harness


async def test_a_note_for_two_days_marks_all_their_lessons_and_tells_the_class_teacher(
    harness: Harness, session: AsyncSession
) -> None:
    class_teacher, _ = await harness.join("class_teacher")
    mother, _ = await harness.join("parent")
    await mother.send("/start")
    screen = await mother.press("📝 Предупредить о пропуске")
    assert "не придёт — когда?" in screen.text
    # Saturday 28.11, and 5Б learns Monday to Friday: no «Сегодня», and the next day offered is Monday.
    assert [row[0] for row in screen.buttons[:2]] == ["Понедельник, 30 ноября", "📅 Другие даты…"]
    await mother.press("📅 Другие даты…")
    screen = await mother.send("29.11")  # a Sunday
    assert "нет уроков" in screen.text and "Причина?" not in screen.text
    screen = await mother.send("31.11")
    assert "Не понял даты" in screen.text
    screen = await mother.send("02.12–01.12")  # reversed: refused when typed, with the reason
    assert "раньше первого" in screen.text and "Причина?" not in screen.text
    screen = await mother.send("01.12–02.12")  # Tuesday and Wednesday (the clock: Saturday 28.11)
    assert "Причина?" in screen.text
    await mother.press("✍ Другая…")
    screen = await mother.send("Соревнования по плаванию")
    assert "Когда: 1 декабря – 2 декабря" in screen.text
    screen = await mother.press("✅ Отправить классному руководителю")
    assert "10 уроков отмечены как пропуск по уважительной причине" in screen.text  # 5Б: 5 a day

    assert harness.school is not None
    last, first = str(harness.school.personas["parent"].extra["children"][0]).split()[:2]
    child = await session.scalar(
        select(Student).where(Student.last_name == last, Student.first_name == first)
    )
    assert child is not None
    marked = (
        await session.execute(
            select(Lesson.date, Attendance.status, Attendance.excused, Attendance.reason)
            .join(Attendance, Attendance.lesson_id == Lesson.id)
            .where(Attendance.student_id == child.id)
        )
    ).all()
    assert len(marked) == 10
    assert {row.date for row in marked} == {dt.date(2026, 12, 1), dt.date(2026, 12, 2)}
    assert all(row[1:] == ("absent", True, "Соревнования по плаванию") for row in marked)
    others = await session.scalar(
        select(func.count()).select_from(Attendance).where(Attendance.student_id != child.id)
    )
    assert others == 0

    told = list(await session.scalars(select(Outbox).where(Outbox.kind == "absence_note")))
    assert [row.tg_user_id for row in told] == [class_teacher.user_id]
    assert told[0].payload["reason"] == "Соревнования по плаванию"

    # Sent again from the same preview (a double tap): nothing more, and the confirmation stays.
    preview = (await mother.screen()).current
    assert preview is not None
    screen = await mother.press_data(preview.message_id, NoteCb(action=NoteAction.SEND).pack())
    assert "10 уроков отмечены" in screen.text and "не найдено" not in screen.text
    assert await session.scalar(select(func.count()).select_from(AbsenceNote)) == 1
    # Its «✖ Отмена» pressed late does not claim to cancel what the class teacher already has.
    screen = await mother.press_data(preview.message_id, NoteCb(action=NoteAction.CANCEL).pack())
    assert "уже отправлено" in screen.text and "Отменено" not in screen.text


async def test_another_family_s_child_is_refused(harness: Harness, session: AsyncSession) -> None:
    mother, _ = await harness.join("parent")
    stranger = await session.scalar(text("SELECT id FROM student ORDER BY id DESC LIMIT 1"))
    await mother.send("/start")
    screen = await mother.press("📝 Предупредить о пропуске")
    assert screen.current is not None
    forged = NoteCb(
        action=NoteAction.DAYS, student_id=int(stranger or 0), day=dt.date(2026, 12, 1).toordinal()
    )
    screen = await mother.press_data(screen.current.message_id, forged.pack())
    assert (
        screen.callback_answer is not None and screen.callback_answer.text == "Это действие вам недоступно."
    )
    assert await session.scalar(select(func.count()).select_from(AbsenceNote)) == 0


def test_dates_are_read_the_way_people_write_them() -> None:
    today = dt.date(2026, 12, 20)
    assert parse_dates("21.12", today) == (dt.date(2026, 12, 21), dt.date(2026, 12, 21))
    assert parse_dates("28.12 - 10.01", today) == (dt.date(2026, 12, 28), dt.date(2027, 1, 10))
    assert parse_dates("05.01", today) == (dt.date(2027, 1, 5), dt.date(2027, 1, 5))
    for wrong in ("31.02", "завтра", "1.1.1"):
        with pytest.raises(InvalidInput):
            parse_dates(wrong, today)
    # Refused as typed, each with its reason, not at «Отправить».
    for wrong, reason in (
        ("24.12–21.12", "absence-note-reversed"),
        ("21.12–25.01", "absence-note-too-long"),
        ("01.03", "absence-note-too-far"),
    ):
        with pytest.raises(InvalidInput) as refusal:
            parse_dates(wrong, today)
        assert refusal.value.code == reason


async def test_a_note_taken_back_before_its_day_unmarks_its_lessons_and_tells_the_class_teacher(
    harness: Harness, session: AsyncSession
) -> None:
    class_teacher, _ = await harness.join("class_teacher")
    mother, _ = await harness.join("parent")
    other_mother, _ = await harness.join("parent_two_children")
    await mother.send("/start")
    await mother.press("📝 Предупредить о пропуске")
    await mother.press("Понедельник, 30 ноября")
    await mother.press("Болезнь")
    await mother.press("✅ Отправить классному руководителю")
    assert await session.scalar(select(func.count()).select_from(Attendance)) == 5
    note_id = await session.scalar(select(AbsenceNote.id))
    assert note_id is not None

    # Another family's parent cannot take it back, whatever she sends.
    screen = await other_mother.send("/start")
    assert screen.current is not None
    for action in (NoteAction.WITHDRAW, NoteAction.CONFIRM_WITHDRAW):
        await other_mother.press_data(
            screen.current.message_id, NoteCb(action=action, note_id=note_id).pack()
        )
        assert await other_mother.last_callback_answer() == "Это действие вам недоступно."
    assert await session.scalar(select(func.count()).select_from(Attendance)) == 5

    await mother.send("/start")
    screen = await mother.press("📝 Предупредить о пропуске")
    screen = await mother.press("↩️ Отозвать: 30 ноября")
    assert "Отозвать предупреждение?" in screen.text and "Болезнь" in screen.text
    screen = await mother.press("↩️ Да, отозвать")
    assert "отозвано: отметки сняты" in screen.text
    assert await session.scalar(select(func.count()).select_from(Attendance)) == 0  # as they were
    withdrawn = await session.scalar(select(AbsenceNote.withdrawn_at))
    assert withdrawn is not None  # kept, marked taken back
    told = list(await session.scalars(select(Outbox).where(Outbox.kind == "absence_note_withdrawn")))
    assert [row.tg_user_id for row in told] == [class_teacher.user_id]
    audited = await session.scalar(
        text("SELECT count(*) FROM audit_log WHERE action = 'absence_note.withdrawn'")
    )
    assert audited == 1

    # Pressed again: refused in words, nothing told twice.
    current = (await mother.screen()).current
    assert current is not None
    confirm = NoteCb(action=NoteAction.CONFIRM_WITHDRAW, note_id=note_id).pack()
    screen = await mother.press_data(current.message_id, confirm)
    assert "уже отозвано" in screen.text
    assert (
        len(list(await session.scalars(select(Outbox).where(Outbox.kind == "absence_note_withdrawn")))) == 1
    )

    # A note whose day has started cannot be taken back.
    await mother.press("🏠 Меню")
    await mother.press("📝 Предупредить о пропуске")
    await mother.press("Понедельник, 30 ноября")
    await mother.press("Болезнь")
    await mother.press("✅ Отправить классному руководителю")
    second = await session.scalar(select(AbsenceNote.id).where(AbsenceNote.withdrawn_at.is_(None)))
    assert second is not None
    harness.clock.advance(dt.timedelta(days=2))  # Monday morning
    screen = await mother.send("/start")
    screen = await mother.press("📝 Предупредить о пропуске")
    assert not screen.has_button("↩️ Отозвать")
    assert screen.current is not None
    confirm = NoteCb(action=NoteAction.CONFIRM_WITHDRAW, note_id=second).pack()
    screen = await mother.press_data(screen.current.message_id, confirm)
    assert "уже начался" in screen.text
    assert await session.scalar(select(func.count()).select_from(Attendance)) == 5


async def test_a_note_s_marks_follow_a_lesson_cancelled_and_restored(
    harness: Harness, session: AsyncSession
) -> None:
    mother, _ = await harness.join("parent")
    deputy, _ = await harness.join("deputy")
    await mother.send("/start")
    await mother.press("📝 Предупредить о пропуске")
    await mother.press("📅 Другие даты…")
    await mother.send("02.12")
    await mother.press("Болезнь")
    await mother.press("✅ Отправить классному руководителю")
    marked = select(func.count()).select_from(Attendance)
    assert await session.scalar(marked) == 5

    await deputy.press("🔁 Замены и правка уроков")
    screen = await deputy.press("5Б")
    for _ in range(5):  # on to Wednesday, whatever days the browsing skips
        if screen.text.startswith("5Б · Среда, 2 декабря"):
            break
        screen = await deputy.press("▶")
    assert screen.text.startswith("5Б · Среда, 2 декабря"), screen.text
    await deputy.press(next(b for row in screen.buttons for b in row if b.startswith("1 · ")))
    await deputy.press("❌ Отменить урок")
    await deputy.press("✅ Отменить урок")
    assert await session.scalar(marked) == 4  # a lesson that does not take place holds no absence
    await deputy.press("↩️ Вернуть как было")
    await deputy.press("✅ Вернуть")
    assert await session.scalar(marked) == 5  # back, and the note marks it again
