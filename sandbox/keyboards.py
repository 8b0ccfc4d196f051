"""reply_markup decoding and validation, with Telegram's limits and error descriptions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sandbox.errors import TEXT_BUTTONS_UNALLOWED, ApiError
from sandbox.models import Button

MAX_INLINE_BUTTONS = 100
MAX_CALLBACK_DATA_BYTES = 64
BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_BUTTON_URL_RE = re.compile(r"^(https?|tg)://\S+$", re.IGNORECASE)


@dataclass
class Markup:
    """A decoded reply_markup: an inline keyboard, or a change of the chat's reply keyboard."""

    inline: list[list[dict[str, Any]]] | None = None
    reply_keyboard: list[list[str]] | None = None
    remove_keyboard: bool = False


def parse_markup(value: Any) -> Markup:
    """Decode and validate reply_markup the way Telegram does."""
    if value is None or value == "":
        return Markup()
    if not isinstance(value, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in value:
        return Markup(inline=_parse_inline_keyboard(value["inline_keyboard"]))
    if "keyboard" in value:
        rows = value["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        labels = [[b if isinstance(b, str) else str(b.get("text", "")) for b in row] for row in rows]
        return Markup(reply_keyboard=labels)
    if value.get("remove_keyboard") is True:
        return Markup(remove_keyboard=True)
    return Markup()  # force_reply and friends: accepted, nothing to show


def _parse_inline_keyboard(rows: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Arrays')
    if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS:
        raise ApiError(400, "Bad Request: reply markup is too long")
    for row in rows:
        for button in row:
            _check_inline_button(button)
    return [[dict(button) for button in row] for row in rows]  # the request's own, copied a level


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise ApiError(400, "Bad Request: can't parse inline keyboard button: Text is not specified")
    actions = [key for key in BUTTON_ACTIONS if key in button]
    if not actions:
        raise ApiError(400, TEXT_BUTTONS_UNALLOWED)
    data = button.get("callback_data")
    if "callback_data" in button and not (
        isinstance(data, str) and 0 < len(data.encode()) <= MAX_CALLBACK_DATA_BYTES
    ):
        raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    if "url" in button and not _BUTTON_URL_RE.match(str(button["url"])):
        raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")


def button_from_raw(raw: dict[str, Any]) -> Button:
    kind = next((key for key in BUTTON_ACTIONS if key in raw), "callback_data")
    return Button(text=raw["text"], callback_data=raw.get("callback_data"), url=raw.get("url"), kind=kind)
