"""Database URLs: the shapes the drivers want, another role or database on the same server, and
what a URL names (for error lines that must not show its password)."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit


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


def with_user(url: str, user: str, password: str | None = None) -> str:
    """The same server and database, logged in as another role."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    login = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    return urlunsplit((parts.scheme, f"{login}@{host}", parts.path, parts.query, parts.fragment))


def describe_target(url: str) -> str:
    """Where a URL points, without its password, for error lines."""
    parts = urlsplit(url)
    host = parts.hostname or dict(parse_qsl(parts.query)).get("host", "local socket")
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}{parts.path}"


def user_of(url: str) -> str | None:
    """The role a connection URL logs in as (None: the driver's default, the OS user)."""
    parts = urlsplit(url)
    if parts.username:
        return unquote(parts.username)
    return dict(parse_qsl(parts.query)).get("user")


def database_of(url: str) -> str:
    return unquote(urlsplit(url).path.lstrip("/")) or "postgres"
