"""`schoolbot calendar list|off|work|clear`: the school's days off and moved working days, as the
coordinator's «📅 Каникулы и праздники» (services/school_calendar.py)."""

from __future__ import annotations

import argparse
import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.settings import Settings
from services import school_calendar, schools, settings_editor
from services.audit import CLI
from services.calendar import school_today


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    days = commands.add_parser("calendar", help="holidays and working days").add_subparsers(
        dest="action", required=True
    )
    listing = days.add_parser("list", help="the days off and working days ahead")
    off = days.add_parser("off", help="days off: --days 26.10-03.11 --name «Осенние каникулы»")
    off.add_argument("--days", required=True, help="a date or a range: 04.11, 26.10-03.11")
    off.add_argument("--name", default="")
    work = days.add_parser("work", help="a working day on another weekday's timetable: --day 20.02 --as пн")
    work.add_argument("--day", required=True)
    work.add_argument("--as", dest="as_weekday", required=True, help="the weekday whose timetable it runs")
    clear = days.add_parser("clear", help="give a day back to the weekly timetable")
    clear.add_argument("--day", required=True)
    for command in (listing, off, work, clear):
        command.add_argument("--school")
        command.set_defaults(handler=cmd_calendar)


def cmd_calendar(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    from bot.cli import _in_transaction, _prepare  # the CLI's plumbing imports this module
    from handlers.coordinator.calendar import calendar_text

    url = _prepare(settings)

    async def work(session: AsyncSession) -> list[str]:
        school = await schools.resolve_school(session, args.school)
        today = await school_today(session, school.id, dt.datetime.now(dt.UTC))
        told: list[str] = []
        if args.action == "off":
            days = school_calendar.parse_days(args.days, today)
            count = await school_calendar.add_days_off(
                session, CLI, school.id, days.first, days.last, args.name
            )
            told.append(t("calendar-added-off", when=t.date_range(days.first, days.last), count=count))
        elif args.action == "work":
            day = school_calendar.parse_days(args.day, today).first
            weekday = int(settings_editor.parse(settings_editor.BY_KEY["summary_weekday"], args.as_weekday))
            await school_calendar.add_working_day(session, CLI, school.id, day, weekday)
        elif args.action == "clear":
            await school_calendar.clear_day(
                session, CLI, school.id, school_calendar.parse_days(args.day, today).first
            )
        lines = await school_calendar.upcoming(session, CLI, school.id, today)
        return [*told, calendar_text(t, lines).replace("<b>", "").replace("</b>", "")]

    print("\n".join(_in_transaction(url, work)))
