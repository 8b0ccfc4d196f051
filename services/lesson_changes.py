"""Timetable changes by the administration: a dated lesson cancelled, moved to another lesson number
or day, or given another room, each with an optional reason, and undone («вернуть как было»).

A cancelled lesson, and one moved away, keep their row where the timetable put it (the origin), so
the statements that make lessons from the timetable do not make it again; a moved lesson's new place
is a lesson of its own (`moved_from_id` → the origin) that its teacher fills as any other. Undoing a
move removes the new place, which is why a lesson a teacher has filled (attendance taken, a topic, a
mark, homework) is neither cancelled nor moved: it has taken place.

Every change is checked against the actor (the school's deputy or coordinator), logged in
lesson_change (always against the origin) and the audit log, told to the lesson's teachers (its own
and a substitute) and, while the lesson is still ahead, to the class's families
(services/timetable_changes.py), in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from models import Bell, Lesson, LessonChange, Subject, TimetableSlot
from services import absence_notes, audit, timetable_changes
from services.audit import Actor
from services.calendar import school_today, school_zone
from services.errors import InvalidInput
from services.events import LessonChangedNotice, LessonState
from services.substitutions import (
    DAYS_AHEAD,
    REASON_LIMIT,
    AdminLesson,
    account_of,
    admin_lesson,
    class_lessons,
    ensure_class_lessons,
    lesson_for_admin,
    origin_of,
    staff_id_of,
    tell,
)

ROOM_LIMIT = 32  # timetable_slot.room, lesson.room
NUMBERS_WITHOUT_BELLS = tuple(range(1, 9))  # a school that has not set its bells yet

_FILLED = text("""
    SELECT l.attendance_taken_at IS NOT NULL OR coalesce(btrim(l.topic), '') <> ''
           OR EXISTS (SELECT 1 FROM mark m WHERE m.lesson_id = l.id)
           OR EXISTS (SELECT 1 FROM homework h WHERE h.lesson_id = l.id)
      FROM lesson l WHERE l.id = :lesson_id
""")
_DAY_RUNS = text("SELECT school_weekday(:school_id, CAST(:day AS date)) IS NOT NULL")


@dataclass(frozen=True)
class MoveChoice:
    """Where a lesson may be moved on a day: the class's lessons there, and the free numbers."""

    lesson: AdminLesson
    day: dt.date
    today: dt.date
    lessons: tuple[AdminLesson, ...]  # the class's lessons of that day
    free: tuple[int, ...]

    @property
    def can_go_back(self) -> bool:
        return self.day > self.today

    @property
    def can_go_forward(self) -> bool:
        return self.day < self.today + DAYS_AHEAD


# ---- reading ---------------------------------------------------------------------------------------


async def numbers(session: AsyncSession, school_id: int) -> tuple[int, ...]:
    """The school's lesson numbers, by its bells."""
    found = await session.scalars(
        select(Bell.lesson_number).where(Bell.school_id == school_id).order_by(Bell.lesson_number)
    )
    return tuple(found) or NUMBERS_WITHOUT_BELLS


def _overlaps(subgroup: int, other: int) -> bool:
    """Two subgroups' lessons may share a number; the whole class's lesson shares it with nobody."""
    return subgroup == 0 or other == 0 or subgroup == other


async def move_choice(
    session: AsyncSession, actor: Actor, lesson_id: int, day: dt.date | None, *, now: dt.datetime
) -> MoveChoice:
    lesson = await lesson_for_admin(session, actor, lesson_id, lock=False)
    origin = await origin_of(session, lesson)
    shown = await admin_lesson(session, actor, origin.id)
    today = await school_today(session, origin.school_id, now)
    if day is None or not today <= day <= today + DAYS_AHEAD:
        day = max(origin.date, today)
    on_day = await class_lessons(session, actor, origin.class_id, day)
    replacement = await session.scalar(select(Lesson).where(Lesson.moved_from_id == origin.id))
    mine = {origin.id} | ({replacement.id} if replacement is not None else set())
    taken = {
        x.lesson_number
        for x in on_day
        if x.takes_place and x.lesson_id not in mine and _overlaps(origin.subgroup, x.subgroup)
    }
    here = {(origin.date, origin.lesson_number)}
    if replacement is not None:
        here.add((replacement.date, replacement.lesson_number))
    known = await numbers(session, origin.school_id)
    free = tuple(n for n in known if n not in taken and (day, n) not in here)
    return MoveChoice(shown, day, today, tuple(on_day), free)


# ---- the changes -----------------------------------------------------------------------------------


def _optional_reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    reason = " ".join(reason.split())
    if not reason or len(reason) > REASON_LIMIT:
        raise InvalidInput("reason", limit=REASON_LIMIT)
    return reason


async def _replacement(session: AsyncSession, origin: Lesson) -> Lesson | None:
    found: Lesson | None = await session.scalar(
        select(Lesson).where(Lesson.moved_from_id == origin.id).with_for_update()
    )
    return found


async def _require_unfilled(session: AsyncSession, *lessons: Lesson | None) -> None:
    for lesson in lessons:
        if lesson is not None and await session.scalar(_FILLED, {"lesson_id": lesson.id}):
            raise InvalidInput("lesson-filled")


def _teachers(lesson: Lesson | None) -> set[int]:
    if lesson is None:
        return set()
    return {lesson.teacher_id} | ({lesson.substitute_teacher_id} if lesson.substitute_teacher_id else set())


async def _record(
    session: AsyncSession,
    actor: Actor,
    origin: Lesson,
    change: str,
    before: LessonState,
    after: LessonState,
    reason: str | None,
    now: dt.datetime,
) -> None:
    seen_before, seen_after = before.model_dump(mode="json"), after.model_dump(mode="json")
    session.add(
        LessonChange(
            school_id=origin.school_id,
            lesson_id=origin.id,
            change=change,
            before=seen_before,
            after=seen_after,
            reason=reason,
            changed_by=actor.label,
            changed_by_staff_id=staff_id_of(actor, origin.school_id),
            at=now,
        )
    )
    await audit.record(
        session,
        actor,
        f"lesson.{change}",
        "lesson",
        origin.id,
        school_id=origin.school_id,
        before=seen_before,
        after={**seen_after, "reason": reason},
    )


async def _tell_teachers(
    session: AsyncSession, lesson: Lesson, staff: set[int], extra: dict[str, Any], now: dt.datetime
) -> None:
    """The lesson's own teacher and its substitute (work messages: they always go)."""
    for staff_id in sorted(staff):
        account = await account_of(session, staff_id)
        if account is not None:
            await tell(session, lesson, account, LessonChangedNotice, extra, now)


async def cancel(
    session: AsyncSession, actor: Actor, lesson_id: int, reason: str | None, *, now: dt.datetime
) -> AdminLesson:
    """The lesson does not take place (a moved one: neither at its new place)."""
    lesson = await lesson_for_admin(session, actor, lesson_id)
    origin = await origin_of(session, lesson, lock=True)
    reason = _optional_reason(reason)
    if origin.status == "cancelled":
        raise InvalidInput("lesson-already-cancelled")
    replacement = await _replacement(session, origin)
    await _require_unfilled(session, origin, replacement)
    before = await timetable_changes.state_of(session, origin)
    teachers = _teachers(replacement or origin)
    if replacement is not None:
        await session.delete(replacement)
    origin.status, origin.change_reason = "cancelled", reason
    await session.flush()
    after = await timetable_changes.state_of(session, origin)
    await _record(session, actor, origin, "cancelled", before, after, reason, now)
    await absence_notes.follow_lessons(session, [origin.id], now=now)
    await _tell_teachers(session, origin, teachers, {"change": "cancelled", "reason": reason}, now)
    await timetable_changes.tell_families(session, origin, before, after, now=now)
    return await admin_lesson(session, actor, origin.id)


async def move(
    session: AsyncSession,
    actor: Actor,
    lesson_id: int,
    day: dt.date,
    number: int,
    reason: str | None,
    *,
    now: dt.datetime,
) -> AdminLesson:
    """The lesson takes place at another number, on its day or another: a lesson of its own there."""
    lesson = await lesson_for_admin(session, actor, lesson_id)
    origin = await origin_of(session, lesson, lock=True)
    reason = _optional_reason(reason)
    replacement = await _replacement(session, origin)
    await _require_target(session, origin, replacement, day, number, now)
    await _require_unfilled(session, origin, replacement)
    before = await timetable_changes.state_of(session, origin)
    teachers = _teachers(replacement or origin)
    if replacement is not None:
        await session.delete(replacement)
        await session.flush()
    session.add(
        Lesson(
            school_id=origin.school_id,
            class_id=origin.class_id,
            subject_id=origin.subject_id,
            teacher_id=origin.teacher_id,
            substitute_teacher_id=origin.substitute_teacher_id,
            substitution_reason=origin.substitution_reason,
            slot_id=origin.slot_id,
            date=day,
            lesson_number=number,
            subgroup=origin.subgroup,
            room=origin.room,
            moved_from_id=origin.id,
        )
    )
    origin.status, origin.change_reason = "moved", reason
    await session.flush()
    after = await timetable_changes.state_of(session, origin)
    await _record(session, actor, origin, "moved", before, after, reason, now)
    moved_to = await _replacement(session, origin)
    await absence_notes.follow_lessons(session, [origin.id, *([moved_to.id] if moved_to else [])], now=now)
    extra = {"change": "moved", "to_date": day, "to_number": number, "reason": reason}
    await _tell_teachers(session, origin, teachers | _teachers(origin), extra, now)
    await timetable_changes.tell_families(session, origin, before, after, now=now)
    return await admin_lesson(session, actor, origin.id)


async def check_move(
    session: AsyncSession, actor: Actor, lesson_id: int, day: dt.date, number: int, *, now: dt.datetime
) -> AdminLesson:
    """The lesson (where the timetable put it), if it may go there: what `move` checks, nothing
    written, so a place picked or typed is refused before the confirmation asks."""
    lesson = await lesson_for_admin(session, actor, lesson_id, lock=False)
    origin = await origin_of(session, lesson)
    replacement = await session.scalar(select(Lesson).where(Lesson.moved_from_id == origin.id))
    await _require_target(session, origin, replacement, day, number, now)
    return await admin_lesson(session, actor, origin.id)


async def check_typed_move(
    session: AsyncSession,
    actor: Actor,
    lesson_id: int,
    typed: str,
    default_day: dt.date | None,
    *,
    now: dt.datetime,
) -> tuple[AdminLesson, dt.date, int]:
    """A typed place («6», «6 08.12») read and checked: the lesson, the day, the number."""
    lesson = await lesson_for_admin(session, actor, lesson_id, lock=False)
    today = await school_today(session, lesson.school_id, now)
    day, number = parse_place(typed, default_day or today, today)
    return await check_move(session, actor, lesson_id, day, number, now=now), day, number


async def _require_target(
    session: AsyncSession,
    origin: Lesson,
    replacement: Lesson | None,
    day: dt.date,
    number: int,
    now: dt.datetime,
) -> None:
    await _require_place(session, origin, day, number, now)
    here = {(origin.date, origin.lesson_number)}
    if replacement is not None:
        here.add((replacement.date, replacement.lesson_number))
    if (day, number) in here:
        raise InvalidInput("move-same-place")
    await _require_free(session, origin, replacement, day, number)


async def _require_place(
    session: AsyncSession, origin: Lesson, day: dt.date, number: int, now: dt.datetime
) -> None:
    """A lesson number the school rings for, on a school day from today on (a lesson not yet begun)."""
    known = await numbers(session, origin.school_id)
    if number not in known:
        raise InvalidInput("lesson-number", value=number, numbers=_spans(known))
    today = await school_today(session, origin.school_id, now)
    if day < today:
        raise InvalidInput("move-date-past", date=day.strftime("%d.%m.%Y"))
    if day > today + DAYS_AHEAD:
        raise InvalidInput("move-date-far", date=(today + DAYS_AHEAD).strftime("%d.%m.%Y"))
    if day == today:
        starts = await session.scalar(
            select(Bell.starts_at).where(Bell.school_id == origin.school_id, Bell.lesson_number == number)
        )
        local = now.astimezone(await school_zone(session, origin.school_id))
        if starts is not None and starts <= local.time():
            raise InvalidInput("move-time-past", number=number)
    if not await session.scalar(_DAY_RUNS, {"school_id": origin.school_id, "day": day}):
        raise InvalidInput("move-day-off", date=day.strftime("%d.%m.%Y"))


def _spans(values: tuple[int, ...]) -> str:
    """1, 2, 3, 4, 6 → «1–4, 6»."""
    spans: list[list[int]] = []
    for value in values:
        if spans and value == spans[-1][-1] + 1:
            spans[-1].append(value)
        else:
            spans.append([value])
    return ", ".join(f"{s[0]}–{s[-1]}" if len(s) > 2 else ", ".join(map(str, s)) for s in spans)


async def _require_free(
    session: AsyncSession, origin: Lesson, replacement: Lesson | None, day: dt.date, number: int
) -> None:
    """Nothing of the class takes place there (a subgroup's lesson may share it with another group's)."""
    await ensure_class_lessons(session, origin.class_id, day)
    mine = {origin.id} | ({replacement.id} if replacement is not None else set())
    there = await session.execute(
        select(Lesson, Subject.name)
        .join(Subject, Subject.id == Lesson.subject_id)
        .where(Lesson.class_id == origin.class_id, Lesson.date == day, Lesson.lesson_number == number)
    )
    for other, subject in there:
        if other.id in mine:
            continue
        same_key = (other.subject_id, other.subgroup) == (origin.subject_id, origin.subgroup)
        if same_key or (other.status == "scheduled" and _overlaps(origin.subgroup, other.subgroup)):
            raise InvalidInput("move-place-taken", number=number, subject=subject)


async def change_room(
    session: AsyncSession, actor: Actor, lesson_id: int, room: str, reason: str | None, *, now: dt.datetime
) -> AdminLesson:
    """The lesson takes place in another room (the timetable's own room: back to it)."""
    lesson = await lesson_for_admin(session, actor, lesson_id)
    origin = await origin_of(session, lesson, lock=True)
    room = clean_room(room)
    reason = _optional_reason(reason)
    if origin.status == "cancelled":
        raise InvalidInput("lesson-cancelled")
    held = (await _replacement(session, origin) if origin.status == "moved" else None) or lesson
    current = await timetable_changes.room_of(session, held)
    if room.casefold() == current.casefold():
        raise InvalidInput("room-same", room=current)
    timetabled = ""
    if held.slot_id is not None:
        timetabled = (
            await session.scalar(select(TimetableSlot.room).where(TimetableSlot.id == held.slot_id)) or ""
        )
    before = await timetable_changes.state_of(session, origin)
    held.room = None if room.casefold() == timetabled.casefold() else room
    await session.flush()
    after = await timetable_changes.state_of(session, origin)
    await _record(session, actor, origin, "room", before, after, reason, now)
    extra = {"change": "room", "room": room, "reason": reason}
    await _tell_teachers(session, held, _teachers(held), extra, now)
    await timetable_changes.tell_families(session, origin, before, after, now=now)
    return await admin_lesson(session, actor, held.id)


async def check_room(
    session: AsyncSession, actor: Actor, lesson_id: int, typed: str
) -> tuple[AdminLesson, str]:
    """The lesson and the typed room, if the lesson may go there (nothing written)."""
    lesson = await admin_lesson(session, actor, lesson_id)
    room = clean_room(typed)
    if lesson.status == "cancelled":
        raise InvalidInput("lesson-cancelled")
    if lesson.takes_place and room.casefold() == lesson.room.casefold():
        raise InvalidInput("room-same", room=lesson.room)
    return lesson, room


def clean_room(typed: str) -> str:
    """«214», «спортзал», «Актовый зал»: one short line with a letter or a digit in it."""
    room = " ".join(typed.split())
    if not room or len(room) > ROOM_LIMIT or "\n" in typed.strip() or not any(c.isalnum() for c in room):
        raise InvalidInput("room", limit=ROOM_LIMIT)
    return room


async def restore(
    session: AsyncSession, actor: Actor, lesson_id: int, reason: str | None, *, now: dt.datetime
) -> AdminLesson:
    """Back as the timetable has it: not cancelled, at its own place, in its own room. (A substitute
    stays: «✖ Отменить замену» takes him off.)"""
    lesson = await lesson_for_admin(session, actor, lesson_id)
    origin = await origin_of(session, lesson, lock=True)
    reason = _optional_reason(reason)
    replacement = await _replacement(session, origin)
    if origin.status == "scheduled" and replacement is None and origin.room is None:
        raise InvalidInput("lesson-not-changed")
    await _require_unfilled(session, replacement)
    if origin.status != "scheduled":  # back at its own place: is it still free?
        await _require_free(session, origin, replacement, origin.date, origin.lesson_number)
    before = await timetable_changes.state_of(session, origin)
    teachers = _teachers(replacement or origin)
    if replacement is not None:
        await session.delete(replacement)
    origin.status, origin.change_reason, origin.room = "scheduled", None, None
    await session.flush()
    after = await timetable_changes.state_of(session, origin)
    await _record(session, actor, origin, "restored", before, after, reason, now)
    await absence_notes.follow_lessons(session, [origin.id], now=now)
    await _tell_teachers(session, origin, teachers, {"change": "restored", "reason": reason}, now)
    await timetable_changes.tell_families(session, origin, before, after, now=now)
    return await admin_lesson(session, actor, origin.id)


# ---- typed places ----------------------------------------------------------------------------------

_TYPED_DATE = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?(?!\d)")
_FILLER = re.compile(r"\b(?:на|урок|урока|уроке|й|го|ый|ой)\b|[,;-]", re.IGNORECASE)


def parse_place(typed: str, default_day: dt.date, today: dt.date) -> tuple[dt.date, int]:
    """«6», «6 08.12», «08.12 6», «на 6-й урок 8.12»: the lesson number and its day (`default_day`
    when none is typed; a day without a year is the nearest one ahead)."""
    day = default_day
    found = _TYPED_DATE.search(typed)
    rest = typed
    if found is not None:
        d, m, y = found.groups()
        try:
            day = _typed_day(int(d), int(m), y, today)
        except ValueError:
            raise InvalidInput("move-place") from None
        rest = typed[: found.start()] + " " + typed[found.end() :]
    words = _FILLER.sub(" ", rest).split()
    if len(words) != 1 or not words[0].isdigit() or len(words[0]) > 2:
        raise InvalidInput("move-place")
    return day, int(words[0])


def _typed_day(day: int, month: int, year: str | None, today: dt.date) -> dt.date:
    if year is not None:
        return dt.date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    found = dt.date(today.year, month, day)
    # In December «10.01» is next January; a day typed a little in the past stays in the past (and
    # is refused as such, rather than moved a year ahead).
    return found if found >= today - dt.timedelta(days=180) else dt.date(today.year + 1, month, day)
