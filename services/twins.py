"""One person in both messengers: his account in the other messenger acts as his first one (its twin).

A parent joined in Telegram asks the bot for a link to MAX (in «🔔 Уведомления»), opens it in MAX, and
that MAX account becomes the twin of his Telegram account: `tg_user.twin_of` points at it, and every
update from the twin is handled as the first account's (services.users.enter), so his roles, children,
language, settings and conversation with the school are one whatever messenger he writes from. No
table that keys on the account changes: staff, guardian and student rows, the outbox and the
acknowledgements keep pointing at the first account.

Messages go to the person's `chat_id`: the account he last wrote from (the default), or the messenger
he chose; a messenger whose bot he stopped is dropped until he writes there again (services.delivery
.block). So a person on both messengers gets each message once, where he chose.

A twin holds nothing of its own: an account that has joined as someone (or has twins itself) cannot
become one, and only one twin per messenger is kept (a newer one replaces it).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import AccountLink, Guardian, Staff, Student, TgUser
from services import audit, preferences
from services.audit import Actor
from services.channels import Channel, channel_of
from services.errors import ServiceError
from services.invites import hash_token, new_token

LINK_LIFETIME = dt.timedelta(days=1)


class MessengerChoice(enum.StrEnum):
    """Where a person on both messengers is written to."""

    LAST = "last"  # the one he last wrote from
    TELEGRAM = "telegram"
    MAX = "max"


class LinkRejected(ServiceError):
    """reason: expired (or used), wrong-messenger, has-roles; `channel`: where the link is to be opened."""

    def __init__(self, reason: str, channel: Channel) -> None:
        super().__init__(f"twin-{reason}")
        self.reason = reason
        self.channel = channel


@dataclass(frozen=True)
class Twin:
    account: int
    channel: Channel
    blocked: bool


@dataclass(frozen=True)
class Attached:
    principal: int
    channel: Channel  # the messenger just joined
    already: bool  # it was joined before


def other_channel(account: int) -> Channel:
    return Channel.MAX if channel_of(account) is Channel.TELEGRAM else Channel.TELEGRAM


async def issue_link(session: AsyncSession, principal: int, *, now: dt.datetime) -> str:
    """A one-time token that joins the person's account in the other messenger; his older unused
    links stop working."""
    await session.execute(
        update(AccountLink)
        .where(AccountLink.tg_user_id == principal, AccountLink.used_at.is_(None))
        .values(expires_at=now)
    )
    token = new_token()
    session.add(
        AccountLink(
            token_hash=hash_token(token),
            tg_user_id=principal,
            channel=other_channel(principal).value,
            expires_at=now + LINK_LIFETIME,
        )
    )
    return token


async def is_link(session: AsyncSession, token: str) -> bool:
    """Whether a /start token is one of these links (and not an invite)."""
    found = await session.scalar(select(AccountLink.id).where(AccountLink.token_hash == hash_token(token)))
    return found is not None


async def attach(session: AsyncSession, account: int, token: str, *, now: dt.datetime) -> Attached:
    """Make `account` (the one that opened the link) the twin of the link's owner."""
    link = await session.scalar(
        select(AccountLink)
        .where(AccountLink.token_hash == hash_token(token))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if link is None:
        raise LinkRejected("expired", channel_of(account))
    channel = Channel(link.channel)
    twin = await session.get(TgUser, account)
    assert twin is not None  # recorded by the middleware before any handler
    if twin.twin_of == link.tg_user_id:
        return Attached(link.tg_user_id, channel_of(account), already=True)
    if link.used_at is not None or link.expires_at <= now:
        raise LinkRejected("expired", channel)
    if channel_of(account) is not channel:
        raise LinkRejected("wrong-messenger", channel)
    if twin.twin_of is not None or await _holds_anything(session, account):  # someone else's already
        raise LinkRejected("has-roles", channel)
    await _drop_twins(session, link.tg_user_id, channel)
    twin.twin_of = link.tg_user_id
    link.used_at = now
    await _follow(session, link.tg_user_id, account)  # he is writing from there right now
    await audit.record(
        session,
        Actor.account(link.tg_user_id),
        "account.twin_joined",
        "tg_user",
        link.tg_user_id,
        school_id=None,
        after={"twin": account, "channel": channel.value},
    )
    return Attached(link.tg_user_id, channel, already=False)


async def _holds_anything(session: AsyncSession, account: int) -> bool:
    """Whether the account speaks for someone itself (joined by an invite) or has twins of its own."""
    held = select(
        or_(
            exists().where(Staff.tg_user_id == account),
            exists().where(Guardian.tg_user_id == account),
            exists().where(Student.tg_user_id == account),
            exists().where(TgUser.twin_of == account),
        )
    )
    return bool(await session.scalar(held))


async def _drop_twins(session: AsyncSession, principal: int, channel: Channel) -> list[int]:
    """Unjoin the person's twins in a messenger; his messages come back to his own chat."""
    twins = [twin for twin in await twins_of(session, principal) if twin.channel is channel]
    if not twins:
        return []
    accounts = [twin.account for twin in twins]
    await session.execute(update(TgUser).where(TgUser.id.in_(accounts)).values(twin_of=None))
    await session.execute(
        update(TgUser).where(TgUser.id == principal, TgUser.chat_id.in_(accounts)).values(chat_id=principal)
    )
    return accounts


async def detach(session: AsyncSession, principal: int, channel: Channel) -> bool:
    """Stop acting in a messenger as this person («Отключить MAX»); False when there was none."""
    dropped = await _drop_twins(session, principal, channel)
    if dropped:
        await audit.record(
            session,
            Actor.account(principal),
            "account.twin_left",
            "tg_user",
            principal,
            school_id=None,
            before={"twins": dropped, "channel": channel.value},
        )
    return bool(dropped)


async def twins_of(session: AsyncSession, principal: int) -> list[Twin]:
    rows = await session.execute(
        select(TgUser.id, TgUser.is_blocked).where(TgUser.twin_of == principal).order_by(TgUser.id)
    )
    return [Twin(row.id, channel_of(row.id), row.is_blocked) for row in rows]


async def delivery_channel(session: AsyncSession, principal: int) -> Channel:
    """The messenger his messages go to now."""
    chat = await session.scalar(select(TgUser.chat_id).where(TgUser.id == principal))
    return channel_of(chat if chat is not None else principal)


async def choose(session: AsyncSession, principal: int, choice: MessengerChoice) -> None:
    """Where to write to him: a messenger he is in, or the one he last wrote from (his chat stays
    where it is until he writes again)."""
    current = await preferences.load(session, principal)
    await preferences.save(session, principal, current.model_copy(update={"messenger": choice.value}))
    if choice is MessengerChoice.LAST:
        return
    accounts = [principal] + [twin.account for twin in await twins_of(session, principal)]
    chosen = next((account for account in accounts if channel_of(account).value == choice.value), None)
    if chosen is None:
        raise ServiceError("twin-not-joined")
    await _deliver_to(session, principal, chosen)


async def _deliver_to(session: AsyncSession, principal: int, account: int) -> None:
    await session.execute(update(TgUser).where(TgUser.id == principal).values(chat_id=account))


async def _follow(session: AsyncSession, principal: int, account: int) -> None:
    """He wrote from `account`: his messages go there too, unless he chose the other messenger."""
    choice = (await preferences.load(session, principal)).messenger
    if choice in (MessengerChoice.LAST.value, channel_of(account).value):
        await _deliver_to(session, principal, account)
