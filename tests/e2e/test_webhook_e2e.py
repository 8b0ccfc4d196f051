"""The real `schoolbot run` in webhook mode against the fake Telegram: it sets the webhook once (a second
instance started on the same settings does not set it again), people are served through it, a request
without the secret is refused unread, and an update delivered twice, to one instance or to two at
once, is handled once."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import aiohttp

from tests.e2e.conftest import BotProcess, Sandbox, free_port

SECRET = "test_webhook-SECRET_42"
WAIT = 15.0


async def _start(sandbox: Sandbox, port: int, public_port: int | None = None) -> BotProcess:
    """An instance listening on `port`; Telegram is told to call `public_port` (the first instance)."""
    return await sandbox.start_bot(
        WEBHOOK_URL=f"http://127.0.0.1:{public_port or port}/telegram/hook",
        WEBHOOK_LISTEN=f"127.0.0.1:{port}",
        WEBHOOK_SECRET=SECRET,
    )


async def _post(port: int, update: dict[str, Any] | str, secret: str | None = SECRET) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    url = f"http://127.0.0.1:{port}/telegram/hook"
    async with aiohttp.ClientSession() as http:
        if isinstance(update, str):
            reply = await http.post(url, data=update, headers={**headers, "Content-Type": "application/json"})
        else:
            reply = await http.post(url, json=update, headers=headers)
        async with reply:
            return reply.status


async def _until(condition: Any, timeout: float = WAIT) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.1)


async def test_a_webhook_instance_serves_people_once_per_update(sandbox: Sandbox) -> None:
    personas = (await sandbox.demo())["personas"]
    first_port, second_port = free_port(), free_port()
    first = await _start(sandbox, first_port)
    second: BotProcess | None = None
    try:
        await _until(lambda: len(sandbox.fake.calls("setWebhook")) == 1)
        [set_call] = sandbox.fake.calls("setWebhook")
        assert set_call.params["url"].endswith(f":{first_port}/telegram/hook")
        assert set_call.params["secret_token"] == SECRET
        assert set(set_call.params["allowed_updates"]) >= {"message", "callback_query"}

        # A second instance on the same settings finds the webhook set and leaves it alone.
        second = await _start(sandbox, second_port, public_port=first_port)
        await asyncio.sleep(1.0)
        assert len(sandbox.fake.calls("setWebhook")) == 1

        teacher, screen = await sandbox.join(str(personas["teacher"]["link"]), "Ольга")
        assert "Учитель · Демо-лицей №1" in screen.text  # served through the webhook
        assert sandbox.fake.webhook_deliveries >= 1

        # Without the secret, or with a wrong one: 401, and the body is not even read.
        assert await _post(first_port, "not json at all", secret=None) == 401
        assert await _post(first_port, "not json at all", secret="wrong") == 401
        # With the secret, a body that is not an update is refused as such (delivering it again would
        # not make it one), and the instance goes on serving.
        assert await _post(first_port, "not json at all") == 400
        assert await _post(first_port, {"update_id": "nine"}) == 400

        # The same update to both instances at once (a redelivery racing the first delivery): one answer.
        before = len(sandbox.fake.calls("sendMessage"))
        update = {
            "update_id": 900_001,
            "message": {
                "message_id": 9_001,
                "date": 1_764_900_000,
                "chat": {"id": teacher.user_id, "type": "private", "first_name": "Ольга"},
                "from": {"id": teacher.user_id, "is_bot": False, "first_name": "Ольга"},
                "text": "/menu",
                "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            },
        }
        statuses = await asyncio.gather(_post(first_port, update), _post(second_port, copy.deepcopy(update)))
        assert list(statuses) == [200, 200]
        await asyncio.sleep(1.0)
        assert len(sandbox.fake.calls("sendMessage")) == before + 1
        # And once more, later: a replay changes nothing.
        assert await _post(second_port, update) == 200
        await asyncio.sleep(0.5)
        assert len(sandbox.fake.calls("sendMessage")) == before + 1
    finally:
        if second is not None:
            await second.stop()
        await first.stop()
    assert "Traceback" not in first.output()
