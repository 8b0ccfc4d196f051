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
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from services.errors import ServiceError
from services.names import normalize
from services.xlsx_reader import MAX_CELL_CHARS, MAX_COLUMNS, SheetRefused, read_first_sheet

Line = tuple[int, list[str]]  # a row with something in it: its number as the user sees it, its cells


MAX_ROWS = 10_000  # a whole school's roster or timetable is a few thousand rows at most
MAX_LINES = 3 * MAX_ROWS  # rows read in all, those with nothing in a known column too
MB = 1024 * 1024
MAX_FILE_BYTES = 20 * MB  # what Telegram lets a bot download; far above any school's table
MAX_DELIMITERS_PER_LINE = 10 * MAX_COLUMNS
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


SHOWN_CHARS = 40  # of a value quoted back to the user
SHOWN_FILE_CHARS = 200
_INVISIBLE = frozenset(("Cc", "Cf", "Zl", "Zp"))  # control, format (bidi overrides), line breaks


def shown(value: str, limit: int = SHOWN_CHARS) -> str:
    """A value from the file as a message quotes it: its first characters and «…», every control or
    invisible formatting character made visible as «�» (a value must not break or reorder the line)."""
    cut = value[:limit]
    safe = "".join("�" if unicodedata.category(char) in _INVISIBLE else char for char in cut)
    return safe + ("…" if len(value) > limit else "")


def render_problem(t: Translate, item: Problem) -> str:
    args: dict[str, Any] = {
        key: shown(value, SHOWN_FILE_CHARS if key == "file" else SHOWN_CHARS)
        if isinstance(value, str)
        else value
        for key, value in item.params.items()
    }
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
    quoted = ", ".join(f"«{shown(header)}»" for header in headers)
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
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportRejected([problem("too-big", file=path.name, mb=MAX_FILE_BYTES // MB)])
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportRejected([problem("file-not-found", file=str(path))]) from None
    except OSError:
        raise ImportRejected([problem("unreadable", file=path.name)]) from None
    return parse_table(data, path.name, columns)


def parse_table(data: bytes, file_name: str, columns: Sequence[Column]) -> Table:
    """The same from bytes, for a file a user sent as a document (the name gives the format)."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected([problem("too-big", file=file_name, mb=MAX_FILE_BYTES // MB)])
    suffix = Path(file_name).suffix.lower()
    if suffix in CSV_SUFFIXES:
        lines = _csv_lines(data, file_name)
    elif suffix in XLSX_SUFFIXES:
        lines = _xlsx_lines(data, file_name)
    else:
        raise ImportRejected([problem("unknown-format", file=file_name)])
    return _build_table(lines, file_name, columns)


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
    first = itertools.islice(_physical_lines(text[:1_000_000]), 50)
    lines = [line for line in first if line.strip()][:HEADER_SEARCH_ROWS]
    counts = {delimiter: sum(line.count(delimiter) for line in lines) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _physical_lines(text: str) -> Iterator[str]:
    """Lines with their endings, cut from the text as they are needed (io.StringIO would first copy
    it all, four bytes a character). A file from an old Mac ends its lines with CR alone."""
    if "\n" not in text:
        text = text.replace("\r", "\n")
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end == -1:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def _narrow_enough(lines: Iterable[str], delimiter: str) -> Iterator[str]:
    """Physical lines, refused before the csv module makes a list of a million empty fields of one.
    Quoted delimiters count too: no real table has hundreds in a row."""
    for number, line in enumerate(lines, 1):
        if line.count(delimiter) > MAX_DELIMITERS_PER_LINE:
            raise SheetRefused("too-wide-csv", number, max=MAX_COLUMNS)
        yield line


def _csv_lines(data: bytes, file_name: str) -> Iterator[Line]:
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise ImportRejected([problem("unreadable", file=file_name)]) from None
    delimiter = _detect_delimiter(text)
    reader = csv.reader(_narrow_enough(_physical_lines(text), delimiter), delimiter=delimiter)
    number = 0
    while True:
        number += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise SheetRefused("cell-too-long", number, max=MAX_CELL_CHARS) from None
            raise ImportRejected([problem("unreadable", file=file_name)]) from None
        if any(record):
            yield number, record


# --- Excel ----------------------------------------------------------------------------------------


def _xlsx_lines(data: bytes, file_name: str) -> Iterator[Line]:
    """Rows as text, read as the file inflates (services.xlsx_reader); none is padded to its width."""
    for number, values in read_first_sheet(data):
        width = max(values)
        cells = [""] * width
        for column, value in values.items():
            cells[column - 1] = cell_text(value)
        yield number, cells


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


def _find_header(lines: Sequence[Line], aliases: Mapping[str, str]) -> int | None:
    """Index in `lines` of the header: the first with a known column name, else the first filled."""
    for index, (_, cells) in enumerate(lines):
        if any(header_key(cell) in aliases for cell in cells):
            return index
    return 0 if lines else None


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


def _data_rows(lines: Iterable[Line], positions: Mapping[int, str], file_name: str) -> Iterator[Row]:
    taken = 0
    for read, (number, cells) in enumerate(lines, 1):
        values = {name: cells[i] if i < len(cells) else "" for i, name in positions.items()}
        # Only the known columns decide emptiness: a pre-numbered «№» column with nothing else
        # filled in is an empty row of a template, not a student without a name.
        taken += any(values.values())
        if taken > MAX_ROWS or read > MAX_LINES:
            # Stopped here, while reading: the rest of the file is never looked at.
            raise ImportRejected([problem("too-many-rows", file=file_name, max=MAX_ROWS)])
        if any(values.values()):
            yield Row(number, values)


def _cleaned(lines: Iterator[Line]) -> Iterator[Line]:
    for number, cells in lines:
        cleaned = [clean_cell(cell) for cell in cells]
        if any(cleaned):
            yield number, cleaned


def _build_table(lines: Iterator[Line], file_name: str, columns: Sequence[Column]) -> Table:
    try:
        return _table(_cleaned(lines), file_name, columns)
    except SheetRefused as refused:
        raise ImportRejected([problem(refused.code, refused.row, **refused.params, file=file_name)]) from None


def _table(lines: Iterator[Line], file_name: str, columns: Sequence[Column]) -> Table:
    # A title line («Список учащихся 2025/2026») may sit above the header: the header is looked for
    # among the first rows only, so a file of nothing but unknown columns is not read to its end.
    first: list[Line] = []
    rest: list[Line] = []
    for line in lines:
        (first if line[0] <= HEADER_SEARCH_ROWS else rest).append(line)
        if rest:
            break
    aliases = _alias_map(columns)
    header_index = _find_header(first, aliases)
    if header_index is None:
        raise ImportRejected([problem("empty", file=file_name)])
    header_row, header = first[header_index]
    positions, ignored, problems = _map_header(header, columns, header_row)
    if problems:
        raise ImportRejected(problems)
    following = itertools.chain(first[header_index + 1 :], rest, lines)
    rows = tuple(_data_rows(following, positions, file_name))
    if not rows:
        raise ImportRejected([problem("empty", file=file_name)])
    return Table(file_name, frozenset(positions.values()), rows, tuple(ignored))
