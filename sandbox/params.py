"""Decoding of Bot API request parameters, shared by the HTTP server and the in-process session.

Field-decoding rule
-------------------
Telegram clients send every parameter as a string (multipart/form-data, urlencoded form or
query string) or as a JSON value (application/json).  aiogram's AiohttpSession, for example,
sends ``chat_id=123``, ``disable_notification=true`` and ``reply_markup={"inline_keyboard":...}``
as strings and user text verbatim.  So, per field:

1. a value that is not a ``str`` (it came from a JSON body) is kept as is;
2. a ``str`` value of a field in ``STRING_FIELDS`` is kept as is - these carry user-visible
   text or identifiers, where ``"123"`` or ``"true"`` must stay text;
3. any other ``str`` value is parsed as JSON if it is valid JSON (``"123"`` -> 123,
   ``"true"`` -> True, ``"{...}"`` -> dict), otherwise kept as the string (``"@channel"``).

Handlers in :mod:`sandbox.telegram` still coerce numeric strings where an int is expected,
since a JSON body may legitimately carry ``"chat_id": "123"``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

STRING_FIELDS: frozenset[str] = frozenset(
    {
        # user-visible text
        "text",
        "caption",
        "description",
        "short_description",
        "name",
        "title",
        "question",
        "explanation",
        "emoji",
        "query",
        "first_name",
        "last_name",
        "phone_number",
        "vcard",
        "address",
        "custom_title",
        "switch_pm_text",
        "switch_pm_parameter",
        "start_parameter",
        "payload",
        "next_offset",
        # identifiers and enum-like strings
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "file_id",
        "action",
        "language_code",
        "business_connection_id",
        "message_effect_id",
        "secret_token",
        "ip_address",
        "currency",
        "provider_token",
        "sticker_set_name",
        "invite_link",
        # input files: "attach://key", a file_id or an URL, never JSON
        "document",
        "photo",
        "audio",
        "video",
        "animation",
        "voice",
        "video_note",
        "sticker",
        "thumbnail",
        "certificate",
    }
)


@dataclass(frozen=True)
class UploadedFile:
    """A file that came with a request as a multipart part (or an aiogram InputFile)."""

    filename: str | None
    content: bytes
    mime: str | None = None


def decode_field(name: str, value: Any) -> Any:
    """Apply the field-decoding rule in the module docstring to one field."""
    if not isinstance(value, str) or name in STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def decode_params(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {name: decode_field(name, value) for name, value in raw.items()}
