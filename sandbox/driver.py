"""User-side drivers: tests act as Telegram users and read what they see.

Two implementations behind one interface (:class:`UserDriver`), both returning
:class:`Screen` / :class:`~sandbox.models.ChatMessage`:

* :class:`InProcessUsers` - updates go straight into ``Dispatcher.feed_update``; when it
  returns, the handlers are done, so there is nothing to wait for.
* :class:`HttpUsers` - drives a bot process polling :mod:`sandbox.server`; after each action
  it waits until the bot acted in the chat and then stayed quiet for ``settle`` seconds.

Every action raises :class:`NoReplyError` when the bot did not react at all, unless called
with ``expect_reply=False`` (for "the bot must ignore this" checks).
"""

from __future__ import annotations

import abc
import base64
import json
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiogram import Bot, Dispatcher
from aiogram.types import Update

from sandbox.errors import ButtonError
from sandbox.models import (
    Button,
    CallbackAnswer,
    CallRecord,
    ChatMessage,
    ChatSnapshot,
    Document,
    describe_messages,
    match_buttons,
)
from sandbox.telegram import FakeTelegram


class NoReplyError(TimeoutError):
    """The bot did not react to a user action."""


@dataclass
class Screen:
    """What the user sees after an action.

    ``text``/``buttons`` describe the newest bot message in the chat (``current``);
    ``messages`` are the bot messages the action produced or edited, oldest first;
    ``deleted`` the ids of messages deleted during the action; ``callback_answer`` the
    bot's answerCallbackQuery for a press (None if not answered).
    """

    text: str
    buttons: list[list[str]]
    messages: list[ChatMessage]
    current: ChatMessage | None = None
    deleted: list[int] = field(default_factory=list)
    callback_answer: CallbackAnswer | None = None
    reply_keyboard: list[list[str]] | None = None

    def has_button(self, label: str) -> bool:
        """True when pressing ``label`` on the current message would hit exactly one button."""
        buttons = [button for row in self.current.buttons for button in row] if self.current else []
        return (
            len(match_buttons(buttons, label, exact=True) or match_buttons(buttons, label, exact=False)) == 1
        )

    def button(self, label: str) -> Button:
        """The current message's button for ``label`` (same matching as pressing)."""
        buttons = [button for row in self.current.buttons for button in row] if self.current else []
        found = match_buttons(buttons, label, exact=True) or match_buttons(buttons, label, exact=False)
        if len(found) != 1:
            raise ButtonError(f"{len(found)} buttons match {label!r} on the screen:\n{self}")
        return found[0]

    @property
    def documents(self) -> list[Document]:
        return [message.document for message in self.messages if message.document is not None]

    def __str__(self) -> str:
        return describe_messages(self.messages or ([self.current] if self.current else []))


def build_screen(snapshot: ChatSnapshot, before: int, query_id: str | None = None) -> Screen:
    """The Screen for an action that started when the chat was at version ``before``."""
    bot_messages = [message for message in snapshot.messages if message.from_bot]
    current = next((message for message in reversed(bot_messages) if not message.deleted), None)
    return Screen(
        text=current.text if current else "",
        buttons=current.labels if current else [],
        messages=[message for message in bot_messages if message.version > before and not message.deleted],
        current=current,
        deleted=[m.message_id for m in snapshot.messages if m.deleted and m.version > before],
        callback_answer=next((a for a in snapshot.callback_answers if a.query_id == query_id), None),
        reply_keyboard=snapshot.reply_keyboard,
    )


class UserDriver(abc.ABC):
    """One Telegram user talking to the bot in their private chat."""

    user_id: int

    async def send(self, text: str, *, expect_reply: bool = True) -> Screen:
        """Type and send a message (``/start payload`` is just text)."""
        return await self._act("text", {"text": text}, expect_reply)

    async def press(self, label: str, *, expect_reply: bool = True) -> Screen:
        """Press an inline button by its label, searching from the newest message."""
        return await self._act("press", {"label": label}, expect_reply)

    async def press_data(self, message_id: int, callback_data: str, *, expect_reply: bool = True) -> Screen:
        """Press with arbitrary callback data on a bot message (stale or forged buttons)."""
        payload = {"message_id": message_id, "callback_data": callback_data}
        return await self._act("press", payload, expect_reply)

    async def upload(
        self,
        filename: str,
        content: bytes,
        mime: str,
        caption: str | None = None,
        *,
        expect_reply: bool = True,
    ) -> Screen:
        """Send a file as a document."""
        payload = {"filename": filename, "content": content, "mime": mime, "caption": caption}
        return await self._act("document", payload, expect_reply)

    async def send_photo(
        self, content: bytes, caption: str | None = None, *, expect_reply: bool = True
    ) -> Screen:
        return await self._act("photo", {"content": content, "caption": caption}, expect_reply)

    async def screen(self) -> Screen:
        """The chat as it is now; ``messages`` holds just the current bot message."""
        snapshot = await self.snapshot()
        screen = build_screen(snapshot, before=snapshot.version)
        screen.messages = [screen.current] if screen.current else []
        return screen

    async def messages(self, include_deleted: bool = False) -> list[ChatMessage]:
        """All bot messages in the chat, oldest first."""
        snapshot = await self.snapshot()
        return [m for m in snapshot.messages if m.from_bot and (include_deleted or not m.deleted)]

    async def last_callback_answer(self) -> str | None:
        """Text of the bot's last answerCallbackQuery in this chat (toast or alert), or None."""
        answers = (await self.snapshot()).callback_answers
        return answers[-1].text if answers else None

    async def _act(self, kind: str, payload: dict[str, Any], expect_reply: bool) -> Screen:
        update, before = await self._submit(kind, payload)
        snapshot = await self._outcome(before, expect_reply)
        query = update.get("callback_query")
        return build_screen(snapshot, before, query["id"] if query else None)

    @abc.abstractmethod
    async def snapshot(self) -> ChatSnapshot:
        """Everything in the chat right now."""

    @abc.abstractmethod
    async def set_blocked(self, blocked: bool) -> None:
        """Block (True) or unblock the bot."""

    @abc.abstractmethod
    async def _submit(self, kind: str, payload: dict[str, Any]) -> tuple[dict[str, Any], int]:
        """Perform the user action; returns the update and the chat version before it."""

    @abc.abstractmethod
    async def _outcome(self, before: int, expect_reply: bool) -> ChatSnapshot:
        """The chat once the bot has reacted to the action."""


# ---------------------------------------------------------------------- in-process


class InProcessUsers:
    """Users whose updates are fed directly to ``dispatcher`` (bot uses FakeTelegramSession)."""

    def __init__(self, fake: FakeTelegram, dispatcher: Dispatcher, bot: Bot, **workflow_data: Any) -> None:
        self.fake = fake
        self.dispatcher = dispatcher
        self.bot = bot
        self.workflow_data = workflow_data

    async def user(
        self,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "ru",
        user_id: int | None = None,
    ) -> InProcessUser:
        created = self.fake.add_user(first_name, last_name, username, language_code, user_id)
        return InProcessUser(self, created)


class InProcessUser(UserDriver):
    def __init__(self, users: InProcessUsers, user_id: int) -> None:
        self.users = users
        self.fake = users.fake
        self.user_id = user_id

    async def snapshot(self) -> ChatSnapshot:
        return self.fake.snapshot(self.user_id)

    async def set_blocked(self, blocked: bool) -> None:
        self.fake.set_blocked(self.user_id, blocked)

    async def _submit(self, kind: str, payload: dict[str, Any]) -> tuple[dict[str, Any], int]:
        before = self.fake.activity_version(self.user_id)
        update = _perform(self.fake, self.user_id, kind, payload)
        # Delivered right here, so it must not also wait in the getUpdates queue.
        self.fake.drop_update(update["update_id"])
        bot = self.users.bot
        await self.users.dispatcher.feed_update(
            bot, Update.model_validate(update, context={"bot": bot}), **self.users.workflow_data
        )
        return update, before

    async def _outcome(self, before: int, expect_reply: bool) -> ChatSnapshot:
        if expect_reply and self.fake.activity_version(self.user_id) <= before:
            raise NoReplyError(
                f"the bot did not react in chat {self.user_id}; the chat shows:\n"
                + self.fake.transcript(self.user_id)
            )
        return self.fake.snapshot(self.user_id)


def _perform(fake: FakeTelegram, user_id: int, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Run a user action on the fake; the payload keys are the driver's action fields."""
    if kind == "text":
        return fake.send_text(user_id, payload["text"])
    if kind == "press" and "label" in payload:
        return fake.press_button(user_id, payload["label"])
    if kind == "press":
        return fake.press(user_id, user_id, payload["message_id"], payload["callback_data"])
    if kind == "document":
        return fake.send_document(
            user_id, payload["filename"], payload["content"], payload["mime"], payload["caption"]
        )
    if kind == "photo":
        return fake.send_photo(user_id, payload["content"], payload["caption"])
    raise ValueError(f"unknown user action {kind!r}")


# ---------------------------------------------------------------------- over HTTP


class HttpUsers:
    """Users driven through the sandbox server's control routes.

    ``timeout``: how long to wait for the bot to react; ``settle``: how long the chat must stay
    unchanged before the reaction counts as complete; ``quiet``: how long to watch for an
    (unexpected) reaction with ``expect_reply=False``.
    """

    def __init__(
        self, base_url: str, *, timeout: float = 15.0, settle: float = 0.15, quiet: float = 0.5
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.settle = settle
        self.quiet = quiet
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> HttpUsers:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def user(
        self,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "ru",
        user_id: int | None = None,
        messenger: str = "telegram",
    ) -> HttpUser:
        """A user of the messenger ("telegram" or "max": then the MAX bot hears him)."""
        body = {
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
            "language_code": language_code,
            "user_id": user_id,
            "messenger": messenger,
        }
        created = await self.request("POST", "/sandbox/users", json=body)
        return HttpUser(self, int(created["user_id"]))

    async def calls(self, method: str | None = None) -> list[CallRecord]:
        query = {"method": method} if method else {}
        result = await self.request("GET", "/sandbox/calls", params=query)
        return [CallRecord.from_json(call) for call in result["calls"]]

    async def fail_next(
        self, method: str, status: int, description: str, retry_after: int | None = None, times: int = 1
    ) -> None:
        body = {
            "method": method,
            "status": status,
            "description": description,
            "retry_after": retry_after,
            "times": times,
        }
        await self.request("POST", "/sandbox/fail_next", json=body)

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """Call a control route; its JSON errors become Python exceptions."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
        # The wait route long-polls for up to self.timeout; leave room for it.
        client_timeout = aiohttp.ClientTimeout(total=self.timeout + 30)
        async with self._session.request(
            method, self.base_url + path, timeout=client_timeout, **kwargs
        ) as response:
            text = await response.text()
        try:
            body = json.loads(text)
        except ValueError:
            body = {"error": text}  # e.g. aiohttp's plain-text 500 page
        if response.status != 200:
            raise _control_error(response.status, str(body.get("error", body)))
        return body


def _control_error(status: int, message: str) -> Exception:
    if status == 408:
        return NoReplyError(message)
    if status == 404:
        return LookupError(message)
    if status == 409:
        return RuntimeError(message)
    return ValueError(f"HTTP {status}: {message}")


class HttpUser(UserDriver):
    def __init__(self, users: HttpUsers, user_id: int) -> None:
        self.users = users
        self.user_id = user_id

    async def snapshot(self) -> ChatSnapshot:
        return ChatSnapshot.from_json(await self.users.request("GET", f"/sandbox/chats/{self.user_id}"))

    async def set_blocked(self, blocked: bool) -> None:
        await self.users.request("POST", f"/sandbox/users/{self.user_id}/blocked", json={"blocked": blocked})

    async def _submit(self, kind: str, payload: dict[str, Any]) -> tuple[dict[str, Any], int]:
        body = dict(payload)
        if "content" in body:
            body["content_b64"] = base64.b64encode(body.pop("content")).decode()
        try:
            result = await self.users.request("POST", f"/sandbox/users/{self.user_id}/{kind}", json=body)
        except LookupError as error:
            # Same exception type as in-process, where press_button raises ButtonError.
            raise (ButtonError(*error.args) if kind == "press" else error) from None
        return result["update"], int(result["version"])

    async def _outcome(self, before: int, expect_reply: bool) -> ChatSnapshot:
        users = self.users
        query = {
            "after": str(before),
            "timeout": str(users.timeout if expect_reply else users.quiet),
            "settle": str(users.settle),
            "require": "1" if expect_reply else "0",
        }
        result = await users.request("GET", f"/sandbox/chats/{self.user_id}/wait", params=query)
        return ChatSnapshot.from_json(result)
