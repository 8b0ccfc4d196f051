"""MAX's updates become the Telegram updates the Dispatcher handles: who, which chat, which message,
what was typed or pressed, and an invite opened in MAX as the /start of a Telegram deep link."""

from __future__ import annotations

from typing import Any

from aiogram.types import Update

from bot.max.updates import BotIdentity, SentFile, sent_files, translate, update_id
from services.channels import max_file_source

BOT = BotIdentity(user_id=9000, name="Школьный журнал", username="school_journal_bot")
MOTHER = {"user_id": 4242, "first_name": "Ольга", "last_name": "Андреева", "is_bot": False}


async def _number(account: int, mid: str) -> int:
    """Stands in for channel_message: the same number for the same message."""
    return {"mid.start": 1, "mid.menu": 7, "mid.typed": 8}.get(mid, 99)


T0 = 1764936000000  # MAX's times are milliseconds
DIALOG = {"chat_type": "dialog", "chat_id": 5550001}


def _created(mid: str, text: str | None, attachments: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body = {"mid": mid, "seq": 4, "text": text, "attachments": attachments}
    message = {"sender": MOTHER, "recipient": DIALOG, "timestamp": T0, "body": body}
    return {"update_type": "message_created", "timestamp": T0, "message": message}


async def _translated(raw: dict[str, Any]) -> Update:
    result = await translate(raw, BOT, _number)
    assert result.update is not None
    return Update.model_validate(result.update)


async def test_an_invite_opened_in_max_is_the_start_command_with_its_token() -> None:
    raw = {"update_type": "bot_started", "timestamp": T0, "chat_id": 5550001, "user": MOTHER,
           "payload": "oK0SsoVckWOtHE_PKFJ-KPP7H1fpeodY", "user_locale": "ru-RU"}  # fmt: skip
    update = await _translated(raw)
    message = update.message
    assert message is not None and message.from_user is not None
    assert message.from_user.id == message.chat.id == -4242  # the MAX account, not a Telegram one
    assert message.chat.type == "private" and message.from_user.language_code == "ru"
    assert message.text == "/start oK0SsoVckWOtHE_PKFJ-KPP7H1fpeodY"
    assert message.entities is not None and message.entities[0].type == "bot_command"


async def test_a_pressed_button_is_a_callback_query_with_the_payload_and_the_pressed_message() -> None:
    callback = {"timestamp": T0, "callback_id": "cb.77", "payload": "fm:o:0:0", "user": MOTHER}
    body = {"mid": "mid.menu", "seq": 3, "text": "Родитель · Демо-лицей №1"}
    pressed = {"recipient": DIALOG, "timestamp": T0, "body": body}
    raw = {"update_type": "message_callback", "timestamp": T0, "callback": callback, "message": pressed}
    query = (await _translated(raw)).callback_query
    assert query is not None and query.id == "cb.77" and query.data == "fm:o:0:0"
    assert query.from_user.id == -4242
    assert query.message is not None and query.message.message_id == 7
    assert query.message.chat.id == -4242 and query.message.chat.type == "private"


async def test_typed_text_and_a_sent_file_are_messages() -> None:
    message = (await _translated(_created("mid.typed", "да, согласна"))).message
    assert message is not None and message.text == "да, согласна" and message.message_id == 8
    attached = {"type": "file", "filename": "справка.pdf", "payload": {"url": "https://x", "token": "tok-1"}}
    raw = _created("mid.file", None, [attached])
    sent = (await _translated(raw)).message
    assert sent is not None and sent.text is None
    # Kept by a short stable id of its token («max:…»); the token and URL are kept beside it.
    assert sent.document is not None and sent.document.file_id == max_file_source("tok-1")
    assert sent_files(raw) == [SentFile(max_file_source("tok-1"), "tok-1", "https://x", "справка.pdf")]
    assert sent.document.file_name == "справка.pdf"


async def test_a_stopped_bot_marks_the_account_and_other_types_are_ignored() -> None:
    raw = {"update_type": "bot_stopped", "timestamp": T0, "chat_id": 5550001, "user": MOTHER}
    stopped = await translate(raw, BOT, _number)
    assert stopped.update is None and stopped.stopped_account == -4242
    ignored = await translate({"update_type": "chat_title_changed", "timestamp": 1}, BOT, _number)
    assert ignored.update is None and ignored.stopped_account is None


def test_update_ids_are_stable_negative_and_distinct() -> None:
    assert update_id("message:mid.1") == update_id("message:mid.1") < 0
    assert update_id("message:mid.1") != update_id("message:mid.2")
