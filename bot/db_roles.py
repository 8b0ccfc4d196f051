"""Least privilege: the schema belongs to one role, the running bot connects as another.

The migrations run as the schema owner; the bot, its workers and the data-loading commands run as a
role that may read and write the journal's rows but may not alter a table, disable a trigger or
truncate, and may only add to the archive (the audit log and the relayed messages: no UPDATE, no
DELETE). PostgreSQL then enforces what the regulation asks of the archive even against a bug or an
attacker holding the bot's connection.

The embedded server sets this up itself (its superuser owns the schema, `schoolbot_app` runs the
bot); for a server of the school's own, `schoolbot db roles` prints the statements, or applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import asyncpg

from bot.db_urls import database_of, to_plain_url, user_of

APP_ROLE = "schoolbot_app"
# Rows are added, never changed or removed (the triggers refuse it for the owner too).
APPEND_ONLY_TABLES = ("audit_log", "thread_message")
# Written by the migrations only.
OWNER_ONLY_TABLES = ("alembic_version",)

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class RoleNameError(ValueError):
    """Not a plain PostgreSQL identifier: refused rather than quoted into SQL."""


def quote_identifier(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise RoleNameError(name)
    return f'"{name}"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_role_statement(role: str, password: str | None) -> str:
    """CREATE ROLE when it is missing (a DO block: PostgreSQL has no CREATE ROLE IF NOT EXISTS)."""
    login = f"LOGIN PASSWORD {quote_literal(password)}" if password else "LOGIN"
    create = f"CREATE ROLE {quote_identifier(role)} {login}"
    return (
        "DO $$ BEGIN\n"
        f"    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {quote_literal(role)}) THEN\n"
        f"        EXECUTE {quote_literal(create)};\n"
        "    END IF;\n"
        "END $$"
    )


def grant_statements(role: str, database: str, owner: str | None = None) -> list[str]:
    """What the app role may do, for the tables there are now and (for `owner`'s future tables, the
    migrations to come) by default. Idempotent: run after every migration."""
    who = quote_identifier(role)
    archive = ", ".join(APPEND_ONLY_TABLES)
    statements = [
        f"GRANT CONNECT ON DATABASE {quote_identifier_loose(database)} TO {who}",
        f"GRANT USAGE ON SCHEMA public TO {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {archive} FROM {who}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {', '.join(OWNER_ONLY_TABLES)} FROM {who}",
    ]
    if owner is not None:
        defaults = f"ALTER DEFAULT PRIVILEGES FOR ROLE {quote_identifier(owner)} IN SCHEMA public"
        statements += [
            f"{defaults} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}",
            f"{defaults} GRANT USAGE, SELECT ON SEQUENCES TO {who}",
        ]
    return statements


def quote_identifier_loose(name: str) -> str:
    """A database name may hold any character; double quotes are doubled."""
    return '"' + name.replace('"', '""') + '"'


async def ensure_role(superuser_url: str, role: str, password: str | None = None) -> None:
    conn = await asyncpg.connect(to_plain_url(superuser_url))
    try:
        await conn.execute(create_role_statement(role, password))
    except (asyncpg.DuplicateObjectError, asyncpg.UniqueViolationError):
        pass  # another process created it between the check and the CREATE
    finally:
        await conn.close()


async def run_statements(url: str, statements: list[str]) -> None:
    """The statements in one transaction, as the role the URL logs in as: all of them or none."""
    conn = await asyncpg.connect(to_plain_url(url))
    try:
        async with conn.transaction():
            for statement in statements:
                await conn.execute(statement)
    finally:
        await conn.close()


async def apply_grants(owner_url: str, role: str) -> None:
    """As the schema owner: give the app role its rights on what the migrations made."""
    owner = user_of(owner_url)
    if owner is None:  # the driver's default role: ask the server who that is
        conn = await asyncpg.connect(to_plain_url(owner_url))
        try:
            owner = str(await conn.fetchval("SELECT current_user"))
        finally:
            await conn.close()
    await run_statements(owner_url, grant_statements(role, database_of(owner_url), owner))


@dataclass(frozen=True)
class Privileges:
    role: str
    superuser: bool
    owns_archive: bool  # owns a table of the archive: may disable its triggers, drop it

    @property
    def least(self) -> bool:
        return not self.superuser and not self.owns_archive


async def privileges(url: str) -> Privileges:
    """What the role a URL logs in as may do to the archive, for the warning at start."""
    conn = await asyncpg.connect(to_plain_url(url))
    try:
        row = await conn.fetchrow(
            """
            SELECT current_user AS role,
                   (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
                   EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public'
                            AND tablename = ANY($1::text[]) AND tableowner = current_user) AS owns
            """,
            list(APPEND_ONLY_TABLES),
        )
    finally:
        await conn.close()
    assert row is not None
    return Privileges(str(row["role"]), bool(row["superuser"]), bool(row["owns"]))
