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
from services import classes, school_year, schools
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
    leaving = year.add_parser("leaving", help="mark 9th graders who leave the school when the year ends")
    leaving.add_argument("--class", dest="class_label", required=True, help="a 9th-grade class, e.g. 9А")
    leaving.add_argument("--student", action="append", required=True, help="«Фамилия Имя», once per student")
    leaving.add_argument("--undo", action="store_true", help="they stay after all")
    leaving.add_argument("--school")
    leaving.set_defaults(handler=cmd_year_leaving)


def cmd_year_leaving(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    from bot.cli import _in_transaction, _prepare  # the CLI's plumbing imports this module

    url = _prepare(settings)

    async def work(session: AsyncSession) -> list[str]:
        school = await schools.resolve_school(session, args.school)
        school_class = await classes.find_class(session, school.id, args.class_label)
        marked = await school_year.mark_leaving_by_name(
            session, CLI, school_class.id, args.student, leaving=not args.undo
        )
        key = "cli-year-staying" if args.undo else "cli-year-leaving"
        return [t(key, name=name, label=school_class.label) for name in marked]

    print("\n".join(_in_transaction(url, work)))


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"</?b>", "", text))


def cmd_year_start(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    from bot.cli import _in_transaction, _prepare  # the CLI's plumbing imports this module
    from handlers.coordinator.school_year import plan_text, started_text

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
        return [_plain(plan_text(t, plan, startable=True)), "", _plain(started_text(t, plan))]

    print("\n".join(_in_transaction(url, work)))
