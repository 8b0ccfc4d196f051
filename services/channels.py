"""Which messenger an account is in: Telegram or MAX.

An account is (channel, external id). Every table keys on one account id (tg_user.id, and what points
at it: staff, guardians, students, the outbox, the conversation state), so the two are folded into
that one number: a Telegram account's id is its Telegram user id (positive, as Telegram's user ids
are), a MAX account's is minus its MAX user id. Nothing that exists changes, and a person joined in
both messengers is two accounts. PostgreSQL derives `channel` and `external_id` from the id (generated
columns of tg_user), so they are never out of step and can be queried and indexed as such.

MAX's message ids are strings (`mid.…`), where the handlers and the outbox know integer message ids,
as Telegram's: `channel_message` keeps the integer the bot sees for each MAX message, in PostgreSQL,
so that every instance of the bot agrees on it.
"""

from __future__ import annotations

import enum

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


class Channel(enum.StrEnum):
    TELEGRAM = "telegram"
    MAX = "max"


def account_id(channel: Channel, external_id: int) -> int:
    """The account id for a messenger's user id."""
    if external_id <= 0:
        raise ValueError(f"a {channel} user id is positive, not {external_id}")
    return external_id if channel is Channel.TELEGRAM else -external_id


def channel_of(account: int) -> Channel:
    return Channel.MAX if account < 0 else Channel.TELEGRAM


def external_id(account: int) -> int:
    """The messenger's own user id of the account."""
    return abs(account)


# The integer is drawn from one sequence for every chat: two writers (a handler answering, the sender
# sending a notice) recording messages of one chat at once cannot draw the same number.
_REMEMBER = text("""
    INSERT INTO channel_message (account_id, external_id) VALUES (:account, :external)
    ON CONFLICT (account_id, external_id) DO UPDATE SET external_id = EXCLUDED.external_id
    RETURNING message_id
""")
_EXTERNAL = text("""
    SELECT external_id FROM channel_message WHERE account_id = :account AND message_id = :message
""")


async def message_number(session: AsyncSession, account: int, external: str) -> int:
    """The integer id the bot knows a MAX message by in this account's chat: the same one each time,
    made at the first sight."""
    return int(await session.scalar(_REMEMBER, {"account": account, "external": external}) or 0)


async def external_message(session: AsyncSession, account: int, message_id: int) -> str | None:
    """The MAX message id behind the integer the bot knows, or None for one it never saw."""
    found = await session.scalar(_EXTERNAL, {"account": account, "message": message_id})
    return str(found) if found is not None else None
