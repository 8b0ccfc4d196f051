"""FakeTelegram: the state of a fake Telegram Bot API and both of its sides.

The bot side is :meth:`FakeTelegram.call` - Bot API methods returning ``(status, body)``
exactly as Telegram shapes them.  The user side (``add_user``, ``send_text``, ``press_button``,
...) queues updates the way a Telegram client would cause them, and the inspection methods
(``messages``, ``screen``, ``wait_for_activity``, ...) show what the user sees.

Only private chats exist (chat id == user id).  No aiohttp here: the HTTP server
(:mod:`sandbox.server`) and the in-process aiogram session (:mod:`sandbox.session`) are thin
adapters around this class, so both see identical behaviour.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import copy
import hashlib
import inspect
import itertools
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiogram.utils.token import TokenValidationError, extract_bot_id

from sandbox.errors import CONFLICT, NOT_MODIFIED, QUERY_INVALID, ApiError, ButtonError
from sandbox.files import MAX_UPLOAD_BYTES, StoredFile, guess_mime, image_size
from sandbox.keyboards import Markup, button_from_raw, parse_markup
from sandbox.markup import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    EntityParseError,
    FormattedText,
    UnsupportedParseModeError,
    format_text,
    utf16_len,
)
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
from sandbox.params import UploadedFile
from sandbox.webhook import Pusher, Webhook, chat_of

__all__ = ["ApiError", "ButtonError", "FakeTelegram", "StoredFile", "UploadedFile"]

Params = dict[str, Any]
Files = dict[str, UploadedFile]
Handler = Callable[[Params, Files], Any]

MAX_CALLBACK_ANSWER_CHARS = 200
FIRST_USER_ID = 1_000_001
# A MAX user lives in the same phone model, under minus his MAX user id (sandbox/max.py).
FIRST_MAX_USER_ID = 50_000_001

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COMMAND_RE = re.compile(r"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?(?=\s|$)")
_BOT_COMMAND_NAME_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_DEFAULT_UPDATE_TYPES = frozenset({"message", "callback_query", "edited_message"})
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active;"
    " use deleteWebhook to delete the webhook first"
)


class MaxSide(Protocol):
    """The fake MAX bot over this model (sandbox/max.py): told what its users do."""

    def user_acted(self, update: dict[str, Any]) -> None: ...

    def user_blocked(self, account: int, user: dict[str, Any], blocked: bool) -> None: ...

    async def close(self) -> None: ...


@dataclass
class _User:
    id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str | None
    blocked: bool = False
    # A user must write to a bot before the bot may write to them.
    started: bool = True

    def as_dict(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                user[key] = getattr(self, key)
        return user

    def chat_dict(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        for key in ("last_name", "username"):
            if getattr(self, key):
                chat[key] = getattr(self, key)
        return chat


@dataclass
class _Message:
    """Internal, mutable message record.  For media, text/html/entities hold the caption."""

    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    text: str
    html: str
    entities: list[dict[str, Any]]
    parse_mode: str | None = None
    inline: list[list[dict[str, Any]]] | None = None
    document: StoredFile | None = None
    photo: StoredFile | None = None
    edited: int = 0
    edit_date: int | None = None
    deleted: bool = False
    version: int = 0
    reply_to: int | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def is_media(self) -> bool:
        return self.document is not None or self.photo is not None


@dataclass
class _Failure:
    status: int
    description: str
    retry_after: int | None
    remaining: int


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's flood control, enforced when given: a send over a limit gets 429 with
    retry_after, as Telegram would answer it (stricter than Telegram, which allows short bursts)."""

    per_second: int = 30  # messages a second from the bot, counted over any one second
    chat_interval: float = 1.0  # seconds between two messages to one private chat
    group_per_minute: int = 20


class FakeTelegram:
    """A stateful fake of the Telegram Bot API for one bot."""

    def __init__(
        self,
        token: str,
        bot_id: int | None = None,
        bot_username: str = "school_journal_bot",
        bot_first_name: str = "School Journal",
        *,
        clock: Callable[[], float] = time.time,
        limits: FloodLimits | None = None,
        keep_call_log: bool = True,
    ) -> None:
        token_bot_id = _bot_id_from_token(token)
        if bot_id is not None and bot_id != token_bot_id:
            # Telegram tokens always start with the bot id, and aiogram relies on that.
            raise ValueError(f"bot_id {bot_id} does not match the token prefix {token_bot_id}")
        self.token = token
        self.bot_id = token_bot_id
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self._clock = clock
        self.limits = limits
        self._recent_sends: collections.deque[float] = collections.deque()
        self._chat_sends: dict[int, collections.deque[float]] = {}
        self._users: dict[int, _User] = {}
        self._user_ids = itertools.count(FIRST_USER_ID)
        self._max_user_ids = itertools.count(FIRST_MAX_USER_ID)
        # Where a MAX user's actions go instead of this bot's queue (sandbox/max.py's FakeMax).
        self.max_side: MaxSide | None = None
        self._chats: dict[int, dict[int, _Message]] = {}
        self._versions: dict[int, int] = {}
        self._reply_keyboards: dict[int, list[list[str]] | None] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._allowed_updates: frozenset[str] = _DEFAULT_UPDATE_TYPES
        self._poll_generation = 0
        self._queries: dict[str, CallbackAnswer] = {}
        self._query_ids = itertools.count(1)
        self._answers: list[CallbackAnswer] = []
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._calls: list[CallRecord] = []
        # A benchmark turns the log off: every call's parameters, keyboards and all, kept in the
        # bot's own process would be objects for its garbage collector to walk, as they never are
        # with the real Telegram.
        self._keep_call_log = keep_call_log
        self._failures: dict[str, list[_Failure]] = {}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._menu_buttons: dict[int | None, dict[str, Any]] = {}
        # Waiters (long polls, wait_for_activity) each park a future here; every state change
        # wakes them all and each re-checks its own condition.  Futures are created in the
        # waiter's running loop, so one fake may outlive an event loop (function-scoped loops).
        self._waiters: set[asyncio.Future[None]] = set()
        self._listeners: list[Callable[[int], None]] = []
        self._webhooks = Pusher(self._deliverable_to_webhook, self.drop_update, self._wait_for_pulse)
        self._handlers: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler) for name, handler in self._handler_table().items()
        }

    # ------------------------------------------------------------------ Bot API entry

    def check_token(self, token: str) -> tuple[int, dict[str, Any]] | None:
        """The 401 response for a wrong token, or None when the token is right."""
        if token == self.token:
            return None
        return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}

    async def call_with_token(
        self, token: str, method: str, params: Params, files: Files | None = None
    ) -> tuple[int, dict[str, Any]]:
        rejected = self.check_token(token)
        if rejected is not None:
            return rejected
        return await self.call(method, params, files)

    async def call(
        self, method: str, params: Params, files: Files | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Run one Bot API method; returns (HTTP status, Telegram-shaped JSON body)."""
        files = files or {}
        name, handler = self._handlers.get(method.lower(), (method, None))
        try:
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            self._raise_injected_failure(name)
            if self.limits is not None and name.startswith("send"):
                self._check_flood(params)
            result = handler(params, files)
            if inspect.isawaitable(result):
                result = await result
            status, body = 200, {"ok": True, "result": result}
        except ApiError as error:
            status, body = error.status, error.body()
        if self._keep_call_log:
            self._record_call(name, params, files, status, body)
        return status, body

    def _record_call(
        self, name: str, params: Params, files: Files, status: int, body: dict[str, Any]
    ) -> None:
        self._calls.append(
            CallRecord(
                method=name,
                params=params,  # decoded afresh for this call, and copied again by calls()
                files=sorted(files),
                status=status,
                description=body.get("description"),
                at=self._clock(),
            )
        )

    def _check_flood(self, params: Params) -> None:
        """Count this send against the limits, or refuse it with 429 as Telegram does."""
        assert self.limits is not None
        now = self._clock()
        recent = self._recent_sends
        while recent and recent[0] <= now - 1.0:
            recent.popleft()
        if len(recent) >= self.limits.per_second:
            raise ApiError(429, "Too Many Requests: retry after 1", 1)
        chat_id = _as_int(params.get("chat_id"))
        if chat_id is not None:
            private = chat_id > 0
            window = self.limits.chat_interval if private else 60.0
            allowed = 1 if private else self.limits.group_per_minute
            sends = self._chat_sends.setdefault(chat_id, collections.deque())
            while sends and sends[0] <= now - window:
                sends.popleft()
            if len(sends) >= allowed:
                wait = max(1, round(window))
                raise ApiError(429, f"Too Many Requests: retry after {wait}", wait)
            sends.append(now)
        recent.append(now)

    def fail_next(
        self, method: str, status: int, description: str, retry_after: int | None = None, times: int = 1
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail with this error instead of running."""
        failure = _Failure(status=status, description=description, retry_after=retry_after, remaining=times)
        self._failures.setdefault(method.lower(), []).append(failure)

    def rate_limit_next(self, method: str, retry_after: int, times: int = 1) -> None:
        """Make the next ``times`` calls of ``method`` fail with Telegram's flood-control 429."""
        self.fail_next(method, 429, f"Too Many Requests: retry after {retry_after}", retry_after, times)

    def _raise_injected_failure(self, method: str) -> None:
        queue = self._failures.get(method.lower())
        if not queue:
            return
        failure = queue[0]
        failure.remaining -= 1
        if failure.remaining <= 0:
            queue.pop(0)
        raise ApiError(failure.status, failure.description, failure.retry_after)

    def _handler_table(self) -> dict[str, Handler]:
        return {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "logOut": _returns_true,
            "close": _returns_true,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "getFile": self._get_file,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
            "sendChatAction": self._send_chat_action,
        }

    # ------------------------------------------------------------------ bot info, updates

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _get_me(self, params: Params, files: Files) -> Any:
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: Params, files: Files) -> Any:
        offset = _opt_int(params, "offset")
        limit = min(max(_opt_int(params, "limit") or 100, 1), 100)
        timeout = max(_opt_int(params, "timeout") or 0, 0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            # Like Telegram, the filter persists; an empty list restores the default set.
            self._allowed_updates = frozenset(allowed) or _DEFAULT_UPDATE_TYPES
        if self._webhooks.webhook is not None:
            raise ApiError(409, WEBHOOK_ACTIVE)
        self._confirm_updates(offset)
        # A newer getUpdates request terminates an older one still waiting (409), which is
        # what a restarted bot process produces while its predecessor's poll is pending.
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, CONFLICT)
            batch = self._deliverable_updates(limit)
            remaining = deadline - asyncio.get_running_loop().time()
            if batch or remaining <= 0:
                return batch
            await self._wait_for_pulse(remaining)

    def _confirm_updates(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        if offset > 0:
            self._updates = [update for update in self._updates if update["update_id"] >= offset]
        else:
            # A negative offset keeps only the last -offset updates and forgets the rest.
            self._updates = self._updates[offset:]

    def _deliverable_updates(self, limit: int) -> list[dict[str, Any]]:
        # Updates of types the bot did not ask for are dropped, as Telegram never sends them.
        self._updates = [update for update in self._updates if _update_type(update) in self._allowed_updates]
        return copy.deepcopy(self._updates[:limit])

    async def _set_webhook(self, params: Params, files: Files) -> Any:
        url = _opt_str(params, "url") or ""
        if not url:
            return await self._delete_webhook(params, files)
        if not url.startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = _opt_str(params, "secret_token")
        if secret is not None and not _SECRET_RE.match(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        connections = _opt_int(params, "max_connections") or 40
        if not 1 <= connections <= 100:
            raise ApiError(400, "Bad Request: bad webhook: max_connections must be between 1 and 100")
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) or _DEFAULT_UPDATE_TYPES
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        self._webhooks.set(Webhook(url, secret, connections, self._allowed_updates))
        self._notify()
        return True

    async def _delete_webhook(self, params: Params, files: Files) -> Any:
        await self._webhooks.stop()
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        return True

    def _get_webhook_info(self, params: Params, files: Files) -> Any:
        webhook = self._webhooks.webhook
        if webhook is None:
            return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self._updates)}
        return webhook.info(len(self._deliverable_to_webhook()))

    def _deliverable_to_webhook(self) -> list[dict[str, Any]]:
        self._updates = [update for update in self._updates if _update_type(update) in self._allowed_updates]
        return self._updates

    @property
    def webhook_set(self) -> bool:
        return self._webhooks.webhook is not None

    @property
    def webhook_deliveries(self) -> int:
        """Updates the webhook took (answered 2xx)."""
        return self._webhooks.delivered

    async def close(self) -> None:
        """Stop pushing to a webhook (the server that served this fake is going)."""
        await self._webhooks.stop()
        if self.max_side is not None:
            await self.max_side.close()

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by the bot."""
        return copy.deepcopy(self._updates)

    def drop_update(self, update_id: int) -> None:
        """Remove an update from the queue (the in-process driver delivers updates directly)."""
        self._updates = [update for update in self._updates if update["update_id"] != update_id]

    def _queue_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        if self.max_side is not None and (chat_of(update) or 0) < 0:
            self.max_side.user_acted(copy.deepcopy(update))  # a MAX user's action: the MAX bot's
            return update
        self._updates.append(update)
        self._notify()
        return copy.deepcopy(update)

    # ------------------------------------------------------------------ sending messages

    def _send_message(self, params: Params, files: Files) -> Any:
        user = self._chat(params)
        text = _opt_str(params, "text") or ""
        body = self._format(text, params, entities_key="entities", limit=TEXT_LIMIT, caption=False)
        markup = parse_markup(params.get("reply_markup"))
        reply_to = self._reply_target(user.id, params)
        message = self._add_bot_message(user.id, body, html=text, params=params, markup=markup)
        message.reply_to = reply_to
        return self._message_dict(message)

    def _send_document(self, params: Params, files: Files) -> Any:
        user = self._chat(params)
        stored = self._input_file(params, files, "document", kind="document")
        return self._send_media(user, params, document=stored)

    def _send_photo(self, params: Params, files: Files) -> Any:
        user = self._chat(params)
        stored = self._input_file(params, files, "photo", kind="photo")
        return self._send_media(user, params, photo=stored)

    def _send_media(
        self, user: _User, params: Params, document: StoredFile | None = None, photo: StoredFile | None = None
    ) -> Any:
        caption = _opt_str(params, "caption") or ""
        body = self._format(
            caption, params, entities_key="caption_entities", limit=CAPTION_LIMIT, caption=True
        )
        markup = parse_markup(params.get("reply_markup"))
        reply_to = self._reply_target(user.id, params)
        message = self._add_bot_message(user.id, body, html=caption, params=params, markup=markup)
        message.document, message.photo, message.reply_to = document, photo, reply_to
        return self._message_dict(message)

    def _add_bot_message(
        self, chat_id: int, body: FormattedText, html: str, params: Params, markup: Markup
    ) -> _Message:
        message = self._add_message(chat_id, from_bot=True, body=body, html=html)
        message.parse_mode = _opt_str(params, "parse_mode")
        message.inline = markup.inline
        message.options = _message_options(params)
        if markup.remove_keyboard:
            self._reply_keyboards[chat_id] = None
        elif markup.reply_keyboard is not None:
            self._reply_keyboards[chat_id] = markup.reply_keyboard
        return message

    def _add_message(self, chat_id: int, *, from_bot: bool, body: FormattedText, html: str) -> _Message:
        chat = self._chats.setdefault(chat_id, {})
        message = _Message(
            message_id=len(chat) + 1,
            chat_id=chat_id,
            from_bot=from_bot,
            date=int(self._clock()),
            text=body.plain,
            html=html,
            entities=body.entities,
        )
        chat[message.message_id] = message
        message.version = self._bump(chat_id) if from_bot else self.activity_version(chat_id)
        return message

    def _format(
        self, text: str, params: Params, *, entities_key: str, limit: int, caption: bool
    ) -> FormattedText:
        raw_entities = params.get(entities_key)
        entities = raw_entities if isinstance(raw_entities, list) else None
        try:
            body = format_text(text, _opt_str(params, "parse_mode"), entities)
        except UnsupportedParseModeError as error:
            raise ApiError(400, "Bad Request: unsupported parse_mode") from error
        except EntityParseError as error:
            raise ApiError(400, f"Bad Request: can't parse entities: {error}") from error
        if not body.plain and not caption:
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(body.plain) > limit:
            what = "message caption" if caption else "message"
            raise ApiError(400, f"Bad Request: {what} is too long")
        return body

    def _reply_target(self, chat_id: int, params: Params) -> int | None:
        reply = params.get("reply_parameters")
        target = reply.get("message_id") if isinstance(reply, dict) else params.get("reply_to_message_id")
        if target is None:
            return None
        message = self._chats.get(chat_id, {}).get(_as_int(target) or 0)
        if message is None or message.deleted:
            allow = isinstance(reply, dict) and reply.get("allow_sending_without_reply") is True
            if allow or params.get("allow_sending_without_reply") is True:
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        return message.message_id

    # ------------------------------------------------------------------ editing, deleting

    def _edit_message_text(self, params: Params, files: Files) -> Any:
        message = self._editable_message(params)
        if message.is_media:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text = _opt_str(params, "text") or ""
        body = self._format(text, params, entities_key="entities", limit=TEXT_LIMIT, caption=False)
        return self._apply_edit(message, body, text, params)

    def _edit_message_caption(self, params: Params, files: Files) -> Any:
        message = self._editable_message(params)
        if not message.is_media:
            raise ApiError(400, "Bad Request: there is no caption in the message to edit")
        caption = _opt_str(params, "caption") or ""
        body = self._format(
            caption, params, entities_key="caption_entities", limit=CAPTION_LIMIT, caption=True
        )
        return self._apply_edit(message, body, caption, params)

    def _edit_message_reply_markup(self, params: Params, files: Files) -> Any:
        message = self._editable_message(params)
        body = FormattedText(plain=message.text, entities=message.entities)
        return self._apply_edit(message, body, message.html, params, keep_format=True)

    def _apply_edit(
        self, message: _Message, body: FormattedText, html: str, params: Params, keep_format: bool = False
    ) -> Any:
        # An edit without reply_markup removes the inline keyboard, exactly as in Telegram.
        inline = parse_markup(params.get("reply_markup")).inline
        if body.plain == message.text and body.entities == message.entities and inline == message.inline:
            raise ApiError(400, NOT_MODIFIED)
        message.text, message.entities, message.html, message.inline = body.plain, body.entities, html, inline
        if not keep_format:
            message.parse_mode = _opt_str(params, "parse_mode")
            message.options.update(_message_options(params))
        message.edited += 1
        message.edit_date = int(self._clock())
        message.version = self._bump(message.chat_id)
        return self._message_dict(message)

    def _editable_message(self, params: Params) -> _Message:
        if params.get("inline_message_id") is not None:
            raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
        user = self._chat(params)
        message = self._find_message(user.id, params, "Bad Request: message to edit not found")
        if not message.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    def _delete_message(self, params: Params, files: Files) -> Any:
        user = self._chat(params)
        message = self._find_message(user.id, params, "Bad Request: message to delete not found")
        message.deleted = True
        message.version = self._bump(user.id)
        return True

    def _find_message(self, chat_id: int, params: Params, not_found: str) -> _Message:
        message_id = _opt_int(params, "message_id")
        if message_id is None:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        message = self._chats.get(chat_id, {}).get(message_id)
        if message is None or message.deleted:
            raise ApiError(400, not_found)
        return message

    # ------------------------------------------------------------------ callbacks, actions

    def _answer_callback_query(self, params: Params, files: Files) -> Any:
        query = self._queries.get(_opt_str(params, "callback_query_id") or "")
        # Telegram accepts one answer per query; a second one gets the "too old" error.
        if query is None or query.answered:
            raise ApiError(400, QUERY_INVALID)
        text = _opt_str(params, "text")
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_CHARS:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        query.answered = True
        query.text = text
        query.show_alert = params.get("show_alert") is True
        query.url = _opt_str(params, "url")
        query.version = self._bump(query.chat_id)
        self._answers.append(query)
        return True

    def _send_chat_action(self, params: Params, files: Files) -> Any:
        self._chat(params)
        if _opt_str(params, "action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    # ------------------------------------------------------------------ files

    def _input_file(self, params: Params, files: Files, field_name: str, kind: str) -> StoredFile:
        """Resolve a file parameter: ``attach://key``, a direct multipart part, or a file_id."""
        value = params.get(field_name)
        if value is None or value == "":
            upload = files.get(field_name)
        elif isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
        elif isinstance(value, str) and value.lower().startswith(("http://", "https://")):
            # The fake has no internet; Telegram answers this when it cannot fetch the URL.
            raise ApiError(400, "Bad Request: failed to get HTTP URL content")
        else:
            stored = self._files.get(str(value))
            if stored is None:
                raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
            return stored
        if upload is None:
            raise ApiError(400, f"Bad Request: there is no {field_name} in the request")
        return self._store_upload(upload, kind)

    def _store_upload(self, upload: UploadedFile, kind: str) -> StoredFile:
        if not upload.content:
            raise ApiError(400, "Bad Request: file must be non-empty")
        if len(upload.content) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        if kind == "photo":
            size = image_size(upload.content)
            if size is None:
                raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
            return self.store_file(
                upload.content, upload.filename or "photo.jpg", "image/jpeg", "photo", size
            )
        filename = upload.filename or "document"
        return self.store_file(upload.content, filename, guess_mime(filename, upload.mime), "document")

    def store_file(
        self, content: bytes, filename: str, mime: str, kind: str, size: tuple[int, int] = (0, 0)
    ) -> StoredFile:
        """Keep a file (from the bot or a user) and give it Telegram-like ids and a path."""
        number = len(self._files) + 1
        extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        folder = "photos" if kind == "photo" else "documents"
        stored = StoredFile(
            file_id=("AgACAgIAAxk" if kind == "photo" else "BQACAgIAAxk") + secrets.token_urlsafe(24),
            # Same bytes -> same file_unique_id, as in Telegram.
            file_unique_id="AgAD" + hashlib.sha256(content).hexdigest()[:12],
            file_path=f"{folder}/file_{number}.{extension}",
            content=content,
            filename=filename,
            mime=mime,
            kind=kind,
            width=size[0],
            height=size[1],
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _get_file(self, params: Params, files: Files) -> Any:
        stored = self._files.get(_opt_str(params, "file_id") or "")
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    def file_by_path(self, file_path: str) -> StoredFile | None:
        return self._files_by_path.get(file_path)

    def file(self, file_id: str) -> StoredFile | None:
        return self._files.get(file_id)

    # ------------------------------------------------------------------ commands, menu

    def _set_my_commands(self, params: Params, files: Files) -> Any:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, 'Bad Request: field "commands" must be an Array')
        for command in commands:
            name = command.get("command") if isinstance(command, dict) else None
            if not isinstance(name, str) or not _BOT_COMMAND_NAME_RE.match(name):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self._commands[_commands_key(params)] = copy.deepcopy(commands)
        return True

    def _get_my_commands(self, params: Params, files: Files) -> Any:
        return copy.deepcopy(self._commands.get(_commands_key(params), []))

    def _delete_my_commands(self, params: Params, files: Files) -> Any:
        self._commands.pop(_commands_key(params), None)
        return True

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, Any]]:
        """The command list the bot set for this scope and language (default scope by default)."""
        params: Params = {"scope": scope, "language_code": language_code}
        return copy.deepcopy(self._commands.get(_commands_key(params), []))

    def _set_chat_menu_button(self, params: Params, files: Files) -> Any:
        button = params.get("menu_button")
        self._menu_buttons[_opt_int(params, "chat_id")] = (
            button if isinstance(button, dict) else {"type": "default"}
        )
        return True

    def _get_chat_menu_button(self, params: Params, files: Files) -> Any:
        return copy.deepcopy(self._menu_buttons.get(_opt_int(params, "chat_id"), {"type": "default"}))

    # ------------------------------------------------------------------ user side

    def add_user(
        self,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "ru",
        user_id: int | None = None,
        *,
        started: bool = True,
        messenger: str = "telegram",
    ) -> int:
        """Create a Telegram user with a private chat (``messenger="max"``: a MAX user, kept under
        minus his MAX user id, whose actions go to the fake MAX's bot).

        ``started=False`` models a user who never opened the bot: the bot gets 403
        "bot can't initiate conversation with a user" until the user writes first.
        """
        if user_id is None:
            ids = self._max_user_ids if messenger == "max" else self._user_ids
            sign = -1 if messenger == "max" else 1
            user_id = sign * next(ids)
            while user_id in self._users:
                user_id = sign * next(ids)
        elif user_id in self._users:
            raise ValueError(f"user {user_id} already exists")
        self._users[user_id] = _User(user_id, first_name, last_name, username, language_code, started=started)
        self._chats.setdefault(user_id, {})
        return user_id

    def send_text(self, user_id: int, text: str) -> dict[str, Any]:
        """The user types ``text``; returns the queued ``message`` update."""
        user = self._acting_user(user_id)
        if not text:
            raise ValueError("a Telegram client cannot send an empty message")
        body = FormattedText(plain=text, entities=_command_entities(text))
        message = self._add_message(user.id, from_bot=False, body=body, html=text)
        return self._queue_update("message", self._message_dict(message))

    def send_document(
        self, user_id: int, filename: str, content: bytes, mime: str, caption: str | None = None
    ) -> dict[str, Any]:
        """The user uploads a file; the update carries ``message.document``."""
        user = self._acting_user(user_id)
        stored = self.store_file(content, filename, mime, "document")
        return self._user_media(user, caption, document=stored)

    def send_photo(self, user_id: int, content: bytes, caption: str | None = None) -> dict[str, Any]:
        """The user sends a photo (bytes are not validated: tests may send anything)."""
        user = self._acting_user(user_id)
        stored = self.store_file(content, "photo.jpg", "image/jpeg", "photo", image_size(content) or (1, 1))
        return self._user_media(user, caption, photo=stored)

    def _user_media(
        self,
        user: _User,
        caption: str | None,
        document: StoredFile | None = None,
        photo: StoredFile | None = None,
    ) -> dict[str, Any]:
        body = FormattedText(plain=caption or "")
        message = self._add_message(user.id, from_bot=False, body=body, html=caption or "")
        message.document, message.photo = document, photo
        return self._queue_update("message", self._message_dict(message))

    def press(self, user_id: int, chat_id: int, message_id: int, callback_data: str) -> dict[str, Any]:
        """The user presses a callback button; ``callback_data`` is not checked against the keyboard,
        so tests can also send stale or forged data."""
        user = self._acting_user(user_id)
        if chat_id != user.id:
            raise LookupError(f"user {user_id} can only press buttons in their private chat {user.id}")
        message = self._chats.get(chat_id, {}).get(message_id)
        if message is None or message.deleted or not message.from_bot:
            raise LookupError(f"no bot message #{message_id} to press a button on in chat {chat_id}")
        query = CallbackAnswer(
            query_id=str(4_000_000_000_000_000 + next(self._query_ids)),
            chat_id=chat_id,
            message_id=message_id,
            callback_data=callback_data,
        )
        self._queries[query.query_id] = query
        payload = {
            "id": query.query_id,
            "from": user.as_dict(),
            "message": self._message_dict(message),
            "chat_instance": str(-7_000_000_000_000_000_000 + chat_id),
            "data": callback_data,
        }
        return self._queue_update("callback_query", payload)

    def press_button(self, user_id: int, label: str) -> dict[str, Any]:
        """Press the inline button labelled ``label`` (newest message first).

        Matching: exact label first, then a case-insensitive exact match, then a
        case-insensitive substring that is unique within the newest message having one.
        """
        messages = [m for m in self._chats.get(user_id, {}).values() if m.from_bot and m.inline]
        message, button = _find_button(messages, label, transcript=self.transcript(user_id))
        if button.kind != "callback_data" or button.callback_data is None:
            target = f" ({button.url})" if button.url else ""
            raise ButtonError(
                f"button {button.text!r} is a {button.kind} button{target} and cannot be pressed"
            )
        return self.press(user_id, user_id, message.message_id, button.callback_data)

    def set_blocked(self, user_id: int, blocked: bool) -> None:
        """Block or unblock the bot for this user (no update is produced either way in Telegram; a
        MAX user stopping or starting the bot is an update for the MAX bot)."""
        user = self._user(user_id)
        changed = user.blocked != blocked
        user.blocked = blocked
        if changed and user_id < 0 and self.max_side is not None:
            self.max_side.user_blocked(user_id, user.as_dict(), blocked)

    async def wait_for_change(self, seconds: float) -> None:
        """Wait until anything changes (or `seconds` pass): for a long poll over this model."""
        await self._wait_for_pulse(seconds)

    def notify_change(self) -> None:
        self._notify()

    def has_user(self, user_id: int) -> bool:
        return user_id in self._users

    def _user(self, user_id: int) -> _User:
        user = self._users.get(user_id)
        if user is None:
            raise LookupError(f"unknown user {user_id}; create it with add_user()")
        return user

    def _acting_user(self, user_id: int) -> _User:
        user = self._user(user_id)
        if user.blocked:
            raise RuntimeError(
                f"user {user_id} has blocked the bot; call set_blocked({user_id}, False) first"
            )
        user.started = True
        return user

    def _chat(self, params: Params) -> _User:
        """The private chat a bot call targets, with Telegram's chat errors."""
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        chat_id = _as_int(raw)
        user = self._users.get(chat_id) if chat_id is not None else None
        if user is None:
            raise ApiError(400, "Bad Request: chat not found")
        if user.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if not user.started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return user

    # ------------------------------------------------------------------ inspection

    def messages(self, chat_id: int) -> list[ChatMessage]:
        """Every message in the chat, user's and bot's, deleted ones included, oldest first."""
        return [self._snapshot_message(message) for message in self._chats.get(chat_id, {}).values()]

    def screen(self, chat_id: int) -> ChatMessage | None:
        """The newest non-deleted bot message: what the user is looking at."""
        for message in reversed(self._chats.get(chat_id, {}).values()):
            if message.from_bot and not message.deleted:
                return self._snapshot_message(message)
        return None

    def forget_history(self) -> None:
        """Drop the call log and the answered button presses; chats, messages and users stay.

        A long run (a benchmark, the sandbox left open for days) would otherwise keep every call's
        parameters, keyboards and all, and in-process they are the bot's heap for the garbage
        collector to walk; a production bot does not hold Telegram's records.
        """
        self._calls.clear()
        self._answers.clear()
        self._queries = {key: query for key, query in self._queries.items() if not query.answered}

    def callback_answers(self, chat_id: int) -> list[CallbackAnswer]:
        """answerCallbackQuery calls for presses in this chat, in answer order."""
        return [copy.copy(answer) for answer in self._answers if answer.chat_id == chat_id]

    def callback_queries(self, chat_id: int) -> list[CallbackAnswer]:
        """Every press in this chat, answered or not, in press order."""
        return [copy.copy(query) for query in self._queries.values() if query.chat_id == chat_id]

    def reply_keyboard(self, chat_id: int) -> list[list[str]] | None:
        """The reply keyboard currently shown under the input field, if any."""
        keyboard = self._reply_keyboards.get(chat_id)
        return copy.deepcopy(keyboard)

    def calls(self, method: str | None = None) -> list[CallRecord]:
        """The Bot API call log, optionally for one method (case-insensitive)."""
        wanted = method.lower() if method else None
        return [
            copy.deepcopy(call) for call in self._calls if wanted is None or call.method.lower() == wanted
        ]

    def activity_version(self, chat_id: int) -> int:
        return self._versions.get(chat_id, 0)

    def add_listener(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(chat_id)`` whenever the bot changes what a chat shows (a message sent,
        edited or deleted, a button press answered): a page showing the chats refreshes that one."""
        self._listeners.append(listener)

    @property
    def polls_started(self) -> int:
        """How many getUpdates calls the bot has made: a bot that has made one is up and polling."""
        return self._poll_generation

    def snapshot(self, chat_id: int) -> ChatSnapshot:
        return ChatSnapshot(
            chat_id=chat_id,
            version=self.activity_version(chat_id),
            messages=self.messages(chat_id),
            callback_answers=self.callback_answers(chat_id),
            reply_keyboard=self.reply_keyboard(chat_id),
        )

    def transcript(self, chat_id: int, last: int = 5) -> str:
        return describe_messages(self.messages(chat_id), last=last)

    async def wait_for_activity(
        self,
        chat_id: int,
        after_version: int,
        timeout: float = 15.0,
        settle: float = 0.15,
        *,
        require: bool = True,
    ) -> int:
        """Wait until the bot acted in the chat after ``after_version`` and then went quiet.

        Returns the chat's version once it stayed unchanged for ``settle`` seconds (or when
        ``timeout`` is up while the bot is still busy).  If the bot did nothing at all in
        ``timeout``: raises TimeoutError showing the chat, or returns quietly when
        ``require`` is False (for "the bot must ignore this" checks).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.activity_version(chat_id) <= after_version:
            remaining = deadline - loop.time()
            if remaining <= 0:
                if not require:
                    return self.activity_version(chat_id)
                raise TimeoutError(
                    f"the bot did nothing in chat {chat_id} within {timeout}s; the chat shows:\n"
                    + self.transcript(chat_id)
                )
            await self._wait_for_pulse(remaining)
        while True:
            seen = self.activity_version(chat_id)
            await asyncio.sleep(settle)
            if self.activity_version(chat_id) == seen or loop.time() >= deadline:
                return self.activity_version(chat_id)

    def _snapshot_message(self, message: _Message) -> ChatMessage:
        stored = message.document
        return ChatMessage(
            message_id=message.message_id,
            from_bot=message.from_bot,
            text=message.text,
            html=message.html,
            buttons=[[button_from_raw(raw) for raw in row] for row in message.inline or []],
            document=Document(stored.filename, stored.content, stored.mime, stored.file_id)
            if stored
            else None,
            photo=message.photo.content if message.photo else None,
            caption=(message.text or None) if message.is_media else None,
            edited=message.edited,
            deleted=message.deleted,
            date=message.date,
            version=message.version,
            entities=copy.deepcopy(message.entities),
            parse_mode=message.parse_mode,
        )

    # ------------------------------------------------------------------ helpers

    def _bump(self, chat_id: int) -> int:
        self._versions[chat_id] = self.activity_version(chat_id) + 1
        self._notify()
        for listener in self._listeners:
            listener(chat_id)
        return self._versions[chat_id]

    def _notify(self) -> None:
        waiters, self._waiters = self._waiters, set()
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def _wait_for_pulse(self, seconds: float) -> None:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter, seconds)
        finally:
            self._waiters.discard(waiter)

    def _message_dict(self, message: _Message, nested: bool = False) -> dict[str, Any]:
        """The message as a Bot API ``Message`` object."""
        user = self._users[message.chat_id]
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "from": self.bot_user() if message.from_bot else user.as_dict(),
            "chat": user.chat_dict(),
            "date": message.date,
        }
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        text_key, entities_key = ("caption", "caption_entities") if message.is_media else ("text", "entities")
        if message.document is not None:
            data["document"] = message.document.document_dict()
        if message.photo is not None:
            data["photo"] = message.photo.photo_sizes()
        if message.text or not message.is_media:
            data[text_key] = message.text
        # Copies one level deep: entities and buttons are flat dicts, and a deep copy of a thirty-
        # button keyboard on every answer made the fake the slowest part of a benchmark tap.
        if message.entities:
            data[entities_key] = [dict(entity) for entity in message.entities]
        if message.inline:
            # Telegram echoes inline keyboards only; reply keyboards belong to the chat.
            data["reply_markup"] = {"inline_keyboard": [[dict(b) for b in row] for row in message.inline]}
        if "link_preview_options" in message.options:
            data["link_preview_options"] = copy.deepcopy(message.options["link_preview_options"])
        replied = self._chats[message.chat_id].get(message.reply_to or 0)
        if replied is not None and not nested:
            data["reply_to_message"] = self._message_dict(replied, nested=True)
        return data


# ---------------------------------------------------------------------- module helpers


def _returns_true(params: Params, files: Files) -> Any:
    return True


def _bot_id_from_token(token: str) -> int:
    try:
        return extract_bot_id(token)
    except TokenValidationError as error:
        raise ValueError(f"not a Telegram bot token: {token!r}") from error


def _update_type(update: dict[str, Any]) -> str:
    return next(key for key in update if key != "update_id")


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None


def _opt_int(params: Params, key: str) -> int | None:
    value = params.get(key)
    if value is None or value == "":
        return None
    number = _as_int(value)
    if number is None:
        raise ApiError(400, f"Bad Request: invalid {key} specified")
    return number


def _opt_str(params: Params, key: str) -> str | None:
    value = params.get(key)
    return None if value is None else str(value)


def _message_options(params: Params) -> dict[str, Any]:
    """Send options the fake only stores (so a bot using them does not break)."""
    keys = ("link_preview_options", "disable_web_page_preview", "disable_notification", "protect_content")
    return {key: copy.deepcopy(params[key]) for key in keys if key in params}


def _commands_key(params: Params) -> tuple[str, str]:
    scope = params.get("scope")
    scope_type = scope.get("type", "default") if isinstance(scope, dict) else "default"
    scope_key = repr(sorted({**(scope if isinstance(scope, dict) else {}), "type": scope_type}.items()))
    return scope_key, _opt_str(params, "language_code") or ""


def _command_entities(text: str) -> list[dict[str, Any]]:
    match = _COMMAND_RE.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


def _find_button(messages: list[_Message], label: str, transcript: str) -> tuple[_Message, Button]:
    visible = [message for message in reversed(messages) if not message.deleted]
    found = _match_button(visible, label)
    if found is not None:
        return found
    on_deleted = _match_button([message for message in reversed(messages) if message.deleted], label)
    if on_deleted is not None:
        raise ButtonError(
            f"button {label!r} is only on message #{on_deleted[0].message_id}, which was deleted"
        )
    raise ButtonError(f"no button {label!r} in the chat; visible messages and buttons:\n{transcript}")


def _match_button(newest_first: list[_Message], label: str) -> tuple[_Message, Button] | None:
    for exact in (True, False):
        for message in newest_first:
            found = match_buttons(
                [button_from_raw(raw) for row in message.inline or [] for raw in row], label, exact
            )
            if len(found) > 1:
                labels = ", ".join(repr(button.text) for button in found)
                raise ButtonError(
                    f"button label {label!r} is ambiguous on message #{message.message_id}: {labels}"
                )
            if found:
                return message, found[0]
    return None
