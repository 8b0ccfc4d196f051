"""Which messenger an account is in: Telegram or MAX.

An account is (channel, external id). Every table keys on one account id (tg_user.id, and what points
at it: staff, guardians, students, the outbox, the conversation state), so the two are folded into
that one number: a Telegram account's id is its Telegram user id (positive, as Telegram's user ids
are), a MAX account's is minus its MAX user id. Nothing that exists changes, and a person joined in
both messengers is two accounts. PostgreSQL derives `channel` and `external_id` from the id (generated
columns of tg_user), so they are never out of step and can be queried and indexed as such.

A stored file (a homework photo, a school file) is kept by one id: the Telegram file id of a Telegram
user's upload, or «max:…» for a MAX user's. A messenger cannot send the other's id: `channel_file`
keeps each file's copy per messenger, made the first time someone in the other messenger opens it
(bot/max/files.py), and a MAX file's URL to fetch its bytes from.

MAX's message ids are strings (`mid.…`), where the handlers and the outbox know integer message ids,
as Telegram's: `channel_message` keeps the integer the bot sees for each MAX message, in PostgreSQL,
so that every instance of the bot agrees on it.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass

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


MAX_FILE_PREFIX = "max:"


@dataclass(frozen=True)
class FileCopy:
    ref: str  # the id that messenger sends the file by (a Telegram file id, a MAX token)
    download_url: str | None
    file_name: str | None


def max_file_source(token: str) -> str:
    """The id the journal keeps for a file a MAX user sent: short and stable (MAX's tokens are long)."""
    return MAX_FILE_PREFIX + hashlib.sha256(token.encode()).hexdigest()[:40]


def file_origin(source_id: str) -> Channel:
    return Channel.MAX if source_id.startswith(MAX_FILE_PREFIX) else Channel.TELEGRAM


_FILE_COPY = text("""
    SELECT file_ref, download_url, file_name FROM channel_file
    WHERE source_id = :source AND channel = :channel
""")
_REMEMBER_FILE = text("""
    INSERT INTO channel_file (source_id, channel, file_ref, download_url, file_name)
    VALUES (:source, :channel, :ref, :url, :name)
    ON CONFLICT (source_id, channel) DO UPDATE
    SET file_ref = EXCLUDED.file_ref,
        download_url = coalesce(EXCLUDED.download_url, channel_file.download_url),
        file_name = coalesce(EXCLUDED.file_name, channel_file.file_name)
""")


async def file_copy(session: AsyncSession, source_id: str, channel: Channel) -> FileCopy | None:
    row = (await session.execute(_FILE_COPY, {"source": source_id, "channel": channel.value})).first()
    return FileCopy(str(row[0]), row[1], row[2]) if row is not None else None


async def remember_file_copy(
    session: AsyncSession,
    source_id: str,
    channel: Channel,
    ref: str,
    *,
    download_url: str | None = None,
    file_name: str | None = None,
) -> None:
    params = {
        "source": source_id,
        "channel": channel.value,
        "ref": ref,
        "url": download_url,
        "name": file_name,
    }
    await session.execute(_REMEMBER_FILE, params)
