"""Role filters. handlers/__init__.py puts them on messages and callback queries alike."""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.filters import Filter
from aiogram.types import TelegramObject
from magic_filter import MagicFilter

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


class Inline(Filter):
    """A magic filter (F.text, F.chat.type == …) checked in the event loop.

    aiogram runs a bare magic filter through asyncio.to_thread, a hop to a worker thread and back for
    an attribute comparison: on the private-chat check every update passed, that was a tenth of the
    bot's CPU at saturation (bench/webhook.py). Wrapped, it is a function call.
    """

    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: TelegramObject) -> Any:
        return self.magic.resolve(event)


# What a user types while the bot waits for text (a name, a topic, homework): anything but a
# command, so /cancel, /menu or /start typed mid-way reach their handlers, whatever router is first.
_TYPED = F.text & ~F.text.startswith("/")
TYPED_TEXT = Inline(_TYPED)
A_FILE = Inline(F.document | F.photo)
A_DOCUMENT = Inline(F.document)
TYPED_TEXT_OR_FILE = Inline(_TYPED | F.document | F.photo)
