"""The stairway: every revision goes up, down and up again on an empty database."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.migrate import alembic_config, downgrade_on, upgrade_on


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        return {row[0] for row in rows} - {"alembic_version"}


async def test_stairway_up_down_up(owner_engine: AsyncEngine) -> None:
    engine = owner_engine
    # The per-test database is already at head: walk down to empty first, then the stairway.
    async with engine.begin() as conn:
        await conn.run_sync(downgrade_on, "base")
    assert await _tables(engine) == set()
    previous = "base"
    for revision in _revisions():
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_on, revision)
            await conn.run_sync(downgrade_on, previous)
            await conn.run_sync(upgrade_on, revision)
        previous = revision
    tables = await _tables(engine)
    assert {"school", "student", "guardian_link", "invite", "audit_log", "outbox", "fsm_state"} <= tables


async def test_models_match_migrations(engine: AsyncEngine) -> None:
    """Autogenerate finds nothing to do: the models and the migrations describe the same schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import models

    def diff(sync_conn: object) -> list[object]:
        context = MigrationContext.configure(sync_conn, opts={"compare_type": True})  # type: ignore[arg-type]
        return list(compare_metadata(context, models.Base.metadata))

    async with engine.connect() as conn:
        differences = await conn.run_sync(diff)
    assert differences == []
