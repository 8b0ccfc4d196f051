"""Announcements: a message to an audience, through the same outbox as everything else.

The administration addresses the whole school or the staff room; a class teacher (or the
administration) a class, its students and parents, or its parents only. Every recipient's
preferences, quiet hours and Telegram's limits apply, as for any other message (DESIGN.md,
Delivery). The administration issue builds its screens on this call.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models import SchoolClass
from models.enums import Role
from services import access, audit
from services.audit import Actor
from services.errors import AccessDenied, InvalidInput
from services.events import AnnouncementNotice
from services.notify import enqueue

TEXT_LIMIT = 3500  # leaves room in one Telegram message for the heading


class Audience(enum.StrEnum):
    SCHOOL = "school"  # everyone who joined: staff, parents, students
    STAFF = "staff"  # the staff room
    CLASS = "class"  # a class's students and parents
    CLASS_PARENTS = "class_parents"


ADMINISTRATION = (Role.COORDINATOR, Role.DEPUTY)

# Who joined, per audience: their Telegram accounts. Students and guardians of the school's current
# classes only (a class of a past year hears nothing of this year's school).
_STAFF = "SELECT tg_user_id FROM staff WHERE school_id = :school_id AND tg_user_id IS NOT NULL"
_STUDENTS = """
    SELECT st.tg_user_id FROM student st
    WHERE st.tg_user_id IS NOT NULL AND st.class_id = ANY(:class_ids)
"""
_GUARDIANS = """
    SELECT g.tg_user_id FROM guardian g
    JOIN guardian_link gl ON gl.guardian_id = g.id
    JOIN student st ON st.id = gl.student_id
    WHERE g.tg_user_id IS NOT NULL AND g.consent_given_at IS NOT NULL AND st.class_id = ANY(:class_ids)
"""
_CURRENT_CLASSES = """
    SELECT c.id FROM school_class c WHERE c.academic_year_id = (
        SELECT y.id FROM academic_year y WHERE y.school_id = :school_id ORDER BY y.starts_on DESC LIMIT 1)
"""


async def announce(
    session: AsyncSession,
    actor: Actor,
    school_id: int,
    audience: Audience,
    message: str,
    *,
    sender: str,
    now: dt.datetime,
    class_id: int | None = None,
) -> int:
    """Enqueue the message for everyone in the audience who has joined; returns how many."""
    message = message.strip()
    if not message or len(message) > TEXT_LIMIT:
        raise InvalidInput("announcement-text", limit=TEXT_LIMIT)
    class_ids = await allowed_classes(session, actor, school_id, audience, class_id)
    told = await recipients(session, school_id, audience, class_ids)
    await audit.record(
        session,
        actor,
        "announcement.sent",
        "school_class" if class_id is not None else "school",
        class_id if class_id is not None else school_id,
        school_id=school_id,
        after={
            "audience": audience.value,
            "class_id": class_id,
            "text": message,
            "recipients": len(told),
        },
    )
    return await enqueue(
        session,
        school_id=school_id,
        recipients=told,
        event=AnnouncementNotice(text=message, sender=sender, audience=audience.value),
        not_before=now,
    )


async def allowed_classes(
    session: AsyncSession, actor: Actor, school_id: int, audience: Audience, class_id: int | None
) -> list[int]:
    """The classes an audience covers, if this person may address it (else AccessDenied): the school
    and the staff room for the administration, a class for its class teacher or the administration."""
    if audience in (Audience.SCHOOL, Audience.STAFF):
        access.require_any_role(actor, ADMINISTRATION, school_id)
        if audience is Audience.STAFF:
            return []
        return list(await session.scalars(text(_CURRENT_CLASSES), {"school_id": school_id}))
    school_class = await session.get(SchoolClass, class_id) if class_id is not None else None
    if school_class is None or school_class.school_id != school_id:
        raise AccessDenied()
    if not access.leads_class(actor, school_class.id):
        access.require_any_role(actor, ADMINISTRATION, school_id)
    return [school_class.id]


async def recipients(
    session: AsyncSession, school_id: int, audience: Audience, class_ids: list[int]
) -> list[int]:
    """The Telegram accounts an audience reaches: who joined (parents once they consented)."""
    parts = {
        Audience.SCHOOL: (_STAFF, _STUDENTS, _GUARDIANS),
        Audience.STAFF: (_STAFF,),
        Audience.CLASS: (_STUDENTS, _GUARDIANS),
        Audience.CLASS_PARENTS: (_GUARDIANS,),
    }[audience]
    query = text(" UNION ".join(parts))
    rows = await session.scalars(query, {"school_id": school_id, "class_ids": class_ids})
    return sorted(set(rows))
