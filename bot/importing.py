"""`schoolbot import roster|timetable FILE`: read the file, load it in one transaction, report."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from services.audit import CLI
from services.calendar import school_today
from services.column_names import columns_of
from services.roster_import import ROSTER_COLUMNS, import_roster
from services.schools import resolve_school
from services.tabular import read_table, render
from services.timetable_import import TIMETABLE_COLUMNS, import_timetable

T = TypeVar("T")
InTransaction = Callable[[str, Callable[[AsyncSession], Awaitable[T]]], T]


def run_import(
    url: str, args: argparse.Namespace, t: Translator, in_transaction: InTransaction[list[str]]
) -> list[str]:
    """The report's lines; raises ImportRejected (nothing written) when the file has problems."""
    now = dt.datetime.now(dt.UTC)

    async def work(session: AsyncSession) -> list[str]:
        school = await resolve_school(session, args.school)
        # With the headers the school named in the bot (services/column_names.py) understood too.
        known = ROSTER_COLUMNS if args.kind == "roster" else TIMETABLE_COLUMNS
        table = read_table(args.file, await columns_of(session, school.id, known))
        today = await school_today(session, school.id, now)
        if args.kind == "roster":
            report = await import_roster(session, CLI, school.id, table, today=today)
            return render(t, report)
        timetable = await import_timetable(
            session, CLI, school.id, table, effective_from=args.effective_from or today, today=today
        )
        return render(t, timetable)

    return in_transaction(url, work)
