"""Webhook mode: Telegram POSTs updates to WEBHOOK_URL, any number of instances behind a load balancer.

- A request without the right `X-Telegram-Bot-Api-Secret-Token` is answered 401 before its body is
  read (`UpdateEndpoint`; the secret compared in constant time).
- An update is answered only once its handling has committed (handled in the request, not in the
  background): an instance killed mid-update leaves Telegram without an answer, and Telegram delivers
  the update again. A database that cannot be reached is a 500 for the same reason, not a polite
  «something went wrong» that would lose the update.
- The update's transaction starts by taking the person's advisory lock (his updates go one at a time
  across instances: a double tap that lands on two instances is one mark) and recording the update id
  in handled_update: an update delivered twice, to this instance or another, is handled once. The id
  is written in the same transaction as everything the update changed, so both happen or neither.
- Instances started together agree on one setWebhook: under an advisory lock each compares what it
  would set with the fingerprint the last one stored, and only a change calls Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.dispatcher.middlewares.user_context import EVENT_CONTEXT_KEY, EventContext
from aiogram.methods import TelegramMethod
from aiogram.types import TelegramObject, Update
from aiohttp import web
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.metrics import listen_on
from bot.settings import Settings

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
KEEP_HANDLED = "24 hours"
PRUNE_EVERY_SECONDS = 600.0
SETTING_LOCK = 0x5C4001  # the advisory lock instances take to agree on setWebhook

# The person's lock, then the update's record: one statement, the first of the update's transaction.
_CLAIM = text(
    """
    WITH locked AS (SELECT pg_advisory_xact_lock(hashtextextended('update-user:' || :user_id, 0)))
    INSERT INTO handled_update (update_id) SELECT :update_id FROM locked
    ON CONFLICT (update_id) DO NOTHING
    RETURNING update_id
    """
)
_PRUNE = text(f"DELETE FROM handled_update WHERE handled_at < now() - interval '{KEEP_HANDLED}'")


class UpdateNotCommitted(Exception):
    """The database could not be reached: answered 500, so that Telegram delivers the update again."""


SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_ANSWERED = b"{}"


class UpdateEndpoint:
    """The POST Telegram delivers an update with; answered 200 once the update's handling committed.

    What aiogram's SimpleRequestHandler does, with less in the way (bench/webhook.py measured its
    overhead at a tenth of an instance's CPU a tap): the body parsed by pydantic straight from bytes,
    the update handed to the dispatcher in the request's own task (no extra task, future and timer per
    update), one constant answer. A body that is not an update is a 400: delivering it again would not
    make it one.
    """

    def __init__(self, dispatcher: Dispatcher, bot: Bot, secret: str) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._secret = secret.encode()

    async def __call__(self, request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), self._secret):
            return web.Response(status=401, text="Unauthorized")
        try:
            update = Update.model_validate_json(await request.read(), context={"bot": self._bot})
        except ValidationError:
            return web.Response(status=400, text="Not an update")
        result = await self._dispatcher.feed_update(self._bot, update)
        if isinstance(result, TelegramMethod):  # a handler that answers by returning a method
            await self._dispatcher.silent_call_request(self._bot, result)
        return web.Response(body=_ANSWERED, content_type="application/json")


class WebhookSessionMiddleware(BaseMiddleware):
    """The update's session (as bot.middlewares.DbSessionMiddleware), its first statement the claim."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        context: EventContext | None = data.get(EVENT_CONTEXT_KEY)
        user_id = context.user_id if context is not None else None
        try:
            async with self._session_factory() as session:
                params = {"update_id": event.update_id, "user_id": str(user_id) if user_id else None}
                if await session.scalar(_CLAIM, params) is None:
                    log.info("update %s was handled already: skipped", event.update_id)
                    return None
                data["session"] = session
                result = await handler(event, data)
                await session.commit()
                return result
        except (OperationalError, DisconnectionError, OSError, TimeoutError) as error:
            raise UpdateNotCommitted(type(error).__name__) from error
        except DBAPIError as error:
            if error.connection_invalidated:
                raise UpdateNotCommitted(type(error).__name__) from error
            raise


def fingerprint(settings: Settings, allowed_updates: list[str]) -> str:
    """What setWebhook would be told, hashed (the secret is part of it and is not kept)."""
    parts = [
        settings.webhook_url or "",
        settings.require_webhook_secret(),
        ",".join(sorted(allowed_updates)),
        str(settings.webhook_max_connections),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


async def agree_on_webhook(
    bot: Bot, engine: AsyncEngine, settings: Settings, allowed_updates: list[str]
) -> bool:
    """setWebhook, once across instances and only when something changed; True when it was called."""
    wanted = fingerprint(settings, allowed_updates)
    async with engine.connect() as conn:
        await conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SETTING_LOCK})
        try:
            stored = await conn.scalar(
                text("SELECT fingerprint FROM webhook_state WHERE bot_id = :bot"), {"bot": bot.id}
            )
            info = await bot.get_webhook_info()
            if stored == wanted and info.url == settings.webhook_url:
                return False
            await bot.set_webhook(
                url=settings.webhook_url or "",
                secret_token=settings.require_webhook_secret(),
                allowed_updates=allowed_updates,
                max_connections=settings.webhook_max_connections,
            )
            await conn.execute(
                text(
                    "INSERT INTO webhook_state (bot_id, fingerprint) VALUES (:bot, :print)"
                    " ON CONFLICT (bot_id) DO UPDATE SET fingerprint = :print, set_at = now()"
                ),
                {"bot": bot.id, "print": wanted},
            )
            await conn.commit()
            log.info("webhook set to %s", settings.webhook_url)
            return True
        finally:
            await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SETTING_LOCK})


async def _prune(engine: AsyncEngine, stop: asyncio.Event) -> None:
    """Records older than a day are dropped: Telegram stops delivering an update long before."""
    while not stop.is_set():
        try:
            async with engine.begin() as conn:
                await conn.execute(_PRUNE)
        except Exception as error:  # the next round tries again
            log.warning("cannot prune handled updates: %s", type(error).__name__)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), PRUNE_EVERY_SECONDS)


async def serve_webhook(
    settings: Settings,
    bot: Bot,
    dispatcher: Dispatcher,
    engine: AsyncEngine,
    add_routes: Callable[[web.Application], None],
) -> None:
    """Serve WEBHOOK_LISTEN until SIGTERM or Ctrl-C; requests in flight are finished first."""
    app = web.Application()
    handler = UpdateEndpoint(dispatcher, bot, settings.require_webhook_secret())
    app.router.add_post(urlsplit(settings.webhook_url or "").path or "/", handler)
    add_routes(app)  # /healthz, /readyz, /metrics on this port too
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=30.0)
    await runner.setup()
    host, port = await listen_on(runner, "WEBHOOK_LISTEN", settings.webhook_listen)
    log.info("taking updates on %s:%d", host, port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    pruning = asyncio.create_task(_prune(engine, stop))
    try:
        await stop.wait()
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        await pruning
        await runner.cleanup()
