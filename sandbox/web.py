"""The sandbox's web page: the demo school's people and their chats with the bot, in a browser.

Served by the same aiohttp application as the fake Bot API (one address for both). The page is plain
HTML, CSS and JavaScript from sandbox/page/ (no build step, nothing from the network). Its routes:

========================================  =====================================================
GET  /                                    the page
GET  /page/{file}                         its script and style
GET  /ui/people                           the school, the people (unread counts, last message)
GET  /ui/chats/{user_id}                  one chat: messages with entities, buttons, media links
POST /ui/chats/{user_id}/text             {text}: the person types
POST /ui/chats/{user_id}/press            {message_id, data}: the person presses a button
POST /ui/chats/{user_id}/document         {filename, mime, content_b64}: the person sends a file
POST /ui/chats/{user_id}/read             the person has seen his chat (badge cleared)
POST /ui/people/{user_id}/join            the person opens his invite link
GET  /ui/media/{user_id}/{message_id}     a message's photo or document (download)
GET  /ui/events                           server-sent events: {"chat": id, "unread": n}
POST /ui/clock/{job}                      run a scheduled job now: {"queued": n}
========================================  =====================================================

A person acts only in his own chat; anything else (an unknown person, a button on a message that is
not there) is answered with an error the page shows, and changes nothing.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime as dt
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import quote

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from sandbox import clock
from sandbox.models import ChatMessage
from sandbox.people import Person, joined_accounts, switch_messenger
from sandbox.server import json_route
from sandbox.telegram import FakeTelegram

PAGE_FILES = {"app.js": "text/javascript", "style.css": "text/css", "index.html": "text/html"}
HEARTBEAT_SECONDS = 15.0
MAX_TEXT = 4096


@dataclass
class SandboxState:
    """What the page needs beyond the fake: who is who, what each has read, the clock's database."""

    fake: FakeTelegram
    people: list[Person]
    school_id: int
    school_name: str
    sessions: async_sessionmaker[AsyncSession]
    consent_label: str
    locale: str = "ru"
    read_upto: dict[int, int] = field(default_factory=dict)  # user id → last message id seen
    listeners: set[asyncio.Queue[dict[str, Any]]] = field(default_factory=set)

    def person(self, user_id: int) -> Person:
        for person in self.people:
            if person.user_id == user_id:
                return person
        raise LookupError(f"no person {user_id} in the sandbox")

    def unread(self, user_id: int) -> int:
        seen = self.read_upto.get(user_id, 0)
        return sum(
            1
            for message in self.fake.messages(user_id)
            if message.from_bot and not message.deleted and message.message_id > seen
        )

    def mark_all_read(self) -> None:
        for person in self.people:
            self.mark_read(person.user_id)

    def mark_read(self, user_id: int) -> None:
        messages = self.fake.messages(user_id)
        self.read_upto[user_id] = messages[-1].message_id if messages else 0

    def chat_changed(self, chat_id: int) -> None:
        """The fake's listener: tell every open page (a person's badge and, if open, his chat)."""
        if not any(person.user_id == chat_id for person in self.people):
            return
        event = {"chat": chat_id, "unread": self.unread(chat_id)}
        for queue in self.listeners:
            queue.put_nowait(event)


STATE_KEY: web.AppKey[SandboxState] = web.AppKey("sandbox_state", SandboxState)
Handler = Callable[[web.Request, SandboxState], Awaitable[Any]]


def add_page(app: web.Application, state: SandboxState) -> None:
    """Mount the page and its routes on the fake Bot API's application."""
    app[STATE_KEY] = state
    state.fake.add_listener(state.chat_changed)
    app.router.add_get("/", _index)
    app.router.add_get("/page/{name}", _page_file)
    app.router.add_get("/ui/events", _events)
    app.router.add_get("/ui/media/{user_id}/{message_id}", _media)
    routes: list[tuple[str, str, Handler]] = [
        ("GET", "/ui/people", _people),
        ("GET", "/ui/chats/{user_id}", _chat),
        ("POST", "/ui/chats/{user_id}/text", _text),
        ("POST", "/ui/chats/{user_id}/press", _press),
        ("POST", "/ui/chats/{user_id}/document", _document),
        ("POST", "/ui/chats/{user_id}/read", _read),
        ("POST", "/ui/people/{user_id}/join", _join),
        ("POST", "/ui/people/{user_id}/messenger", _switch),
        ("POST", "/ui/clock/{job}", _clock),
    ]
    for method, path, handler in routes:
        app.router.add_route(method, path, _json_route(handler))


def _json_route(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    return json_route(lambda request: handler(request, request.app[STATE_KEY]))


# ---------------------------------------------------------------------------- the page itself


async def _index(request: web.Request) -> web.StreamResponse:
    return _packaged("index.html")


async def _page_file(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in PAGE_FILES:
        raise web.HTTPNotFound()
    return _packaged(name)


def _packaged(name: str) -> web.Response:
    body = resources.files("sandbox").joinpath("page", name).read_bytes()
    response = web.Response(body=body, content_type=PAGE_FILES[name], charset="utf-8")
    response.headers["Cache-Control"] = "no-cache"
    return response


# ---------------------------------------------------------------------------- people and chats


async def _people(request: web.Request, state: SandboxState) -> Any:
    # Who has joined is the journal's to say: a person may also have typed his link into the chat.
    async with state.sessions() as session:
        known = await joined_accounts(session, state.people)
    for person in state.people:
        person.joined = person.user_id in known
    return {
        "school": state.school_name,
        "bot": state.fake.bot_user(),
        "people": [
            {**person.to_json(), "unread": state.unread(person.user_id), "last": _last_line(state, person)}
            for person in state.people
        ],
        "jobs": [job.key for job in clock.JOBS],
        "locale": state.locale,
    }


def _last_line(state: SandboxState, person: Person) -> str:
    for message in reversed(state.fake.messages(person.user_id)):
        if not message.deleted:
            return _summary(message)[:80]
    return ""


def _summary(message: ChatMessage) -> str:
    if message.text:
        return message.text.split("\n", 1)[0]
    if message.document is not None:
        return f"📎 {message.document.filename}"
    return "🖼" if message.photo is not None else ""


async def _chat(request: web.Request, state: SandboxState) -> Any:
    user_id = _user_id(request, state)
    answers = state.fake.callback_answers(user_id)
    last_answer = answers[-1] if answers else None
    return {
        "user_id": user_id,
        "version": state.fake.activity_version(user_id),
        "messages": [_message_json(user_id, m) for m in state.fake.messages(user_id) if not m.deleted],
        "answer": None
        if last_answer is None
        else {
            "id": last_answer.query_id,
            "text": last_answer.text,
            "alert": last_answer.show_alert,
        },
    }


def _message_json(user_id: int, message: ChatMessage) -> dict[str, Any]:
    media = f"/ui/media/{user_id}/{message.message_id}"
    return {
        "id": message.message_id,
        "from_bot": message.from_bot,
        "text": message.text,
        "entities": message.entities,
        "date": message.date,
        "edited": message.edited > 0,
        "buttons": [
            [{"text": b.text, "data": b.callback_data, "url": b.url, "kind": b.kind} for b in row]
            for row in message.buttons
        ],
        "photo": media if message.photo is not None else None,
        "document": {"name": message.document.filename, "url": media} if message.document else None,
    }


async def _media(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE_KEY]
    try:
        user_id = _user_id(request, state)
        message_id = int(request.match_info["message_id"])
    except (LookupError, ValueError) as error:
        raise web.HTTPNotFound(text=str(error)) from None
    message = next((m for m in state.fake.messages(user_id) if m.message_id == message_id), None)
    if message is None or message.deleted:
        raise web.HTTPNotFound()
    if message.document is not None:
        document = message.document
        response = web.Response(body=document.content, content_type=document.mime)
        # The name as the bot gave it, Cyrillic and all (RFC 6266), and an ASCII one for old agents.
        quoted = _rfc5987(document.filename)
        response.headers["Content-Disposition"] = f"attachment; filename=\"file\"; filename*=UTF-8''{quoted}"
        return response
    if message.photo is not None:
        png = message.photo.startswith(b"\x89PNG")
        return web.Response(body=message.photo, content_type="image/png" if png else "image/jpeg")
    raise web.HTTPNotFound()


def _rfc5987(name: str) -> str:
    return quote(name, safe="")


def _user_id(request: web.Request, state: SandboxState) -> int:
    try:
        user_id = int(request.match_info["user_id"])
    except ValueError:
        raise LookupError("no such person") from None
    state.person(user_id)  # only the sandbox's people have chats on the page
    return user_id


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json() if request.can_read_body else {}
    except json.JSONDecodeError as error:
        raise ValueError(f"the request is not JSON: {error}") from None
    if not isinstance(body, dict):
        raise TypeError("the request must be a JSON object")
    return body


async def _text(request: web.Request, state: SandboxState) -> Any:
    user_id = _user_id(request, state)
    message = str((await _body(request)).get("text", "")).strip()
    if not message:
        raise ValueError("an empty message is not sent")
    state.fake.send_text(user_id, message[:MAX_TEXT])
    return {"ok": True}


async def _press(request: web.Request, state: SandboxState) -> Any:
    user_id = _user_id(request, state)
    body = await _body(request)
    state.fake.press(user_id, user_id, int(body["message_id"]), str(body["data"]))
    return {"ok": True}


async def _document(request: web.Request, state: SandboxState) -> Any:
    user_id = _user_id(request, state)
    body = await _body(request)
    try:
        content = base64.b64decode(str(body["content_b64"]), validate=True)
    except binascii.Error:
        raise ValueError("the file did not arrive whole") from None
    mime = str(body.get("mime") or "application/octet-stream")
    state.fake.send_document(user_id, str(body["filename"]), content, mime)
    return {"ok": True}


async def _read(request: web.Request, state: SandboxState) -> Any:
    user_id = _user_id(request, state)
    state.mark_read(user_id)
    return {"unread": 0}


async def _join(request: web.Request, state: SandboxState) -> Any:
    """What opening the invite link in Telegram does: the bot gets "/start <token>" from him. The rest
    (consent) is the visitor's to press."""
    person = state.person(_user_id(request, state))
    state.fake.send_text(person.user_id, f"/start {person.tokens[0]}")
    return {"ok": True}


async def _switch(request: web.Request, state: SandboxState) -> Any:
    """Move the person to the other messenger (Telegram ↔ MAX); answers his account id there."""
    person = state.person(_user_id(request, state))
    await switch_messenger(state.fake, state.sessions, person, state.consent_label)
    state.mark_read(person.user_id)
    return {"user_id": person.user_id, "messenger": person.messenger}


async def _clock(request: web.Request, state: SandboxState) -> Any:
    queued = await clock.run_job(state.sessions, state.school_id, request.match_info["job"], _now())
    return {"queued": queued}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# ---------------------------------------------------------------------------- live updates


async def _events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: every change of a person's chat, and a comment line now and then so that
    a page that has gone away is noticed."""
    state = request.app[STATE_KEY]
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )
    await response.prepare(request)
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    state.listeners.add(queue)
    try:
        await response.write(b": connected\n\n")
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
            except TimeoutError:
                await response.write(b": still here\n\n")
                continue
            await response.write(f"data: {json.dumps(event)}\n\n".encode())
    except ConnectionResetError:
        pass  # the page was closed
    finally:
        state.listeners.discard(queue)
    return response
