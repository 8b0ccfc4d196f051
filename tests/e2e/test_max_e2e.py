"""`schoolbot run` with MAX_BOT_TOKEN serves both messengers from one process: a Telegram user and a
MAX user, each joining through the same invite handler, each answered in his own messenger."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import aiohttp
from aiohttp.test_utils import TestServer
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Guardian, Outbox, School, Staff, TgUser
from services.events import AnnouncementNotice
from services.notify import enqueue
from tests.e2e.conftest import Sandbox, announce_now, free_port
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
        # Quiet hours off: the test runs at any hour (after 21:00 in Moscow the notice would wait).
        quiet_off = {"quiet_hours_start": "00:00:00", "quiet_hours_end": "00:00:00"}
        await session.execute(update(School).values(settings=quiet_off))
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


MAX_SECRET = "max_webhook-SECRET_7"


async def test_max_by_webhook_subscribes_once_refuses_the_unsigned_and_handles_a_repeat_once(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    personas = (await sandbox.demo())["personas"]
    port = free_port()
    hook = f"http://127.0.0.1:{port}/max/hook"
    bot = await sandbox.start_bot(
        MAX_WEBHOOK_URL=hook, MAX_WEBHOOK_SECRET=MAX_SECRET, WEBHOOK_LISTEN=f"127.0.0.1:{port}"
    )
    try:
        for _ in range(200):
            if sandbox.max.subscriptions:
                break
            await asyncio.sleep(0.05)
        [subscription] = sandbox.max.subscriptions
        assert subscription.url == hook and subscription.secret == MAX_SECRET
        assert set(subscription.update_types) == {
            "message_created",
            "message_callback",
            "bot_started",
            "bot_stopped",
        }

        # A mother opens her invite in MAX: MAX pushes bot_started, signed, and she is answered.
        mother, _ = await sandbox.join(
            str(personas["parent"]["link"]), "Ольга", consent=True, messenger="max"
        )
        guardian = await session.scalar(select(Guardian).where(Guardian.tg_user_id == mother.user_id))
        assert guardian is not None and guardian.consent_given_at is not None  # joined and consented
        assert sandbox.max.webhook_deliveries >= 2

        # Unsigned or wrongly signed: refused unread.
        update = {"update_type": "message_created", "timestamp": T0, "message": {
            "sender": {"user_id": -mother.user_id, "first_name": "Ольга", "is_bot": False},
            "recipient": {"chat_id": 1, "chat_type": "dialog"}, "timestamp": T0,
            "body": {"mid": "mid.repeat.1", "seq": 1, "text": "/help"}}}  # fmt: skip
        assert await _post(port, update, None) == 401
        assert await _post(port, update, "wrong-secret") == 401
        assert await _post(port, "not json", MAX_SECRET) == 400

        # The same update delivered twice, at once: one answer.
        before = len(sandbox.fake.messages(mother.user_id))
        statuses = await asyncio.gather(_post(port, update, MAX_SECRET), _post(port, update, MAX_SECRET))
        assert list(statuses) == [200, 200]
        await asyncio.sleep(0.5)
        answers = [m for m in sandbox.fake.messages(mother.user_id)[before:] if m.from_bot]
        assert len(answers) == 1, sandbox.fake.transcript(mother.user_id)
    finally:
        await bot.stop()

    # A second start on the same settings finds the subscription in place and leaves it.
    subscribed = [c for c in sandbox.max.calls if (c.verb, c.path) == ("POST", "/subscriptions")]
    again = await sandbox.start_bot(
        MAX_WEBHOOK_URL=hook, MAX_WEBHOOK_SECRET=MAX_SECRET, WEBHOOK_LISTEN=f"127.0.0.1:{port}"
    )
    try:
        for _ in range(40):
            if "MAX: running as" in again.output():
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)
        assert [c for c in sandbox.max.calls if (c.verb, c.path) == ("POST", "/subscriptions")] == subscribed
    finally:
        await again.stop()


async def _post(port: int, update: dict[str, object] | str, secret: str | None) -> int:
    headers = {"X-Max-Bot-Api-Secret": secret} if secret is not None else {}
    body = update if isinstance(update, str) else json.dumps(update)
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"http://127.0.0.1:{port}/max/hook",
            data=body,
            headers={**headers, "Content-Type": "application/json"},
        ) as reply,
    ):
        return reply.status


async def test_a_max_only_school_needs_no_telegram_token(sandbox: Sandbox, session: AsyncSession) -> None:
    """No BOT_TOKEN, only MAX_BOT_TOKEN: the bot, the sender and the invites work in MAX alone."""
    personas = (await sandbox.demo())["personas"]
    asked = len(sandbox.fake.calls("getMe"))  # the demo's CLI asked Telegram for the links; the bot won't
    bot = await sandbox.start_bot(BOT_TOKEN=None, BOT_API_URL=None, ready_line="MAX: running as")
    try:
        mother, screen = await sandbox.join(
            str(personas["parent"]["link"]), "Ольга", consent=True, messenger="max"
        )
        assert screen.text.startswith("Родитель · Демо-лицей №1")
        guardian = await session.scalar(select(Guardian).where(Guardian.tg_user_id == mother.user_id))
        assert guardian is not None
        school_id = guardian.school_id
        await session.commit()
        before = sandbox.fake.activity_version(mother.user_id)
        await announce_now(session, school_id, mother.user_id, "Собрание в четверг")
        await sandbox.fake.wait_for_activity(mother.user_id, after_version=before, timeout=15)
        assert "Собрание в четверг" in sandbox.fake.messages(mother.user_id)[-1].text
        # Telegram was never asked for anything.
        assert len(sandbox.fake.calls("getMe")) == asked and not sandbox.fake.calls("getUpdates")
    finally:
        await bot.stop()
    assert "Traceback" not in bot.output()
