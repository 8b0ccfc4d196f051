"""Writing outbox rows: a message for each person who should learn about an event.

The rows are written in the same transaction as the change itself (DESIGN.md, Delivery), so a
saved mark always has its notifications and a rolled-back one never does. The sender folds, renders
and sends them; here each row carries its typed event (services.events) as JSON.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services import trail
from services.events import Event


def new_event_key() -> str:
    """One key per event: with the recipient it makes the outbox row's dedupe key."""
    return uuid.uuid4().hex


def rows(
    *,
    school_id: int,
    recipients: Iterable[int],
    event: Event,
    not_before: dt.datetime,
    event_key: str | None = None,
) -> list[dict[str, Any]]:
    """An outbox row per recipient (Telegram account ids, each once), holding the event's JSON."""
    key = event_key or new_event_key()
    payload = event.payload()
    return [
        {
            "school_id": school_id,
            "tg_user_id": recipient,
            "kind": event.kind,
            "payload": payload,
            "dedupe_key": f"{event.kind}:{key}:{recipient}",
            "not_before": not_before,
        }
        for recipient in dict.fromkeys(recipients)
    ]


async def enqueue(
    session: AsyncSession,
    *,
    school_id: int,
    recipients: Iterable[int],
    event: Event,
    not_before: dt.datetime,
    event_key: str | None = None,
) -> int:
    """Write the outbox rows for one event now, in the caller's transaction; returns how many."""
    batch = rows(
        school_id=school_id, recipients=recipients, event=event, not_before=not_before, event_key=event_key
    )
    await enqueue_rows(session, batch)
    return len(batch)


async def enqueue_rows(session: AsyncSession, batch: list[dict[str, Any]]) -> None:
    await trail.write(session, [], batch)
