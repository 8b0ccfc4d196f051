"""aiogram FSM storage in PostgreSQL, so a conversation survives a restart of the bot.

Each call runs in its own short transaction (as Redis storage would), apart from the update's
session: the state a handler sets is kept even if the reply to the user then fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import FsmState


class PostgresStorage(BaseStorage):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._key_builder = key_builder or DefaultKeyBuilder(with_bot_id=True, with_destiny=True)

    def key_of(self, key: StorageKey) -> str:
        """The row key; the user context middleware reads the state with the user in one statement."""
        return self._key_builder.build(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._upsert(self.key_of(key), {"state": value})

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session_factory() as session:
            state: str | None = await session.scalar(
                select(FsmState.state).where(FsmState.key == self.key_of(key))
            )
            return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._upsert(self.key_of(key), {"data": dict(data)})

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session_factory() as session:
            data = await session.scalar(select(FsmState.data).where(FsmState.key == self.key_of(key)))
            return dict(data) if data else {}

    async def _upsert(self, key: str, values: dict[str, Any]) -> None:
        statement = insert(FsmState).values(key=key, **values)
        statement = statement.on_conflict_do_update(
            index_elements=[FsmState.key], set_={**values, "updated_at": statement.excluded.updated_at}
        )
        async with self._session_factory() as session, session.begin():
            await session.execute(statement)

    async def close(self) -> None:
        """The engine belongs to the application, which disposes of it."""


class UpdateStorage(BaseStorage):
    """The conversation state of one update's user, bound to that update's database session.

    The state was read with the user in one statement (services.users.enter); it is written in the
    update's own transaction, so it takes no connection of its own (a burst of teachers must not
    drain the pool) and changes together with the journal or not at all. A write that changes
    nothing (clearing a state that is not set, the usual case) is skipped.
    """

    def __init__(self, session: AsyncSession, row_key: str, state: str | None, data: dict[str, Any]) -> None:
        self._session = session
        self._row_key = row_key
        self._state = state
        self._data = dict(data)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        if value != self._state:
            await self._upsert({"state": value})
            self._state = value

    async def get_state(self, key: StorageKey) -> str | None:
        return self._state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if dict(data) != self._data:
            await self._upsert({"data": dict(data)})
            self._data = dict(data)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return dict(self._data)

    async def _upsert(self, values: dict[str, Any]) -> None:
        statement = insert(FsmState).values(key=self._row_key, **values)
        statement = statement.on_conflict_do_update(
            index_elements=[FsmState.key], set_={**values, "updated_at": statement.excluded.updated_at}
        )
        await self._session.execute(statement)

    async def close(self) -> None:
        """The session belongs to the update."""
