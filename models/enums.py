"""Enumerations stored in the database as text (CHECK-constrained, easy to extend by migration)."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    COORDINATOR = "coordinator"
    DEPUTY = "deputy"
    TEACHER = "teacher"
    CLASS_TEACHER = "class_teacher"
    PARENT = "parent"
    STUDENT = "student"


STAFF_ROLES = (Role.COORDINATOR, Role.DEPUTY, Role.TEACHER)


class PeriodKind(enum.StrEnum):
    TRIMESTER = "trimester"
    HALF_YEAR = "half_year"
    QUARTER = "quarter"
    YEAR = "year"


class AttendanceStatus(enum.StrEnum):
    ABSENT = "absent"
    LATE = "late"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"
    HELD = "held"  # the recipient blocked the bot; released when he writes again
