"""The administration's hand on lessons: a substitute for a lesson, and leave to correct an old one.

A deputy or the coordinator assigns a substitute (the substitute fills the lesson, the regulation
says so) and the substitution log keeps who decided, when and why. A lesson older than the edit
window may be corrected only while a deputy's override lasts; the override is logged too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from models import Lesson, LessonUnlock, SchoolClass, Staff, Subject, Substitution, TgUser
from models.enums import Role
from services import access, audit, timetable_changes
from services.audit import Actor
from services.errors import AccessDenied, InvalidInput
from services.events import (
    LessonNotice,
    LessonUnlockedNotice,
    OwnLessonSubstitutedNotice,
    SubstitutionNotice,
    SubstitutionWithdrawnNotice,
)
from services.names import name_key
from services.notify import enqueue

ADMIN_ROLES = (Role.DEPUTY, Role.COORDINATOR)
REASON_LIMIT = 300
UNLOCK_DAYS = 3


@dataclass(frozen=True)
class AdminLesson:
    lesson_id: int
    class_id: int
    class_label: str
    date: dt.date
    lesson_number: int
    subject: str
    subgroup: int
    teacher: str
    substitute: str | None
    substitution_reason: str | None
    unlocked_until: dt.datetime | None
    status: str = "scheduled"  # 'cancelled', or 'moved' (away from here: see moved_to)
    change_reason: str | None = None
    room: str = ""  # where it is: its own room, or the timetable's
    room_changed: bool = False  # its own room, not the timetable's
    moved_to: tuple[dt.date, int] | None = None  # a moved lesson's new day and number
    moved_from: tuple[dt.date, int] | None = None  # at its new place: where the timetable had it

    @property
    def changed(self) -> bool:
        """Cancelled, moved or in another room: «↩️ Вернуть как было» undoes it."""
        return self.status != "scheduled" or self.room_changed or self.moved_from is not None

    @property
    def takes_place(self) -> bool:
        return self.status == "scheduled"


# The lessons of a class on a day: created from the timetable if nobody opened them yet, so a
# substitute can be planned for next week's lesson.
_ENSURE_CLASS_LESSONS = text(
    """
    INSERT INTO lesson (school_id, class_id, subject_id, teacher_id, slot_id, date, lesson_number, subgroup)
    SELECT t.school_id, t.class_id, t.subject_id, t.teacher_id, t.id, :day, t.lesson_number, t.subgroup
      FROM timetable_slot t
     WHERE t.class_id = :class_id AND t.weekday = school_weekday(t.school_id, CAST(:day AS date))
       AND t.valid_from <= :day AND (t.valid_to IS NULL OR t.valid_to >= :day)
    ON CONFLICT (class_id, date, lesson_number, subject_id, subgroup) DO NOTHING
    """
)

_ADMIN_COLUMNS = """
    SELECT l.id, l.class_id, c.grade_level, c.letter, l.date, l.lesson_number, sub.name AS subject,
           l.subgroup, t.last_name AS t_last, t.first_name AS t_first, t.middle_name AS t_middle,
           st.last_name AS s_last, st.first_name AS s_first, st.middle_name AS s_middle,
           l.substitution_reason,
           (SELECT max(u.until) FROM lesson_unlock u WHERE u.lesson_id = l.id) AS unlocked_until,
           l.status, l.change_reason, l.room, coalesce(ts.room, '') AS timetable_room,
           o.date AS from_date, o.lesson_number AS from_number,
           r.date AS to_date, r.lesson_number AS to_number
      FROM lesson l
      JOIN school_class c ON c.id = l.class_id
      JOIN subject sub ON sub.id = l.subject_id
      JOIN staff t ON t.id = l.teacher_id
      LEFT JOIN staff st ON st.id = l.substitute_teacher_id
      LEFT JOIN timetable_slot ts ON ts.id = l.slot_id
      LEFT JOIN lesson o ON o.id = l.moved_from_id
      LEFT JOIN lesson r ON r.moved_from_id = l.id
"""
_CLASS_DAY_LESSONS = text(
    _ADMIN_COLUMNS + " WHERE l.class_id = :class_id AND l.date = :day ORDER BY l.lesson_number, l.subgroup"
)
_ONE_LESSON = text(_ADMIN_COLUMNS + " WHERE l.id = :lesson_id")


def _short(last: str | None, first: str | None, middle: str | None) -> str | None:
    """«Смирнова Е. В.»"""
    if last is None:
        return None
    initials = " ".join(f"{part[0]}." for part in (first, middle) if part)
    return f"{last} {initials}".strip()


def _admin_lesson(row: Row[Any]) -> AdminLesson:
    return AdminLesson(
        lesson_id=row.id,
        class_id=row.class_id,
        class_label=f"{row.grade_level}{row.letter}",
        date=row.date,
        lesson_number=row.lesson_number,
        subject=row.subject,
        subgroup=row.subgroup,
        teacher=_short(row.t_last, row.t_first, row.t_middle) or "",
        substitute=_short(row.s_last, row.s_first, row.s_middle),
        substitution_reason=row.substitution_reason,
        unlocked_until=row.unlocked_until,
        status=row.status,
        change_reason=row.change_reason,
        room=row.room or row.timetable_room,
        room_changed=row.room is not None and row.room != row.timetable_room,
        moved_to=(row.to_date, row.to_number) if row.to_date is not None else None,
        moved_from=(row.from_date, row.from_number) if row.from_date is not None else None,
    )


# How far the administration browses a class's days: the term behind, the weeks ahead. Browsing
# creates the day's lessons, so a forged button must not create them for any date at all.
DAYS_BACK = dt.timedelta(days=120)
DAYS_AHEAD = dt.timedelta(days=60)


def browsable_day(requested: dt.date | None, today: dt.date) -> dt.date:
    """The day asked for when it is within reach, else today."""
    if requested is None or not today - DAYS_BACK <= requested <= today + DAYS_AHEAD:
        return today
    return requested


def can_browse(day: dt.date, today: dt.date) -> bool:
    return browsable_day(day, today) == day


async def class_lessons(
    session: AsyncSession, actor: Actor, class_id: int, day: dt.date
) -> list[AdminLesson]:
    school_class = await session.get(SchoolClass, class_id)
    if school_class is None:
        raise AccessDenied()
    access.require_any_role(actor, ADMIN_ROLES, school_class.school_id)
    await ensure_class_lessons(session, class_id, day)
    rows = await session.execute(_CLASS_DAY_LESSONS, {"class_id": class_id, "day": day})
    return [_admin_lesson(row) for row in rows]


async def ensure_class_lessons(session: AsyncSession, class_id: int, day: dt.date) -> None:
    """The class's lessons of the day, made from the timetable if nobody opened them yet."""
    await session.execute(_ENSURE_CLASS_LESSONS, {"class_id": class_id, "day": day})


async def admin_lesson(session: AsyncSession, actor: Actor, lesson_id: int) -> AdminLesson:
    lesson = await lesson_for_admin(session, actor, lesson_id, lock=False)
    row = (await session.execute(_ONE_LESSON, {"lesson_id": lesson.id})).one()
    return _admin_lesson(row)


async def lesson_for_admin(
    session: AsyncSession, actor: Actor, lesson_id: int, *, lock: bool = True
) -> Lesson:
    """The lesson, if the actor is the school's administration; locked when it is about to change
    (a screen that only shows it must not hold up a teacher's tap on it)."""
    lesson = await session.get(Lesson, lesson_id, with_for_update=lock)
    if lesson is None:
        raise AccessDenied()
    access.require_any_role(actor, ADMIN_ROLES, lesson.school_id)
    return lesson


def _clean_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason or len(reason) > REASON_LIMIT:
        raise InvalidInput("reason", limit=REASON_LIMIT)
    return reason


async def assign(
    session: AsyncSession,
    actor: Actor,
    lesson_id: int,
    substitute_id: int | None,
    reason: str,
    *,
    now: dt.datetime,
) -> AdminLesson:
    """Give the lesson to a substitute (None: back to its own teacher), with the reason, logged; the
    teachers and the class's families are told."""
    lesson = await lesson_for_admin(session, actor, lesson_id)
    require_takes_place(lesson)
    reason = _clean_reason(reason)
    substitute: Staff | None = None
    if substitute_id is not None:
        substitute = await session.get(Staff, substitute_id)
        if substitute is None or substitute.school_id != lesson.school_id or not substitute.is_teacher:
            raise AccessDenied()
        if substitute.id == lesson.teacher_id:
            raise InvalidInput("substitute-is-teacher")
    previous_id = lesson.substitute_teacher_id
    origin = await origin_of(session, lesson)
    seen_before = await timetable_changes.state_of(session, origin)
    before = {"substitute_teacher_id": previous_id, "reason": lesson.substitution_reason}
    lesson.substitute_teacher_id = substitute.id if substitute else None
    lesson.substitution_reason = reason if substitute else None
    session.add(
        Substitution(
            school_id=lesson.school_id,
            lesson_id=lesson.id,
            substitute_teacher_id=lesson.substitute_teacher_id,
            reason=reason,
            assigned_by=actor.label,
            assigned_by_staff_id=staff_id_of(actor, lesson.school_id),
            at=now,
        )
    )
    await audit.record(
        session,
        actor,
        "lesson.substitute" if substitute else "lesson.substitute_cancelled",
        "lesson",
        lesson.id,
        school_id=lesson.school_id,
        before=before,
        after={"substitute_teacher_id": lesson.substitute_teacher_id, "reason": reason},
    )
    await _tell_about_substitution(session, lesson, substitute, previous_id, reason, now)
    await session.flush()
    seen_after = await timetable_changes.state_of(session, origin)
    await timetable_changes.tell_families(session, origin, seen_before, seen_after, now=now)
    return await admin_lesson(session, actor, lesson.id)


def require_takes_place(lesson: Lesson) -> None:
    """A cancelled lesson has nobody to teach it; one moved away is changed at its new place."""
    if lesson.status == "cancelled":
        raise InvalidInput("lesson-cancelled")
    if lesson.status == "moved":
        raise InvalidInput("lesson-moved")


async def origin_of(session: AsyncSession, lesson: Lesson, *, lock: bool = False) -> Lesson:
    """The lesson where the timetable put it: itself, or (at a moved lesson's new place) its origin."""
    if lesson.moved_from_id is None:
        return lesson
    origin = await session.get(Lesson, lesson.moved_from_id, with_for_update=lock)
    return origin if origin is not None else lesson


async def _tell_about_substitution(
    session: AsyncSession,
    lesson: Lesson,
    substitute: Staff | None,
    previous_id: int | None,
    reason: str,
    now: dt.datetime,
) -> None:
    """Everyone whose day changes hears of it: the substitute, the lesson's own teacher (covered,
    or his again), and a colleague who was to cover it and no longer is."""
    if substitute is not None and substitute.tg_user_id is not None:
        await tell(session, lesson, substitute.tg_user_id, SubstitutionNotice, {"reason": reason}, now)
    own_teacher = await account_of(session, lesson.teacher_id)
    if own_teacher is not None:
        covered_by = {"substitute": substitute.short_name if substitute else "", "reason": reason}
        await tell(session, lesson, own_teacher, OwnLessonSubstitutedNotice, covered_by, now)
    if previous_id is not None and previous_id != lesson.substitute_teacher_id:
        previous = await account_of(session, previous_id)
        if previous is not None:
            await tell(session, lesson, previous, SubstitutionWithdrawnNotice, {"reason": reason}, now)


async def account_of(session: AsyncSession, staff_id: int) -> int | None:
    """The Telegram account of a member of staff, if he has joined."""
    return await session.scalar(
        select(TgUser.id).join(Staff, Staff.tg_user_id == TgUser.id).where(Staff.id == staff_id)
    )


async def unlock(
    session: AsyncSession,
    actor: Actor,
    lesson_id: int,
    reason: str,
    *,
    now: dt.datetime,
    days: int = UNLOCK_DAYS,
) -> AdminLesson:
    """Let the lesson's teacher correct an old lesson for a few days (a deputy's override)."""
    lesson = await lesson_for_admin(session, actor, lesson_id)
    reason = _clean_reason(reason)
    if not 1 <= days <= 14:
        raise InvalidInput("unlock-days", value=str(days))
    until = now + dt.timedelta(days=days)
    session.add(
        LessonUnlock(
            lesson_id=lesson.id,
            unlocked_by_staff_id=staff_id_of(actor, lesson.school_id),
            reason=reason,
            at=now,
            until=until,
        )
    )
    await audit.record(
        session,
        actor,
        "lesson.unlocked",
        "lesson",
        lesson.id,
        school_id=lesson.school_id,
        after={"until": until.isoformat(), "reason": reason},
    )
    teacher_account = await account_of(session, lesson.substitute_teacher_id or lesson.teacher_id)
    if teacher_account is not None:
        await tell(
            session,
            lesson,
            teacher_account,
            LessonUnlockedNotice,
            {"until": until, "reason": reason},
            now,
        )
    await session.flush()
    return await admin_lesson(session, actor, lesson.id)


def staff_id_of(actor: Actor, school_id: int) -> int | None:
    if actor.context is None:
        return None
    for role in ADMIN_ROLES:
        grant = actor.context.grant(role, school_id)
        if grant is not None:
            return grant.person_id
    return None


async def tell(
    session: AsyncSession,
    lesson: Lesson,
    tg_user_id: int,
    notice: type[LessonNotice],
    extra: Mapping[str, object],
    now: dt.datetime,
) -> None:
    subject = await session.scalar(select(Subject.name).where(Subject.id == lesson.subject_id))
    school_class = await session.get(SchoolClass, lesson.class_id)
    assert school_class is not None
    event = notice.model_validate(
        {
            "lesson_id": lesson.id,
            "date": lesson.date,
            "lesson_number": lesson.lesson_number,
            "subject": subject,
            "class": school_class.label,
            **extra,
        }
    )
    await enqueue(session, school_id=lesson.school_id, recipients=[tg_user_id], event=event, not_before=now)


async def teachers_of_school(session: AsyncSession, actor: Actor, school_id: int) -> list[tuple[int, str]]:
    access.require_any_role(actor, ADMIN_ROLES, school_id)
    staff = await session.scalars(select(Staff).where(Staff.school_id == school_id, Staff.is_teacher))
    ordered = sorted(staff, key=lambda s: (*name_key(s.last_name, s.first_name, s.middle_name), s.id))
    return [(s.id, s.short_name) for s in ordered]


async def find_lesson(
    session: AsyncSession, school_id: int, class_id: int, day: dt.date, number: int, subject: str | None
) -> int:
    """For the CLI: the lesson of a class on a day by its number (and subject, with subgroups)."""
    await session.execute(_ENSURE_CLASS_LESSONS, {"class_id": class_id, "day": day})
    query = (
        select(Lesson.id, Subject.name)
        .join(Subject, Subject.id == Lesson.subject_id)
        .where(
            Lesson.school_id == school_id,
            Lesson.class_id == class_id,
            Lesson.date == day,
            Lesson.lesson_number == number,
        )
    )
    rows = (await session.execute(query)).all()
    if subject:
        rows = [row for row in rows if row.name.lower() == subject.lower()]
    if len(rows) != 1:
        raise InvalidInput(
            "lesson-unknown" if not rows else "lesson-ambiguous", value=f"{day:%d.%m.%Y} #{number}"
        )
    return int(rows[0].id)
