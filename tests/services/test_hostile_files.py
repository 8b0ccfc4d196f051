"""Hostile and careless files: refused in one clear line, cheaply, or loaded within bounds.

Each file is read in a child process exactly as `schoolbot import roster` reads it, and the child
reports its peak memory and time: any file up to 20 MB is refused or loaded within 300 MB and 10 s.
Before the streaming reader, the first of them (20,000 rows, each one cell at column XFD: 108 KB)
took 3.8 GB and ended in a MemoryError.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.i18n import Catalog
from services.roster_import import ROSTER_COLUMNS
from services.tabular import ImportRejected, parse_table, render

ROOT = Path(__file__).resolve().parents[2]
T = Catalog().translator("ru")
MEMORY_MB = 300
SECONDS = 10.0
HEADER = ("Класс", "Фамилия", "Имя", "Отчество", "Дата рождения", "Родитель 1")

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml"'
    ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml"'
    ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="sharedStrings.xml"'
    ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    "</Relationships>"
)
SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"


def _cell(ref: str, text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{escaped}</t></is></c>'


def _header_row() -> str:
    return (
        '<row r="1">'
        + "".join(_cell(f"{col}1", text) for col, text in zip("ABCDEF", HEADER, strict=True))
        + "</row>"
    )


def _xlsx(path: Path, sheet: Iterator[bytes], shared: Iterator[bytes] | None = None) -> Path:
    """A package written part by part, each streamed, so that building a bomb costs the test little."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, chunks in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)):
            if chunks is not None:
                with archive.open(name, "w", force_zip64=True) as part:
                    for chunk in chunks:
                        part.write(chunk)
    return path


def _sheet(rows: Iterator[str]) -> Iterator[bytes]:
    yield (SHEET_HEAD + _header_row()).encode()
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) == 2000:
            yield "".join(batch).encode()
            batch.clear()
    yield ("".join(batch) + SHEET_TAIL).encode()


def _student(number: int, last_name: str = "Иванов") -> str:
    cells = ("5А", last_name, "Пётр", "Сергеевич", "14.03.2014", "Иванова Мария Петровна")
    return (
        f'<row r="{number}">'
        + "".join(_cell(f"{c}{number}", v) for c, v in zip("ABCDEF", cells, strict=True))
        + "</row>"
    )


# ---- the hostile files -----------------------------------------------------------------------------


def very_wide(folder: Path) -> Path:
    """The issue's file: 20,000 rows, each one cell at XFD (the last column Excel has)."""
    rows = (f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(2, 20_002))
    return _xlsx(folder / "wide.xlsx", _sheet(rows))


def very_long(folder: Path) -> Path:
    """A million real-looking rows (the limit is 10,000)."""
    return _xlsx(folder / "long.xlsx", _sheet(_student(n) for n in range(2, 1_000_002)))


def shared_strings_bomb(folder: Path) -> Path:
    """Two million shared strings, and one cell that uses them."""

    def strings() -> Iterator[bytes]:
        yield b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        for _ in range(2_000):
            yield b"<si><t>a</t></si>" * 1_000
        yield b"</sst>"

    sheet = _sheet(iter(['<row r="2"><c r="A2" t="s"><v>0</v></c></row>']))
    return _xlsx(folder / "strings.xlsx", sheet, strings())


def deep_shared_strings(folder: Path) -> Path:
    """One shared string nested 200,000 runs deep."""

    def strings() -> Iterator[bytes]:
        yield b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si>'
        yield b"<r>" * 200_000 + b"<t>deep</t>" + b"</r>" * 200_000
        yield b"</si></sst>"

    return _xlsx(folder / "deep.xlsx", _sheet(iter([_student(2)])), strings())


def inflating_sheet(folder: Path) -> Path:
    """2 GiB of nothing in the sheet, packed into 2 MB."""

    def sheet() -> Iterator[bytes]:
        yield (SHEET_HEAD + _header_row()).encode()
        blank = b" " * (1 << 20)
        for _ in range(2048):
            yield blank
        yield SHEET_TAIL.encode()

    return _xlsx(folder / "bomb.xlsx", sheet())


def entity_expansion(folder: Path) -> Path:
    """The billion laughs, in the sheet."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
        )
        + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    return _xlsx(folder / "laughs.xlsx", iter([laughs.encode()]))


def long_cell(folder: Path) -> Path:
    return _xlsx(folder / "cell.xlsx", _sheet(iter([_student(2), _student(3, "Я" * 40_000)])))


def csv_one_wide_line(folder: Path) -> Path:
    path = folder / "wide.csv"
    path.write_bytes(";".join(HEADER).encode() + b"\n" + b";" * 20_000_000)
    return path


def csv_many_rows(folder: Path) -> Path:
    path = folder / "long.csv"
    path.write_bytes(";".join(HEADER).encode() + b"\n" + "5А;Иванов;Пётр\n".encode() * 700_000)
    return path


def csv_huge_field(folder: Path) -> Path:
    path = folder / "field.csv"
    lines = [
        ";".join(HEADER),
        "5А;Иванов;Пётр;Сергеевич;14.03.2014;Иванова Мария",
        "5А;" + "Я" * 200_000 + ";Пётр",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "very wide": (very_wide, "заполнена ячейка XFD2, а таблица должна помещаться в столбцы A–BL"),
    "very long": (very_long, "больше 10000 строк"),
    "many shared strings": (shared_strings_bomb, "больше 500000 разных значений"),
    "deep shared strings": (deep_shared_strings, ""),  # loads: one student, the deep text ignored
    "inflating sheet": (inflating_sheet, "при распаковке занимает больше 100 МБ"),
    "entity expansion": (entity_expansion, "не удалось прочитать"),
    "long cell": (long_cell, "Строка 3: в ячейке больше 32767 знаков"),
    "csv, a wide line": (csv_one_wide_line, "Строка 2: в строке больше 64 столбцов"),
    "csv, many rows": (csv_many_rows, "больше 10000 строк"),
    "csv, a huge field": (csv_huge_field, "Строка 3: в ячейке больше 32767 знаков"),
}

# The child: read the file as the import command does, print the outcome and what it cost.
CHILD = """
import json, sys, time
from bot.i18n import Catalog
from services.roster_import import ROSTER_COLUMNS
from services.tabular import ImportRejected, parse_table, render
started = time.perf_counter()
path = sys.argv[1]
try:
    table = parse_table(open(path, "rb").read(), path, ROSTER_COLUMNS)
    lines = [f"loaded {len(table.rows)} rows"]
except ImportRejected as rejected:
    lines = render(Catalog().translator("ru"), rejected)
seconds = time.perf_counter() - started
# VmHWM: this process's own peak (ru_maxrss would count the forked parent's pages too).
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
peak_mb = peak_kb / 1024
print(json.dumps({"lines": lines, "seconds": seconds, "peak_mb": peak_mb}))
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_file_is_refused_in_one_line_within_bounds(case: str, folder: Path) -> None:
    build, expected = HOSTILE[case]
    path = build(folder)
    assert path.stat().st_size <= 20 * 1024 * 1024
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 0, child.stderr
    outcome = json.loads(child.stdout)
    text = "\n".join(outcome["lines"])
    print(f"{case}: {outcome['peak_mb']:.0f} MB, {outcome['seconds']:.2f} s — {text[:120]!r}")
    if expected:
        assert outcome["lines"][0].startswith("Файл не загружен"), text
        assert expected in text.replace("\u00a0", "").replace("\u202f", ""), text
        assert len(outcome["lines"]) == 3  # the refusal, the one problem, the hint
    else:
        assert outcome["lines"] == ["loaded 1 rows"], text
    assert outcome["peak_mb"] < MEMORY_MB
    assert outcome["seconds"] < SECONDS


def _rejected(data: bytes, name: str = "roster.csv") -> list[str]:
    with pytest.raises(ImportRejected) as refusal:
        parse_table(data, name, ROSTER_COLUMNS)
    return render(T, refusal.value)


def test_a_file_over_20_mb_is_refused_unread() -> None:
    lines = _rejected(b"x" * (20 * 1024 * 1024 + 1), "roster.xlsx")
    assert "больше 20 МБ" in lines[1]
