"""`schoolbot run` with MAX_BOT_TOKEN serves both messengers from one process: a Telegram user and a
MAX user, each joining through the same invite handler, each answered in his own messenger."""

from __future__ import annotations

import asyncio
import datetime as dt

from aiohttp.test_utils import TestServer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Outbox, Staff, TgUser
from services.events import AnnouncementNotice
from services.notify import enqueue
from tests.e2e.conftest import Sandbox
from tests.maxstub import STOPPED_USER, T0, TOKEN, MaxRecorder

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
        for _ in range(200):  # the welcome, then the menu with its keyboard
            if any("attachments" in body for body in recorder.messages_to(5151)):
                break
            await asyncio.sleep(0.05)
        texts = [body["text"] for body in recorder.messages_to(5151)]
        assert any("Добро пожаловать" in text for text in texts), texts
        menu = next(body for body in recorder.messages_to(5151) if "attachments" in body)
        labels = [button["text"] for row in menu["attachments"][0]["payload"]["buttons"] for button in row]
        assert "📅 Моё расписание" in labels
        staff = await session.scalar(select(Staff).where(Staff.tg_user_id == -5151))
        assert staff is not None and staff.last_name == "Попова"

        # A notice for her goes out through MAX, from the outbox, as Telegram's do.
        notice = AnnouncementNotice(text="Педсовет в 15:00", sender="Администрация")
        now = dt.datetime.now(dt.UTC)
        recipients = [-5151, -STOPPED_USER]
        session.add(TgUser(id=-STOPPED_USER, chat_id=STOPPED_USER, first_name="Ушедший"))
        await session.flush()
        await enqueue(session, school_id=staff.school_id, recipients=recipients, event=notice, not_before=now)
        await session.commit()
        for _ in range(200):
            if any("Педсовет в 15:00" in body["text"] for body in recorder.messages_to(5151)):
                break
            await asyncio.sleep(0.05)
        assert any("Педсовет в 15:00" in body["text"] for body in recorder.messages_to(5151))
        rows = await _announcement_rows(session)
        for _ in range(100):
            if rows[-STOPPED_USER].status not in ("pending", "sending") and rows[-5151].status == "sent":
                break
            await asyncio.sleep(0.05)
            rows = await _announcement_rows(session)
        assert rows[-5151].status == "sent" and rows[-5151].sent_message_id is not None
        assert rows[-STOPPED_USER].status == "held"  # a MAX user who stopped the bot: kept for later
    finally:
        await bot.stop()
        await server.close()


async def _announcement_rows(session: AsyncSession) -> dict[int, Outbox]:
    session.expire_all()
    found = await session.scalars(select(Outbox).where(Outbox.kind == "announcement"))
    return {row.tg_user_id: row for row in found}
