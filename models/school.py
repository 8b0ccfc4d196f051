"""The school aggregate: the school, its academic years and periods, and its mark kinds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Numeric, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt


class School(CreatedAt, Base):
    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    # Typed by services.school_settings.SchoolSettings; JSONB so a new setting needs no migration.
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")


class AcademicYear(Base):
    __tablename__ = "academic_year"
    __table_args__ = (
        UniqueConstraint("school_id", "starts_on"),
        CheckConstraint("ends_on > starts_on", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)


class Period(Base):
    __tablename__ = "period"
    __table_args__ = (
        UniqueConstraint("academic_year_id", "kind", "number"),
        CheckConstraint("ends_on > starts_on", name="ordered"),
        CheckConstraint("kind IN ('trimester', 'half_year', 'quarter', 'year')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[int] = mapped_column(SmallInteger)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)


class MarkKind(Base):
    __tablename__ = "mark_kind"
    __table_args__ = (
        UniqueConstraint("school_id", "code"),
        CheckConstraint("weight > 0", name="weight_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(16))
    weight: Mapped[float] = mapped_column(Numeric(4, 2, asdecimal=False))
    sort_order: Mapped[int] = mapped_column(SmallInteger, default=0)


class SchoolCalendarDay(Base):
    """An exception to the weekly timetable (services/school_calendar.py): a day off, or a working day
    that runs the timetable of another weekday (a working Saturday as a Monday)."""

    __tablename__ = "school_calendar_day"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'off' AND as_weekday IS NULL) OR (kind = 'work' AND as_weekday BETWEEN 1 AND 7)",
            name="kind",
        ),
    )

    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # "off" or "work"
    as_weekday: Mapped[int | None] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(String(200), default="", server_default="")
