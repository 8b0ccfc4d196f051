"""«Ознакомлен»: the class teacher's remark and a final mark reach the mother with the button, she
presses it, and the class teacher sees who has and who has not read them. The real `schoolbot run`
against the sandbox's Bot API server, everyone pressing buttons by their labels.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import AckCb
from models import Acknowledgement, Period, Student, Subject, TeachingAssignment, TgUser
from sandbox.driver import HttpUser
from services import finals
from services.audit import CLI
from tests.e2e.conftest import Sandbox

REMARK = "Третий день подряд без сменной обуви."


async def _mother(
    sandbox: Sandbox,
    personas: dict[str, dict[str, object]],
    session: AsyncSession,
    messenger: str = "telegram",
) -> HttpUser:
    link = str(personas["parent"]["link"])
    mother, _ = await sandbox.join(link, "Ольга", consent=True, messenger=messenger)
    # Quiet hours off: the test runs at any hour of the day.
    await session.execute(
        update(TgUser).where(TgUser.id == mother.user_id).values(preferences={"quiet_hours": False})
    )
    await session.commit()
    return mother


async def _wait_for_message(sandbox: Sandbox, user: HttpUser, version: int, needle: str) -> str:
    for _ in range(3):
        await sandbox.fake.wait_for_activity(user.user_id, after_version=version, timeout=10)
        text = sandbox.fake.messages(user.user_id)[-1].text
        if needle in text:
            return text
        version = sandbox.fake.activity_version(user.user_id)
    raise AssertionError(f"{needle!r} never reached the chat")


async def test_a_remark_and_a_final_mark_are_acknowledged_and_the_class_teacher_sees_who(
    sandbox: Sandbox, session: AsyncSession, messenger: str
) -> None:
    personas = (await sandbox.demo())["personas"]
    bot = await sandbox.start_bot()
    try:
        mother = await _mother(sandbox, personas, session, messenger)
        class_teacher, _ = await sandbox.join(str(personas["class_teacher"]["link"]), "Ирина")
        children = personas["parent"]["children"]
        assert isinstance(children, list)
        child = str(children[0])

        # The class teacher writes a remark from the child's card: 3 taps and the text.
        await class_teacher.send("/menu")
        await class_teacher.press("🧑‍🏫 Мой класс 5Б")
        await class_teacher.press(child)
        asked = await class_teacher.press("✍️ Написать замечание")
        assert "напишите его одним сообщением" in asked.text
        preview = await class_teacher.send(REMARK)
        assert REMARK in preview.text and "Отправить родителям и ученику?" in preview.text
        before = sandbox.fake.activity_version(mother.user_id)
        sent = await class_teacher.press("📨 Отправить семье")
        assert "отправлено: 1 получатель" in sent.text  # the mother; the child has not joined

        told = await _wait_for_message(sandbox, mother, before, REMARK)
        assert "Замечание классного руководителя" in told
        pressed = await mother.press("✅ Ознакомлен(а)")
        assert pressed.callback_answer is not None
        assert pressed.callback_answer.text == "Спасибо, отмечено: вы ознакомлены."
        stamped = sandbox.fake.messages(mother.user_id)[-1]
        assert any(
            label.startswith("✅ Ознакомлен(а) ") and label != "✅ Ознакомлен(а)"
            for row in stamped.labels
            for label in row
        )
        again = await mother.press_data(stamped.message_id, AckCb().pack())  # a second press: still one row
        assert (
            again.callback_answer is not None
            and again.callback_answer.text == "Спасибо, отмечено: вы ознакомлены."
        )

        # A forged press on a message that brought nothing to acknowledge records nothing.
        first = next(m for m in sandbox.fake.messages(mother.user_id) if m.from_bot)
        forged = await mother.press_data(first.message_id, AckCb().pack())
        assert (
            forged.callback_answer is not None and forged.callback_answer.text == "Здесь нечего подтверждать."
        )
        assert await session.scalar(select(func.count()).select_from(Acknowledgement)) == 1

        # The class teacher sees it: 1 of 1 joined read it; the child is not in the bot.
        await class_teacher.send("/menu")
        await class_teacher.press("🧑‍🏫 Мой класс 5Б")
        remarks = await class_teacher.press("📝 Замечания")
        line = next(label for row in remarks.buttons for label in row if "ознакомлены" in label)
        assert line.endswith("ознакомлены 1 из 1"), line
        card = await class_teacher.press(line)
        assert REMARK in card.text
        assert "✅ " in card.text and "— ознакомлен(а)" in card.text
        assert "(ученик) — не подключён(а) к боту" in card.text

        # A final mark set by the subject's teacher: the mother is told, with the same button.
        student = await session.scalar(select(Student).where(Student.last_name == child.split()[0]))
        assert student is not None
        assignment = await session.scalar(
            select(TeachingAssignment).where(TeachingAssignment.class_id == student.class_id).limit(1)
        )
        period = await session.scalar(select(Period).where(Period.kind == "trimester", Period.number == 1))
        assert assignment is not None and period is not None
        subject = await session.get(Subject, assignment.subject_id)
        assert subject is not None
        before = sandbox.fake.activity_version(mother.user_id)
        await finals.set_final(
            session,
            CLI,
            student_id=student.id,
            subject_id=subject.id,
            period_id=period.id,
            value=5,
            now=dt.datetime.now(dt.UTC),
        )
        await session.commit()
        told = await _wait_for_message(sandbox, mother, before, "Итоговая оценка")
        assert f"{subject.name}, 1-й триместр: 5" in told
        await mother.press("✅ Ознакомлен(а)")

        await class_teacher.send("/menu")
        await class_teacher.press("🧑‍🏫 Мой класс 5Б")
        await class_teacher.press("🏁 Итоговые: ознакомление")
        screen = await class_teacher.press("1-й триместр")
        assert f"✅ {student.short_name} — ознакомлены с 1 из 1" in screen.text
    finally:
        await bot.stop()
