"""Shared fixtures: a real PostgreSQL for every test.

The embedded PostgreSQL (pgserver) starts once per run in a temporary folder, unless
TEST_DATABASE_URL points at a server to use instead. The schema is migrated once into a template
database; each test gets its own copy (CREATE DATABASE ... TEMPLATE), so tests never see each
other's rows and an end-to-end test can hand the same URL to a `schoolbot run` subprocess.

As in production, the schema belongs to the server's superuser and the code under test runs as the
bot's own role (bot/db_roles.py): a statement the bot's role may not run fails here as it would there.
`owner_database_url` is the owner's way in, for what only migrations do.
"""

from __future__ import annotations

import itertools
import os
import tempfile
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db import (
    make_engine,
    make_session_factory,
    to_asyncpg_url,
    to_plain_url,
    with_database,
    with_user,
)
from bot.db_roles import apply_grants, ensure_role
from bot.migrate import upgrade_on

# Under pytest-xdist each worker has its own embedded server; on a shared TEST_DATABASE_URL server the
# worker's name keeps their templates apart.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
TEMPLATE_DB = f"schoolbot_test_template_{WORKER}"
APP_ROLE = "schoolbot_test_app"  # the bot's role in tests; a password for servers that ask one
APP_PASSWORD = "schoolbot-test"
_db_counter = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield to_plain_url(given)
        return
    with tempfile.TemporaryDirectory(prefix="schoolbot-test-pg-") as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs on a machine without XDG_RUNTIME_DIR
        import pgserver

        server = pgserver.get_server(Path(folder) / "pg", cleanup_mode="stop")  # type: ignore[attr-defined]
        try:
            parts = urlsplit(server.get_uri())
            query = urlencode(dict(parse_qsl(parts.query)))
            yield urlunsplit(("postgresql", "postgres@", "/postgres", query, ""))
        finally:
            server.cleanup()  # stop it before its folder goes


async def _admin(server_url: str, sql: str) -> None:
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
async def template_db(pg_server_url: str) -> AsyncIterator[str]:
    await _admin(pg_server_url, f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)')
    await _admin(pg_server_url, f'CREATE DATABASE "{TEMPLATE_DB}"')
    url = to_asyncpg_url(with_database(pg_server_url, TEMPLATE_DB))
    engine = make_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(upgrade_on)
    await engine.dispose()
    await ensure_role(pg_server_url, APP_ROLE, APP_PASSWORD)
    await apply_grants(url, APP_ROLE)  # copied with the template into every test's database
    yield TEMPLATE_DB
    await _admin(pg_server_url, f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)')


@pytest.fixture
async def owner_database_url(pg_server_url: str, template_db: str) -> AsyncIterator[str]:
    """A fresh, migrated database for one test, as the schema's owner (asyncpg URL)."""
    name = f"schoolbot_test_{os.getpid()}_{next(_db_counter)}"
    await _admin(pg_server_url, f'CREATE DATABASE "{name}" TEMPLATE "{template_db}" STRATEGY FILE_COPY')
    yield to_asyncpg_url(with_database(pg_server_url, name))
    await _admin(pg_server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database_url(owner_database_url: str) -> str:
    """The same database as the bot's own role sees it: what the code under test connects with."""
    return with_user(owner_database_url, APP_ROLE, APP_PASSWORD)


@pytest.fixture
async def owner_engine(owner_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(owner_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_session_factory(engine)


@pytest.fixture
async def session(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session for arranging and checking rows; tests commit what the code under test must see."""
    async with session_factory() as session:
        yield session
