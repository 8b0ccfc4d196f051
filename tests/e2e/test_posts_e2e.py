"""News and announcements through the real `schoolbot run` and the sandbox's Bot API server: a class
announcement reaches exactly that class's parents and students, a staff-room item never reaches a
parent, nor opens for her with a forged button."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PostAction, PostCb
from models import Post, School
from sandbox.driver import HttpUser
from tests.e2e.conftest import Sandbox

QUIET_WAIT = 3.0  # seconds a chat that must get nothing is watched (the sender polls every second)


async def _at_any_hour(session: AsyncSession) -> None:
    """No quiet hours in the school: the test runs whatever the time of day."""
    await session.execute(
        update(School).values(settings={"quiet_hours_start": "00:00:00", "quiet_hours_end": "00:00:00"})
    )
    await session.commit()


async def _publish(writer: HttpUser, kind: str, audience: list[str], body: str) -> None:
    await writer.send("/menu")
    await writer.press("📰 Новости и события")
    await writer.press("✍ Написать")
    await writer.press(kind)
    for label in audience:
        await writer.press(label)
    await writer.send(body)
    screen = await writer.press("✅ Опубликовать")
    assert "Опубликовано" in screen.text, screen.text


async def _told(sandbox: Sandbox, user: HttpUser, version: int, needle: str) -> bool:
    """Whether `needle` reaches the chat within a few seconds of `version`."""
    await sandbox.fake.wait_for_activity(
        user.user_id, after_version=version, timeout=QUIET_WAIT, require=False
    )
    return any(needle in message.text for message in sandbox.fake.messages(user.user_id))


async def test_a_class_announcement_reaches_that_class_only_and_a_staff_room_item_no_parent(
    sandbox: Sandbox, session: AsyncSession, messenger: str
) -> None:
    """The deputy and the mother in the messenger under test, the others in Telegram."""
    personas = (await sandbox.demo())["personas"]
    # A parent of another class (1А), joined through a link the class's invites give.
    links = await sandbox.cli("invite", "--class", "1А", "--parents")
    assert links.returncode == 0, links.stderr
    other_link = next(line.split("\t")[1] for line in links.stdout.splitlines() if "\thttps://" in line)
    await _at_any_hour(session)
    bot = await sandbox.start_bot()
    try:
        deputy, _ = await sandbox.join(str(personas["deputy"]["link"]), "Наталья", messenger=messenger)
        teacher, _ = await sandbox.join(str(personas["class_teacher_9"]["link"]), "Андрей")
        mother, _ = await sandbox.join(
            str(personas["parent"]["link"]), "Ольга", consent=True, messenger=messenger
        )
        student, _ = await sandbox.join(str(personas["student"]["link"]), "Ярослав")
        stranger, _ = await sandbox.join(other_link, "Ирина", consent=True)
        people = {"teacher": teacher, "mother": mother, "student": student, "stranger": stranger}
        before = {name: sandbox.fake.activity_version(user.user_id) for name, user in people.items()}

        await _publish(
            deputy,
            "📢 Объявление",
            ["👪 Классу…", "5Б", "5Б: ученики и родители"],
            "Родительское собрание 5Б\nЧетверг, 18:00, кабинет 105.",
        )
        told = {
            name: await _told(sandbox, user, before[name], "кабинет 105") for name, user in people.items()
        }
        assert told == {"teacher": False, "mother": True, "student": True, "stranger": False}
        notice = sandbox.fake.messages(mother.user_id)[-1].text
        assert notice.startswith("📢 Объявление (5Б) · Федорова Н. И.")

        before = {name: sandbox.fake.activity_version(user.user_id) for name, user in people.items()}
        await _publish(deputy, "📰 Новость", ["👩‍🏫 Учительская (только сотрудники)"], "Педсовет в пятницу")
        told = {name: await _told(sandbox, user, before[name], "Педсовет") for name, user in people.items()}
        assert told == {"teacher": True, "mother": False, "student": False, "stranger": False}

        # The mother asks for it anyway, with buttons of her own making.
        staff_post = await session.scalar(select(Post.id).where(Post.audience == "staff"))
        assert staff_post is not None
        screen = await mother.send("/menu")
        await mother.press("📰 Новости и события")
        screen = await mother.press("📰 Новости")
        assert "Педсовет" not in screen.text
        assert screen.current is not None
        for action in (PostAction.OPEN, PostAction.ICS):
            forged = PostCb(action=action, post_id=staff_post).pack()
            screen = await mother.press_data(screen.current.message_id, forged)
            assert screen.callback_answer is not None
            assert screen.callback_answer.text == "Это действие вам недоступно."
        assert not any("Педсовет" in m.text for m in sandbox.fake.messages(mother.user_id))
        assert not any(m.document for m in sandbox.fake.messages(mother.user_id))
    finally:
        await bot.stop()
