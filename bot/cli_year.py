"""`schoolbot year start [--dry-run]`: the next school year, as the coordinator's «🎓 Новый учебный год»
(services/school_year.py): the plan is printed, then carried out unless --dry-run."""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.settings import Settings
from models.enums import PeriodKind
from services import school_year, schools
from services.audit import CLI
from services.calendar import school_today


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    year = commands.add_parser("year", help="the school year").add_subparsers(dest="action", required=True)
    start = year.add_parser("start", help="start the next school year: classes move up, leavers graduate")
    start.add_argument("--school")
    start.add_argument("--dry-run", action="store_true", help="print what it would do, change nothing")
    start.add_argument(
        "--periods",
        choices=[k.value for k in PeriodKind if k != PeriodKind.YEAR],
        help="the new year's scheme (default: the current year's)",
    )
    start.set_defaults(handler=cmd_year_start)


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"</?b>", "", text))


def cmd_year_start(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    from bot.cli import _in_transaction, _prepare  # the CLI's plumbing imports this module
    from handlers.coordinator.school_year import plan_text

    url = _prepare(settings)
    kind = PeriodKind(args.periods) if args.periods else None

    async def work(session: AsyncSession) -> list[str]:
        school = await schools.resolve_school(session, args.school)
        today = await school_today(session, school.id, dt.datetime.now(dt.UTC))
        plan = await school_year.plan_year(session, CLI, school.id, kind)
        if args.dry_run:
            startable = await school_year.startable(session, school.id, plan, today)
            return [
                t("cli-year-plan-title"),
                _plain(plan_text(t, plan, startable=startable)),
                t("cli-year-dry-run"),
            ]
        plan = await school_year.start_year(session, CLI, school.id, today=today, period_kind=kind)
        started = t(
            "year-started",
            year=plan.next_year_name,
            classes=len([move for move in plan.moves if move.next_label]),
            moved=plan.moving,
            graduated=plan.graduating,
        )
        return [_plain(plan_text(t, plan, startable=True)), "", _plain(started)]

    print("\n".join(_in_transaction(url, work)))
