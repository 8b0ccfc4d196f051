"""Invite links: issuing, checking and accepting, against the real database."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import AuditLog, Guardian, GuardianLink, Invite, InviteFailure, Staff, Student
from models.enums import Role
from services import invites
from services.audit import CLI, Actor
from services.errors import AccessDenied, ServiceError
from services.invites import InviteRejected
from services.users import TelegramProfile, enter, load_context
from tests.factories import NOW, small_school

TTL = 14
PARENT_ID = 5001
TEACHER_ID = 5002


async def _account(session: AsyncSession, tg_user_id: int, first_name: str = "Ольга") -> None:
    await enter(session, TelegramProfile(tg_user_id, tg_user_id, first_name, "Андреева"), NOW)


async def test_token_is_random_short_and_stored_only_as_hash(session: AsyncSession) -> None:
    school = await small_school(session)
    issued = await invites.issue_staff_invite(session, CLI, school.teacher.id, now=NOW, ttl_days=TTL)
    assert 32 <= len(issued.token) <= 64
    assert set(issued.token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    stored = await session.scalar(select(Invite).where(Invite.id == issued.invite_id))
    assert stored is not None
    assert issued.token.encode() not in stored.token_hash
    assert stored.token_hash == invites.hash_token(issued.token)
    # Valid through the whole of 12 December in Moscow: until midnight there, 21:00 UTC.
    assert issued.valid_through == dt.date(2026, 12, 12)
    assert stored.expires_at == dt.datetime(2026, 12, 12, 21, 0, tzinfo=dt.UTC)


async def test_staff_joins_and_gets_roles(session: AsyncSession) -> None:
    school = await small_school(session)
    issued = await invites.issue_staff_invite(session, CLI, school.class_teacher.id, now=NOW, ttl_days=TTL)
    await _account(session, TEACHER_ID)
    preview = await invites.check_token(session, TEACHER_ID, issued.token, now=NOW, failure_limit=10)
    assert preview.role == Role.TEACHER and not preview.needs_consent
    joined = await invites.accept_invite(session, TEACHER_ID, preview.invite_id, now=NOW, consent=False)
    assert joined.person_name == "Смирнова Елена Викторовна"
    context = await load_context(session, TEACHER_ID)
    assert {g.role for g in context.grants} == {Role.TEACHER, Role.CLASS_TEACHER}
    assert context.grant(Role.CLASS_TEACHER).class_ids == (school.class_5b.id,)  # type: ignore[union-attr]


async def test_parent_needs_consent_and_it_is_recorded(session: AsyncSession) -> None:
    school = await small_school(session)
    child = school.students_5b[0]
    mother = school.mothers[child.id]
    issued = await invites.issue_parent_invite(
        session, CLI, child.id, guardian_id=mother.id, now=NOW, ttl_days=TTL
    )
    await _account(session, PARENT_ID)
    preview = await invites.check_token(session, PARENT_ID, issued.token, now=NOW, failure_limit=10)
    assert preview.needs_consent
    with pytest.raises(ServiceError):
        await invites.accept_invite(session, PARENT_ID, preview.invite_id, now=NOW, consent=False)
    await invites.accept_invite(session, PARENT_ID, preview.invite_id, now=NOW, consent=True)
    await session.refresh(mother)
    assert mother.tg_user_id == PARENT_ID
    assert mother.consent_given_at == NOW
    actions = set(await session.scalars(select(AuditLog.action).where(AuditLog.entity == "guardian")))
    assert {"consent.given", "invite.accepted"} <= actions


@pytest.mark.parametrize("case", ["used", "expired", "unknown", "revoked"])
async def test_bad_tokens_are_refused_and_change_nothing(session: AsyncSession, case: str) -> None:
    school = await small_school(session)
    student = school.students_5b[1]
    issued = await invites.issue_student_invite(session, CLI, student.id, now=NOW, ttl_days=TTL)
    token, now = issued.token, NOW
    if case == "used":
        await _account(session, 6001)
        await invites.accept_invite(session, 6001, issued.invite_id, now=NOW, consent=False)
    elif case == "expired":
        now = issued.expires_at + dt.timedelta(seconds=1)
    elif case == "unknown":
        token = "A" * 32
    else:
        await invites.issue_student_invite(session, CLI, student.id, now=NOW, ttl_days=TTL)
    await _account(session, 6002)
    with pytest.raises(InviteRejected) as refusal:
        await invites.check_token(session, 6002, token, now=now, failure_limit=10)
    assert refusal.value.reason == case
    await session.refresh(student)
    assert student.tg_user_id in (None, 6001)
    assert student.tg_user_id != 6002


async def test_eleventh_bad_token_in_an_hour_is_refused_without_looking(session: AsyncSession) -> None:
    school = await small_school(session)
    issued = await invites.issue_student_invite(session, CLI, school.students_5b[0].id, now=NOW, ttl_days=TTL)
    await _account(session, 6003)
    for attempt in range(10):
        with pytest.raises(InviteRejected):
            await invites.check_token(
                session, 6003, f"wrong-token-number-{attempt:02d}", now=NOW, failure_limit=10
            )
    with pytest.raises(InviteRejected) as refusal:
        await invites.check_token(session, 6003, issued.token, now=NOW, failure_limit=10)
    assert refusal.value.reason == "too-many-attempts"
    # An hour later the account may try again, and the good link still works.
    later = NOW + dt.timedelta(hours=1, seconds=1)
    preview = await invites.check_token(session, 6003, issued.token, now=later, failure_limit=10)
    assert preview.role == Role.STUDENT
    failures = await session.scalar(select(func.count()).select_from(InviteFailure))
    assert failures == 10


async def test_new_link_revokes_the_older_unused_one(session: AsyncSession) -> None:
    school = await small_school(session)
    first = await invites.issue_staff_invite(session, CLI, school.teacher.id, now=NOW, ttl_days=TTL)
    second = await invites.issue_staff_invite(session, CLI, school.teacher.id, now=NOW, ttl_days=TTL)
    await _account(session, 6004)
    with pytest.raises(InviteRejected) as refusal:
        await invites.check_token(session, 6004, first.token, now=NOW, failure_limit=10)
    assert refusal.value.reason == "revoked"
    assert (
        await invites.check_token(session, 6004, second.token, now=NOW, failure_limit=10)
    ).role == Role.TEACHER


async def test_parent_of_two_children_is_one_guardian(session: AsyncSession) -> None:
    """A parent joining through links for two children without roster parents gets both children."""
    school = await small_school(session)
    elder, younger = school.students_5b[2], school.students_7a[2]
    for child in (elder, younger):
        await session.execute(delete(GuardianLink).where(GuardianLink.student_id == child.id))
    await _account(session, PARENT_ID)
    for child in (elder, younger):
        issued = await invites.issue_parent_invite(
            session, CLI, child.id, guardian_id=None, now=NOW, ttl_days=TTL
        )
        await invites.accept_invite(session, PARENT_ID, issued.invite_id, now=NOW, consent=True)
    guardians = (await session.scalars(select(Guardian).where(Guardian.tg_user_id == PARENT_ID))).all()
    assert len(guardians) == 1
    assert guardians[0].last_name == "Андреева"  # named from the Telegram profile
    children = set(
        await session.scalars(
            select(GuardianLink.student_id).where(GuardianLink.guardian_id == guardians[0].id)
        )
    )
    assert children == {elder.id, younger.id}


async def test_class_teacher_may_invite_only_his_own_class(session: AsyncSession) -> None:
    school = await small_school(session)
    await _account(session, TEACHER_ID)
    issued = await invites.issue_staff_invite(session, CLI, school.class_teacher.id, now=NOW, ttl_days=TTL)
    await invites.accept_invite(session, TEACHER_ID, issued.invite_id, now=NOW, consent=False)
    actor = Actor.of(await load_context(session, TEACHER_ID))
    own = await invites.issue_student_invite(session, actor, school.students_5b[0].id, now=NOW, ttl_days=TTL)
    assert own.class_label == "5Б"
    before = await session.scalar(select(func.count()).select_from(Invite))
    with pytest.raises(AccessDenied):
        await invites.issue_student_invite(session, actor, school.students_7a[0].id, now=NOW, ttl_days=TTL)
    with pytest.raises(AccessDenied):
        await invites.issue_staff_invite(session, actor, school.teacher.id, now=NOW, ttl_days=TTL)
    with pytest.raises(AccessDenied):
        await invites.issue_parent_invite(
            session,
            actor,
            school.students_5b[0].id,
            guardian_id=school.mothers[school.students_7a[0].id].id,
            now=NOW,
            ttl_days=TTL,
        )
    assert await session.scalar(select(func.count()).select_from(Invite)) == before


async def test_class_links_cover_everyone_not_yet_joined(session: AsyncSession) -> None:
    school = await small_school(session)
    issued = await invites.issue_class_invites(session, CLI, school.class_5b.id, now=NOW, ttl_days=TTL)
    assert sorted(i.role.value for i in issued) == ["parent"] * 3 + ["student"] * 3
    assert {i.guardian_name for i in issued if i.role == Role.PARENT} == {
        school.mothers[s.id].full_name for s in school.students_5b
    }
    only_parents = await invites.issue_class_invites(
        session, CLI, school.class_5b.id, now=NOW, ttl_days=TTL, students=False
    )
    assert len(only_parents) == 3


async def test_relinking_a_staff_member_to_a_new_phone(session: AsyncSession) -> None:
    school = await small_school(session)
    for account in (7001, 7002):
        await _account(session, account)
        issued = await invites.issue_staff_invite(session, CLI, school.teacher.id, now=NOW, ttl_days=TTL)
        await invites.accept_invite(session, account, issued.invite_id, now=NOW, consent=False)
    teacher = await session.get(Staff, school.teacher.id)
    assert teacher is not None and teacher.tg_user_id == 7002
    assert not (await load_context(session, 7001)).grants


async def test_student_link_binds_the_student(session: AsyncSession) -> None:
    school = await small_school(session)
    student = school.students_7a[1]
    issued = await invites.issue_student_invite(session, CLI, student.id, now=NOW, ttl_days=TTL)
    await _account(session, 7003)
    await invites.accept_invite(session, 7003, issued.invite_id, now=NOW, consent=False)
    row = await session.get(Student, student.id)
    assert row is not None and row.tg_user_id == 7003
    context = await load_context(session, 7003)
    assert [g.role for g in context.grants] == [Role.STUDENT]


async def test_two_accounts_racing_for_one_link_only_one_wins(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as setup, setup.begin():
        school = await small_school(setup)
        issued = await invites.issue_staff_invite(setup, CLI, school.teacher.id, now=NOW, ttl_days=TTL)
        for account in (8001, 8002):
            await _account(setup, account)
    async with session_factory() as first, session_factory() as second:
        # Both have checked the token and hold the invite, unused, in their sessions.
        held = [
            await invites.check_token(s, account, issued.token, now=NOW, failure_limit=10)
            for s, account in ((first, 8001), (second, 8002))
        ]
        stale = await second.get(Invite, issued.invite_id)
        assert stale is not None and stale.used_at is None
        await invites.accept_invite(first, 8001, held[0].invite_id, now=NOW, consent=False)
        racing = asyncio.create_task(
            invites.accept_invite(second, 8002, held[1].invite_id, now=NOW, consent=False)
        )
        await asyncio.sleep(0.2)
        assert not racing.done(), "the second redemption waits for the first one's lock"
        await first.commit()
        with pytest.raises(InviteRejected) as refusal:
            await racing
        assert refusal.value.reason == "used"
        await second.rollback()
    async with session_factory() as check:
        teacher = await check.get(Staff, school.teacher.id)
        assert teacher is not None
        assert teacher.tg_user_id == 8001


async def test_a_crowd_of_fresh_accounts_cannot_fill_the_database_with_bad_tokens(
    session: AsyncSession,
) -> None:
    """300 accounts × 10 wrong tokens in one minute (each account within its own hourly limit): the
    deployment records its ceiling and refuses the rest unread; a minute later a good link works."""
    school = await small_school(session)
    issued = await invites.issue_student_invite(session, CLI, school.students_5b[0].id, now=NOW, ttl_days=TTL)
    reasons: Counter[str] = Counter()
    for account in range(300):
        for attempt in range(10):
            with pytest.raises(InviteRejected) as refusal:
                await invites.check_token(
                    session, 8000 + account, f"guess-{account:03d}-{attempt:02d}-{'x' * 16}",
                    now=NOW + dt.timedelta(milliseconds=account), failure_limit=10,
                )  # fmt: skip
            reasons[refusal.value.reason] += 1
    ceiling = invites.DEPLOYMENT_FAILURES_PER_MINUTE
    assert reasons == {"unknown": ceiling, "busy": 3000 - ceiling}
    assert await session.scalar(select(func.count()).select_from(InviteFailure)) == ceiling
    # During the flood even a good link waits: the message says to try again in a minute.
    with pytest.raises(InviteRejected) as refusal:
        await invites.check_token(session, 9000, issued.token, now=NOW, failure_limit=10)
    assert refusal.value.reason == "busy"
    preview = await invites.check_token(
        session, 9000, issued.token, now=NOW + dt.timedelta(minutes=1, seconds=1), failure_limit=10
    )
    assert preview.role == Role.STUDENT


async def test_failures_older_than_a_day_are_pruned(session: AsyncSession) -> None:
    for day in range(3):
        with pytest.raises(InviteRejected):
            await invites.check_token(
                session, 6100, "B" * 32, now=NOW + dt.timedelta(days=day, seconds=1), failure_limit=10
            )
    kept = (await session.scalars(select(InviteFailure.at).order_by(InviteFailure.at))).all()
    # Each new failure prunes what is over a day old: the first one has gone, the second is exactly a day.
    assert kept == [NOW + dt.timedelta(days=1, seconds=1), NOW + dt.timedelta(days=2, seconds=1)]
