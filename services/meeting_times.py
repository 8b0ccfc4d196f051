"""Reading what a teacher types to offer meetings: «15.12 16:00-18:00 15 каб. 105» (services/meetings.py
applies the rules)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from services.errors import InvalidInput

LENGTHS = (10, 15, 20, 30)  # the length buttons, in minutes
SHORTEST, LONGEST = 5, 120  # one meeting's length (the table's check too)
PLACE_LIMIT = 200

# ---- the typed line ----------------------------------------------------------------------------------

_DATE = r"(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2}))?"
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_OFFER = re.compile(
    rf"^\s*(?:{_DATE}\s+)?{_TIME}\s*[-–—]\s*{_TIME}"
    r"(?:\s*(?:,\s*)?(?:по\s+)?(\d{1,3})\s*(?:мин(?:ут[аы]?)?|min(?:utes?)?)?\.?(?=\s|,|$))?"
    r"\s*,?\s*(.*?)\s*$",
    re.S | re.I,
)


@dataclass(frozen=True)
class TypedOffer:
    """«15.12 16:00-18:00 15 каб. 105», read: what was not typed is None."""

    day: dt.date | None
    start: dt.time
    end: dt.time
    minutes: int | None
    place: str | None


def parse_offer(typed: str, today: dt.date) -> TypedOffer:
    """The day (the next such date from today on: in December «10.01» is January), the window, one
    meeting's length and the place, as people write them; only the window is required."""
    found = _OFFER.match(typed)
    if found is None:
        raise InvalidInput("meeting-when")
    day_, month, year, h1, m1, h2, m2, minutes, place = found.groups()
    day = _date(int(day_), int(month), year, today) if day_ else None
    start, end = _time(h1, m1), _time(h2, m2)
    if start >= end:
        raise InvalidInput("meeting-times")
    length = int(minutes) if minutes else None
    if length is not None and not SHORTEST <= length <= LONGEST:
        raise InvalidInput("meeting-length", low=SHORTEST, high=LONGEST)
    return TypedOffer(day, start, end, length, place or None)


def _date(day: int, month: int, year: str | None, today: dt.date) -> dt.date:
    try:
        if year:
            return dt.date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        date = dt.date(today.year, month, day)
        return date if date >= today else dt.date(today.year + 1, month, day)
    except ValueError:  # 31.02
        raise InvalidInput("meeting-when") from None


def _time(hours: str, minutes: str | None) -> dt.time:
    try:
        return dt.time(int(hours), int(minutes or 0))
    except ValueError:  # 25:00
        raise InvalidInput("meeting-times") from None


def check_place(place: str) -> str:
    place = place.strip()
    if not place or len(place) > PLACE_LIMIT:
        raise InvalidInput("meeting-place", limit=PLACE_LIMIT)
    return place


def is_link(place: str) -> bool:
    return place.startswith(("http://", "https://"))
