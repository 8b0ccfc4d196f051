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

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Guardian, GuardianLink, Invite, InviteFailure, School, SchoolClass, Staff, Student, TgUser
from models.enums import Role
from services import access, audit
from services.audit import Actor
from services.errors import AccessDenied, ServiceError

TOKEN_BYTES = 24
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class InviteRejected(ServiceError):
    """reason: unknown, used, expired, revoked, too-many-attempts."""

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
    if staff.is_coordinator:
        return Role.COORDINATOR
    if staff.is_deputy:
        return Role.DEPUTY
    return Role.TEACHER


# ---- issuing -------------------------------------------------------------------------------------


async def issue_staff_invite(
    session: AsyncSession, actor: Actor, staff_id: int, *, now: dt.datetime, ttl_days: int
) -> IssuedInvite:
    staff = await access.staff_for_coordinator(session, actor, staff_id)
    await _revoke_unused(session, now, Invite.staff_id == staff.id)
    return await _issue(
        session,
        actor,
        now=now,
        ttl_days=ttl_days,
        school_id=staff.school_id,
        role=staff_main_role(staff),
        staff_id=staff.id,
        person_name=staff.full_name,
    )


async def issue_student_invite(
    session: AsyncSession, actor: Actor, student_id: int, *, now: dt.datetime, ttl_days: int
) -> IssuedInvite:
    student = await access.student_for_family_admin(session, actor, student_id)
    school_class = await session.get(SchoolClass, student.class_id)
    assert school_class is not None
    await _revoke_unused(session, now, Invite.student_id == student.id, Invite.role == Role.STUDENT.value)
    return await _issue(
        session,
        actor,
        now=now,
        ttl_days=ttl_days,
        school_id=student.school_id,
        role=Role.STUDENT,
        student_id=student.id,
        person_name=student.full_name,
        class_label=school_class.label,
    )


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
    same_target = Invite.guardian_id == guardian.id if guardian else Invite.guardian_id.is_(None)
    await _revoke_unused(
        session, now, Invite.student_id == student.id, Invite.role == Role.PARENT.value, same_target
    )
    return await _issue(
        session,
        actor,
        now=now,
        ttl_days=ttl_days,
        school_id=student.school_id,
        role=Role.PARENT,
        student_id=student.id,
        guardian_id=guardian.id if guardian else None,
        person_name=student.full_name,
        class_label=school_class.label,
        guardian_name=guardian.full_name if guardian else None,
    )


async def _revoke_unused(session: AsyncSession, now: dt.datetime, *conditions: object) -> None:
    await session.execute(
        update(Invite)
        .where(Invite.used_at.is_(None), Invite.revoked_at.is_(None), *conditions)  # type: ignore[arg-type]
        .values(revoked_at=now)
    )


async def _issue(
    session: AsyncSession,
    actor: Actor,
    *,
    now: dt.datetime,
    ttl_days: int,
    school_id: int,
    role: Role,
    person_name: str,
    staff_id: int | None = None,
    student_id: int | None = None,
    guardian_id: int | None = None,
    class_label: str | None = None,
    guardian_name: str | None = None,
) -> IssuedInvite:
    token = new_token()
    invite = Invite(
        school_id=school_id,
        token_hash=hash_token(token),
        role=role.value,
        staff_id=staff_id,
        student_id=student_id,
        guardian_id=guardian_id,
        issued_by_tg_user_id=actor.tg_user_id,
        expires_at=now + dt.timedelta(days=ttl_days),
    )
    session.add(invite)
    await session.flush()
    audit.record(
        session,
        actor,
        "invite.issued",
        "invite",
        invite.id,
        school_id=school_id,
        after={
            "role": role.value,
            "staff_id": staff_id,
            "student_id": student_id,
            "guardian_id": guardian_id,
        },
    )
    return IssuedInvite(token, invite.id, role, person_name, class_label, guardian_name, invite.expires_at)


# ---- redeeming -----------------------------------------------------------------------------------


async def check_token(
    session: AsyncSession, tg_user_id: int, token: str, *, now: dt.datetime, failure_limit: int
) -> InvitePreview:
    """Validate a /start token. Bad tokens are counted; past the limit nothing is even looked up."""
    recent_failures = await session.scalar(
        select(func.count())
        .select_from(InviteFailure)
        .where(InviteFailure.tg_user_id == tg_user_id, InviteFailure.at > now - dt.timedelta(hours=1))
    )
    if (recent_failures or 0) >= failure_limit:
        raise InviteRejected("too-many-attempts")
    invite = None
    if _TOKEN_SHAPE.match(token):
        invite = await session.scalar(select(Invite).where(Invite.token_hash == hash_token(token)))
    if invite is not None and invite.used_at is not None and invite.used_by_tg_user_id == tg_user_id:
        return await _preview(session, invite, already_yours=True)
    reason = _rejection(invite, now)
    if reason is not None:
        session.add(InviteFailure(tg_user_id=tg_user_id, at=now))
        raise InviteRejected(reason)
    assert invite is not None
    return await _preview(session, invite)


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
    invite = await session.scalar(select(Invite).where(Invite.id == invite_id).with_for_update())
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
        account.active_role = None if invite.staff_id is not None else f"{role.value}:{invite.school_id}"
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
    audit.record(
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
    audit.record(
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
    audit.record(
        session,
        actor,
        "consent.given",
        "guardian",
        guardian.id,
        school_id=invite.school_id,
        after={"consent_given_at": now.isoformat(), "invite_id": invite.id},
    )
    audit.record(
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
    student with no parent on the roster, and each student. Replaces their older unused links."""
    school_class = await access.class_for_family_admin(session, actor, class_id)
    roster = (
        await session.scalars(
            select(Student)
            .where(Student.class_id == class_id)
            .order_by(Student.last_name, Student.first_name, Student.middle_name)
        )
    ).all()
    guardians = await session.execute(
        select(GuardianLink.student_id, Guardian)
        .join(Guardian, Guardian.id == GuardianLink.guardian_id)
        .where(GuardianLink.student_id.in_([s.id for s in roster]))
        .order_by(Guardian.id)
    )
    by_student: dict[int, list[Guardian]] = {}
    for student_id, listed in guardians:
        by_student.setdefault(student_id, []).append(listed)

    targets: list[tuple[Student, Role, Guardian | None]] = []
    for student in roster:
        linked = by_student.get(student.id, [])
        if parents:
            targets.extend((student, Role.PARENT, g) for g in linked if g.tg_user_id is None)
            if not linked:
                targets.append((student, Role.PARENT, None))
        if students and student.tg_user_id is None:
            targets.append((student, Role.STUDENT, None))
    issued = []
    for student, role, guardian in targets:
        # Only the same target's older link is revoked: an extra parent link stays valid.
        same_guardian = Invite.guardian_id == guardian.id if guardian else Invite.guardian_id.is_(None)
        await _revoke_unused(
            session, now, Invite.student_id == student.id, Invite.role == role.value, same_guardian
        )
        issued.append(
            await _issue(
                session,
                actor,
                now=now,
                ttl_days=ttl_days,
                school_id=student.school_id,
                role=role,
                student_id=student.id,
                guardian_id=guardian.id if guardian else None,
                person_name=student.full_name,
                class_label=school_class.label,
                guardian_name=guardian.full_name if guardian else None,
            )
        )
    return issued
