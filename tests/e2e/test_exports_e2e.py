"""`schoolbot export` from the command line: the journal of a subject and the attendance register,
written as files and opened with openpyxl, for the demo school's 5Б."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.e2e.conftest import Sandbox


async def test_the_journal_and_the_register_are_written_as_xlsx(sandbox: Sandbox) -> None:
    await sandbox.demo()
    result = await sandbox.cli(
        "export",
        "journal",
        "--class",
        "5Б",
        "--subject",
        "математика",
        "--period",
        "1",
        "--out",
        "journal.xlsx",
    )
    assert result.returncode == 0, result.stderr
    assert "journal.xlsx" in result.stdout
    book = load_workbook(sandbox.workdir / "journal.xlsx")
    assert [sheet.title for sheet in book.worksheets] == ["Оценки", "Уроки"]
    assert next(book.worksheets[0].iter_rows(values_only=True))[0] == "Ученик"

    result = await sandbox.cli("export", "attendance", "--class", "5Б", "--month", "2026-11")
    assert result.returncode == 0, result.stderr
    register = load_workbook(sandbox.workdir / "5Б Посещаемость 2026-11.xlsx").worksheets[0]
    rows = list(register.iter_rows(values_only=True))
    assert rows[0][0] == "Ученик" and len(rows) == 1 + 25  # the demo's 5Б

    wrong = await sandbox.cli("export", "journal", "--class", "5Б", "--subject", "Алхимия")
    assert wrong.returncode == 1
    assert "Предмет «Алхимия» не найден." in wrong.stderr
