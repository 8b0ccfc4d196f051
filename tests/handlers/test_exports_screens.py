"""«📥 Выгрузки» in the bot: the class teacher gets his class's journal of a subject and the month's
attendance as XLSX files (opened here with openpyxl); another class's export is refused."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ExportAction, ExportCb
from tests.handlers.conftest import Harness
from tests.xlsxcheck import assert_finished


async def test_the_class_teacher_exports_his_class_s_journal_and_attendance(
    harness: Harness, session: AsyncSession
) -> None:
    teacher, _ = await harness.join("class_teacher")
    await teacher.send("/start")
    await teacher.press("🧑‍🏫 Мой класс 5Б")
    screen = await teacher.press("📥 Выгрузки")
    assert "Выгрузки 5Б" in screen.text
    await teacher.press("📒 Журнал по предмету")
    screen = await teacher.press("Математика")
    assert "За какой период?" in screen.text
    screen = await teacher.press("1-й триместр")
    (journal,) = screen.documents
    # «отправляет файл…» shows in the chat from the press on, before the file is made and sent.
    calls = [
        call.method for call in harness.fake.calls() if call.method in ("sendChatAction", "sendDocument")
    ]
    assert calls == ["sendChatAction", "sendDocument"]
    assert harness.fake.calls("sendChatAction")[0].params["action"] == "upload_document"
    assert_finished(journal.content)
    assert journal.filename.startswith("5Б Математика") and journal.filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(journal.content))
    assert [sheet.title for sheet in book.worksheets] == ["Оценки", "Уроки"]
    grid = list(book.worksheets[0].iter_rows(values_only=True))
    assert grid[0][0] == "Ученик" and grid[0][-2:] == ("Средний балл", "Итоговая")
    students = await session.scalar(
        text(
            "SELECT count(*) FROM student s JOIN school_class c ON c.id = s.class_id WHERE c.grade_level = 5"
        )
    )
    assert len(grid) == 1 + int(students or 0)

    await teacher.press("◀ Назад")
    await teacher.press("◀ Назад")
    await teacher.press("🗓 Посещаемость за месяц")
    screen = await teacher.press("Ноябрь 2026")
    (register,) = screen.documents
    assert register.filename == "5Б Посещаемость 2026-11.xlsx"
    assert_finished(register.content)
    header = next(load_workbook(io.BytesIO(register.content)).worksheets[0].iter_rows(values_only=True))
    assert header[0] == "Ученик" and header[-3:] == (
        "Пропущено уроков",
        "Из них по уважительной",
        "Опозданий",
    )


async def test_another_class_s_export_is_refused(harness: Harness, session: AsyncSession) -> None:
    teacher, _ = await harness.join("class_teacher")
    ninth = int(await session.scalar(text("SELECT id FROM school_class WHERE grade_level = 9")) or 0)
    await teacher.send("/start")
    screen = await teacher.press("🧑‍🏫 Мой класс 5Б")
    assert screen.current is not None
    for action in (ExportAction.HOME, ExportAction.MONTHS, ExportAction.REGISTER):
        forged = ExportCb(action=action, class_id=ninth, month=738000).pack()
        screen = await teacher.press_data(screen.current.message_id, forged)
        assert screen.callback_answer is not None
        assert screen.callback_answer.text == "Это действие вам недоступно."
        assert not screen.documents
