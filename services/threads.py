"""Messages between families and the school, relayed by the bot in threads.

A parent (or a student) writes to a teacher of the child's class, the class teacher or the
administration; a class teacher writes to the parents of his class. Each thread is one family account,
one staff member and one child; the bot relays each message to the other side with a «reply» button,
so nobody learns anyone's Telegram account. Every message is kept: there is no way to delete one, and
the coordinator can export a thread when the school needs it. A sender may send at most the school's
`messages_per_hour`; a staff member may mute a thread (its messages are still kept, but he is not told).
Delivery is the outbox's: the staff member's quiet hours apply.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from models import SchoolClass, Staff, Student, Thread, ThreadMessage
from models.enums import Role
from services import access, school_settings
from services.announcements import ADMINISTRATION
from services.audit import Actor
from services.calendar import school_zone
from services.errors import AccessDenied, InvalidInput
from services.events import ThreadMessageNotice
from services.names import name_key, short_name
from services.notify import enqueue

TEXT_LIMIT = 2000


class ContactKind(enum.StrEnum):
    CLASS_TEACHER = "class_teacher"
    TEACHER = "teacher"
    ADMINISTRATION = "administration"


@dataclass(frozen=True)
class Contact:
    staff_id: int
    name: str
    kind: ContactKind
    subjects: str = ""


@dataclass(frozen=True)
class Sent:
    thread_id: int
    to: str
    delivered: bool  # False: the other side is not in the bot, or muted the thread (the message is kept)


# ---- whom a family may write to ----------------------------------------------------------------------

_CONTACTS = text("""
    SELECT s.id, s.last_name, s.first_name, s.middle_name, 'class_teacher' AS kind, '' AS subjects, 0 AS rank
      FROM school_class c JOIN staff s ON s.id = c.class_teacher_id WHERE c.id = :class_id
    UNION ALL
    SELECT s.id, s.last_name, s.first_name, s.middle_name, 'teacher',
           string_agg(DISTINCT sub.name, ', '), 1
      FROM teaching_assignment ta JOIN staff s ON s.id = ta.teacher_id
      JOIN subject sub ON sub.id = ta.subject_id
     WHERE ta.class_id = :class_id GROUP BY s.id
    UNION ALL
    SELECT s.id, s.last_name, s.first_name, s.middle_name, 'administration', '', 2
      FROM staff s WHERE s.school_id = :school_id AND (s.is_deputy OR s.is_coordinator)
     ORDER BY rank, last_name
""")


async def child_of_family(session: AsyncSession, actor: Actor, student_id: int) -> Student:
    """The child, if this account is his consenting parent or the student himself."""
    if actor.tg_user_id is None:
        raise AccessDenied()
    student = await session.get(Student, student_id)
    if student is None:
        raise AccessDenied()
    if student.tg_user_id == actor.tg_user_id:
        return student
    parent = await session.scalar(
        text("""
            SELECT 1 FROM guardian g JOIN guardian_link gl ON gl.guardian_id = g.id
             WHERE g.tg_user_id = :uid AND gl.student_id = :student_id AND g.consent_given_at IS NOT NULL
        """),
        {"uid": actor.tg_user_id, "student_id": student_id},
    )
    if parent is None:
        raise AccessDenied()
    return student


async def contacts(session: AsyncSession, actor: Actor, student_id: int) -> list[Contact]:
    """The child's class teacher, his teachers (with their subjects) and the administration, once each."""
    student = await child_of_family(session, actor, student_id)
    seen: set[int] = set()
    found = []
    params = {"class_id": student.class_id, "school_id": student.school_id}
    for row in await session.execute(_CONTACTS, params):
        if row.id in seen:
            continue
        seen.add(row.id)
        name = short_name(row.last_name, row.first_name, row.middle_name)
        found.append(Contact(row.id, name, ContactKind(row.kind), row.subjects or ""))
    return found


# ---- writing -----------------------------------------------------------------------------------------


async def write_to_staff(
    session: AsyncSession, actor: Actor, student_id: int, staff_id: int, message: str, *, now: dt.datetime
) -> Sent:
    """A family's message to one of the child's contacts (a forged staff id is refused)."""
    student = await child_of_family(session, actor, student_id)
    if staff_id not in {c.staff_id for c in await contacts(session, actor, student_id)}:
        raise AccessDenied()
    assert actor.tg_user_id is not None
    thread = await _thread(session, student, actor.tg_user_id, staff_id)
    return await _relay(session, thread, actor.tg_user_id, message, from_family=True, now=now)


_TEACHES = text(
    "SELECT 1 FROM teaching_assignment WHERE teacher_id = :staff_id AND class_id = :class_id LIMIT 1"
)


async def _writes_to_class(session: AsyncSession, actor: Actor, school_class: SchoolClass) -> int:
    """The writer's staff id, if he may write to the class's parents: its class teacher, a teacher of
    the class, the administration."""
    staff_id = access.staff_id(actor, school_class.school_id)
    if staff_id is None:
        raise AccessDenied()
    if access.leads_class(actor, school_class.id) or access.holds_any_role(
        actor, ADMINISTRATION, school_class.school_id
    ):
        return staff_id
    if await session.scalar(_TEACHES, {"staff_id": staff_id, "class_id": school_class.id}) is None:
        raise AccessDenied()
    return staff_id


async def family_of_staff(session: AsyncSession, actor: Actor, student_id: int) -> tuple[Student, int]:
    """The student whose parents this staff member may write to, and the writer's staff id."""
    student = await session.get(Student, student_id)
    school_class = await session.get(SchoolClass, student.class_id) if student else None
    if student is None or school_class is None:
        raise AccessDenied()
    return student, await _writes_to_class(session, actor, school_class)


async def class_students(session: AsyncSession, actor: Actor, class_id: int) -> tuple[str, list[Student]]:
    """A class's students, for a teacher of it choosing whose parents to write to."""
    school_class = await session.get(SchoolClass, class_id)
    if school_class is None:
        raise AccessDenied()
    await _writes_to_class(session, actor, school_class)
    students = list(await session.scalars(select(Student).where(Student.class_id == class_id)))
    return school_class.label, sorted(
        students, key=lambda s: name_key(s.last_name, s.first_name, s.middle_name)
    )


async def write_to_family(
    session: AsyncSession, actor: Actor, student_id: int, message: str, *, now: dt.datetime
) -> list[Sent]:
    """A class teacher's (or the administration's) message to the child's parents who joined: one thread
    each. Returns what was sent; empty when no parent is in the bot."""
    student, staff_id = await family_of_staff(session, actor, student_id)
    accounts = await session.scalars(
        text("""
            SELECT DISTINCT g.tg_user_id FROM guardian g JOIN guardian_link gl ON gl.guardian_id = g.id
             WHERE gl.student_id = :student_id AND g.tg_user_id IS NOT NULL AND g.consent_given_at IS NOT NULL
        """),
        {"student_id": student_id},
    )
    assert actor.tg_user_id is not None
    sent = []
    for account in list(accounts):
        thread = await _thread(session, student, account, staff_id)
        sent.append(await _relay(session, thread, actor.tg_user_id, message, from_family=False, now=now))
    return sent


async def reply(
    session: AsyncSession, actor: Actor, thread_id: int, message: str, *, now: dt.datetime
) -> Sent:
    """An answer in a thread, from whichever side this account is on (anyone else is refused)."""
    thread = await session.get(Thread, thread_id)
    if thread is None or actor.tg_user_id is None or not _both_sides_remain(thread):
        raise AccessDenied()
    assert thread.student_id is not None
    if actor.tg_user_id == thread.family_account:
        await child_of_family(session, actor, thread.student_id)  # still his child, still in the bot
        return await _relay(session, thread, actor.tg_user_id, message, from_family=True, now=now)
    if access.staff_id(actor, thread.school_id) == thread.staff_id:
        return await _relay(session, thread, actor.tg_user_id, message, from_family=False, now=now)
    raise AccessDenied()


def _both_sides_remain(thread: Thread) -> bool:
    """A thread whose child, family account or staff member was removed stays in the archive only."""
    return None not in (thread.student_id, thread.family_account, thread.staff_id)


async def mute(session: AsyncSession, actor: Actor, thread_id: int, muted: bool) -> None:
    """The staff member of the thread stops (or resumes) being told of its new messages."""
    thread = await session.get(Thread, thread_id)
    if (
        thread is None
        or thread.staff_id is None
        or access.staff_id(actor, thread.school_id) != thread.staff_id
    ):
        raise AccessDenied()
    thread.muted = muted


async def _thread(session: AsyncSession, student: Student, family_account: int, staff_id: int) -> Thread:
    found = await session.scalar(
        select(Thread).where(
            Thread.student_id == student.id,
            Thread.family_account == family_account,
            Thread.staff_id == staff_id,
        )
    )
    if found is not None:
        return found
    staff = await session.get(Staff, staff_id)
    assert staff is not None, "the caller checked the staff member"
    thread = Thread(
        school_id=student.school_id,
        student_id=student.id,
        family_account=family_account,
        staff_id=staff_id,
        student_name=student.full_name,
        staff_name=staff.full_name,
    )
    session.add(thread)
    await session.flush()
    return thread


async def _relay(
    session: AsyncSession, thread: Thread, sender: int, message: str, *, from_family: bool, now: dt.datetime
) -> Sent:
    message = message.strip()
    if not message or len(message) > TEXT_LIMIT:
        raise InvalidInput("thread-text", limit=TEXT_LIMIT)
    await _within_limit(session, thread.school_id, sender, now)
    assert thread.staff_id is not None and thread.student_id is not None and thread.family_account is not None
    staff = await session.get(Staff, thread.staff_id)
    student = await session.get(Student, thread.student_id)
    assert staff is not None and student is not None
    family_name = await _family_name(session, thread, sender) if from_family else ""
    session.add(
        ThreadMessage(
            thread_id=thread.id,
            from_family=from_family,
            sender_account=sender,
            sender_name=family_name if from_family else staff.full_name,
            text=message,
            created_at=now,
        )
    )
    await session.flush()
    school_class = await session.get(SchoolClass, student.class_id)
    staff_name = short_name(staff.last_name, staff.first_name, staff.middle_name)
    if from_family:
        recipient = staff.tg_user_id if not thread.muted else None
        to = staff_name
    else:  # the parent (or the student, writing for himself) who holds this thread: not the child
        recipient, to = thread.family_account, await _family_name(session, thread, thread.family_account)
    notice = ThreadMessageNotice(
        thread_id=thread.id,
        from_family=from_family,
        sender=family_name if from_family else staff_name,
        staff=staff_name,
        student=student.full_name,
        class_label=school_class.label if school_class else "",
        text=message,
    )
    delivered = recipient is not None
    if recipient is not None:
        await enqueue(
            session, school_id=thread.school_id, recipients=[recipient], event=notice, not_before=now
        )
    return Sent(thread.id, to, delivered)


async def _family_name(session: AsyncSession, thread: Thread, account: int) -> str:
    """The parent's name as the school knows it (or the student's, writing for himself)."""
    name = await session.scalar(
        text("""
            SELECT concat_ws(' ', g.last_name, g.first_name, NULLIF(g.middle_name, '')) FROM guardian g
              JOIN guardian_link gl ON gl.guardian_id = g.id
             WHERE g.tg_user_id = :uid AND gl.student_id = :student_id LIMIT 1
        """),
        {"uid": account, "student_id": thread.student_id},
    )
    if name:
        return str(name)
    student = await session.get(Student, thread.student_id)
    return student.full_name if student else ""


async def _within_limit(session: AsyncSession, school_id: int, sender: int, now: dt.datetime) -> None:
    limit = (await school_settings.load(session, school_id)).messages_per_hour
    recent = await session.scalar(
        select(func.count())
        .select_from(ThreadMessage)
        .where(ThreadMessage.sender_account == sender, ThreadMessage.created_at > now - dt.timedelta(hours=1))
    )
    if (recent or 0) >= limit:
        raise InvalidInput("thread-limit", limit=limit)


# ---- the archive -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchivedMessage:
    at: dt.datetime  # in the school's time
    from_family: bool
    sender: str  # as he was named when he wrote it
    text: str


@dataclass(frozen=True)
class ThreadArchive:
    thread_id: int
    staff: str
    student: str
    messages: list[ArchivedMessage]


async def export_thread(session: AsyncSession, actor: Actor, thread_id: int) -> ThreadArchive:
    """The whole thread, for the school's records (the coordinator, or the CLI)."""
    thread = await session.get(Thread, thread_id)
    if thread is None:
        raise AccessDenied()
    access.require_role(actor, Role.COORDINATOR, thread.school_id)
    zone = await school_zone(session, thread.school_id)
    rows = await session.scalars(
        select(ThreadMessage).where(ThreadMessage.thread_id == thread.id).order_by(ThreadMessage.id)
    )
    messages = [
        ArchivedMessage(row.created_at.astimezone(zone), row.from_family, row.sender_name, row.text)
        for row in rows
    ]
    # The names kept with the thread: the people may have left the school since.
    return ThreadArchive(thread.id, thread.staff_name, thread.student_name, messages)
