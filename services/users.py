"""Telegram accounts: recording who writes, and what roles an account holds.

Roles are not stored on the account: they follow from the staff, guardian and student rows that
point at it, and from the classes a staff member leads. So taking a class away from a teacher takes
the class-teacher menu away at his next tap, with nothing to keep in sync.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from models import AcademicYear, Guardian, School, SchoolClass, Staff, Student, TgUser
from models.enums import Role
from services.errors import AccessDenied

# Menu order: the first role an account holds is shown first.
ROLE_ORDER = (
    Role.COORDINATOR,
    Role.DEPUTY,
    Role.CLASS_TEACHER,
    Role.TEACHER,
    Role.PARENT,
    Role.STUDENT,
)


def role_key(role: Role, school_id: int) -> str:
    """How the active role is stored on the account: "<role>:<school id>"."""
    return f"{role.value}:{school_id}"


@dataclass(frozen=True)
class RoleGrant:
    role: Role
    school_id: int
    school_name: str
    person_id: int  # staff.id, guardian.id or student.id, by role
    class_ids: tuple[int, ...] = ()  # for a class teacher: the classes he leads

    @property
    def key(self) -> str:
        return role_key(self.role, self.school_id)


@dataclass(frozen=True)
class UserContext:
    tg_user_id: int
    locale: str | None
    grants: tuple[RoleGrant, ...] = ()
    active_key: str | None = None
    schools: frozenset[int] = field(default_factory=frozenset)

    @property
    def active(self) -> RoleGrant | None:
        for grant in self.grants:
            if grant.key == self.active_key:
                return grant
        return self.grants[0] if self.grants else None

    def has(self, role: Role) -> bool:
        return any(grant.role == role for grant in self.grants)

    def grants_of(self, role: Role) -> list[RoleGrant]:
        return [grant for grant in self.grants if grant.role == role]

    def grant(self, role: Role, school_id: int | None = None) -> RoleGrant | None:
        for grant in self.grants:
            if grant.role == role and (school_id is None or grant.school_id == school_id):
                return grant
        return None


@dataclass(frozen=True)
class TelegramProfile:
    tg_user_id: int
    chat_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None


async def touch_user(session: AsyncSession, profile: TelegramProfile, now: dt.datetime) -> None:
    """Upsert the account on every update. Writing to us again lifts a 'blocked' mark (DESIGN: 403)."""
    values = {
        "id": profile.tg_user_id,
        "chat_id": profile.chat_id,
        "first_name": profile.first_name[:128],
        "last_name": (profile.last_name or None) and profile.last_name[:128],
        "username": profile.username,
        "last_seen_at": now,
        "is_blocked": False,
        "blocked_at": None,
    }
    statement = insert(TgUser).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[TgUser.id],
        set_={key: statement.excluded[key] for key in values if key != "id"},
    )
    await session.execute(statement)


async def load_context(session: AsyncSession, tg_user_id: int) -> UserContext:
    account = await session.get(TgUser, tg_user_id)
    if account is None:
        return UserContext(tg_user_id=tg_user_id, locale=None)
    grants = [
        *await _staff_grants(session, tg_user_id),
        *await _family_grants(session, tg_user_id),
    ]
    grants.sort(key=lambda g: (ROLE_ORDER.index(g.role), g.school_id))
    return UserContext(
        tg_user_id=tg_user_id,
        locale=account.locale,
        grants=tuple(grants),
        active_key=account.active_role,
        schools=frozenset(g.school_id for g in grants),
    )


async def _staff_grants(session: AsyncSession, tg_user_id: int) -> list[RoleGrant]:
    latest_year = (
        select(AcademicYear.id)
        .where(AcademicYear.school_id == Staff.school_id)
        .order_by(AcademicYear.starts_on.desc())
        .limit(1)
        .scalar_subquery()
    )
    led_classes = (
        select(func.coalesce(func.array_agg(SchoolClass.id.distinct()), []))
        .where(SchoolClass.class_teacher_id == Staff.id, SchoolClass.academic_year_id == latest_year)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(Staff, School.name, led_classes)
        .join(School, School.id == Staff.school_id)
        .where(Staff.tg_user_id == tg_user_id)
    )
    grants: list[RoleGrant] = []
    for staff, school_name, class_ids in rows:
        grants.extend(RoleGrant(role, staff.school_id, school_name, staff.id) for role in staff.roles)
        if class_ids:
            grants.append(
                RoleGrant(
                    Role.CLASS_TEACHER, staff.school_id, school_name, staff.id, tuple(sorted(class_ids))
                )
            )
    return grants


async def _family_grants(session: AsyncSession, tg_user_id: int) -> list[RoleGrant]:
    guardians = await session.execute(
        select(Guardian.id, Guardian.school_id, School.name)
        .join(School, School.id == Guardian.school_id)
        .where(Guardian.tg_user_id == tg_user_id, Guardian.consent_given_at.is_not(None))
        .order_by(Guardian.id)
    )
    students = await session.execute(
        select(Student.id, Student.school_id, School.name, Student.class_id)
        .join(School, School.id == Student.school_id)
        .where(Student.tg_user_id == tg_user_id)
    )
    grants: list[RoleGrant] = []
    seen_parent_schools: set[int] = set()
    # One parent grant per school even if two guardian rows point here; services read them all.
    for guardian_id, school_id, school_name in guardians:
        if school_id not in seen_parent_schools:
            seen_parent_schools.add(school_id)
            grants.append(RoleGrant(Role.PARENT, school_id, school_name, guardian_id))
    for student_id, school_id, school_name, class_id in students:
        grants.append(RoleGrant(Role.STUDENT, school_id, school_name, student_id, (class_id,)))
    return grants


async def set_active_role(session: AsyncSession, context: UserContext, key: str) -> RoleGrant:
    """Switch the menu to another role the account holds; a forged key changes nothing."""
    grant = next((g for g in context.grants if g.key == key), None)
    if grant is None:
        raise AccessDenied()
    account = await session.get(TgUser, context.tg_user_id)
    assert account is not None
    account.active_role = key
    return grant


async def set_locale(session: AsyncSession, tg_user_id: int, locale: str) -> None:
    account = await session.get(TgUser, tg_user_id)
    if account is not None:
        account.locale = locale
