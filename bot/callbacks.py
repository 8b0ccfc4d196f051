"""Typed callback data: one class per action family, short prefixes, integer ids, Enum actions.

Everything in here arrives from the user's phone and may be forged: handlers pass the ids to
services/, which check them against the user who pressed. Nothing secret ever goes in here (an
invite id, say, would let a forged button accept someone else's invite), and all stay < 64 bytes.
"""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from models.enums import Role


class Screen(enum.StrEnum):
    MENU = "m"
    HELP = "h"
    LANGUAGE = "l"
    ROLES = "r"


class NavCb(CallbackData, prefix="nav"):
    to: Screen


class RoleCb(CallbackData, prefix="role"):
    role: Role
    school_id: int


class LangCb(CallbackData, prefix="lang"):
    locale: str


class ConsentAction(enum.StrEnum):
    ACCEPT = "y"
    DECLINE = "n"


class ConsentCb(CallbackData, prefix="cons"):
    action: ConsentAction


class StaffAction(enum.StrEnum):
    LIST = "l"
    OPEN = "o"
    INVITE = "i"
    ADD = "a"


class StaffCb(CallbackData, prefix="st"):
    action: StaffAction
    staff_id: int = 0
    page: int = 0


class NewStaffAction(enum.StrEnum):
    TOGGLE = "t"
    SAVE = "s"
    CANCEL = "c"


class NewStaffCb(CallbackData, prefix="ns"):
    action: NewStaffAction
    role: Role = Role.TEACHER


class ClassesCb(CallbackData, prefix="cls"):
    """The administration's overview of classes and who has joined."""

    page: int = 0


class FamilyAction(enum.StrEnum):
    CLASS = "c"
    STUDENT = "s"
    PARENT_LINK = "p"
    NEW_PARENT_LINK = "n"
    STUDENT_LINK = "u"
    ALL_LINKS = "f"


class FamilyInviteCb(CallbackData, prefix="fi"):
    """A class teacher handing out parent and student links for his class."""

    action: FamilyAction
    class_id: int
    student_id: int = 0
    guardian_id: int = 0
    page: int = 0


class TimetableScope(enum.StrEnum):
    TEACHER = "t"
    CLASS = "c"


class TimetableCb(CallbackData, prefix="tt"):
    scope: TimetableScope
    target_id: int = 0  # the class for CLASS; unused for TEACHER (it is always the presser)
    day: int = 0  # date.toordinal(); 0 = today in the school's timezone
