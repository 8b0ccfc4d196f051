"""The outbox, from the sender's side: claim due rows, fold corrections, apply preferences, settle.

A sender claims due rows with FOR UPDATE SKIP LOCKED and a lease in one short transaction, sends
outside any transaction, and settles the outcome in another. A crashed sender's rows come back when
their lease runs out, so delivery is at least once, and duplicates are bounded by the rows it had
in flight (DESIGN.md, Delivery). Several senders share one database this way.

Folding: the events of one mark (or one lesson's attendance of one student, or one homework) for one
recipient that are still waiting become one row, its latest, carrying the first "before" and the last
"after". A mark changed inside the correction window is therefore told once with its final value, and
one created and removed inside it (or an absence taken back) is never told at all.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from models import Staff
from models.enums import Role
from services import access
from services.audit import Actor
from services.errors import AccessDenied
from services.events import EVENTS, Event, MarkNotice, parse
from services.preferences import Preferences, delivery_time
from services.school_settings import SchoolSettings

# The kinds whose waiting rows may fold into a later one: those whose events name what they are about.
FOLDED_KINDS = tuple(kind for kind, event in EVENTS.items() if event.fold_key is not Event.fold_key)


@dataclass(frozen=True)
class OutboxRow:
    id: int
    school_id: int | None
    tg_user_id: int
    kind: str
    payload: dict[str, Any]
    not_before: dt.datetime
    attempts: int
    scheduled: bool
    # What the row tells, read from kind and payload; None for a row this version cannot read (it is
    # still delivered, as «something happened»).
    event: Event | None = None

    @classmethod
    def of(
        cls,
        *,
        id: int,
        school_id: int | None,
        tg_user_id: int,
        event: Event,
        not_before: dt.datetime,
        attempts: int = 0,
        scheduled: bool = False,
    ) -> OutboxRow:
        """A row holding an event (tests, benchmarks)."""
        payload = event.payload()
        return cls(id, school_id, tg_user_id, event.kind, payload, not_before, attempts, scheduled, event)

    def with_event(self, event: Event) -> OutboxRow:
        return replace(self, event=event, payload=event.payload())


@dataclass(frozen=True)
class Recipient:
    tg_user_id: int
    chat_id: int
    locale: str | None
    blocked: bool
    preferences: Preferences


@dataclass
class Parcel:
    """What goes to one chat now: one or more rows, rendered and sent as one message."""

    recipient: Recipient
    rows: list[OutboxRow] = field(default_factory=list)


@dataclass(frozen=True)
class Settlement:
    """A row's new state. Unset fields keep their value."""

    id: int
    status: str
    not_before: dt.datetime | None = None
    payload: dict[str, Any] | None = None
    error: str | None = None
    message_id: int | None = None
    failed_attempt: bool = False  # counts towards the attempts limit
    chat_id: int | None = None  # where it was sent (the recipient's own chat, or his twin's)


_CLAIM = text(
    """
    WITH due AS (
        SELECT id FROM outbox
        WHERE status IN ('pending', 'sending') AND not_before <= :now
          AND (lease_until IS NULL OR lease_until < :now)
        ORDER BY not_before, id
        LIMIT :limit
        FOR UPDATE SKIP LOCKED
    )
    UPDATE outbox o SET status = 'sending', lease_until = :lease_until
    FROM due WHERE o.id = due.id
    RETURNING o.id, o.school_id, o.tg_user_id, o.kind, o.payload, o.not_before, o.attempts, o.scheduled
    """
)

# Still-waiting rows of the same recipients and kinds: later corrections to fold in. Locked (and
# skipped when another sender holds them), so two senders never fold the same row.
_SIBLINGS = text(
    """
    SELECT id, school_id, tg_user_id, kind, payload, not_before, attempts, scheduled FROM outbox
    WHERE status = 'pending' AND tg_user_id = ANY(:users) AND kind = ANY(:kinds) AND id <> ALL(:claimed)
    ORDER BY id
    FOR UPDATE SKIP LOCKED
    """
)

_RECIPIENTS = text(
    """
    SELECT id, chat_id, locale, is_blocked, preferences FROM tg_user WHERE id = ANY(:ids)
    """
)

_SCHOOLS = text("SELECT id, timezone, settings FROM school WHERE id = ANY(:ids)")

_SETTLE = text(
    """
    UPDATE outbox o SET
        status = v.status,
        not_before = COALESCE(v.not_before, o.not_before),
        payload = COALESCE(CAST(v.payload AS jsonb), o.payload),
        scheduled = o.scheduled OR v.status = 'sending' OR v.not_before IS NOT NULL,
        last_error = COALESCE(v.error, o.last_error),
        sent_message_id = COALESCE(v.message_id, o.sent_message_id),
        sent_chat_id = COALESCE(v.chat_id, o.sent_chat_id),
        sent_at = CASE WHEN v.status = 'sent' THEN CAST(:now AS timestamptz) ELSE o.sent_at END,
        attempts = o.attempts + CASE WHEN v.failed THEN 1 ELSE 0 END,
        lease_until = CASE WHEN v.status = 'sending' THEN CAST(:lease_until AS timestamptz) END
    FROM unnest(
        CAST(:ids AS bigint[]), CAST(:statuses AS text[]), CAST(:not_befores AS timestamptz[]),
        CAST(:payloads AS text[]), CAST(:errors AS text[]), CAST(:message_ids AS bigint[]),
        CAST(:failed AS boolean[]), CAST(:chat_ids AS bigint[])
    ) AS v(id, status, not_before, payload, error, message_id, failed, chat_id)
    WHERE o.id = v.id
    """
)

# A chat that is gone: its account is marked blocked, and a person whose messages went there (his
# twin's chat in the other messenger, services/twins.py) gets them in his own chat again.
_BLOCK = text(
    """
    WITH gone AS (
        UPDATE tg_user SET is_blocked = true, blocked_at = :now WHERE id = ANY(:ids) AND NOT is_blocked
    )
    UPDATE tg_user SET chat_id = id WHERE chat_id = ANY(:ids) AND chat_id <> id
    """
)

_NEXT_DUE = text(
    """
    SELECT LEAST(
        (SELECT min(not_before) FROM outbox WHERE status = 'pending'),
        (SELECT min(lease_until) FROM outbox WHERE status = 'sending')
    )
    """
)


def _row(record: Any) -> OutboxRow:
    return OutboxRow(
        id=record.id,
        school_id=record.school_id,
        tg_user_id=record.tg_user_id,
        kind=record.kind,
        payload=record.payload,
        not_before=record.not_before,
        attempts=record.attempts,
        scheduled=record.scheduled,
        event=parse(record.kind, record.payload),
    )


async def claim(session: AsyncSession, *, now: dt.datetime, limit: int, lease: dt.timedelta) -> list[Parcel]:
    """Claim due rows and decide each: send now (returned, grouped by recipient), wait (folded into
    a later correction, quiet hours, digest), hold (recipient blocked) or drop (nothing left to tell,
    muted). Runs in the caller's transaction, which should commit at once."""
    lease_until = now + lease
    params = {"now": now, "limit": limit, "lease_until": lease_until}
    claimed = [_row(r) for r in (await session.execute(_CLAIM, params)).all()]
    if not claimed:
        return []
    siblings = await _siblings(session, claimed)
    original = {row.id: row.payload for row in claimed}
    to_send, settlements = fold(claimed, siblings, now)
    recipients = await _recipients(session, {row.tg_user_id for row in to_send})
    schools = await _schools(session, {row.school_id for row in to_send if row.school_id is not None})
    parcels: dict[int, Parcel] = {}
    for row in to_send:
        decision = _decide(row, recipients.get(row.tg_user_id), schools.get(row.school_id), now)
        if decision is not None:
            settlements.append(decision)
            continue
        recipient = recipients[row.tg_user_id]
        parcels.setdefault(recipient.tg_user_id, Parcel(recipient)).rows.append(row)
        if original.get(row.id) is not row.payload:
            # Folding changed its payload, or it is a waiting correction that fell due with this
            # batch: written back (and leased), so a crash does not lose the merged story.
            settlements.append(Settlement(row.id, "sending", payload=row.payload))
    await settle(session, settlements, now=now, lease_until=lease_until)
    return list(parcels.values())


async def _siblings(session: AsyncSession, claimed: Sequence[OutboxRow]) -> list[OutboxRow]:
    foldable = [row for row in claimed if row.kind in FOLDED_KINDS]
    if not foldable:
        return []
    params = {
        "users": sorted({row.tg_user_id for row in foldable}),
        "kinds": sorted({row.kind for row in foldable}),
        "claimed": [row.id for row in claimed],
    }
    return [_row(r) for r in (await session.execute(_SIBLINGS, params)).all()]


async def _recipients(session: AsyncSession, ids: Iterable[int]) -> dict[int, Recipient]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    records = (await session.execute(_RECIPIENTS, {"ids": wanted})).all()
    return {
        r.id: Recipient(r.id, r.chat_id, r.locale, r.is_blocked, Preferences.of(r.preferences))
        for r in records
    }


async def _schools(
    session: AsyncSession, ids: Iterable[int]
) -> dict[int | None, tuple[ZoneInfo, SchoolSettings]]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    records = (await session.execute(_SCHOOLS, {"ids": wanted})).all()
    return {r.id: (ZoneInfo(r.timezone), SchoolSettings.of(r.settings)) for r in records}


_TOO_LATE = "too late: what it tells about is over"


def _decide(
    row: OutboxRow,
    recipient: Recipient | None,
    school: tuple[ZoneInfo, SchoolSettings] | None,
    now: dt.datetime,
) -> Settlement | None:
    """None: send it now. Otherwise what happens to the row instead."""
    if recipient is None:
        return Settlement(row.id, "cancelled", error="no such recipient")
    if recipient.blocked:
        return Settlement(row.id, "held", payload=row.payload, error="recipient blocked the bot")
    stale = row.event.stale_after() if row.event is not None else None
    if stale is not None and stale <= now:
        return Settlement(row.id, "cancelled", payload=row.payload, error=_TOO_LATE)
    if row.scheduled or (row.event is not None and row.event.punctual):
        return None
    zone, settings = school or (ZoneInfo("UTC"), SchoolSettings())
    topic = row.event.topic if row.event is not None else None
    at = delivery_time(topic, recipient.preferences, settings, zone, now)
    if at is None:
        return Settlement(row.id, "cancelled", payload=row.payload, error="muted by the recipient")
    if stale is not None and at >= stale:
        # Quiet hours would hold it until the lessons it is about are over.
        return Settlement(row.id, "cancelled", payload=row.payload, error=_TOO_LATE)
    if at > now:
        return Settlement(row.id, "pending", not_before=at, payload=row.payload)
    return None


# ------------------------------------------------------------------------------ failed deliveries


@dataclass(frozen=True)
class FailedDelivery:
    at: dt.datetime
    recipient: str
    kind: str
    attempts: int
    error: str | None


@dataclass(frozen=True)
class DeliveryTrouble:
    failed: list[FailedDelivery]
    failed_total: int
    blocked_people: int  # who blocked the bot and has messages waiting for him


_FAILED = text(
    """
    SELECT o.created_at, o.kind, o.attempts, o.last_error,
           concat_ws(' ', u.first_name, u.last_name) ||
               COALESCE(' @' || u.username, '') AS recipient
    FROM outbox o JOIN tg_user u ON u.id = o.tg_user_id
    WHERE o.status = 'failed' AND (CAST(:school_id AS bigint) IS NULL OR o.school_id = :school_id)
    ORDER BY o.id DESC
    LIMIT :limit
    """
)
_TROUBLE_COUNTS = text(
    """
    SELECT count(*) FILTER (WHERE status = 'failed'),
           count(DISTINCT tg_user_id) FILTER (WHERE status = 'held')
    FROM outbox
    WHERE status IN ('failed', 'held') AND (CAST(:school_id AS bigint) IS NULL OR school_id = :school_id)
    """
)


async def delivery_trouble(
    session: AsyncSession, actor: Actor, school_id: int | None, *, limit: int = 20
) -> DeliveryTrouble:
    """What did not reach people: the latest failed messages (after every retry, or refused by
    Telegram), and how many people blocked the bot. The coordinator's, or the server operator's
    (school_id None: every school)."""
    if school_id is None:
        if not actor.is_operator:
            raise AccessDenied()
    else:
        access.require_role(actor, Role.COORDINATOR, school_id)
    params = {"school_id": school_id, "limit": limit}
    rows = (await session.execute(_FAILED, params)).all()
    failed_total, blocked = (await session.execute(_TROUBLE_COUNTS, params)).one()
    return DeliveryTrouble(
        [FailedDelivery(r.created_at, r.recipient, r.kind, r.attempts, r.last_error) for r in rows],
        int(failed_total or 0),
        int(blocked or 0),
    )


# ---------------------------------------------------------------------------------------- folding


def fold_key(row: OutboxRow) -> tuple[Any, ...] | None:
    """Rows with the same key tell about the same thing to the same person."""
    key = row.event.fold_key() if row.event is not None else None
    return None if key is None else (row.tg_user_id, *key)


def fold(
    claimed: Sequence[OutboxRow], siblings: Sequence[OutboxRow], now: dt.datetime
) -> tuple[list[OutboxRow], list[Settlement]]:
    """The rows to send now (with merged events) and what becomes of every other row touched."""
    groups: dict[tuple[Any, ...], list[OutboxRow]] = defaultdict(list)
    to_send: list[OutboxRow] = []
    settlements: list[Settlement] = []
    for row in claimed:
        key = fold_key(row)
        if key is None:
            to_send.append(row)
        else:
            groups[key].append(row)
    for row in siblings:
        key = fold_key(row)
        if key is not None and key in groups:
            groups[key].append(row)
    for rows in groups.values():
        rows.sort(key=lambda r: r.id)
        latest = rows[-1]
        merged = merge(rows)
        for earlier in rows[:-1]:
            settlements.append(Settlement(earlier.id, "cancelled", error=f"folded into {latest.id}"))
        if merged is None:
            settlements.append(Settlement(latest.id, "cancelled", error="nothing left to tell"))
        elif latest.not_before > now:
            # A correction is still inside its window: it will carry the whole story when due.
            settlements.append(Settlement(latest.id, "pending", payload=merged.payload()))
        else:
            to_send.append(latest.with_event(merged))
    to_send.sort(key=lambda r: r.id)
    return to_send, settlements


def merge(rows: Sequence[OutboxRow]) -> Event | None:
    """One event for a run of events about one thing (oldest first), or None when they cancel out.

    Folded in turn, each later event over the story so far: an event that gathers several things
    (a day's timetable changes) keeps what the middle ones told, and one about a single thing (a
    mark) ends as its latest state with the first one's "before", as if folded with the first."""
    merged = rows[0].event
    assert merged is not None, "only rows with a fold key are merged"
    for row in rows[1:]:
        assert row.event is not None, "only rows with a fold key are merged"
        merged = row.event.folded(merged)
    return merged if merged.tells_something() else None


# ------------------------------------------------------------------------------------- settling


async def settle(
    session: AsyncSession,
    settlements: Sequence[Settlement],
    *,
    now: dt.datetime,
    lease_until: dt.datetime | None = None,
) -> None:
    """Write every row's new state in one statement."""
    if not settlements:
        return
    await session.execute(
        _SETTLE,
        {
            "now": now,
            "lease_until": lease_until,
            "ids": [s.id for s in settlements],
            "statuses": [s.status for s in settlements],
            "not_befores": [s.not_before for s in settlements],
            "payloads": [None if s.payload is None else _json(s.payload) for s in settlements],
            "errors": [s.error for s in settlements],
            "message_ids": [s.message_id for s in settlements],
            "failed": [s.failed_attempt for s in settlements],
            "chat_ids": [s.chat_id for s in settlements],
        },
    )


async def block(session: AsyncSession, chats: Iterable[int], now: dt.datetime) -> None:
    """The messenger said these chats are gone (the person blocked or stopped the bot): their
    accounts' messages are held until they write again (services.users.enter releases them); a
    person who also has the other messenger is written to there instead."""
    ids = sorted(set(chats))
    if ids:
        await session.execute(_BLOCK, {"ids": ids, "now": now})


async def teacher_names(session: AsyncSession, parcels: Sequence[Parcel]) -> dict[int, str]:
    """Short names of the teachers the parcels' marks name (one statement)."""
    ids = {
        row.event.teacher_id
        for parcel in parcels
        for row in parcel.rows
        if isinstance(row.event, MarkNotice) and row.event.teacher_id is not None
    }
    if not ids:
        return {}
    staff = await session.scalars(select(Staff).where(Staff.id.in_(sorted(ids))))
    return {person.id: person.short_name for person in staff}


async def next_due(session: AsyncSession) -> dt.datetime | None:
    """When the next row falls due (or a lease runs out): how long an idle sender may sleep."""
    value: dt.datetime | None = await session.scalar(_NEXT_DUE)
    return value


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
