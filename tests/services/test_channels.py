"""Accounts per messenger: (channel, external id) folded into the one account id every table keys on,
the migration that adds it to a journal with history, and MAX's string message ids kept as integers."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.migrate import downgrade_on, upgrade_on
from models import Outbox, TgUser
from services.channels import Channel, account_id, channel_of, external_id, external_message, message_number
from services.users import TelegramProfile, enter
from tests.factories import NOW

TELEGRAM_USER, MAX_USER = 777_000_111, 777_000_111  # the same number in both messengers: two people


def test_an_account_id_is_the_channel_and_the_messenger_s_own_id() -> None:
    in_telegram, in_max = account_id(Channel.TELEGRAM, TELEGRAM_USER), account_id(Channel.MAX, MAX_USER)
    assert in_telegram != in_max
    assert (channel_of(in_telegram), external_id(in_telegram)) == (Channel.TELEGRAM, TELEGRAM_USER)
    assert (channel_of(in_max), external_id(in_max)) == (Channel.MAX, MAX_USER)
    with pytest.raises(ValueError, match="positive"):
        account_id(Channel.MAX, 0)


async def test_the_database_derives_channel_and_external_id(session: AsyncSession) -> None:
    for account in (account_id(Channel.TELEGRAM, TELEGRAM_USER), account_id(Channel.MAX, MAX_USER)):
        await enter(session, TelegramProfile(account, account, "Ольга"), NOW)
    rows = (
        await session.execute(select(TgUser.id, TgUser.channel, TgUser.external_id).order_by(TgUser.id))
    ).all()
    assert [tuple(row) for row in rows] == [
        (-MAX_USER, "max", MAX_USER),
        (TELEGRAM_USER, "telegram", TELEGRAM_USER),
    ]


async def test_max_message_ids_are_integers_the_same_each_time_and_per_account(session: AsyncSession) -> None:
    mother, father = account_id(Channel.MAX, 501), account_id(Channel.MAX, 502)
    for account in (mother, father):
        await enter(session, TelegramProfile(account, account, "Родитель"), NOW)
    first = await message_number(session, mother, "mid.0001")
    second = await message_number(session, mother, "mid.0002")
    assert first != second and await message_number(session, mother, "mid.0001") == first
    assert await external_message(session, mother, second) == "mid.0002"
    # Another account's number, or a number never given, leads to no message (a forged callback's).
    assert await external_message(session, father, first) is None
    assert await external_message(session, mother, 10**12) is None


_ACCOUNT = text("INSERT INTO tg_user (id, chat_id, first_name) VALUES (:id, :id, 'Имя')")
_NOTICE = text("INSERT INTO outbox (tg_user_id, kind, payload, dedupe_key) VALUES (:id, 'post', '{}', :key)")
_DERIVED = text("SELECT id, channel, external_id FROM tg_user ORDER BY id")


async def test_the_migration_keeps_every_account_and_what_points_at_it(owner_engine: AsyncEngine) -> None:
    async with owner_engine.begin() as conn:
        await conn.run_sync(downgrade_on, "0012")
        for account in (101, 202, 303):
            await conn.execute(_ACCOUNT, {"id": account})
            await conn.execute(_NOTICE, {"id": account, "key": f"history:{account}"})
        await conn.run_sync(upgrade_on, "head")
    async with owner_engine.connect() as conn:
        accounts = (await conn.execute(_DERIVED)).all()
        kept = await conn.scalar(select(func.count()).select_from(Outbox.__table__))
    assert [tuple(row) for row in accounts] == [(n, "telegram", n) for n in (101, 202, 303)]
    assert kept == 3
