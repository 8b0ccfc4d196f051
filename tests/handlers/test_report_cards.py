"""Report cards in the bot: a parent's «📄 Табель за 1 триместр» from the marks screen sends his child's
PDF, a forged child sends nothing; the class teacher's whole class in one PDF two taps from his
exports (another class refused); a grade 1 card says it has no marks."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks_report_card import ReportCardAction, ReportCardCb
from models import Student
from sandbox.models import Document
from tests.handlers.conftest import Harness


def _pages(document: Document) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(document.content)).pages]


async def _ids(session: AsyncSession, full_name: str) -> tuple[int, int, int]:
    """The student's id, another student of his class, the first trimester's id."""
    last, first = full_name.split()[:2]
    own = await session.scalar(select(Student).where(Student.last_name == last, Student.first_name == first))
    assert own is not None
    other = await session.scalar(
        select(Student.id).where(Student.class_id == own.class_id, Student.id != own.id).limit(1)
    )
    period = await session.scalar(text("SELECT id FROM period WHERE kind = 'trimester' AND number = 1"))
    assert other is not None and period is not None
    return own.id, other, int(period)


async def test_a_parent_gets_his_child_s_card_and_a_forged_child_nothing(
    harness: Harness, session: AsyncSession
) -> None:
    parent, _ = await harness.join("parent")
    child = harness.school.personas["parent"].extra["children"][0]  # type: ignore[union-attr]
    screen = await parent.send("/marks")
    assert screen.has_button("📄 Табель за 1 триместр")
    assert not screen.has_button("📄 Табель за 2 триместр")  # not begun on 28 November
    screen = await parent.press("📄 Табель за 1 триместр")
    (card,) = screen.documents
    assert card.filename.startswith("Табель ") and card.filename.endswith(" 1-й триместр.pdf")
    (page,) = _pages(card)
    assert f"Ученик: {child} Класс: 5Б" in page and "ТАБЕЛЬ УСПЕВАЕМОСТИ" in page
    assert "Математика" in page and "Посещаемость" in page and "Замечаний нет." in page

    own, other, period = await _ids(session, child)
    assert screen.current is not None
    sent = len(harness.fake.calls("sendDocument"))
    for forged in (
        ReportCardCb(action=ReportCardAction.CHILD, student_id=other, period_id=period),
        ReportCardCb(action=ReportCardAction.CHILD, student_id=own, period_id=period + 1),  # not begun
    ):
        answer = await parent.press_data(screen.current.message_id, forged.pack())
        assert answer.callback_answer is not None
        assert answer.callback_answer.text == "Это действие вам недоступно.", forged
        assert not answer.documents
    # A staff button (a class's set) is not a family's: it falls through to the stale-button answer.
    staff = ReportCardCb(action=ReportCardAction.CLASS, class_id=1, period_id=period).pack()
    answer = await parent.press_data(screen.current.message_id, staff)
    assert answer.callback_answer is not None and "больше не действует" in (answer.callback_answer.text or "")
    assert len(harness.fake.calls("sendDocument")) == sent


async def test_the_class_teacher_makes_his_class_s_set_in_two_taps_from_his_exports(
    harness: Harness, session: AsyncSession
) -> None:
    teacher, _ = await harness.join("class_teacher")
    await teacher.send("/start")
    await teacher.press("🧑‍🏫 Мой класс 5Б")
    screen = await teacher.press("📥 Выгрузки")
    screen = await teacher.press("📄 Табели успеваемости")  # tap 1
    assert "Табели успеваемости 5Б" in screen.text and "За какой период?" in screen.text
    screen = await teacher.press("• 1-й триместр")  # tap 2
    (cards,) = screen.documents
    assert cards.filename == "5Б Табели 1-й триместр.pdf"
    assert screen.messages[-1].text == "📄 Табели 5Б за 1 триместр: 25 учеников"
    pages = _pages(cards)
    assert len(pages) == 25
    names = [page.split("Ученик: ")[1].split(" Класс:")[0] for page in pages]
    roster = await session.execute(
        text(
            "SELECT last_name, first_name, middle_name FROM student s"
            " JOIN school_class c ON c.id = s.class_id WHERE c.grade_level = 5"
        )
    )
    assert sorted(names) == sorted(" ".join(row) for row in roster)
    assert names == sorted(names, key=lambda name: name.lower().replace("ё", "е"))  # the roster's order

    ninth = int(await session.scalar(text("SELECT id FROM school_class WHERE grade_level = 9")) or 0)
    assert screen.current is not None
    for action in (ReportCardAction.PERIODS, ReportCardAction.CLASS):
        forged = ReportCardCb(action=action, class_id=ninth, period_id=1).pack()
        answer = await teacher.press_data(screen.current.message_id, forged)
        assert answer.callback_answer is not None
        assert answer.callback_answer.text == "Это действие вам недоступно."
        assert not answer.documents


async def test_a_grade_one_card_says_it_has_no_marks(harness: Harness) -> None:
    parent, _ = await harness.join("parent_two_children")
    persona = harness.school.personas["parent_two_children"]  # type: ignore[union-attr]
    await parent.send(f"/start {persona.extra['second_child_token']}")
    younger = persona.extra["children"][1]
    await parent.send("/marks")
    screen = await parent.press("👥 Другой ребёнок")
    await parent.press(next(label for row in screen.buttons for label in row if label.startswith(younger)))
    screen = await parent.press("📄 Табель за 1 триместр")
    (page,) = _pages(screen.documents[0])
    assert f"Ученик: {younger} Класс: 1А" in page
    assert "В 1 классе оценки не ставятся" in page and "Посещаемость" in page
    assert "Средний балл" not in page


async def test_in_the_summer_after_the_new_year_a_family_still_gets_last_year_s_cards(
    harness: Harness,
) -> None:
    coordinator, _ = await harness.join("coordinator")
    parent, _ = await harness.join("parent")
    harness.clock.at = dt.datetime(2027, 6, 15, 7, 0, tzinfo=dt.UTC)
    await coordinator.send("/menu")
    await coordinator.press("⚙️ Настройки школы")
    await coordinator.press("🎓 Новый учебный год")
    await coordinator.press("✅ Начать 2027/2028")
    screen = await parent.send("/marks")
    assert ", 6Б — 3-й триместр 2026/2027" in screen.text  # last year's last term, as the screen shows
    assert screen.has_button("📄 Табель за 1 триместр") and screen.has_button("📄 Табель за 3 триместр")
    screen = await parent.press("📄 Табель за 3 триместр")
    (page,) = _pages(screen.documents[0])
    assert "Класс: 5Б" in page and "3-й триместр 2026/2027 учебного года: 1 марта 2027 – 31 мая 2027" in page


async def test_the_administration_makes_any_class_s_set(harness: Harness, session: AsyncSession) -> None:
    deputy, _ = await harness.join("deputy")
    screen = await deputy.send("/menu")
    ninth = int(await session.scalar(text("SELECT id FROM school_class WHERE grade_level = 9")) or 0)
    assert screen.current is not None
    periods = ReportCardCb(action=ReportCardAction.PERIODS, class_id=ninth).pack()
    screen = await deputy.press_data(screen.current.message_id, periods)
    screen = await deputy.press("• 1-й триместр")
    (cards,) = screen.documents
    assert cards.filename == "9В Табели 1-й триместр.pdf" and len(_pages(cards)) == 25


def test_report_card_buttons_stay_under_64_bytes() -> None:
    for action in ReportCardAction:
        big = 987654321012
        packed = ReportCardCb(action=action, student_id=big, class_id=big, period_id=big).pack()
        assert len(packed.encode()) < 64
        assert ReportCardCb.unpack(packed).action == action
