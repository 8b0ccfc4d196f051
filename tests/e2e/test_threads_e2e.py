"""A parent ↔ teacher conversation through the real `schoolbot run`: the mother writes to her son's
Russian teacher, the teacher answers with «↩ Ответить», each sees the other's words but not the other's
account; nothing offers to delete a message, a forged attempt deletes nothing, and the coordinator
exports the whole thread from the command line."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Guardian, School, Thread, ThreadMessage
from tests.e2e.conftest import Sandbox

WAIT = 10.0


async def test_a_parent_and_a_teacher_talk_in_a_thread_that_nobody_can_delete(
    sandbox: Sandbox, session: AsyncSession, messenger: str
) -> None:
    personas = (await sandbox.demo())["personas"]
    await session.execute(
        update(School).values(settings={"quiet_hours_start": "00:00:00", "quiet_hours_end": "00:00:00"})
    )
    await session.commit()
    bot = await sandbox.start_bot()
    try:
        teacher, _ = await sandbox.join(str(personas["teacher"]["link"]), "Ольга")
        mother, _ = await sandbox.join(
            str(personas["parent"]["link"]), "Мама", consent=True, messenger=messenger
        )
        child = str(personas["parent"]["children"][0])

        await mother.send("/menu")
        screen = await mother.press("✉️ Написать учителю")
        assert "Смирнова Е. В. — классный руководитель" in screen.buttons[0][0]
        await mother.press("Попова О. Н. — Литература, Русский язык")
        before = sandbox.fake.activity_version(teacher.user_id)
        screen = await mother.send("Здравствуйте! Сын болел, можно сдать сочинение в пятницу?")
        assert "Получатель: Попова О. Н." in screen.text and ".." not in screen.text

        await sandbox.fake.wait_for_activity(teacher.user_id, after_version=before, timeout=WAIT)
        told = sandbox.fake.messages(teacher.user_id)[-1]
        assert told.text.startswith("✉️ Сообщение от ")
        assert child in told.text and "можно сдать сочинение в пятницу?" in told.text
        assert told.labels == [["↩ Ответить", "🔕 Не присылать эту переписку"]]
        assert str(mother.user_id) not in told.text and "Мама" not in told.text  # her account stays hers

        await teacher.press("↩ Ответить")
        before = sandbox.fake.activity_version(mother.user_id)
        screen = await teacher.send("Да, конечно. Жду в пятницу.")
        # The confirmation names who received it: the mother, as the school knows her, not the child.
        mother_name = await session.scalar(
            select(Guardian.last_name).where(Guardian.tg_user_id == mother.user_id)
        )
        assert "Сообщение отправлено" in screen.text and f"Получатель: {mother_name}" in screen.text
        assert child not in screen.text
        await sandbox.fake.wait_for_activity(mother.user_id, after_version=before, timeout=WAIT)
        answer = sandbox.fake.messages(mother.user_id)[-1]
        assert answer.text.startswith("✉️ Сообщение от Попова О. Н.")
        assert "Да, конечно. Жду в пятницу." in answer.text
        assert answer.labels == [["↩ Ответить"]]

        # Nothing offers to delete, and a made-up «delete» button deletes nothing.
        for user in (mother, teacher):
            labels = [label for m in sandbox.fake.messages(user.user_id) for row in m.labels for label in row]
            assert not any("Удал" in label for label in labels)
        thread_id = await session.scalar(select(Thread.id))
        assert thread_id is not None
        await mother.press_data(answer.message_id, f"th:d:0:0:{thread_id}", expect_reply=False)
        kept = await session.scalar(select(func.count()).select_from(ThreadMessage))
        assert kept == 2

        exported = await sandbox.cli("thread", "export", str(thread_id))
        assert exported.returncode == 0, exported.stderr
        lines = exported.stdout.splitlines()
        assert lines[0] == f"#{thread_id}: Попова Ольга Николаевна — {child}"
        # Each message under its writer's name as it was then: the mother's, not the child's.
        assert mother_name and f"] {mother_name} " in lines[1]
        assert lines[1].endswith("(семья): Здравствуйте! Сын болел, можно сдать сочинение в пятницу?")
        assert lines[2].endswith("Попова Ольга Николаевна: Да, конечно. Жду в пятницу.")
    finally:
        await bot.stop()
