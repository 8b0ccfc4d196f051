"""Changing a school's settings without SQL: the coordinator in «⚙️ Настройки школы», the operator with
`schoolbot school settings --set KEY=VALUE`.

Each editable setting has a kind that says how a typed value is read («17:30», «5», «4,5», «пятница»,
«telegram, max») and how it is shown; the value is then checked by SchoolSettings' own bounds and by
the rules between settings (a 5 needs a higher average than a 4). A change is audited with the value
before and after, and applies from the next message or job: every use case reads the settings anew.
Mark kinds' weights live in their own table and are changed here too.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import MarkKind, School
from models.enums import Role
from services import access, audit
from services.audit import Actor
from services.errors import AccessDenied, InvalidInput
from services.school_settings import SchoolSettings


class Kind(enum.StrEnum):
    DAYS = "days"
    MINUTES = "minutes"
    COUNT = "count"
    TIME = "time"
    WEEKDAY = "weekday"
    AVERAGE = "average"
    MESSENGERS = "messengers"
    TESTS = "tests"


@dataclass(frozen=True)
class Editable:
    key: str
    kind: Kind
    group: str  # the screen's section


EDITABLE: tuple[Editable, ...] = (
    Editable("edit_window_days", Kind.DAYS, "journal"),
    Editable("mark_delay_minutes", Kind.MINUTES, "journal"),
    Editable("attendance_delay_minutes", Kind.MINUTES, "journal"),
    Editable("tests_per_day", Kind.TESTS, "journal"),
    Editable("tests_per_week", Kind.TESTS, "journal"),
    Editable("threshold_5", Kind.AVERAGE, "finals"),
    Editable("threshold_4", Kind.AVERAGE, "finals"),
    Editable("threshold_3", Kind.AVERAGE, "finals"),
    Editable("quiet_hours_start", Kind.TIME, "messages"),
    Editable("quiet_hours_end", Kind.TIME, "messages"),
    Editable("messages_per_hour", Kind.COUNT, "messages"),
    Editable("messengers", Kind.MESSENGERS, "messages"),
    Editable("nudge_time", Kind.TIME, "schedule"),
    Editable("nudge_again_time", Kind.TIME, "schedule"),
    Editable("summary_weekday", Kind.WEEKDAY, "schedule"),
    Editable("summary_time", Kind.TIME, "schedule"),
    Editable("finals_reminder_time", Kind.TIME, "schedule"),
    Editable("event_reminder_time", Kind.TIME, "schedule"),
)
BY_KEY = {editable.key: editable for editable in EDITABLE}
GROUPS = ("journal", "finals", "messages", "schedule")
DEFAULTS = SchoolSettings()

# «пн», «понедельник», «monday», «mon», or the ISO number.
_WEEKDAYS = {
    **{name: number for number, name in enumerate(("пн", "вт", "ср", "чт", "пт", "сб", "вс"), 1)},
    **{name: number for number, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), 1)},
    "понедельник": 1, "вторник": 2, "среда": 3, "среду": 3, "четверг": 4, "пятница": 5, "пятницу": 5,
    "суббота": 6, "субботу": 6, "воскресенье": 7,
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
}  # fmt: skip
_TIME = re.compile(r"^(\d{1,2})\s*[:.\-ч ]\s*(\d{2})$")
_MESSENGER_WORDS = {
    "telegram": "telegram",
    "телеграм": "telegram",
    "tg": "telegram",
    "max": "max",
    "макс": "max",
}


def parse(editable: Editable, raw: str) -> Any:
    """The typed text as the setting's value; InvalidInput(setting-format-<kind>) when it cannot be read."""
    text = raw.strip().lower()
    try:
        return _PARSERS[editable.kind](text)
    except (ValueError, KeyError):
        raise InvalidInput(f"setting-format-{editable.kind.value}") from None


def _whole(text: str) -> int:
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


def _time(text: str) -> dt.time:
    if text.isdigit() and len(text) <= 2:  # «17» is 17:00
        return dt.time(int(text), 0)
    found = _TIME.match(text)
    if found is None:
        raise ValueError(text)
    return dt.time(int(found.group(1)), int(found.group(2)))


def _weekday(text: str) -> int:
    if text.isdigit():
        return int(text)
    return _WEEKDAYS[text.rstrip(".")]


def _average(text: str) -> float:
    return round(float(text.replace(",", ".")), 2)


def _messengers(text: str) -> list[str]:
    words = [word for word in re.split(r"[\s,;]+|\bи\b|\band\b", text) if word]
    chosen = {_MESSENGER_WORDS[word] for word in words}
    return [name for name in ("telegram", "max") if name in chosen]


_PARSERS = {
    Kind.DAYS: _whole,
    Kind.MINUTES: _whole,
    Kind.COUNT: _whole,
    Kind.TESTS: _whole,
    Kind.TIME: _time,
    Kind.WEEKDAY: _weekday,
    Kind.AVERAGE: _average,
    Kind.MESSENGERS: _messengers,
}


def value_of(settings: SchoolSettings, key: str) -> Any:
    return getattr(settings, key)


def _checked(settings: SchoolSettings) -> None:
    """The rules between settings; InvalidInput when one is broken."""
    if not settings.threshold_5 > settings.threshold_4 > settings.threshold_3 >= 2:
        raise InvalidInput("setting-thresholds-order")
    if not settings.threshold_5 <= 5:
        raise InvalidInput("setting-out-of-range")
    if not settings.messengers:
        raise InvalidInput("setting-messengers-empty")
    if settings.tests_per_day > settings.tests_per_week:
        raise InvalidInput("setting-tests-order")


async def _school_for(session: AsyncSession, actor: Actor, school_id: int) -> School:
    """The school, locked for the change; only its coordinator (or the server's operator) may."""
    access.require_role(actor, Role.COORDINATOR, school_id)
    school = await session.scalar(select(School).where(School.id == school_id).with_for_update())
    if school is None:
        raise AccessDenied()
    return school


async def change(
    session: AsyncSession, actor: Actor, school_id: int, key: str, raw: str | None
) -> SchoolSettings:
    """Set one setting from typed text (None: back to its default); returns the school's settings."""
    editable = BY_KEY.get(key)
    if editable is None:
        raise InvalidInput("setting-unknown")
    school = await _school_for(session, actor, school_id)
    current = SchoolSettings.of(school.settings)
    value = value_of(DEFAULTS, key) if raw is None else parse(editable, raw)
    try:
        changed = SchoolSettings.model_validate({**current.dump(), key: value})
    except ValidationError:
        raise InvalidInput("setting-out-of-range") from None
    _checked(changed)
    before, after = current.dump()[key], changed.dump()[key]
    if before != after:
        school.settings = changed.dump()
        await audit.record(
            session,
            actor,
            "school.settings_changed",
            "school",
            school_id,
            school_id=school_id,
            before={key: before},
            after={key: after},
        )
    return changed


@dataclass(frozen=True)
class KindWeight:
    kind_id: int
    code: str
    name: str
    weight: float


async def mark_kinds(session: AsyncSession, school_id: int) -> list[KindWeight]:
    rows = await session.scalars(
        select(MarkKind).where(MarkKind.school_id == school_id).order_by(MarkKind.sort_order, MarkKind.id)
    )
    return [KindWeight(row.id, row.code, row.name, row.weight) for row in rows]


async def change_weight(session: AsyncSession, actor: Actor, school_id: int, code: str, raw: str) -> float:
    """A mark kind's weight in the average (0.1–10); past marks count with the new weight from now on."""
    await _school_for(session, actor, school_id)
    kind = await session.scalar(
        select(MarkKind).where(MarkKind.school_id == school_id, MarkKind.code == code)
    )
    if kind is None:
        raise InvalidInput("setting-unknown")
    try:
        weight = _average(raw.strip())
    except ValueError:
        raise InvalidInput("setting-format-average") from None
    if not 0.1 <= weight <= 10:
        raise InvalidInput("setting-weight-range")
    if weight != kind.weight:
        before = kind.weight
        await session.execute(update(MarkKind).where(MarkKind.id == kind.id).values(weight=weight))
        await audit.record(
            session,
            actor,
            "mark_kind.weight_changed",
            "mark_kind",
            kind.id,
            school_id=school_id,
            before={"weight": before},
            after={"weight": weight},
        )
    return weight
