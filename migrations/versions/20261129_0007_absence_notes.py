"""A parent's absence note: the child will be away on these dates, for this reason.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 06:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "absence_note",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("student_id", sa.BigInteger(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("guardian_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("starts_on <= ends_on", name=op.f("ck_absence_note_dates")),
        sa.ForeignKeyConstraint(
            ["guardian_id"],
            ["guardian.id"],
            name=op.f("fk_absence_note_guardian_id_guardian"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_absence_note_school_id_school"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
            name=op.f("fk_absence_note_student_id_student"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence_note")),
    )
    op.create_index(op.f("ix_absence_note_school_id"), "absence_note", ["school_id"], unique=False)
    op.create_index(
        op.f("ix_absence_note_student_id_starts_on"),
        "absence_note",
        ["student_id", "starts_on"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_absence_note_student_id_starts_on"), table_name="absence_note")
    op.drop_index(op.f("ix_absence_note_school_id"), table_name="absence_note")
    op.drop_table("absence_note")
