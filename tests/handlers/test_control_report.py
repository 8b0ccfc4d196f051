"""The deputy opens the control report from the menu: the summary on screen and the XLSX file; a
teacher forging the button is refused."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from bot.callbacks import ControlAction, ControlCb
from tests.handlers.conftest import Harness


async def test_the_deputy_reads_the_report_and_takes_the_file(harness: Harness) -> None:
    await harness.build_demo()
    deputy, _ = await harness.join("deputy")
    screen = await deputy.press("📊 Контроль журнала")
    assert screen.text.startswith("📊 Контроль журнала · 1-й триместр (по 28 ноября)")
    assert "Заполнено полностью:" in screen.text
    with_file = await deputy.press("📄 Таблица XLSX")
    (document,) = with_file.documents
    assert document.filename == "Контроль журнала, 1-й триместр, по 2026-11-28.xlsx"
    sheet = load_workbook(io.BytesIO(document.content)).worksheets[0]
    assert sheet["A1"].value == "Учитель" and sheet.max_row >= 2

    teacher, _ = await harness.join("teacher")
    current = (await teacher.screen()).current
    assert current is not None
    answer = await teacher.press_data(current.message_id, ControlCb(action=ControlAction.SHOW).pack())
    # Not of the administration: the role filter passes the press by, and the fallback refuses it.
    assert answer.callback_answer is not None and answer.callback_answer.show_alert
    assert "Контроль журнала ·" not in str(answer)
