"""Report cards of a period on the demo school with weeks of history, read against what the family's
marks screen shows and the journal's own attendance rows, and opened as a PDF (pypdf reads its text);
and the families told once that the card is ready when the finals are in, or their deadline passed."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import report_cards as texts
from bot.delivery.notices import render
from bot.i18n import Catalog
from handlers.family.overview import overview_text
from models import (
    FinalMark,
    GuardianLink,
    Outbox,
    Period,
    Remark,
    Student,
    Subject,
    TeachingAssignment,
)
from scheduler import jobs, runs
from services import demo, demo_history, report_cards
from services.audit import CLI, Actor
from services.delivery import OutboxRow, Parcel, Recipient
from services.errors import AccessDenied
from services.events import ReportCardReadyNotice, parse
from services.family_views import marks_overview
from services.preferences import Preferences
from services.users import TelegramProfile, enter
from tests.factories import NOW, small_school
from tests.sqlcount import count_statements

MOSCOW = ZoneInfo("Europe/Moscow")
TODAY = dt.date(2026, 11, 25)  # the first trimester (1 September – 30 November), four weeks of history
T = Catalog().translator("ru")


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _comma(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


@pytest.fixture
async def school_id(session_factory: async_sessionmaker[AsyncSession]) -> int:
    now = dt.datetime.combine(TODAY, dt.time(12, 0), tzinfo=MOSCOW)
    async with session_factory() as session, session.begin():
        school = await demo.build_demo(session, now=now, ttl_days=14)
        await demo_history.add_history(session, school.school_id, TODAY, weeks=4)
    return school.school_id


async def _one(session: AsyncSession, sql: str, **params: object) -> Any:
    return (await session.execute(text(sql), params)).one()


async def _as_student(session: AsyncSession, student: Student, account: int) -> Actor:
    """The student himself in the bot: his own account, his grant read as the bot reads it."""
    await enter(session, TelegramProfile(account, account, student.first_name), NOW)
    student.tg_user_id = account
    await session.flush()
    context, _ = await enter(session, TelegramProfile(account, account, student.first_name), NOW)
    return Actor.of(context)


async def test_a_class_s_cards_are_what_the_family_sees_and_the_journal_holds(
    school_id: int, session: AsyncSession, engine: AsyncEngine
) -> None:
    ids = await _one(
        session,
        "SELECT c.id AS class_id, p.id AS period_id FROM school_class c, period p"
        " WHERE c.grade_level = 5 AND p.kind = 'trimester' AND p.number = 1",
    )
    roster = list(await session.scalars(select(Student).where(Student.class_id == ids.class_id)))
    maths = await session.scalar(select(Subject.id).where(Subject.name == "Математика"))
    history = await session.scalar(select(Subject.id).where(Subject.name == "История"))
    assert maths is not None and history is not None
    # A subject the class is assigned and nobody has a mark in yet: still on every card, its final «—».
    astronomy = Subject(school_id=school_id, name="Астрономия")
    session.add(astronomy)
    await session.flush()
    teacher_id = await session.scalar(
        select(TeachingAssignment.teacher_id).where(TeachingAssignment.class_id == ids.class_id).limit(1)
    )
    assert teacher_id is not None
    first = roster[0]
    session.add_all(
        [
            TeachingAssignment(school_id=school_id, class_id=ids.class_id, subject_id=astronomy.id,
                               teacher_id=teacher_id),
            *(
                FinalMark(school_id=school_id, student_id=first.id, subject_id=subject_id,
                          period_id=ids.period_id, value=value)
                for subject_id, value in ((maths, 4), (history, 5))
            ),
            Remark(school_id=school_id, student_id=first.id, text="Забыл дневник",
                   created_at=dt.datetime(2026, 11, 20, 10, tzinfo=MOSCOW)),
            Remark(school_id=school_id, student_id=first.id, text="Из прошлого года",
                   created_at=dt.datetime(2026, 8, 20, 10, tzinfo=MOSCOW)),
        ]
    )  # fmt: skip
    await session.commit()
    now = dt.datetime.combine(TODAY, dt.time(12, 0), tzinfo=MOSCOW)

    with count_statements(engine) as log:
        found = await report_cards.class_report_cards(session, CLI, ids.class_id, ids.period_id, now=now)
    assert log.count <= 10, (
        log
    )  # the class, school, periods, students, subjects, marks, finals, misses, remarks
    cards = {card.student_id: card for card in found.cards}
    assert len(found.cards) == len(roster) == 25
    surnames = [card.student.split()[0] for card in found.cards]
    assert surnames == sorted(surnames, key=lambda name: name.lower().replace("ё", "е"))

    # Every subject of the class is listed, with marks or without; the marks are the journal's.
    class_subjects = (await _one(session, "SELECT count(DISTINCT subject_id) AS n FROM teaching_assignment"
                                          " WHERE class_id = :c", c=ids.class_id)).n  # fmt: skip
    assert {len(card.subjects) for card in found.cards} == {class_subjects}
    marks = (await _one(session, "SELECT count(*) AS n FROM mark m JOIN lesson l ON l.id = m.lesson_id"
                                 " WHERE l.class_id = :c", c=ids.class_id)).n  # fmt: skip
    assert sum(len(line.marks) for card in found.cards for line in card.subjects) == marks > 0

    # Absences and lateness, excused or not, as the attendance rows count them.
    rows = await session.execute(
        text(
            "SELECT a.student_id, a.status, a.excused FROM attendance a JOIN lesson l ON l.id = a.lesson_id"
            " WHERE l.class_id = :c AND l.date BETWEEN '2026-09-01' AND '2026-11-30'"
        ),
        {"c": ids.class_id},
    )
    counted = Counter((row.student_id, row.status, row.excused) for row in rows)
    assert sum(counted.values()) > 0
    for student_id, card in cards.items():
        misses = card.misses
        assert misses.absent == counted[(student_id, "absent", True)] + counted[(student_id, "absent", False)]
        assert misses.absent_excused == counted[(student_id, "absent", True)]
        assert misses.late == counted[(student_id, "late", True)] + counted[(student_id, "late", False)]
        assert misses.late_excused == counted[(student_id, "late", True)]

    # The first student's card against his own marks screen: the same marks, averages and finals.
    actor = await _as_student(session, first, 9001)
    view = await marks_overview(session, actor, None, ids.period_id, now)
    screen = overview_text(T, view)
    card = cards[first.id]
    on_card = {line.name: ([m.value for m in line.marks], line.average, line.final) for line in card.subjects}
    on_screen = {
        line.name: ([m.value for m in line.marks], line.average, line.final) for line in view.subjects
    }
    assert on_card == on_screen | {"Астрономия": ([], None, None)}  # the screen lists the timetable's
    assert [(line.name, line.final) for line in card.subjects if line.final] == [
        ("История", 5),
        ("Математика", 4),
    ]
    assert [(r.day, r.text) for r in card.remarks] == [(dt.date(2026, 11, 20), "Забыл дневник")]

    # The PDF: a page per student, his name, the subject with its average as the screen shows it.
    content = texts.pdf(T, found.cards)
    pages = _pages(content)
    assert len(pages) == 25
    page = next(page for page in pages if card.student in page)
    assert "ТАБЕЛЬ УСПЕВАЕМОСТИ" in page and "Демо-лицей №1" in page and "Класс: 5Б" in page
    assert "1-й триместр 2026/2027 учебного года: 1 сентября 2026 – 30 ноября 2026" in page
    assert "Дата формирования: 25 ноября 2026" in page
    maths_line = next(line for line in card.subjects if line.name == "Математика")
    assert maths_line.average is not None
    average = _comma(round(float(maths_line.average), 2))
    assert f"<b>{average}</b>" in screen  # what the family reads on its screen…
    words = " ".join(page.split())
    assert f"Математика {' '.join(str(m.value) for m in maths_line.marks)} {average} 4" in words  # …and here
    assert "Забыл дневник" in page and "Из прошлого года" not in page
    assert "Астрономия —" in words  # no marks, no average, the final «—»


async def test_grade_one_cards_hold_attendance_and_remarks_and_say_why(
    school_id: int, session: AsyncSession
) -> None:
    class_id = (await _one(session, "SELECT id FROM school_class WHERE grade_level = 1")).id
    now = dt.datetime.combine(TODAY, dt.time(12, 0), tzinfo=MOSCOW)
    found = await report_cards.class_report_cards(session, CLI, class_id, None, now=now)
    assert found.period.number == 1 and len(found.cards) == 25
    assert all(not card.marked and card.subjects == () for card in found.cards)
    page = _pages(texts.pdf(T, found.cards[:1]))[0]
    assert "В 1 классе оценки не ставятся" in page and "Посещаемость" in page
    assert "Средний балл" not in page and "Итоговая" not in page


async def test_a_family_gets_only_its_own_child_s_card_of_a_begun_period(
    school_id: int, session: AsyncSession
) -> None:
    fifth = (await _one(session, "SELECT id FROM school_class WHERE grade_level = 5")).id
    own, other = list(await session.scalars(select(Student).where(Student.class_id == fifth).limit(2)))
    periods = {
        p.number: p.id for p in await session.scalars(select(Period).where(Period.kind == "trimester"))
    }
    actor = await _as_student(session, own, 9002)
    now = dt.datetime.combine(TODAY, dt.time(12, 0), tzinfo=MOSCOW)
    card = await report_cards.child_report_card(session, actor, own.id, periods[1], now=now)
    assert card.student_id == own.id and card.class_label == "5Б" and card.marked
    for student_id, period_id in (
        (other.id, periods[1]),
        (own.id + 100000, periods[1]),
        (own.id, periods[2]),
    ):
        with pytest.raises(AccessDenied):  # another child, none at all, a period not begun
            await report_cards.child_report_card(session, actor, student_id, period_id, now=now)


# ---- «the report card is ready» ------------------------------------------------------------------------

END = dt.date(2026, 11, 30)  # the first trimester's last day
READY = tuple(job for job in jobs.JOBS if job.name == "report_card_ready")


def moscow(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=MOSCOW).astimezone(dt.UTC)


async def _told(session_factory: async_sessionmaker[AsyncSession], day: dt.date) -> int:
    made = await runs.tick(session_factory, moscow(day, 9), READY)
    return sum(count for run, count in made)


async def test_families_hear_once_that_the_card_is_ready_when_the_finals_are_in(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    school = await small_school(session)
    subject = Subject(school_id=school.school_id, name="Физика")
    session.add(subject)
    await session.flush()
    for school_class in (school.class_5b, school.class_7a):
        session.add(TeachingAssignment(school_id=school.school_id, class_id=school_class.id,
                                       subject_id=subject.id, teacher_id=school.teacher.id))  # fmt: skip
    # Every mother joined; the first 5Б mother is also the second 5Б student's (one account, two children).
    accounts: dict[int, int] = {}
    for number, (student_id, mother) in enumerate(school.mothers.items(), start=1):
        account = 700 + number
        await enter(session, TelegramProfile(account, account, mother.first_name), NOW)
        mother.tg_user_id, mother.consent_given_at = account, NOW
        accounts[student_id] = account
    first, second, _ = school.students_5b
    session.add(GuardianLink(guardian_id=school.mothers[first.id].id, student_id=second.id))
    period = await session.scalar(
        select(Period).where(Period.school_id == school.school_id, Period.ends_on == END)
    )
    assert period is not None
    await session.commit()

    assert await _told(session_factory, END) == 0  # the period is not over
    assert await _told(session_factory, END + dt.timedelta(days=1)) == 0  # no finals yet
    for student in school.students_5b:
        session.add(FinalMark(school_id=school.school_id, student_id=student.id, subject_id=subject.id,
                              period_id=period.id, value=5))  # fmt: skip
    await session.commit()
    # 5Б's finals are in: its four family accounts (a mother of two counts per child) hear; 7А waits.
    assert await _told(session_factory, END + dt.timedelta(days=2)) == 4
    assert await _told(session_factory, END + dt.timedelta(days=3)) == 0  # nobody again
    # The deadline (end + 4 days) passed: 7А's families hear anyway, 5Б's not again.
    assert await _told(session_factory, END + dt.timedelta(days=5)) == 3
    async with session_factory() as other, other.begin():
        again = await runs.run_now(other, "report_card_ready", school.school_id, END + dt.timedelta(days=6),
                                   moscow(END + dt.timedelta(days=6), 12), label="by-hand")  # fmt: skip
    assert again == 0

    told = list(await session.scalars(select(Outbox).where(Outbox.kind == "report_card_ready")))
    assert sorted((row.tg_user_id, row.payload["student_id"]) for row in told) == sorted(
        [(accounts[first.id], first.id), (accounts[first.id], second.id)]
        + [(accounts[s.id], s.id) for s in (second, school.students_5b[2], *school.students_7a)]
    )
    # The mother of two reads one message: each child under his name, a button for each card.
    hers = [(row, parse(row.kind, row.payload)) for row in told if row.tg_user_id == accounts[first.id]]
    events = [event for _, event in hers if isinstance(event, ReportCardReadyNotice)]
    assert len(events) == 2 and {event.period_id for event in events} == {period.id}
    parcel = Parcel(
        Recipient(accounts[first.id], accounts[first.id], "ru", False, Preferences()),
        [
            OutboxRow.of(id=row.id, school_id=row.school_id, tg_user_id=row.tg_user_id, event=event,
                         not_before=row.not_before)
            for (row, _), event in zip(hers, events, strict=True)
        ],
    )  # fmt: skip
    (message,) = render(parcel, T, {})  # one message, however the rows came
    assert message.text.count("📄 Табель успеваемости за 1 триместр готов") == 2
    assert first.full_name in message.text and second.full_name in message.text
    labels = sorted(button.text for row in message.buttons for button in row)
    assert labels == sorted(f"📄 Табель за 1 триместр: {child.first_name}" for child in (first, second))
