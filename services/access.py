"""Who may do what. Every id that came from a button is checked here against the user who pressed.

A refusal never says whether the id exists: a forged id and a forbidden one look the same.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from models import SchoolClass, Staff, Student
from models.enums import Role
from services.audit import Actor
from services.errors import AccessDenied


def require_role(actor: Actor, role: Role, school_id: int) -> None:
    if actor.is_operator:
        return
    if actor.context is None or actor.context.grant(role, school_id) is None:
        raise AccessDenied()


def holds_any_role(actor: Actor, roles: tuple[Role, ...], school_id: int) -> bool:
    if actor.is_operator:
        return True
    return actor.context is not None and any(actor.context.grant(role, school_id) for role in roles)


def require_any_role(actor: Actor, roles: tuple[Role, ...], school_id: int) -> None:
    if not holds_any_role(actor, roles, school_id):
        raise AccessDenied()


# Grants whose person is a staff row (a class teacher's grant too).
STAFF_GRANTS = (Role.COORDINATOR, Role.DEPUTY, Role.TEACHER, Role.CLASS_TEACHER)


def staff_id(actor: Actor, school_id: int) -> int | None:
    """The staff member this account is in the school (None for a family, the CLI or a job)."""
    if actor.context is None:
        return None
    for grant in actor.context.grants:
        if grant.school_id == school_id and grant.role in STAFF_GRANTS:
            return grant.person_id
    return None


def leads_class(actor: Actor, class_id: int) -> bool:
    if actor.context is None:
        return False
    return any(class_id in grant.class_ids for grant in actor.context.grants_of(Role.CLASS_TEACHER))


async def class_for_family_admin(session: AsyncSession, actor: Actor, class_id: int) -> SchoolClass:
    """Parent and student access comes from the class teacher of that class (the regulation), and the
    coordinator, who answers for everyone's access, may reissue or close it too."""
    school_class = await session.get(SchoolClass, class_id)
    if school_class is None:
        raise AccessDenied()
    if may_admin_families(actor, school_class):
        return school_class
    raise AccessDenied()


async def class_for_family_view(session: AsyncSession, actor: Actor, class_id: int) -> SchoolClass:
    """Who of a class's families have joined: those who give them access, and the deputies, who see
    it for the school (read-only: links come from the class teacher)."""
    school_class = await session.get(SchoolClass, class_id)
    if school_class is None:
        raise AccessDenied()
    if may_admin_families(actor, school_class) or holds_any_role(
        actor, (Role.DEPUTY,), school_class.school_id
    ):
        return school_class
    raise AccessDenied()


def may_admin_families(actor: Actor, school_class: SchoolClass) -> bool:
    """The class teacher of the class, or the coordinator of its school."""
    return leads_class(actor, school_class.id) or holds_any_role(
        actor, (Role.COORDINATOR,), school_class.school_id
    )


async def student_for_family_admin(session: AsyncSession, actor: Actor, student_id: int) -> Student:
    student = await session.get(Student, student_id)
    if student is None:
        raise AccessDenied()
    await class_for_family_admin(session, actor, student.class_id)
    return student


async def staff_for_coordinator(session: AsyncSession, actor: Actor, staff_id: int) -> Staff:
    """Staff access comes from the coordinator of the staff member's school."""
    staff = await session.get(Staff, staff_id)
    if staff is None:
        raise AccessDenied()
    require_role(actor, Role.COORDINATOR, staff.school_id)
    return staff
