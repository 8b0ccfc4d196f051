"""`schoolbot db roles`: the least-privilege setup for a PostgreSQL server of the school's own.

Printed by default, so that whoever administers the server reads them and runs them as a superuser
(creating a role takes CREATEROLE); `--apply` runs them itself with DATABASE_OWNER_URL (or
DATABASE_URL) when that role may.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets

import asyncpg

from bot.db import describe_target, resolve_database, to_plain_url, with_user
from bot.db_roles import (
    APP_ROLE,
    RoleNameError,
    create_role_statement,
    grant_statements,
    run_statements,
)
from bot.db_urls import database_of, user_of
from bot.i18n import Translator
from bot.settings import Settings


class DbRolesError(Exception):
    """A one-line failure; the CLI prints it."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = commands.add_parser("db", help="the database server's roles").add_subparsers(
        dest="action", required=True
    )
    roles = db.add_parser(
        "roles", help="print (or --apply) the roles and rights that keep the bot from altering its archive"
    )
    roles.add_argument("--role", help=f"the role the bot runs as (default: DATABASE_URL's, or {APP_ROLE})")
    roles.add_argument("--password", help="its password when it is created (default: a new random one)")
    roles.add_argument("--apply", action="store_true", help="run them now as DATABASE_OWNER_URL's role")
    roles.set_defaults(handler=cmd_db_roles)


def cmd_db_roles(args: argparse.Namespace, settings: Settings, t: Translator) -> int:
    if not settings.database_url:
        print(t("cli-db-roles-embedded", role=APP_ROLE))
        return 0
    target = resolve_database(settings)
    owner = user_of(target.owner_url)
    role = args.role or target.app_role or APP_ROLE
    password = args.password or secrets.token_urlsafe(18)
    try:
        statements = [
            create_role_statement(role, password),
            *grant_statements(role, database_of(target.owner_url), owner),
        ]
    except RoleNameError:
        raise DbRolesError(t("cli-db-roles-bad-name", value=role)) from None
    if args.apply:
        _apply(target.owner_url, statements, t)
        print(t("cli-db-roles-applied", role=role, target=describe_target(target.owner_url)))
    else:
        print(t("cli-db-roles-header", target=describe_target(target.owner_url)))
        print(";\n".join(statements) + ";")
    print()
    print(t("cli-db-roles-settings"))
    print(f"DATABASE_OWNER_URL={settings.database_owner_url or settings.database_url}")
    if role == target.app_role:
        print(f"DATABASE_URL={settings.database_url}")
    else:
        print(f"DATABASE_URL={to_plain_url(with_user(target.owner_url, role, password))}")
    return 0


def _apply(owner_url: str, statements: list[str], t: Translator) -> None:
    try:
        asyncio.run(run_statements(owner_url, statements))
    except asyncpg.PostgresError as error:
        # The server's own first line (asyncpg adds DETAIL and HINT lines after it).
        reason = str(getattr(error, "message", "") or error).splitlines()[0].rstrip(".")
        raise DbRolesError(t("cli-db-roles-refused", reason=reason)) from None
