"""Typed callback data of the tests ahead (график контрольных работ), kept apart from bot/callbacks.py.

Every id here comes from the phone and may be forged: services/planned_tests.py and
services/tests_planning.py check a lesson or slot is the pressing teacher's own and a planned test one
of his classes and subjects; services/tests_schedule.py that the week is asked for by the school's
administration. Days travel as date.toordinal(). All stay well under 64 bytes.
"""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData


class PlanAction(enum.StrEnum):
    DAYS = "d"  # from the lesson card: on which of the next lessons
    KINDS = "k"  # a day chosen: what the class already has, and the kinds (a kind confirms)
    SAVE = "s"


class PlanTestCb(CallbackData, prefix="kp"):
    """A teacher planning a test for his lesson's class and subject (from the lesson card: lesson_id)
    or his timetable slot's (from the timetable: slot_id), on a day, of a kind."""

    action: PlanAction
    lesson_id: int = 0
    slot_id: int = 0
    day: int = 0
    kind_id: int = 0


class PlannedAction(enum.StrEnum):
    OPEN = "o"  # the test: move it or take it back
    DAYS = "d"  # the days it may move to
    CHECK = "c"  # a day chosen: what the class already has there, and «Перенести»
    MOVE = "m"
    ASK_REMOVE = "a"
    REMOVE = "r"


class PlannedTestCb(CallbackData, prefix="km"):
    """A teacher's planned test; lesson_id is the lesson card he came from (0: his timetable)."""

    action: PlannedAction
    test_id: int
    day: int = 0
    lesson_id: int = 0


class WeekOfTestsCb(CallbackData, prefix="kw"):
    """The administration's schedule of tests for a week (monday: its ordinal, 0 this week)."""

    monday: int = 0
    school_id: int = 0
