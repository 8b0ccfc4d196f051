"""The coordinator's staff screens and a class teacher's links, including forged buttons."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import func, select, update

from bot.callbacks import FamilyAction, FamilyInviteCb, StaffAction, StaffCb
from bot.links import InviteLinks
from models import AuditLog, Invite, School, SchoolClass, Staff, Student
from tests.handlers.conftest import BOT_USERNAME, Harness


async def _invite_count(harness: Harness) -> int:
    async with harness.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(Invite)) or 0)


async def test_coordinator_adds_a_teacher_and_gets_a_link_to_forward(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    screen = await coordinator.press("👥 Сотрудники")
    assert screen.text.startswith("Сотрудники: 10, в боте 1.")
    assert any(label.startswith("✅ Орлов Максим Евгеньевич") for row in screen.buttons for label in row)
    screen = await coordinator.press("➕ Добавить сотрудника")
    assert "Напишите ФИО" in screen.text
    screen = await coordinator.send("иванов")
    assert "Не похоже на ФИО" in screen.text
    screen = await coordinator.send("иванова анна петровна")
    assert screen.text == "Роли для Иванова Анна Петровна. Отметьте нужные и нажмите «Сохранить»."
    screen = await coordinator.press("☐ Заместитель директора")
    assert screen.has_button("☑ Заместитель директора")
    assert screen.has_button("☑ Учитель")
    screen = await coordinator.press("✅ Сохранить")
    link_message = screen.messages[-1].text
    assert "Кому: Иванова Анна Петровна — заместитель директора" in link_message
    assert f"https://t.me/{BOT_USERNAME}?start=" in link_message

    token = link_message.split("?start=")[1].split()[0]
    newcomer = await harness.newcomer("Анна", "Иванова")
    screen = await newcomer.send(f"/start {token}")
    assert "Добро пожаловать, Иванова Анна Петровна!" in screen.messages[0].text
    assert "<b>Заместитель директора</b>" in screen.current.html  # type: ignore[union-attr]
    async with harness.session_factory() as session:
        staff = await session.scalar(select(Staff).where(Staff.last_name == "Иванова"))
        assert staff is not None
        assert (staff.is_deputy, staff.is_teacher, staff.is_coordinator) == (True, True, False)
        assert staff.tg_user_id == newcomer.user_id
        assert (
            await session.scalar(
                select(func.count()).select_from(AuditLog).where(AuditLog.action == "staff.created")
            )
            == 1
        )


async def test_coordinator_reissues_a_staff_link(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    await coordinator.press("👥 Сотрудники")
    screen = await coordinator.press("Попова Ольга Николаевна")
    assert "ещё не в боте" in screen.text
    screen = await coordinator.press("🔗 Ссылка-приглашение")
    assert screen.callback_answer is not None
    assert screen.callback_answer.text == "Ссылка готова — перешлите сообщение адресату."
    assert "Кому: Попова Ольга Николаевна — учитель" in screen.messages[-1].text
    # The persona's printed link was replaced by the new one.
    teacher = await harness.newcomer("Ольга")
    screen = await teacher.send(f"/start {harness.token('teacher')}")
    assert screen.text.startswith("Эта ссылка заменена новой")


async def test_class_teacher_sees_who_joined_and_hands_out_links(harness: Harness) -> None:
    await harness.join("parent")
    class_teacher, _ = await harness.join("class_teacher")
    screen = await class_teacher.press("🧑‍🏫 Мой класс 5Б")
    assert screen.text.startswith("5Б: 25 учеников. В боте: 1 семья, 0 учеников.")
    parent_name = harness.school.personas["parent"].name  # type: ignore[union-attr]
    child_name = harness.school.personas["student"].name  # type: ignore[union-attr]
    screen = await class_teacher.press(child_name)
    assert f"• {parent_name} — в боте ✅" in screen.text
    assert "Ученик: ещё не в боте ⏳" in screen.text
    screen = await class_teacher.press("🔗 Ссылка для ученика")
    assert f"Ученик: {child_name}, 5Б" in screen.messages[-1].text

    screen = await class_teacher.press("◀ Назад")
    screen = await class_teacher.press("📄 Все ссылки файлом")
    document = screen.documents[0]
    assert document.filename == "Ссылки-5Б.txt"
    text = document.content.decode("utf-8")
    assert text.count(f"https://t.me/{BOT_USERNAME}?start=") >= 25 + 24  # every student, every parent not in
    assert f"Родитель ({parent_name})" not in text  # she has joined already
    assert "Ссылки-приглашения 5Б" in screen.messages[-1].caption  # type: ignore[operator]


async def test_parent_pressing_a_forged_class_teacher_button_changes_nothing(harness: Harness) -> None:
    parent, screen = await harness.join("parent")
    async with harness.session_factory() as session:
        student = await session.scalar(select(Student).order_by(Student.id).limit(1))
        assert student is not None
        class_id, student_id = student.class_id, student.id
    before = await _invite_count(harness)
    forged = FamilyInviteCb(action=FamilyAction.STUDENT_LINK, class_id=class_id, student_id=student_id).pack()
    screen = await parent.press_data(screen.current.message_id, forged)  # type: ignore[union-attr]
    assert screen.callback_answer is not None
    assert screen.callback_answer.text == "Эта кнопка больше не действует. Откройте меню заново: /menu"
    assert screen.callback_answer.show_alert
    forged_staff = StaffCb(action=StaffAction.INVITE, staff_id=1).pack()
    screen = await parent.press_data(screen.current.message_id, forged_staff)  # type: ignore[union-attr]
    assert screen.callback_answer is not None
    assert screen.callback_answer.show_alert
    assert await _invite_count(harness) == before
    assert all("start=" not in message.text for message in await parent.messages())


async def test_class_teacher_forging_another_class_is_refused(harness: Harness) -> None:
    class_teacher, screen = await harness.join("class_teacher")
    async with harness.session_factory() as session:
        other = await session.scalar(
            select(Student)
            .join(SchoolClass, SchoolClass.id == Student.class_id)
            .where(SchoolClass.grade_level == 9)
        )
        assert other is not None
        other_id, other_class = other.id, other.class_id
    before = await _invite_count(harness)
    for action in (
        FamilyAction.STUDENT_LINK,
        FamilyAction.PARENT_LINK,
        FamilyAction.STUDENT,
        FamilyAction.CLASS,
    ):
        forged = FamilyInviteCb(action=action, class_id=other_class, student_id=other_id).pack()
        screen = await class_teacher.press_data(screen.current.message_id, forged)  # type: ignore[union-attr]
        assert screen.callback_answer is not None
        assert screen.callback_answer.text == "Это действие вам недоступно.", action
    assert await _invite_count(harness) == before
    assert all("start=" not in message.text for message in screen.messages)


async def test_garbage_callback_data_gets_the_same_refusal(harness: Harness) -> None:
    teacher, screen = await harness.join("teacher")
    for data in ("fi:zz:1", "st:i:notanumber:0", "nonsense", "tt:x:0:0"):
        screen = await teacher.press_data(screen.current.message_id, data)  # type: ignore[union-attr]
        assert screen.callback_answer is not None
        assert screen.callback_answer.show_alert, data
    # A well-formed button with a day far away shows today rather than failing.
    screen = await teacher.press_data(screen.current.message_id, "tt:t:0:99999999999")  # type: ignore[union-attr]
    assert screen.text.startswith("📅 Суббота, 28 ноября")


async def test_deputy_sees_the_join_overview(harness: Harness) -> None:
    await harness.join("parent")
    await harness.join("student")
    deputy, _ = await harness.join("deputy")
    screen = await deputy.press("🏫 Классы")
    lines = screen.text.splitlines()
    assert lines[0] == "Классы: 3. Ученики и семьи в боте (👪 — кто из класса подключён, а кто ещё нет):"
    assert lines[2] == "5Б · Смирнова Е. В.: 25 учеников, в боте 1; семей в боте 1"
    # The deputy sees which families of a class have not joined (links stay the class teacher's).
    screen = await deputy.press("👪 5Б")
    assert "⏳ — ещё нет" in screen.text and "Ссылки семьям выдаёт классный руководитель" in screen.text
    assert "👪0/1 · 🎒⏳" in screen.text  # a family not yet in the bot, by name
    labels = [label for row in screen.buttons for label in row]
    assert "📄 Все ссылки файлом" not in labels and "🖨 Листовки с QR (PDF)" not in labels
    assert "📥 Выгрузки" in labels
    assert screen.current is not None
    async with harness.session_factory() as session:
        fifth = await session.scalar(select(SchoolClass.id).where(SchoolClass.grade_level == 5))
    for action in (FamilyAction.ALL_LINKS, FamilyAction.SLIPS):
        forged = FamilyInviteCb(action=action, class_id=fifth or 0)
        answer = await deputy.press_data(screen.current.message_id, forged.pack())
        assert (
            answer.callback_answer is not None
            and answer.callback_answer.text == "Это действие вам недоступно."
        )
        assert not answer.documents


async def test_the_coordinator_has_the_journal_control_too(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    screen = await coordinator.send("/menu")
    assert screen.has_button("📊 Контроль журнала") and screen.has_button("🏫 Классы")
    screen = await coordinator.press("📊 Контроль журнала")
    assert "Контроль" in screen.text or "контрол" in screen.text.lower()


async def test_with_a_max_bot_too_a_link_opens_in_either_messenger_and_a_school_may_offer_one(
    harness: Harness,
) -> None:
    harness.users.dispatcher["invite_links"] = InviteLinks(BOT_USERNAME, "lyceum_max_bot")
    class_teacher, _ = await harness.join("class_teacher")
    child_name = harness.school.personas["student"].name  # type: ignore[union-attr]
    await class_teacher.press("🧑‍🏫 Мой класс 5Б")
    await class_teacher.press(child_name)
    message = (await class_teacher.press("🔗 Ссылка для ученика")).messages[-1].text
    token = message.split("?start=")[1].split()[0]
    assert f"Telegram: https://t.me/{BOT_USERNAME}?start={token}" in message
    assert f"MAX: https://max.ru/lyceum_max_bot?start={token}" in message  # the same one-time token
    assert "Открой ссылку в Telegram или MAX." in message

    # The slips: a code per messenger for each person, named, the token once.
    await class_teacher.press("◀ Назад")
    slips = (await class_teacher.press("🖨 Листовки с QR (PDF)")).documents[0]
    first_page = PdfReader(io.BytesIO(slips.content)).pages[0].extract_text()
    assert first_page.count("Telegram") >= 2 and first_page.count("MAX") >= 2
    assert "?start=" in first_page and "max.ru" not in first_page  # codes, not long addresses
    assert "Нажмите «Запустить» (в MAX — «Начать»)" in " ".join(first_page.split())  # each one's button

    # A school whose families are all in MAX offers MAX alone.
    async with harness.session_factory() as session, session.begin():
        await session.execute(update(School).values(settings={"messengers": ["max"]}))
    await class_teacher.send("/menu")
    await class_teacher.press("🧑‍🏫 Мой класс 5Б")
    await class_teacher.press(child_name)
    message = (await class_teacher.press("🔗 Ссылка для ученика")).messages[-1].text
    assert "https://max.ru/lyceum_max_bot?start=" in message and "t.me" not in message
    assert "Открой ссылку в MAX." in message
