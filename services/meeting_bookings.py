"""Parent–teacher meetings, the family's side: a parent books a teacher's free slot for his child,
moves it, cancels it until the day before (services/meetings.py has the teacher's side and the rules,
services/meeting_reminders.py the reminders the evening before)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from models import Guardian, MeetingBooking, SchoolClass, Staff
from services import audit
from services.audit import Actor
from services.calendar import school_today, school_zone
from services.errors import AccessDenied, InvalidInput
from services.events import MeetingBookedNotice, MeetingBookingCancelledNotice
from services.family import ChildRow, children_of
from services.names import short_name
from services.notify import enqueue

# ---- whose child --------------------------------------------------------------------------------------

_GUARDED = text("""
    SELECT gl.student_id, g.id FROM guardian g JOIN guardian_link gl ON gl.guardian_id = g.id
     WHERE g.tg_user_id = :uid AND g.consent_given_at IS NOT NULL
""")


async def _guardians(session: AsyncSession, actor: Actor) -> dict[int, int]:
    """His children (student id → his guardian row for the child): a parent books, not a student."""
    if actor.tg_user_id is None:
        return {}
    return {row.student_id: row.id for row in await session.execute(_GUARDED, {"uid": actor.tg_user_id})}


async def my_children(session: AsyncSession, actor: Actor) -> list[ChildRow]:
    guarded = await _guardians(session, actor)
    return [child for child in await children_of(session, actor) if child.student_id in guarded]


async def child_of(session: AsyncSession, actor: Actor, student_id: int) -> tuple[ChildRow, int]:
    """One of his children and his guardian row for it; another family's child is refused."""
    guardian_id = (await _guardians(session, actor)).get(student_id)
    child = next((c for c in await my_children(session, actor) if c.student_id == student_id), None)
    if guardian_id is None or child is None:
        raise AccessDenied()
    return child, guardian_id


# ---- what is free -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FreeSlot:
    slot_id: int
    staff_id: int
    day: dt.date
    starts: dt.time
    ends: dt.time
    place: str


@dataclass(frozen=True)
class TeacherChoice:
    staff_id: int
    name: str
    subjects: str
    leads_class: bool
    free: int
    days: tuple[dt.date, ...]


_FREE = text("""
    SELECT s.id, o.staff_id, o.day, s.starts_at, s.ends_at, o.place
      FROM meeting_offer o
      JOIN meeting_offer_class oc ON oc.offer_id = o.id AND oc.class_id = :class_id
      JOIN meeting_slot s ON s.offer_id = o.id AND s.cancelled_at IS NULL
     WHERE o.cancelled_at IS NULL AND o.day >= CAST(:now AS timestamptz)::date - 1 AND s.starts_at > :now
       AND NOT EXISTS (SELECT 1 FROM meeting_booking b WHERE b.slot_id = s.id AND b.cancelled_at IS NULL)
     ORDER BY s.starts_at
""")
_TEACHERS = text("""
    SELECT t.id, t.last_name, t.first_name, t.middle_name,
           (SELECT string_agg(DISTINCT sub.name, ', ') FROM teaching_assignment ta
              JOIN subject sub ON sub.id = ta.subject_id
             WHERE ta.teacher_id = t.id AND ta.class_id = :class_id) AS subjects,
           EXISTS (SELECT 1 FROM school_class c WHERE c.id = :class_id AND c.class_teacher_id = t.id) AS leads
      FROM staff t WHERE t.id = ANY(:ids)
""")


async def free_slots(session: AsyncSession, child: ChildRow, *, now: dt.datetime) -> list[FreeSlot]:
    """Every free slot still ahead that the child's class may book, earliest first."""
    zone = await _zone_of(session, child)
    return [
        FreeSlot(
            row.id,
            row.staff_id,
            row.day,
            row.starts_at.astimezone(zone).time(),
            row.ends_at.astimezone(zone).time(),
            row.place,
        )
        for row in await session.execute(_FREE, {"class_id": child.class_id, "now": now})
    ]


async def teachers(
    session: AsyncSession, actor: Actor, student_id: int, *, now: dt.datetime
) -> tuple[ChildRow, list[TeacherChoice]]:
    """The teachers offering free slots to the child's class: the class teacher first."""
    child, _ = await child_of(session, actor, student_id)
    by_teacher: dict[int, list[FreeSlot]] = {}
    for slot in await free_slots(session, child, now=now):
        by_teacher.setdefault(slot.staff_id, []).append(slot)
    if not by_teacher:
        return child, []
    params = {"class_id": child.class_id, "ids": list(by_teacher)}
    found = [
        TeacherChoice(
            row.id,
            short_name(row.last_name, row.first_name, row.middle_name),
            row.subjects or "",
            row.leads,
            len(by_teacher[row.id]),
            tuple(dict.fromkeys(slot.day for slot in by_teacher[row.id])),
        )
        for row in await session.execute(_TEACHERS, params)
    ]
    return child, sorted(found, key=lambda t: (not t.leads_class, t.name))


@dataclass(frozen=True)
class TeacherSlots:
    child: ChildRow
    staff_id: int
    teacher: str
    slots: tuple[FreeSlot, ...]  # of `day`, or of every day when no day was asked for
    current: MyBooking | None  # the child's booking with him that day, if any


async def slots_of(
    session: AsyncSession,
    actor: Actor,
    student_id: int,
    staff_id: int,
    day: dt.date | None,
    *,
    now: dt.datetime,
) -> TeacherSlots:
    """A teacher's free slots for the child (of one day, or all of them)."""
    child, _ = await child_of(session, actor, student_id)
    teacher = await session.get(Staff, staff_id)
    if teacher is None or teacher.school_id != await _school_of(session, child):
        raise AccessDenied()
    found = tuple(
        slot
        for slot in await free_slots(session, child, now=now)
        if slot.staff_id == staff_id and (day is None or slot.day == day)
    )
    current = None
    if day is not None:
        current = next(
            (b for b in await bookings(session, actor, now=now) if b.staff_id == staff_id and b.day == day),
            None,
        )
        current = current if current is not None and current.student_id == student_id else None
    return TeacherSlots(child, staff_id, teacher.short_name, found, current)


# ---- the family's bookings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MyBooking:
    booking_id: int
    slot_id: int
    student_id: int
    student: str
    staff_id: int
    teacher: str
    day: dt.date
    starts: dt.time
    ends: dt.time
    place: str

    @property
    def cancel_until(self) -> dt.date:
        """The last day it may be cancelled (the school's date): the day before."""
        return self.day - dt.timedelta(days=1)


_MINE = text("""
    SELECT b.id, b.slot_id, b.student_id, b.staff_id, b.day, s.starts_at, s.ends_at, o.place, o.school_id,
           st.last_name, st.first_name,
           t.last_name AS t_last, t.first_name AS t_first, t.middle_name AS t_middle
      FROM meeting_booking b
      JOIN meeting_slot s ON s.id = b.slot_id
      JOIN meeting_offer o ON o.id = s.offer_id
      JOIN student st ON st.id = b.student_id
      JOIN staff t ON t.id = b.staff_id
     WHERE b.student_id = ANY(:students) AND b.cancelled_at IS NULL AND s.ends_at > :now
     ORDER BY s.starts_at, b.id
""")


async def bookings(session: AsyncSession, actor: Actor, *, now: dt.datetime) -> list[MyBooking]:
    """His children's meetings still ahead (whichever parent booked them)."""
    children = list(await _guardians(session, actor))
    if not children:
        return []
    found = []
    zones: dict[int, Any] = {}
    for row in await session.execute(_MINE, {"students": children, "now": now}):
        zone = zones.get(row.school_id) or zones.setdefault(
            row.school_id, await school_zone(session, row.school_id)
        )
        found.append(
            MyBooking(
                row.id,
                row.slot_id,
                row.student_id,
                f"{row.last_name} {row.first_name}",
                row.staff_id,
                short_name(row.t_last, row.t_first, row.t_middle),
                row.day,
                row.starts_at.astimezone(zone).time(),
                row.ends_at.astimezone(zone).time(),
                row.place,
            )
        )
    return found


async def booking(session: AsyncSession, actor: Actor, booking_id: int, *, now: dt.datetime) -> MyBooking:
    """One of his children's meetings still ahead (anyone else's is refused)."""
    found = next((b for b in await bookings(session, actor, now=now) if b.booking_id == booking_id), None)
    if found is None:
        raise AccessDenied()
    return found


# ---- booking, moving, cancelling ----------------------------------------------------------------------

_SLOT = text("""
    SELECT s.id, s.starts_at, s.ends_at, s.cancelled_at, o.id AS offer_id, o.school_id, o.staff_id, o.day,
           o.place, o.cancelled_at AS offer_cancelled_at
      FROM meeting_slot s
      JOIN meeting_offer o ON o.id = s.offer_id
      JOIN meeting_offer_class oc ON oc.offer_id = o.id AND oc.class_id = :class_id
     WHERE s.id = :slot_id
       FOR SHARE OF s
""")
_TAKEN_BY_CHILD = text("""
    SELECT s.starts_at FROM meeting_booking b JOIN meeting_slot s ON s.id = b.slot_id
     WHERE b.staff_id = :staff_id AND b.day = :day AND b.student_id = :student_id AND b.cancelled_at IS NULL
""")


async def _slot(session: AsyncSession, child: ChildRow, slot_id: int) -> Any:
    """A slot of a window offered to the child's class (any other, or none, is refused)."""
    slot = (await session.execute(_SLOT, {"slot_id": slot_id, "class_id": child.class_id})).first()
    if slot is None:
        raise AccessDenied()
    return slot


async def free_slot(
    session: AsyncSession, actor: Actor, student_id: int, slot_id: int, *, now: dt.datetime
) -> FreeSlot | None:
    """The slot, if the child may book it and it is still free; None if it was taken or cancelled."""
    child, _ = await child_of(session, actor, student_id)
    await _slot(session, child, slot_id)
    return next((s for s in await free_slots(session, child, now=now) if s.slot_id == slot_id), None)


@dataclass(frozen=True)
class SlotWhere:
    staff_id: int
    day: dt.date


async def slot_place(session: AsyncSession, actor: Actor, student_id: int, slot_id: int) -> SlotWhere:
    """Whose and which day a slot the child may book is (to show the rest of that day)."""
    child, _ = await child_of(session, actor, student_id)
    slot = await _slot(session, child, slot_id)
    return SlotWhere(slot.staff_id, slot.day)


@dataclass(frozen=True)
class Booking:
    booking: MyBooking
    moved_from: dt.time | None  # the time it replaced that day
    teacher_told: bool


async def book(
    session: AsyncSession,
    actor: Actor,
    student_id: int,
    slot_id: int,
    *,
    replace: bool = False,
    now: dt.datetime,
) -> Booking:
    """The slot booked for his child. A child has one meeting with a teacher a day: another is refused
    (`meeting-already-booked`) unless `replace`, which moves it. Two parents pressing for one slot at
    once: the database takes the first, the second is refused (`meeting-slot-taken`)."""
    child, guardian_id = await child_of(session, actor, student_id)
    slot = await _slot(session, child, slot_id)
    if slot.cancelled_at is not None or slot.offer_cancelled_at is not None or slot.starts_at <= now:
        raise InvalidInput("meeting-slot-gone")
    zone = await school_zone(session, slot.school_id)
    current = next(
        (
            b
            for b in await bookings(session, actor, now=now)
            if b.student_id == student_id and b.staff_id == slot.staff_id and b.day == slot.day
        ),
        None,
    )
    if current is not None and current.slot_id == slot.id:  # pressed twice: booked already
        return Booking(current, None, teacher_told=False)
    if current is not None and not replace:
        raise InvalidInput("meeting-already-booked", time=f"{current.starts:%H:%M}")
    account = actor.tg_user_id
    # A savepoint: a move whose new slot was just taken keeps the booking it would have replaced.
    async with session.begin_nested():
        if current is not None:
            previous = await session.get(MeetingBooking, current.booking_id)
            assert previous is not None
            previous.cancelled_at, previous.cancelled_by = now, "replaced"
            await session.flush()
        booking_id = await session.scalar(
            insert(MeetingBooking)
            .values(
                school_id=slot.school_id,
                slot_id=slot.id,
                staff_id=slot.staff_id,
                day=slot.day,
                student_id=student_id,
                guardian_id=guardian_id,
                account=account,
            )
            .on_conflict_do_nothing()
            .returning(MeetingBooking.id)
        )
        if booking_id is None:
            params = {"staff_id": slot.staff_id, "day": slot.day, "student_id": student_id}
            other = await session.scalar(_TAKEN_BY_CHILD, params)
            if other is not None:  # the child's other parent booked him a moment ago
                raise InvalidInput("meeting-already-booked", time=f"{other.astimezone(zone):%H:%M}")
            raise InvalidInput("meeting-slot-taken")
    teacher = await session.get(Staff, slot.staff_id)
    guardian = await session.get(Guardian, guardian_id)
    assert teacher is not None and guardian is not None
    made = MyBooking(
        booking_id,
        slot.id,
        student_id,
        " ".join(child.full_name.split()[:2]),
        slot.staff_id,
        teacher.short_name,
        slot.day,
        slot.starts_at.astimezone(zone).time(),
        slot.ends_at.astimezone(zone).time(),
        slot.place,
    )
    moved_from = current.starts if current is not None else None
    await audit.record(
        session,
        actor,
        "meeting.booked",
        "meeting_booking",
        booking_id,
        school_id=slot.school_id,
        before={"booking_id": current.booking_id, "at": f"{current.starts:%H:%M}"} if current else None,
        after={
            "slot_id": slot.id,
            "student_id": student_id,
            "day": slot.day.isoformat(),
            "at": f"{made.starts:%H:%M}",
        },
    )
    told = 0
    if teacher.tg_user_id is not None:
        told = await enqueue(
            session,
            school_id=slot.school_id,
            recipients=[teacher.tg_user_id],
            event=MeetingBookedNotice.model_validate(
                {**_fields(made, child, guardian.full_name), "moved_from": moved_from}
            ),
            not_before=now,
            event_key=f"meeting_booked:{booking_id}",
        )
    return Booking(made, moved_from, bool(told))


async def cancel(session: AsyncSession, actor: Actor, booking_id: int, *, now: dt.datetime) -> MyBooking:
    """His child's meeting cancelled, until the day before it (the school's date); the teacher is told."""
    row = await session.get(MeetingBooking, booking_id)
    if row is None:
        raise AccessDenied()
    child, _ = await child_of(session, actor, row.student_id)
    if row.cancelled_at is not None:
        raise InvalidInput("meeting-booking-gone")
    until = row.day - dt.timedelta(days=1)
    if await school_today(session, row.school_id, now) > until:
        raise InvalidInput("meeting-cancel-too-late", until=f"{until:%d.%m}")
    found = await booking(session, actor, booking_id, now=now)
    row.cancelled_at, row.cancelled_by = now, "parent"
    await audit.record(
        session,
        actor,
        "meeting.booking_cancelled",
        "meeting_booking",
        row.id,
        school_id=row.school_id,
        before={"student_id": row.student_id, "day": row.day.isoformat(), "at": f"{found.starts:%H:%M}"},
    )
    teacher = await session.get(Staff, row.staff_id)
    guardian = await session.get(Guardian, row.guardian_id) if row.guardian_id else None
    if teacher is not None and teacher.tg_user_id is not None:
        await enqueue(
            session,
            school_id=row.school_id,
            recipients=[teacher.tg_user_id],
            event=MeetingBookingCancelledNotice.model_validate(
                _fields(found, child, guardian.full_name if guardian else "")
            ),
            not_before=now,
            event_key=f"meeting_booking_cancelled:{row.id}",
        )
    return found


def _fields(made: MyBooking, child: ChildRow, parent: str) -> dict[str, Any]:
    return {
        "booking_id": made.booking_id,
        "day": made.day,
        "starts": made.starts,
        "ends": made.ends,
        "place": made.place,
        "teacher": made.teacher,
        "student_id": child.student_id,
        "student": made.student,
        "class": child.class_label,
        "parent": parent,
    }


async def _school_of(session: AsyncSession, child: ChildRow) -> int:
    school_class = await session.get(SchoolClass, child.class_id)
    if school_class is None:
        raise AccessDenied()
    return school_class.school_id


async def _zone_of(session: AsyncSession, child: ChildRow) -> Any:
    return await school_zone(session, await _school_of(session, child))
