"""MAX's side for tests: a recorder at MAX's HTTP boundary that answers as MAX's OpenAPI schema says
(POST /messages → SendMessageResult, PUT /messages and POST /answers → SimpleQueryResult, GET /me →
BotInfo, GET /updates → UpdateList with its marker, errors as {"code", "message"}), so that what the
bot sent is what a MAX user would see."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.max.updates import BotIdentity

TOKEN = "max-bot-token"
BOT = BotIdentity(user_id=9000, name="Школьный журнал", username="school_journal_bot")
STOPPED_USER = 13
T0 = 1764936000000  # MAX's times are milliseconds


@dataclass
class MaxRecorder:
    calls: list[tuple[str, str, dict[str, str], Any]] = field(default_factory=list)
    sent: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)  # what GET /updates serves, in order

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.Response:
        body: dict[str, Any] = await request.json() if request.can_read_body else {}
        self.calls.append((request.method, request.path, dict(request.query), body))
        if request.headers.get("Authorization") != TOKEN:
            return web.json_response({"code": "verify.token", "message": "Invalid access_token"}, status=401)
        if request.path == "/messages" and request.method == "POST":
            if request.query.get("user_id") == str(STOPPED_USER):
                return web.json_response({"code": "chat.denied", "message": "bot was stopped"}, status=403)
            self.sent += 1
            recipient = {"chat_type": "dialog", "user_id": int(request.query["user_id"])}
            message_body = {"mid": f"mid.{self.sent:04d}", "seq": self.sent, "text": body["text"]}
            return web.json_response(
                {"message": {"recipient": recipient, "timestamp": T0, "body": message_body}}
            )
        if request.path == "/updates":
            # The marker is how many were taken: what is before it is dropped, as MAX does.
            after = int(request.query.get("marker", 0))
            if after >= len(self.events):
                await asyncio.sleep(0.05)  # a short long poll
            return web.json_response({"updates": self.events[after:], "marker": len(self.events)})
        if request.path == "/me":
            me = {"user_id": BOT.user_id, "first_name": BOT.name, "username": BOT.username, "is_bot": True}
            return web.json_response(me)
        return web.json_response({"success": True})

    def messages_to(self, user_id: int) -> list[dict[str, Any]]:
        return [
            body
            for verb, path, query, body in self.calls
            if (verb, path) == ("POST", "/messages") and query.get("user_id") == str(user_id)
        ]
