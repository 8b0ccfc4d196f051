"""News, events and announcements: a post for an audience (the school, the staff room, a class, a
class's parents), written by staff with the right to.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 06:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "post",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("class_id", sa.BigInteger(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("event_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column(
            "published_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("kind IN ('news', 'event', 'announcement')", name=op.f("ck_post_kind")),
        sa.CheckConstraint(
            "audience IN ('school', 'staff', 'class', 'class_parents')", name=op.f("ck_post_audience")
        ),
        sa.CheckConstraint(
            "(audience IN ('class', 'class_parents')) = (class_id IS NOT NULL)", name=op.f("ck_post_class")
        ),
        sa.CheckConstraint("(kind = 'event') = (event_at IS NOT NULL)", name=op.f("ck_post_event_at")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff.id"], name=op.f("fk_post_author_id_staff"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["class_id"], ["school_class.id"], name=op.f("fk_post_class_id_school_class"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_post_school_id_school"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post")),
    )
    op.create_index(
        op.f("ix_post_school_id_published_at"), "post", ["school_id", "published_at"], unique=False
    )
    op.create_index(op.f("ix_post_school_id_event_at"), "post", ["school_id", "event_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_post_school_id_event_at"), table_name="post")
    op.drop_index(op.f("ix_post_school_id_published_at"), table_name="post")
    op.drop_table("post")
