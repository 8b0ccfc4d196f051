"""Role filters. handlers/__init__.py puts them on messages and callback queries alike."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Filter
from aiogram.types import TelegramObject

from models.enums import Role
from services.users import UserContext


class HasRole(Filter):
    def __init__(self, *roles: Role) -> None:
        self.roles = roles

    async def __call__(self, event: TelegramObject, ctx: UserContext | None = None) -> bool:
        return ctx is not None and any(ctx.has(role) for role in self.roles)


class ActiveRole(Filter):
    """For commands that mean different things per role (/timetable): the role whose menu is shown."""

    def __init__(self, *roles: Role) -> None:
        self.roles = roles

    async def __call__(self, event: TelegramObject, ctx: UserContext | None = None) -> bool:
        active = ctx.active if ctx is not None else None
        return active is not None and active.role in self.roles


# What a user types while the bot waits for text (a name, a topic, homework): anything but a
# command, so /cancel, /menu or /start typed mid-way reach their handlers, whatever router is first.
TYPED_TEXT = F.text & ~F.text.startswith("/")
