"""Questions on posts and correcting what was sent: a class teacher asks each family about each child,
parents answer with one tap (and change it), the author counts, sees who has not answered, reminds
them once a day and takes the answers as a file; a post is corrected or withdrawn, and what families
already have is corrected too."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks_school_life import PostFixAction, PostFixCb, QuestionAction, QuestionCb
from models import Outbox, Post, PostAnswer
from tests.handlers.conftest import Harness


async def _rows(session: AsyncSession, kind: str) -> list[Outbox]:
    return list(await session.scalars(select(Outbox).where(Outbox.kind == kind).order_by(Outbox.id)))


def _first_name(harness: Harness, persona: str, child: int = 0) -> str:
    assert harness.school is not None
    return str(harness.school.personas[persona].extra["children"][child]).split()[1]


async def _ask_about_each_child(harness: Harness) -> int:
    """The class teacher of 5Б asks its families: yes or no, for each child, until 10.12 20:00."""
    teacher = harness.joined["class_teacher"]
    await teacher.send("/start")
    await teacher.press("📰 Новости и события")
    await teacher.press("✍ Написать")
    await teacher.press("📢 Объявление")
    await teacher.press("5Б: ученики и родители")
    await teacher.send("Экскурсия в музей\nВ пятницу, 11 декабря, после 3-го урока.")
    # From the preview: three taps and the deadline typed.
    await teacher.press("❓ Добавить вопрос")
    await teacher.press("✅ Да или нет")
    await teacher.press("👶 Родители — за каждого ребёнка")
    screen = await teacher.send("10.12")
    assert "Срок ответа должен быть позже" in screen.text  # no time: refused, still waiting
    screen = await teacher.send("10.12 20:00")
    assert "❓ Вопрос: да или нет · за каждого ребёнка · до 10 декабря, 20:00" in screen.text, screen.text
    screen = await teacher.press("✅ Опубликовать")
    assert "Отправлено" in screen.text
    async with harness.session_factory() as session:
        post_id = await session.scalar(select(Post.id).where(Post.question == "yes_no"))
    assert post_id is not None
    return post_id


async def test_parents_answer_for_each_child_change_it_and_the_author_counts_and_reminds(
    harness: Harness, session: AsyncSession
) -> None:
    for persona in ("class_teacher", "parent", "student", "parent_two_children", "parent_new"):
        await harness.join(persona)
    post_id = await _ask_about_each_child(harness)

    # Each parent's message asks about his own children in 5Б; the student's asks nothing of him.
    told = {row.tg_user_id: row.payload for row in await _rows(session, "post")}
    mother, student = harness.joined["parent"], harness.joined["student"]
    other_mother = harness.joined["parent_two_children"]
    assert [c["name"] for c in told[mother.user_id]["children"]] == [_first_name(harness, "parent")]
    assert [c["name"] for c in told[other_mother.user_id]["children"]] == [
        _first_name(harness, "parent_two_children")
    ]  # her 1А child is not asked about a 5Б excursion
    assert told[student.user_id]["children"] == []

    child = _first_name(harness, "parent")
    await mother.send("/start")
    await mother.press("📰 Новости и события")
    await mother.press("📢 Объявления")
    screen = await mother.press("Экскурсия в музей")
    assert "Ответьте за каждого ребёнка" in screen.text and screen.has_button(f"{child}: Да")
    screen = await mother.press(f"{child}: Да")
    assert screen.has_button(f"✅ {child}: Да") and screen.has_button(f"{child}: Нет")
    assert await mother.last_callback_answer() == f"{child}: ответ записан — Да"
    screen = await mother.press(f"{child}: Нет")  # changed her mind before the deadline
    assert screen.has_button(f"✅ {child}: Нет") and screen.has_button(f"{child}: Да")
    answers = list(await session.scalars(select(PostAnswer)))
    assert [(a.choice, a.account) for a in answers] == [(1, mother.user_id)]

    # A forged child (another family's) and an option the question has not change nothing.
    other_child = await _student_of(session, other_mother.user_id)
    current = screen.current
    assert current is not None
    for forged in (
        QuestionCb(action=QuestionAction.ANSWER, post_id=post_id, student_id=other_child, choice=0),
        QuestionCb(action=QuestionAction.ANSWER, post_id=post_id, student_id=0, choice=0),
        QuestionCb(action=QuestionAction.RESULTS, post_id=post_id),
    ):
        await mother.press_data(current.message_id, forged.pack())
        assert await mother.last_callback_answer() == "Это действие вам недоступно."
    assert len(list(await session.scalars(select(PostAnswer)))) == 1

    # The author: counts, who has not answered in 5Б, a reminder to those parents only, once a day.
    teacher = harness.joined["class_teacher"]
    await teacher.send("/start")
    await teacher.press("📰 Новости и события")
    await teacher.press("📢 Объявления")
    await teacher.press("Экскурсия в музей")
    screen = await teacher.press("📊 Ответы")
    assert "Ответили: 1 из " in screen.text and "Да: 0" in screen.text and "Нет: 1" in screen.text
    asked = await session.scalar(_FIFTH_B_STUDENTS)
    assert asked is not None
    assert f"5Б: 1 из {asked}" in screen.text
    screen = await teacher.press(f"5Б 1/{asked}")
    assert f"5Б: не ответили ({asked - 1})" in screen.text
    assert "(родители не в боте)" in screen.text  # the families nobody of which joined
    await teacher.press("◀ Назад")
    screen = await teacher.press("🔔 Напомнить не ответившим")
    assert await teacher.last_callback_answer() == "🔔 Напоминание отправлено: 2 получателям."
    reminders = await _rows(session, "question_reminder")
    newcomer = harness.joined["parent_new"]
    # The parents of children nobody answered for; not the mother who answered, not the student.
    assert {r.tg_user_id for r in reminders} == {other_mother.user_id, newcomer.user_id}
    harness.clock.advance(dt.timedelta(hours=1))  # past the double-tap guard: the rule's own refusal
    screen = await teacher.press("🔔 Напомнить не ответившим")
    assert "уже отправлялось" in (await teacher.last_callback_answer() or "")
    assert len(await _rows(session, "question_reminder")) == 2

    screen = await teacher.press("📥 Ответы в Excel")
    (document,) = screen.documents
    sheet = load_workbook(io.BytesIO(document.content)).active
    assert sheet is not None
    table = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert table[0] == ["Класс", "Кто", "Ответ", "Кто ответил", "Когда"]
    assert len(table) == 1 + asked
    answered = [row for row in table[1:] if row[2]]
    assert len(answered) == 1 and answered[0][2] == "Нет" and answered[0][0] == "5Б"

    # After the deadline an answer is refused in words, and nobody is reminded any more.
    harness.clock.advance(dt.timedelta(days=13))
    screen = await mother.press(f"✅ {child}: Нет")
    assert await mother.last_callback_answer() == "Приём ответов уже закончен."


_FIFTH_B_STUDENTS = text(
    "SELECT count(*) FROM student st JOIN school_class c ON c.id = st.class_id"
    " WHERE c.grade_level = 5 AND c.letter = 'Б'"
)


async def _student_of(session: AsyncSession, account: int) -> int:
    found = await session.scalar(
        text("""SELECT gl.student_id FROM guardian g JOIN guardian_link gl ON gl.guardian_id = g.id
                 WHERE g.tg_user_id = :account ORDER BY gl.student_id LIMIT 1"""),
        {"account": account},
    )
    assert found is not None
    return int(found)


async def test_a_corrected_post_is_edited_in_place_where_recent_and_followed_by_a_note_where_not(
    harness: Harness, session: AsyncSession
) -> None:
    for persona in ("class_teacher", "parent", "student", "parent_two_children", "teacher"):
        await harness.join(persona)
    post_id = await _ask_about_each_child(harness)
    mother, student = harness.joined["parent"], harness.joined["student"]
    other_mother = harness.joined["parent_two_children"]
    now = harness.clock.now()
    # As the sender would have left them: the mother's came an hour ago, the student's three days
    # ago; the other mother's still waits for the end of her quiet hours.
    delivered = (
        (mother.user_id, 71, now - dt.timedelta(hours=1)),
        (student.user_id, 72, now - dt.timedelta(days=3)),
    )
    for account, message_id, sent_at in delivered:
        await session.execute(
            update(Outbox)
            .where(Outbox.kind == "post", Outbox.tg_user_id == account)
            .values(status="sent", sent_message_id=message_id, sent_at=sent_at)
        )
    await session.commit()

    # Another teacher may not correct it, whatever he sends.
    teacher = harness.joined["teacher"]
    screen = await teacher.send("/start")
    assert screen.current is not None
    for action in (PostFixAction.EDIT, PostFixAction.WITHDRAW, PostFixAction.CONFIRM_WITHDRAW):
        await teacher.press_data(screen.current.message_id, PostFixCb(action=action, post_id=post_id).pack())
        answer = await teacher.last_callback_answer()
        assert answer == "Это действие вам недоступно.", (action, answer, (await teacher.screen()).text)

    author = harness.joined["class_teacher"]
    await author.send("/start")
    await author.press("📰 Новости и события")
    await author.press("📢 Объявления")
    await author.press("Экскурсия в музей")
    await author.press("✏️ Исправить")
    screen = await author.send("Экскурсия в музей\nВ четверг, 10 декабря, после 4-го урока.")
    assert "Так будет после исправления" in screen.text and "10 декабря" in screen.text
    screen = await author.press("✅ Исправить")
    assert "1 сообщение исправлено на месте" in screen.text, screen.text
    assert "1 получателю уйдёт короткая поправка" in screen.text
    assert "Ещё не доставленные (1) уйдут уже исправленными" in screen.text

    corrections = {row.tg_user_id: row.payload for row in await _rows(session, "post_correction")}
    assert corrections[mother.user_id]["message_id"] == 71  # edited where it is, her buttons kept
    assert [c["name"] for c in corrections[mother.user_id]["children"]] == [_first_name(harness, "parent")]
    assert corrections[student.user_id].get("message_id") is None  # three days old: a short note
    assert other_mother.user_id not in corrections
    waiting = await session.scalar(
        select(Outbox.payload).where(Outbox.kind == "post", Outbox.tg_user_id == other_mother.user_id)
    )
    assert waiting is not None and "10 декабря" in waiting["text"]  # goes out corrected
    audit = await session.scalar(text("SELECT before ->> 'text' FROM audit_log WHERE action = 'post.edited'"))
    assert audit is not None and "11 декабря" in audit  # the text before is kept

    screen = await author.press("◀ Назад")
    assert "✏️ исправлено" in screen.text and "10 декабря" in screen.text
    await author.press("🗑 Отозвать")
    screen = await author.press("🗑 Да, отозвать")
    assert "Отозвано" in screen.text
    waiting_status = select(Outbox.status).where(
        Outbox.tg_user_id == other_mother.user_id, Outbox.kind == "post"
    )
    assert await session.scalar(waiting_status) == "cancelled"

    # Gone from the families' lists; the answers' buttons refuse; the administration's archive keeps it.
    await mother.send("/start")
    await mother.press("📰 Новости и события")
    screen = await mother.press("📢 Объявления")
    assert "Экскурсия" not in screen.text
    deputy, _ = await harness.join("deputy")
    await deputy.send("/start")
    await deputy.press("📰 Новости и события")
    screen = await deputy.press("🗄 Архив отозванных")
    assert "Экскурсия в музей" in screen.text
    screen = await deputy.press("Экскурсия в музей")
    assert "10 декабря" in screen.text
