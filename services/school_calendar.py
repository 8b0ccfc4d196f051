"""A school's calendar: days off and moved working days, the exceptions to its weekly timetable.

A day off (a public holiday, the school's holidays between terms) has no lessons: none are made from
the timetable, nobody is nudged about them, the timetable shows the day off by name, and «the next
school day» skips it. A moved working day (a working Saturday) runs the timetable of the weekday it
replaces. PostgreSQL's school_weekday(school, day) gives the weekday a day runs (NULL: a day off), for
the statements that make lessons; `Calendar` does the same in Python for the screens.

Russia's public holidays and the days moved by the government's production calendar come from the
`holidays` package when a school or a school year is created; the coordinator («⚙️ Настройки школы»
→ «📅 Каникулы и праздники») and the operator (`schoolbot calendar`) add the school's holidays and
change any day. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import holidays
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from models import SchoolCalendarDay
from models.enums import Role
from services import access, audit
from services.audit import Actor
from services.errors import InvalidInput

OFF, WORK = "off", "work"
LONGEST_RANGE = dt.timedelta(days=120)  # a range of days off longer than this is a typing mistake
_MOVED_FROM = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
# «26.10», «26.10.2026», «26.10–03.11», «26.10 - 3.11.26», then the rest is the name.
_TYPED_DAY = r"(\d{1,2})\.(\d{1,2})(?:\.(\d{2}|\d{4}))?"
_TYPED_RANGE = re.compile(rf"^\s*{_TYPED_DAY}(?:\s*[-–—]\s*{_TYPED_DAY})?\s*(.*)$", re.S)


@dataclass(frozen=True)
class Calendar:
    """The school's exceptions over some days."""

    days_off: dict[dt.date, str] = field(default_factory=dict)  # the day → its name
    moved: dict[dt.date, int] = field(default_factory=dict)  # a working day → the weekday it runs

    def weekday(self, day: dt.date) -> int | None:
        """The ISO weekday whose timetable the day runs; None on a day off."""
        if day in self.days_off:
            return None
        return self.moved.get(day, day.isoweekday())

    def day_off(self, day: dt.date) -> str | None:
        """The day off's name («» for one without a name), or None for a day with lessons."""
        return self.days_off.get(day)


async def calendar(session: AsyncSession, school_id: int, start: dt.date, end: dt.date) -> Calendar:
    rows = await session.scalars(
        select(SchoolCalendarDay).where(
            SchoolCalendarDay.school_id == school_id, SchoolCalendarDay.day.between(start, end)
        )
    )
    days_off: dict[dt.date, str] = {}
    moved: dict[dt.date, int] = {}
    for row in rows:
        if row.kind == OFF:
            days_off[row.day] = row.name
        elif row.as_weekday is not None:
            moved[row.day] = row.as_weekday
    return Calendar(days_off, moved)


# ---- Russia's production calendar ----------------------------------------------------------------


def public_calendar(first: dt.date, last: dt.date) -> tuple[dict[dt.date, str], dict[dt.date, int]]:
    """Russia's public holidays between the two days, and the weekend days made working days in
    exchange (each runs the timetable of the day off it was moved to)."""
    found = holidays.country_holidays("RU", years=range(first.year, last.year + 1), language="ru")
    days_off = {day: str(name) for day, name in found.items() if first <= day <= last}
    moved: dict[dt.date, int] = {}
    for day, name in found.items():
        source = _MOVED_FROM.search(str(name))
        if source is None:
            continue
        worked = dt.date(int(source.group(3)), int(source.group(2)), int(source.group(1)))
        if worked not in found and worked.isoweekday() >= 6 and first <= worked <= last:
            moved[worked] = day.isoweekday()
    return days_off, moved


async def load_public_calendar(session: AsyncSession, school_id: int, first: dt.date, last: dt.date) -> int:
    """Add Russia's holidays and moved working days for a school year (a day already set is kept:
    the school's own word wins); returns how many days were added."""
    days_off, moved = public_calendar(first, last)
    rows = [
        {"school_id": school_id, "day": d, "kind": OFF, "as_weekday": None, "name": n}
        for d, n in days_off.items()
    ]
    rows += [
        {"school_id": school_id, "day": d, "kind": WORK, "as_weekday": w, "name": ""}
        for d, w in moved.items()
    ]
    if not rows:
        return 0
    added = await session.execute(
        insert(SchoolCalendarDay).values(rows).on_conflict_do_nothing().returning(SchoolCalendarDay.day)
    )
    return len(added.all())


# ---- the coordinator's changes -------------------------------------------------------------------


async def add_days_off(
    session: AsyncSession, actor: Actor, school_id: int, first: dt.date, last: dt.date, name: str
) -> int:
    """Days off from `first` to `last` (the school's holidays, a quarantine); returns how many."""
    access.require_role(actor, Role.COORDINATOR, school_id)
    if last < first or last - first > LONGEST_RANGE:
        raise InvalidInput("calendar-range")
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    rows = [
        {"school_id": school_id, "day": d, "kind": OFF, "as_weekday": None, "name": name.strip()[:200]}
        for d in days
    ]
    statement = insert(SchoolCalendarDay).values(rows)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "day"],
            set_={"kind": OFF, "as_weekday": None, "name": statement.excluded.name},
        )
    )
    await audit.record(
        session,
        actor,
        "calendar.days_off",
        "school",
        school_id,
        school_id=school_id,
        after={"from": first.isoformat(), "to": last.isoformat(), "name": name.strip()[:200]},
    )
    return len(days)


async def add_working_day(
    session: AsyncSession, actor: Actor, school_id: int, day: dt.date, as_weekday: int
) -> None:
    """A working day that runs the timetable of `as_weekday` (a working Saturday as a Monday)."""
    access.require_role(actor, Role.COORDINATOR, school_id)
    if not 1 <= as_weekday <= 7:
        raise InvalidInput("calendar-weekday")
    statement = insert(SchoolCalendarDay).values(
        school_id=school_id, day=day, kind=WORK, as_weekday=as_weekday, name=""
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["school_id", "day"], set_={"kind": WORK, "as_weekday": as_weekday, "name": ""}
        )
    )
    await audit.record(
        session,
        actor,
        "calendar.working_day",
        "school",
        school_id,
        school_id=school_id,
        after={"day": day.isoformat(), "as_weekday": as_weekday},
    )


async def clear_day(session: AsyncSession, actor: Actor, school_id: int, day: dt.date) -> bool:
    """The day back to the weekly timetable; False when it was not an exception."""
    access.require_role(actor, Role.COORDINATOR, school_id)
    removed = await session.execute(
        delete(SchoolCalendarDay)
        .where(SchoolCalendarDay.school_id == school_id, SchoolCalendarDay.day == day)
        .returning(SchoolCalendarDay.kind, SchoolCalendarDay.name)
    )
    row = removed.first()
    if row is None:
        return False
    await audit.record(
        session,
        actor,
        "calendar.day_cleared",
        "school",
        school_id,
        school_id=school_id,
        before={"day": day.isoformat(), "kind": row.kind, "name": row.name},
    )
    return True


@dataclass(frozen=True)
class CalendarLine:
    first: dt.date
    last: dt.date
    kind: str
    name: str
    as_weekday: int | None = None


async def upcoming(
    session: AsyncSession, actor: Actor, school_id: int, since: dt.date, days: int = 366
) -> list[CalendarLine]:
    """The exceptions from `since` on, consecutive days off of one name joined into one line."""
    access.require_role(actor, Role.COORDINATOR, school_id)
    rows = await session.scalars(
        select(SchoolCalendarDay)
        .where(
            SchoolCalendarDay.school_id == school_id,
            SchoolCalendarDay.day.between(since, since + dt.timedelta(days=days)),
        )
        .order_by(SchoolCalendarDay.day)
    )
    lines: list[CalendarLine] = []
    for row in rows:
        previous = lines[-1] if lines else None
        if (
            previous is not None
            and row.kind == OFF
            and previous.kind == OFF
            and previous.name == row.name
            and previous.last + dt.timedelta(days=1) == row.day
        ):
            lines[-1] = CalendarLine(previous.first, row.day, OFF, row.name)
        else:
            lines.append(CalendarLine(row.day, row.day, row.kind, row.name, row.as_weekday))
    return lines


# ---- what the coordinator types ------------------------------------------------------------------


@dataclass(frozen=True)
class TypedDays:
    first: dt.date
    last: dt.date
    rest: str  # what follows the dates: a name, or a weekday


def _typed_date(day: str, month: str, year: str | None, today: dt.date) -> dt.date:
    """A day the coordinator typed; without a year, the one that puts it nearest ahead (within a year
    back to a month ago): in December «10.01» is next January."""
    if year is not None:
        full = int(year) + (2000 if len(year) == 2 else 0)
        return dt.date(full, int(month), int(day))
    for candidate in (today.year, today.year + 1):
        found = dt.date(candidate, int(month), int(day))
        if found >= today - dt.timedelta(days=31):
            return found
    return dt.date(today.year + 1, int(month), int(day))


def parse_days(text: str, today: dt.date) -> TypedDays:
    """«26.10–03.11 Осенние каникулы», «04.11», «20.02 пн»: the days and what follows them."""
    found = _TYPED_RANGE.match(text)
    if found is None:
        raise InvalidInput("calendar-format")
    d1, m1, y1, d2, m2, y2, rest = found.groups()
    try:
        first = _typed_date(d1, m1, y1, today)
        last = _typed_date(d2, m2, y2, first) if d2 else first
    except ValueError:
        raise InvalidInput("calendar-format") from None
    return TypedDays(first, last, rest.strip())
