"""`schoolbot plan load FILE --class 5Б --subject «Математика»`: a class's lesson plan for a subject,
as its teacher loads it in the bot (services/lesson_plans.py; the template is templates/lesson_plan.*)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.settings import Settings
from services import classes, lesson_plans, schools
from services.audit import CLI
from services.exports import find_subject
from services.tabular import read_table


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    plan = commands.add_parser("plan", help="lesson plans (тематическое планирование)").add_subparsers(
        dest="action", required=True
    )
    load = plan.add_parser("load", help="load a class's plan for a subject from CSV or XLSX")
    load.add_argument("file", type=Path)
    load.add_argument("--class", dest="class_label", required=True, help="e.g. 5Б")
    load.add_argument("--subject", required=True, help="the subject's name, e.g. «Математика»")
    load.add_argument("--subgroup", type=int, default=0, help="a subgroup's own plan (default: the class's)")
    load.add_argument("--school")
    load.set_defaults(handler=cmd_plan_load)


def cmd_plan_load(args: argparse.Namespace, settings: Settings, t: Translator) -> int:
    import sys

    from bot.cli import _in_transaction, _prepare  # the CLI's plumbing imports this module
    from services.tabular import ImportRejected, render

    url = _prepare(settings)

    async def work(session: AsyncSession) -> str:
        school = await schools.resolve_school(session, args.school)
        school_class = await classes.find_class(session, school.id, args.class_label)
        subject = await find_subject(session, school.id, args.subject)
        table = read_table(args.file, lesson_plans.PLAN_COLUMNS)
        report = await lesson_plans.load_plan(
            session,
            CLI,
            school_class.id,
            subject.id,
            table,
            subgroup=args.subgroup,
            now=dt.datetime.now(dt.UTC),
        )
        return t(
            "cli-plan-loaded",
            label=school_class.label,
            subject=subject.name,
            topics=report.topics,
            hours=report.hours,
        )

    try:
        print(_in_transaction(url, work))
    except ImportRejected as rejected:
        print("\n".join(render(t, rejected)), file=sys.stderr)
        return 1
    return 0
