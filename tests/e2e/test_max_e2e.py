"""`schoolbot run` with MAX_BOT_TOKEN serves both messengers from one process: a Telegram user and a
MAX user, each joining through the same invite handler, each answered in his own messenger."""

from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestServer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Staff
from tests.e2e.conftest import Sandbox
from tests.maxstub import T0, TOKEN, MaxRecorder

TEACHER_IN_MAX = {"user_id": 5151, "first_name": "Ольга", "last_name": "Попова", "is_bot": False}


async def test_one_bot_process_serves_telegram_and_max(sandbox: Sandbox, session: AsyncSession) -> None:
    personas = (await sandbox.demo())["personas"]
    recorder = MaxRecorder()
    server = TestServer(recorder.app())
    await server.start_server()
    max_url = str(server.make_url("")).rstrip("/")
    bot = await sandbox.start_bot(MAX_BOT_TOKEN=TOKEN, MAX_API_URL=max_url)
    try:
        # The coordinator in Telegram, as ever.
        _, screen = await sandbox.join(str(personas["coordinator"]["link"]), "Максим")
        assert screen.text.startswith("Координатор · Демо-лицей №1")
        # The teacher opens her link in MAX: https://max.ru/<bot>?start=<the same token>.
        token = str(personas["teacher"]["link"]).split("?start=", 1)[1]
        recorder.events.append({"update_type": "bot_started", "timestamp": T0, "chat_id": 808,
                                "user": TEACHER_IN_MAX, "payload": token})  # fmt: skip
        for _ in range(200):
            if recorder.messages_to(5151):
                break
            await asyncio.sleep(0.05)
        texts = [body["text"] for body in recorder.messages_to(5151)]
        assert any("Добро пожаловать" in text for text in texts), texts
        menu = recorder.messages_to(5151)[-1]
        labels = [button["text"] for row in menu["attachments"][0]["payload"]["buttons"] for button in row]
        assert "📅 Моё расписание" in labels
        staff = await session.scalar(select(Staff).where(Staff.tg_user_id == -5151))
        assert staff is not None and staff.last_name == "Попова"
    finally:
        await bot.stop()
        await server.close()
