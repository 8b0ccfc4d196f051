"""Remarks and «Ознакомлен»: what the family must confirm it has read, and who has.

A class teacher writes a remark about a student; a teacher sets a final mark. Both reach the
student's parents and the student through the outbox with an «Ознакомлен» button under the message.
The button carries no ids: pressing it acknowledges what that very message (as the outbox recorded
its Telegram message id) brought to the account that pressed, so a forged press acknowledges nothing
of anyone else's. The class teacher sees, per remark and per period's final marks, who has and who has
not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models import Remark, SchoolClass, Staff
from models.enums import Role
from services import access, audit
from services.audit import Actor
from services.calendar import school_today
from services.errors import AccessDenied, InvalidInput
from services.events import EVENTS, RemarkNotice
from services.family_views import PeriodRow, current_period, year_periods
from services.names import name_key, short_name
from services.notify import enqueue

REMARK_LIMIT = 1000  # a remark is a few sentences; the message keeps room for its heading
ACKNOWLEDGED_KINDS = tuple(kind for kind, event in EVENTS.items() if event.acknowledged)
RECENT_REMARKS = 20

# The family's joined accounts: parents who gave consent, and the student himself.
_FAMILY_ACCOUNTS = text("""
    SELECT g.tg_user_id FROM guardian g JOIN guardian_link gl ON gl.guardian_id = g.id
    WHERE gl.student_id = :student_id AND g.tg_user_id IS NOT NULL AND g.consent_given_at IS NOT NULL
    UNION
    SELECT st.tg_user_id FROM student st WHERE st.id = :student_id AND st.tg_user_id IS NOT NULL
""")


async def family_accounts(session: AsyncSession, student_id: int) -> list[int]:
    return list((await session.scalars(_FAMILY_ACCOUNTS, {"student_id": student_id})).all())


# ---- writing a remark ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemarkSent:
    remark_id: int
    student: str
    told: int  # accounts the remark was sent to


async def write_remark(
    session: AsyncSession, actor: Actor, student_id: int, message: str, *, now: dt.datetime
) -> RemarkSent:
    """The class teacher of the student's class writes a remark; the family is told at once."""
    message = message.strip()
    if not message or len(message) > REMARK_LIMIT:
        raise InvalidInput("remark-text", limit=REMARK_LIMIT)
    student = await access.student_for_family_admin(session, actor, student_id)
    author = await _author(session, actor, student.school_id)
    remark = Remark(school_id=student.school_id, student_id=student.id, author_id=author.id, text=message)
    session.add(remark)
    await session.flush()
    await audit.record(
        session,
        actor,
        "remark.created",
        "remark",
        remark.id,
        school_id=student.school_id,
        after={"student_id": student.id, "text": message},
    )
    told = await enqueue(
        session,
        school_id=student.school_id,
        recipients=await family_accounts(session, student.id),
        event=RemarkNotice(
            remark_id=remark.id,
            student_id=student.id,
            student=student.full_name,  # as on every notice about the child
            text=message,
            author=author.short_name,
        ),
        not_before=now,
    )
    return RemarkSent(remark.id, student.short_name, told)


async def _author(session: AsyncSession, actor: Actor, school_id: int) -> Staff:
    """The class teacher writing (the staff member behind his grant in this school)."""
    grant = actor.context.grant(Role.CLASS_TEACHER, school_id) if actor.context else None
    staff = await session.get(Staff, grant.person_id) if grant else None
    if staff is None:
        raise AccessDenied()
    return staff


# ---- pressing «Ознакомлен» -------------------------------------------------------------------------

# What the pressed message brought to the pressing account, acknowledged once per account and thing.
_ACKNOWLEDGE = text("""
    INSERT INTO acknowledgement (school_id, subject, ref_id, student_id, tg_user_id, at)
    SELECT o.school_id, o.kind,
           CAST(o.payload ->> (CASE o.kind WHEN 'remark' THEN 'remark_id' ELSE 'final_id' END) AS bigint),
           CAST(o.payload ->> 'student_id' AS bigint), o.tg_user_id, :now
    FROM outbox o
    WHERE o.tg_user_id = :account AND coalesce(o.sent_chat_id, o.tg_user_id) = :chat
      AND o.sent_message_id = :message_id AND o.status = 'sent' AND o.kind = ANY(:kinds)
    ON CONFLICT (subject, ref_id, tg_user_id) DO NOTHING
""")
_BROUGHT = text("""
    SELECT count(*) FROM outbox
    WHERE tg_user_id = :account AND coalesce(sent_chat_id, tg_user_id) = :chat
      AND sent_message_id = :message_id AND status = 'sent' AND kind = ANY(:kinds)
""")


async def acknowledge(
    session: AsyncSession, account: int, message_id: int, *, now: dt.datetime, chat: int | None = None
) -> int:
    """Acknowledge what message `message_id` in `chat` (his own by default, or his twin's in the other
    messenger) brought to `account`; returns how many things it brought (0: nothing of the kind, e.g.
    a forged or foreign press; acknowledging twice changes nothing)."""
    params = {
        "account": account,
        "chat": account if chat is None else chat,
        "message_id": message_id,
        "kinds": list(ACKNOWLEDGED_KINDS),
        "now": now,
    }
    brought = int(await session.scalar(_BROUGHT, params) or 0)
    if brought:
        await session.execute(_ACKNOWLEDGE, params)
    return brought


# ---- what the class teacher sees ------------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    """Somebody in the family: acknowledged (when), or not yet, or not in the bot at all."""

    name: str
    is_student: bool
    joined: bool
    acknowledged_at: dt.datetime | None


@dataclass(frozen=True)
class RemarkState:
    remark_id: int
    student: str
    written_at: dt.datetime
    text: str
    readers: tuple[Reader, ...]

    @property
    def acknowledged(self) -> int:
        return sum(reader.acknowledged_at is not None for reader in self.readers)


# Every family member of the remark's student, with his acknowledgement of it if any.
_READERS = """
    SELECT f.name, f.is_student, f.tg_user_id IS NOT NULL AS joined, a.at AS acknowledged_at
    FROM (
        SELECT concat_ws(' ', g.last_name, g.first_name, g.middle_name) AS name, false AS is_student,
               g.tg_user_id, g.id AS sort_id
        FROM guardian g JOIN guardian_link gl ON gl.guardian_id = g.id WHERE gl.student_id = r.student_id
        UNION ALL
        SELECT concat_ws(' ', st.last_name, st.first_name, st.middle_name), true, st.tg_user_id, 0
        FROM student st WHERE st.id = r.student_id
    ) f
    LEFT JOIN acknowledgement a
      ON a.subject = 'remark' AND a.ref_id = r.id AND a.tg_user_id = f.tg_user_id
"""
_CLASS_REMARKS = text(f"""
    SELECT r.id, r.created_at, r.text, st.last_name, st.first_name, st.middle_name,
           (SELECT coalesce(json_agg(x ORDER BY x.is_student, x.name), '[]'::json)
            FROM ({_READERS}) x) AS readers
    FROM remark r JOIN student st ON st.id = r.student_id
    WHERE st.class_id = :class_id AND (CAST(:remark_id AS bigint) IS NULL OR r.id = :remark_id)
    ORDER BY r.created_at DESC, r.id DESC
    LIMIT :limit
""")  # the interpolation is our own SQL above, never input


async def class_remarks(
    session: AsyncSession, actor: Actor, class_id: int, *, remark_id: int | None = None
) -> tuple[SchoolClass, list[RemarkState]]:
    """The class's latest remarks (or one of them), each with who in the family acknowledged it."""
    school_class = await access.class_for_family_admin(session, actor, class_id)
    rows = await session.execute(
        _CLASS_REMARKS, {"class_id": class_id, "remark_id": remark_id, "limit": RECENT_REMARKS}
    )
    remarks = [
        RemarkState(
            remark_id=row.id,
            student=short_name(row.last_name, row.first_name, row.middle_name),
            written_at=row.created_at,
            text=row.text,
            readers=tuple(
                Reader(
                    name=reader["name"],
                    is_student=reader["is_student"],
                    joined=reader["joined"],
                    acknowledged_at=_instant(reader["acknowledged_at"]),
                )
                for reader in row.readers
            ),
        )
        for row in rows
    ]
    if remark_id is not None and not remarks:
        raise AccessDenied()  # another class's remark, or none: the same answer
    return school_class, remarks


@dataclass(frozen=True)
class FinalsState:
    """A student's final marks of a period: how many are set, and how many somebody of the family
    acknowledged."""

    student_id: int
    student: str
    finals: int
    acknowledged: int


_CLASS_FINALS = text("""
    SELECT st.id, st.last_name, st.first_name, st.middle_name,
           count(fm.id) AS finals,
           count(fm.id) FILTER (WHERE EXISTS (SELECT 1 FROM acknowledgement a
                                              WHERE a.subject = 'final' AND a.ref_id = fm.id)) AS acknowledged
    FROM student st
    LEFT JOIN final_mark fm ON fm.student_id = st.id AND fm.period_id = :period_id
    WHERE st.class_id = :class_id
    GROUP BY st.id
""")


@dataclass(frozen=True)
class FinalsView:
    class_label: str
    periods: tuple[PeriodRow, ...]
    period: PeriodRow
    students: tuple[FinalsState, ...]


async def class_finals(
    session: AsyncSession, actor: Actor, class_id: int, period_id: int | None, *, now: dt.datetime
) -> FinalsView:
    """Per student of the class: final marks of the period (the current one unless named) set, and
    how many of them the family acknowledged."""
    school_class = await access.class_for_family_admin(session, actor, class_id)
    periods = await year_periods(session, school_class.academic_year_id)
    if not periods:
        raise AccessDenied()
    chosen = [p for p in periods if p.period_id == period_id]
    period = (
        chosen[0]
        if chosen
        else current_period(periods, await school_today(session, school_class.school_id, now))
    )
    result = await session.execute(_CLASS_FINALS, {"class_id": class_id, "period_id": period.period_id})
    # The Russian alphabet whatever the database's collation, as on every roster.
    rows = sorted(
        result, key=lambda row: (*name_key(row.last_name, row.first_name, row.middle_name or ""), row.id)
    )
    states = tuple(
        FinalsState(
            row.id, short_name(row.last_name, row.first_name, row.middle_name), row.finals, row.acknowledged
        )
        for row in rows
    )
    return FinalsView(school_class.label, periods, period, states)


def _instant(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None
