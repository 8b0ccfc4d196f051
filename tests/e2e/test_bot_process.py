"""The real `schoolbot demo` and `schoolbot run` processes, and people joining through links."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Invite, Staff
from services.invites import hash_token
from tests.e2e.conftest import BOT_USERNAME, Sandbox


def _labels(buttons: list[list[str]]) -> set[str]:
    return {label for row in buttons for label in row}


async def test_every_persona_joins_and_sees_its_menu(sandbox: Sandbox) -> None:
    demo = await sandbox.demo()
    personas = demo["personas"]
    assert demo["bot"] == BOT_USERNAME
    assert set(personas) >= {"coordinator", "deputy", "teacher", "class_teacher", "parent", "student"}
    assert all(p["link"].startswith(f"https://t.me/{BOT_USERNAME}?start=") for p in personas.values())
    bot = await sandbox.start_bot()
    try:
        expected = {
            "coordinator": ("Координатор", "👥 Сотрудники"),
            "deputy": ("Заместитель директора", "🏫 Классы"),
            "teacher": ("Учитель", "📅 Моё расписание"),
            "class_teacher": ("Классный руководитель", "🧑‍🏫 Мой класс 5Б"),
            "parent": ("Родитель", "📅 Расписание"),
            "student": ("Ученик", "📅 Расписание"),
        }
        for key, (title, button) in expected.items():
            persona = personas[key]
            _, screen = await sandbox.join(
                persona["link"], persona["name"].split()[1], consent=persona["role"] == "parent"
            )
            assert screen.text.startswith(f"{title} · Демо-лицей №1"), (key, screen.text)
            assert button in _labels(screen.buttons), (key, screen.buttons)
        # The commands menu next to the text box was set, in both languages.
        assert sandbox.fake.commands(language_code="")
        assert sandbox.fake.commands(language_code="en")
    finally:
        await bot.stop()


async def test_parent_joins_through_a_class_teachers_link(sandbox: Sandbox) -> None:
    personas = (await sandbox.demo())["personas"]
    bot = await sandbox.start_bot()
    try:
        class_teacher, _ = await sandbox.join(personas["class_teacher"]["link"], "Елена")
        await class_teacher.press("🧑‍🏫 Мой класс 5Б")
        child = personas["parent_two_children"]["children"][0]
        screen = await class_teacher.press(child)
        parent_name = personas["parent_two_children"]["name"]
        screen = await class_teacher.press(f"🔗 Ссылка: {parent_name}")
        message = screen.messages[-1].text
        assert f"Ученик: {child}, 5Б\nКому: {parent_name}" in message
        link = next(word for word in message.split() if word.startswith("https://t.me/"))

        parent, screen = await sandbox.join(link, "Юлия")
        assert "Согласие на обработку персональных данных" in screen.text
        screen = await parent.press("✅ Даю согласие")
        assert screen.text.startswith("Родитель · Демо-лицей №1")
        screen = await class_teacher.press("◀ Назад")
        screen = await class_teacher.press(child)  # the card is edited in place, above the link message
        assert f"• {parent_name} — в боте ✅" in screen.messages[-1].text
    finally:
        await bot.stop()


async def test_used_expired_and_made_up_links_are_refused(sandbox: Sandbox, session: AsyncSession) -> None:
    personas = (await sandbox.demo())["personas"]
    async with session.begin():  # the deputy's link expired yesterday
        await session.execute(
            update(Invite)
            .where(Invite.token_hash == hash_token(personas["deputy"]["token"]))
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
        )
    bot = await sandbox.start_bot()
    try:
        await sandbox.join(personas["teacher"]["link"], "Ольга")
        stranger = await sandbox.users.user("Незнакомец")
        screen = await stranger.send(f"/start {personas['teacher']['token']}")
        assert screen.text.startswith("Эта ссылка уже использована")
        screen = await stranger.send(f"/start {personas['deputy']['token']}")
        assert screen.text.startswith("Срок действия ссылки истёк")
        screen = await stranger.send("/start totally-made-up-token-000000000000")
        assert screen.text.startswith("Ссылка не найдена")
        bound = (await session.scalars(select(Staff.id).where(Staff.tg_user_id == stranger.user_id))).all()
        assert bound == []
    finally:
        await bot.stop()


async def test_parent_pressing_a_forged_teacher_button_is_refused(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    personas = (await sandbox.demo())["personas"]
    bot = await sandbox.start_bot()
    try:
        parent, screen = await sandbox.join(personas["parent"]["link"], "Ольга", consent=True)
        invites_before = len((await session.scalars(select(Invite.id))).all())
        assert screen.current is not None
        # A class teacher's "link for the student" button, forged with a real class and student id.
        screen = await parent.press_data(screen.current.message_id, "fi:u:2:30:0:0")
        assert screen.callback_answer is not None
        assert screen.callback_answer.text == "Эта кнопка больше не действует. Откройте меню заново: /menu"
        assert len((await session.scalars(select(Invite.id))).all()) == invites_before
    finally:
        await bot.stop()


async def test_a_restarted_bot_picks_up_a_half_finished_conversation(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    personas = (await sandbox.demo())["personas"]
    bot = await sandbox.start_bot()
    coordinator, _ = await sandbox.join(personas["coordinator"]["link"], "Максим")
    await coordinator.press("👥 Сотрудники")
    screen = await coordinator.press("➕ Добавить сотрудника")
    assert "Напишите ФИО сотрудника" in screen.text
    await bot.stop(kill=True)  # no goodbye: kill -9

    bot = await sandbox.start_bot()
    try:
        screen = await coordinator.send("Сидорова Мария Петровна")
        assert screen.text.startswith("Роли для Сидорова Мария Петровна")
        screen = await coordinator.press("✅ Сохранить")
        assert "Кому: Сидорова Мария Петровна — учитель" in screen.messages[-1].text
        assert await session.scalar(select(Staff.id).where(Staff.last_name == "Сидорова")) is not None
    finally:
        await bot.stop()


async def test_an_update_sent_while_the_bot_was_down_is_answered_after_restart(sandbox: Sandbox) -> None:
    personas = (await sandbox.demo())["personas"]
    bot = await sandbox.start_bot()
    teacher, _ = await sandbox.join(personas["teacher"]["link"], "Ольга")
    await bot.stop()
    sandbox.fake.send_text(teacher.user_id, "/help")  # typed while the bot was down
    version = sandbox.fake.activity_version(teacher.user_id)
    bot = await sandbox.start_bot()
    try:
        await sandbox.fake.wait_for_activity(teacher.user_id, version, timeout=20)
        messages = await teacher.messages()
        assert any("Команды:" in message.text for message in messages)
    finally:
        await bot.stop()
