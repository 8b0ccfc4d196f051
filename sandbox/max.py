"""A fake MAX Bot API: the second messenger, for the sandbox and the tests.

MAX users live in the fake Telegram's phone model (each under minus his MAX user id), so the sandbox
page, the user drivers, their screens and waits work for a person in either messenger. What the bot
sees is MAX's: the HTTP API as the official OpenAPI schema (max-messenger/api-schema, schema.yaml)
has it, for the methods the bot uses, served under /max by sandbox/server.py:

==========================================  ====================================================
``GET /me``                                 BotInfo
``GET /updates?marker&timeout&limit&types`` UpdateList ``{updates, marker}``: those after the marker
``GET|POST|DELETE /subscriptions``          the webhook: ``{url, update_types, secret}``
``POST /messages?user_id=`` (or chat_id)    NewMessageBody → ``{message}``
``PUT /messages?message_id=``               NewMessageBody → ``{success}`` (an edit)
``DELETE /messages?message_id=``            ``{success}``
``POST /answers?callback_id=``              ``{notification?, message?}`` → ``{success}``
``POST /uploads?type=file|image``           ``{url}``; the file POSTed there (multipart ``data``)
                                            answers ``{token}`` (an image: ``{photos}``)
==========================================  ====================================================

Errors are MAX's ``{"code", "message"}``: 401 for a wrong token, 400 for a body MAX refuses (a text
over 4,000 characters, a keyboard over its limits), 403 ``chat.denied`` to a user who stopped the bot,
404 for an unknown user, message or callback, 429 over 30 requests a second. A user's actions become
MAX's updates: a text is ``message_created``, opening an invite link (``/start <payload>``) is
``bot_started``, a press is ``message_callback``, stopping the bot is ``bot_stopped``. While a
subscription is set they are POSTed to its URL with ``X-Max-Bot-Api-Secret`` (again, with growing
pauses, until it answers 200) and GET /updates answers 405; otherwise GET /updates serves them.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from sandbox.errors import NOT_MODIFIED
from sandbox.files import image_size
from sandbox.telegram import FakeTelegram
from sandbox.webhook import Pusher, Webhook

TEXT_LIMIT = 4000
PER_SECOND = 30
SECRET_HEADER = "X-Max-Bot-Api-Secret"
# MAX's inline keyboard: at most 210 buttons in 30 rows of at most 7; a payload of 1,024 characters.
KEYBOARD_ROWS, ROW_BUTTONS, KEYBOARD_BUTTONS, PAYLOAD_CHARS, BUTTON_TEXT_CHARS = 30, 7, 210, 1024, 128
DIALOG_CHAT_BASE = 10_000_000_000  # a dialog's chat id: MAX gives each bot–user dialog its own
LONG_POLL_LIMIT = 90
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{5,256}$")
_MID_RE = re.compile(r"^mid\.(\d+)\.(\d+)$")


class MaxError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class MaxCall:
    verb: str
    path: str
    query: dict[str, str]
    body: Any
    status: int
    at: float = 0.0  # when it arrived (the fake's clock)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class _Subscription:
    url: str
    secret: str | None
    update_types: list[str]
    time: int


@dataclass
class _Press:
    account: int
    message_id: int


@dataclass
class _Queue:
    updates: list[dict[str, Any]] = field(default_factory=list)  # each with private "_seq", "_chat"
    seqs: itertools.count[int] = field(default_factory=lambda: itertools.count(1))


Route = Callable[[dict[str, str], Any], Awaitable[Any]]


class FakeMax:
    """MAX's side of one bot; attach it to the fake Telegram whose phone model it shares."""

    def __init__(
        self,
        telegram: FakeTelegram,
        token: str,
        *,
        bot_user_id: int = 9000,
        name: str = "Школьный журнал",
        username: str = "school_journal_bot",
        per_second: int = PER_SECOND,
        clock: Callable[[], float] = time.time,
        keep_call_log: bool = True,
    ) -> None:
        """`keep_call_log=False`: no log of the bot's calls (a sandbox left open for days)."""
        self.telegram, self.token = telegram, token
        self.bot_user_id, self.name, self.username = bot_user_id, name, username
        self.per_second = per_second
        self._clock = clock
        self._queue = _Queue()
        self._recent: collections.deque[float] = collections.deque()
        self._presses: dict[str, _Press] = {}
        self._uploads: dict[str, str] = {}
        self._upload_ids = itertools.count(1)
        self.subscriptions: list[_Subscription] = []
        self.calls: list[MaxCall] = []
        self._keep_call_log = keep_call_log
        self.base_url = ""  # learnt from the first request: where upload and file URLs point
        self._prefix = "/max"
        self._pusher = Pusher(
            self._pending,
            self._remove,
            telegram.wait_for_change,
            key=lambda update: int(update["_seq"]),
            chat=lambda update: int(update["_chat"]),
            body=lambda update: {key: value for key, value in update.items() if not key.startswith("_")},
            secret_header=SECRET_HEADER,
        )
        telegram.max_side = self

    # ---- HTTP -------------------------------------------------------------------------------------

    def add_routes(self, app: web.Application, prefix: str = "/max") -> None:
        self._prefix = prefix
        app.router.add_post(prefix + "/upload/{upload_id}", self._upload_file)
        app.router.add_get(prefix + "/files/{file_id}", self._download)
        app.router.add_route("*", prefix + "/{path:.*}", self._serve)

    async def _serve(self, request: web.Request) -> web.Response:
        self.base_url = self.base_url or str(request.url.origin()) + self._prefix
        path = request.match_info["path"].strip("/")
        query = dict(request.query)
        body: Any = None
        try:
            if request.can_read_body:
                body = await request.json()
            answer = await self._answer(request.method, path, query, body, request.headers)
            status = 200
        except MaxError as error:
            status, answer = error.status, {"code": error.code, "message": error.message}
        except ValueError:
            status, answer = 400, {"code": "proto.payload", "message": "the body is not JSON"}
        if self._keep_call_log:
            self.calls.append(MaxCall(request.method, "/" + path, query, body, status, self._clock()))
        return web.json_response(answer, status=status)

    async def _answer(self, verb: str, path: str, query: dict[str, str], body: Any, headers: Any) -> Any:
        if self.token not in (headers.get("Authorization"), query.get("access_token")):
            raise MaxError(401, "verify.token", "Invalid access_token")
        route = self._routes().get((verb, path))
        if route is None:
            raise MaxError(404, "not.found", f"Path /{path} not found")
        if path != "updates":
            self._count_request()
        return await route(query, body if isinstance(body, dict) else {})

    def _routes(self) -> dict[tuple[str, str], Route]:
        return {
            ("GET", "me"): self._me,
            ("GET", "updates"): self._updates,
            ("GET", "subscriptions"): self._subscriptions,
            ("POST", "subscriptions"): self._subscribe,
            ("DELETE", "subscriptions"): self._unsubscribe,
            ("POST", "messages"): self._send,
            ("PUT", "messages"): self._edit,
            ("DELETE", "messages"): self._delete,
            ("POST", "answers"): self._answer_callback,
            ("POST", "uploads"): self._upload_endpoint,
        }

    def _count_request(self) -> None:
        now = self._clock()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.per_second:
            raise MaxError(429, "too.many.requests", "Too many requests")
        self._recent.append(now)

    async def close(self) -> None:
        await self._pusher.stop()

    # ---- the bot ----------------------------------------------------------------------------------

    def bot_user(self) -> dict[str, Any]:
        return {
            "user_id": self.bot_user_id,
            "first_name": self.name,
            "name": self.name,
            "username": self.username,
            "is_bot": True,
            "last_activity_time": self._now(),
        }

    async def _me(self, query: dict[str, str], body: dict[str, Any]) -> Any:
        return self.bot_user()

    # ---- updates: long polling and the webhook ----------------------------------------------------

    async def _updates(self, query: dict[str, str], body: dict[str, Any]) -> Any:
        if self.subscriptions:
            raise MaxError(405, "method.not.allowed", "Long polling is off while a webhook is subscribed")
        marker = _int(query, "marker")
        if marker is not None:  # what the bot has read is gone
            self._queue.updates = [update for update in self._queue.updates if update["_seq"] > marker]
        timeout = min(_int(query, "timeout") or 30, LONG_POLL_LIMIT)
        limit = min(_int(query, "limit") or 100, 1000)
        wanted = set(filter(None, query.get("types", "").split(",")))
        deadline = asyncio.get_running_loop().time() + timeout
        while not self._queue.updates and not self.subscriptions:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            await self.telegram.wait_for_change(remaining)
        page = self._queue.updates[:limit]
        served = [_public(update) for update in page if not wanted or update["update_type"] in wanted]
        return {"updates": served, "marker": page[-1]["_seq"] if page else marker}

    async def _subscriptions(self, query: dict[str, str], body: dict[str, Any]) -> Any:
        return {
            "subscriptions": [
                {"url": s.url, "time": s.time, "update_types": s.update_types, "version": "0.0.1"}
                for s in self.subscriptions
            ]
        }

    async def _subscribe(self, query: dict[str, str], body: dict[str, Any]) -> Any:
        url = str(body.get("url") or "")
        if not url.startswith(("https://", "http://")):
            raise MaxError(400, "proto.payload", "url: must be an HTTPS address")
        secret = body.get("secret")
        if secret is not None and not _SECRET_RE.fullmatch(str(secret)):
            raise MaxError(400, "proto.payload", "secret: 5 to 256 characters of A-Z, a-z, 0-9, _ and -")
        types = [str(kind) for kind in body.get("update_types") or []]
        self.subscriptions = [s for s in self.subscriptions if s.url != url]
        self.subscriptions.append(_Subscription(url, secret, types, self._now()))
        self._pusher.set(Webhook(url, secret, max_connections=40, allowed_updates=frozenset(types)))
        self.telegram.notify_change()
        return {"success": True}

    async def _unsubscribe(self, query: dict[str, str], body: dict[str, Any]) -> Any:
        self.subscriptions = [s for s in self.subscriptions if s.url != query.get("url")]
        if not self.subscriptions:
            await self._pusher.stop()
        return {"success": True}

    def _pending(self) -> list[dict[str, Any]]:
        wanted = set(self.subscriptions[-1].update_types) if self.subscriptions else set()
        return [update for update in self._queue.updates if not wanted or update["update_type"] in wanted]

    def _remove(self, seq: int) -> None:
        self._queue.updates = [update for update in self._queue.updates if update["_seq"] != seq]

    @property
    def webhook_deliveries(self) -> int:
        return self._pusher.delivered

    def pending_updates(self) -> list[dict[str, Any]]:
        return [_public(update) for update in self._queue.updates]

    # ---- what a MAX user does (called by the fake Telegram for its MAX users) ---------------------

    def user_acted(self, update: dict[str, Any]) -> None:
        """A MAX user's action, made by the shared phone model in Telegram's shape: queued as MAX's."""
        if "callback_query" in update:
            self._queue_update(self._callback(update["callback_query"]))
            return
        message = update["message"]
        account = int(message["chat"]["id"])
        text = message.get("text") or ""
        if text == "/start" or text.startswith("/start "):  # the user opened max.ru/<bot>?start=…
            payload = text.removeprefix("/start").strip() or None
            self._queue_update(
                {
                    "update_type": "bot_started",
                    "timestamp": self._now(),
                    "chat_id": _dialog(account),
                    "user": _user(message["from"]),
                    "payload": payload,
                    "user_locale": _locale(message["from"]),
                }
            )
            return
        self._queue_update(
            {
                "update_type": "message_created",
                "timestamp": self._now(),
                "message": self._message(account, message),
                "user_locale": _locale(message["from"]),
            }
        )

    def user_blocked(self, account: int, user: dict[str, Any], blocked: bool) -> None:
        """Stopping the bot in MAX is an update (MAX tells the bot), unlike Telegram's block."""
        kind = "bot_stopped" if blocked else "bot_started"
        self._queue_update(
            {
                "update_type": kind,
                "timestamp": self._now(),
                "chat_id": _dialog(account),
                "user": _user(user),
                "user_locale": _locale(user),
            }
        )

    def _callback(self, query: dict[str, Any]) -> dict[str, Any]:
        pressed = query["message"]
        account = int(pressed["chat"]["id"])
        self._presses[query["id"]] = _Press(account, int(pressed["message_id"]))
        callback = {
            "timestamp": self._now(),
            "callback_id": query["id"],
            "payload": query.get("data"),
            "user": _user(query["from"]),
        }
        return {
            "update_type": "message_callback",
            "timestamp": self._now(),
            "callback": callback,
            "message": self._message(account, pressed),
            "user_locale": _locale(query["from"]),
        }

    def _queue_update(self, update: dict[str, Any]) -> None:
        seq = next(self._queue.seqs)
        chat = update.get("chat_id") or update.get("message", {}).get("recipient", {}).get("chat_id") or 0
        self._queue.updates.append({**update, "_seq": seq, "_chat": chat})
        self.telegram.notify_change()

    # ---- messages ---------------------------------------------------------------------------------

    async def _send(self, query: dict[str, str], body: dict[str, Any]) -> Any:
        account = self._recipient(query)
        keyboard, files = self._attachments(body)
        text = _text(body)
        params: dict[str, Any] = {"chat_id": account, **_format(body)}
        if keyboard is not None:
            params["reply_markup"] = {"inline_keyboard": keyboard}
        method = "sendMessage"
        if files:
            kind, token = files[0]
            method = "sendDocument" if kind == "file" else "sendPhoto"
            params["document" if kind == "file" else "photo"] = token
            params["caption"] = text
        else:
            params["text"] = text
        sent = await self._telegram_call(method, params)
        return {"message": self._message(account, sent)}

    async def _edit(self, query: dict[str, str], body: dict[str, Any]) -> Any:
        account, message_id = self._located(query.get("message_id", ""))
        await self._apply_edit(account, message_id, body)
        return {"success": True}

    async def _apply_edit(self, account: int, message_id: int, body: dict[str, Any]) -> None:
        current = next((m for m in self.telegram.messages(account) if m.message_id == message_id), None)
        if current is None or current.deleted or not current.from_bot:
            raise MaxError(404, "not.found", "Message not found")
        keyboard, _ = self._attachments(body)
        if body.get("attachments") is None:  # attachments not given: kept as they are
            keyboard = [[_raw_button(button) for button in row] for row in current.buttons]
        params: dict[str, Any] = {"chat_id": account, "message_id": message_id}
        if keyboard:
            params["reply_markup"] = {"inline_keyboard": keyboard}
        if body.get("text") is None:
            method = "editMessageReplyMarkup"
        else:
            params.update(_format(body))
            media = current.document is not None or current.photo is not None
            method = "editMessageCaption" if media else "editMessageText"
            params["caption" if media else "text"] = _text(body)
        try:
            await self._telegram_call(method, params)
        except MaxError as error:
            if NOT_MODIFIED not in error.message:  # MAX takes an edit to the same text as done
                raise

    async def _delete(self, query: dict[str, str], body: dict[str, Any]) -> Any:
        account, message_id = self._located(query.get("message_id", ""))
        await self._telegram_call("deleteMessage", {"chat_id": account, "message_id": message_id})
        return {"success": True}

    async def _answer_callback(self, query: dict[str, str], body: dict[str, Any]) -> Any:
        press = self._presses.get(query.get("callback_id", ""))
        if press is None:
            raise MaxError(404, "not.found", "Callback not found")
        if body.get("message") is None and body.get("notification") is None:
            raise MaxError(400, "proto.payload", "Either message or notification is required")
        if body.get("message") is not None:
            await self._apply_edit(press.account, press.message_id, body["message"])
        if body.get("notification") is not None:
            params = {"callback_query_id": query["callback_id"], "text": str(body["notification"])}
            await self._telegram_call("answerCallbackQuery", params)
        return {"success": True}

    def _recipient(self, query: dict[str, str]) -> int:
        user_id = _int(query, "user_id")
        chat_id = _int(query, "chat_id")
        if user_id is None and chat_id is not None and chat_id > DIALOG_CHAT_BASE:
            user_id = chat_id - DIALOG_CHAT_BASE
        if user_id is None:
            raise MaxError(400, "proto.payload", "user_id or chat_id is required")
        return -user_id

    def _located(self, mid: str) -> tuple[int, int]:
        found = _MID_RE.fullmatch(mid)
        if found is None:
            raise MaxError(404, "not.found", "Message not found")
        return -int(found[1]), int(found[2])

    def _attachments(self, body: dict[str, Any]) -> tuple[list[list[dict[str, Any]]] | None, list[Any]]:
        """The keyboard (Telegram's rows) and the files (type, token) of a NewMessageBody."""
        keyboard: list[list[dict[str, Any]]] | None = None
        files: list[tuple[str, str]] = []
        for attachment in body.get("attachments") or []:
            kind = attachment.get("type") if isinstance(attachment, dict) else None
            payload = attachment.get("payload") or {} if isinstance(attachment, dict) else {}
            if kind == "inline_keyboard":
                keyboard = _keyboard(payload.get("buttons") or [])
            elif kind in ("file", "image") and payload.get("token"):
                files.append((kind, str(payload["token"])))
            else:
                raise MaxError(400, "proto.payload", f"attachment {kind!r} is not supported here")
        return keyboard, files

    async def _telegram_call(self, method: str, params: dict[str, Any]) -> Any:
        """The shared phone model does it; its Telegram errors come back as MAX's."""
        status, answer = await self.telegram.call(method, params)
        if status == 200:
            return answer["result"]
        description = str(answer.get("description", ""))
        if status == 403:
            raise MaxError(403, "chat.denied", "The user has stopped the bot")
        if "chat not found" in description:
            raise MaxError(404, "not.found", "Chat not found")
        if "not found" in description:
            raise MaxError(404, "not.found", "Message not found")
        raise MaxError(status, "proto.payload", description)

    def _message(self, account: int, telegram: dict[str, Any]) -> dict[str, Any]:
        """A message of the shared model as MAX's Message object."""
        from_bot = bool(telegram.get("from", {}).get("is_bot"))
        user_id = -account
        body: dict[str, Any] = {
            "mid": f"mid.{user_id}.{telegram['message_id']}",
            "seq": telegram["message_id"],
            "text": telegram.get("text") or telegram.get("caption") or "",
            "attachments": self._message_attachments(telegram),
        }
        return {
            "sender": self.bot_user() if from_bot else _user(telegram["from"]),
            "recipient": {
                "chat_id": _dialog(account),
                "chat_type": "dialog",
                "user_id": user_id if from_bot else self.bot_user_id,
            },
            "timestamp": int(telegram.get("date", 0)) * 1000,
            "body": body,
        }

    def _message_attachments(self, telegram: dict[str, Any]) -> list[dict[str, Any]]:
        attachments: list[dict[str, Any]] = []
        if "document" in telegram:
            document = telegram["document"]
            url = f"{self.base_url}/files/{document['file_id']}"
            attachments.append(
                {
                    "type": "file",
                    "payload": {
                        "url": url,
                        "token": document["file_id"],
                        "fileId": document["file_unique_id"],
                    },
                    "filename": document.get("file_name"),
                    "size": document.get("file_size", 0),
                }
            )
        if "photo" in telegram:
            largest = telegram["photo"][-1]
            url = f"{self.base_url}/files/{largest['file_id']}"
            attachments.append(
                {
                    "type": "image",
                    "payload": {
                        "photo_id": largest["file_unique_id"],
                        "token": largest["file_id"],
                        "url": url,
                    },
                }
            )
        rows = (telegram.get("reply_markup") or {}).get("inline_keyboard")
        if rows:
            buttons = [[_max_button(button) for button in row] for row in rows]
            attachments.append({"type": "inline_keyboard", "payload": {"buttons": buttons}})
        return attachments

    # ---- files ------------------------------------------------------------------------------------

    async def _upload_endpoint(self, query: dict[str, str], body: dict[str, Any]) -> Any:
        kind = query.get("type", "")
        if kind not in ("file", "image"):
            raise MaxError(400, "proto.payload", "type: file or image")
        upload_id = str(next(self._upload_ids))
        self._uploads[upload_id] = kind
        return {"url": f"{self.base_url}/upload/{upload_id}"}

    async def _upload_file(self, request: web.Request) -> web.Response:
        kind = self._uploads.pop(request.match_info["upload_id"], None)
        form = await request.post() if kind else {}
        data = form.get("data") if form else None
        if kind is None or not isinstance(data, web.FileField):
            return web.json_response({"code": "upload.error", "message": "No such upload"}, status=400)
        content = data.file.read()
        size = image_size(content) if kind == "image" else (0, 0)
        if not content or size is None:
            return web.json_response({"code": "upload.error", "message": "Bad file"}, status=400)
        # aiohttp hands a non-ASCII name over percent-encoded (RFC 5987): the name the sender gave.
        filename = unquote(data.filename or "") or ("photo.jpg" if kind == "image" else "file")
        as_kind = "photo" if kind == "image" else "document"
        stored = self.telegram.store_file(content, filename, data.content_type, as_kind, size)
        if kind == "image":
            return web.json_response({"photos": {stored.file_unique_id: {"token": stored.file_id}}})
        return web.json_response({"token": stored.file_id, "fileId": stored.file_unique_id})

    async def _download(self, request: web.Request) -> web.Response:
        stored = self.telegram.file(request.match_info["file_id"])
        if stored is None:
            return web.json_response({"code": "not.found", "message": "File not found"}, status=404)
        return web.Response(body=stored.content, content_type=stored.mime)

    def _now(self) -> int:
        return int(self._clock() * 1000)


def _public(update: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in update.items() if not key.startswith("_")}


def _int(query: dict[str, str], key: str) -> int | None:
    value = query.get(key)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise MaxError(400, "proto.payload", f"{key}: not a number") from None


def _dialog(account: int) -> int:
    return DIALOG_CHAT_BASE - account


def _user(telegram: dict[str, Any]) -> dict[str, Any]:
    name = " ".join(filter(None, (telegram.get("first_name"), telegram.get("last_name"))))
    return {
        "user_id": -int(telegram["id"]),
        "first_name": telegram.get("first_name") or "",
        "last_name": telegram.get("last_name"),
        "name": name,
        "username": telegram.get("username"),
        "is_bot": False,
        "last_activity_time": 0,
    }


def _locale(telegram: dict[str, Any]) -> str | None:
    return telegram.get("language_code")


def _text(body: dict[str, Any]) -> str:
    text = str(body.get("text") or "")
    if len(text) > TEXT_LIMIT:
        raise MaxError(400, "proto.payload", f"text: size must be between 0 and {TEXT_LIMIT}")
    return text


def _format(body: dict[str, Any]) -> dict[str, Any]:
    """MAX's `format` as the shared model's parse mode (its html is Telegram's tags)."""
    kind = body.get("format")
    if kind not in (None, "html", "markdown"):
        raise MaxError(400, "proto.payload", "format: html or markdown")
    return {"parse_mode": "HTML"} if kind == "html" else {}


def _keyboard(rows: list[Any]) -> list[list[dict[str, Any]]]:
    """MAX's buttons as Telegram's, refused beyond MAX's limits."""
    if len(rows) > KEYBOARD_ROWS or sum(len(row) for row in rows) > KEYBOARD_BUTTONS:
        limits = f"at most {KEYBOARD_ROWS} rows, {KEYBOARD_BUTTONS} buttons"
        raise MaxError(400, "proto.payload", f"keyboard: {limits}")
    keyboard: list[list[dict[str, Any]]] = []
    for row in rows:
        if len(row) > ROW_BUTTONS:
            raise MaxError(400, "proto.payload", f"keyboard: at most {ROW_BUTTONS} buttons in a row")
        keyboard.append([_telegram_button(button) for button in row])
    return keyboard


def _telegram_button(button: dict[str, Any]) -> dict[str, Any]:
    text = str(button.get("text") or "")
    if not text or len(text) > BUTTON_TEXT_CHARS:
        raise MaxError(400, "proto.payload", f"button text: 1 to {BUTTON_TEXT_CHARS} characters")
    if button.get("type") == "link":
        return {"text": text, "url": str(button.get("url") or "")}
    if button.get("type") == "callback":
        payload = str(button.get("payload") or "")
        if len(payload) > PAYLOAD_CHARS:
            raise MaxError(400, "proto.payload", f"button payload: at most {PAYLOAD_CHARS} characters")
        return {"text": text, "callback_data": payload}
    raise MaxError(400, "proto.payload", f"button type {button.get('type')!r} is not supported here")


def _max_button(button: dict[str, Any]) -> dict[str, Any]:
    if button.get("url"):
        return {"type": "link", "text": button["text"], "url": button["url"]}
    return {"type": "callback", "text": button["text"], "payload": button.get("callback_data", "")}


def _raw_button(button: Any) -> dict[str, Any]:
    """A button of the shared model's snapshot as Telegram's raw button."""
    if button.url:
        return {"text": button.text, "url": button.url}
    return {"text": button.text, "callback_data": button.callback_data or ""}
