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


def saved(book: Workbook) -> bytes:
    """The workbook as the bytes of an XLSX file."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
