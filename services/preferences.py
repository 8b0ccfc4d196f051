"""What a person wants to be told, and when: kinds, quiet hours, a daily digest.

Stored as JSONB on tg_user.preferences and typed here; an empty object means the defaults (every
kind, the school's quiet hours, instant pushes). The sender asks `delivery_time` once per row.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import TgUser
from services.school_settings import SchoolSettings


class Topic(enum.StrEnum):
    """What a person can switch on and off; every event (services.events) belongs to one, or to none
    (work messages such as a substitution always go)."""

    MARKS = "marks"
    ABSENCES = "absences"
    HOMEWORK = "homework"
    ANNOUNCEMENTS = "announcements"


# The family's journal news can wait for the evening digest; announcements and work messages cannot.
DIGESTIBLE = frozenset({Topic.MARKS, Topic.ABSENCES, Topic.HOMEWORK})

# What the settings screen's buttons step through, in order (a tap moves to the next one).
# Quiet hours: (on, start, end); start None = the school's own hours.
QUIET_CHOICES: tuple[tuple[bool, dt.time | None, dt.time | None], ...] = (
    (True, None, None),
    (True, dt.time(22, 0), dt.time(7, 0)),
    (True, dt.time(20, 0), dt.time(9, 0)),
    (False, None, None),
)
DIGEST_CHOICES: tuple[dt.time | None, ...] = (None, dt.time(18, 0), dt.time(19, 0), dt.time(20, 0))
# The morning brief (services/morning_brief.py): off, or at one of these school times (07:00 first).
BRIEF_CHOICES: tuple[dt.time | None, ...] = (
    None,
    dt.time(7, 0),
    dt.time(7, 30),
    dt.time(8, 0),
    dt.time(6, 30),
)


class Preferences(BaseModel):
    muted: list[Topic] = Field(default_factory=list)
    quiet_hours: bool = True
    # None: the school's quiet hours (default 21:00–08:00).
    quiet_start: dt.time | None = None
    quiet_end: dt.time | None = None
    absences_break_through: bool = False
    digest_at: dt.time | None = None
    morning_brief: dt.time | None = None  # None: no brief (it is asked for)
    # For a person in both messengers (services/twins.py): where he is written to; «last» is the one
    # he last wrote from. The SQL of services.users.enter reads it too.
    messenger: Literal["last", "telegram", "max"] = "last"

    @classmethod
    def of(cls, raw: dict[str, Any] | None) -> Preferences:
        if not raw:
            return _DEFAULTS  # most people never change anything; never mutated (model_copy is)
        try:
            return cls.model_validate(raw or {})
        except ValidationError:
            # A row written by an older version: the defaults are safer than no messages at all.
            return cls()

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_defaults=True)

    def receives(self, topic: Topic) -> bool:
        return topic not in self.muted

    def quiet_window(self, school: SchoolSettings) -> tuple[dt.time, dt.time] | None:
        if not self.quiet_hours:
            return None
        start = self.quiet_start or school.quiet_hours_start
        end = self.quiet_end or school.quiet_hours_end
        return None if start == end else (start, end)


_DEFAULTS = Preferences()


def toggled(preferences: Preferences, topic: Topic) -> Preferences:
    muted = [t for t in preferences.muted if t != topic]
    if preferences.receives(topic):
        muted.append(topic)
    return preferences.model_copy(update={"muted": sorted(muted)})


def next_quiet_hours(preferences: Preferences) -> Preferences:
    current = (preferences.quiet_hours, preferences.quiet_start, preferences.quiet_end)
    index = QUIET_CHOICES.index(current) if current in QUIET_CHOICES else -1
    on, start, end = QUIET_CHOICES[(index + 1) % len(QUIET_CHOICES)]
    return preferences.model_copy(update={"quiet_hours": on, "quiet_start": start, "quiet_end": end})


def next_digest(preferences: Preferences) -> Preferences:
    current = preferences.digest_at
    index = DIGEST_CHOICES.index(current) if current in DIGEST_CHOICES else 0
    return preferences.model_copy(update={"digest_at": DIGEST_CHOICES[(index + 1) % len(DIGEST_CHOICES)]})


def next_brief(preferences: Preferences) -> Preferences:
    current = preferences.morning_brief
    index = BRIEF_CHOICES.index(current) if current in BRIEF_CHOICES else 0
    return preferences.model_copy(update={"morning_brief": BRIEF_CHOICES[(index + 1) % len(BRIEF_CHOICES)]})


def with_break_through(preferences: Preferences) -> Preferences:
    return preferences.model_copy(update={"absences_break_through": not preferences.absences_break_through})


def delivery_time(
    topic: Topic | None, preferences: Preferences, school: SchoolSettings, zone: ZoneInfo, now: dt.datetime
) -> dt.datetime | None:
    """When a message of this topic (None: a work message, never switched off) may reach this person:
    `now`, a later instant (end of quiet hours, the digest), or None when he does not want it at all."""
    if topic is not None and not preferences.receives(topic):
        return None
    breaks_through = topic is Topic.ABSENCES and preferences.absences_break_through
    if breaks_through:
        return now
    if topic in DIGESTIBLE and preferences.digest_at is not None:
        return _next_at(preferences.digest_at, zone, now)
    window = preferences.quiet_window(school)
    if window is not None:
        ends = _quiet_until(window, zone, now)
        if ends is not None:
            return ends
    return now


def _next_at(at: dt.time, zone: ZoneInfo, now: dt.datetime) -> dt.datetime:
    """The next moment the school's clock shows `at` (now itself if it shows it this minute)."""
    local = now.astimezone(zone)
    candidate = dt.datetime.combine(local.date(), at, tzinfo=zone)
    if candidate + dt.timedelta(minutes=1) <= local:
        candidate = dt.datetime.combine(local.date() + dt.timedelta(days=1), at, tzinfo=zone)
    return max(candidate.astimezone(dt.UTC), now)


def _quiet_until(window: tuple[dt.time, dt.time], zone: ZoneInfo, now: dt.datetime) -> dt.datetime | None:
    """The end of the quiet hours `now` falls in, or None when it is not quiet now."""
    start, end = window
    local = now.astimezone(zone)
    clock = local.time()
    if start < end:  # e.g. 13:00–15:00, inside one day
        quiet = start <= clock < end
        end_day = local.date()
    else:  # across midnight, e.g. 21:00–08:00
        quiet = clock >= start or clock < end
        end_day = local.date() + dt.timedelta(days=1) if clock >= start else local.date()
    if not quiet:
        return None
    return dt.datetime.combine(end_day, end, tzinfo=zone).astimezone(dt.UTC)


async def load(session: AsyncSession, tg_user_id: int) -> Preferences:
    raw = await session.scalar(select(TgUser.preferences).where(TgUser.id == tg_user_id))
    return Preferences.of(raw)


async def save(session: AsyncSession, tg_user_id: int, preferences: Preferences) -> None:
    await session.execute(
        update(TgUser).where(TgUser.id == tg_user_id).values(preferences=preferences.dump())
    )
