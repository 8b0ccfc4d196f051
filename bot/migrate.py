"""Apply the Alembic migrations shipped inside the package (no alembic.ini needed on disk)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from bot.db import DatabaseTarget
from bot.db_roles import apply_grants

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Date-prefixed revision files, as DESIGN.md asks: 20261128_0001_foundation.py
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The revision the code expects the database at."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships its migrations"
    return head


def upgrade(url: str, revision: str = "head") -> None:
    """Synchronous on purpose: env.py runs its own event loop. Call before the bot's loop starts."""
    command.upgrade(alembic_config(url), revision)


def prepare(target: DatabaseTarget) -> None:
    """The migrations as the schema owner, then the bot's role given its rights on what they made."""
    upgrade(target.owner_url)
    role = target.app_role
    if role is not None:
        asyncio.run(apply_grants(target.owner_url, role))


def upgrade_on(connection: Connection, revision: str = "head") -> None:
    """For callers that already run a loop: pass `AsyncConnection.run_sync`'s sync connection."""
    command.upgrade(alembic_config(connection=connection), revision)


def downgrade_on(connection: Connection, revision: str) -> None:
    command.downgrade(alembic_config(connection=connection), revision)
