"""Parent–teacher meetings: a teacher offers a day's time slots to the parents of his classes, a parent
books one for his child (services/meetings.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt

_ACTIVE = text("cancelled_at IS NULL")


class MeetingOffer(CreatedAt, Base):
    """A teacher's window on one day («15.12 16:00–18:00, по 15 минут»), cut into slots, at a place (a
    room) or a link (an online meeting), for the parents of some of his classes. Cancelled whole, it
    stays (its slots and bookings with it) so that what was told can still be read."""

    __tablename__ = "meeting_offer"
    __table_args__ = (
        CheckConstraint("minutes BETWEEN 5 AND 120", name="minutes"),
        CheckConstraint("starts_at < ends_at", name="window"),
        Index("ix_meeting_offer_staff_id_day", "staff_id", "day"),
        Index("ix_meeting_offer_school_id_day", "school_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)  # the school's date of the window
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    minutes: Mapped[int] = mapped_column(SmallInteger)  # one meeting's length
    place: Mapped[str] = mapped_column(Text)  # a room, or a link to an online meeting
    cancelled_at: Mapped[dt.datetime | None]


class MeetingOfferClass(Base):
    """A class whose parents may book the offer's slots."""

    __tablename__ = "meeting_offer_class"

    offer_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_offer.id", ondelete="CASCADE"), primary_key=True
    )
    class_id: Mapped[int] = mapped_column(
        ForeignKey("school_class.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class MeetingSlot(Base):
    """One meeting's time in an offer; cancelled alone by the teacher, or with its offer."""

    __tablename__ = "meeting_slot"
    __table_args__ = (
        UniqueConstraint("offer_id", "starts_at"),
        CheckConstraint("starts_at < ends_at", name="times"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("meeting_offer.id", ondelete="CASCADE"))
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    cancelled_at: Mapped[dt.datetime | None]


class MeetingBooking(CreatedAt, Base):
    """A parent's booking of a slot for one of his children. The database decides between two parents
    racing for one slot (one live booking a slot), and keeps a child to one live booking with a teacher
    a day; `staff_id` and `day` repeat the slot's offer's for that second key. Cancelled bookings stay:
    by the parent, by the teacher (the slot or the day), or replaced by the parent's later choice."""

    __tablename__ = "meeting_booking"
    __table_args__ = (
        CheckConstraint(
            "cancelled_by IS NULL OR cancelled_by IN ('parent', 'teacher', 'replaced')", name="cancelled_by"
        ),
        CheckConstraint("(cancelled_at IS NULL) = (cancelled_by IS NULL)", name="cancelled"),
        Index("uq_meeting_booking_slot_id", "slot_id", unique=True, postgresql_where=_ACTIVE),
        Index(
            "uq_meeting_booking_staff_id_day_student_id",
            "staff_id",
            "day",
            "student_id",
            unique=True,
            postgresql_where=_ACTIVE,
        ),
        Index("ix_meeting_booking_student_id_day", "student_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    slot_id: Mapped[int] = mapped_column(ForeignKey("meeting_slot.id", ondelete="CASCADE"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"))
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("guardian.id", ondelete="SET NULL"))
    # The account that booked: told of a cancellation, reminded the day before.
    account: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("tg_user.id", ondelete="SET NULL"))
    cancelled_at: Mapped[dt.datetime | None]
    cancelled_by: Mapped[str | None] = mapped_column(String(8))
