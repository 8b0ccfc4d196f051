"""What a user sees, as plain dataclasses shared by the fake, the server and both drivers.

Every object here is a snapshot: the fake hands out fresh copies, so a Screen captured
after one action does not change when the bot edits the message later.  ``to_json`` /
``from_json`` carry them over the sandbox control routes (bytes as base64).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any


def _b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode()


def _unb64(data: str | None) -> bytes | None:
    return None if data is None else base64.b64decode(data)


@dataclass(frozen=True)
class Button:
    """One inline keyboard button.  ``kind`` is the action field name (callback_data, url, ...)."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    kind: str = "callback_data"

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "callback_data": self.callback_data, "url": self.url, "kind": self.kind}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Button:
        return cls(text=data["text"], callback_data=data["callback_data"], url=data["url"], kind=data["kind"])


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes
    mime: str
    file_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "content": _b64(self.content),
            "mime": self.mime,
            "file_id": self.file_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        return cls(
            filename=data["filename"],
            content=_unb64(data["content"]) or b"",
            mime=data["mime"],
            file_id=data["file_id"],
        )


@dataclass
class ChatMessage:
    """A message in a private chat, from the user or from the bot.

    ``text`` is the plain text a user reads (for media: the caption, or ""), ``html`` the
    text exactly as the bot sent it (markup included).  ``version`` is the chat's activity
    version when this message was last created, edited or deleted, which is how drivers
    tell which messages an action produced.
    """

    message_id: int
    from_bot: bool
    text: str
    html: str
    buttons: list[list[Button]] = field(default_factory=list)
    document: Document | None = None
    photo: bytes | None = None
    caption: str | None = None
    edited: int = 0
    deleted: bool = False
    date: int = 0
    version: int = 0
    entities: list[dict[str, Any]] = field(default_factory=list)
    parse_mode: str | None = None

    @property
    def labels(self) -> list[list[str]]:
        return [[button.text for button in row] for row in self.buttons]

    def to_json(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "from_bot": self.from_bot,
            "text": self.text,
            "html": self.html,
            "buttons": [[button.to_json() for button in row] for row in self.buttons],
            "document": self.document.to_json() if self.document else None,
            "photo": _b64(self.photo),
            "caption": self.caption,
            "edited": self.edited,
            "deleted": self.deleted,
            "date": self.date,
            "version": self.version,
            "entities": self.entities,
            "parse_mode": self.parse_mode,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChatMessage:
        document = data["document"]
        return cls(
            message_id=data["message_id"],
            from_bot=data["from_bot"],
            text=data["text"],
            html=data["html"],
            buttons=[[Button.from_json(button) for button in row] for row in data["buttons"]],
            document=Document.from_json(document) if document else None,
            photo=_unb64(data["photo"]),
            caption=data["caption"],
            edited=data["edited"],
            deleted=data["deleted"],
            date=data["date"],
            version=data["version"],
            entities=data["entities"],
            parse_mode=data["parse_mode"],
        )


@dataclass
class CallbackAnswer:
    """A button press and the bot's answerCallbackQuery for it (the toast or alert)."""

    query_id: str
    chat_id: int
    message_id: int
    callback_data: str
    answered: bool = False
    text: str | None = None
    show_alert: bool = False
    url: str | None = None
    version: int = 0

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CallbackAnswer:
        return cls(**data)


@dataclass
class CallRecord:
    """One Bot API call as the fake received it (after parameter decoding)."""

    method: str
    params: dict[str, Any]
    files: list[str]
    status: int
    description: str | None = None
    at: float = 0.0  # when the call arrived (the fake's clock)

    @property
    def ok(self) -> bool:
        return self.status == 200

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CallRecord:
        return cls(**data)


@dataclass
class ChatSnapshot:
    """Everything a user can observe in one chat at one moment."""

    chat_id: int
    version: int
    messages: list[ChatMessage]
    callback_answers: list[CallbackAnswer]
    reply_keyboard: list[list[str]] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "chat_id": self.chat_id,
            "version": self.version,
            "messages": [message.to_json() for message in self.messages],
            "callback_answers": [answer.to_json() for answer in self.callback_answers],
            "reply_keyboard": self.reply_keyboard,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChatSnapshot:
        return cls(
            chat_id=data["chat_id"],
            version=data["version"],
            messages=[ChatMessage.from_json(message) for message in data["messages"]],
            callback_answers=[CallbackAnswer.from_json(answer) for answer in data["callback_answers"]],
            reply_keyboard=data["reply_keyboard"],
        )


def describe_messages(messages: list[ChatMessage], last: int = 5) -> str:
    """Human-readable tail of a chat, for error messages."""
    shown = [message for message in messages if not message.deleted][-last:]
    if not shown:
        return "(the chat is empty)"
    lines: list[str] = []
    for message in shown:
        who = "bot" if message.from_bot else "user"
        body = message.text or (f"[document {message.document.filename}]" if message.document else "")
        if message.photo is not None and not body:
            body = "[photo]"
        lines.append(f"#{message.message_id} {who}: {body!r}")
        lines.extend(f"    [{'] ['.join(row)}]" for row in message.labels)
    return "\n".join(lines)


def match_buttons(buttons: list[Button], label: str, exact: bool) -> list[Button]:
    """Buttons a user means by ``label``.

    ``exact=True``: the first button with exactly this label (identical buttons are not
    ambiguous: pressing either does the same).  ``exact=False``: case-insensitive equality,
    else case-insensitive substring; more than one result means the label is ambiguous.
    """
    if exact:
        return [button for button in buttons if button.text == label][:1]
    wanted = label.casefold()
    same = [button for button in buttons if button.text.casefold() == wanted]
    return same or [button for button in buttons if wanted in button.text.casefold()]
