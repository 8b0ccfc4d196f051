"""Parent–teacher meetings.

meeting_offer: a teacher's window on one day, cut into slots of `minutes`, at a place or a link;
meeting_offer_class: the classes whose parents may book it; meeting_slot: one meeting's time;
meeting_booking: a parent's booking of a slot for a child. Two partial unique indexes let the database
decide races: one live booking a slot, one live booking a child has with a teacher a day.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 22:00:00
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ACTIVE = sa.text("cancelled_at IS NULL")


def _now() -> sa.Column[dt.datetime]:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "meeting_offer",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.SmallInteger(), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        _now(),
        sa.CheckConstraint("minutes BETWEEN 5 AND 120", name=op.f("ck_meeting_offer_minutes")),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_meeting_offer_window")),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_meeting_offer_school_id_school"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_meeting_offer_staff_id_staff"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_offer")),
    )
    op.create_index("ix_meeting_offer_staff_id_day", "meeting_offer", ["staff_id", "day"])
    op.create_index("ix_meeting_offer_school_id_day", "meeting_offer", ["school_id", "day"])
    op.create_table(
        "meeting_offer_class",
        sa.Column("offer_id", sa.BigInteger(), nullable=False),
        sa.Column("class_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_class.id"],
            name=op.f("fk_meeting_offer_class_class_id_school_class"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["meeting_offer.id"],
            name=op.f("fk_meeting_offer_class_offer_id_meeting_offer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("offer_id", "class_id", name=op.f("pk_meeting_offer_class")),
    )
    op.create_index(op.f("ix_meeting_offer_class_class_id"), "meeting_offer_class", ["class_id"])
    op.create_table(
        "meeting_slot",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("offer_id", sa.BigInteger(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_meeting_slot_times")),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["meeting_offer.id"],
            name=op.f("fk_meeting_slot_offer_id_meeting_offer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_slot")),
        sa.UniqueConstraint("offer_id", "starts_at", name=op.f("uq_meeting_slot_offer_id_starts_at")),
    )
    op.create_table(
        "meeting_booking",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("slot_id", sa.BigInteger(), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("student_id", sa.BigInteger(), nullable=False),
        sa.Column("guardian_id", sa.BigInteger(), nullable=True),
        sa.Column("account", sa.BigInteger(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by", sa.String(8), nullable=True),
        _now(),
        sa.CheckConstraint(
            "cancelled_by IS NULL OR cancelled_by IN ('parent', 'teacher', 'replaced')",
            name=op.f("ck_meeting_booking_cancelled_by"),
        ),
        sa.CheckConstraint(
            "(cancelled_at IS NULL) = (cancelled_by IS NULL)", name=op.f("ck_meeting_booking_cancelled")
        ),
        sa.ForeignKeyConstraint(
            ["account"], ["tg_user.id"], name=op.f("fk_meeting_booking_account_tg_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["guardian_id"],
            ["guardian.id"],
            name=op.f("fk_meeting_booking_guardian_id_guardian"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_meeting_booking_school_id_school"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["meeting_slot.id"],
            name=op.f("fk_meeting_booking_slot_id_meeting_slot"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_meeting_booking_staff_id_staff"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
            name=op.f("fk_meeting_booking_student_id_student"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_booking")),
    )
    op.create_index(
        "uq_meeting_booking_slot_id", "meeting_booking", ["slot_id"], unique=True, postgresql_where=_ACTIVE
    )
    op.create_index(
        "uq_meeting_booking_staff_id_day_student_id",
        "meeting_booking",
        ["staff_id", "day", "student_id"],
        unique=True,
        postgresql_where=_ACTIVE,
    )
    op.create_index("ix_meeting_booking_student_id_day", "meeting_booking", ["student_id", "day"])


def downgrade() -> None:
    op.drop_table("meeting_booking")
    op.drop_table("meeting_slot")
    op.drop_table("meeting_offer_class")
    op.drop_table("meeting_offer")
