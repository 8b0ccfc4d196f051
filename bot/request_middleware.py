"""A Bot API request middleware that keeps aiogram's response types alive.

aiogram parses every answer into `Response[<the method's return type>]`, a pydantic generic class.
pydantic caches those classes in a weak dictionary, so under load (garbage collected between two
requests) each request built the class anew: several milliseconds, most of a tap's time in the
teacher benchmark. Holding one strong reference per return type makes every later request a cache hit.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

_RESPONSE_TYPES: dict[Any, Any] = {}


class KeepResponseTypes(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in _RESPONSE_TYPES:
            _RESPONSE_TYPES[returning] = Response[returning]  # type: ignore[valid-type]
        return await make_request(bot, method)
