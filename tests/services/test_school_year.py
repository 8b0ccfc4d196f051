"""A new school year on the demo school: classes move up with their students and class teachers, the
leavers graduate, every family still reaches its child without a new link, the past year's journal is
unchanged row for row and still readable, and starting it again changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    AcademicYear,
    ClassEnrollment,
    Guardian,
    GuardianLink,
    Period,
    SchoolClass,
    Student,
    Subject,
    TimetableSlot,
)
from models.enums import Role
from services import demo, demo_history, exports, family, family_views, school_year
from services.audit import CLI, Actor
from services.errors import InvalidInput
from services.users import TelegramProfile, enter

BUILT = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
JUNE = dt.date(2027, 6, 15)
JUNE_NOW = dt.datetime(2027, 6, 15, 9, 0, tzinfo=dt.UTC)

# The past year's journal, row for row: what must not change when the next year starts.
JOURNAL_TABLES = (
    "lesson",
    "mark",
    "attendance",
    "final_mark",
    "homework",
    "remark",
    "school_class",
    "period",
)


async def _checksums(session: AsyncSession) -> dict[str, str]:
    sums = {}
    for table in JOURNAL_TABLES:
        query = f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t"
        if table in ("school_class", "period"):  # the new year adds its own: compare the old year's
            query += " WHERE t.academic_year_id = (SELECT min(id) FROM academic_year)"
        sums[table] = str(await session.scalar(text(query)))
    return sums


async def _families_joined(session: AsyncSession) -> dict[int, set[int]]:
    """Every guardian of the demo joined (an account each, consent given): account → his children."""
    children: dict[int, set[int]] = {}
    guardians = list(await session.scalars(select(Guardian).order_by(Guardian.id)))
    for number, guardian in enumerate(guardians, start=1):
        account = 9_000_000 + number
        await enter(session, TelegramProfile(account, account, guardian.first_name), BUILT)
        guardian.tg_user_id, guardian.consent_given_at = account, BUILT
        links = await session.scalars(
            select(GuardianLink.student_id).where(GuardianLink.guardian_id == guardian.id)
        )
        children[account] = set(links)
    await session.flush()
    return children


async def _children_seen(session: AsyncSession, account: int, now: dt.datetime) -> set[int]:
    context, _ = await enter(session, TelegramProfile(account, account, "Родитель"), now)
    if not context.has(Role.PARENT):
        return set()
    return {child.student_id for child in await family.children_of(session, Actor.of(context))}


async def test_the_demo_school_moves_up_and_every_family_still_reaches_its_child(
    session: AsyncSession,
) -> None:
    school = await demo.build_demo(session, now=BUILT, ttl_days=14)
    await demo_history.add_history(session, school.school_id, BUILT.date(), weeks=4)  # marks, absences, ...
    families = await _families_joined(session)
    ninth = await session.scalar(select(SchoolClass).where(SchoolClass.grade_level == 9))
    assert ninth is not None
    leavers = list(await session.scalars(select(Student).where(Student.class_id == ninth.id).limit(2)))
    for leaver in leavers:
        assert await school_year.toggle_leaving(session, CLI, ninth.id, leaver.id) is True
    before = await _checksums(session)

    # Before the lessons are over it is refused, and says from when.
    with pytest.raises(InvalidInput) as refused:
        await school_year.start_year(session, CLI, school.school_id, today=dt.date(2027, 5, 20))
    assert refused.value.code == "year-not-over" and refused.value.params["date"] == "01.06.2027"

    plan = await school_year.plan_year(session, CLI, school.school_id)
    assert [(m.label, m.next_label) for m in plan.moves] == [("1А", "2А"), ("5Б", "6Б"), ("9В", "10В")]
    assert plan.next_year_name == "2027/2028" and plan.graduating == 2
    started = await school_year.start_year(session, CLI, school.school_id, today=JUNE)
    assert started.moving == plan.moving

    # The new year: its classes with the same class teachers and the students who stayed.
    year = await session.scalar(select(AcademicYear).order_by(AcademicYear.starts_on.desc()).limit(1))
    assert year is not None and year.name == "2027/2028" and year.starts_on == dt.date(2027, 9, 1)
    new_classes = {
        c.label: c
        for c in await session.scalars(select(SchoolClass).where(SchoolClass.academic_year_id == year.id))
    }
    assert set(new_classes) == {"2А", "6Б", "10В"}
    assert new_classes["10В"].class_teacher_id == ninth.class_teacher_id
    in_tenth = await session.scalar(
        select(func.count()).select_from(Student).where(Student.class_id == new_classes["10В"].id)
    )
    assert in_tenth == next(m.moving for m in plan.moves if m.label == "9В")
    for leaver in leavers:
        await session.refresh(leaver)
        assert leaver.class_id == ninth.id and leaver.graduated_on == JUNE
    assert (
        await session.scalar(
            select(func.count()).select_from(Period).where(Period.academic_year_id == year.id)
        )
        == 4
    )
    # The new year's timetable starts empty; the old one ended with the old year.
    open_slots = await session.scalar(
        select(func.count())
        .select_from(TimetableSlot)
        .where((TimetableSlot.valid_to.is_(None)) | (TimetableSlot.valid_to > dt.date(2027, 5, 31)))
    )
    assert open_slots == 0

    # The past year's journal is unchanged, row for row.
    assert await _checksums(session) == before

    # Every family reaches the same children, without a new link (a leaver's for 90 days).
    for account, children in families.items():
        assert await _children_seen(session, account, JUNE_NOW) == children, account
    leaver_parents = [a for a, kids in families.items() if kids & {leaver.id for leaver in leavers}]
    later = JUNE_NOW + dt.timedelta(days=91)
    for account in leaver_parents:
        assert not (await _children_seen(session, account, later)) & {leaver.id for leaver in leavers}

    # Running it again changes nothing.
    with pytest.raises(InvalidInput) as again:
        await school_year.start_year(session, CLI, school.school_id, today=JUNE)
    assert again.value.code == "year-already-started"
    assert await session.scalar(select(func.count()).select_from(AcademicYear)) == 2


async def test_last_years_marks_and_journal_stay_readable(session: AsyncSession) -> None:
    school = await demo.build_demo(session, now=BUILT, ttl_days=14)
    await demo_history.add_history(session, school.school_id, BUILT.date(), weeks=4)  # marks, absences, ...
    families = await _families_joined(session)
    fifth = await session.scalar(select(SchoolClass).where(SchoolClass.grade_level == 5))
    assert fifth is not None
    await school_year.start_year(session, CLI, school.school_id, today=JUNE)

    # A parent of a 5Б child opens his marks: this year's periods, and last year's as a whole.
    in_fifth = set(
        await session.scalars(select(ClassEnrollment.student_id).where(ClassEnrollment.class_id == fifth.id))
    )
    account, children = next((a, kids) for a, kids in families.items() if len(kids) == 1 and kids <= in_fifth)
    context, _ = await enter(session, TelegramProfile(account, account, "Родитель"), JUNE_NOW)
    actor = Actor.of(context)
    (child,) = children
    overview = await family_views.marks_overview(session, actor, child, None, JUNE_NOW)
    past = [p for p in overview.periods if p.past_year]
    assert {p.past_year for p in past} == {"2026/2027"} and len(past) == 4  # three terms and the year
    whole = next(p for p in past if p.kind == "year")
    last_year = await family_views.marks_overview(session, actor, child, whole.period_id, JUNE_NOW)
    marks_then = sum(len(line.marks) for line in last_year.subjects)
    assert marks_then > 0  # the demo's autumn marks

    # Last year's 5Б journal still lists its students, who are now in 6Б.
    assert (
        await session.scalar(select(func.count()).select_from(Student).where(Student.class_id == fifth.id))
        == 0
    )
    first_term = await session.scalar(
        select(Period).where(
            Period.academic_year_id == fifth.academic_year_id, Period.number == 1, Period.kind == "trimester"
        )
    )
    maths = await session.scalar(select(Subject).where(Subject.name == "Математика"))
    assert first_term is not None and maths is not None
    book = await exports.class_journal(
        session, CLI, fifth.id, maths.id, first_term.id, {word: word for word in exports.JOURNAL_WORDS}
    )
    sheet = load_workbook(io.BytesIO(book.content)).worksheets[0]
    names = [row[0] for row in sheet.iter_rows(values_only=True) if row and row[0]]
    enrolled = await session.scalar(
        select(func.count()).select_from(ClassEnrollment).where(ClassEnrollment.class_id == fifth.id)
    )
    assert enrolled and enrolled >= 20
    assert sum(1 for name in names if isinstance(name, str) and "." in name) >= enrolled


async def test_leavers_are_marked_by_name_from_the_command_line(session: AsyncSession) -> None:
    await demo.build_demo(session, now=BUILT, ttl_days=14)
    ninth = await session.scalar(select(SchoolClass).where(SchoolClass.grade_level == 9))
    assert ninth is not None
    first, second = list(await session.scalars(select(Student).where(Student.class_id == ninth.id).limit(2)))
    named = f"{first.last_name} {first.first_name}"
    with pytest.raises(InvalidInput) as refused:  # one unknown name: nobody is marked
        await school_year.mark_leaving_by_name(session, CLI, ninth.id, [named, "Никто Никтович"])
    assert refused.value.code == "year-student-unknown"
    await session.refresh(first)
    assert first.leaving is False
    marked = await school_year.mark_leaving_by_name(session, CLI, ninth.id, [named, second.full_name])
    assert marked == [first.full_name, second.full_name]
    await session.refresh(first)
    assert first.leaving is True
    await school_year.mark_leaving_by_name(session, CLI, ninth.id, [named], leaving=False)
    await session.refresh(first)
    assert first.leaving is False
