"""aiohttp application serving a FakeTelegram over HTTP.

Bot API routes are Telegram's own, so a real aiogram ``Bot`` with
``AiohttpSession(api=TelegramAPIServer.from_base(url))`` runs against it unchanged:

=======================================  ================================================
``POST|GET /bot{token}/{method}``        Bot API (multipart, urlencoded, JSON or query)
``GET /file/bot{token}/{file_path}``     download of a file returned by getFile
``* /max/...``                           MAX's Bot API, when a FakeMax is attached (sandbox/max.py)
=======================================  ================================================

Control routes for the HTTP user driver (JSON in, JSON out; errors are
``{"error": "..."}`` with 404 for unknown users/buttons/messages, 400 for bad input,
409 when a blocked user tries to act, 408 when ``wait`` saw no bot activity):

========================================  =============================================  =================
Route                                     Body (JSON) / query                            Response
========================================  =============================================  =================
GET  /sandbox/health                      -                                              ok, bot
POST /sandbox/users                       first_name, last_name?, username?,             user_id
                                          language_code?, user_id?, started?,
                                          messenger? ("telegram" or "max")
POST /sandbox/users/{id}/text             text                                           update, version
POST /sandbox/users/{id}/press            label | message_id + callback_data             update, version
POST /sandbox/users/{id}/document         filename, content_b64, mime, caption?          update, version
POST /sandbox/users/{id}/photo            content_b64, caption?                          update, version
POST /sandbox/users/{id}/blocked          blocked (bool)                                 ok
GET  /sandbox/chats/{id}                  -                                              chat snapshot
GET  /sandbox/chats/{id}/messages         -                                              messages
GET  /sandbox/chats/{id}/callback_answers -                                              callback_answers
GET  /sandbox/chats/{id}/wait             ?after=V&timeout=15&settle=0.15&require=1      chat snapshot
GET  /sandbox/calls                       ?method=sendMessage (optional)                 calls
GET  /sandbox/max/calls                   -                                              the MAX bot's calls
GET  /sandbox/updates                     -                                              updates (pending)
POST /sandbox/fail_next                   method, status, description, retry_after?,     ok
                                          times?
========================================  =============================================  =================

``version`` in action responses is the chat's activity version right after the update was
queued (before the bot could react); pass it as ``after`` to ``wait``.  The chat snapshot is
:meth:`sandbox.models.ChatSnapshot.to_json` (documents and photos base64-encoded).
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from sandbox.max import FakeMax
from sandbox.params import UploadedFile, decode_params
from sandbox.telegram import FakeTelegram

FAKE_KEY: web.AppKey[FakeTelegram] = web.AppKey("fake_telegram", FakeTelegram)
MAX_REQUEST_BYTES = 64 * 1024 * 1024

ControlHandler = Callable[[web.Request, FakeTelegram], Awaitable[Any]]


def create_app(fake: FakeTelegram) -> web.Application:
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    app[FAKE_KEY] = fake
    app.router.add_route("*", "/bot{token}/{method}", _bot_api)
    app.router.add_get("/file/bot{token}/{file_path:.+}", _download)
    if isinstance(fake.max_side, FakeMax):  # the MAX bot's API, for MAX_API_URL=<this>/max
        fake.max_side.add_routes(app, "/max")
    control: list[tuple[str, str, ControlHandler]] = [
        ("GET", "/sandbox/health", _health),
        ("POST", "/sandbox/users", _create_user),
        ("POST", "/sandbox/users/{user_id}/text", _user_text),
        ("POST", "/sandbox/users/{user_id}/press", _user_press),
        ("POST", "/sandbox/users/{user_id}/document", _user_document),
        ("POST", "/sandbox/users/{user_id}/photo", _user_photo),
        ("POST", "/sandbox/users/{user_id}/blocked", _user_blocked),
        ("GET", "/sandbox/chats/{chat_id}", _chat),
        ("GET", "/sandbox/chats/{chat_id}/messages", _chat_messages),
        ("GET", "/sandbox/chats/{chat_id}/callback_answers", _chat_answers),
        ("GET", "/sandbox/chats/{chat_id}/wait", _chat_wait),
        ("GET", "/sandbox/calls", _calls),
        ("GET", "/sandbox/max/calls", _max_calls),
        ("GET", "/sandbox/updates", _updates),
        ("POST", "/sandbox/fail_next", _fail_next),
    ]
    for method, path, handler in control:
        app.router.add_route(method, path, _control(handler))
    return app


async def run_server(
    fake: FakeTelegram, host: str = "127.0.0.1", port: int = 0, *, long_polls: bool = True
) -> web.AppRunner:
    """Start serving ``fake``; ``port=0`` picks a free port (see :func:`base_url`).

    Stop it with ``await runner.cleanup()``. ``long_polls=False`` serves a sender alone (a
    benchmark): nobody calls getUpdates, so handlers need not be cancellable, which is cheaper.
    """
    # handler_cancellation: a bot that disconnects mid long-poll (stopped or restarted)
    # must not leave a getUpdates handler waiting server-side; short shutdown for tests.
    runner = web.AppRunner(create_app(fake), handler_cancellation=long_polls, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner


@asynccontextmanager
async def serving(fake: FakeTelegram, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Serve ``fake`` for the duration of the block; yields the base URL (``BOT_API_URL``)."""
    runner = await run_server(fake, host, port)
    try:
        yield base_url(runner)
    finally:
        await fake.close()
        await runner.cleanup()


def base_url(runner: web.AppRunner) -> str:
    """``http://host:port`` of a started runner, for TelegramAPIServer.from_base and HttpUsers."""
    host, port = runner.addresses[0][:2]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


# ---------------------------------------------------------------------- Bot API


async def _bot_api(request: web.Request) -> web.Response:
    fake = request.app[FAKE_KEY]
    rejected = fake.check_token(request.match_info["token"])
    if rejected is not None:
        return web.json_response(rejected[1], status=rejected[0])
    try:
        params, files = await _read_params(request)
    except ValueError as error:
        body = {"ok": False, "error_code": 400, "description": f"Bad Request: {error}"}
        return web.json_response(body, status=400)
    status, body = await fake.call(request.match_info["method"], params, files)
    encoded = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return web.Response(body=encoded, status=status, content_type="application/json")


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Parameters from the query string and the body, decoded by the shared field rule."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.can_read_body:
        if request.content_type == "application/json":
            body = json.loads(await request.read())
            if not isinstance(body, dict):
                raise ValueError("request body must be a JSON object")
            raw.update(body)
        else:
            # Handles multipart/form-data and application/x-www-form-urlencoded alike.
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    files[key] = UploadedFile(value.filename, value.file.read(), value.content_type)
                else:
                    raw[key] = value if isinstance(value, str) else bytes(value).decode()
    return decode_params(raw), files


async def _download(request: web.Request) -> web.StreamResponse:
    fake = request.app[FAKE_KEY]
    rejected = fake.check_token(request.match_info["token"])
    if rejected is not None:
        return web.json_response(rejected[1], status=rejected[0])
    stored = fake.file_by_path(request.match_info["file_path"])
    if stored is None:
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
    return web.Response(body=stored.content, content_type=stored.mime)


# ---------------------------------------------------------------------- control routes


def _control(handler: ControlHandler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Wrap a control handler: JSON result, Python errors mapped to HTTP errors."""
    return json_route(lambda request: handler(request, request.app[FAKE_KEY]))


def json_route(
    call: Callable[[web.Request], Awaitable[Any]],
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A route answering JSON, with Python errors as HTTP errors (the control routes and the page's)."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            result = await call(request)
        except TimeoutError as error:
            return web.json_response({"error": str(error)}, status=408)
        except KeyError as error:  # a missing field in the request body, not a missing object
            return web.json_response({"error": f"missing field {error}"}, status=400)
        except LookupError as error:
            return web.json_response({"error": str(error.args[0] if error.args else error)}, status=404)
        except (ValueError, TypeError) as error:
            return web.json_response({"error": str(error)}, status=400)
        except RuntimeError as error:
            return web.json_response({"error": str(error)}, status=409)
        return web.json_response(result)

    return wrapped


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json() if request.can_read_body else {}
    except ValueError as error:
        raise ValueError(f"request body is not JSON: {error}") from error
    if not isinstance(body, dict):
        raise TypeError("request body must be a JSON object")
    return body


def _int_param(request: web.Request, name: str) -> int:
    try:
        return int(request.match_info[name])
    except ValueError as error:
        raise ValueError(f"{name} must be an integer") from error


async def _health(request: web.Request, fake: FakeTelegram) -> Any:
    return {"ok": True, "bot": fake.bot_user()}


async def _create_user(request: web.Request, fake: FakeTelegram) -> Any:
    body = await _json_body(request)
    user_id = fake.add_user(
        first_name=str(body["first_name"]),
        last_name=body.get("last_name"),
        username=body.get("username"),
        language_code=body.get("language_code", "ru"),
        user_id=body.get("user_id"),
        started=bool(body.get("started", True)),
        messenger="max" if body.get("messenger") == "max" else "telegram",
    )
    return {"user_id": user_id}


def _action_result(fake: FakeTelegram, user_id: int, update: dict[str, Any]) -> Any:
    return {"update": update, "version": fake.activity_version(user_id)}


async def _user_text(request: web.Request, fake: FakeTelegram) -> Any:
    user_id = _int_param(request, "user_id")
    body = await _json_body(request)
    return _action_result(fake, user_id, fake.send_text(user_id, str(body["text"])))


async def _user_press(request: web.Request, fake: FakeTelegram) -> Any:
    user_id = _int_param(request, "user_id")
    body = await _json_body(request)
    if "label" in body:
        update = fake.press_button(user_id, str(body["label"]))
    else:
        update = fake.press(user_id, user_id, int(body["message_id"]), str(body["callback_data"]))
    return _action_result(fake, user_id, update)


async def _user_document(request: web.Request, fake: FakeTelegram) -> Any:
    user_id = _int_param(request, "user_id")
    body = await _json_body(request)
    content = base64.b64decode(body["content_b64"])
    update = fake.send_document(
        user_id, str(body["filename"]), content, str(body["mime"]), body.get("caption")
    )
    return _action_result(fake, user_id, update)


async def _user_photo(request: web.Request, fake: FakeTelegram) -> Any:
    user_id = _int_param(request, "user_id")
    body = await _json_body(request)
    update = fake.send_photo(user_id, base64.b64decode(body["content_b64"]), body.get("caption"))
    return _action_result(fake, user_id, update)


async def _user_blocked(request: web.Request, fake: FakeTelegram) -> Any:
    body = await _json_body(request)
    fake.set_blocked(_int_param(request, "user_id"), bool(body["blocked"]))
    return {"ok": True}


async def _chat(request: web.Request, fake: FakeTelegram) -> Any:
    return fake.snapshot(_int_param(request, "chat_id")).to_json()


async def _chat_messages(request: web.Request, fake: FakeTelegram) -> Any:
    messages = fake.messages(_int_param(request, "chat_id"))
    return {"messages": [message.to_json() for message in messages]}


async def _chat_answers(request: web.Request, fake: FakeTelegram) -> Any:
    answers = fake.callback_answers(_int_param(request, "chat_id"))
    return {"callback_answers": [answer.to_json() for answer in answers]}


async def _chat_wait(request: web.Request, fake: FakeTelegram) -> Any:
    chat_id = _int_param(request, "chat_id")
    query = request.query
    await fake.wait_for_activity(
        chat_id,
        after_version=int(query.get("after", "0")),
        timeout=float(query.get("timeout", "15")),
        settle=float(query.get("settle", "0.15")),
        require=query.get("require", "1") not in ("0", "false"),
    )
    return fake.snapshot(chat_id).to_json()


async def _calls(request: web.Request, fake: FakeTelegram) -> Any:
    return {"calls": [call.to_json() for call in fake.calls(request.query.get("method"))]}


async def _max_calls(request: web.Request, fake: FakeTelegram) -> Any:
    """The MAX bot's calls (verb, path, query, body, status, at), when a FakeMax is attached."""
    calls = fake.max_side.calls if isinstance(fake.max_side, FakeMax) else []
    return {"calls": [call.to_json() for call in calls]}


async def _updates(request: web.Request, fake: FakeTelegram) -> Any:
    return {"updates": fake.pending_updates()}


async def _fail_next(request: web.Request, fake: FakeTelegram) -> Any:
    body = await _json_body(request)
    fake.fail_next(
        method=str(body["method"]),
        status=int(body["status"]),
        description=str(body["description"]),
        retry_after=body.get("retry_after"),
        times=int(body.get("times", 1)),
    )
    return {"ok": True}
