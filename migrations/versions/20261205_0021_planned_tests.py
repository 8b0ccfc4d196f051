"""Planned tests (график контрольных работ): a test a teacher planned for a class, or a subgroup of it,
in his subject on a day, of one of the school's mark kinds. One per class, subject, subgroup and day;
the school's limits (tests a day, a week) are settings, checked when one is planned.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 22:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "planned_test",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("class_id", sa.BigInteger(), nullable=False),
        sa.Column("subject_id", sa.BigInteger(), nullable=False),
        sa.Column("subgroup", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("subgroup BETWEEN 0 AND 9", name=op.f("ck_planned_test_subgroup")),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_planned_test_school_id_school"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_class.id"],
            name=op.f("fk_planned_test_class_id_school_class"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subject.id"],
            name=op.f("fk_planned_test_subject_id_subject"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["kind_id"], ["mark_kind.id"], name=op.f("fk_planned_test_kind_id_mark_kind"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff.id"], name=op.f("fk_planned_test_author_id_staff"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_test")),
        sa.UniqueConstraint(
            "class_id",
            "subject_id",
            "subgroup",
            "day",
            name=op.f("uq_planned_test_class_id_subject_id_subgroup_day"),
        ),
    )
    op.create_index("ix_planned_test_school_id_day", "planned_test", ["school_id", "day"])
    op.create_index("ix_planned_test_class_id_day", "planned_test", ["class_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_planned_test_class_id_day", table_name="planned_test")
    op.drop_index("ix_planned_test_school_id_day", table_name="planned_test")
    op.drop_table("planned_test")
