"""Invite links: issuing them, checking a token, and binding a Telegram account to a person.

A token is 192 random bits in base64url (32 characters, inside Telegram's 64-character start
parameter). Only its SHA-256 is stored, so a database leak gives no working links. A token is single
use, expires (14 days by default) and is bound to a role and to the person it speaks for. Issuing a
new link for the same person revokes the older unused ones, so only the latest printed link works.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, delete, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Guardian, GuardianLink, Invite, InviteFailure, School, SchoolClass, Staff, Student, TgUser
from models.enums import Role
from services import access, audit
from services.audit import Actor
from services.calendar import school_zone
from services.classes import ParentRow, StudentRow, class_roster
from services.errors import AccessDenied, ServiceError
from services.users import role_key

TOKEN_BYTES = 24
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class InviteRejected(ServiceError):
    """reason: unknown, used, expired, revoked, too-many-attempts (this account), busy (everyone's)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"invite-{reason}")
        self.reason = reason


@dataclass(frozen=True)
class IssuedInvite:
    token: str
    invite_id: int
    role: Role
    person_name: str
    class_label: str | None
    guardian_name: str | None
    expires_at: dt.datetime
    valid_through: dt.date  # the last day it works, in the school's timezone
    student_id: int | None = None  # whose family the link is for (a parent's or a student's link)


@dataclass(frozen=True)
class InvitePreview:
    """What a valid token is for, shown before binding (a parent sees the consent first)."""

    invite_id: int
    role: Role
    school_name: str
    person_name: str
    class_label: str | None
    needs_consent: bool
    already_yours: bool = False


@dataclass(frozen=True)
class JoinResult:
    role: Role
    school_id: int
    school_name: str
    person_name: str
    class_label: str | None


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> bytes:
    return hashlib.sha256(token.encode("ascii", "replace")).digest()


def staff_main_role(staff: Staff) -> Role:
    """The role an invite names for a staff member: his highest one."""
    return staff.roles[0] if staff.roles else Role.TEACHER


# ---- issuing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    """Whom one new link is for."""

    role: Role
    person_name: str
    staff_id: int | None = None
    student_id: int | None = None
    guardian_id: int | None = None
    class_label: str | None = None
    guardian_name: str | None = None


async def issue_staff_invite(
    session: AsyncSession, actor: Actor, staff_id: int, *, now: dt.datetime, ttl_days: int
) -> IssuedInvite:
    staff = await access.staff_for_coordinator(session, actor, staff_id)
    await _revoke_unused(session, now, Invite.staff_id == staff.id)
    target = _Target(staff_main_role(staff), staff.full_name, staff_id=staff.id)
    return (await _issue(session, actor, staff.school_id, [target], now=now, ttl_days=ttl_days))[0]


async def issue_student_invite(
    session: AsyncSession, actor: Actor, student_id: int, *, now: dt.datetime, ttl_days: int
) -> IssuedInvite:
    student = await access.student_for_family_admin(session, actor, student_id)
    school_class = await session.get(SchoolClass, student.class_id)
    assert school_class is not None
    await _revoke_unused(session, now, Invite.student_id == student.id, Invite.role == Role.STUDENT.value)
    target = _Target(Role.STUDENT, student.full_name, student_id=student.id, class_label=school_class.label)
    return (await _issue(session, actor, student.school_id, [target], now=now, ttl_days=ttl_days))[0]


async def issue_parent_invite(
    session: AsyncSession,
    actor: Actor,
    student_id: int,
    *,
    guardian_id: int | None,
    now: dt.datetime,
    ttl_days: int,
) -> IssuedInvite:
    """A link for a parent of this student: for the roster's guardian row, or for a new one."""
    student = await access.student_for_family_admin(session, actor, student_id)
    school_class = await session.get(SchoolClass, student.class_id)
    assert school_class is not None
    guardian: Guardian | None = None
    if guardian_id is not None:
        guardian = await session.scalar(
            select(Guardian)
            .join(GuardianLink, GuardianLink.guardian_id == Guardian.id)
            .where(Guardian.id == guardian_id, GuardianLink.student_id == student.id)
        )
        if guardian is None:
            raise AccessDenied()
        # A roster parent has one working link. A link for a parent not on the roster replaces
        # nothing: each press is for another person (a stepfather, a grandmother).
        await _revoke_unused(session, now, Invite.student_id == student.id, Invite.guardian_id == guardian.id)
    target = _Target(
        Role.PARENT,
        student.full_name,
        student_id=student.id,
        guardian_id=guardian.id if guardian else None,
        class_label=school_class.label,
        guardian_name=guardian.full_name if guardian else None,
    )
    return (await _issue(session, actor, student.school_id, [target], now=now, ttl_days=ttl_days))[0]


async def issue_class_invites(
    session: AsyncSession,
    actor: Actor,
    class_id: int,
    *,
    now: dt.datetime,
    ttl_days: int,
    parents: bool = True,
    students: bool = True,
) -> list[IssuedInvite]:
    """Links for everyone of a class not yet in the bot: each roster parent, a parent link for a
    student with no parent on the roster, and each student. Replaces their older unused links.
    A fixed number of statements whatever the size of the class."""
    roster = await class_roster(session, actor, class_id)
    if not roster.may_issue:  # a deputy sees who joined; links come from the class teacher
        raise AccessDenied()
    targets: list[_Target] = []
    for row in roster.students:
        if parents:
            unjoined = [parent for parent in row.parents if not parent.joined]
            targets.extend(_family_target(roster.label, row, Role.PARENT, parent) for parent in unjoined)
            if not row.parents:
                targets.append(_family_target(roster.label, row, Role.PARENT))
        if students and not row.joined:
            targets.append(_family_target(roster.label, row, Role.STUDENT))
    if not targets:
        return []
    await _revoke_unused(session, now, or_(*(_same_target(target) for target in targets)))
    school_id = (await access.class_for_family_admin(session, actor, class_id)).school_id
    return await _issue(session, actor, school_id, targets, now=now, ttl_days=ttl_days)


def _family_target(label: str, row: StudentRow, role: Role, parent: ParentRow | None = None) -> _Target:
    return _Target(
        role,
        row.full_name,
        student_id=row.student_id,
        class_label=label,
        guardian_id=parent.guardian_id if parent else None,
        guardian_name=parent.full_name if parent else None,
    )


def _same_target(target: _Target) -> ColumnElement[bool]:
    """The unused links a new one for this target replaces."""
    if target.guardian_id is not None:
        return Invite.guardian_id == target.guardian_id
    return and_(
        Invite.student_id == target.student_id, Invite.role == target.role.value, Invite.guardian_id.is_(None)
    )


async def _revoke_unused(session: AsyncSession, now: dt.datetime, *conditions: ColumnElement[bool]) -> None:
    await session.execute(
        update(Invite)
        .where(Invite.used_at.is_(None), Invite.revoked_at.is_(None), *conditions)
        .values(revoked_at=now)
    )


async def _issue(
    session: AsyncSession,
    actor: Actor,
    school_id: int,
    targets: list[_Target],
    *,
    now: dt.datetime,
    ttl_days: int,
) -> list[IssuedInvite]:
    # Valid through the end of the school's local day N days ahead: "до 12 декабря" means all of it.
    zone = await school_zone(session, school_id)
    valid_through = now.astimezone(zone).date() + dt.timedelta(days=ttl_days)
    expires_at = dt.datetime.combine(valid_through + dt.timedelta(days=1), dt.time(0, 0), tzinfo=zone)
    tokens = [new_token() for _ in targets]
    rows = [
        Invite(
            school_id=school_id,
            token_hash=hash_token(token),
            role=target.role.value,
            staff_id=target.staff_id,
            student_id=target.student_id,
            guardian_id=target.guardian_id,
            issued_by_tg_user_id=actor.tg_user_id,
            expires_at=expires_at,
        )
        for token, target in zip(tokens, targets, strict=True)
    ]
    session.add_all(rows)
    await session.flush()
    for row in rows:
        await audit.record(
            session,
            actor,
            "invite.issued",
            "invite",
            row.id,
            school_id=school_id,
            after={
                "role": row.role,
                "staff_id": row.staff_id,
                "student_id": row.student_id,
                "guardian_id": row.guardian_id,
            },
        )
    return [
        IssuedInvite(
            token,
            row.id,
            target.role,
            target.person_name,
            target.class_label,
            target.guardian_name,
            expires_at,
            valid_through,
            target.student_id,
        )
        for token, row, target in zip(tokens, rows, targets, strict=True)
    ]


# ---- redeeming -----------------------------------------------------------------------------------


# Bad tokens across the whole deployment in a minute, past which every token is refused unread: a crowd
# of fresh accounts (each under its own hourly limit) cannot make the server look up and record
# guesses without end. A parent meeting where a whole class joins at once mistypes far fewer.
DEPLOYMENT_FAILURES_PER_MINUTE = 60
FAILURE_RETENTION = dt.timedelta(days=1)  # older failures count towards nothing

_RECENT_FAILURES = text(
    """
    SELECT (SELECT count(*) FROM invite_failure WHERE at > :minute_ago) AS deployment,
           (SELECT count(*) FROM invite_failure WHERE tg_user_id = :tg_user_id AND at > :hour_ago) AS account
    """
)


async def check_token(
    session: AsyncSession,
    tg_user_id: int,
    token: str,
    *,
    now: dt.datetime,
    failure_limit: int,
    deployment_limit: int = DEPLOYMENT_FAILURES_PER_MINUTE,
) -> InvitePreview:
    """Validate a /start token. Bad tokens are counted; past either limit (this account's in an hour,
    the deployment's in a minute) the token is refused without being looked up or recorded."""
    params = {
        "tg_user_id": tg_user_id,
        "minute_ago": now - dt.timedelta(minutes=1),
        "hour_ago": now - dt.timedelta(hours=1),
    }
    recent = (await session.execute(_RECENT_FAILURES, params)).one()
    if recent.account >= failure_limit:
        raise InviteRejected("too-many-attempts")
    if recent.deployment >= deployment_limit:
        raise InviteRejected("busy")
    invite = None
    if _TOKEN_SHAPE.match(token):
        invite = await session.scalar(select(Invite).where(Invite.token_hash == hash_token(token)))
    if invite is not None and invite.used_at is not None and invite.used_by_tg_user_id == tg_user_id:
        return await _preview(session, invite, already_yours=True)
    reason = _rejection(invite, now)
    if reason is not None:
        await _record_failure(session, tg_user_id, now)
        raise InviteRejected(reason)
    assert invite is not None
    return await _preview(session, invite)


async def _record_failure(session: AsyncSession, tg_user_id: int, now: dt.datetime) -> None:
    """Counted for both limits; the rows past any limit's reach are pruned as new ones come (at most
    the deployment's ceiling a minute arrive, so the table stays a day of them at most)."""
    await session.execute(delete(InviteFailure).where(InviteFailure.at < now - FAILURE_RETENTION))
    session.add(InviteFailure(tg_user_id=tg_user_id, at=now))


def _rejection(invite: Invite | None, now: dt.datetime) -> str | None:
    if invite is None:
        return "unknown"
    if invite.used_at is not None:
        return "used"
    if invite.revoked_at is not None:
        return "revoked"
    if invite.expires_at <= now:
        return "expired"
    return None


async def _preview(session: AsyncSession, invite: Invite, *, already_yours: bool = False) -> InvitePreview:
    school = await session.get(School, invite.school_id)
    assert school is not None
    person_name, class_label = await _bound_person(session, invite)
    role = Role(invite.role)
    return InvitePreview(
        invite_id=invite.id,
        role=role,
        school_name=school.name,
        person_name=person_name,
        class_label=class_label,
        needs_consent=role == Role.PARENT,
        already_yours=already_yours,
    )


async def _bound_person(session: AsyncSession, invite: Invite) -> tuple[str, str | None]:
    if invite.staff_id is not None:
        staff = await session.get(Staff, invite.staff_id)
        assert staff is not None
        return staff.full_name, None
    assert invite.student_id is not None
    student = await session.get(Student, invite.student_id)
    assert student is not None
    school_class = await session.get(SchoolClass, student.class_id)
    assert school_class is not None
    return student.full_name, school_class.label


async def accept_invite(
    session: AsyncSession, tg_user_id: int, invite_id: int, *, now: dt.datetime, consent: bool
) -> JoinResult:
    """Bind the account. The invite row is locked, so two accounts racing for one link can't both win."""
    # populate_existing: the row may already sit in this session (check_token loaded it); without
    # it the lock would be taken but the stale "unused" copy read, and two accounts could both win.
    invite = await session.scalar(
        select(Invite)
        .where(Invite.id == invite_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    reason = _rejection(invite, now)
    if reason is not None:
        raise InviteRejected(reason)
    assert invite is not None
    role = Role(invite.role)
    if role == Role.PARENT and not consent:
        raise ServiceError("consent-required")
    actor = Actor.account(tg_user_id)
    if invite.staff_id is not None:
        await _bind_staff(session, actor, invite, tg_user_id, now)
    elif role == Role.STUDENT:
        await _bind_student(session, actor, invite, tg_user_id, now)
    else:
        await _bind_parent(session, actor, invite, tg_user_id, now)
    invite.used_at = now
    invite.used_by_tg_user_id = tg_user_id
    account = await session.get(TgUser, tg_user_id)
    if account is not None:
        # Show the menu of what he just joined as; for staff, the first of his staff roles
        # (a class teacher's invite says "teacher", but his class comes first).
        account.active_role = None if invite.staff_id is not None else role_key(role, invite.school_id)
    school = await session.get(School, invite.school_id)
    assert school is not None
    person_name, class_label = await _bound_person(session, invite)
    return JoinResult(role, school.id, school.name, person_name, class_label)


async def _bind_staff(
    session: AsyncSession, actor: Actor, invite: Invite, tg_user_id: int, now: dt.datetime
) -> None:
    staff = await session.get(Staff, invite.staff_id)
    assert staff is not None
    other = await session.scalar(
        select(Staff.id).where(
            Staff.school_id == staff.school_id, Staff.tg_user_id == tg_user_id, Staff.id != staff.id
        )
    )
    if other is not None:
        raise ServiceError("account-already-staff")
    before = {"tg_user_id": staff.tg_user_id}
    staff.tg_user_id = tg_user_id
    staff.joined_at = now
    await audit.record(
        session,
        actor,
        "invite.accepted",
        "staff",
        staff.id,
        school_id=staff.school_id,
        before=before,
        after={"tg_user_id": tg_user_id, "invite_id": invite.id},
    )


async def _bind_student(
    session: AsyncSession, actor: Actor, invite: Invite, tg_user_id: int, now: dt.datetime
) -> None:
    student = await session.get(Student, invite.student_id)
    assert student is not None
    other = await session.scalar(
        select(Student.id).where(
            Student.school_id == student.school_id,
            Student.tg_user_id == tg_user_id,
            Student.id != student.id,
        )
    )
    if other is not None:
        raise ServiceError("account-already-student")
    before = {"tg_user_id": student.tg_user_id}
    student.tg_user_id = tg_user_id
    student.joined_at = now
    await audit.record(
        session,
        actor,
        "invite.accepted",
        "student",
        student.id,
        school_id=student.school_id,
        before=before,
        after={"tg_user_id": tg_user_id, "invite_id": invite.id},
    )


async def _bind_parent(
    session: AsyncSession, actor: Actor, invite: Invite, tg_user_id: int, now: dt.datetime
) -> None:
    assert invite.student_id is not None
    guardian = await _guardian_for(session, invite, tg_user_id)
    before = {"tg_user_id": guardian.tg_user_id, "consent_given_at": None}
    guardian.tg_user_id = tg_user_id
    guardian.joined_at = guardian.joined_at or now
    guardian.consent_given_at = now
    link = await session.get(GuardianLink, (guardian.id, invite.student_id))
    if link is None:
        session.add(GuardianLink(guardian_id=guardian.id, student_id=invite.student_id))
    await audit.record(
        session,
        actor,
        "consent.given",
        "guardian",
        guardian.id,
        school_id=invite.school_id,
        after={"consent_given_at": now.isoformat(), "invite_id": invite.id},
    )
    await audit.record(
        session,
        actor,
        "invite.accepted",
        "guardian",
        guardian.id,
        school_id=invite.school_id,
        before=before,
        after={"tg_user_id": tg_user_id, "invite_id": invite.id, "student_id": invite.student_id},
    )


async def _guardian_for(session: AsyncSession, invite: Invite, tg_user_id: int) -> Guardian:
    """The roster's guardian row when the link names one; else this account's existing guardian
    row in the school (a parent adding a second child); else a new row named from Telegram."""
    if invite.guardian_id is not None:
        guardian = await session.get(Guardian, invite.guardian_id)
        assert guardian is not None
        return guardian
    existing = await session.scalar(
        select(Guardian)
        .where(Guardian.school_id == invite.school_id, Guardian.tg_user_id == tg_user_id)
        .order_by(Guardian.id)
        .limit(1)
    )
    if existing is not None:
        return existing
    account = await session.get(TgUser, tg_user_id)
    guardian = Guardian(
        school_id=invite.school_id,
        last_name=(account.last_name if account and account.last_name else "") or "—",
        first_name=account.first_name if account else "",
    )
    session.add(guardian)
    await session.flush()
    return guardian
