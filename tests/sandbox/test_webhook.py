"""The fake Telegram's webhooks: each update POSTed with the secret header, kept and tried again after a
non-2xx answer, one chat's updates in order, getWebhookInfo's pending count and last error, and
getUpdates refused while a webhook is set."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from sandbox.telegram import FakeTelegram
from sandbox.webhook import SECRET_HEADER

TOKEN = "42:WEBHOOK-test"


class Receiver:
    """A bot's webhook endpoint that records what reaches it and fails when told to."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, str | None, str]] = []  # (update id, secret, text)
        self.fail_next = 0

    async def handle(self, request: web.Request) -> web.Response:
        update: dict[str, Any] = await request.json()
        text = update.get("message", {}).get("text", "")
        self.seen.append((update["update_id"], request.headers.get(SECRET_HEADER), text))
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=500)
        return web.json_response({})


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    got = Receiver()
    app = web.Application()
    app.router.add_post("/hook", got.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield got, f"http://127.0.0.1:{port}/hook"
    await runner.cleanup()


async def _until(condition: Any, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_updates_are_pushed_with_the_secret_and_retried_in_order(
    receiver: tuple[Receiver, str],
) -> None:
    got, url = receiver
    fake = FakeTelegram(TOKEN)
    try:
        status, _ = await fake.call(
            "setWebhook", {"url": url, "secret_token": "s3cret_-X", "max_connections": 5}
        )
        assert status == 200
        status, body = await fake.call("getUpdates", {})
        assert status == 409 and "webhook is active" in body["description"]

        anna, boris = fake.add_user("Анна"), fake.add_user("Борис")
        got.fail_next = 1  # the first delivery fails: it is tried again, and Anna's second waits for it
        fake.send_text(anna, "первое")
        fake.send_text(anna, "второе")
        fake.send_text(boris, "привет")
        await _until(lambda: fake.webhook_deliveries == 3)

        texts = [text for _, _, text in got.seen]
        assert texts.count("первое") == 2  # once refused, once taken
        assert texts.index("второе") > max(i for i, text in enumerate(texts) if text == "первое")
        assert {secret for _, secret, _ in got.seen} == {"s3cret_-X"}
        _, info = await fake.call("getWebhookInfo", {})
        assert info["result"]["url"] == url and info["result"]["pending_update_count"] == 0
        assert info["result"]["last_error_message"].startswith("Wrong response from the webhook: 500")
    finally:
        await fake.close()


async def test_a_webhook_that_is_down_keeps_the_updates_until_it_is_back(
    receiver: tuple[Receiver, str],
) -> None:
    got, url = receiver
    fake = FakeTelegram(TOKEN)
    try:
        await fake.call("setWebhook", {"url": "http://127.0.0.1:9/nowhere"})
        user = fake.add_user("Анна")
        fake.send_text(user, "ау")
        await asyncio.sleep(0.5)
        _, info = await fake.call("getWebhookInfo", {})
        assert info["result"]["pending_update_count"] == 1
        assert info["result"]["last_error_message"] == "Connection error: ClientConnectorError"
        await fake.call("setWebhook", {"url": url})
        await _until(lambda: fake.webhook_deliveries == 1, timeout=15)
        assert [text for _, _, text in got.seen] == ["ау"]
        await fake.call("deleteWebhook", {})
        status, body = await fake.call("getUpdates", {})
        assert status == 200 and body["result"] == []
    finally:
        await fake.close()


async def test_a_bad_secret_or_url_is_refused() -> None:
    fake = FakeTelegram(TOKEN)
    status, body = await fake.call("setWebhook", {"url": "http://x/hook", "secret_token": "no spaces"})
    assert status == 400 and "secret token" in body["description"]
    status, _ = await fake.call("setWebhook", {"url": "ftp://x/hook"})
    assert status == 400
