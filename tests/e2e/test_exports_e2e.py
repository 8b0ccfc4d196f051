"""`schoolbot export` from the command line: the journal of a subject and the attendance register,
written as files and opened with openpyxl, and the report cards as a PDF, for the demo school's 5Б."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.e2e.conftest import BOT_USERNAME, Sandbox


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

    # The class's report cards of the first trimester: one PDF, a page per student.
    result = await sandbox.cli("export", "report-cards", "--class", "5Б", "--period", "1", "--out", "5b.pdf")
    assert result.returncode == 0, result.stderr
    pages = PdfReader(sandbox.workdir / "5b.pdf").pages
    assert len(pages) == 25 and "ТАБЕЛЬ УСПЕВАЕМОСТИ" in pages[0].extract_text()


async def test_the_class_teacher_s_qr_slips_are_a_pdf_whose_links_join_the_family(sandbox: Sandbox) -> None:
    personas = (await sandbox.demo())["personas"]
    bot = await sandbox.start_bot()
    try:
        class_teacher, _ = await sandbox.join(str(personas["class_teacher"]["link"]), "Елена")
        await class_teacher.send("/menu")
        screen = await class_teacher.press("🧑‍🏫 Мой класс 5Б")
        roster, slips_button = screen.current, screen.button("🖨 Листовки с QR (PDF)")
        assert roster is not None and slips_button.callback_data is not None
        screen = await class_teacher.press("🖨 Листовки с QR (PDF)")
        (document,) = screen.documents
        # The name says when the set was made: an older set's links stop working.
        assert re.fullmatch(r"5Б Приглашения в журнал \d\d\.\d\d\.\d{4} \d\d-\d\d\.pdf", document.filename)
        # A double tap makes no second set (whose links would replace these): it says it was sent.
        screen = await class_teacher.press_data(roster.message_id, slips_button.callback_data)
        assert not screen.documents
        assert (
            screen.callback_answer is not None
            and screen.callback_answer.text == "Уже отправлено — смотрите выше."
        )
        pdf = PdfReader(io.BytesIO(document.content))
        assert len(pdf.pages) == 9  # 25 students, three slips a page
        text = "\n".join(page.extract_text() for page in pdf.pages)
        child = str(personas["parent"]["children"][0])
        assert child in text and "Наведите камеру телефона" in text
        # This school has both bots: each person has a code per messenger, named, and the token once.
        assert text.count("Telegram") >= 25 * 2 and text.count("MAX") >= 25 * 2  # a parent's, a student's
        tokens = re.findall(r"(?<![\w-])[\w-]{32}(?![\w-])", text)
        assert len(tokens) >= 25 * 2

        # The slip's token lets the mother in from MAX; the next code's opens in Telegram.
        _, screen = await sandbox.join(f"?start={tokens[0]}", "Мама", consent=True, messenger="max")
        assert screen.text.startswith("Родитель · Демо-лицей №1")
        _, screen = await sandbox.join(f"https://t.me/{BOT_USERNAME}?start={tokens[1]}", "Ярослав")
        assert "Согласие на обработку" in screen.text or screen.text.startswith("Ученик · Демо-лицей №1")
    finally:
        await bot.stop()
