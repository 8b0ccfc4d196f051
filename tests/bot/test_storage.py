"""Where conversation state lives: PostgreSQL by default, Redis when REDIS_URL is set."""

from __future__ import annotations

from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisStorage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_storage
from bot.fsm_storage import PostgresStorage
from bot.settings import Settings

KEY = StorageKey(bot_id=1, chat_id=42, user_id=42)


async def test_state_and_data_survive_a_new_storage_object(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    first = PostgresStorage(session_factory)
    await first.set_state(KEY, "NewStaff:name")
    await first.update_data(KEY, {"name": "Иванова Анна Петровна"})
    await first.update_data(KEY, {"roles": ["teacher"]})
    second = PostgresStorage(session_factory)  # a restarted process
    assert await second.get_state(KEY) == "NewStaff:name"
    assert await second.get_data(KEY) == {"name": "Иванова Анна Петровна", "roles": ["teacher"]}
    await second.set_state(KEY, None)
    await second.set_data(KEY, {})
    assert await first.get_state(KEY) is None
    assert await first.get_data(KEY) == {}
    other = StorageKey(bot_id=1, chat_id=43, user_id=43)
    assert await first.get_state(other) is None


def test_redis_is_used_when_configured(session_factory: async_sessionmaker[AsyncSession]) -> None:
    plain = Settings(_env_file=None)
    assert isinstance(build_storage(plain, session_factory), PostgresStorage)
    with_redis = Settings(_env_file=None, redis_url="redis://127.0.0.1:6379/5")
    assert isinstance(build_storage(with_redis, session_factory), RedisStorage)
