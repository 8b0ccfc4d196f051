"""The teacher's lesson screens through the real Dispatcher and a real database: what he sees, what
is stored, what the family will be told, and what each tap costs in SQL statements."""

from __future__ import annotations

import datetime as dt

import pytest
from aiogram.types import Update
from sqlalchemy import func, select, update

from bot.callbacks import AttCb, MarkEditCb, MarkTapCb
from models import Attendance, AuditLog, Homework, Lesson, Mark, Outbox, SchoolClass, Staff, Student
from sandbox.driver import InProcessUser, Screen
from services.audit import CLI
from services.invites import issue_staff_invite
from services.lessons import Presence
from tests.handlers.conftest import Harness
from tests.sqlcount import count_statements

MONDAY = dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC)  # 09:00 in Moscow
TAP_BUDGET = 6


@pytest.fixture
async def teacher(harness: Harness) -> InProcessUser:
    harness.clock.at = MONDAY
    user, _ = await harness.join("teacher")
    return user


def _labels(screen: Screen) -> list[str]:
    return [label for row in screen.buttons for label in row]


def _students(screen: Screen) -> list[str]:
    """The roster's buttons on a marks screen («Иванов И.», «Иванов И. · 5»)."""
    return [label for label in _labels(screen) if "." in label and label[0].isalpha()]


async def _first_lesson(harness: Harness) -> Lesson:
    async with harness.session_factory() as session:
        teacher = await session.scalar(select(Staff).where(Staff.last_name == "Попова"))
        assert teacher is not None
        lesson = await session.scalar(
            select(Lesson)
            .where(Lesson.teacher_id == teacher.id, Lesson.date == MONDAY.date())
            .order_by(Lesson.lesson_number)
        )
        assert lesson is not None
        return lesson


async def _count(harness: Harness, model: type, *conditions: object) -> int:
    async with harness.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0)  # type: ignore[arg-type]


async def test_today_lists_the_days_lessons_with_their_fill_state(
    harness: Harness, teacher: InProcessUser
) -> None:
    screen = await teacher.send("/today")
    assert screen.text.startswith("📋 Уроки · Понедельник, 30 ноября")
    assert "👥 не отмечено" in screen.text
    assert "📚 ДЗ нет" in screen.text
    rows = [row for row in screen.buttons if len(row) == 4]
    assert rows, screen.buttons
    assert rows[0][1:] == ["👥 Посещ.", "⭐ Оценки", "📚 ДЗ"]
    assert screen.has_button("◀")
    assert not screen.has_button("▶")  # today is the window's last day
    screen = await teacher.press("◀")
    assert screen.text.startswith("📋 Уроки · Воскресенье, 29 ноября")
    assert "Уроков нет." in screen.text


async def test_attendance_three_absent_in_five_taps_each_within_the_statement_budget(
    harness: Harness, teacher: InProcessUser
) -> None:
    await teacher.send("/today")
    screen = await teacher.press("👥 Посещ.")  # tap 1 (the first lesson's row)
    lesson = await _first_lesson(harness)
    names = [label for row in screen.buttons[:-2] for label in row]
    assert len(names) == 25
    for name in names[:3]:
        with count_statements(harness.engine) as log:
            screen = await teacher.press(name)
        assert log.count <= TAP_BUDGET, str(log)
    assert "Отсутствуют: 3, опоздали: 0." in screen.text
    assert all(label.startswith("Н · ") for label in _labels(screen)[:3])
    assert (
        await _count(harness, Attendance, Attendance.lesson_id == lesson.id, Attendance.status == "absent")
        == 3
    )
    async with harness.session_factory() as session:
        taken = await session.scalar(select(Lesson.attendance_taken_at).where(Lesson.id == lesson.id))
    assert taken is not None
    # Tapping again moves on: absent → late → present.
    screen = await teacher.press(_labels(screen)[0])
    assert _labels(screen)[0].startswith("О · ")
    screen = await teacher.press(_labels(screen)[0])
    assert not _labels(screen)[0].startswith(("Н · ", "О · "))
    assert "Отсутствуют: 2, опоздали: 0." in screen.text
    assert await _count(harness, AuditLog, AuditLog.action == "attendance.set") == 5


async def test_all_present_in_two_taps_and_it_clears_earlier_marks(
    harness: Harness, teacher: InProcessUser
) -> None:
    await teacher.send("/today")
    screen = await teacher.press("👥 Посещ.")
    await teacher.press(_labels(screen)[0])
    with count_statements(harness.engine) as log:
        screen = await teacher.press("✅ Все присутствуют")
    assert log.count <= TAP_BUDGET, str(log)
    assert "Отсутствуют: 0, опоздали: 0." in screen.text
    lesson = await _first_lesson(harness)
    assert await _count(harness, Attendance, Attendance.lesson_id == lesson.id) == 0
    screen = await teacher.send("/today")
    assert "👥 все были" in screen.text
    # Who took the lesson is on record even though nobody is absent now.
    assert await _count(harness, AuditLog, AuditLog.action == "attendance.taken") == 1


async def test_an_absence_is_written_to_the_outbox_for_the_family(harness: Harness) -> None:
    harness.clock.at = MONDAY
    parent, _ = await harness.join("parent")
    student_user, _ = await harness.join("student")
    class_teacher, _ = await harness.join("class_teacher")  # Смирнова teaches 5Б mathematics
    child = harness.school.personas["student"].name  # type: ignore[union-attr]
    screen = await class_teacher.send("/today")
    assert screen.current is not None
    row = next(r for r in screen.current.buttons if r and r[0].text.endswith("5Б"))
    assert row[1].text == "👥 Посещ."
    screen = await class_teacher.press_data(screen.current.message_id, row[1].callback_data or "")
    short = child.split()[0] + " " + child.split()[1][0] + "."
    screen = await class_teacher.press(short)
    assert f"Н · {short}" in _labels(screen)
    async with harness.session_factory() as session:
        rows = (await session.scalars(select(Outbox).where(Outbox.kind == "attendance"))).all()
    assert {row.tg_user_id for row in rows} == {parent.user_id, student_user.user_id}
    assert rows[0].payload["status"] == "absent"
    assert rows[0].payload["student"] == child
    # A short wait, so that Н → О (late) a tap later reaches the family as one message.
    assert rows[0].not_before == MONDAY + dt.timedelta(minutes=2)


def _data(screen: Screen, label: str) -> str:
    assert screen.current is not None
    for row in screen.current.buttons:
        for button in row:
            if button.text == label:
                assert button.callback_data is not None
                return button.callback_data
    raise AssertionError(label)


async def test_ten_different_marks_student_then_value(harness: Harness, teacher: InProcessUser) -> None:
    await teacher.send("/today")
    screen = await teacher.press("⭐ Оценки")  # tap 1
    assert "Вид: Ответ на уроке (вес 1)" in screen.text
    students = _students(screen)[:10]
    assert len(students) == 10
    values = [5, 4, 3, 5, 2, 4, 5, 3, 4, 5]
    taps = 1
    for name, value in zip(students, values, strict=True):
        screen = await teacher.press(name)
        assert screen.text.splitlines()[-1].endswith("оценка (Ответ на уроке):")
        with count_statements(harness.engine) as log:
            screen = await teacher.press(str(value))
        taps += 2
        assert log.count <= TAP_BUDGET, str(log)
        assert screen.callback_answer is not None
        assert screen.callback_answer.text == f"{name}: {value} (отв)"
    assert taps == 21
    lesson = await _first_lesson(harness)
    stored = await _count(harness, Mark, Mark.lesson_id == lesson.id)
    assert stored == 10
    assert any(label == f"{students[0]} · 5" for label in _labels(screen))


async def test_an_answer_in_class_for_a_student_marked_absent_is_warned_not_refused(
    harness: Harness, teacher: InProcessUser
) -> None:
    await teacher.send("/today")
    screen = await teacher.press("👥 Посещ.")
    first = _labels(screen)[0]
    await teacher.press(first)  # absent
    await teacher.send("/today")
    screen = await teacher.press("⭐ Оценки")
    absent = _students(screen)[0]
    screen = await teacher.press(absent)
    warning = "⚠️ Отмечен отсутствующим: ответ на уроке не ставится (письменную работу — можно)."
    assert screen.text.count(warning) == 1 and screen.text.splitlines()[-1].endswith(
        "оценка (Ответ на уроке):"
    )
    screen = await teacher.press("5")
    assert screen.callback_answer is not None
    assert screen.callback_answer.text == f"{absent}: 5 (отв) ⚠️ Отмечен отсутствующим."
    assert await _count(harness, Mark) == 1  # a warning, not a refusal
    screen = await teacher.press(_students(screen)[1])  # a student who is there: no warning
    assert "Отмечен отсутствующим" not in screen.text


async def test_ten_identical_marks_value_then_students(harness: Harness, teacher: InProcessUser) -> None:
    await teacher.send("/today")
    screen = await teacher.press("⭐ Оценки")  # tap 1
    students = _students(screen)[:10]
    screen = await teacher.press("5")  # tap 2
    assert "Ставим 5" in screen.text
    for name in students:  # taps 3..12
        screen = await teacher.press(name)
    lesson = await _first_lesson(harness)
    async with harness.session_factory() as session:
        values = (await session.scalars(select(Mark.value).where(Mark.lesson_id == lesson.id))).all()
    assert values == [5] * 10
    assert screen.has_button("[5]")


async def test_a_double_tap_and_a_repeated_update_make_one_mark(
    harness: Harness, teacher: InProcessUser
) -> None:
    await teacher.send("/today")
    screen = await teacher.press("⭐ Оценки")
    name = _students(screen)[0]
    screen = await teacher.press(name)
    data = _data(screen, "4")
    message_id = screen.current.message_id  # type: ignore[union-attr]
    first = await teacher.press_data(message_id, data)
    second = await teacher.press_data(message_id, data)  # the same button, pressed again
    assert first.callback_answer is not None
    assert second.callback_answer is not None
    assert second.callback_answer.text == "Эта оценка уже сохранена."
    # The same update delivered twice (Telegram retries after a timeout).
    raw = harness.fake.press(teacher.user_id, teacher.user_id, message_id, data)
    harness.fake.drop_update(raw["update_id"])
    bot = harness.users.bot
    for _ in range(2):
        await harness.users.dispatcher.feed_update(bot, Update.model_validate(raw, context={"bot": bot}))
    lesson = await _first_lesson(harness)
    assert await _count(harness, Mark, Mark.lesson_id == lesson.id) == 1
    assert await _count(harness, AuditLog, AuditLog.action == "mark.created") == 1


async def test_a_mark_is_changed_commented_and_removed(harness: Harness, teacher: InProcessUser) -> None:
    await teacher.send("/today")
    screen = await teacher.press("⭐ Оценки")
    name = _students(screen)[0]
    await teacher.press(name)
    screen = await teacher.press("3")
    screen = await teacher.press("💬 Комментарий к оценке")
    screen = await teacher.press("Хорошая работа")
    assert screen.callback_answer is not None
    assert screen.callback_answer.text == "Комментарий сохранён."
    screen = await teacher.press(f"{name} · 3")
    screen = await teacher.press("✏️ 3 (отв)")
    assert "Комментарий: Хорошая работа" in screen.text
    screen = await teacher.press("4")
    assert ": 4 (Ответ на уроке)" in screen.text
    kind_button = _data(screen, "Вид: отв ▸")
    message_id = screen.current.message_id  # type: ignore[union-attr]
    await teacher.press_data(message_id, kind_button)
    screen = await teacher.press_data(message_id, kind_button)  # a double tap lands on the same kind
    assert "Домашняя работа" in screen.text
    lesson = await _first_lesson(harness)
    async with harness.session_factory() as session:
        mark = await session.scalar(select(Mark).where(Mark.lesson_id == lesson.id))
        assert mark is not None
        assert (mark.value, mark.comment) == (4, "Хорошая работа")
        mark_id = mark.id
    screen = await teacher.press("🗑 Удалить оценку")
    assert await _count(harness, Mark, Mark.lesson_id == lesson.id) == 0
    actions = []
    async with harness.session_factory() as session:
        actions = list(
            await session.scalars(
                select(AuditLog.action).where(AuditLog.entity == "mark").order_by(AuditLog.id)
            )
        )
    assert actions == ["mark.created", "mark.changed", "mark.changed", "mark.changed", "mark.removed"]
    # The old edit screen's buttons now get a clear answer.
    stale = MarkEditCb(mark_id=mark_id).pack()
    screen = await teacher.press_data(screen.current.message_id, stale)  # type: ignore[union-attr]
    assert screen.callback_answer is not None
    assert screen.callback_answer.text == "Этой оценки уже нет — экран устарел. Откройте оценки заново."


async def test_typed_marks_say_what_they_do_and_take_corrections_alone(
    harness: Harness, teacher: InProcessUser
) -> None:
    await teacher.send("/today")
    screen = await teacher.press("⭐ Оценки")
    roster = [label.split(" · ")[0] for label in _students(screen)]
    first, second, third, fourth = (name.split()[0] for name in roster[:4])
    await teacher.press(roster[0])
    await teacher.press("5")  # he has a 5 already
    await teacher.press("⌨ Текстом")
    misspelt = fourth[:2] + fourth[3:]  # a letter dropped
    screen = await teacher.send(f"{first} 5\n{third}4\n{misspelt} 3")
    assert "Будет сохранено: 2 оценки" in screen.text
    lines = {line.split()[1]: line for line in screen.text.splitlines() if line.startswith("• ")}
    assert lines[first].endswith("— 5 (отв) — ещё одна оценка, за урок уже есть: 5 (отв)")
    assert lines[third].endswith("— 4 (отв)")  # «Фамилия4», no space, is read
    assert "Не понял 1 строку — она не сохранится:" in screen.text
    assert f"нет такого ученика в классе; может быть: {fourth} " in screen.text
    # Only the corrected line is sent again: the two clear ones stay.
    screen = await teacher.send(f"{fourth} 3")
    assert "Будет сохранено: 3 оценки" in screen.text and "из прошлого сообщения: 2" in screen.text
    await teacher.press("✅ Сохранить")
    lesson = await _first_lesson(harness)
    async with harness.session_factory() as session:
        saved = sorted(await session.scalars(select(Mark.value).where(Mark.lesson_id == lesson.id)))
    assert saved == [3, 4, 5, 5]
    # «н» in a roster row gives no mark, and the preview says for whom and where absence goes.
    await teacher.press("⌨ Текстом")
    screen = await teacher.send("- н")
    assert f"«н» — без оценки ({second} " in screen.text and "Посещ." in screen.text


async def test_marks_typed_as_text_are_previewed_and_saved_on_confirmation(
    harness: Harness, teacher: InProcessUser
) -> None:
    await teacher.send("/today")
    screen = await teacher.press("⭐ Оценки")
    roster = [label.split(" · ")[0] for label in _students(screen)]
    first, second = roster[0].split()[0], roster[1].split()[0]
    await teacher.press("⌨ Текстом")
    screen = await teacher.send(f"{first} 5\n{second} 4 к/р\nНиктов 3")
    assert "Будет сохранено: 2 оценки" in screen.text
    assert "строка 3: «Никтов 3» — нет такого ученика в классе" in screen.text
    lesson = await _first_lesson(harness)
    assert await _count(harness, Mark, Mark.lesson_id == lesson.id) == 0
    screen = await teacher.press("✅ Сохранить")
    assert screen.callback_answer is not None
    assert screen.callback_answer.text == "Сохранено: 2 оценки"
    async with harness.session_factory() as session:
        saved = sorted(await session.scalars(select(Mark.value).where(Mark.lesson_id == lesson.id)))
    assert saved == [4, 5]


async def test_homework_in_two_taps_and_a_message(harness: Harness, teacher: InProcessUser) -> None:
    await harness.join("parent")
    await teacher.send("/today")
    screen = await teacher.press("📚 ДЗ")  # tap 1
    assert "Пришлите текст домашнего задания" in screen.text
    screen = await teacher.send("Упр. 125, стр. 48; выучить правило.")
    assert screen.messages[0].text.startswith("ДЗ сохранено, срок — ")
    screen = await teacher.send_photo(b"\x89PNG\r\n\x1a\n" + b"0" * 64, caption=None)
    assert "Файлов: 1" in screen.text
    lesson = await _first_lesson(harness)
    async with harness.session_factory() as session:
        homework = await session.scalar(select(Homework).where(Homework.lesson_id == lesson.id))
    assert homework is not None
    assert homework.text == "Упр. 125, стр. 48; выучить правило."
    assert len(homework.attachments) == 1
    assert homework.attachments[0]["kind"] == "photo"
    assert homework.due_on > lesson.date
    told = await _count(harness, Outbox, Outbox.kind == "homework")
    assert told >= 1
    # The same photo and the same text again (a resent album, a retried update): nothing new.
    screen = await teacher.send_photo(b"\x89PNG\r\n\x1a\n" + b"0" * 64, caption=None)
    assert "Файлов: 1" in screen.text
    await teacher.send("Упр. 125, стр. 48; выучить правило.")
    assert await _count(harness, Outbox, Outbox.kind == "homework") == told
    screen = await teacher.press("✅ Готово")
    assert "ДЗ (к " in screen.text


async def test_a_file_before_the_text_waits_for_the_text(harness: Harness, teacher: InProcessUser) -> None:
    await harness.join("parent")
    await teacher.send("/today")
    await teacher.press("📚 ДЗ")
    screen = await teacher.send_photo(b"\x89PNG\r\n\x1a\n" + b"1" * 64, caption=None)
    # Not «ДЗ сохранено» with an empty text: the photo waits for the text.
    assert "Файл получен. Теперь пришлите текст ДЗ" in screen.text and "сохранено" not in screen.text
    assert screen.has_button("📎 Сохранить без текста")
    assert (
        await _count(harness, Homework) == 0 and await _count(harness, Outbox, Outbox.kind == "homework") == 0
    )
    screen = await teacher.send("Решить задачи на фото.")
    assert screen.messages[0].text.startswith("ДЗ сохранено, срок — ")
    async with harness.session_factory() as session:
        (saved,) = await session.scalars(select(Homework))
    assert saved.text == "Решить задачи на фото." and len(saved.attachments) == 1
    assert await _count(harness, Outbox, Outbox.kind == "homework") >= 1


async def test_files_alone_are_saved_with_the_button_and_a_text_that_says_so(
    harness: Harness, teacher: InProcessUser
) -> None:
    await teacher.send("/today")
    await teacher.press("📚 ДЗ")
    await teacher.send_photo(b"\x89PNG\r\n\x1a\n" + b"2" * 64, caption=None)
    screen = await teacher.send_photo(b"\x89PNG\r\n\x1a\n" + b"3" * 64, caption=None)
    assert "Файлов получено: 2" in screen.text
    screen = await teacher.press("📎 Сохранить без текста")
    async with harness.session_factory() as session:
        (saved,) = await session.scalars(select(Homework))
    assert saved.text == "см. прикреплённые файлы" and len(saved.attachments) == 2
    assert "Файлов: 2" in screen.text


async def test_homework_removed_is_removed_for_the_family_too(
    harness: Harness, teacher: InProcessUser
) -> None:
    await harness.join("parent")
    await teacher.send("/today")
    await teacher.press("📚 ДЗ")
    await teacher.send("Параграф 12.")
    screen = await teacher.press("🗑 Удалить ДЗ")
    assert "Пришлите текст домашнего задания" in screen.text
    async with harness.session_factory() as session:
        events = [row.payload["event"] for row in await session.scalars(select(Outbox).order_by(Outbox.id))]
        actions = list(await session.scalars(select(AuditLog.action).where(AuditLog.entity == "homework")))
    assert events[-1] == "removed" and "created" in events
    assert actions == ["homework.created", "homework.removed"]
    assert await _count(harness, Homework) == 0


async def test_homework_entered_days_later_is_due_after_today(
    harness: Harness, teacher: InProcessUser
) -> None:
    await teacher.send("/today")  # Monday's lessons exist from the day they were first seen
    lesson = await _first_lesson(harness)
    harness.clock.at = MONDAY + dt.timedelta(days=3)  # Thursday, inside the edit window
    screen = await teacher.send("/today")
    for _ in range(3):
        screen = await teacher.press("◀")
    assert "Понедельник, 30 ноября" in screen.text
    await teacher.press("📚 ДЗ")
    await teacher.send("Параграф 12.")
    async with harness.session_factory() as session:
        due = await session.scalar(select(Homework.due_on).where(Homework.lesson_id == lesson.id))
    assert due is not None and due > (MONDAY + dt.timedelta(days=3)).date()


async def test_topic_is_one_line(harness: Harness, teacher: InProcessUser) -> None:
    await teacher.send("/today")
    await teacher.press("1 · " + (await _first_lesson_label(harness)))
    screen = await teacher.press("📝 Тема")
    screen = await teacher.send("Правописание  приставок\nпре- и при-")
    assert "Тема: Правописание приставок пре- и при-" in screen.text
    lesson = await _first_lesson(harness)
    async with harness.session_factory() as session:
        assert (
            await session.scalar(select(Lesson.topic).where(Lesson.id == lesson.id))
            == "Правописание приставок пре- и при-"
        )


async def test_typed_input_ends_with_cancel_another_screen_or_an_hour(
    harness: Harness, teacher: InProcessUser
) -> None:
    await teacher.send("/today")
    label = "1 · " + (await _first_lesson_label(harness))
    await teacher.press(label)
    await teacher.press("📝 Тема")
    screen = await teacher.press("✖ Отмена")
    assert screen.has_button("📝 Тема")  # back on the lesson card
    await teacher.send("Дроби")
    await teacher.press("📝 Тема")
    harness.clock.at = MONDAY + dt.timedelta(hours=2)
    screen = await teacher.send("Дроби")
    assert screen.messages[0].text.startswith("Ввод закрыт")
    # A homework prompt left open, then the attendance screen: the next message is not homework.
    today = await teacher.send("/today")
    await teacher.press("📚 ДЗ")
    assert today.current is not None
    attendance_button = _data(today, "👥 Посещ.")
    await teacher.press_data(today.current.message_id, attendance_button)  # the older /today message
    await teacher.send("Параграф 12.")
    lesson = await _first_lesson(harness)
    async with harness.session_factory() as session:
        assert await session.scalar(select(Lesson.topic).where(Lesson.id == lesson.id)) is None
    assert await _count(harness, Homework) == 0


async def _first_lesson_label(harness: Harness) -> str:
    lesson = await _first_lesson(harness)
    async with harness.session_factory() as session:
        school_class = await session.get(SchoolClass, lesson.class_id)
    assert school_class is not None
    return school_class.label


async def test_grade_one_has_no_marks(harness: Harness) -> None:
    harness.clock.at = MONDAY
    await harness.build_demo()
    async with harness.session_factory() as session, session.begin():
        sokolova = await session.scalar(select(Staff).where(Staff.last_name == "Соколова"))
        assert sokolova is not None
        issued = await issue_staff_invite(session, CLI, sokolova.id, now=MONDAY, ttl_days=14)
    primary = await harness.newcomer("Марина", "Соколова")
    await primary.send(f"/start {issued.token}")
    screen = await primary.send("/today")
    assert "1А" in screen.text
    assert "⭐" not in screen.text
    assert not any("Оценки" in label for label in _labels(screen))
    async with harness.session_factory() as session:
        lesson = await session.scalar(
            select(Lesson)
            .join(SchoolClass, SchoolClass.id == Lesson.class_id)
            .where(SchoolClass.grade_level == 1)
        )
        assert lesson is not None
        student = await session.scalar(select(Student).where(Student.class_id == lesson.class_id))
    assert student is not None
    forged = MarkTapCb(lesson_id=lesson.id, student_id=student.id, kind_id=1, value=5, key="x").pack()
    screen = await primary.press_data(screen.current.message_id, forged)  # type: ignore[union-attr]
    assert screen.callback_answer is not None
    assert screen.callback_answer.text == "В 1 классе оценки не ставятся."
    assert await _count(harness, Mark) == 0
    # Attendance works as usual.
    screen = await primary.press("👥 Посещ.")
    assert "Нажмите на ученика" in screen.text


async def test_a_teacher_cannot_touch_a_colleagues_lesson(harness: Harness, teacher: InProcessUser) -> None:
    colleague, _ = await harness.join("class_teacher")
    await colleague.send("/today")  # her lessons of the day now exist
    screen = await teacher.send("/today")
    async with harness.session_factory() as session:
        smirnova = await session.scalar(select(Staff.id).where(Staff.last_name == "Смирнова"))
        other = await session.scalar(select(Lesson).where(Lesson.teacher_id == smirnova).limit(1))
        assert other is not None
        student = await session.scalar(select(Student).where(Student.class_id == other.class_id))
    assert student is not None
    forged = AttCb(lesson_id=other.id, student_id=student.id, shown=Presence.PRESENT).pack()
    screen = await teacher.press_data(screen.current.message_id, forged)  # type: ignore[union-attr]
    assert screen.callback_answer is not None
    assert screen.callback_answer.text == "Это действие вам недоступно."
    assert await _count(harness, Attendance) == 0


async def test_a_parent_pressing_a_teacher_button_is_refused(
    harness: Harness, teacher: InProcessUser
) -> None:
    await teacher.send("/today")
    lesson = await _first_lesson(harness)
    parent, screen = await harness.join("parent")
    async with harness.session_factory() as session:
        student = await session.scalar(select(Student).where(Student.class_id == lesson.class_id))
    assert student is not None
    forged = AttCb(lesson_id=lesson.id, student_id=student.id).pack()
    screen = await parent.press_data(screen.current.message_id, forged)  # type: ignore[union-attr]
    assert screen.callback_answer is not None
    assert screen.callback_answer.text == "Эта кнопка больше не действует. Откройте меню заново: /menu"
    assert await _count(harness, Attendance) == 0


async def test_the_edit_window_and_a_deputys_unlock(harness: Harness, teacher: InProcessUser) -> None:
    await teacher.send("/today")
    screen = await teacher.press("👥 Посещ.")
    name = _labels(screen)[0]
    lesson = await _first_lesson(harness)
    harness.clock.at = MONDAY + dt.timedelta(days=8)
    screen = await teacher.press(name)
    assert screen.callback_answer is not None
    assert (screen.callback_answer.text or "").startswith("🔒 Урок старше 7 дней")
    assert await _count(harness, Attendance) == 0
    screen = await teacher.send("/today")
    for _ in range(7):
        screen = await teacher.press("◀")
    assert screen.text.startswith("📋 Уроки · Вторник, 1 декабря")  # the window's first day
    assert not screen.has_button("◀")
    assert lesson.date == dt.date(2026, 11, 30)  # one day before the window: locked


async def test_a_screen_drawn_before_a_substitution_gets_a_clear_answer(
    harness: Harness, teacher: InProcessUser
) -> None:
    await teacher.send("/today")
    screen = await teacher.press("👥 Посещ.")
    lesson = await _first_lesson(harness)
    async with harness.session_factory() as session, session.begin():
        morozov = await session.scalar(select(Staff.id).where(Staff.last_name == "Морозов"))
        await session.execute(
            update(Lesson).where(Lesson.id == lesson.id).values(substitute_teacher_id=morozov)
        )
    screen = await teacher.press(_labels(screen)[0])
    assert screen.callback_answer is not None
    assert (screen.callback_answer.text or "").startswith("Этот урок теперь ведёт другой учитель")
    assert await _count(harness, Attendance) == 0


async def test_a_mark_waits_in_the_outbox_for_the_correction_window(harness: Harness) -> None:
    harness.clock.at = MONDAY
    parent, _ = await harness.join("parent")
    student_user, _ = await harness.join("student")
    class_teacher, _ = await harness.join("class_teacher")  # Смирнова: mathematics in 5Б
    child = harness.school.personas["student"].name  # type: ignore[union-attr]
    screen = await class_teacher.send("/today")
    assert screen.current is not None
    row = next(r for r in screen.current.buttons if r and r[0].text.endswith("5Б"))
    screen = await class_teacher.press_data(screen.current.message_id, row[2].callback_data or "")
    short = child.split()[0] + " " + child.split()[1][0] + "."
    await class_teacher.press(short)
    await class_teacher.press("4")
    async with harness.session_factory() as session:
        mark = await session.scalar(select(Mark))
        rows = (await session.scalars(select(Outbox).where(Outbox.kind == "mark"))).all()
        audit = await session.scalar(select(AuditLog).where(AuditLog.action == "mark.created"))
    assert mark is not None
    assert {row.tg_user_id for row in rows} == {parent.user_id, student_user.user_id}
    assert all(row.payload["mark_id"] == mark.id for row in rows)
    assert rows[0].payload["mark"]["value"] == 4
    assert rows[0].payload["mark"]["kind"] == "Ответ на уроке"
    assert rows[0].not_before == MONDAY + dt.timedelta(minutes=5)  # the school's correction window
    assert audit is not None
    assert audit.entity_id == str(mark.id)
    assert audit.after is not None
    assert audit.after | {"teacher_id": None} == {
        "value": 4,
        "kind": "Ответ на уроке",
        "kind_short": "отв",
        "weight": 1.0,
        "comment": None,
        "student_id": mark.student_id,
        "student": child,
        "lesson_id": mark.lesson_id,
        "date": "2026-11-30",
        "subject": "Математика",
        "teacher_id": None,
    }
    assert audit.after["teacher_id"] == mark.author_id


async def test_a_tap_is_saved_even_if_telegram_refuses_to_redraw(
    harness: Harness, teacher: InProcessUser
) -> None:
    await teacher.send("/today")
    screen = await teacher.press("👥 Посещ.")
    harness.fake.fail_next("editMessageText", 429, "Too Many Requests: retry after 3", retry_after=3)
    screen = await teacher.press(_labels(screen)[0])
    assert screen.callback_answer is not None
    assert await _count(harness, Attendance) == 1  # saved, although the screen was not redrawn
