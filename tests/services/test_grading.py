"""«What is needed»: the weighted average, its final mark, and how many 5s (or 4s) lift it."""

from __future__ import annotations

from fractions import Fraction

from services.grading import Needed, Weighted, final_for, needed, weighted_average
from services.school_settings import SchoolSettings

SCHOOL = SchoolSettings()


def _marks(*pairs: tuple[int, float]) -> list[Weighted]:
    return [Weighted(value, weight) for value, weight in pairs]


def _ones(*values: int) -> list[Weighted]:
    return [Weighted(value, 1) for value in values]


def test_weighted_average_counts_a_test_twice() -> None:
    assert weighted_average(_marks((5, 2), (2, 1))) == 4
    assert weighted_average(_marks((5, 1.5), (4, 1))) == Fraction(23, 5)  # 7.5 + 4 over 2.5
    assert weighted_average([]) is None


def test_finals_round_at_the_schools_thresholds() -> None:
    assert [final_for(Fraction(a), SCHOOL) for a in ("4.5", "4.49", "3.5", "2.5", "2.49")] == [5, 4, 4, 3, 2]
    strict = SchoolSettings(threshold_5=4.6)
    assert final_for(Fraction("4.5"), strict) == 4


def test_three_fours_need_three_fives_and_fours_cannot_do_it() -> None:
    assert needed(_ones(4, 4, 4), SCHOOL) == Needed(target=5, fives=3, fours=None)


def test_two_threes_need_one_five_or_two_fours() -> None:
    assert needed(_ones(3, 3), SCHOOL) == Needed(target=4, fives=1, fours=2)


def test_a_heavy_five_and_a_two_average_four_and_need_three_fives() -> None:
    assert needed(_marks((5, 2), (2, 1)), SCHOOL) == Needed(target=5, fives=3, fours=None)


def test_fives_of_a_heavier_kind_are_needed_fewer_times() -> None:
    assert needed(_ones(4, 4, 4), SCHOOL, weight=2) == Needed(target=5, fives=2, fours=None)


def test_nothing_is_needed_at_five_or_without_marks() -> None:
    assert needed(_ones(4, 5), SCHOOL) is None  # 4.5 is already a 5
    assert needed([], SCHOOL) is None


def test_from_a_two_one_mark_of_either_kind_reaches_a_three() -> None:
    assert needed(_ones(2, 2), SCHOOL) == Needed(target=3, fives=1, fours=1)
