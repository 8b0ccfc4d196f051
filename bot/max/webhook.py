"""MAX's production mode: MAX POSTs each update to MAX_WEBHOOK_URL, on the same server as Telegram's.

- A request without the right `X-Max-Bot-Api-Secret` is answered 401 before its body is read (the
  secret compared in constant time).
- The update is answered 200 only once its handling committed, through the same Dispatcher and its
  webhook middleware: the person's lock across instances and the table of handled updates (MAX's
  updates have no ids; bot/max/updates.py makes a stable one of the event), so an update MAX delivers
  again, to this instance or another, is handled once. A database out of reach is a 500, and MAX
  delivers the update again.
- Instances started together agree on one `POST /subscriptions`, as on Telegram's setWebhook: under
  the same advisory lock, only when what would be subscribed differs from what the last one stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from urllib.parse import urlsplit

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.max.polling import MaxUpdates
from bot.max.updates import HANDLED_TYPES
from bot.metrics import listen_on
from bot.settings import Settings
from bot.webhook import SETTING_LOCK

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Max-Bot-Api-Secret"
_ANSWERED = b'{"ok": true}'


class MaxUpdateEndpoint:
    """The POST MAX delivers an update with; answered 200 once the update's handling committed."""

    def __init__(self, updates: MaxUpdates, secret: str) -> None:
        self._updates = updates
        self._secret = secret.encode()

    async def __call__(self, request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), self._secret):
            return web.Response(status=401, text="Unauthorized")
        try:
            raw = json.loads(await request.read())
        except ValueError:
            raw = None
        if not isinstance(raw, dict) or not isinstance(raw.get("update_type"), str):
            return web.Response(status=400, text="Not an update")
        await self._updates.handle(raw)
        return web.Response(body=_ANSWERED, content_type="application/json")


def add_max_route(app: web.Application, updates: MaxUpdates, settings: Settings) -> None:
    path = urlsplit(settings.max_webhook_url or "").path or "/"
    app.router.add_post(path, MaxUpdateEndpoint(updates, settings.require_max_webhook_secret()))


def fingerprint(settings: Settings) -> str:
    parts = [settings.max_webhook_url or "", settings.require_max_webhook_secret(), ",".join(HANDLED_TYPES)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


async def agree_on_max_webhook(updates: MaxUpdates, engine: AsyncEngine, settings: Settings) -> bool:
    """POST /subscriptions, once across instances and only when something changed; True when called."""
    url = settings.max_webhook_url or ""
    wanted = fingerprint(settings)
    key = -updates.identity.user_id  # the MAX bot's row, apart from the Telegram bot's
    async with engine.connect() as conn:
        await conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SETTING_LOCK})
        try:
            stored = await conn.scalar(
                text("SELECT fingerprint FROM webhook_state WHERE bot_id = :bot"), {"bot": key}
            )
            current = await updates.api.subscriptions()
            if stored == wanted and url in current:
                return False
            await updates.api.subscribe(url, list(HANDLED_TYPES), settings.require_max_webhook_secret())
            await conn.execute(
                text(
                    "INSERT INTO webhook_state (bot_id, fingerprint) VALUES (:bot, :print)"
                    " ON CONFLICT (bot_id) DO UPDATE SET fingerprint = :print, set_at = now()"
                ),
                {"bot": key, "print": wanted},
            )
            await conn.commit()
            log.info("MAX: webhook subscribed at %s", url)
            return True
        finally:
            await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SETTING_LOCK})


async def serve_max_webhook(updates: MaxUpdates, settings: Settings, stop: asyncio.Event) -> None:
    """MAX by webhook while Telegram polls: a server of its own on WEBHOOK_LISTEN, until `stop`."""
    app = web.Application()
    add_max_route(app, updates, settings)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=30.0)
    await runner.setup()
    host, port = await listen_on(runner, "WEBHOOK_LISTEN", settings.webhook_listen)
    log.info("MAX: taking updates on %s:%d", host, port)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
