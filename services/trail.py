"""What a change leaves behind, written in one statement: its audit rows and its outbox rows.

Every tap of a teacher writes both; as two inserts through the ORM they were a good part of the
tap's cost. Here they go as arrays (one per column) unnested by PostgreSQL, in a single statement
whatever the number of rows, in the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncSession

_WRITE_SQL = """
    WITH audited AS (
        INSERT INTO audit_log (school_id, actor_tg_user_id, actor, action, entity, entity_id, before, after)
        SELECT * FROM unnest(
            CAST(:a_school AS bigint[]), CAST(:a_actor_tg AS bigint[]), CAST(:a_actor AS text[]),
            CAST(:a_action AS text[]), CAST(:a_entity AS text[]), CAST(:a_entity_id AS text[]),
            CAST(CAST(:a_before AS text[]) AS jsonb[]), CAST(CAST(:a_after AS text[]) AS jsonb[]))
        {guard}
        RETURNING 1
    )
    INSERT INTO outbox (school_id, tg_user_id, kind, payload, dedupe_key, not_before)
    SELECT * FROM unnest(CAST(:o_school AS bigint[]), CAST(:o_account AS bigint[]), CAST(:o_kind AS text[]),
                         CAST(CAST(:o_payload AS text[]) AS jsonb[]), CAST(:o_key AS text[]),
                         CAST(:o_not_before AS timestamptz[]))
    {guard}
"""
_WRITE = text(_WRITE_SQL.format(guard=""))


def with_change(change: str) -> TextClause:
    """The trail statement preceded, in the same statement, by the change itself (an INSERT,
    UPDATE or DELETE ... RETURNING, as a data-modifying CTE): a teacher's tap is one round trip for
    all of it. When the change touched no row (a colleague got there first), nothing is recorded
    and nobody is told."""
    guarded = _WRITE_SQL.format(guard="WHERE EXISTS (SELECT 1 FROM changed)")
    return text(guarded.replace("WITH audited AS (", f"WITH changed AS ({change}), audited AS (", 1))


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


async def write(
    session: AsyncSession,
    audit_rows: Sequence[dict[str, Any]],
    outbox_rows: Sequence[dict[str, Any]],
    *,
    change: TextClause | None = None,
    change_params: dict[str, Any] | None = None,
) -> None:
    """Audit rows (services.audit.row) and outbox rows (services.notify.rows), one statement; with
    `change` (from with_change) and its parameters, the change goes first in that statement."""
    if not audit_rows and not outbox_rows and change is None:
        return
    await session.execute(
        change if change is not None else _WRITE,
        {
            **(change_params or {}),
            "a_school": [r["school_id"] for r in audit_rows],
            "a_actor_tg": [r["actor_tg_user_id"] for r in audit_rows],
            "a_actor": [r["actor"] for r in audit_rows],
            "a_action": [r["action"] for r in audit_rows],
            "a_entity": [r["entity"] for r in audit_rows],
            "a_entity_id": [r["entity_id"] for r in audit_rows],
            "a_before": [_json(r["before"]) for r in audit_rows],
            "a_after": [_json(r["after"]) for r in audit_rows],
            "o_school": [r["school_id"] for r in outbox_rows],
            "o_account": [r["tg_user_id"] for r in outbox_rows],
            "o_kind": [r["kind"] for r in outbox_rows],
            "o_payload": [_json(r["payload"]) for r in outbox_rows],
            "o_key": [r["dedupe_key"] for r in outbox_rows],
            "o_not_before": [r["not_before"] for r in outbox_rows],
        },
    )
