"""Outer middlewares: one database session per update, and who the user is.

DESIGN.md: one AsyncSession per update; the handler's use case commits once at the end or not at all
(an exception rolls everything back, so a refused action changes nothing).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.i18n import Catalog
from services.audit import Actor
from services.users import TelegramProfile, load_context, touch_user

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


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
    """Records the account, loads its roles and gives handlers a translator in its language."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        if chat is not None and chat.type != ChatType.PRIVATE:
            # The journal speaks only in private chats: a menu or a link shown in a group would be
            # seen by everyone in it. The update is dropped before anything is read or written.
            return None
        session: AsyncSession = data["session"]
        if user is None or user.is_bot:
            data["t"] = self._catalog.translator(None)
            return await handler(event, data)
        profile = TelegramProfile(
            tg_user_id=user.id,
            chat_id=user.id,  # a private chat's id is the user's id
            first_name=user.first_name,
            last_name=user.last_name,
            username=user.username,
            language_code=user.language_code,
        )
        clock: Clock = data["clock"]
        await touch_user(session, profile, clock.now())
        context = await load_context(session, user.id)
        data["ctx"] = context
        data["actor"] = Actor.of(context)
        data["t"] = self._catalog.translator(context.locale)
        return await handler(event, data)
