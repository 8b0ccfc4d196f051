"""Closing a person's access: the coordinator unbinds a staff member's, a parent's or a student's
Telegram account from the journal.

From then on the account gets nothing more (its messages still waiting are cancelled, unless it
keeps another role in the school, and every audience query skips it) and sees nothing (its roles are
loaded from these bindings at every update). The person's unused links stop working too; a new link
is the usual invite (services.invites), for whoever should have the access now.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Guardian, Invite, Staff, Student
from models.enums import Role
from services import access, audit
from services.audit import Actor
from services.errors import AccessDenied, InvalidInput


class Whose(enum.StrEnum):
    STAFF = "staff"
    PARENT = "parent"
    STUDENT = "student"


@dataclass(frozen=True)
class Revoked:
    name: str
    had_access: bool
    cancelled: int  # messages that were waiting for him


_STILL_HERE = text("""
    SELECT EXISTS (SELECT 1 FROM staff WHERE tg_user_id = :uid AND school_id = :school_id)
        OR EXISTS (SELECT 1 FROM student WHERE tg_user_id = :uid AND school_id = :school_id)
        OR EXISTS (SELECT 1 FROM guardian WHERE tg_user_id = :uid AND school_id = :school_id)
""")
_CANCEL_WAITING = text("""
    UPDATE outbox SET status = 'cancelled', last_error = 'access revoked'
     WHERE tg_user_id = :uid AND school_id = :school_id AND status IN ('pending', 'held')
""")


async def revoke(
    session: AsyncSession, actor: Actor, whose: Whose, person_id: int, *, school_id: int, now: dt.datetime
) -> Revoked:
    """Unbind the person's account (the coordinator of his school only, and not his own)."""
    access.require_role(actor, Role.COORDINATOR, school_id)
    person = await _person(session, whose, person_id, school_id)
    account = person.tg_user_id
    if account is not None and account == actor.tg_user_id:
        raise InvalidInput("revoke-self")
    person.tg_user_id = None
    await session.flush()
    await _revoke_links(session, whose, person_id, now)
    cancelled = 0
    if account is not None and not await session.scalar(
        _STILL_HERE, {"uid": account, "school_id": school_id}
    ):
        result = await session.execute(_CANCEL_WAITING, {"uid": account, "school_id": school_id})
        cancelled = int(result.rowcount or 0)  # type: ignore[attr-defined]
    await audit.record(
        session,
        actor,
        "access.revoked",
        whose.value if whose is not Whose.PARENT else "guardian",
        person_id,
        school_id=school_id,
        before={"tg_user_id": account},
        after={"tg_user_id": None, "cancelled_messages": cancelled},
    )
    return Revoked(person.full_name, account is not None, cancelled)


async def _person(
    session: AsyncSession, whose: Whose, person_id: int, school_id: int
) -> Staff | Guardian | Student:
    person: Staff | Guardian | Student | None
    if whose is Whose.STAFF:
        person = await session.get(Staff, person_id)
    elif whose is Whose.PARENT:
        person = await session.get(Guardian, person_id)
    else:
        person = await session.get(Student, person_id)
    if person is None or person.school_id != school_id:
        raise AccessDenied()  # a forged id and another school's look the same
    return person


async def _revoke_links(session: AsyncSession, whose: Whose, person_id: int, now: dt.datetime) -> None:
    column = {
        Whose.STAFF: Invite.staff_id,
        Whose.PARENT: Invite.guardian_id,
        Whose.STUDENT: Invite.student_id,
    }[whose]
    condition = [column == person_id, Invite.used_at.is_(None), Invite.revoked_at.is_(None)]
    if whose is Whose.STUDENT:
        condition.append(Invite.role == Role.STUDENT.value)
    await session.execute(update(Invite).where(*condition).values(revoked_at=now))


async def person_name(
    session: AsyncSession, actor: Actor, whose: Whose, person_id: int, school_id: int
) -> str:
    """Whose access the coordinator is about to close (asked before he confirms)."""
    access.require_role(actor, Role.COORDINATOR, school_id)
    return (await _person(session, whose, person_id, school_id)).full_name
