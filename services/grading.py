"""Weighted averages, the final mark they round to, and what it would take to reach the next one.

Exact arithmetic (fractions), so that 4.5 is 4.5 and a family is never told «one more 5» when it
takes two. The thresholds are the school's (services.school_settings: 4.5 for a 5, 3.5 for a 4,
2.5 for a 3 by default).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from services.school_settings import SchoolSettings

BEST = 5


@dataclass(frozen=True)
class Weighted:
    value: int
    weight: float


@dataclass(frozen=True)
class Needed:
    """How many more marks of one weight lift the average to `target` (None: out of reach)."""

    target: int
    fives: int | None
    fours: int | None


def weighted_average(marks: Sequence[Weighted]) -> Fraction | None:
    total = sum((Fraction(str(m.weight)) for m in marks), Fraction(0))
    if total == 0:
        return None
    return sum((m.value * Fraction(str(m.weight)) for m in marks), Fraction(0)) / total


def thresholds(settings: SchoolSettings) -> dict[int, Fraction]:
    return {
        5: Fraction(str(settings.threshold_5)),
        4: Fraction(str(settings.threshold_4)),
        3: Fraction(str(settings.threshold_3)),
    }


def final_for(average: Fraction, settings: SchoolSettings) -> int:
    """The final mark an average rounds to by the school's thresholds."""
    for mark, threshold in sorted(thresholds(settings).items(), reverse=True):
        if average >= threshold:
            return mark
    return 2


def needed(marks: Sequence[Weighted], settings: SchoolSettings, weight: float = 1.0) -> Needed | None:
    """What lifts the average to the next final mark: how many more 5s, and 4s where 4s can do it,
    each of `weight` (the school's everyday mark kind). None when there are no marks yet or the
    final is already 5."""
    average = weighted_average(marks)
    if average is None:
        return None
    current = final_for(average, settings)
    if current >= BEST:
        return None
    target = current + 1
    goal = thresholds(settings)[target]
    total_weight = sum((Fraction(str(m.weight)) for m in marks), Fraction(0))
    total = average * total_weight
    step = Fraction(str(weight))
    return Needed(
        target, _count(total, total_weight, goal, 5, step), _count(total, total_weight, goal, 4, step)
    )


def _count(total: Fraction, total_weight: Fraction, goal: Fraction, value: int, step: Fraction) -> int | None:
    """The least n with (total + value·step·n) / (total_weight + step·n) ≥ goal."""
    if value <= goal:
        return None  # marks of this value can never lift the average that far
    count = (goal * total_weight - total) / (step * (value - goal))
    return max(1, math.ceil(count))
