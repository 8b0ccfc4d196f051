"""`schoolbot db roles`: the IT teacher of a school with its own PostgreSQL gets the statements that
keep the bot's role from altering the archive, or has them applied; migrations then run as the owner
and the bot as its own role."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import asyncpg
import pytest

from bot.db import to_plain_url, with_user
from tests.e2e.conftest import Sandbox


@pytest.fixture
async def role(owner_database_url: str) -> AsyncIterator[str]:
    name = f"journal_bot_{os.getpid()}"
    yield name
    conn = await asyncpg.connect(to_plain_url(owner_database_url))
    try:
        if await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", name):
            await conn.execute(f'DROP OWNED BY "{name}"')
            await conn.execute(f'DROP ROLE "{name}"')
    finally:
        await conn.close()


async def test_the_statements_are_printed_for_the_servers_administrator(
    sandbox: Sandbox, owner_database_url: str
) -> None:
    result = await sandbox.cli("db", "roles", DATABASE_URL=to_plain_url(owner_database_url))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("-- Выполните от имени суперпользователя")
    assert 'CREATE ROLE "schoolbot_app" LOGIN PASSWORD' in out
    assert "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log, thread_message" in out
    assert 'ALTER DEFAULT PRIVILEGES FOR ROLE "postgres"' in out
    assert "DATABASE_URL=postgresql://schoolbot_app:" in out


async def test_applied_the_bots_role_may_add_to_the_archive_but_never_empty_it(
    sandbox: Sandbox, owner_database_url: str, role: str
) -> None:
    owner = to_plain_url(owner_database_url)
    result = await sandbox.cli(
        "db", "roles", "--apply", "--role", role, "--password", "s3cret", DATABASE_URL=owner
    )
    assert result.returncode == 0, result.stderr
    assert f"Готово: роль {role} получила права" in result.stdout
    bot_url = with_user(owner, role, "s3cret")
    assert f"DATABASE_URL={bot_url}" in result.stdout

    # Migrations as the owner, the bot as its role: both named in .env.
    migrated = await sandbox.cli("migrate", DATABASE_URL=bot_url, DATABASE_OWNER_URL=owner)
    assert migrated.returncode == 0, migrated.stderr
    conn = await asyncpg.connect(bot_url)
    try:
        await conn.execute(
            "INSERT INTO audit_log (actor, action, entity, entity_id) VALUES ('cli', 'test', 'school', '1')"
        )
        for statement in (
            "TRUNCATE audit_log",
            "DELETE FROM thread_message",
            "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(statement)
        assert await conn.fetchval("SELECT count(*) FROM audit_log") == 1
    finally:
        await conn.close()


async def test_a_bad_role_name_and_a_refusing_server_are_one_line(
    sandbox: Sandbox, database_url: str, owner_database_url: str
) -> None:
    result = await sandbox.cli(
        "db", "roles", "--role", "bot; DROP TABLE x", DATABASE_URL=to_plain_url(owner_database_url)
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("schoolbot: «bot; DROP TABLE x» — не имя роли PostgreSQL")
    # The bot's own role may not create roles: the server's refusal, in one line, and what to do.
    result = await sandbox.cli(
        "db", "roles", "--apply", "--role", "someone_else", DATABASE_URL=to_plain_url(database_url)
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "сервер отказал" in result.stderr and "администратору PostgreSQL" in result.stderr


async def test_the_embedded_server_needs_nothing(sandbox: Sandbox) -> None:
    result = await sandbox.cli("db", "roles", DATABASE_URL=None)
    assert result.returncode == 0, result.stderr
    assert "Встроенная база настраивает роли сама" in result.stdout
