"""How the bot reads Telegram's answers: aiogram's response types kept alive, edits not read back.

aiogram parses every answer into `Response[<the method's return type>]`, a pydantic generic class.
pydantic caches those classes in a weak dictionary, so under load (garbage collected between two
requests) each request built the class anew: several milliseconds, most of a tap's time in the
teacher benchmark. Holding one strong reference per return type makes every later request a cache hit.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import (
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    Response,
    TelegramMethod,
)
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


# Edits whose answer the bot never reads: Telegram sends the edited message back, keyboard and all,
# and aiogram would build a pydantic model of every button of it (a redrawn roster is thirty-odd
# buttons, most of the cost of drawing it). The bot only needs to know the edit succeeded.
_EDITS_NOT_READ_BACK = (EditMessageText, EditMessageReplyMarkup, EditMessageCaption)


def skip_reading_back_edits(session: BaseSession) -> None:
    """Make `session` answer a successful edit with True instead of the parsed message.

    True is what Telegram itself answers for edits of inline-mode messages, so aiogram's own type
    for these methods (Message | bool) already says a caller may get it. Errors and every other
    method go through aiogram's usual check, unchanged.
    """
    check_in_full = session.check_response

    def check_response(
        bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        if isinstance(method, _EDITS_NOT_READ_BACK) and HTTPStatus.OK <= status_code <= HTTPStatus.IM_USED:
            try:
                succeeded = session.json_loads(content).get("ok") is True
            except Exception:  # an undecodable answer gets aiogram's own error below
                succeeded = False
            if succeeded:
                return cast(Response[TelegramType], _EDITED)
        return check_in_full(bot, method, status_code, content)

    session.check_response = check_response  # type: ignore[method-assign]


_EDITED = Response[bool](ok=True, result=True)
