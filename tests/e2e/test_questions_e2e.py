"""A question on an announcement, answered under the very message, counted, then the post corrected and
withdrawn: the real `schoolbot run` against the sandbox's Telegram and MAX servers."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from models import School
from sandbox.driver import HttpUser
from sandbox.models import ChatMessage
from tests.e2e.conftest import Sandbox


async def _at_any_hour(session: AsyncSession) -> None:
    await session.execute(
        update(School).values(settings={"quiet_hours_start": "00:00:00", "quiet_hours_end": "00:00:00"})
    )
    await session.commit()


async def _delivered(sandbox: Sandbox, user: HttpUser, version: int, needle: str) -> ChatMessage:
    """The bot's message holding `needle`, once it is there (created or edited after `version`)."""
    for _ in range(5):
        version = await sandbox.fake.wait_for_activity(user.user_id, after_version=version)
        found = [m for m in sandbox.fake.messages(user.user_id) if m.from_bot and needle in m.text]
        if found:
            return found[-1]
    raise AssertionError(f"{needle!r} never reached the chat:\n{sandbox.fake.transcript(user.user_id)}")


async def test_a_mother_answers_under_the_message_and_sees_it_corrected_then_withdrawn_in_place(
    sandbox: Sandbox, session: AsyncSession, messenger: str
) -> None:
    personas = (await sandbox.demo())["personas"]
    await _at_any_hour(session)
    bot = await sandbox.start_bot()
    try:
        teacher, _ = await sandbox.join(str(personas["class_teacher"]["link"]), "Елена")
        mother, _ = await sandbox.join(
            str(personas["parent"]["link"]), "Ольга", consent=True, messenger=messenger
        )
        student, _ = await sandbox.join(str(personas["student"]["link"]), "Ярослав")
        child = str(personas["parent"]["children"][0]).split()[1]
        before = {u.user_id: sandbox.fake.activity_version(u.user_id) for u in (mother, student)}

        await teacher.send("/menu")
        await teacher.press("📰 Новости и события")
        await teacher.press("✍ Написать")
        await teacher.press("📢 Объявление")
        await teacher.press("5Б: ученики и родители")
        await teacher.send("Экскурсия в музей\nВ пятницу после 3-го урока.")
        await teacher.press("❓ Добавить вопрос")
        await teacher.press("✅ Да или нет")
        await teacher.press("👶 Родители — за каждого ребёнка")
        await teacher.press("♾ Без срока")
        screen = await teacher.press("✅ Опубликовать")
        assert "Опубликовано" in screen.text

        notice = await _delivered(sandbox, mother, before[mother.user_id], "Экскурсия в музей")
        assert "Ответьте за каждого ребёнка" in notice.text
        assert notice.labels[:1] == [[f"{child}: Да", f"{child}: Нет"]]
        students_copy = await _delivered(sandbox, student, before[student.user_id], "Экскурсия в музей")
        assert "На этот вопрос отвечают родители" in students_copy.text and not students_copy.labels

        screen = await mother.press(f"{child}: Да")  # under the delivered message itself
        assert screen.callback_answer is not None
        assert screen.callback_answer.text == f"{child}: ответ записан — Да"
        answered = next(m for m in sandbox.fake.messages(mother.user_id) if m.message_id == notice.message_id)
        assert answered.labels[:1] == [[f"✅ {child}: Да", f"{child}: Нет"]]

        await teacher.send("/menu")
        await teacher.press("📰 Новости и события")
        await teacher.press("📢 Объявления")
        await teacher.press("Экскурсия в музей")
        screen = await teacher.press("📊 Ответы")
        assert "Да: 1" in screen.text and "Нет: 0" in screen.text

        # The date was wrong: corrected, and her message reads corrected where it is.
        version = sandbox.fake.activity_version(mother.user_id)
        await teacher.press("◀ Назад")
        await teacher.press("✏️ Исправить")
        await teacher.send("Экскурсия в музей\nВ четверг после 4-го урока.")
        screen = await teacher.press("✅ Исправить")
        assert "исправлен" in screen.text and "на месте" in screen.text, screen.text
        corrected = await _delivered(sandbox, mother, version, "В четверг после 4-го урока")
        assert corrected.message_id == notice.message_id and corrected.edited
        assert "Исправлено" in corrected.text and "В пятницу" not in corrected.text
        assert corrected.labels[:1] == [[f"✅ {child}: Да", f"{child}: Нет"]]  # her answer still shown

        # Withdrawn: struck out where it is, its buttons gone; nothing new in her chat.
        count = len(sandbox.fake.messages(mother.user_id))
        version = sandbox.fake.activity_version(mother.user_id)
        await teacher.press("◀ Назад")
        await teacher.press("🗑 Отозвать")
        screen = await teacher.press("🗑 Да, отозвать")
        assert "Отозвано" in screen.text
        withdrawn = await _delivered(sandbox, mother, version, "🗑 Отозвано")
        assert withdrawn.message_id == notice.message_id and not withdrawn.labels
        assert "<s>" in withdrawn.html
        assert len(sandbox.fake.messages(mother.user_id)) == count
    finally:
        await bot.stop()
