"""Announcements reach exactly their audience, and only those allowed may send them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Outbox
from services.announcements import Audience, announce
from services.audit import Actor
from services.errors import AccessDenied
from services.users import TelegramProfile, enter, load_context
from tests.factories import NOW, SmallSchool, small_school

COORDINATOR, CLASS_TEACHER, TEACHER = 101, 102, 103


async def _joined(session: AsyncSession) -> tuple[SmallSchool, dict[int, int]]:
    """Staff joined; every mother joined with consent (account 200 + n); one student of 5Б too."""
    school = await small_school(session)
    for account, person in (
        (COORDINATOR, school.coordinator),
        (CLASS_TEACHER, school.class_teacher),
        (TEACHER, school.teacher),
    ):
        await enter(session, TelegramProfile(account, account, "Сотрудник"), NOW)
        person.tg_user_id = account
    mothers: dict[int, int] = {}
    for n, (student_id, mother) in enumerate(school.mothers.items()):
        account = 200 + n
        await enter(session, TelegramProfile(account, account, "Мама"), NOW)
        mother.tg_user_id, mother.consent_given_at = account, NOW
        mothers[student_id] = account
    student = school.students_5b[0]
    await enter(session, TelegramProfile(300, 300, "Ученик"), NOW)
    student.tg_user_id = 300
    await session.flush()
    return school, mothers


async def _actor(session: AsyncSession, account: int) -> Actor:
    return Actor.of(await load_context(session, account))


async def _told(session: AsyncSession) -> set[int]:
    return set(await session.scalars(select(Outbox.tg_user_id).where(Outbox.kind == "announcement")))


async def test_the_school_hears_everything_and_the_staff_room_only_staff(session: AsyncSession) -> None:
    school, mothers = await _joined(session)
    coordinator = await _actor(session, COORDINATOR)
    count = await announce(
        session,
        coordinator,
        school.school_id,
        Audience.STAFF,
        "Педсовет в 15:00",
        sender="Орлов М. Е.",
        now=NOW,
    )
    assert count == 3
    assert await _told(session) == {COORDINATOR, CLASS_TEACHER, TEACHER}
    count = await announce(
        session, coordinator, school.school_id, Audience.SCHOOL, "Субботник", sender="Орлов М. Е.", now=NOW
    )
    assert count == 3 + len(mothers) + 1


async def test_a_class_teacher_addresses_his_class_only(session: AsyncSession) -> None:
    school, mothers = await _joined(session)
    class_teacher = await _actor(session, CLASS_TEACHER)
    count = await announce(
        session,
        class_teacher,
        school.school_id,
        Audience.CLASS_PARENTS,
        "Родительское собрание в четверг",
        sender="Смирнова Е. В.",
        now=NOW,
        class_id=school.class_5b.id,
    )
    assert await _told(session) == {mothers[s.id] for s in school.students_5b}
    assert count == 3
    with pytest.raises(AccessDenied):
        await announce(
            session,
            class_teacher,
            school.school_id,
            Audience.CLASS,
            "Чужой класс",
            sender="Смирнова Е. В.",
            now=NOW,
            class_id=school.class_7a.id,
        )
    for refused in (TEACHER, 200):
        with pytest.raises(AccessDenied):
            await announce(
                session,
                await _actor(session, refused),
                school.school_id,
                Audience.SCHOOL,
                "Всем",
                sender="?",
                now=NOW,
            )
    assert await session.scalar(select(func.count()).select_from(Outbox)) == 3
