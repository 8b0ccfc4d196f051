"""Each role's menu, switching roles and languages, help, and the timetable screens."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from models import Staff, Student
from tests.handlers.conftest import Harness


def _labels(buttons: list[list[str]]) -> set[str]:
    return {label for row in buttons for label in row}


async def test_every_role_sees_its_own_menu(harness: Harness) -> None:
    expected = {
        "coordinator": ({"👥 Сотрудники", "🏫 Классы"}, "<b>Координатор</b>"),
        "deputy": ({"🏫 Классы"}, "<b>Заместитель директора</b>"),
        "teacher": ({"📅 Моё расписание"}, "<b>Учитель</b>"),
        "class_teacher": ({"🧑‍🏫 Мой класс 5Б", "📅 Расписание 5Б"}, "<b>Классный руководитель</b>"),
        "parent": ({"📅 Расписание"}, "<b>Родитель</b>"),
        "student": ({"📅 Расписание"}, "<b>Ученик</b>"),
    }
    for persona, (buttons, title) in expected.items():
        user, _ = await harness.join(persona)
        screen = await user.send("/menu")
        assert title in screen.current.html, persona  # type: ignore[union-attr]
        assert buttons <= _labels(screen.buttons), persona
        assert {"🌐 Язык", "❓ Помощь"} <= _labels(screen.buttons)
        others = {"👥 Сотрудники", "🏫 Классы", "🧑‍🏫 Мой класс 5Б"} - buttons
        assert not others & _labels(screen.buttons), persona


async def test_account_with_several_roles_switches_between_them(harness: Harness) -> None:
    class_teacher, screen = await harness.join("class_teacher")
    assert "<b>Классный руководитель</b>" in screen.current.html  # type: ignore[union-attr]
    screen = await class_teacher.press("🔄 Сменить роль")
    assert _labels(screen.buttons) >= {"• Классный руководитель", "Учитель"}
    screen = await class_teacher.press("Учитель")
    assert "<b>Учитель</b>" in screen.current.html  # type: ignore[union-attr]
    assert screen.has_button("📅 Моё расписание")
    # The choice is remembered.
    screen = await class_teacher.send("/menu")
    assert "<b>Учитель</b>" in screen.current.html  # type: ignore[union-attr]


async def test_a_teacher_who_is_also_a_parent_has_both_menus(harness: Harness) -> None:
    teacher, _ = await harness.join("teacher")
    await teacher.send(f"/start {harness.token('parent')}")
    screen = await teacher.press("✅ Даю согласие")
    assert "<b>Родитель</b>" in screen.current.html  # type: ignore[union-attr]
    screen = await teacher.press("🔄 Сменить роль")
    assert {"Учитель", "• Родитель"} <= _labels(screen.buttons)


async def test_language_switches_to_english_and_is_remembered(harness: Harness) -> None:
    teacher, _ = await harness.join("teacher")
    screen = await teacher.send("/language")
    screen = await teacher.press("English")
    assert "<b>Teacher</b>" in screen.current.html  # type: ignore[union-attr]
    assert screen.has_button("📅 My timetable")
    screen = await teacher.send("/help")
    assert "Commands:" in screen.text


async def test_help_explains_the_users_roles(harness: Harness) -> None:
    class_teacher, _ = await harness.join("class_teacher")
    screen = await class_teacher.send("/help")
    assert "Классный руководитель" in screen.text
    assert "Мой класс" in screen.text
    assert "Родитель" not in screen.text


async def test_help_for_a_parent_names_her_main_actions_and_their_commands(harness: Harness) -> None:
    parent, _ = await harness.join("parent")
    screen = await parent.send("/help")
    for action in ("Оценки» (/marks)", "Пропуски» (/absences)", "ДЗ» (/homework)", "Расписание» (/timetable)",
                   "Предупредить о пропуске", "Написать учителю"):  # fmt: skip
        assert action in screen.text
    assert "Учитель" not in screen.text and "Мой класс" not in screen.text


async def test_teacher_timetable_lists_her_lessons_and_moves_by_day(harness: Harness) -> None:
    harness.clock.at = dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC)  # Monday, 09:00 in Moscow
    teacher, _ = await harness.join("teacher")
    screen = await teacher.press("📅 Моё расписание")
    assert screen.text.startswith("📅 Понедельник, 30 ноября")
    lines = screen.text.splitlines()[1:]
    assert lines, screen.text
    assert all(("Русский язык" in line or "Литература" in line) for line in lines)
    assert any("5Б" in line for line in lines)
    screen = await teacher.press("▶")
    assert screen.text.startswith("📅 Вторник, 1 декабря")
    assert screen.has_button("Сегодня")
    await teacher.press("▶")
    await teacher.press("▶")
    await teacher.press("▶")
    screen = await teacher.press("▶")
    assert screen.text.startswith("📅 Суббота, 5 декабря")
    assert "Уроков нет." in screen.text


async def test_student_and_parent_see_the_class_timetable_with_a_substitution(harness: Harness) -> None:
    harness.clock.at = dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC)
    student, _ = await harness.join("student")
    screen = await student.press("📅 Расписание")
    assert screen.text.startswith("📅 Понедельник, 30 ноября · 5Б")
    first_lesson = screen.text.splitlines()[1]
    assert first_lesson.startswith("1. 08:30–09:15")

    # A substitute on the first lesson shows on the family's screen.
    from sqlalchemy import select

    from models import Lesson, SchoolClass, TimetableSlot

    async with harness.session_factory() as session, session.begin():
        slot = await session.scalar(
            select(TimetableSlot)
            .join(SchoolClass, SchoolClass.id == TimetableSlot.class_id)
            .where(SchoolClass.grade_level == 5, TimetableSlot.weekday == 1, TimetableSlot.lesson_number == 1)
        )
        assert slot is not None
        substitute = await session.scalar(select(Staff).where(Staff.last_name == "Морозов"))
        assert substitute is not None
        session.add(
            Lesson(
                school_id=slot.school_id,
                class_id=slot.class_id,
                subject_id=slot.subject_id,
                teacher_id=slot.teacher_id,
                substitute_teacher_id=substitute.id,
                slot_id=slot.id,
                date=dt.date(2026, 11, 30),
                lesson_number=1,
            )
        )
    parent, _ = await harness.join("parent")
    screen = await parent.press("📅 Расписание")
    first_lesson = screen.text.splitlines()[1]
    assert "Морозов И. В." in first_lesson
    assert "замена" in first_lesson


async def test_a_student_moved_out_of_the_class_loses_nothing_but_sees_his_new_class(
    harness: Harness,
) -> None:
    """Roles follow the data: changing a student's class changes his timetable at once."""
    harness.clock.at = dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC)
    student, _ = await harness.join("student")
    from sqlalchemy import select

    from models import SchoolClass

    async with harness.session_factory() as session, session.begin():
        ninth = await session.scalar(select(SchoolClass.id).where(SchoolClass.grade_level == 9))
        await session.execute(
            update(Student).where(Student.tg_user_id == student.user_id).values(class_id=ninth)
        )
    screen = await student.press("📅 Расписание")
    assert "· 9В" in screen.text.splitlines()[0]


async def test_today_is_the_schools_date_not_the_servers(harness: Harness) -> None:
    """21:30 UTC on Sunday is already Monday 00:30 in Moscow: Monday's lessons, not Sunday's."""
    harness.clock.at = dt.datetime(2026, 11, 29, 21, 30, tzinfo=dt.UTC)
    teacher, _ = await harness.join("teacher")
    screen = await teacher.press("📅 Моё расписание")
    assert screen.text.startswith("📅 Понедельник, 30 ноября")
    assert "Уроков нет." not in screen.text
    student, _ = await harness.join("student")
    screen = await student.send("/timetable")
    assert screen.text.startswith("📅 Понедельник, 30 ноября · 5Б")


async def test_timetable_command_for_a_coordinator_who_does_not_teach(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    async with harness.session_factory() as session, session.begin():
        await session.execute(
            update(Staff).where(Staff.tg_user_id == coordinator.user_id).values(is_teacher=False)
        )
    screen = await coordinator.send("/timetable")
    assert screen.text == "У вас нет уроков в расписании."


async def test_group_chats_get_nothing(harness: Harness) -> None:
    """The journal speaks only in private chats: a /menu in a group is ignored, and nothing is stored."""
    from aiogram.types import Update
    from sqlalchemy import func, select

    from models import TgUser

    await harness.build_demo()
    sent_before = len(harness.fake.calls())
    group_message = {
        "update_id": 990001,
        "message": {
            "message_id": 1,
            "date": 1795900000,
            "chat": {"id": -100500, "type": "group", "title": "5Б родители"},
            "from": {"id": 777001, "is_bot": False, "first_name": "Ольга"},
            "text": f"/start {harness.token('parent')}",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    bot = harness.users.bot
    await harness.users.dispatcher.feed_update(
        bot, Update.model_validate(group_message, context={"bot": bot})
    )
    assert len(harness.fake.calls()) == sent_before
    async with harness.session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(TgUser).where(TgUser.id == 777001)) == 0
