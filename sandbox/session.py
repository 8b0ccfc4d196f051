"""An aiogram session that talks to a FakeTelegram in-process, with no HTTP.

Requests are serialised exactly like aiogram's AiohttpSession builds its form (every field
through ``prepare_value``, empty values dropped, InputFiles as ``attach://`` parts), decoded
with the same rule as the HTTP server (:func:`sandbox.params.decode_params`), and responses go
through ``check_response`` - so a Telegram error raises the same aiogram exception
(TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter, ...) as over the network.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Any, cast

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import BufferedInputFile, InputFile

from sandbox.params import UploadedFile, decode_params

if TYPE_CHECKING:
    from sandbox.telegram import FakeTelegram

_FILE_URL_MARKER = "/file/bot"


class FakeTelegramSession(BaseSession):
    """aiogram session bound to a :class:`~sandbox.telegram.FakeTelegram`."""

    def __init__(self, fake: FakeTelegram, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fake = fake

    def serialise(self, bot: Bot, method: TelegramMethod[Any]) -> tuple[dict[str, str], dict[str, InputFile]]:
        """The form fields and files AiohttpSession.build_form_data would send."""
        fields: dict[str, str] = {}
        files: dict[str, InputFile] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files)
            if not prepared:
                continue  # AiohttpSession skips None and empty values the same way
            # str-based enums (ParseMode.HTML) pass prepare_value unchanged; aiohttp would send
            # their value, while str() would give "ParseMode.HTML".
            fields[key] = str.__str__(prepared) if isinstance(prepared, str) else str(prepared)
        return fields, files

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,
    ) -> TelegramType:
        fields, input_files = self.serialise(bot, method)
        files = {
            key: UploadedFile(filename=value.filename or key, content=await read_input_file(value, bot))
            for key, value in input_files.items()
        }
        status, body = await self.fake.call_with_token(
            bot.token, method.__api_method__, decode_params(fields), files
        )
        response = self.check_response(
            bot=bot, method=method, status_code=status, content=self.json_dumps(body)
        )
        return cast(TelegramType, response.result)

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        """Serve an uploaded file for ``bot.download`` (url is ``.../file/bot<token>/<path>``)."""
        token, _, file_path = url.partition(_FILE_URL_MARKER)[2].partition("/")
        stored = self.fake.file_by_path(file_path) if token == self.fake.token else None
        if stored is None:
            if raise_for_status:
                raise FileNotFoundError(f"no file at {url!r} in the fake Telegram")
            return
        for start in range(0, len(stored.content), chunk_size):
            yield stored.content[start : start + chunk_size]

    async def close(self) -> None:
        """Nothing to release: there is no connection."""


async def read_input_file(value: InputFile, bot: Bot) -> bytes:
    if isinstance(value, BufferedInputFile):
        return value.data
    return b"".join([chunk async for chunk in value.read(bot)])


def create_bot(fake: FakeTelegram, default: DefaultBotProperties | None = None) -> Bot:
    """A Bot wired to ``fake`` in-process, with the fake's token."""
    return Bot(fake.token, session=FakeTelegramSession(fake), default=default)
