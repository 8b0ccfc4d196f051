"""Reading the tables a school fills in (CSV or Excel), and the problems an import reports.

A school keeps its lists in Excel; some save them as CSV from a Russian Excel (cp1251, `;`), some
from LibreOffice or Google Sheets (UTF-8, `,`). Everything is read into one shape: rows keyed by a
canonical column name, numbered as the user sees them in Excel (header = row 1), so that a problem
says «Строка 7» and the user finds row 7. Nothing here raises a traceback at the user: a file that
cannot be read is an `ImportRejected` carrying one problem, rendered through i18n like the others.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from services.errors import ServiceError
from services.names import normalize

MAX_ROWS = 10_000  # a whole school's roster or timetable is a few thousand rows at most
HEADER_SEARCH_ROWS = 10  # a title line («Список учащихся 2025/2026») may sit above the header
CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_NUMBERING_HEADERS = frozenset({"№", "№ п/п", "n", "no", "#"})  # row numbers: skipped without a word
_DELIMITERS = (";", "\t", ",")  # ties go to `;`: what a Russian Excel writes


# --- problems -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: i18n key `import-problem-<code>`, with the row it is in.

    Params are plain values; `column` names a canonical column and `day` an ISO weekday, which the
    renderer translates too.
    """

    code: str
    row: int | None = None
    params: Mapping[str, str | int] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"import-problem-{self.code}"


def problem(code: str, row: int | None = None, **params: str | int) -> Problem:
    return Problem(code, row, params)


class ImportRejected(ServiceError):
    """The file was refused as a whole and nothing was written. Carries every problem found."""

    code = "import-rejected"

    def __init__(self, problems: Iterable[Problem]) -> None:
        # File-level problems first, then by row: the order the user fixes them in.
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.row is not None, p.row or 0))
        )
        super().__init__(count=len(self.problems))


class Translate(Protocol):
    """What rendering needs from `bot.i18n.Translator`: services do not import the bot."""

    def __call__(self, key: str, **args: Any) -> str: ...


class ImportReport(Protocol):
    def lines(self, t: Translate) -> list[str]: ...


def render_problem(t: Translate, item: Problem) -> str:
    args: dict[str, Any] = dict(item.params)
    if "column" in args:
        args["column"] = t(f"import-column-{args['column']}")
    if "day" in args:
        args["day"] = t(f"import-weekday-{args['day']}")
    text = t(item.key, **args)
    if item.row is None:
        return text[:1].upper() + text[1:]
    # A string: Fluent would group digits in a number («Строка 1 234»).
    return t("import-row", row=str(item.row), text=text)


def render(t: Translate, outcome: ImportRejected | ImportReport) -> list[str]:
    """Lines for the CLI or a chat: the refusal with every problem, or what the import did."""
    if isinstance(outcome, ImportRejected):
        return [
            t("import-rejected", count=len(outcome.problems)),
            *(render_problem(t, item) for item in outcome.problems),
            t("import-rejected-hint"),
        ]
    return outcome.lines(t)


def added_line(t: Translate, counts: Sequence[tuple[str, int]]) -> list[str]:
    """«Добавлено: 2 класса, 5 учеников» from (key, count) pairs; nothing when nothing was added."""
    added = [t(key, count=count) for key, count in counts if count]
    return [t("import-added", items=", ".join(added))] if added else []


def ignored_columns_line(t: Translate, headers: Sequence[str]) -> list[str]:
    """A misspelt optional column («Родитль 2») is skipped, so say so rather than stay silent."""
    if not headers:
        return []
    quoted = ", ".join(f"«{header}»" for header in headers)
    return [t("import-ignored-columns", count=len(headers), columns=quoted)]


# --- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column an importer knows: the canonical name and the headers people give it."""

    name: str
    aliases: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True)
class Row:
    number: int  # as Excel shows it: the header is row 1
    values: Mapping[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass(frozen=True)
class Table:
    file_name: str
    columns: frozenset[str]  # canonical names of the columns the file has
    rows: tuple[Row, ...]
    ignored_headers: tuple[str, ...] = ()


def read_table(path: str | Path, columns: Sequence[Column]) -> Table:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportRejected([problem("file-not-found", file=str(path))]) from None
    except OSError:
        raise ImportRejected([problem("unreadable", file=path.name)]) from None
    return parse_table(data, path.name, columns)


def parse_table(data: bytes, file_name: str, columns: Sequence[Column]) -> Table:
    """The same from bytes, for a file a user sent as a document (the name gives the format)."""
    suffix = Path(file_name).suffix.lower()
    if suffix in CSV_SUFFIXES:
        grid = _csv_grid(data, file_name)
    elif suffix in XLSX_SUFFIXES:
        grid = _xlsx_grid(data, file_name)
    else:
        raise ImportRejected([problem("unknown-format", file=file_name)])
    return _build_table(grid, file_name, columns)


def clean_cell(text: str) -> str:
    # Excel and Word paste non-breaking spaces; nobody means them.
    return text.replace("\xa0", " ").replace("\u202f", " ").strip()


def header_key(text: str) -> str:
    """«Дата рождения (ДД.ММ.ГГГГ)*» → «дата рождения»: hints and marks in a header do not count."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text)
    return normalize(re.sub(r"[.:*_]", " ", text))


# --- CSV ------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")  # Excel's «Текст Юникод» export
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # A Russian Excel saves «CSV (разделители — запятые)» in the ANSI code page.
        return data.decode("cp1251")


def _detect_delimiter(text: str) -> str:
    """The most frequent candidate over the first lines: a title line above the header has none,
    and a value with a comma in a `;` file does not outnumber the real delimiters."""
    lines = [line for line in text.splitlines()[:50] if line.strip()][:HEADER_SEARCH_ROWS]
    counts = {delimiter: sum(line.count(delimiter) for line in lines) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _csv_grid(data: bytes, file_name: str) -> list[list[str]]:
    try:
        text = _decode(data)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_detect_delimiter(text))
        return [list(record) for record in reader]
    except (UnicodeDecodeError, csv.Error):
        raise ImportRejected([problem("unreadable", file=file_name)]) from None


# --- Excel ----------------------------------------------------------------------------------------


def _xlsx_grid(data: bytes, file_name: str) -> list[list[str]]:
    from openpyxl import load_workbook  # only an Excel import pays for loading openpyxl

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # Files written by other programs often declare wrong dimensions (A1:A1) and would
            # be cut short; without them openpyxl reads every row, padding the empty ones, so a
            # row's index is still its number in Excel.
            sheet.reset_dimensions()
            return [[cell_text(value) for value in values] for values in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception:
        # A damaged or foreign file can fail deep inside zipfile/openpyxl/lxml in many ways; the
        # user only needs to know the file could not be read.
        raise ImportRejected([problem("unreadable", file=file_name)]) from None


def cell_text(value: object) -> str:
    """A cell as the user reads it: 8:30 → «08:30», 3.0 → «3», a date → «14.03.2014»."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return _datetime_text(value)
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.time):
        return _time_text(value)
    if isinstance(value, dt.timedelta):  # a cell formatted as a duration ([ч]:мм)
        minutes = int(value.total_seconds()) // 60
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return clean_cell(str(value))


_EXCEL_ZERO_DAYS = (dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1900, 1, 1))


def _datetime_text(value: dt.datetime) -> str:
    if value.time() == dt.time(0):
        return value.strftime("%d.%m.%Y")
    if value.date() in _EXCEL_ZERO_DAYS:  # a time of day stored with Excel's day zero
        return _time_text(value.time())
    return f"{value:%d.%m.%Y} {_time_text(value.time())}"


def _time_text(value: dt.time) -> str:
    return f"{value:%H:%M:%S}" if value.second else f"{value:%H:%M}"


# --- from grid to table ---------------------------------------------------------------------------


def _alias_map(columns: Sequence[Column]) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for column in columns:
        for alias in (column.name, *column.aliases):
            aliases.setdefault(header_key(alias), column.name)
    return aliases


def _find_header(grid: Sequence[Sequence[str]], aliases: Mapping[str, str]) -> int | None:
    """Index of the header row: the first with a known column name, else the first non-empty."""
    first_filled = None
    for index, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if not any(cells):
            continue
        if first_filled is None:
            first_filled = index
        if any(header_key(cell) in aliases for cell in cells):
            return index
    return first_filled


def _map_header(
    header: Sequence[str], columns: Sequence[Column], header_row: int
) -> tuple[dict[int, str], list[str], list[Problem]]:
    aliases = _alias_map(columns)
    positions: dict[int, str] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, cell in enumerate(header):
        name = aliases.get(header_key(cell))
        if name is None:
            if cell and header_key(cell) not in _NUMBERING_HEADERS:
                ignored.append(cell)
        elif name in seen:
            problems.append(problem("duplicate-column", header_row, column=name, value=cell))
        else:
            seen.add(name)
            positions[index] = name
    problems.extend(
        problem("missing-column", header_row, column=column.name)
        for column in columns
        if column.required and column.name not in seen
    )
    return positions, ignored, problems


def _data_rows(grid: Sequence[Sequence[str]], start: int, positions: Mapping[int, str]) -> Iterator[Row]:
    for index in range(start, len(grid)):
        cells = grid[index]
        values = {name: cells[i] if i < len(cells) else "" for i, name in positions.items()}
        # Only the known columns decide emptiness: a pre-numbered «№» column with nothing else
        # filled in is an empty row of a template, not a student without a name.
        if any(values.values()):
            yield Row(index + 1, values)


def _build_table(grid: list[list[str]], file_name: str, columns: Sequence[Column]) -> Table:
    grid = [[clean_cell(cell) for cell in cells] for cells in grid]
    header_index = _find_header(grid, _alias_map(columns))
    if header_index is None:
        raise ImportRejected([problem("empty", file=file_name)])
    positions, ignored, problems = _map_header(grid[header_index], columns, header_index + 1)
    if problems:
        raise ImportRejected(problems)
    rows = tuple(_data_rows(grid, header_index + 1, positions))
    if not rows:
        raise ImportRejected([problem("empty", file=file_name)])
    if len(rows) > MAX_ROWS:
        raise ImportRejected([problem("too-many-rows", file=file_name, count=len(rows), max=MAX_ROWS)])
    return Table(file_name, frozenset(positions.values()), rows, tuple(ignored))
