"""Lesson plans (тематическое планирование): numbered topics per class, subject and subgroup.

lesson_plan is one class's plan for a subject (a subgroup's, or the whole class's as 0), replaced
whole when a new file is loaded; lesson_plan_topic its topics with hours and suggested homework.
lesson.plan_topic is the plan's topic a lesson covered (kept with one tap), so the next lesson is
offered the next topic: a lesson skipped or moved does not consume one.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 20:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lesson_plan",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("class_id", sa.BigInteger(), nullable=False),
        sa.Column("subject_id", sa.BigInteger(), nullable=False),
        sa.Column("subgroup", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("file_name", sa.String(200), server_default="", nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_lesson_plan_school_id_school"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_class.id"],
            name=op.f("fk_lesson_plan_class_id_school_class"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subject.id"], name=op.f("fk_lesson_plan_subject_id_subject"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_plan")),
        sa.UniqueConstraint(
            "class_id", "subject_id", "subgroup", name=op.f("uq_lesson_plan_class_id_subject_id_subgroup")
        ),
    )
    op.create_index(op.f("ix_lesson_plan_school_id"), "lesson_plan", ["school_id"])
    op.create_table(
        "lesson_plan_topic",
        sa.Column("plan_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.SmallInteger(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("hours", sa.SmallInteger(), server_default="1", nullable=False),
        sa.Column("homework", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["lesson_plan.id"],
            name=op.f("fk_lesson_plan_topic_plan_id_lesson_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("plan_id", "number", name=op.f("pk_lesson_plan_topic")),
    )
    op.add_column("lesson", sa.Column("plan_topic", sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("lesson", "plan_topic")
    op.drop_table("lesson_plan_topic")
    op.drop_table("lesson_plan")
