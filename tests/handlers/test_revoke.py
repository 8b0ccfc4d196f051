"""The coordinator closes access: a teacher's from his staff card (he then sees nothing and his waiting
messages are cancelled); never his own; and nobody else may, whatever button he sends."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import RevokeCb
from models import Outbox, Staff
from services.events import AnnouncementNotice
from services.notify import enqueue
from tests.handlers.conftest import Harness


async def test_a_teacher_s_access_is_closed_and_his_waiting_messages_cancelled(
    harness: Harness, session: AsyncSession
) -> None:
    coordinator, _ = await harness.join("coordinator")
    teacher, _ = await harness.join("teacher")
    assert harness.school is not None
    await enqueue(
        session,
        school_id=harness.school.school_id,
        recipients=[teacher.user_id],
        event=AnnouncementNotice(text="Педсовет", sender="Завуч", audience="staff"),
        not_before=harness.clock.now(),
    )
    await session.commit()

    await coordinator.send("/start")
    await coordinator.press("👥 Сотрудники")
    name = harness.school.personas["teacher"].name
    await coordinator.press(
        next(
            label for row in (await coordinator.screen()).buttons for label in row if name.split()[0] in label
        )
    )
    screen = await coordinator.press("🚫 Закрыть доступ")
    assert f"Закрыть доступ к журналу — {name}?" in screen.text
    screen = await coordinator.press("🚫 Да, закрыть доступ")
    assert f"Доступ закрыт: {name}. Не будет отправлено 1 сообщение." in screen.text

    staff = await session.scalar(select(Staff).where(Staff.last_name == name.split()[0]))
    assert staff is not None and staff.tg_user_id is None
    waiting = await session.scalar(select(Outbox.status).where(Outbox.tg_user_id == teacher.user_id))
    assert waiting == "cancelled"
    screen = await teacher.send("/today")
    assert "Чтобы войти, откройте ссылку-приглашение" in screen.text  # /today: he is nobody here now
    audit = await session.scalar(text("SELECT count(*) FROM audit_log WHERE action = 'access.revoked'"))
    assert audit == 1


async def test_not_his_own_and_not_by_anyone_else(harness: Harness, session: AsyncSession) -> None:
    coordinator, _ = await harness.join("coordinator")
    class_teacher, _ = await harness.join("class_teacher")
    own = await session.scalar(select(Staff.id).where(Staff.tg_user_id == coordinator.user_id))
    other = await session.scalar(select(Staff.id).where(Staff.tg_user_id == class_teacher.user_id))
    assert own is not None and other is not None

    screen = await coordinator.send("/start")
    assert screen.current is not None
    screen = await coordinator.press_data(
        screen.current.message_id, RevokeCb(whose="staff", person_id=own, confirm=1).pack()
    )
    assert screen.callback_answer is not None
    assert screen.callback_answer.text == "Свой собственный доступ закрыть нельзя."

    screen = await class_teacher.send("/start")
    assert screen.current is not None
    forged = RevokeCb(whose="staff", person_id=own, confirm=1).pack()
    await class_teacher.press_data(screen.current.message_id, forged, expect_reply=False)
    assert await session.scalar(select(Staff.tg_user_id).where(Staff.id == own)) == coordinator.user_id
    assert await session.scalar(select(Staff.tg_user_id).where(Staff.id == other)) == class_teacher.user_id
