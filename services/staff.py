"""The school's staff as the coordinator manages them: the list, a card, adding a person."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from models import SchoolClass, Staff
from models.enums import STAFF_ROLES, Role
from services import access, audit
from services.audit import Actor
from services.errors import InvalidInput
from services.names import name_key, normalize, parse_full_name
from services.schools import current_year


@dataclass(frozen=True)
class StaffRow:
    staff_id: int
    full_name: str
    roles: tuple[Role, ...]
    joined: bool
    classes_led: tuple[str, ...] = ()


async def list_staff(session: AsyncSession, actor: Actor, school_id: int) -> list[StaffRow]:
    access.require_role(actor, Role.COORDINATOR, school_id)
    year = await current_year(session, school_id)
    staff = (await session.scalars(select(Staff).where(Staff.school_id == school_id))).all()
    classes = await session.execute(
        select(SchoolClass.class_teacher_id, SchoolClass.grade_level, SchoolClass.letter)
        .where(SchoolClass.academic_year_id == year.id, SchoolClass.class_teacher_id.is_not(None))
        .order_by(SchoolClass.grade_level, SchoolClass.letter)
    )
    led: dict[int, list[str]] = {}
    for teacher_id, grade, letter in classes:
        if teacher_id is not None:
            led.setdefault(teacher_id, []).append(f"{grade}{letter}")
    ordered = sorted(staff, key=lambda s: (*name_key(s.last_name, s.first_name, s.middle_name), s.id))
    return [
        StaffRow(s.id, s.full_name, s.roles, s.tg_user_id is not None, tuple(led.get(s.id, ())))
        for s in ordered
    ]


async def staff_card(session: AsyncSession, actor: Actor, staff_id: int) -> StaffRow:
    staff = await access.staff_for_coordinator(session, actor, staff_id)
    rows = await list_staff(session, actor, staff.school_id)
    return next(row for row in rows if row.staff_id == staff_id)


async def add_staff(
    session: AsyncSession, actor: Actor, school_id: int, full_name: str, roles: set[Role]
) -> StaffRow:
    access.require_role(actor, Role.COORDINATOR, school_id)
    wanted = {role for role in roles if role in STAFF_ROLES}
    if not wanted:
        raise InvalidInput("staff-roles")
    name = parse_full_name(full_name)
    existing = (await session.scalars(select(Staff).where(Staff.school_id == school_id))).all()
    if any(normalize(s.full_name) == name.key for s in existing):
        raise InvalidInput("staff-exists", value=name.text)
    staff = Staff(
        school_id=school_id,
        last_name=name.last_name,
        first_name=name.first_name,
        middle_name=name.middle_name,
        is_coordinator=Role.COORDINATOR in wanted,
        is_deputy=Role.DEPUTY in wanted,
        is_teacher=Role.TEACHER in wanted,
    )
    session.add(staff)
    await session.flush()
    await audit.record(
        session,
        actor,
        "staff.created",
        "staff",
        staff.id,
        school_id=school_id,
        after={"name": staff.full_name, "roles": sorted(r.value for r in wanted)},
    )
    return StaffRow(staff.id, staff.full_name, staff.roles, False)


async def find_staff_by_name(session: AsyncSession, school_id: int, full_name: str) -> Staff:
    """For the CLI: a staff member by full name (case and ё/е do not matter)."""
    key = normalize(full_name)
    matches = [
        s
        for s in (await session.scalars(select(Staff).where(Staff.school_id == school_id))).all()
        if normalize(s.full_name) == key
    ]
    if len(matches) != 1:
        raise InvalidInput("staff-unknown" if not matches else "staff-ambiguous", value=full_name)
    return matches[0]


_DEPUTY_ACCOUNTS = text("""
    SELECT tg_user_id FROM staff WHERE school_id = :school_id AND is_deputy AND tg_user_id IS NOT NULL
""")


async def deputy_accounts(session: AsyncSession, school_id: int) -> list[int]:
    """The Telegram accounts of the school's deputies who joined (for what the schedule sends them)."""
    return list(await session.scalars(_DEPUTY_ACCOUNTS, {"school_id": school_id}))
