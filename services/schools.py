"""Creating a school with its academic year, periods and mark kinds; finding the current year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import AcademicYear, MarkKind, Period, School, Staff
from models.enums import PeriodKind
from services import audit
from services.audit import Actor
from services.errors import InvalidInput, ServiceError
from services.names import parse_full_name
from services.school_calendar import load_public_calendar
from services.school_settings import SchoolSettings

# (code, name, short name, weight): the regulation's usual kinds; each school may change them.
DEFAULT_MARK_KINDS: tuple[tuple[str, str, str, float], ...] = (
    ("oral", "Ответ на уроке", "отв", 1.0),
    ("homework", "Домашняя работа", "д/з", 1.0),
    ("independent", "Самостоятельная работа", "с/р", 1.5),
    ("quiz", "Проверочная работа", "п/р", 1.5),
    ("project", "Проект", "проект", 1.5),
    ("control", "Контрольная работа", "к/р", 2.0),
)

# (start month, start day, end month, end day) within an academic year starting in September.
_PERIOD_LAYOUTS: dict[PeriodKind, tuple[tuple[int, int, int, int], ...]] = {
    PeriodKind.TRIMESTER: ((9, 1, 11, 30), (12, 1, 2, 28), (3, 1, 5, 31)),
    PeriodKind.HALF_YEAR: ((9, 1, 12, 31), (1, 1, 5, 31)),
    PeriodKind.QUARTER: ((9, 1, 10, 31), (11, 1, 12, 31), (1, 1, 3, 31), (4, 1, 5, 31)),
}


@dataclass(frozen=True)
class CreatedSchool:
    school_id: int
    name: str
    year_name: str
    periods: tuple[tuple[dt.date, dt.date], ...]
    coordinator_staff_id: int


def validate_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("timezone", value=name) from None


def academic_year_start(today: dt.date) -> int:
    """The Russian school year starts on 1 September. A school set up in summer (June to August) is
    getting ready for the coming year, not the one that has just ended."""
    return today.year if today.month >= 6 else today.year - 1


def period_dates(start_year: int, kind: PeriodKind) -> list[tuple[dt.date, dt.date]]:
    dates = []
    for start_month, start_day, end_month, end_day in _PERIOD_LAYOUTS[kind]:
        start = dt.date(start_year + (start_month < 9), start_month, start_day)
        end_year = start_year + (end_month < 9)
        # February's last day depends on the year: take the day before 1 March.
        end = (
            dt.date(end_year, 3, 1) - dt.timedelta(days=1)
            if end_month == 2
            else dt.date(end_year, end_month, end_day)
        )
        dates.append((start, end))
    return dates


async def add_year(
    session: AsyncSession, school_id: int, year_start: int, period_kind: PeriodKind
) -> tuple[AcademicYear, list[tuple[dt.date, dt.date]]]:
    """The school year that starts on 1 September of `year_start`, with its periods and the whole
    year (to 31 May) as a period of its own."""
    year = AcademicYear(
        school_id=school_id,
        name=f"{year_start}/{year_start + 1}",
        starts_on=dt.date(year_start, 9, 1),
        ends_on=dt.date(year_start + 1, 8, 31),
    )
    session.add(year)
    await session.flush()
    periods = period_dates(year_start, period_kind)
    for number, (starts_on, ends_on) in enumerate(periods, start=1):
        session.add(
            Period(
                school_id=school_id,
                academic_year_id=year.id,
                kind=period_kind.value,
                number=number,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        )
    session.add(
        Period(
            school_id=school_id,
            academic_year_id=year.id,
            kind=PeriodKind.YEAR.value,
            number=1,
            starts_on=year.starts_on,
            ends_on=dt.date(year_start + 1, 5, 31),
        )
    )
    await session.flush()
    # Russia's public holidays and moved working days of the year (the school adds its own holidays).
    await load_public_calendar(session, school_id, year.starts_on, year.ends_on)
    return year, periods


async def create_school(
    session: AsyncSession,
    actor: Actor,
    *,
    name: str,
    timezone: str,
    today: dt.date,
    period_kind: PeriodKind = PeriodKind.TRIMESTER,
    coordinator_name: str | None = None,
) -> CreatedSchool:
    if not actor.is_operator:
        raise ServiceError("access-denied")
    name = name.strip()
    if not name:
        raise InvalidInput("school-name", value=name)
    validate_timezone(timezone)
    if await session.scalar(select(School.id).where(School.name == name)):
        raise InvalidInput("school-exists", value=name)

    school = School(name=name, timezone=timezone, settings=SchoolSettings().dump())
    session.add(school)
    await session.flush()
    year, periods = await add_year(session, school.id, academic_year_start(today), period_kind)
    for order, (code, kind_name, short, weight) in enumerate(DEFAULT_MARK_KINDS):
        session.add(
            MarkKind(
                school_id=school.id,
                code=code,
                name=kind_name,
                short_name=short,
                weight=weight,
                sort_order=order,
            )
        )
    person = parse_full_name(coordinator_name) if coordinator_name else None
    coordinator = Staff(
        school_id=school.id,
        last_name=person.last_name if person else "Координатор",
        first_name=person.first_name if person else "",
        middle_name=person.middle_name if person else "",
        is_coordinator=True,
        is_teacher=False,
    )
    session.add(coordinator)
    await session.flush()
    await audit.record(
        session,
        actor,
        "school.created",
        "school",
        school.id,
        school_id=school.id,
        after={"name": name, "timezone": timezone, "year": year.name},
    )
    return CreatedSchool(school.id, name, year.name, tuple(periods), coordinator.id)


async def current_year(session: AsyncSession, school_id: int) -> AcademicYear:
    """The latest academic year created for the school: classes and class teachers live in it."""
    year = await session.scalar(
        select(AcademicYear)
        .where(AcademicYear.school_id == school_id)
        .order_by(AcademicYear.starts_on.desc())
        .limit(1)
    )
    if year is None:
        raise ServiceError("school-has-no-year")
    return year


async def resolve_school(session: AsyncSession, name_or_id: str | None) -> School:
    """For the CLI: the given school, or the only one when there is just one."""
    if name_or_id:
        # A number is an id only when it could be one: "--school 99999999999999999999" is a name.
        by_id = name_or_id.isdigit() and int(name_or_id) < 2**63
        query = select(School).where(School.id == int(name_or_id) if by_id else School.name == name_or_id)
        school = await session.scalar(query)
        if school is None:
            raise InvalidInput("school-unknown", value=name_or_id)
        return school
    schools = list((await session.scalars(select(School).order_by(School.id).limit(2))).all())
    if not schools:
        raise InvalidInput("no-school")
    if len(schools) > 1:
        raise InvalidInput("school-ambiguous")
    return schools[0]
