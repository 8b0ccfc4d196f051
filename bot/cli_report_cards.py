"""`schoolbot export report-cards --class 5Б [--period N] --out file.pdf`: a class's report cards of a
period (the one under way unless numbered) in one PDF, as its class teacher gets them in the bot."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot import report_cards as texts
from bot.i18n import Translator
from bot.settings import Settings
from services import classes, exports, report_cards, schools
from services.audit import CLI


def add_parser(export: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cards = export.add_parser("report-cards", help="a class's report cards for a period, one PDF")
    cards.add_argument("--class", dest="class_label", required=True, help="e.g. 5Б")
    cards.add_argument("--period", type=int, help="the period's number (default: the one under way)")
    cards.add_argument("--year", help="an earlier school year's class, e.g. 2026/2027")
    cards.add_argument("--out", type=Path, help="the file to write (default: a name of its own)")
    cards.add_argument("--school")
    cards.set_defaults(handler=cmd_report_cards)


def cmd_report_cards(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    from bot.cli import _in_transaction, _prepare  # the CLI's plumbing imports this module

    url = _prepare(settings)
    now = dt.datetime.now(dt.UTC)

    async def work(session: AsyncSession) -> report_cards.ClassReportCards:
        school = await schools.resolve_school(session, args.school)
        school_class = await classes.find_class(session, school.id, args.class_label, args.year)
        today = now.astimezone(schools.validate_timezone(school.timezone)).date()
        period = await exports.find_period(session, school_class, args.period, today)
        return await report_cards.class_report_cards(session, CLI, school_class.id, period.id, now=now)

    found = _in_transaction(url, work)
    out: Path = args.out or Path(texts.class_filename(t, found))
    out.write_bytes(texts.pdf(t, found.cards))
    print(t("cli-export-written", file=str(out)))
