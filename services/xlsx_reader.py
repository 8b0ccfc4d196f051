"""Reading the first sheet of an .xlsx file as a stream, with a bound on everything a file can inflate.

openpyxl reads the whole string table at once, pads every row to its last cell (one cell at column
XFD makes a row of 16,384) and trusts the sizes the zip declares: a 108 KB file of 20,000 such rows
took 3.8 GB. Here the parts of the package are inflated a chunk at a time and counted as they come,
parsed with expat (a DOCTYPE, and so any entity, is refused), and every row comes out sparse, as soon
as it is read: the caller stops when it has enough. Each limit breached is a `SheetRefused` naming
what and where, which the importer turns into one line for the user.

Only what a school's table needs is read: cell values (the cached results of formulas), shared and
inline strings, and which number formats are dates, times or durations; openpyxl's own helpers decide
those (`is_date_format`, `from_excel`), so a value reads as openpyxl would have read it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
from openpyxl.utils.escape import unescape

MAX_COLUMNS = 64  # the templates use a dozen; column BL is far beyond any real one
MAX_CELL_CHARS = 32_767  # Excel's own limit for a cell
MAX_PART_BYTES = 100 * 1024 * 1024  # a sheet of 10,000 rows is a few MB of XML
MAX_STYLES_BYTES = 8 * 1024 * 1024
MAX_SHARED_STRINGS = 500_000
MAX_SHARED_CHARS = 16_000_000
CHUNK = 64 * 1024

Value = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta


class SheetRefused(Exception):
    """The file breaks a limit (`code`: too-wide, too-wide-csv, cell-too-long, inflates,
    too-many-strings, unreadable); raised from inside the row stream of an Excel or a CSV file."""

    def __init__(self, code: str, row: int | None = None, **params: str | int) -> None:
        super().__init__(code)
        self.code = code
        self.row = row
        self.params = params


def column_letters(index: int) -> str:
    """1 → A, 16384 → XFD."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def _column_index(reference: str) -> int | None:
    match = _REFERENCE.match(reference)
    if match is None:
        return None
    index = 0
    for letter in match.group(1).upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


# ---- the package ---------------------------------------------------------------------------------------


class _Bounded:
    """A member of the zip, inflated as it is read; past `limit` bytes the file is refused (a
    declared size is the file's word; the inflated bytes are the truth)."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self._left = limit

    def read_chunk(self) -> bytes:
        chunk = self._stream.read(CHUNK)
        self._left -= len(chunk)
        if self._left < 0:
            raise SheetRefused("inflates", mb=MAX_PART_BYTES // (1024 * 1024))
        return chunk


def _parse(
    stream: _Bounded, parser: Any, after_chunk: Callable[[], Iterator[Any]] | None = None
) -> Iterator[Any]:
    """Feed expat a chunk at a time; after each, what the handlers finished (rows) is passed on."""
    while True:
        chunk = stream.read_chunk()
        parser.Parse(chunk, not chunk)
        if after_chunk is not None:
            yield from after_chunk()
        if not chunk:
            return


def _parser(start: Callable[..., None], end: Callable[[str], None], text: Callable[[str], None]) -> Any:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def refuse(*_: object) -> None:
        raise SheetRefused("unreadable")  # a DTD has no place in a spreadsheet: no entity is expanded

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = lambda name, attrs: start(_local(name), attrs)
    parser.EndElementHandler = lambda name: end(_local(name))
    parser.CharacterDataHandler = text
    return parser


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


@dataclass
class _Package:
    archive: zipfile.ZipFile

    def has(self, name: str) -> bool:
        try:
            self.archive.getinfo(name)
        except KeyError:
            return False
        return True

    def open(self, name: str, limit: int = MAX_PART_BYTES) -> _Bounded:
        return _Bounded(self.archive.open(name), limit)

    def attributes(self, name: str, element: str) -> list[dict[str, str]]:
        """The attributes of every `element` in a small part (workbook, relationships)."""
        found: list[dict[str, str]] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == element:
                found.append({_local(key): value for key, value in attrs.items()})

        if self.has(name):
            parser = _parser(start, lambda _: None, lambda _: None)
            for _ in _parse(self.open(name, MAX_STYLES_BYTES), parser):
                pass
        return found


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


@dataclass(frozen=True)
class _Parts:
    sheet: str
    shared_strings: str | None
    styles: str | None
    date1904: bool


def _parts(package: _Package) -> _Parts:
    relations = {
        r.get("Id", ""): (r.get("Type", ""), _target("xl", r.get("Target", "")))
        for r in package.attributes("xl/_rels/workbook.xml.rels", "Relationship")
    }
    sheets = package.attributes("xl/workbook.xml", "sheet")
    first = relations.get(sheets[0].get("id", "")) if sheets else None
    sheet = first[1] if first else "xl/worksheets/sheet1.xml"

    def of_type(suffix: str, default: str) -> str | None:
        named = next((target for kind, target in relations.values() if kind.endswith(suffix)), default)
        return named if package.has(named) else None

    flags = package.attributes("xl/workbook.xml", "workbookPr")
    date1904 = bool(flags) and flags[0].get("date1904", "0").lower() in ("1", "true")
    if not package.has(sheet):
        raise SheetRefused("unreadable")
    return _Parts(
        sheet,
        of_type("/sharedStrings", "xl/sharedStrings.xml"),
        of_type("/styles", "xl/styles.xml"),
        date1904,
    )


# ---- shared strings and styles ---------------------------------------------------------------------------


class _TooLong(str):
    """A shared string past the cell limit: refused only if a cell uses it."""


def _shared_strings(package: _Package, name: str | None) -> list[str]:
    strings: list[str] = []
    if name is None:
        return strings
    state = {"depth_phonetic": 0, "in_text": False, "total": 0}
    current: list[str] = []
    length = 0

    def start(tag: str, _: dict[str, str]) -> None:
        nonlocal length
        if tag == "si":
            current.clear()
            length = 0
        elif tag == "rPh":  # the reading of East Asian text: not part of the value
            state["depth_phonetic"] += 1
        elif tag == "t":
            state["in_text"] = True

    def end(tag: str) -> None:
        if tag == "si":
            if len(strings) >= MAX_SHARED_STRINGS:
                raise SheetRefused("too-many-strings", max=MAX_SHARED_STRINGS)
            text = unescape("".join(current)) if length <= MAX_CELL_CHARS else _TooLong()
            strings.append(text)
        elif tag == "rPh":
            state["depth_phonetic"] -= 1
        elif tag == "t":
            state["in_text"] = False

    def text(data: str) -> None:
        nonlocal length
        if not state["in_text"] or state["depth_phonetic"]:
            return
        state["total"] += len(data)
        if state["total"] > MAX_SHARED_CHARS:
            raise SheetRefused("inflates", mb=MAX_PART_BYTES // (1024 * 1024))
        length += len(data)
        if length <= MAX_CELL_CHARS:
            current.append(data)

    for _ in _parse(package.open(name), _parser(start, end, text)):
        pass
    return strings


@dataclass
class _Styles:
    dates: set[int] = field(default_factory=set)  # cell style indexes whose numbers are dates or times
    durations: set[int] = field(default_factory=set)


def _styles(package: _Package, name: str | None) -> _Styles:
    styles = _Styles()
    if name is None:
        return styles
    custom: dict[int, str] = {}
    formats: list[int] = []
    in_cell_xfs = False

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal in_cell_xfs
        if tag == "numFmt":
            with contextlib.suppress(ValueError):
                custom[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            in_cell_xfs = True
        elif tag == "xf" and in_cell_xfs:
            try:
                formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                formats.append(0)

    def end(tag: str) -> None:
        nonlocal in_cell_xfs
        if tag == "cellXfs":
            in_cell_xfs = False

    for _ in _parse(package.open(name, MAX_STYLES_BYTES), _parser(start, end, lambda _: None)):
        pass
    for index, format_id in enumerate(formats):
        code = custom.get(format_id) or BUILTIN_FORMATS.get(format_id, "General")
        if is_date_format(code):
            styles.dates.add(index)
        if is_timedelta_format(code):
            styles.durations.add(index)
    return styles


# ---- the sheet -------------------------------------------------------------------------------------------


@dataclass
class _Cell:
    column: int
    kind: str
    style: int
    parts: list[str] = field(default_factory=list)
    length: int = 0


class _SheetReader:
    """expat handlers that turn <row>/<c> elements into (row number, {column: value}) as rows end."""

    def __init__(self, strings: list[str], styles: _Styles, epoch: dt.datetime, max_columns: int) -> None:
        self.strings = strings
        self.styles = styles
        self.epoch = epoch
        self.max_columns = max_columns
        self.finished: list[tuple[int, dict[int, Value]]] = []
        self.row_number = 0
        self.row: dict[int, Value] | None = None
        self.cell: _Cell | None = None
        self.collecting = False
        self.last_column = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "row":
            number = attrs.get("r", "")
            self.row_number = int(number) if number.isdigit() else self.row_number + 1
            self.row, self.last_column = {}, 0
        elif tag == "c" and self.row is not None:
            column = _column_index(attrs.get("r", "")) or self.last_column + 1
            self.last_column = column
            style = attrs.get("s", "0")
            self.cell = _Cell(column, attrs.get("t", "n"), int(style) if style.isdigit() else 0)
        elif tag in ("v", "t") and self.cell is not None:
            self.collecting = True

    def text(self, data: str) -> None:
        cell = self.cell
        if not self.collecting or cell is None:
            return
        cell.length += len(data)
        if cell.length > MAX_CELL_CHARS:
            raise SheetRefused("cell-too-long", self.row_number, max=MAX_CELL_CHARS)
        cell.parts.append(data)

    def end(self, tag: str) -> None:
        if tag in ("v", "t"):
            self.collecting = False
        elif tag == "c" and self.cell is not None and self.row is not None:
            value = self._value(self.cell)
            if value is not None and value != "":
                if self.cell.column > self.max_columns:
                    cell = f"{column_letters(self.cell.column)}{self.row_number}"
                    raise SheetRefused(
                        "too-wide", self.row_number, cell=cell, last=column_letters(self.max_columns)
                    )
                self.row[self.cell.column] = value
            self.cell = None
        elif tag == "row" and self.row is not None:
            if self.row:
                self.finished.append((self.row_number, self.row))
            self.row = None

    def _value(self, cell: _Cell) -> Value | None:
        raw = "".join(cell.parts)
        if cell.kind == "s":
            try:
                text = self.strings[int(raw)]
            except (ValueError, IndexError):
                raise SheetRefused("unreadable") from None
            if isinstance(text, _TooLong):
                raise SheetRefused("cell-too-long", self.row_number, max=MAX_CELL_CHARS)
            return text
        if cell.kind in ("inlineStr", "str", "e"):
            return unescape(raw)
        if cell.kind == "b":
            return raw.strip() in ("1", "true")
        if not raw:
            return None
        return self._number(raw, cell.style)

    def _number(self, raw: str, style: int) -> Value:
        try:
            number: int | float = float(raw) if any(c in raw for c in ".eE") else int(raw)
        except ValueError:
            return raw
        if style not in self.styles.dates:
            return number
        try:
            value: Value = from_excel(number, self.epoch, timedelta=style in self.styles.durations)
        except (OverflowError, ValueError):
            return "#VALUE!"
        return value

    def take(self) -> Iterator[tuple[int, dict[int, Value]]]:
        finished, self.finished = self.finished, []
        yield from finished


SheetRow = tuple[int, dict[int, Value]]


def read_first_sheet(data: bytes, *, max_columns: int = MAX_COLUMNS) -> Iterator[SheetRow]:
    """(row number as Excel shows it, {column number: value}) for every row with something in it, read
    as the file is inflated. Raises SheetRefused (when read, not when called: it is a generator)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise SheetRefused("unreadable") from None
    with archive:
        try:
            package = _Package(archive)
            parts = _parts(package)
            strings = _shared_strings(package, parts.shared_strings)
            styles = _styles(package, parts.styles)
            epoch = CALENDAR_MAC_1904 if parts.date1904 else CALENDAR_WINDOWS_1900
            reader = _SheetReader(strings, styles, epoch, max_columns)
            parser = _parser(reader.start, reader.end, reader.text)
            yield from _parse(package.open(parts.sheet), parser, reader.take)
        except SheetRefused:
            raise
        except (
            expat.ExpatError,
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            zlib.error,
            OSError,
            EOFError,
            ValueError,
            RuntimeError,
        ):
            # A damaged or foreign file fails in zlib, zipfile or expat in many ways; the user only
            # needs to know it could not be read. (RuntimeError: an encrypted member.)
            raise SheetRefused("unreadable") from None
