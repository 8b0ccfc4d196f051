"""Messages relayed between a family and a staff member: threads and their messages (never deleted).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 07:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "thread",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("student_id", sa.BigInteger(), nullable=False),
        sa.Column("family_account", sa.BigInteger(), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), nullable=False),
        sa.Column("muted", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_account"],
            ["tg_user.id"],
            name=op.f("fk_thread_family_account_tg_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_thread_school_id_school"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_thread_staff_id_staff"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_thread_student_id_student"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thread")),
        sa.UniqueConstraint(
            "student_id",
            "family_account",
            "staff_id",
            name=op.f("uq_thread_student_id_family_account_staff_id"),
        ),
    )
    op.create_index(op.f("ix_thread_school_id"), "thread", ["school_id"], unique=False)
    op.create_index(op.f("ix_thread_staff_id"), "thread", ["staff_id"], unique=False)
    op.create_table(
        "thread_message",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("thread_id", sa.BigInteger(), nullable=False),
        sa.Column("from_family", sa.Boolean(), nullable=False),
        sa.Column("sender_account", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["thread.id"], name=op.f("fk_thread_message_thread_id_thread"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thread_message")),
    )
    op.create_index(op.f("ix_thread_message_thread_id"), "thread_message", ["thread_id"], unique=False)
    op.create_index(
        "ix_thread_message_sender_created_at",
        "thread_message",
        ["sender_account", "created_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_thread_message_sender_created_at", table_name="thread_message")
    op.drop_index(op.f("ix_thread_message_thread_id"), table_name="thread_message")
    op.drop_table("thread_message")
    op.drop_index(op.f("ix_thread_staff_id"), table_name="thread")
    op.drop_index(op.f("ix_thread_school_id"), table_name="thread")
    op.drop_table("thread")
