"""One mother in both messengers: joined in Telegram, she adds MAX from «🔔 Уведомления» with a one-time
link and has the same journal there; each remark reaches her once, in the messenger she last wrote
from, or the one she chose; «Ознакомлен» works from either; stopping the MAX bot brings her messages
back to Telegram. The real `schoolbot run` against the fake Telegram and the fake MAX.
"""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Acknowledgement, Guardian, TgUser
from sandbox.driver import HttpUser
from tests.e2e.conftest import Sandbox
from tests.e2e.test_acknowledgements import _mother, _wait_for_message

LINK = re.compile(r"https://max\.ru/\S+\?start=(\S+)")


async def _remark(class_teacher: HttpUser, child: str, text: str) -> None:
    await class_teacher.send("/menu")
    await class_teacher.press("🧑‍🏫 Мой класс 5Б")
    await class_teacher.press(child)
    await class_teacher.press("✍️ Написать замечание")
    await class_teacher.send(text)
    sent = await class_teacher.press("📨 Отправить семье")
    assert "отправлено: 1 получатель" in sent.text, sent.text  # one mother, in one messenger


def _texts(sandbox: Sandbox, user: HttpUser) -> list[str]:
    return [message.text for message in sandbox.fake.messages(user.user_id)]


async def test_a_mother_adds_max_and_each_remark_reaches_her_once_where_she_wants(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    personas = (await sandbox.demo())["personas"]
    bot = await sandbox.start_bot()
    try:
        mother = await _mother(sandbox, personas, session)  # in Telegram
        class_teacher, _ = await sandbox.join(str(personas["class_teacher"]["link"]), "Ирина")
        children = personas["parent"]["children"]
        assert isinstance(children, list)
        child = str(children[0])

        screen = await mother.send("/notifications")
        assert "📱 Журнал у вас в Telegram. Можно подключить и MAX" in screen.text
        before = sandbox.fake.activity_version(mother.user_id)
        await mother.press("➕ Подключить MAX")
        offered = await _wait_for_message(sandbox, mother, before, "max.ru")
        assert "Не пересылайте её никому" in offered and "действует 24 часа" in offered
        found = LINK.search(offered)
        assert found is not None
        token = found.group(1)

        # Opened in Telegram by someone else: refused, and the link still works.
        stranger = await sandbox.users.user("Чужой")
        refused = await stranger.send(f"/start {token}")
        assert "Эту ссылку нужно открыть в MAX." in refused.text

        in_max = await sandbox.users.user("Ольга", messenger="max")
        await in_max.send(f"/start {token}")
        assert any("✅ MAX подключён: здесь тот же журнал" in text for text in _texts(sandbox, in_max))
        twin = await session.get(TgUser, in_max.user_id)
        assert twin is not None and twin.twin_of == mother.user_id
        # Her roles are her Telegram account's: no second guardian row, the menu of a parent.
        guardians = await session.scalar(select(func.count()).select_from(Guardian).where(
            Guardian.tg_user_id.in_([mother.user_id, in_max.user_id])))  # fmt: skip
        assert guardians == 1
        family = await in_max.send("/menu")
        assert "Родитель" in family.text, family.text

        # The link is spent: another MAX account cannot use it.
        other = await sandbox.users.user("Пётр", messenger="max")
        spent = await other.send(f"/start {token}")
        assert "Ссылка устарела или уже использована" in spent.text

        # She last wrote from MAX: the remark reaches her there, and not in Telegram.
        telegram_before = len(_texts(sandbox, mother))
        version = sandbox.fake.activity_version(in_max.user_id)
        await _remark(class_teacher, child, "Забыл форму на физкультуру.")
        told = await _wait_for_message(sandbox, in_max, version, "Забыл форму")
        assert "Замечание классного руководителя" in told
        pressed = await in_max.press("✅ Ознакомлен(а)")
        assert pressed.callback_answer is not None
        assert pressed.callback_answer.text == "Спасибо, отмечено: вы ознакомлены."
        acknowledged = await session.scalars(select(Acknowledgement.tg_user_id))
        assert list(acknowledged) == [mother.user_id]  # acknowledged by her, whichever messenger

        # She writes in Telegram: the next remark follows her there.
        await mother.send("/menu")
        max_before = len(_texts(sandbox, in_max))
        version = sandbox.fake.activity_version(mother.user_id)
        await _remark(class_teacher, child, "Опоздал на первый урок.")
        await _wait_for_message(sandbox, mother, version, "Опоздал")
        assert not any("Опоздал" in text for text in _texts(sandbox, in_max)[max_before:])
        assert not any("Забыл форму" in text for text in _texts(sandbox, mother)[telegram_before:])

        # She chooses MAX for good: writing from Telegram no longer moves her messages.
        screen = await mother.send("/notifications")
        assert "Журнал у вас в Telegram и MAX" in screen.text and "сейчас — в Telegram" in screen.text
        screen = await mother.press("📱 Куда писать: туда, где вы писали последним")
        screen = await mother.press("📱 Куда писать: Telegram")
        assert "Сообщения приходят: MAX (сейчас — в MAX)" in screen.text
        await mother.send("/menu")
        version = sandbox.fake.activity_version(in_max.user_id)
        await _remark(class_teacher, child, "Не сдал дневник на проверку.")
        await _wait_for_message(sandbox, in_max, version, "Не сдал дневник")

        # She stops the MAX bot: her messages come back to Telegram.
        await in_max.set_blocked(True)
        for _ in range(100):
            session.expire_all()
            principal = await session.get(TgUser, mother.user_id)
            if principal is not None and principal.chat_id == mother.user_id:
                break
            await asyncio.sleep(0.05)
        version = sandbox.fake.activity_version(mother.user_id)
        await _remark(class_teacher, child, "Сменная обувь снова дома.")
        await _wait_for_message(sandbox, mother, version, "Сменная обувь")
    finally:
        await bot.stop()
