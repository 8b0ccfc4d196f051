"""What every XLSX the bot hands out must look like: a bold, frozen header row, dates as dates in
ДД.ММ.ГГГГ, and columns as wide as what they hold."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter


def assert_finished(content: bytes) -> None:
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        assert sheet.freeze_panes is not None, f"{sheet.title}: the header is not frozen"
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None), f"{sheet.title}: header"
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.date):
                    assert cell.number_format == "DD.MM.YYYY", f"{sheet.title}!{cell.coordinate}"
        for number, column in enumerate(sheet.iter_cols(), start=1):
            letter = get_column_letter(number)
            shown = [len("31.12.2026") if isinstance(c.value, dt.date) else len(str(c.value)) for c in column
                     if c.value is not None]  # fmt: skip
            longest = max(shown, default=0)
            width = sheet.column_dimensions[letter].width
            assert width >= min(longest, 58), f"{sheet.title}: column {letter} too narrow"
