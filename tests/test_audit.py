"""The audit log is append-only, enforced by the database itself."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import AuditLog
from services.audit import CLI
from tests.factories import small_school


async def test_audit_rows_can_be_added_but_never_changed_or_removed(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session, session.begin():
        await small_school(session)
    async with session_factory() as session:
        rows = (await session.scalars(select(AuditLog))).all()
        assert rows, "creating a school is audited"
        assert rows[0].actor == CLI.label
    for statement in (update(AuditLog).values(action="forged"), delete(AuditLog)):
        async with session_factory() as session:
            with pytest.raises(DBAPIError, match="append-only"):
                await session.execute(statement)
    async with session_factory() as session:
        assert len((await session.scalars(select(AuditLog))).all()) == len(rows)
