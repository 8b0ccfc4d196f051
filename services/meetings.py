"""Parent–teacher meetings: a teacher offers a day's slots, a parent books one for his child.

A teacher (or a class teacher) offers a window on one day («15.12 16:00–18:00, по 15 минут»: eight
slots) at a place or a link, for the parents of his classes (those he leads and those he teaches).
A parent books a free slot for his child in one of those classes: one booking a child has with a
teacher a day. The database decides between two parents racing for one slot (a partial unique index);
the loser is told the time was just taken. A parent may cancel until the day before (the school's
date); the teacher may cancel a slot or the whole window at any time before it starts, and whoever
booked is told. The teacher is told of every booking and cancellation at once; both sides are reminded
the evening before (services/meeting_reminders.py). Every id from a button is checked against who
pressed it. The family's side is services/meeting_bookings.py; the typed line, meeting_times.py.

Times are the school's: a slot is stored as an instant and shown in the school's timezone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession

from models import MeetingOffer, MeetingOfferClass, MeetingSlot
from models.enums import Role
from services import access, audit
from services.audit import Actor
from services.calendar import school_zone
from services.errors import AccessDenied, InvalidInput
from services.events import MeetingCancelledNotice
from services.meeting_times import LONGEST, SHORTEST, check_place
from services.names import short_name
from services.notify import enqueue_rows, rows
from services.school_calendar import calendar

MOST_SLOTS = 40  # in one window: a day of meetings, not a typing mistake
AHEAD = dt.timedelta(days=120)
TEACHERS = (Role.TEACHER, Role.CLASS_TEACHER)


# ---- who offers, to whom ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassChoice:
    class_id: int
    label: str


_MY_CLASSES = text("""
    SELECT c.id, c.grade_level, c.letter FROM school_class c
     WHERE c.academic_year_id = (SELECT y.id FROM academic_year y WHERE y.school_id = :school_id
                                  ORDER BY y.starts_on DESC LIMIT 1)
       AND (c.class_teacher_id = :staff_id
            OR EXISTS (SELECT 1 FROM teaching_assignment ta
                        WHERE ta.class_id = c.id AND ta.teacher_id = :staff_id))
     ORDER BY c.grade_level, c.letter
""")


def teacher_of(actor: Actor, school_id: int) -> int:
    """The staff id of a teacher or class teacher of the school; anyone else is refused."""
    staff_id = access.staff_id(actor, school_id)
    if staff_id is None or not access.holds_any_role(actor, TEACHERS, school_id):
        raise AccessDenied()
    return staff_id


async def my_classes(session: AsyncSession, actor: Actor, school_id: int) -> list[ClassChoice]:
    """The classes whose parents the teacher may offer meetings to: those he leads and those he teaches."""
    params = {"school_id": school_id, "staff_id": teacher_of(actor, school_id)}
    return [
        ClassChoice(row.id, f"{row.grade_level}{row.letter}")
        for row in await session.execute(_MY_CLASSES, params)
    ]


# ---- planning and offering a window -------------------------------------------------------------------


@dataclass(frozen=True)
class OfferPlan:
    day: dt.date
    start: dt.time
    end: dt.time
    minutes: int
    slots: tuple[tuple[dt.time, dt.time], ...]  # those still ahead (a window of today loses the past)
    day_off: str | None  # the school's day off (its name, or «» for a Sunday or a day without one)


_OVERLAPPING = text("""
    SELECT o.starts_at, o.ends_at FROM meeting_offer o
     WHERE o.staff_id = :staff_id AND o.day = :day AND o.cancelled_at IS NULL
       AND o.starts_at < :ends_at AND o.ends_at > :starts_at
     ORDER BY o.starts_at LIMIT 1
""")


async def plan(
    session: AsyncSession,
    actor: Actor,
    school_id: int,
    day: dt.date,
    start: dt.time,
    end: dt.time,
    minutes: int,
    *,
    now: dt.datetime,
) -> OfferPlan:
    """The slots a window makes, or the reason it cannot be offered (in the past, too far ahead, too
    short for one meeting, overlapping another window of his that day). A day off is only warned of."""
    staff_id = teacher_of(actor, school_id)
    zone = await school_zone(session, school_id)
    today = now.astimezone(zone).date()
    if day < today:
        raise InvalidInput("meeting-past")
    if day - today > AHEAD:
        raise InvalidInput("meeting-too-far", days=AHEAD.days)
    if start >= end:
        raise InvalidInput("meeting-times")
    if not SHORTEST <= minutes <= LONGEST:
        raise InvalidInput("meeting-length", low=SHORTEST, high=LONGEST)
    step = dt.timedelta(minutes=minutes)
    first, last = dt.datetime.combine(day, start, zone), dt.datetime.combine(day, end, zone)
    if first + step > last:
        raise InvalidInput("meeting-window-short", minutes=minutes)
    slots = []
    at = first
    while at + step <= last:
        if at > now:
            slots.append((at.time(), (at + step).time()))
        at += step
    if not slots:
        raise InvalidInput("meeting-past")
    if len(slots) > MOST_SLOTS:
        raise InvalidInput("meeting-too-many", most=MOST_SLOTS)
    params = {"staff_id": staff_id, "day": day, "starts_at": first, "ends_at": last}
    other = (await session.execute(_OVERLAPPING, params)).first()
    if other is not None:
        taken = f"{other.starts_at.astimezone(zone):%H:%M}–{other.ends_at.astimezone(zone):%H:%M}"
        raise InvalidInput("meeting-overlap", window=taken)
    return OfferPlan(day, start, end, minutes, tuple(slots), await day_off(session, school_id, day))


async def day_off(session: AsyncSession, school_id: int, day: dt.date) -> str | None:
    """The day off's name by the school's calendar («» for a Sunday or an unnamed one); None for a
    school day. Meetings may be offered on a day off: the teacher is only warned."""
    school_calendar = await calendar(session, school_id, day, day)
    name = school_calendar.day_off(day)
    if name is None and day.isoweekday() == 7 and day not in school_calendar.moved:
        return ""
    return name


@dataclass(frozen=True)
class Offered:
    offer_id: int
    plan: OfferPlan
    place: str
    classes: tuple[str, ...]


async def offer(
    session: AsyncSession,
    actor: Actor,
    school_id: int,
    day: dt.date,
    start: dt.time,
    end: dt.time,
    minutes: int,
    place: str,
    class_ids: Sequence[int],
    *,
    now: dt.datetime,
) -> Offered:
    """The window offered to the parents of `class_ids` (each one of his classes, or refused)."""
    staff_id = teacher_of(actor, school_id)
    place = check_place(place)
    mine = {c.class_id: c.label for c in await my_classes(session, actor, school_id)}
    chosen = list(dict.fromkeys(class_ids))
    if not chosen:
        raise InvalidInput("meeting-no-classes")
    if any(class_id not in mine for class_id in chosen):
        raise AccessDenied()
    planned = await plan(session, actor, school_id, day, start, end, minutes, now=now)
    zone = await school_zone(session, school_id)
    window = MeetingOffer(
        school_id=school_id,
        staff_id=staff_id,
        day=day,
        starts_at=dt.datetime.combine(day, start, zone),
        ends_at=dt.datetime.combine(day, end, zone),
        minutes=minutes,
        place=place,
    )
    session.add(window)
    await session.flush()
    await session.execute(
        insert(MeetingOfferClass), [{"offer_id": window.id, "class_id": class_id} for class_id in chosen]
    )
    await session.execute(
        insert(MeetingSlot),
        [
            {
                "offer_id": window.id,
                "starts_at": dt.datetime.combine(day, begins, zone),
                "ends_at": dt.datetime.combine(day, ends, zone),
            }
            for begins, ends in planned.slots
        ],
    )
    labels = tuple(mine[class_id] for class_id in chosen)
    await audit.record(
        session,
        actor,
        "meeting.offered",
        "meeting_offer",
        window.id,
        school_id=school_id,
        after={
            "day": day.isoformat(),
            "from": start.isoformat("minutes"),
            "to": end.isoformat("minutes"),
            "minutes": minutes,
            "slots": len(planned.slots),
            "place": place,
            "classes": list(labels),
        },
    )
    return Offered(window.id, planned, place, labels)


# ---- the teacher's day --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Booked:
    booking_id: int
    student_id: int
    student: str
    class_label: str
    parent: str


@dataclass(frozen=True)
class SlotView:
    slot_id: int
    starts: dt.time
    ends: dt.time
    cancelled: bool
    past: bool
    booked: Booked | None


@dataclass(frozen=True)
class OfferView:
    offer_id: int
    day: dt.date
    starts: dt.time
    ends: dt.time
    minutes: int
    place: str
    classes: tuple[str, ...]
    slots: tuple[SlotView, ...]

    @property
    def open_slots(self) -> tuple[SlotView, ...]:
        """Those the teacher may still cancel."""
        return tuple(slot for slot in self.slots if not slot.cancelled and not slot.past)


@dataclass(frozen=True)
class DaySummary:
    day: dt.date
    booked: int
    free: int


@dataclass(frozen=True)
class TeacherDay:
    day: dt.date
    today: dt.date
    offers: tuple[OfferView, ...]
    upcoming: tuple[DaySummary, ...]  # his days with meetings from today on


_DAY_OFFERS = text("""
    SELECT o.id, o.day, o.starts_at, o.ends_at, o.minutes, o.place,
           ARRAY(SELECT c.grade_level || c.letter FROM meeting_offer_class oc
                   JOIN school_class c ON c.id = oc.class_id
                  WHERE oc.offer_id = o.id ORDER BY c.grade_level, c.letter) AS classes
      FROM meeting_offer o
     WHERE o.staff_id = :staff_id AND o.day = :day AND o.cancelled_at IS NULL
     ORDER BY o.starts_at
""")
_SLOTS = text("""
    SELECT s.id, s.offer_id, s.starts_at, s.ends_at, s.cancelled_at,
           b.id AS booking_id, b.student_id, st.last_name, st.first_name, c.grade_level, c.letter,
           g.last_name AS parent_last, g.first_name AS parent_first, g.middle_name AS parent_middle
      FROM meeting_slot s
      LEFT JOIN meeting_booking b ON b.slot_id = s.id AND b.cancelled_at IS NULL
      LEFT JOIN student st ON st.id = b.student_id
      LEFT JOIN school_class c ON c.id = st.class_id
      LEFT JOIN guardian g ON g.id = b.guardian_id
     WHERE s.offer_id = ANY(:offers)
     ORDER BY s.starts_at
""")
_UPCOMING = text("""
    SELECT o.day, count(b.id) AS booked,
           count(s.id) FILTER (WHERE b.id IS NULL AND s.starts_at > :now) AS free
      FROM meeting_offer o
      JOIN meeting_slot s ON s.offer_id = o.id AND s.cancelled_at IS NULL
      LEFT JOIN meeting_booking b ON b.slot_id = s.id AND b.cancelled_at IS NULL
     WHERE o.staff_id = :staff_id AND o.day >= :today AND o.cancelled_at IS NULL
     GROUP BY o.day ORDER BY o.day LIMIT :limit
""")


async def teacher_day(
    session: AsyncSession, actor: Actor, school_id: int, day: dt.date | None, *, now: dt.datetime
) -> TeacherDay:
    """A day's windows with every slot (who booked it: parent, child, class), today's by default."""
    staff_id = teacher_of(actor, school_id)
    zone = await school_zone(session, school_id)
    today = now.astimezone(zone).date()
    day = day or today
    offer_rows = (await session.execute(_DAY_OFFERS, {"staff_id": staff_id, "day": day})).all()
    slots: dict[int, list[SlotView]] = {row.id: [] for row in offer_rows}
    if offer_rows:
        for row in await session.execute(_SLOTS, {"offers": list(slots)}):
            slots[row.offer_id].append(_slot_view(row, zone, now))
    offers = tuple(
        OfferView(
            row.id,
            row.day,
            row.starts_at.astimezone(zone).time(),
            row.ends_at.astimezone(zone).time(),
            row.minutes,
            row.place,
            tuple(row.classes),
            tuple(slots[row.id]),
        )
        for row in offer_rows
    )
    params = {"staff_id": staff_id, "today": today, "now": now, "limit": 6}
    upcoming = tuple(
        DaySummary(row.day, row.booked, row.free) for row in await session.execute(_UPCOMING, params)
    )
    return TeacherDay(day, today, offers, upcoming)


def _slot_view(row: Any, zone: Any, now: dt.datetime) -> SlotView:
    booked = None
    if row.booking_id is not None:
        parent = short_name(row.parent_last, row.parent_first, row.parent_middle) if row.parent_last else ""
        booked = Booked(
            row.booking_id,
            row.student_id,
            f"{row.last_name} {row.first_name}",
            f"{row.grade_level}{row.letter}",
            parent,
        )
    return SlotView(
        row.id,
        row.starts_at.astimezone(zone).time(),
        row.ends_at.astimezone(zone).time(),
        row.cancelled_at is not None,
        row.starts_at <= now,
        booked,
    )


# ---- the teacher cancels a slot, or a whole window ----------------------------------------------------

# The live bookings of some slots, with what the parent who booked is told.
_BOOKINGS_OF = text("""
    SELECT b.id, b.account, b.student_id, b.day, s.starts_at, s.ends_at, o.place, o.school_id,
           st.last_name, st.first_name, st.middle_name, c.grade_level, c.letter,
           t.last_name AS t_last, t.first_name AS t_first, t.middle_name AS t_middle
      FROM meeting_booking b
      JOIN meeting_slot s ON s.id = b.slot_id
      JOIN meeting_offer o ON o.id = s.offer_id
      JOIN student st ON st.id = b.student_id
      JOIN school_class c ON c.id = st.class_id
      JOIN staff t ON t.id = o.staff_id
     WHERE b.slot_id = ANY(:slots) AND b.cancelled_at IS NULL
     ORDER BY s.starts_at
""")
_CANCEL_BOOKINGS = text("""
    UPDATE meeting_booking SET cancelled_at = :now, cancelled_by = 'teacher'
     WHERE slot_id = ANY(:slots) AND cancelled_at IS NULL
""")
_AHEAD = text("""
    SELECT id FROM meeting_slot WHERE offer_id = :id AND cancelled_at IS NULL AND starts_at > :now
""")
_CANCEL_SLOTS = text("""
    UPDATE meeting_slot SET cancelled_at = :now WHERE id = ANY(:slots) AND cancelled_at IS NULL
""")


async def own_offer(session: AsyncSession, actor: Actor, offer_id: int) -> MeetingOffer:
    """One of his windows still standing (a forged id is refused, a cancelled one said so)."""
    window = await session.get(MeetingOffer, offer_id)
    if window is None or teacher_of(actor, window.school_id) != window.staff_id:
        raise AccessDenied()
    if window.cancelled_at is not None:
        raise InvalidInput("meeting-offer-gone")
    return window


async def own_slot(session: AsyncSession, actor: Actor, slot_id: int) -> tuple[MeetingOffer, MeetingSlot]:
    """One of his slots (a forged id is refused)."""
    slot = await session.get(MeetingSlot, slot_id)
    if slot is None:
        raise AccessDenied()
    window = await own_offer(session, actor, slot.offer_id)
    return window, slot


async def cancel_slot(session: AsyncSession, actor: Actor, slot_id: int, *, now: dt.datetime) -> int:
    """One slot cancelled before it starts; returns how many who had booked it were told (0 or 1)."""
    window, slot = await own_slot(session, actor, slot_id)
    if slot.cancelled_at is not None:
        raise InvalidInput("meeting-slot-gone")
    if slot.starts_at <= now:
        raise InvalidInput("meeting-slot-started")
    told = await _cancel(session, window, [slot.id], now=now)
    zone = await school_zone(session, window.school_id)
    await audit.record(
        session,
        actor,
        "meeting.slot_cancelled",
        "meeting_slot",
        slot.id,
        school_id=window.school_id,
        before={"day": window.day.isoformat(), "at": f"{slot.starts_at.astimezone(zone):%H:%M}"},
        after={"parents_told": told},
    )
    return told


async def cancel_offer(session: AsyncSession, actor: Actor, offer_id: int, *, now: dt.datetime) -> int:
    """The whole window cancelled: its slots still ahead, and their bookings (each parent is told)."""
    window = await own_offer(session, actor, offer_id)
    ahead = list(await session.scalars(_AHEAD, {"id": window.id, "now": now}))
    told = await _cancel(session, window, ahead, now=now)
    window.cancelled_at = now
    await audit.record(
        session,
        actor,
        "meeting.offer_cancelled",
        "meeting_offer",
        window.id,
        school_id=window.school_id,
        before={"day": window.day.isoformat(), "slots": len(ahead)},
        after={"parents_told": told},
    )
    return told


_LOCK_SLOTS = text("SELECT id FROM meeting_slot WHERE id = ANY(:slots) ORDER BY id FOR UPDATE")


async def _cancel(
    session: AsyncSession, window: MeetingOffer, slot_ids: list[int], *, now: dt.datetime
) -> int:
    if not slot_ids:
        return 0
    zone = await school_zone(session, window.school_id)
    # The slots locked first: a booking being made waits (services/meeting_bookings.py takes them FOR
    # SHARE) and is then refused, or is committed before and counted among those told here.
    await session.execute(_LOCK_SLOTS, {"slots": slot_ids})
    booked = (await session.execute(_BOOKINGS_OF, {"slots": slot_ids})).all()
    await session.execute(_CANCEL_BOOKINGS, {"slots": slot_ids, "now": now})
    await session.execute(_CANCEL_SLOTS, {"slots": slot_ids, "now": now})
    batch = []
    for row in booked:
        if row.account is not None:
            event = MeetingCancelledNotice.model_validate(booking_event(row, zone))
            batch += rows(
                school_id=window.school_id,
                recipients=[row.account],
                event=event,
                not_before=now,
                event_key=f"meeting_cancelled:{row.id}",
            )
    await enqueue_rows(session, batch)
    return len(batch)


def booking_event(row: Any, zone: Any, parent: str = "") -> dict[str, Any]:
    """The fields of a MeetingNotice from a row of _BOOKINGS_OF (or one shaped like it)."""
    return {
        "booking_id": row.id,
        "day": row.day,
        "starts": row.starts_at.astimezone(zone).time(),
        "ends": row.ends_at.astimezone(zone).time(),
        "place": row.place,
        "teacher": short_name(row.t_last, row.t_first, row.t_middle),
        "student_id": row.student_id,
        "student": " ".join(part for part in (row.last_name, row.first_name) if part),
        "class": f"{row.grade_level}{row.letter}",
        "parent": parent,
    }
