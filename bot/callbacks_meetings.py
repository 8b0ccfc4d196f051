"""Callback data of parent–teacher meetings (services/meetings.py, services/meeting_bookings.py).

Every id is checked in the services against who pressed: a teacher's slot or window is his own, a
parent's child is his, in a class the window is for, and a booking is one of his children's.
"""

from __future__ import annotations

import datetime as dt
import enum

from aiogram.filters.callback_data import CallbackData


class MeetAction(enum.StrEnum):
    DAY = "d"  # «🗓 Мои встречи»: a day's windows and who comes (`day`, 0: today)
    NEW = "n"  # offer a window: type it, or pick the day first
    WHEN_DAY = "w"  # the day picked by its button: the times are typed next
    LENGTH = "l"  # one meeting's length picked (`minutes`)
    CLASS = "c"  # a class ticked or unticked
    ALL = "a"  # for the parents of all his classes
    CHOSEN = "k"  # for the parents of the classes ticked
    PUBLISH = "p"
    QUIT = "x"  # the offer left unfinished
    SLOTS = "s"  # which slot of a window to cancel
    DROP_SLOT = "r"  # asks to confirm
    SLOT_DROPPED = "y"
    DROP_OFFER = "o"  # the whole window: asks to confirm
    OFFER_DROPPED = "z"


class MeetCb(CallbackData, prefix="mg"):
    """The teacher's side: his windows and slots."""

    action: MeetAction
    day: int = 0  # date.toordinal()
    offer_id: int = 0
    slot_id: int = 0
    class_id: int = 0
    minutes: int = 0


class BookAction(enum.StrEnum):
    START = "s"  # «🗓 Запись к учителю»: his bookings, and whom to book
    CHILD = "c"  # the child picked: the teachers with free slots for his class
    TEACHER = "t"  # the teacher picked: his days (or, with one day, its slots)
    DAY = "d"  # the day picked: its free slots
    SLOT = "o"  # a slot picked: confirm
    BOOK = "b"
    MOVE = "m"  # book it instead of the child's other time with that teacher that day
    MINE = "i"  # one of his bookings: details, and cancelling it
    CANCEL = "x"  # asks to confirm
    CANCELLED = "z"


class BookCb(CallbackData, prefix="mb"):
    """The parent's side: every id checked against the parent who pressed."""

    action: BookAction
    student_id: int = 0
    staff_id: int = 0
    day: int = 0  # date.toordinal()
    slot_id: int = 0
    booking_id: int = 0


def day_of(ordinal: int) -> dt.date | None:
    """The date a button's `day` names; None for 0 (today) or a number no date has (forged)."""
    return dt.date.fromordinal(ordinal) if 0 < ordinal <= dt.date.max.toordinal() else None
