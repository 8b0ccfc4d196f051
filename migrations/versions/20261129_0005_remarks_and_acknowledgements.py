"""A class teacher's remarks about a student, and «Ознакомлен»: who in the family acknowledged a
remark or a final mark (one row per account and thing).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 04:09:27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "acknowledgement",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("ref_id", sa.BigInteger(), nullable=False),
        sa.Column("student_id", sa.BigInteger(), nullable=False),
        sa.Column("tg_user_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("subject IN ('remark', 'final')", name=op.f("ck_acknowledgement_subject")),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_acknowledgement_school_id_school"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
            name=op.f("fk_acknowledgement_student_id_student"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tg_user_id"],
            ["tg_user.id"],
            name=op.f("fk_acknowledgement_tg_user_id_tg_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acknowledgement")),
        sa.UniqueConstraint(
            "subject", "ref_id", "tg_user_id", name=op.f("uq_acknowledgement_subject_ref_id_tg_user_id")
        ),
    )
    op.create_index(op.f("ix_acknowledgement_school_id"), "acknowledgement", ["school_id"], unique=False)
    op.create_index(op.f("ix_acknowledgement_student_id"), "acknowledgement", ["student_id"], unique=False)
    op.create_table(
        "remark",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("student_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff.id"], name=op.f("fk_remark_author_id_staff"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_remark_school_id_school"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_remark_student_id_student"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remark")),
    )
    op.create_index(op.f("ix_remark_school_id"), "remark", ["school_id"], unique=False)
    op.create_index(op.f("ix_remark_student_id"), "remark", ["student_id", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_remark_student_id"), table_name="remark")
    op.drop_index(op.f("ix_remark_school_id"), table_name="remark")
    op.drop_table("remark")
    op.drop_index(op.f("ix_acknowledgement_student_id"), table_name="acknowledgement")
    op.drop_index(op.f("ix_acknowledgement_school_id"), table_name="acknowledgement")
    op.drop_table("acknowledgement")
