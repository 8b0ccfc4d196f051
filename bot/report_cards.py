"""Report cards in the reader's language: the words of the PDF (services/report_card_pdf.py), the
files' names and the button labels, for the bot's screens, the ready notice and the CLI alike."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence

from bot.html_text import h  # not bot.screens: the CLI imports this and must not load aiogram
from bot.i18n import Translator
from services.family_views import PeriodRow
from services.report_card_pdf import ReportCardWords, report_cards_pdf
from services.report_cards import ClassReportCards, ReportCard


def period_name(t: Translator, period: PeriodRow) -> str:
    """«1-й триместр»."""
    return t("family-marks-period", number=period.number, kind=period.kind)


def period_short(t: Translator, kind: str, number: int) -> str:
    """«1 триместр», as the report card's buttons say it."""
    return t("report-card-period-short", number=number, kind=kind)


def card_button(t: Translator, period: PeriodRow) -> str:
    """«📄 Табель за 1 триместр»."""
    return t("btn-report-card", period=period_short(t, period.kind, period.number))


def _dated(t: Translator, day: dt.date) -> str:
    return f"{t.date(day)} {day.year}"


def words(t: Translator) -> ReportCardWords:
    return ReportCardWords(
        document=t("report-card-document"),
        title=t("report-card-title"),
        student=t("report-card-student"),
        class_label=t("report-card-class"),
        period=lambda card: t(
            "report-card-period-line",
            period=period_name(t, card.period),
            year=card.year,
            **{"from": _dated(t, card.period.starts_on), "to": _dated(t, card.period.ends_on)},
        ),
        subject=t("report-card-subject"),
        marks=t("report-card-marks"),
        average=t("report-card-average"),
        final=t("report-card-final"),
        no_final=t("report-card-no-final"),
        number=lambda average: t("report-card-number", average=average),
        grade_one=t("report-card-grade-one"),
        no_subjects=t("report-card-no-subjects"),
        attendance=t("report-card-attendance"),
        absences=lambda absent, excused: t("report-card-absences", absent=absent, excused=excused),
        lateness=lambda late, excused: t("report-card-lateness", late=late, excused=excused),
        no_misses=t("report-card-no-misses"),
        remarks=t("report-card-remarks"),
        no_remarks=t("report-card-no-remarks"),
        remark_day=lambda day: f"{day:%d.%m.%Y}",
        made=lambda day: t("report-card-made", date=_dated(t, day)),
    )


def pdf(t: Translator, cards: Sequence[ReportCard]) -> bytes:
    return report_cards_pdf(cards, words(t))


async def pdf_off_the_loop(t: Translator, cards: Sequence[ReportCard]) -> bytes:
    """A class's set takes a good part of a second to draw: the event loop serves others meanwhile."""
    return await asyncio.to_thread(pdf, t, cards)


def card_filename(t: Translator, card: ReportCard) -> str:
    return t("report-card-filename", student=card.short_name, period=period_name(t, card.period))


def card_caption(t: Translator, card: ReportCard) -> str:
    return t("report-card-caption", student=h(card.student), period=period_name(t, card.period))


def class_filename(t: Translator, found: ClassReportCards) -> str:
    return t("report-cards-filename", **{"class": found.class_label}, period=period_name(t, found.period))


def class_caption(t: Translator, found: ClassReportCards) -> str:
    return t(
        "report-cards-caption",
        **{"class": h(found.class_label)},
        period=period_short(t, found.period.kind, found.period.number),  # «за 1 четверть»
        count=len(found.cards),
    )
