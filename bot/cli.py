"""The `schoolbot` command (also `python -m bot`): run the bot, migrate, and load a school's data.

Every failure a user can cause (a missing setting, an unreachable database, a bad file) ends in one
clear line and a non-zero exit code, never in a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession

from bot import (
    cli_backup,
    cli_calendar,
    cli_db,
    cli_plan,
    cli_report_cards,
    cli_settings,
    cli_webhook,
    cli_year,
    log_format,
    migrate,
)
from bot.db import DatabaseTarget, checked_target, make_engine, make_session_factory
from bot.event_loop import serve_forever
from bot.i18n import Catalog, Translator
from bot.links import InviteLinks, invite_link, max_invite_link
from bot.settings import Settings, SettingsError, load_settings
from models.enums import PeriodKind, Role
from services import classes, invites, schools, staff, substitutions
from services.audit import CLI
from services.errors import ServiceError
from services.invites import IssuedInvite

T = TypeVar("T")
log = logging.getLogger("schoolbot")


class CliError(Exception):
    """A one-line failure for the user; main() prints it and exits non-zero."""


# ---- plumbing --------------------------------------------------------------------------------------


def _in_transaction(url: str, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run one use case in one transaction: all of it is written, or none of it."""

    async def runner() -> T:
        engine = make_engine(url)
        try:
            async with make_session_factory(engine)() as session, session.begin():
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(runner())


def _prepare(settings: Settings) -> str:
    """Migrated (as the schema owner), then the bot's own connection."""
    return _prepared(settings).url


def _prepared(settings: Settings, *, migrating: bool = True) -> DatabaseTarget:
    target = checked_target(settings)
    if migrating:
        migrate.prepare(target)
    return target


def _bot_username(settings: Settings) -> str:
    """Invite links need the bot's @username: from BOT_USERNAME, else asked from the Bot API.

    A plain HTTP getMe rather than aiogram: importing aiogram costs seconds, and the data-loading
    commands should start at once.
    """
    if settings.bot_username:
        return settings.bot_username
    if settings.bot_token is None:
        raise SettingsError("BOT_USERNAME", "no-username")
    base = settings.bot_api_url or "https://api.telegram.org"
    url = f"{base}/bot{settings.bot_token.get_secret_value()}/getMe"

    async def ask() -> tuple[int, dict[str, Any]]:
        async with (
            aiohttp.ClientSession() as http,
            http.get(url, timeout=aiohttp.ClientTimeout(total=20)) as reply,
        ):
            return reply.status, await reply.json(content_type=None)

    try:
        status, body = asyncio.run(ask())
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        target = settings.bot_api_url or "api.telegram.org"
        raise SettingsError(
            "BOT_API_URL", "api-unreachable", target=target, reason=str(error) or type(error).__name__
        ) from None
    if status == 401 or status == 404:
        raise SettingsError("BOT_TOKEN", "token-rejected")
    username = body.get("result", {}).get("username") if body.get("ok") else None
    if not isinstance(username, str):
        raise SettingsError(
            "BOT_API_URL", "api-answer", status=str(status), description=body.get("description", "")
        )
    return username


def _invite_links(settings: Settings) -> InviteLinks:
    """The deployment's bots for invite links: Telegram's always, MAX's when MAX_BOT_TOKEN is set (its
    username from MAX_BOT_USERNAME, else asked from MAX; a MAX that cannot be asked leaves it out, said
    in the log, rather than failing the command)."""
    # A MAX-only deployment has no Telegram bot to name.
    max_only = settings.bot_token is None and settings.bot_username is None and settings.max_bot_token
    telegram = None if max_only else _bot_username(settings)
    if settings.max_bot_username or settings.max_bot_token is None:
        return InviteLinks(telegram, settings.max_bot_username)
    url = f"{settings.max_api_url.rstrip('/')}/me"
    headers = {"Authorization": settings.max_bot_token.get_secret_value()}

    async def ask() -> Any:
        trust = settings.max_ssl()
        connector = aiohttp.TCPConnector(ssl=trust) if trust is not None else None
        async with (
            aiohttp.ClientSession(connector=connector) as http,
            http.get(url, headers=headers, timeout=aiohttp.ClientTimeout(total=20)) as reply,
        ):
            return await reply.json(content_type=None) if reply.status == 200 else None

    try:
        me = asyncio.run(ask())
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        me = None
        log.warning("MAX could not be asked for its bot's username (%s): MAX links left out", error)
    username = me.get("username") if isinstance(me, dict) else None
    links = InviteLinks(telegram, username if isinstance(username, str) else None)
    if not links.messengers:  # MAX alone, and MAX could not be asked: no link can be made
        raise SettingsError("MAX_BOT_USERNAME", "no-max-username")
    return links


async def _school_links(session: AsyncSession, links: InviteLinks, school_id: int) -> InviteLinks:
    from services import school_settings

    return links.offered((await school_settings.load(session, school_id)).messengers)


# ---- commands --------------------------------------------------------------------------------------


def _warn_if_archive_is_exposed(url: str) -> None:
    """Running as the schema's owner works, but the archive is then only as safe as the bot's password."""
    from bot.db_roles import privileges

    held = asyncio.run(privileges(url))
    if not held.least:
        log.warning(
            "the bot runs as %s, which %s: it could alter or empty the audit log and the message archive;"
            " `schoolbot db roles` sets up a role of its own",
            held.role,
            "is a superuser" if held.superuser else "owns the tables",
        )


def cmd_run(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    settings.require_a_messenger()
    target = _prepared(settings, migrating=not args.no_migrate)
    _warn_if_archive_is_exposed(target.url)
    from aiogram.exceptions import TelegramUnauthorizedError

    from bot.runner import serve

    try:
        serve_forever(serve(settings, target))
    except TelegramUnauthorizedError:
        raise SettingsError("BOT_TOKEN", "token-rejected") from None


def cmd_worker(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    settings.require_a_messenger()
    target = _prepared(settings, migrating=not args.no_migrate)
    _warn_if_archive_is_exposed(target.url)
    from bot.runner import work

    serve_forever(work(settings, target))


def cmd_deliveries_failed(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    from bot.delivery.report import deliveries_text
    from services.delivery import DeliveryTrouble, delivery_trouble

    url = _prepare(settings)

    async def work(session: AsyncSession) -> DeliveryTrouble:
        return await delivery_trouble(session, CLI, args.school_id, limit=args.limit)

    print(deliveries_text(t, _in_transaction(url, work), plain=True))


def cmd_migrate(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    _prepare(settings)
    print(t("cli-migrated"))


def cmd_school_create(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    url = _prepare(settings)
    links = _invite_links(settings)
    now = dt.datetime.now(dt.UTC)

    async def work(session: AsyncSession) -> tuple[schools.CreatedSchool, IssuedInvite]:
        today = now.astimezone(schools.validate_timezone(args.timezone)).date()
        created = await schools.create_school(
            session,
            CLI,
            name=args.name,
            timezone=args.timezone,
            today=today,
            period_kind=PeriodKind(args.periods),
            coordinator_name=args.coordinator,
        )
        issued = await invites.issue_staff_invite(
            session, CLI, created.coordinator_staff_id, now=now, ttl_days=settings.invite_ttl_days
        )
        return created, issued

    created, issued = _in_transaction(url, work)
    print(t("cli-school-created", name=created.name, year=created.year_name, periods=len(created.periods)))
    print(
        t(
            "cli-coordinator-link",
            link=links.text(issued.token),
            until=t.date(issued.valid_through),
        )
    )


def cmd_staff_add(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    roles = _staff_roles(args.role, t)
    url = _prepare(settings)

    async def work(session: AsyncSession) -> staff.StaffRow:
        school = await schools.resolve_school(session, args.school)
        return await staff.add_staff(session, CLI, school.id, args.name, roles)

    row = _in_transaction(url, work)
    print(t("cli-staff-added", name=row.full_name, id=row.staff_id))


def _staff_roles(text: str, t: Translator) -> set[Role]:
    """--role teacher,deputy → roles; a class teacher comes from the roster, not from here."""
    allowed = {role.value: role for role in (Role.TEACHER, Role.DEPUTY, Role.COORDINATOR)}
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        raise CliError(t("cli-bad-roles", roles=", ".join(unknown) or "—", allowed=", ".join(allowed)))
    return {allowed[name] for name in names}


def cmd_staff_list(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    url = _prepare(settings)

    async def work(session: AsyncSession) -> list[staff.StaffRow]:
        school = await schools.resolve_school(session, args.school)
        return await staff.list_staff(session, CLI, school.id)

    for row in _in_transaction(url, work):
        roles = ", ".join(t(f"role-{role.value}") for role in row.roles)
        led = f" ({', '.join(row.classes_led)})" if row.classes_led else ""
        state = t("joined") if row.joined else t("not-joined")
        print(f"{row.staff_id}\t{row.full_name}\t{roles}{led}\t{state}")


def cmd_import(args: argparse.Namespace, settings: Settings, t: Translator) -> int:
    from bot.importing import run_import
    from services.tabular import ImportRejected, render

    url = _prepare(settings)
    try:
        lines = run_import(url, args, t, _in_transaction)
    except ImportRejected as rejected:
        # Every problem with its row number, so the file is fixed in one go; nothing was written.
        print("\n".join(render(t, rejected)), file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def cmd_invite(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    url = _prepare(settings)
    links = _invite_links(settings)
    now = dt.datetime.now(dt.UTC)
    ttl = settings.invite_ttl_days

    async def work(session: AsyncSession) -> list[IssuedInvite]:
        nonlocal links
        school = await schools.resolve_school(session, args.school)
        links = await _school_links(session, links, school.id)
        if args.role == "staff":
            if not args.name:
                raise CliError(t("cli-invite-needs-name"))
            person = await staff.find_staff_by_name(session, school.id, args.name)
            return [await invites.issue_staff_invite(session, CLI, person.id, now=now, ttl_days=ttl)]
        if not args.class_label:
            raise CliError(t("cli-invite-needs-class"))
        school_class = await classes.find_class(session, school.id, args.class_label)
        if args.role is None:
            if not (args.parents or args.students):
                raise CliError(t("cli-invite-needs-who"))
            return await invites.issue_class_invites(
                session,
                CLI,
                school_class.id,
                now=now,
                ttl_days=ttl,
                parents=args.parents,
                students=args.students,
            )
        if not args.name:
            raise CliError(t("cli-invite-needs-name"))
        student = await classes.find_student(session, school_class.id, args.name)
        if args.role == "student":
            return [await invites.issue_student_invite(session, CLI, student.id, now=now, ttl_days=ttl)]
        return [
            await invites.issue_parent_invite(
                session, CLI, student.id, guardian_id=None, now=now, ttl_days=ttl
            )
        ]

    issued = _in_transaction(url, work)
    if not issued:
        print(t("cli-invite-nobody"))
    for item in issued:
        print("\t".join([_invite_label(t, item), *(link for _, link in links.of(item.token))]))
    if issued:
        print(t("cli-invite-valid-until", until=t.date(issued[0].valid_through), count=len(issued)))


def _max_link(links: InviteLinks, token: str) -> dict[str, str]:
    return {"max_link": max_invite_link(links.max, token)} if links.max else {}


def _invite_label(t: Translator, item: IssuedInvite) -> str:
    role = t(f"role-{item.role.value}")
    if item.role == Role.PARENT and item.guardian_name:
        return f"{item.class_label} {item.person_name} — {role}: {item.guardian_name}"
    if item.role == Role.PARENT:
        return f"{item.class_label} {item.person_name} — {role}"
    if item.role == Role.STUDENT:
        return f"{item.class_label} {item.person_name} — {role}"
    return f"{item.person_name} — {role}"


def cmd_substitute(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    if not args.cancel and not args.teacher:
        raise CliError(t("cli-substitute-needs-teacher"))
    url = _prepare(settings)
    now = dt.datetime.now(dt.UTC)

    async def work(session: AsyncSession) -> substitutions.AdminLesson:
        school = await schools.resolve_school(session, args.school)
        lesson_id = await _lesson_id(session, school.id, args)
        substitute = (
            None if args.cancel else (await staff.find_staff_by_name(session, school.id, args.teacher)).id
        )
        return await substitutions.assign(session, CLI, lesson_id, substitute, args.reason, now=now)

    lesson = _in_transaction(url, work)
    print(_lesson_label(t, lesson))
    print(t("subst-assigned", teacher=lesson.substitute) if lesson.substitute else t("subst-cancelled"))


def cmd_unlock(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    url = _prepare(settings)
    now = dt.datetime.now(dt.UTC)

    async def work(session: AsyncSession) -> substitutions.AdminLesson:
        school = await schools.resolve_school(session, args.school)
        lesson_id = await _lesson_id(session, school.id, args)
        return await substitutions.unlock(session, CLI, lesson_id, args.reason, now=now, days=args.days)

    lesson = _in_transaction(url, work)
    print(_lesson_label(t, lesson))
    until = lesson.unlocked_until.date() if lesson.unlocked_until else now.date()
    print(t("subst-unlocked", until=t.date(until)))


async def _lesson_id(session: AsyncSession, school_id: int, args: argparse.Namespace) -> int:
    school_class = await classes.find_class(session, school_id, args.class_label)
    return await substitutions.find_lesson(
        session, school_id, school_class.id, args.date, args.lesson, args.subject
    )


def _lesson_label(t: Translator, lesson: substitutions.AdminLesson) -> str:
    when = f"{lesson.class_label}, {t.date(lesson.date)}, {lesson.lesson_number}"
    return f"{when} — {lesson.subject} ({lesson.teacher})"


def cmd_demo(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    from services import demo

    url = _prepare(settings)
    links = _invite_links(settings)
    username = links.telegram or links.max
    now = dt.datetime.now(dt.UTC)

    async def work(session: AsyncSession) -> demo.DemoSchool:
        return await demo.build_demo(session, now=now, ttl_days=settings.invite_ttl_days)

    built = _in_transaction(url, work)
    personas: dict[str, dict[str, Any]] = {
        key: {
            **persona.describe(),
            "link": invite_link(str(username), persona.token),
            **_max_link(links, persona.token),
        }
        for key, persona in built.personas.items()
    }
    if args.json:
        print(
            json.dumps(
                {
                    "school": built.school_name,
                    "school_id": built.school_id,
                    "bot": username,
                    "personas": personas,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    print(t("cli-demo-built", name=built.school_name))
    for key, persona in personas.items():
        role = t(f"role-{persona['role']}")
        print(f"{role}\t{persona['name']}\t{persona['link']}  ({key})")


def cmd_export(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    from services import exports

    url = _prepare(settings)
    now = dt.datetime.now(dt.UTC)

    async def work(session: AsyncSession) -> exports.Export:
        school = await schools.resolve_school(session, args.school)
        school_class = await classes.find_class(session, school.id, args.class_label, args.year)
        today = now.astimezone(schools.validate_timezone(school.timezone)).date()
        if args.what == "journal":
            subject = await exports.find_subject(session, school.id, args.subject)
            period = await exports.find_period(session, school_class, args.period, today)
            headers = {word: t(f"journal-xlsx-{word}") for word in exports.JOURNAL_WORDS}
            return await exports.class_journal(session, CLI, school_class.id, subject.id, period.id, headers)
        headers = {word: t(f"register-xlsx-{word}") for word in exports.REGISTER_WORDS}
        return await exports.attendance_register(session, CLI, school_class.id, args.month or today, headers)

    export = _in_transaction(url, work)
    out: Path = args.out or Path(export.filename)
    out.write_bytes(export.content)
    print(t("cli-export-written", file=str(out)))


def cmd_thread_export(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    """A relayed conversation, whole, for the school's records (nothing is ever deleted from it)."""
    from services import threads

    url = _prepare(settings)

    async def work(session: AsyncSession) -> threads.ThreadArchive:
        return await threads.export_thread(session, CLI, args.thread_id)

    archive = _in_transaction(url, work)
    print(f"#{archive.thread_id}: {archive.staff} — {archive.student}")
    for message in archive.messages:
        sender = message.sender or (archive.student if message.from_family else archive.staff)
        who = f"{sender} ({t('cli-thread-family')})" if message.from_family else sender
        print(f"[{message.at:%Y-%m-%d %H:%M}] {who}: {message.text}")


def _month(text: str) -> dt.date:
    return dt.date.fromisoformat(f"{text}-01")


def cmd_sandbox(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    # The sandbox is a launcher around the bot, not part of it: imported only when asked for.
    from sandbox.launcher import SandboxError, SandboxOptions, run_sandbox

    options = SandboxOptions(
        args.host, args.port, args.data, args.fresh, settings.default_locale, webhook=args.webhook
    )
    try:
        run_sandbox(options, t)
    except SandboxError as error:
        raise CliError(str(error)) from None


# ---- argument parsing ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="schoolbot", description="School journal Telegram bot")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="apply migrations and run the bot (long polling)")
    run.add_argument("--no-migrate", action="store_true", help="do not apply pending migrations")
    run.set_defaults(handler=cmd_run)
    worker = commands.add_parser("worker", help="send the outbox only (several may run on one database)")
    worker.add_argument("--no-migrate", action="store_true", help="do not apply pending migrations")
    worker.set_defaults(handler=cmd_worker)
    commands.add_parser("migrate", help="apply pending database migrations").set_defaults(handler=cmd_migrate)
    deliveries = commands.add_parser("deliveries", help="the outbox").add_subparsers(
        dest="action", required=True
    )
    failed = deliveries.add_parser("failed", help="messages that could not be delivered")
    failed.add_argument("--school-id", type=int, default=None, help="one school (default: all)")
    failed.add_argument("--limit", type=int, default=50)
    failed.set_defaults(handler=cmd_deliveries_failed)

    school = commands.add_parser("school", help="schools").add_subparsers(dest="action", required=True)
    create = school.add_parser("create", help="create a school with its year and periods")
    create.add_argument("--name", required=True)
    create.add_argument("--timezone", default="Europe/Moscow")
    create.add_argument(
        "--periods",
        choices=[k.value for k in PeriodKind if k != PeriodKind.YEAR],
        default=PeriodKind.TRIMESTER.value,
    )
    create.add_argument("--coordinator", help="the coordinator's full name (Фамилия Имя Отчество)")
    create.set_defaults(handler=cmd_school_create)
    cli_settings.add_parser(school)

    staff_cmd = commands.add_parser("staff", help="staff members").add_subparsers(
        dest="action", required=True
    )
    add = staff_cmd.add_parser("add", help="add a staff member")
    add.add_argument("--name", required=True)
    add.add_argument("--role", default="teacher", help="comma-separated: teacher,deputy,coordinator")
    add.add_argument("--school")
    add.set_defaults(handler=cmd_staff_add)
    listing = staff_cmd.add_parser("list", help="list staff members")
    listing.add_argument("--school")
    listing.set_defaults(handler=cmd_staff_list)

    imports = commands.add_parser("import", help="load data from CSV or XLSX")
    imports.add_argument("kind", choices=["roster", "timetable"])
    imports.add_argument("file", type=Path)
    imports.add_argument("--school")
    imports.add_argument(
        "--from",
        dest="effective_from",
        type=dt.date.fromisoformat,
        help="timetable: the first day it applies (YYYY-MM-DD, default today)",
    )
    imports.set_defaults(handler=cmd_import)

    invite = commands.add_parser("invite", help="issue invite links")
    invite.add_argument("role", nargs="?", choices=["staff", "parent", "student"])
    invite.add_argument("--name", help="the staff member's or the student's full name")
    invite.add_argument("--class", dest="class_label", help="the student's class, e.g. 7А")
    invite.add_argument(
        "--parents", action="store_true", help="with --class: a link per parent not yet joined"
    )
    invite.add_argument(
        "--students", action="store_true", help="with --class: a link per student not yet joined"
    )
    invite.add_argument("--school")
    invite.set_defaults(handler=cmd_invite)

    for name, helptext in (
        ("substitute", "assign a substitute for a lesson (or --cancel it)"),
        ("unlock", "let a lesson's teacher correct a lesson older than the edit window"),
    ):
        lesson = commands.add_parser(name, help=helptext)
        lesson.add_argument("--class", dest="class_label", required=True, help="e.g. 7А")
        lesson.add_argument("--date", type=dt.date.fromisoformat, required=True, help="YYYY-MM-DD")
        lesson.add_argument("--lesson", type=int, required=True, help="the lesson's number that day")
        lesson.add_argument("--subject", help="when the class has several lessons at that number (subgroups)")
        lesson.add_argument("--reason", required=True, help="why: it is kept in the log")
        lesson.add_argument("--school")
        if name == "substitute":
            lesson.add_argument("--teacher", help="the substitute's full name")
            lesson.add_argument(
                "--cancel", action="store_true", help="give the lesson back to its own teacher"
            )
            lesson.set_defaults(handler=cmd_substitute)
        else:
            lesson.add_argument(
                "--days", type=int, default=3, help="how long the correction is allowed (1-14)"
            )
            lesson.set_defaults(handler=cmd_unlock)

    demo = commands.add_parser("demo", help="build a demo school and print an invite link per persona")
    demo.add_argument("--json", action="store_true", help="print a JSON object instead of text")
    demo.set_defaults(handler=cmd_demo)

    export = commands.add_parser("export", help="XLSX and PDF for the archive").add_subparsers(
        dest="what", required=True
    )
    journal = export.add_parser("journal", help="a class's journal of a subject for a period")
    journal.add_argument("--class", dest="class_label", required=True, help="e.g. 5Б")
    journal.add_argument("--subject", required=True, help="the subject's name, e.g. «Русский язык»")
    journal.add_argument("--period", type=int, help="the period's number (default: the one under way)")
    register = export.add_parser("attendance", help="a class's attendance register for a month")
    register.add_argument("--class", dest="class_label", required=True, help="e.g. 5Б")
    register.add_argument("--month", type=_month, help="YYYY-MM (default: this month)")
    for command in (journal, register):
        command.add_argument("--year", help="an earlier school year's class, e.g. 2026/2027")
        command.add_argument("--out", type=Path, help="the file to write (default: a name of its own)")
        command.add_argument("--school")
        command.set_defaults(handler=cmd_export)
    cli_report_cards.add_parser(export)

    cli_db.add_parser(commands)
    cli_backup.add_parsers(commands)
    cli_webhook.add_parser(commands)
    cli_year.add_parser(commands)
    cli_calendar.add_parser(commands)
    cli_plan.add_parser(commands)

    thread = commands.add_parser("thread", help="relayed conversations").add_subparsers(
        dest="action", required=True
    )
    thread_export = thread.add_parser("export", help="print a whole conversation for the records")
    thread_export.add_argument("thread_id", type=int)
    thread_export.set_defaults(handler=cmd_thread_export)

    sandbox = commands.add_parser(
        "sandbox", help="try everything in a browser: demo school, fake Telegram, the real bot, no token"
    )
    sandbox.add_argument("--port", type=int, default=8080, help="the page's port (default 8080; 0: any free)")
    sandbox.add_argument("--host", default="127.0.0.1", help="0.0.0.0 to open the page from another device")
    sandbox.add_argument("--data", type=Path, default=Path("./var/sandbox"), help="the sandbox's data folder")
    sandbox.add_argument("--fresh", action="store_true", help="wipe the data folder and start anew")
    sandbox.add_argument(
        "--webhook", action="store_true", help="the bot takes updates by webhook, as in production"
    )
    sandbox.set_defaults(handler=cmd_sandbox)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        # The settings are what failed, so the language comes straight from the environment.
        t = Catalog().translator(os.environ.get("DEFAULT_LOCALE"))
        print(f"schoolbot: {error.render(t)}", file=sys.stderr)
        return 2
    log_format.configure(settings.log_level, settings.log_format)
    if settings.log_level != "DEBUG":
        # The embedded server and the migrator narrate every step at INFO; the user needs none of it.
        for noisy in ("pgserver", "alembic", "aiogram.event"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    t = Catalog(default_locale=settings.default_locale).translator(settings.default_locale)
    try:
        code = args.handler(args, settings, t)
    except SettingsError as error:
        print(f"schoolbot: {error.render(t)}", file=sys.stderr)
        return 2
    except ServiceError as error:
        key = f"error-{error.code}"
        print(f"schoolbot: {t(key, **error.params) if t.has(key) else error}", file=sys.stderr)
        return 1
    except (CliError, cli_db.DbRolesError, cli_backup.BackupError) as error:
        print(f"schoolbot: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `schoolbot invite ... | head`: the reader has gone, which is not an error of ours.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit
        return 0
    return int(code or 0)
