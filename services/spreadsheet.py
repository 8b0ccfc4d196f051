"""The XLSX files the bot hands out: what someone typed leaves as what he typed, never as a formula.

openpyxl makes a formula of every string that begins with «=» (and an error value of «#N/A» and its
kin), so a lesson topic typed as «=1+1» would leave the journal as a live formula that the reader's
spreadsheet evaluates on opening: the way a hostile text reaches the administration's computers
(«formula injection»). Every writer therefore builds its rows with `append_row`, which stores each
str as a text cell, whoever wrote it. One that begins as a formula would when typed into a cell
(OWASP's list: = + - @ tab CR) also gets Excel's quote prefix, the style of a cell typed with a
leading apostrophe: the reader sees the text as it was typed, and editing the cell keeps it text
rather than evaluating it then. Numbers, dates and empty cells are openpyxl's as before.

No writer of CSV exists; one would prefix such a value with «'» (OWASP), as a CSV has no styles.

Every file is finished alike when it is saved (`saved`): each sheet's first row is its header, bold
and frozen (a writer may freeze more, the names' column too); dates read as dates in the Russian way
(ДД.ММ.ГГГГ), not as openpyxl's ISO default; each column is as wide as what it holds.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# What a writer may put in a row (a datetime is a date).
Value = str | int | float | dt.date | None


def new_book(title: str) -> tuple[Workbook, Worksheet]:
    """A workbook of one empty sheet named `title`."""
    from openpyxl import Workbook  # only a file pays for loading openpyxl

    book = Workbook()
    sheet: Worksheet = book.create_sheet(title)
    book.remove(book.worksheets[0])  # openpyxl's default sheet
    return book, sheet


def append_row(sheet: Worksheet, values: Iterable[Value]) -> None:
    """The values as the sheet's next row, every str among them a text cell (see above)."""
    sheet.append([_text_cell(sheet, value) if isinstance(value, str) else value for value in values])


def _text_cell(sheet: Worksheet, value: str) -> Cell:
    """A cell holding `value` as text, for `Worksheet.append` to place."""
    from openpyxl.cell import WriteOnlyCell

    # openpyxl checks the text here (characters a sheet cannot hold, the length) and guesses its
    # type: a formula, an error value or a string. Whatever it guessed, the cell is a string.
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    if value.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell


DATE_FORMAT = "DD.MM.YYYY"
DATE_WIDTH = len("31.12.2026")
NARROWEST, WIDEST = 6, 60  # column widths, in characters


def saved(book: Workbook) -> bytes:
    """The workbook as the bytes of an XLSX file, every sheet finished (see above)."""
    for sheet in book.worksheets:
        _finish(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _finish(sheet: Worksheet) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if sheet.max_row < 1 or sheet.max_column < 1:
        return
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
                width = DATE_WIDTH
            else:
                width = max(len(line) for line in str(cell.value).splitlines() or [""])
            if cell.row == 1:
                cell.font = Font(bold=True)
                width += 1  # bold is wider
            widths[cell.column] = max(widths.get(cell.column, 0), width)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, NARROWEST), WIDEST)
    if sheet.freeze_panes is None:
        sheet.freeze_panes = "A2"
