"""When lessons happen: the bell schedule, the weekly timetable and the dated lessons."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, SmallInteger, String, Text, Time, func
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt


class Bell(Base):
    __tablename__ = "bell"
    __table_args__ = (
        CheckConstraint("lesson_number BETWEEN 0 AND 15", name="lesson_number"),
        CheckConstraint("ends_at > starts_at", name="ordered"),
    )

    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), primary_key=True)
    lesson_number: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)


class TimetableSlot(Base):
    __tablename__ = "timetable_slot"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 1 AND 7", name="weekday"),
        CheckConstraint("lesson_number BETWEEN 0 AND 15", name="lesson_number"),
        CheckConstraint("subgroup BETWEEN 0 AND 9", name="subgroup"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_range"),
        Index(None, "class_id", "weekday"),
        Index(None, "teacher_id", "weekday"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(SmallInteger)  # ISO: 1 = Monday
    lesson_number: Mapped[int] = mapped_column(SmallInteger)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    subgroup: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    room: Mapped[str] = mapped_column(String(32), default="", server_default="")
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)


class Lesson(CreatedAt, Base):
    """A lesson on a date. Created from the timetable when a teacher first opens it."""

    __tablename__ = "lesson"
    __table_args__ = (
        CheckConstraint("subgroup BETWEEN 0 AND 9", name="subgroup"),
        CheckConstraint("status IN ('scheduled', 'cancelled', 'moved')", name="status"),
        Index(None, "class_id", "date", "lesson_number", "subject_id", "subgroup", unique=True),
        Index(None, "teacher_id", "date"),
        Index(None, "substitute_teacher_id", "date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    substitute_teacher_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    substitution_reason: Mapped[str | None] = mapped_column(Text)
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("timetable_slot.id", ondelete="SET NULL"))
    date: Mapped[dt.date] = mapped_column(Date)
    lesson_number: Mapped[int] = mapped_column(SmallInteger)
    subgroup: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    topic: Mapped[str | None] = mapped_column(Text)
    # The lesson plan's topic it covered (services/lesson_plans.py), when the teacher kept the plan's.
    plan_topic: Mapped[int | None] = mapped_column(SmallInteger)
    attendance_taken_at: Mapped[dt.datetime | None]
    # The administration's changes (services/lesson_changes.py). A cancelled lesson, and one moved
    # away, keep their row where the timetable put them (so the timetable does not make them again);
    # a moved lesson's new place is a row of its own pointing back here through moved_from_id.
    status: Mapped[str] = mapped_column(String(16), default="scheduled", server_default="scheduled")
    change_reason: Mapped[str | None] = mapped_column(Text)  # why it was cancelled or moved
    room: Mapped[str | None] = mapped_column(String(32))  # NULL: the timetable's room
    moved_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("lesson.id", ondelete="SET NULL"), unique=True
    )


class Substitution(Base):
    """The substitution log: who covers a lesson, who decided it, when and why. Append-only."""

    __tablename__ = "substitution"
    __table_args__ = (Index(None, "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"))
    # NULL: the substitution was cancelled and the lesson's own teacher takes it again.
    substitute_teacher_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    assigned_by: Mapped[str] = mapped_column(String(64))  # "tg:<id>" or "cli"
    assigned_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column(server_default=func.now())


class LessonUnlock(Base):
    """A deputy's override: a lesson older than the edit window may be edited until `until`."""

    __tablename__ = "lesson_unlock"
    __table_args__ = (Index(None, "lesson_id", "until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"))
    unlocked_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(server_default=func.now())
    until: Mapped[dt.datetime]


class LessonChange(Base):
    """The log of cancelled, moved and re-roomed lessons and of their restoring. Append-only."""

    __tablename__ = "lesson_change"
    __table_args__ = (
        CheckConstraint("change IN ('cancelled', 'moved', 'room', 'restored')", name="change"),
        Index(None, "lesson_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    # Always the lesson where the timetable put it (a move's origin), so its story reads in one place.
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"))
    change: Mapped[str] = mapped_column(String(16))
    before: Mapped[dict[str, Any]]
    after: Mapped[dict[str, Any]]
    reason: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(64))  # "tg:<id>" or "cli"
    changed_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column(server_default=func.now())
