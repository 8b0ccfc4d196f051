"""График контрольных through the real Dispatcher and a real database: a teacher plans a test in three
taps from the lesson card (two from his timetable), is warned in words over the school's limits and may
go on (the audit says so), moves and removes it; a forged button changes nothing; the deputy sees the
week with the class flagged; the family sees the test ahead and is reminded on the school day before;
the marks of that lesson are the test's."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import LessonCb
from bot.callbacks_tests import PlanAction, PlannedAction, PlannedTestCb, PlanTestCb, WeekOfTestsCb
from bot.delivery.renderers import RenderContext, render_event
from bot.i18n import Catalog
from handlers.planned_tests_views import warnings
from models import (
    AuditLog,
    Lesson,
    MarkKind,
    Outbox,
    PlannedTest,
    SchoolCalendarDay,
    SchoolClass,
    Staff,
    Subject,
)
from sandbox import clock
from sandbox.driver import InProcessUser, Screen
from services import demo_history, events, tests_schedule
from services.planned_tests import Crowding
from tests.handlers.conftest import Harness

MONDAY = dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC)  # 09:00 in Moscow
WEDNESDAY = dt.date(2026, 12, 2)  # 5Б's next Russian lesson after Monday's (the demo timetable)


async def _teacher(harness: Harness) -> InProcessUser:
    harness.clock.at = MONDAY
    user, _ = await harness.join("teacher")  # Попова: Russian and literature in 5Б and 9В
    return user


async def _card(teacher: InProcessUser) -> Screen:
    await teacher.send("/today")
    return await teacher.press("1 · 5Б")  # Monday's first lesson: 5Б, Russian


async def _tests(harness: Harness) -> list[PlannedTest]:
    async with harness.session_factory() as session:
        return list((await session.scalars(select(PlannedTest).order_by(PlannedTest.id))).all())


async def _audit(harness: Harness, action: str) -> list[AuditLog]:
    async with harness.session_factory() as session:
        rows = await session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id))
        return list(rows.all())


async def _kind_code(harness: Harness, kind_id: int) -> str:
    async with harness.session_factory() as session:
        return str(await session.scalar(select(MarkKind.code).where(MarkKind.id == kind_id)))


async def _maths_test_on(harness: Harness, day: dt.date) -> None:
    """Смирнова's test of mathematics in 5Б that day, already in the schedule."""
    async with harness.session_factory() as session, session.begin():
        fifth = await session.scalar(select(SchoolClass).where(SchoolClass.grade_level == 5))
        maths = await session.scalar(select(Subject.id).where(Subject.name == "Математика"))
        control = await session.scalar(select(MarkKind.id).where(MarkKind.code == "control"))
        assert fifth is not None and maths is not None and control is not None
        session.add(
            PlannedTest(
                school_id=fifth.school_id,
                class_id=fifth.id,
                subject_id=maths,
                day=day,
                kind_id=control,
            )
        )


async def test_from_the_lesson_card_in_three_taps_from_the_timetable_in_two_then_moved_and_removed(
    harness: Harness,
) -> None:
    teacher = await _teacher(harness)
    card = await _card(teacher)
    assert card.has_button("📝 Контрольная")
    presses = 0
    screen = await teacher.press("📝 Контрольная")
    presses += 1
    assert "📝 Контрольная работа · 5Б · Русский язык" in screen.text
    assert "На какой урок её запланировать?" in screen.text
    assert screen.buttons[:2] == [["Этот урок · пн 30.11"], ["Следующий урок · ср 02.12"]]
    screen = await teacher.press("Следующий урок · ср 02.12")
    presses += 1
    assert "📝 5Б · Русский язык — среда, 2 декабря" in screen.text
    assert "⚠️" not in screen.text  # nothing else that day or week
    assert ["Контрольная работа"] in screen.buttons and ["Проверочная работа"] in screen.buttons
    assert ["Ответ на уроке"] not in screen.buttons  # an everyday mark is no test
    screen = await teacher.press("Контрольная работа")
    presses += 1
    assert presses == 3
    assert screen.text.startswith("✅ Запланировано.")
    assert "📝 Контрольная работа · 5Б · Русский язык — среда, 2 декабря" in screen.text
    [test] = await _tests(harness)
    assert test.day == WEDNESDAY and await _kind_code(harness, test.kind_id) == "control"
    [planned] = await _audit(harness, "planned_test.planned")
    assert planned.after == {
        "class": "5Б",
        "subject": "Русский язык",
        "subgroup": 0,
        "day": "2026-12-02",
        "kind": "control",
    }

    # From his timetable: the day, then a lesson's 📝, then the kind.
    await teacher.send("/timetable")
    await teacher.press("▶")  # Tuesday: no lessons of his
    day = await teacher.press("▶")
    assert day.text.startswith("📅 Среда, 2 декабря")
    assert ["✅ 1 · 5Б Русский язык: к/р"] in day.buttons  # the test planned from the card
    slot = next(row[0] for row in day.buttons if row[0].startswith("📝") and "9В" in row[0])
    presses = 0
    screen = await teacher.press(slot)
    presses += 1
    assert "9В" in screen.text and "среда, 2 декабря" in screen.text
    screen = await teacher.press("Самостоятельная работа")
    presses += 1
    assert presses == 2
    assert screen.text.startswith("✅ Запланировано.") and "Самостоятельная работа · 9В" in screen.text
    assert len(await _tests(harness)) == 2

    # Moved to Thursday, then taken back.
    await _card(teacher)
    await teacher.press("📝 Контрольная")
    screen = await teacher.press("📝 ср 02.12 — Контрольная работа")
    screen = await teacher.press("🗓 Перенести")
    assert "На какой урок перенести?" in screen.text and not screen.has_button("ср 02.12")
    screen = await teacher.press("чт 03.12")
    assert "Перенести на четверг, 3 декабря?" in screen.text
    screen = await teacher.press("✅ Перенести")
    assert screen.text.startswith("✅ Перенесено на чт 03.12.")
    moved = [t for t in await _tests(harness) if t.class_id == test.class_id]
    assert [t.day for t in moved] == [dt.date(2026, 12, 3)]
    [audit] = await _audit(harness, "planned_test.moved")
    assert audit.before == {"day": "2026-12-02"} and audit.after == {"day": "2026-12-03"}
    screen = await teacher.press("🗑 Убрать")
    assert "Убрать эту контрольную из графика?" in screen.text
    screen = await teacher.press("🗑 Да, убрать")
    assert screen.text.startswith("🗑 Контрольная чт 03.12 убрана из графика.")
    assert "Уже запланированы" not in screen.text
    [left] = await _tests(harness)  # 9В's stays
    assert left.class_id != test.class_id
    assert len(await _audit(harness, "planned_test.removed")) == 1


async def test_over_the_schools_limit_the_teacher_is_warned_may_go_on_and_the_deputy_sees_it(
    harness: Harness,
) -> None:
    teacher = await _teacher(harness)
    await _maths_test_on(harness, WEDNESDAY)
    await _card(teacher)
    screen = await teacher.press("📝 Контрольная")
    assert ["⚠️ Следующий урок · ср 02.12"] in screen.buttons
    assert ["Этот урок · пн 30.11"] in screen.buttons  # Monday is within the limits
    screen = await teacher.press("⚠️ Следующий урок · ср 02.12")
    assert "⚠️ У 5Б в этот день уже есть контрольная: Математика. В школе — не больше 1 в день." in screen.text
    assert "Запланировать всё равно можно: завуч увидит превышение в графике." in screen.text
    screen = await teacher.press("Проверочная работа")
    assert screen.text.startswith("✅ Запланировано.")
    assert "⚠️ Сверх лимита школы — завуч увидит это в графике контрольных." in screen.text
    [planned] = await _audit(harness, "planned_test.planned")
    assert planned.after is not None
    assert planned.after["over_limit"] == {"day": 2, "week": 2, "per_day": 1, "per_week": 4}

    deputy, _ = await harness.join("deputy")
    await deputy.send("/menu")
    week = await deputy.press("📝 График контрольных")
    assert week.text.startswith("📝 График контрольных · 30 ноября – 6 декабря")
    assert "Лимиты школы на класс: не больше 1 в день и 4 в неделю." in week.text
    assert "⚠️ Сверх лимита: 5Б." in week.text
    assert "5Б — 2 контрольные" in week.text
    assert "ср 02.12: Математика (к/р), Русский язык (п/р) ⚠️ 2 в день при лимите 1" in week.text
    following = await deputy.press("▶")
    assert following.text.startswith("📝 График контрольных · 7 декабря – 13 декабря")
    assert "На этой неделе контрольных не запланировано." in following.text
    assert following.has_button("Эта неделя")


async def test_a_forged_button_changes_nothing(harness: Harness) -> None:
    teacher = await _teacher(harness)
    await _card(teacher)
    await teacher.press("📝 Контрольная")
    await teacher.press("Следующий урок · ср 02.12")
    saved = await teacher.press("Контрольная работа")
    [test] = await _tests(harness)
    async with harness.session_factory() as session:
        popova = await session.scalar(select(Staff.id).where(Staff.last_name == "Попова"))
        lesson = await session.scalar(
            select(Lesson.id).where(Lesson.teacher_id == popova, Lesson.date == MONDAY.date())
        )
    assert lesson is not None
    save = PlanTestCb(
        action=PlanAction.SAVE, lesson_id=lesson, day=dt.date(2026, 12, 3).toordinal(), kind_id=test.kind_id
    ).pack()
    remove = PlannedTestCb(action=PlannedAction.REMOVE, test_id=test.id).pack()

    # Another teacher of 5Б (mathematics), and a parent of 5Б, press the teacher's buttons.
    colleague, _ = await harness.join("class_teacher")
    screen = await colleague.send("/today")
    assert screen.current is not None
    for data in (save, remove, PlannedTestCb(action=PlannedAction.DAYS, test_id=test.id).pack()):
        answer = await colleague.press_data(screen.current.message_id, data)
        assert answer.callback_answer is not None
        assert answer.callback_answer.text == "Это действие вам недоступно.", data
    parent, screen = await harness.join("parent")
    assert screen.current is not None
    for data in (save, remove):
        answer = await parent.press_data(screen.current.message_id, data)
        assert answer.callback_answer is not None and answer.callback_answer.show_alert
    assert [(t.id, t.day) for t in await _tests(harness)] == [(test.id, WEDNESDAY)]
    assert await _audit(harness, "planned_test.removed") == []

    # His own button with a day the class has no Russian (Tuesday) or a day gone by.
    assert saved.current is not None
    for day, refusal in (
        (dt.date(2026, 12, 1), "В этот день у класса нет этого урока по расписанию."),
        (dt.date(2026, 11, 27), "Этот день уже прошёл: контрольную можно запланировать с сегодняшнего дня."),
    ):
        data = PlanTestCb(action=PlanAction.KINDS, lesson_id=lesson, day=day.toordinal()).pack()
        answer = await teacher.press_data(saved.current.message_id, data)
        assert answer.callback_answer is not None and answer.callback_answer.text == refusal
    assert len(await _tests(harness)) == 1


async def test_the_family_sees_the_test_ahead_and_its_marks_are_the_tests(harness: Harness) -> None:
    teacher = await _teacher(harness)
    parent, _ = await harness.join("parent")
    await _card(teacher)
    await teacher.press("📝 Контрольная")
    await teacher.press("Этот урок · пн 30.11")
    await teacher.press("Контрольная работа")
    await teacher.press("◀ К уроку")
    await teacher.press("📝 Контрольная")
    await teacher.press("Следующий урок · ср 02.12")
    await teacher.press("Проверочная работа")  # the same week: two of four

    overview = await parent.send("/marks")
    assert "📝 Ближайшие контрольные:" in overview.text
    assert "пн 30.11 — Русский язык, контрольная работа" in overview.text
    assert "ср 02.12 — Русский язык, проверочная работа" in overview.text

    # The lesson of the test's day: its card says so, its marks are of the test's kind.
    card = await _card(teacher)
    assert "📝 По графику в этот день — Контрольная работа." in card.text
    marks = await teacher.press("⭐ Оценки")
    assert "📝 По графику в этот день — Контрольная работа: оценки ставятся за неё." in marks.text
    assert "Вид: Контрольная работа (вес 2)" in marks.text
    child = harness.school.personas["student"].name.split()  # type: ignore[union-attr]
    await teacher.press(f"{child[0]} {child[1][0]}.")
    screen = await teacher.press("5")
    assert screen.callback_answer is not None
    assert screen.callback_answer.text == f"{child[0]} {child[1][0]}.: 5 (к/р)"
    async with harness.session_factory() as session:
        row = await session.scalar(
            select(Outbox).where(Outbox.kind == "mark", Outbox.tg_user_id == parent.user_id)
        )
    assert row is not None
    notice = render_event(events.parse(row.kind, row.payload), RenderContext(Catalog().translator("ru")))
    assert "🆕 Русский язык: <b>5</b> — Контрольная работа, 30 ноября." in notice.text
    # Another lesson (Literature, no test) keeps the school's everyday kind.
    async with harness.session_factory() as session:
        literature = await session.scalar(
            select(Lesson.id).where(Lesson.date == MONDAY.date(), Lesson.lesson_number == 2)
        )
    assert literature is not None
    other = await teacher.press_data(
        marks.current.message_id,  # type: ignore[union-attr]
        LessonCb(lesson_id=literature).pack(),
    )
    assert "По графику" not in other.text


async def _reminders(session: AsyncSession, school_id: int, day: dt.date) -> int:
    async with session.begin():
        return await tests_schedule.remind(
            session, school_id, day, now=MONDAY, run_key=f"test_reminder:{day.isoformat()}"
        )


async def test_the_family_is_reminded_on_the_school_day_before(
    harness: Harness, session: AsyncSession
) -> None:
    teacher = await _teacher(harness)
    parent, _ = await harness.join("parent")
    student, _ = await harness.join("student")
    school_id = harness.school.school_id  # type: ignore[union-attr]
    # Next Monday's Russian in 5Б, and the Friday before a day off: Thursday is the day before it.
    await teacher.send("/timetable")
    for _ in range(7):
        screen = await teacher.press("▶")
    assert screen.text.startswith("📅 Понедельник, 7 декабря")
    await teacher.press("📝 1 · 5Б Русский язык")
    await teacher.press("Контрольная работа")
    session.add(
        SchoolCalendarDay(school_id=school_id, day=dt.date(2026, 12, 4), kind="off", name="Субботник")
    )
    await session.commit()

    assert await _reminders(session, school_id, dt.date(2026, 12, 3)) == 2  # Thursday: the mother and the boy
    assert await _reminders(session, school_id, dt.date(2026, 12, 4)) == 0  # the day off
    assert await _reminders(session, school_id, dt.date(2026, 12, 5)) == 0  # Saturday
    assert await _reminders(session, school_id, dt.date(2026, 12, 2)) == 0  # Wednesday: not yet
    rows = (await session.scalars(select(Outbox).where(Outbox.kind == "test_reminder"))).all()
    assert {row.tg_user_id for row in rows} == {parent.user_id, student.user_id}
    notice = render_event(
        events.parse(rows[0].kind, rows[0].payload), RenderContext(Catalog().translator("ru"))
    )
    assert (
        notice.text
        == "📝 Понедельник, 7 декабря: Русский язык — контрольная работа. Не забудьте подготовиться."
    )


async def test_the_limits_are_school_settings_with_russian_plurals(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    await coordinator.send("/menu")
    await coordinator.press("⚙️ Настройки школы")
    section = await coordinator.press("📒 Журнал")
    assert "• Контрольных в день на класс: 1 контрольная" in section.text
    assert "• Контрольных в неделю на класс: 4 контрольные" in section.text
    await coordinator.press("Контрольных в неделю на класс")
    saved = await coordinator.send("5")
    assert "• Контрольных в неделю на класс: 5 контрольных (по умолчанию 4 контрольные)" in saved.text
    await coordinator.press("Контрольных в день на класс")
    refused = await coordinator.send("6")
    assert "В день не может быть больше контрольных, чем в неделю." in refused.text
    saved = await coordinator.send("2")
    assert "• Контрольных в день на класс: 2 контрольные (по умолчанию 1 контрольная)" in saved.text
    [audit, *_] = await _audit(harness, "school.settings_changed")
    assert audit.after == {"tests_per_week": 5}


def test_callback_data_stays_short_with_the_longest_ids() -> None:
    big, day = 987654321012, dt.date(2026, 12, 31).toordinal()
    packed = [
        PlanTestCb(action=PlanAction.SAVE, lesson_id=big, slot_id=big, day=day, kind_id=big).pack(),
        PlannedTestCb(action=PlannedAction.CHECK, test_id=big, day=day, lesson_id=big).pack(),
        WeekOfTestsCb(monday=day, school_id=big).pack(),
    ]
    assert all(len(data.encode()) < 64 for data in packed), packed


async def test_the_sandbox_demo_has_a_test_in_5b_next_week(harness: Harness, session: AsyncSession) -> None:
    harness.clock.at = MONDAY
    school = await harness.build_demo()
    assert await demo_history.add_planned_test(session, school.school_id, MONDAY) == 1
    await session.commit()
    deputy, _ = await harness.join("deputy")
    await deputy.send("/menu")
    await deputy.press("📝 График контрольных")
    week = await deputy.press("▶")
    assert week.text.startswith("📝 График контрольных · 7 декабря – 13 декабря")
    assert "5Б — 1 контрольная" in week.text and "Математика (к/р)" in week.text
    assert "Сверх лимита" not in week.text
    # The sandbox's «⏰» runs the reminder as on the school day before: the joined mother is told.
    mother, _ = await harness.join("parent")
    assert await clock.run_job(harness.session_factory, school.school_id, "test_reminder", MONDAY) == 1
    row = await session.scalar(select(Outbox).where(Outbox.kind == "test_reminder"))
    assert row is not None and row.tg_user_id == mother.user_id


def test_the_warnings_read_as_russian_with_its_plurals() -> None:
    t = Catalog().translator("ru")
    monday = dt.date(2026, 11, 30)
    week = tuple((monday + dt.timedelta(days=n), subject) for n, subject in enumerate(("Алгебра", "Физика")))
    same_week = (*week, (WEDNESDAY, "Химия"), (WEDNESDAY, "Физика"))
    crowded = Crowding(WEDNESDAY, ("Химия", "Физика"), same_week, 1, 4)
    day, week_line, confirm = warnings(t, crowded, "9В")
    assert day == "⚠️ У 9В в этот день уже 2 контрольные: Химия, Физика. В школе — не больше 1 в день."
    assert week_line == (
        "⚠️ На той же неделе у 9В уже 4 контрольные: пн 30.11 Алгебра, вт 01.12 Физика, ср 02.12 Химия, "
        "ср 02.12 Физика. В школе — не больше 4 в неделю."
    )
    assert confirm.startswith("Запланировать всё равно можно")
    assert [t("setting-tests", count=n) for n in (1, 2, 5, 21)] == [
        "1 контрольная",
        "2 контрольные",
        "5 контрольных",
        "21 контрольная",
    ]
    assert warnings(t, Crowding(WEDNESDAY, (), week, 1, 4), "9В") == []  # within both limits
