"""Outer middlewares, in this order: one user's updates one at a time, one database session per
update, and who the user is (with his conversation state).

DESIGN.md: one AsyncSession per update; the handler's use case commits once at the end or not at
all (an exception rolls everything back, so a refused action changes nothing).

aiogram's own FSM middleware is switched off (Dispatcher(disable_fsm=True)) and replaced here: it
reads the state in a statement of its own before anything else, and the teacher's screens have a
budget of a handful of statements per tap. The state is read together with the user instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.middlewares.user_context import EVENT_CONTEXT_KEY, EventContext
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, StorageKey
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.fsm_storage import PostgresStorage, UpdateStorage
from bot.i18n import Catalog
from services.audit import Actor
from services.users import TelegramProfile, enter

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def _storage_key(bot: Bot, data: dict[str, Any]) -> StorageKey | None:
    context: EventContext | None = data.get(EVENT_CONTEXT_KEY)
    if context is None or context.user_id is None:
        return None
    return StorageKey(bot_id=bot.id, chat_id=context.chat_id or context.user_id, user_id=context.user_id)


def _private_or_userless(data: dict[str, Any]) -> bool:
    context: EventContext | None = data.get(EVENT_CONTEXT_KEY)
    chat = context.chat if context is not None else None
    return chat is None or chat.type == ChatType.PRIVATE


class OneAtATimeMiddleware(BaseMiddleware):
    """Two quick taps of one user must not race each other: his updates run one after another."""

    def __init__(self, isolation: BaseEventIsolation) -> None:
        self._isolation = isolation

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not _private_or_userless(data):
            # The journal speaks only in private chats: a menu or a link shown in a group would be
            # seen by everyone in it. Such an update is dropped before anything is read or written.
            return None
        key = _storage_key(data["bot"], data)
        if key is None:
            return await handler(event, data)
        async with self._isolation.lock(key):
            return await handler(event, data)


class DbSessionMiddleware(BaseMiddleware):
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self._session_factory() as session:
            data["session"] = session
            result = await handler(event, data)
            await session.commit()
            return result


class UserContextMiddleware(BaseMiddleware):
    """Records the account, loads its roles and conversation state, gives handlers a translator."""

    def __init__(self, catalog: Catalog, storage: BaseStorage) -> None:
        self._catalog = catalog
        self._storage = storage

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        context: EventContext | None = data.get(EVENT_CONTEXT_KEY)
        user = context.user if context is not None else None
        data["fsm_storage"] = self._storage
        if user is None or user.is_bot:
            data["t"] = self._catalog.translator(None)
            return await handler(event, data)
        key = _storage_key(data["bot"], data)
        assert key is not None
        # Kept in PostgreSQL, the state comes in the same statement as the user and is written in the
        # update's transaction (bot.fsm_storage.UpdateStorage); in Redis, it stays in Redis.
        session: AsyncSession = data["session"]
        fsm_key = self._storage.key_of(key) if isinstance(self._storage, PostgresStorage) else None
        clock: Clock = data["clock"]
        profile = TelegramProfile(
            user.id, user.id, user.first_name, user.last_name, user.username, user.language_code
        )
        account, conversation = await enter(session, profile, clock.now(), fsm_key)
        if fsm_key is not None:
            storage: BaseStorage = UpdateStorage(session, fsm_key, conversation.state, conversation.data)
            raw_state = conversation.state
        else:
            storage = self._storage
            raw_state = await self._storage.get_state(key)
        data["state"] = FSMContext(storage=storage, key=key)
        data["raw_state"] = raw_state
        data["ctx"] = account
        data["actor"] = Actor.of(account)
        data["t"] = self._catalog.translator(account.locale)
        return await handler(event, data)
