"""The timetable of a day, for a teacher (his lessons) or for a class (what a family sees)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import and_, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from models import Bell, Lesson, SchoolClass, Staff, Subject, TimetableSlot
from models.enums import Role
from services.audit import Actor
from services.calendar import is_weekend, next_school_day, school_today, school_weekdays
from services.errors import AccessDenied
from services.family import children_of
from services.school_calendar import Calendar, calendar


@dataclass(frozen=True)
class DayItem:
    lesson_number: int
    starts_at: dt.time | None
    ends_at: dt.time | None
    subject: str
    class_label: str
    teacher: str
    room: str
    subgroup: int
    substitute: str | None = None  # who covers this lesson, when someone does
    covering: bool = False  # for a teacher: a lesson he covers for a colleague
    status: str = "scheduled"  # 'cancelled', or 'moved' away (to moved_to)
    room_changed: bool = False  # `room` is not the timetable's
    moved_to: tuple[dt.date, int] | None = None
    moved_from: tuple[dt.date, int] | None = None  # at its new place: where the timetable had it

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.lesson_number, self.subgroup, self.subject)


@dataclass(frozen=True)
class DayView:
    date: dt.date
    today: dt.date  # in the school's timezone
    title: str  # whose day: a class label, or empty for the teacher himself
    items: tuple[DayItem, ...]
    day_off: str | None = None  # the day off's name («» unnamed) by the school's calendar


# Days further than this from today are not a timetable anyone browses to: a forged or stale button.
FURTHEST_DAY = dt.timedelta(days=400)


def pick_day(requested: dt.date | None, today: dt.date) -> dt.date:
    if requested is None or abs(requested - today) > FURTHEST_DAY:
        return today
    return requested


def _valid_on(day: dt.date, weekday: int | None) -> object:
    """The slots that run on `day`, which runs the timetable of `weekday` (None: a day off, none)."""
    if weekday is None:
        return false()
    return and_(
        TimetableSlot.weekday == weekday,
        TimetableSlot.valid_from <= day,
        or_(TimetableSlot.valid_to.is_(None), TimetableSlot.valid_to >= day),
    )


async def teacher_day(
    session: AsyncSession, actor: Actor, *, now: dt.datetime, requested: dt.date | None = None
) -> DayView:
    """The teacher's lessons of a day (today in his school's timezone unless another is asked)."""
    if actor.context is None or not actor.context.has(Role.TEACHER):
        raise AccessDenied()
    grants = actor.context.grants_of(Role.TEACHER)
    staff_ids = {grant.person_id for grant in grants}
    today = await school_today(session, grants[0].school_id, now)
    day = pick_day(requested, today)
    days = await calendar(session, grants[0].school_id, day, day)
    own = await _slot_items(session, day, days, TimetableSlot.teacher_id.in_(staff_ids))
    # Dated changes override the weekly timetable: lessons a colleague covers for him show who
    # covers, lessons he covers for a colleague are added, and so are cancelled and moved ones.
    changed = await _lesson_items(
        session,
        day,
        or_(Lesson.teacher_id.in_(staff_ids), Lesson.substitute_teacher_id.in_(staff_ids)),
        covering_for=staff_ids,
    )
    changed_keys = {(item.class_label, *item.key) for item in changed}
    items = [i for i in own if (i.class_label, *i.key) not in changed_keys]
    items.extend(changed)
    items.sort(key=lambda i: (i.lesson_number, i.class_label))
    return DayView(day, today, "", tuple(items), days.day_off(day))


async def class_day(
    session: AsyncSession, actor: Actor, class_id: int, *, now: dt.datetime, requested: dt.date | None = None
) -> DayView:
    """A class's lessons of a day, with substitutions, for those who may see that class."""
    school_class = await _visible_class(session, actor, class_id)
    today = await school_today(session, school_class.school_id, now)
    day = pick_day(requested, today)
    days = await calendar(session, school_class.school_id, day, day)
    items = await class_lessons(session, class_id, day, days)
    return DayView(day, today, school_class.label, items, days.day_off(day))


async def class_lessons(
    session: AsyncSession, class_id: int, day: dt.date, days: Calendar
) -> tuple[DayItem, ...]:
    """A class's lessons of a day as they take place: the weekly slots with the day's changes over them
    (for a screen, after its access check, or a job that writes to the class's own families)."""
    items = await _slot_items(session, day, days, TimetableSlot.class_id == class_id)
    changed = await _lesson_items(session, day, Lesson.class_id == class_id)
    return _with_substitutions(items, changed)


@dataclass(frozen=True)
class WeekView:
    today: dt.date
    title: str
    days: tuple[DayView, ...]  # Monday to Saturday
    after_weekend: bool = False  # a weekend day was asked for: this is the week that follows it


SCHOOL_DAYS = 6


async def class_week(
    session: AsyncSession, actor: Actor, class_id: int, *, now: dt.datetime, requested: dt.date | None = None
) -> WeekView:
    """A class's timetable for the school week (Monday to Saturday) holding the day asked for, with
    substitutions: two queries for the whole week. On a weekend it is the coming week, not the one
    just past."""
    school_class = await _visible_class(session, actor, class_id)
    today = await school_today(session, school_class.school_id, now)
    day = pick_day(requested, today)
    weekdays = await school_weekdays(session, class_id, day)
    after_weekend = is_weekend(day, weekdays)
    if after_weekend:
        day = next_school_day(day, weekdays)
    monday = day - dt.timedelta(days=day.weekday())
    days = [monday + dt.timedelta(days=n) for n in range(SCHOOL_DAYS)]
    slots = await _slot_rows(
        session,
        TimetableSlot.class_id == class_id,
        TimetableSlot.valid_from <= days[-1],
        or_(TimetableSlot.valid_to.is_(None), TimetableSlot.valid_to >= days[0]),
    )
    lessons = await _lesson_rows(
        session, (Lesson.date.between(days[0], days[-1]), Lesson.class_id == class_id)
    )
    exceptions = await calendar(session, school_class.school_id, days[0], days[-1])
    views = []
    for date in days:
        items = [item for slot, item in slots if _slot_runs_on(slot, date, exceptions)]
        changed = [item for on, item in lessons if on == date]
        views.append(
            DayView(
                date, today, school_class.label, _with_substitutions(items, changed), exceptions.day_off(date)
            )
        )
    return WeekView(today, school_class.label, tuple(views), after_weekend)


def _slot_runs_on(slot: TimetableSlot, day: dt.date, days: Calendar) -> bool:
    return (
        slot.weekday == days.weekday(day)
        and slot.valid_from <= day
        and (slot.valid_to is None or slot.valid_to >= day)
    )


def _with_substitutions(items: list[DayItem], changed: list[DayItem]) -> tuple[DayItem, ...]:
    """The weekly slots of a day with its dated changes (substitutions, cancelled, moved, another
    room) put over them."""
    by_key = {i.key: i for i in changed}
    merged = [by_key.pop(i.key, i) for i in items]
    # A dated lesson with no weekly slot (an extra lesson, a moved one) is shown too.
    merged.extend(by_key.values())
    merged.sort(key=lambda i: (i.lesson_number, i.subgroup))
    return tuple(merged)


async def _visible_class(session: AsyncSession, actor: Actor, class_id: int) -> SchoolClass:
    """A family sees its children's classes; staff see the classes of their school."""
    school_class = await session.get(SchoolClass, class_id)
    context = actor.context
    if school_class is None or context is None:
        raise AccessDenied()
    staff_of_school = any(
        grant.school_id == school_class.school_id
        for role in (Role.COORDINATOR, Role.DEPUTY, Role.TEACHER, Role.CLASS_TEACHER)
        for grant in context.grants_of(role)
    )
    if staff_of_school:
        return school_class
    if any(child.class_id == class_id for child in await children_of(session, actor)):
        return school_class
    raise AccessDenied()


async def _slot_items(
    session: AsyncSession, day: dt.date, days: Calendar, condition: object
) -> list[DayItem]:
    return [item for _, item in await _slot_rows(session, _valid_on(day, days.weekday(day)), condition)]


async def _slot_rows(session: AsyncSession, *conditions: object) -> list[tuple[TimetableSlot, DayItem]]:
    rows = await session.execute(
        select(TimetableSlot, Subject.name, SchoolClass, Staff, Bell)
        .join(Subject, Subject.id == TimetableSlot.subject_id)
        .join(SchoolClass, SchoolClass.id == TimetableSlot.class_id)
        .join(Staff, Staff.id == TimetableSlot.teacher_id)
        .outerjoin(
            Bell,
            and_(
                Bell.school_id == TimetableSlot.school_id, Bell.lesson_number == TimetableSlot.lesson_number
            ),
        )
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(TimetableSlot.lesson_number, SchoolClass.grade_level, TimetableSlot.subgroup)
    )
    return [
        (
            slot,
            DayItem(
                slot.lesson_number,
                bell.starts_at if bell else None,
                bell.ends_at if bell else None,
                subject,
                school_class.label,
                teacher.short_name,
                slot.room,
                slot.subgroup,
            ),
        )
        for slot, subject, school_class, teacher, bell in rows
    ]


async def _lesson_items(
    session: AsyncSession, day: dt.date, condition: object, covering_for: Collection[int] = ()
) -> list[DayItem]:
    """Dated lessons that differ from the timetable: they override it for that day."""
    return [item for _, item in await _lesson_rows(session, (Lesson.date == day, condition), covering_for)]


async def _lesson_rows(
    session: AsyncSession, conditions: tuple[object, ...], covering_for: Collection[int] = ()
) -> list[tuple[dt.date, DayItem]]:
    teacher = aliased(Staff)
    substitute = aliased(Staff)
    origin = aliased(Lesson)
    moved = aliased(Lesson)
    changed = or_(
        Lesson.substitute_teacher_id.is_not(None),
        Lesson.status != "scheduled",
        Lesson.room.is_not(None),
        Lesson.moved_from_id.is_not(None),
    )
    rows = await session.execute(
        select(
            Lesson, Subject.name, SchoolClass, teacher, substitute, Bell, TimetableSlot.room, origin, moved
        )
        .join(Subject, Subject.id == Lesson.subject_id)
        .join(SchoolClass, SchoolClass.id == Lesson.class_id)
        .join(teacher, teacher.id == Lesson.teacher_id)
        .outerjoin(substitute, substitute.id == Lesson.substitute_teacher_id)
        .outerjoin(TimetableSlot, TimetableSlot.id == Lesson.slot_id)
        .outerjoin(Bell, and_(Bell.school_id == Lesson.school_id, Bell.lesson_number == Lesson.lesson_number))
        .outerjoin(origin, origin.id == Lesson.moved_from_id)
        .outerjoin(moved, moved.moved_from_id == Lesson.id)
        .where(changed, *conditions)  # type: ignore[arg-type]
    )
    return [
        (
            lesson.date,
            DayItem(
                lesson.lesson_number,
                bell.starts_at if bell else None,
                bell.ends_at if bell else None,
                subject,
                school_class.label,
                original.short_name,
                lesson.room or room or "",
                lesson.subgroup,
                substitute_teacher.short_name if substitute_teacher else None,
                covering=lesson.substitute_teacher_id in covering_for,
                status=lesson.status,
                room_changed=lesson.room is not None and lesson.room != (room or ""),
                moved_to=(moved.date, moved.lesson_number) if moved is not None else None,
                moved_from=(origin_lesson.date, origin_lesson.lesson_number) if origin_lesson else None,
            ),
        )
        for (
            lesson,
            subject,
            school_class,
            original,
            substitute_teacher,
            bell,
            room,
            origin_lesson,
            moved,
        ) in rows
    ]
