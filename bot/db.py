"""The database: where it is (a given DATABASE_URL or the embedded PostgreSQL) and the async engine."""

from __future__ import annotations

import asyncio
import logging
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)

EMBEDDED_DATABASE = "schoolbot"


def to_asyncpg_url(url: str) -> str:
    """SQLAlchemy wants the driver in the scheme; users write plain postgresql:// URLs."""
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        scheme = "postgresql+asyncpg"
    return f"{scheme}://{rest}"


def to_plain_url(url: str) -> str:
    """asyncpg.connect understands postgresql:// only."""
    return "postgresql://" + url.split("://", 1)[1]


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))


def describe_target(url: str) -> str:
    """Where a URL points, without its password, for error lines."""
    parts = urlsplit(url)
    host = parts.hostname or dict(parse_qsl(parts.query)).get("host", "local socket")
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}{parts.path}"


def start_embedded_postgres(data_dir: Path, database: str = EMBEDDED_DATABASE) -> str:
    """Start (or attach to) the PostgreSQL shipped in the pgserver wheel; return its asyncpg URL.

    The data folder survives restarts; a server left running by a killed process is reused.
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
    query = dict(parse_qsl(parts.query))
    base = urlunsplit(("postgresql", "postgres@", "/postgres", urlencode(query), ""))
    asyncio.run(ensure_database(base, database))
    return to_asyncpg_url(with_database(base, database))


async def ensure_database(server_url: str, database: str) -> None:
    conn = await asyncpg.connect(to_plain_url(server_url))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{database}"')
    finally:
        await conn.close()


def resolve_database_url(settings: Settings) -> str:
    if settings.database_url:
        return to_asyncpg_url(settings.database_url)
    return start_embedded_postgres(settings.pg_data_dir)


async def check_connection(url: str, timeout: float = 10.0) -> None:
    """Fail early with one clear line instead of a stack of driver errors at the first query."""
    try:
        conn = await asyncpg.connect(to_plain_url(url), timeout=timeout)
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        reason = str(error) or type(error).__name__
        raise SettingsError(
            "DATABASE_URL", "database-unreachable", target=describe_target(url), reason=reason
        ) from None
    await conn.close()


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
