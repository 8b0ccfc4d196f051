"""Report cards as one PDF: a page (or more) per student, A4, drawn with reportlab in DejaVu Sans.

A pure function of the cards (services/report_cards.py) and of the words they are written in (the
reader's language, made by the bot from its translations): no database, no messenger. Each card: the
school, the title, the student and his class, the period with its dates; a table of subjects (the
marks in order, the weighted average, the final mark or «—»), or, in grade 1, the line that says it
gets no marks; the attendance; the class teacher's remarks; the date it was made.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from services.pdf_fonts import FONT, FONT_BOLD, register_fonts
from services.report_cards import ReportCard, SubjectResult


@dataclass(frozen=True)
class ReportCardWords:
    """What a card says, in the reader's language."""

    document: str  # the file's title, «Табель успеваемости»
    title: str  # the card's heading, «ТАБЕЛЬ УСПЕВАЕМОСТИ»
    student: str
    class_label: str
    period: Callable[[ReportCard], str]  # the period, its year and its dates
    subject: str
    marks: str
    average: str
    final: str
    no_final: str  # «—» while the final mark is not set
    number: Callable[[float], str]  # an average with two decimals, «4,25»
    grade_one: str  # grade 1 gets no marks: what the card holds instead
    no_subjects: str
    attendance: str
    absences: Callable[[int, int], str]  # (lessons missed, of them excused)
    lateness: Callable[[int, int], str]
    no_misses: str
    remarks: str
    no_remarks: str
    remark_day: Callable[[dt.date], str]
    made: Callable[[dt.date], str]


def report_cards_pdf(cards: Sequence[ReportCard], words: ReportCardWords) -> bytes:
    """The cards in the given order, each from a new page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=words.document,
        author=cards[0].school if cards else "",
    )
    styles = _styles()
    story: list[Any] = []
    for index, card in enumerate(cards):
        if index:
            story.append(PageBreak())
        story += _card(card, words, styles, document.width)
    if not story:
        story.append(_paragraph(words.document, styles["title"]))
    document.build(story)
    return buffer.getvalue()


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13)
    return {
        "body": body,
        "school": ParagraphStyle("school", parent=body, fontSize=11, alignment=TA_CENTER),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=15, leading=19, alignment=TA_CENTER
        ),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12),
        "head_cell": ParagraphStyle("head_cell", parent=body, fontName=FONT_BOLD, fontSize=9.5, leading=12),
        "note": ParagraphStyle("note", parent=body, fontSize=8.5, leading=11, spaceBefore=14),
    }


def _paragraph(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def _card(card: ReportCard, words: ReportCardWords, styles: dict[str, Any], width: float) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    flow: list[Any] = [
        _paragraph(card.school, styles["school"]),
        _paragraph(words.title, styles["title"]),
        Spacer(1, 6),
        Paragraph(
            f"<b>{escape(words.student)}:</b> {escape(card.student)}&nbsp;&nbsp;&nbsp; "
            f"<b>{escape(words.class_label)}:</b> {escape(card.class_label)}",
            styles["body"],
        ),
        _paragraph(words.period(card), styles["body"]),
    ]
    if not card.marked:
        flow.append(_paragraph(words.grade_one, styles["heading"]))
    elif card.subjects:
        flow.append(_marks_table(card.subjects, words, styles, width))
    else:
        flow.append(_paragraph(words.no_subjects, styles["heading"]))
    flow.append(_paragraph(words.attendance, styles["heading"]))
    misses = card.misses
    if misses.absent or misses.late:
        flow.append(_paragraph(words.absences(misses.absent, misses.absent_excused), styles["body"]))
        flow.append(_paragraph(words.lateness(misses.late, misses.late_excused), styles["body"]))
    else:
        flow.append(_paragraph(words.no_misses, styles["body"]))
    flow.append(_paragraph(words.remarks, styles["heading"]))
    for remark in card.remarks:
        author = f" ({escape(remark.author)})" if remark.author else ""
        day = escape(words.remark_day(remark.day))
        flow.append(Paragraph(f"<b>{day}</b>{author}: {escape(remark.text)}", styles["body"]))
    if not card.remarks:
        flow.append(_paragraph(words.no_remarks, styles["body"]))
    flow.append(_paragraph(words.made(card.made_on), styles["note"]))
    return flow


def _marks_table(
    subjects: Sequence[SubjectResult], words: ReportCardWords, styles: dict[str, Any], width: float
) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell, head = styles["cell"], styles["head_cell"]
    data: list[list[Any]] = [
        [_paragraph(text, head) for text in (words.subject, words.marks, words.average, words.final)]
    ]
    for line in subjects:
        average = line.average
        data.append(
            [
                _paragraph(line.name, cell),
                Paragraph(" ".join(str(mark.value) for mark in line.marks), cell),
                _paragraph(words.number(round(float(average), 2)) if average is not None else "", cell),
                _paragraph(str(line.final) if line.final is not None else words.no_final, cell),
            ]
        )
    numbers = 25 * mm
    columns = [48 * mm, width - 48 * mm - 2 * numbers, numbers, numbers]
    table = Table(data, colWidths=columns, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
