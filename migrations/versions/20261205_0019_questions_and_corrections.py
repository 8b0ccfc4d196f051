"""Questions on posts, and correcting what was sent.

post.question/options/per_child/answers_until/reminded_at: a post may ask its readers («Ознакомлен»,
yes/no, one of several options), per person or per child; post_answer keeps each answer (one per
person, or one per child). post.edited_at/withdrawn_at: a post corrected or withdrawn after it went
out. absence_note.withdrawn_at: a parent took his note back. folder/stored_file.removed_at: removed
from the «Файлы» section, kept for the administration's archive; a removed folder's name is free again.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIMESTAMPS = {
    "post": ("answers_until", "reminded_at", "edited_at", "withdrawn_at"),
    "absence_note": ("withdrawn_at",),
    "folder": ("removed_at",),
    "stored_file": ("removed_at",),
}


def upgrade() -> None:
    op.add_column("post", sa.Column("question", sa.String(8), nullable=True))
    op.add_column(
        "post",
        sa.Column("options", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
    )
    op.add_column("post", sa.Column("per_child", sa.Boolean(), server_default="false", nullable=False))
    for table, columns in _TIMESTAMPS.items():
        for column in columns:
            op.add_column(table, sa.Column(column, sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint(
        op.f("ck_post_question"), "post", "question IS NULL OR question IN ('ack', 'yes_no', 'choice')"
    )
    op.create_table(
        "post_answer",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("post_id", sa.BigInteger(), nullable=False),
        sa.Column("account", sa.BigInteger(), nullable=False),
        sa.Column("student_id", sa.BigInteger(), nullable=True),
        sa.Column("choice", sa.SmallInteger(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["post.id"], name=op.f("fk_post_answer_post_id_post"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_post_answer_student_id_student"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_answer")),
    )
    op.create_index(
        "uq_post_answer_post_id_student_id",
        "post_answer",
        ["post_id", "student_id"],
        unique=True,
        postgresql_where=sa.text("student_id IS NOT NULL"),
    )
    op.create_index(
        "uq_post_answer_post_id_account",
        "post_answer",
        ["post_id", "account"],
        unique=True,
        postgresql_where=sa.text("student_id IS NULL"),
    )
    op.drop_constraint("uq_folder_academic_year_id_parent_id_name", "folder", type_="unique")
    op.create_index(
        "uq_folder_academic_year_id_parent_id_name",
        "folder",
        ["academic_year_id", "parent_id", "name"],
        unique=True,
        postgresql_where=sa.text("removed_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_folder_academic_year_id_parent_id_name", table_name="folder")
    op.execute("DELETE FROM folder WHERE removed_at IS NOT NULL")
    op.create_unique_constraint(
        "uq_folder_academic_year_id_parent_id_name", "folder", ["academic_year_id", "parent_id", "name"]
    )
    op.drop_table("post_answer")
    op.drop_constraint(op.f("ck_post_question"), "post", type_="check")
    for table, columns in _TIMESTAMPS.items():
        for column in columns:
            op.drop_column(table, column)
    op.drop_column("post", "per_child")
    op.drop_column("post", "options")
    op.drop_column("post", "question")
