"""Telegram accounts: recording who writes, and what roles an account holds.

Roles are not stored on the account: they follow from the staff, guardian and student rows that
point at it, and from the classes a staff member leads. So taking a class away from a teacher takes
the class-teacher menu away at his next tap, with nothing to keep in sync.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models import TgUser
from models.enums import Role
from models.people import READ_PAST_DAYS, staff_roles
from services.channels import channel_of
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


# A student at the school, or one who left (graduated) less than 90 days ago: he and his parents still
# read his past (services/school_year.py); later the family role goes.
_STILL_READS = (
    "({student}.graduated_on IS NULL"
    f" OR {{student}}.graduated_on > CAST(CAST(:now AS timestamptz) AS date) - {READ_PAST_DAYS})"
)

# Every role an account holds, as JSON rows: staff rows (with the classes it leads this year),
# guardian rows with consent, student rows.
_GRANTS_SQL = f"""
    SELECT coalesce(json_agg(g ORDER BY g.kind, g.person_id), '[]'::json) FROM (
        SELECT 'staff' AS kind, s.id AS person_id, s.school_id, sc.name AS school_name,
               s.is_coordinator, s.is_deputy, s.is_teacher,
               ARRAY(
                   SELECT c.id FROM school_class c
                   WHERE c.class_teacher_id = s.id AND c.academic_year_id = (
                       SELECT y.id FROM academic_year y WHERE y.school_id = s.school_id
                       ORDER BY y.starts_on DESC LIMIT 1)
                   ORDER BY c.id
               ) AS class_ids
        FROM staff s JOIN school sc ON sc.id = s.school_id WHERE s.tg_user_id = :id
        UNION ALL
        SELECT 'guardian', g.id, g.school_id, sc.name, false, false, false, ARRAY[]::bigint[]
        FROM guardian g JOIN school sc ON sc.id = g.school_id
        WHERE g.tg_user_id = :id AND g.consent_given_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM guardian_link gl JOIN student c ON c.id = gl.student_id
                      WHERE gl.guardian_id = g.id AND {_STILL_READS.format(student="c")})
        UNION ALL
        SELECT 'student', st.id, st.school_id, sc.name, false, false, false, ARRAY[st.class_id]
        FROM student st JOIN school sc ON sc.id = st.school_id
        WHERE st.tg_user_id = :id AND {_STILL_READS.format(student="st")}
    ) g
"""

# Whether an account's messages follow it to the messenger `:channel` it is writing from: yes unless
# he is in both and chose the other one (services/twins.py).
_FOLLOWS = "coalesce(u.preferences ->> 'messenger', 'last') IN ('last', :channel)"


# One statement per update: record the account (written only when something changed or every few
# minutes, so a tap does not always write), read its language and active role, its roles from the
# people rows that point at it, and its conversation state. The tap budget of the teacher screens
# (a handful of statements per tap) depends on this being one round trip.
_ENTER = text(f"""
    WITH touched AS (
        INSERT INTO tg_user AS u (id, chat_id, first_name, last_name, username, last_seen_at, is_blocked)
        VALUES (:id, :id, :first_name, :last_name, :username, :now, false)
        ON CONFLICT (id) DO UPDATE SET
            first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, username = EXCLUDED.username,
            last_seen_at = EXCLUDED.last_seen_at, is_blocked = false, blocked_at = NULL,
            chat_id = CASE WHEN {_FOLLOWS} THEN EXCLUDED.chat_id ELSE u.chat_id END
        WHERE u.is_blocked
           OR u.last_seen_at < EXCLUDED.last_seen_at - interval '10 minutes'
           OR (u.first_name, u.last_name, u.username)
              IS DISTINCT FROM (EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.username)
           OR (u.chat_id <> EXCLUDED.chat_id AND {_FOLLOWS})
        RETURNING u.locale, u.active_role, u.twin_of
    ),
    -- Writing again after blocking the bot: what waited for him goes out now (one message).
    released AS (
        UPDATE outbox SET status = 'pending', not_before = :now, lease_until = NULL
        WHERE tg_user_id = :id AND status = 'held'
          AND COALESCE((SELECT is_blocked FROM tg_user WHERE id = :id), false)
    ),
    account AS (
        SELECT locale, active_role, twin_of FROM touched
        UNION ALL
        SELECT locale, active_role, twin_of FROM tg_user WHERE id = :id AND NOT EXISTS (SELECT 1 FROM touched)
    )
    SELECT account.locale, account.active_role, account.twin_of,
           (SELECT state FROM fsm_state WHERE key = :fsm_key) AS fsm_state,
           (SELECT data::text FROM fsm_state WHERE key = :fsm_key AND data <> '{{}}') AS fsm_data,
           ({_GRANTS_SQL}) AS grants
    FROM account
""")  # {_GRANTS_SQL} is our own constant, never user input

_PRINCIPAL_GRANTS_SQL = _GRANTS_SQL.replace(":id", ":principal")

# An update from a person's twin account (services/twins.py) acts as his first account: its roles,
# language and menu; his messages follow him to this messenger (unless he chose the other), and what
# was held while his chat was gone goes out. A second statement, only for twins.
_ENTER_AS_TWIN = text(f"""
    WITH followed AS (
        UPDATE tg_user u SET chat_id = :id, is_blocked = false, blocked_at = NULL, last_seen_at = :now
        WHERE u.id = :principal AND {_FOLLOWS}
          AND (u.chat_id <> :id OR u.is_blocked
               OR u.last_seen_at < CAST(:now AS timestamptz) - interval '10 minutes')
    ),
    released AS (
        UPDATE outbox SET status = 'pending', not_before = :now, lease_until = NULL
        WHERE tg_user_id = :principal AND status = 'held'
          AND (SELECT is_blocked AND {_FOLLOWS} FROM tg_user u WHERE u.id = :principal)
    )
    SELECT u.locale, u.active_role, ({_PRINCIPAL_GRANTS_SQL}) AS grants
    FROM tg_user u WHERE u.id = :principal
""")  # our own constants, never user input

_LOAD = text(f"""
    SELECT u.locale, u.active_role, ({_GRANTS_SQL}) AS grants FROM tg_user u WHERE u.id = :id
""")


@dataclass(frozen=True)
class Conversation:
    """Where the user is in a conversation (aiogram FSM): the state and its data."""

    state: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


async def enter(
    session: AsyncSession, profile: TelegramProfile, now: dt.datetime, fsm_key: str | None = None
) -> tuple[UserContext, Conversation]:
    """Record the account and read who it is, in one statement; also its conversation state when
    it is kept in PostgreSQL under `fsm_key`. Writing to us again lifts a 'blocked' mark."""
    row = (
        await session.execute(
            _ENTER,
            {
                "id": profile.tg_user_id,
                "first_name": profile.first_name[:128],
                "last_name": (profile.last_name or None) and profile.last_name[:128],
                "username": profile.username,
                "now": now,
                "fsm_key": fsm_key,
                "channel": channel_of(profile.tg_user_id).value,
            },
        )
    ).one()
    conversation = Conversation(row.fsm_state, json.loads(row.fsm_data) if row.fsm_data else {})
    if row.twin_of is not None:
        return await _enter_as_twin(session, profile.tg_user_id, int(row.twin_of), now), conversation
    return _context(profile.tg_user_id, row.locale, row.active_role, row.grants), conversation


async def _enter_as_twin(session: AsyncSession, twin: int, principal: int, now: dt.datetime) -> UserContext:
    params = {"id": twin, "principal": principal, "now": now, "channel": channel_of(twin).value}
    row = (await session.execute(_ENTER_AS_TWIN, params)).one()
    return _context(principal, row.locale, row.active_role, row.grants)


async def load_context(session: AsyncSession, tg_user_id: int, now: dt.datetime | None = None) -> UserContext:
    params = {"id": tg_user_id, "now": now or dt.datetime.now(dt.UTC)}
    row = (await session.execute(_LOAD, params)).one_or_none()
    if row is None:
        return UserContext(tg_user_id=tg_user_id, locale=None)
    return _context(tg_user_id, row.locale, row.active_role, row.grants)


def _context(
    tg_user_id: int, locale: str | None, active_role: str | None, rows: list[dict[str, Any]]
) -> UserContext:
    grants: list[RoleGrant] = []
    parent_schools: set[int] = set()
    for row in rows:
        school_id, school_name, person_id = (
            int(row["school_id"]),
            str(row["school_name"]),
            int(row["person_id"]),
        )
        if row["kind"] == "staff":
            roles = staff_roles(row["is_coordinator"], row["is_deputy"], row["is_teacher"])
            grants.extend(RoleGrant(role, school_id, school_name, person_id) for role in roles)
            if row["class_ids"]:
                classes = tuple(int(c) for c in row["class_ids"])
                grants.append(RoleGrant(Role.CLASS_TEACHER, school_id, school_name, person_id, classes))
        elif row["kind"] == "guardian":
            # One parent grant per school even if two guardian rows point here (siblings listed
            # separately); services read all of this account's guardian rows.
            if school_id not in parent_schools:
                parent_schools.add(school_id)
                grants.append(RoleGrant(Role.PARENT, school_id, school_name, person_id))
        else:
            classes = tuple(int(c) for c in row["class_ids"])
            grants.append(RoleGrant(Role.STUDENT, school_id, school_name, person_id, classes))
    grants.sort(key=lambda g: (ROLE_ORDER.index(g.role), g.school_id))
    return UserContext(
        tg_user_id=tg_user_id,
        locale=locale,
        grants=tuple(grants),
        active_key=active_role,
        schools=frozenset(g.school_id for g in grants),
    )


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
