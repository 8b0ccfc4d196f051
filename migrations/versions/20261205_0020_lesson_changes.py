"""Timetable changes: a lesson cancelled, moved to another number or day, or given another room.

lesson.status says whether the lesson takes place where the timetable put it ('scheduled'), does not
take place ('cancelled'), or takes place elsewhere ('moved'): its new place is a lesson of its own
whose moved_from_id points back. lesson.room overrides the timetable's room; lesson.change_reason is
why it was cancelled or moved. lesson_change logs every such change (and its undoing), append-style.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("lesson", sa.Column("status", sa.String(16), server_default="scheduled", nullable=False))
    op.add_column("lesson", sa.Column("change_reason", sa.Text(), nullable=True))
    op.add_column("lesson", sa.Column("room", sa.String(32), nullable=True))
    op.add_column("lesson", sa.Column("moved_from_id", sa.BigInteger(), nullable=True))
    op.create_check_constraint(
        op.f("ck_lesson_status"), "lesson", "status IN ('scheduled', 'cancelled', 'moved')"
    )
    op.create_foreign_key(
        op.f("fk_lesson_moved_from_id_lesson"),
        "lesson",
        "lesson",
        ["moved_from_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_unique_constraint(op.f("uq_lesson_moved_from_id"), "lesson", ["moved_from_id"])
    op.create_table(
        "lesson_change",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("lesson_id", sa.BigInteger(), nullable=False),
        sa.Column("change", sa.String(16), nullable=False),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("after", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("changed_by", sa.String(64), nullable=False),
        sa.Column("changed_by_staff_id", sa.BigInteger(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "change IN ('cancelled', 'moved', 'room', 'restored')", name=op.f("ck_lesson_change_change")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_lesson_change_school_id_school"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lesson.id"], name=op.f("fk_lesson_change_lesson_id_lesson"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_staff_id"],
            ["staff.id"],
            name=op.f("fk_lesson_change_changed_by_staff_id_staff"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_change")),
    )
    op.create_index(op.f("ix_lesson_change_school_id"), "lesson_change", ["school_id"])
    op.create_index(op.f("ix_lesson_change_lesson_id"), "lesson_change", ["lesson_id"])


def downgrade() -> None:
    op.drop_table("lesson_change")
    op.drop_constraint(op.f("uq_lesson_moved_from_id"), "lesson", type_="unique")
    op.drop_constraint(op.f("fk_lesson_moved_from_id_lesson"), "lesson", type_="foreignkey")
    op.drop_constraint(op.f("ck_lesson_status"), "lesson", type_="check")
    op.drop_column("lesson", "moved_from_id")
    op.drop_column("lesson", "room")
    op.drop_column("lesson", "change_reason")
    op.drop_column("lesson", "status")
