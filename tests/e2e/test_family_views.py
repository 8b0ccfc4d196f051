"""Parents and students in the real `schoolbot run` against sandbox/'s server: marks, what a 5 takes,
the report card and the chart, the child picker, a student's own marks, and a forged child."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import FamilyMarksCb
from models import Lesson, Mark, MarkKind, Staff, Student, Subject
from tests.e2e.conftest import Sandbox


async def _student(session: AsyncSession, full_name: str) -> Student:
    last, first = full_name.split()[:2]
    student = await session.scalar(
        select(Student).where(Student.last_name == last, Student.first_name == first)
    )
    assert student is not None
    return student


async def _marks(session: AsyncSession, full_name: str, values: list[int]) -> None:
    """Everyday marks in Математика today (so in the current period whatever the date), in order."""
    async with session.begin():
        student = await _student(session, full_name)
        subject_id = await session.scalar(select(Subject.id).where(Subject.name == "Математика"))
        teacher_id = await session.scalar(select(Staff.id).where(Staff.last_name == "Попова"))
        kind_id = await session.scalar(select(MarkKind.id).where(MarkKind.code == "oral"))
        today = dt.datetime.now(ZoneInfo("Europe/Moscow")).date()
        for n, value in enumerate(values):
            lesson = Lesson(
                school_id=student.school_id, class_id=student.class_id, subject_id=subject_id,
                teacher_id=teacher_id, date=today, lesson_number=8 + n,
            )  # fmt: skip
            session.add(lesson)
            await session.flush()
            session.add(
                Mark(
                    school_id=student.school_id,
                    lesson_id=lesson.id,
                    student_id=student.id,
                    kind_id=kind_id,
                    value=value,
                    author_id=teacher_id,
                    entry_key=f"e2e{n}",
                )
            )


async def test_families_read_marks_charts_and_nothing_else(
    sandbox: Sandbox, session: AsyncSession, messenger: str
) -> None:
    personas = (await sandbox.demo())["personas"]
    child = personas["parent"]["children"][0]
    await _marks(session, child, [3, 3])
    bot = await sandbox.start_bot()
    try:
        # A parent of one child: no picker, the subject's line, what a 4 takes, the chart.
        parent, _ = await sandbox.join(personas["parent"]["link"], "Ольга", consent=True, messenger=messenger)
        screen = await parent.send("/marks")
        assert screen.text.startswith(f"📊 {child}, 5Б") and "Математика: 3 3 — 3,00" in screen.text
        assert not screen.has_button("👥 Другой ребёнок")
        screen = await parent.press("Математика")
        assert "До «4»: ещё 1 пятёрка или 2 четвёрки" in screen.text
        screen = await parent.press("📈 График")
        photo = screen.messages[-1].photo
        assert photo is not None and photo.startswith(b"\x89PNG\r\n\x1a\n")

        # A forged child id: refused, and the same for an id that does not exist.
        own = await _student(session, child)
        other = await session.scalar(
            select(Student.id).where(Student.class_id == own.class_id, Student.id != own.id).limit(1)
        )
        await session.commit()
        assert other is not None and screen.current is not None
        for forged in (other, other + 100000):
            answer = await parent.press_data(
                screen.current.message_id, FamilyMarksCb(student_id=forged).pack()
            )
            assert answer.callback_answer is not None
            assert answer.callback_answer.text == "Это действие вам недоступно."

        # The report card of the period under way (its button the first), as a PDF document.
        screen = await parent.send("/marks")
        label = next(label for row in screen.buttons for label in row if label.startswith("📄 Табель за"))
        (card,) = (await parent.press(label)).documents
        assert card.filename.endswith(".pdf")
        page = " ".join(PdfReader(io.BytesIO(card.content)).pages[0].extract_text().split())
        assert f"Ученик: {child} Класс: 5Б" in page and "Математика 3 3 3,00" in page

        # A parent of two: the picker, and the choice remembered.
        two = personas["parent_two_children"]
        mother, _ = await sandbox.join(two["link"], "Мария", consent=True, messenger=messenger)
        await mother.send(f"/start {two['second_child_token']}")
        younger = two["children"][1]
        screen = await mother.send("/marks")
        screen = await mother.press("👥 Другой ребёнок")
        screen = await mother.press(
            next(label for row in screen.buttons for label in row if label.startswith(younger))
        )
        assert screen.text.startswith(f"📊 {younger}, 1А")
        assert (await mother.send("/marks")).text.startswith(f"📊 {younger}, 1А")

        # The student himself.
        student, _ = await sandbox.join(personas["student"]["link"], child.split()[1], messenger=messenger)
        screen = await student.send("/marks")
        assert screen.text.startswith(f"📊 {child}, 5Б") and "Математика: 3 3" in screen.text
    finally:
        await bot.stop()
