"""«🎓 Новый учебный год»: the coordinator sees the plan, marks a 9th grader as leaving, cannot start
before the lessons end, starts it with one tap after, and a second tap changes nothing."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from models import AcademicYear, Student
from tests.handlers.conftest import Harness

JUNE = dt.datetime(2027, 6, 15, 7, 0, tzinfo=dt.UTC)


async def test_the_coordinator_previews_marks_a_leaver_and_starts_the_year_once(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    parent, _ = await harness.join("parent")
    await coordinator.send("/menu")
    await coordinator.press("⚙️ Настройки школы")
    plan = await coordinator.press("🎓 Новый учебный год")
    assert "🎓 Новый учебный год 2027/2028" in plan.text
    assert "Начнётся 1 сентября; 3 триместра" in plan.text
    assert "• 5Б → 6Б:" in plan.text and "• 9В → 10В:" in plan.text
    assert "Родители и ученики остаются подключены, новые ссылки не нужны." in plan.text
    assert "Начать 2026/2027" not in plan.text and "можно после окончания уроков, с 1 июня." in plan.text
    assert not plan.has_button("✅ Начать 2027/2028")  # November: the year is under way

    leavers = await coordinator.press("🎓 Кто уходит после 9-го")
    assert "Отметьте в 9-х классах" in leavers.text
    students = await coordinator.press("9В: уходят 0")
    first = students.buttons[0][0]
    assert first.startswith("▫️ ")
    marked = await coordinator.press(first)
    assert "Отмечено: 1." in marked.text and marked.buttons[0][0] == "🎓 " + first.removeprefix("▫️ ")

    harness.clock.at = JUNE
    await coordinator.press("◀ Назад")
    plan = await coordinator.press("◀ Назад")
    assert "уходят из школы: 1" in plan.text
    started = await coordinator.press("✅ Начать 2027/2028")
    assert "✅ Учебный год 2027/2028 начат: 3 класса перешли" in started.text
    assert "выпуск — 1" in started.text

    async with harness.session_factory() as session:
        years = await session.scalar(select(func.count()).select_from(AcademicYear))
        graduated = await session.scalar(
            select(func.count()).select_from(Student).where(Student.graduated_on.is_not(None))
        )
    assert (years, graduated) == (2, 1)

    # The same button again (an old screen): refused, nothing more is started.
    await coordinator.send("/menu")
    await coordinator.press("⚙️ Настройки школы")
    plan = await coordinator.press("🎓 Новый учебный год")
    assert "🎓 Новый учебный год 2028/2029" in plan.text and not plan.has_button("✅ Начать 2028/2029")
    async with harness.session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(AcademicYear)) == 2

    # The family's menu still opens on the child, now in the new year's class; last year is a tap away.
    menu = await parent.send("/menu")
    assert "Родитель" in menu.text
    marks = await parent.press("📊 Оценки")  # the summer: last year's last term
    assert ", 6Б — 3-й триместр 2026/2027" in marks.text
    assert marks.has_button("1-й триместр") and marks.has_button("◀ Текущий учебный год")
    term = await parent.press("1-й триместр")
    assert "— 1-й триместр 2026/2027" in term.text
    this_year = await parent.press("◀ Текущий учебный год")
    assert "— Учебный год" in this_year.text and "2026/2027" not in this_year.text.splitlines()[0]
    past = await parent.press("📜 Учебный год 2026/2027")
    assert ", 6Б — Учебный год 2026/2027" in past.text


async def test_the_class_teacher_exports_last_years_journal_of_his_class(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    class_teacher, _ = await harness.join("class_teacher")
    harness.clock.at = JUNE
    await coordinator.send("/menu")
    await coordinator.press("⚙️ Настройки школы")
    await coordinator.press("🎓 Новый учебный год")
    await coordinator.press("✅ Начать 2027/2028")

    await class_teacher.send("/start")
    await class_teacher.press("🧑‍🏫 Мой класс 6Б")
    screen = await class_teacher.press("📥 Выгрузки")
    assert "Выгрузки 6Б" in screen.text
    last_year = await class_teacher.press("📜 5Б за 2026/2027")
    assert "Выгрузки 5Б" in last_year.text
    months = await class_teacher.press("🗓 Посещаемость за месяц")
    assert months.has_button("Май 2027") or any("Май" in label for row in months.buttons for label in row)
    assert not any("Июнь" in label for row in months.buttons for label in row)  # the year ended in May
    await class_teacher.press("◀ Назад")
    await class_teacher.press("📒 Журнал по предмету")
    screen = await class_teacher.press("Математика")
    screen = await class_teacher.press("1-й триместр")
    (journal,) = screen.documents
    assert journal.filename.startswith("5Б Математика")
    grid = list(load_workbook(io.BytesIO(journal.content)).worksheets[0].iter_rows(values_only=True))
    assert len(grid) > 20  # last year's 5Б, every student, though they are in 6Б now
