"""The «Файлы» section: folders per school year and the files in them (kept by Telegram file id).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 07:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "folder",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("academic_year_id", sa.BigInteger(), nullable=False),
        sa.Column("parent_id", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("everyone", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("writers", sa.String(length=16), server_default="staff", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("writers IN ('staff', 'administration')", name=op.f("ck_folder_writers")),
        sa.ForeignKeyConstraint(
            ["academic_year_id"],
            ["academic_year.id"],
            name=op.f("fk_folder_academic_year_id_academic_year"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["folder.id"], name=op.f("fk_folder_parent_id_folder"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_folder_school_id_school"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_folder")),
        sa.UniqueConstraint(
            "academic_year_id", "parent_id", "name", name=op.f("uq_folder_academic_year_id_parent_id_name")
        ),
    )
    op.create_index(op.f("ix_folder_parent_id"), "folder", ["parent_id"], unique=False)
    op.create_index(op.f("ix_folder_school_id"), "folder", ["school_id"], unique=False)
    op.create_table(
        "stored_file",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("folder_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("tg_file_id", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("kind IN ('document', 'photo')", name=op.f("ck_stored_file_kind")),
        sa.ForeignKeyConstraint(
            ["folder_id"], ["folder.id"], name=op.f("fk_stored_file_folder_id_folder"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["staff.id"], name=op.f("fk_stored_file_uploaded_by_staff"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_file")),
    )
    op.create_index(op.f("ix_stored_file_folder_id"), "stored_file", ["folder_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_stored_file_folder_id"), table_name="stored_file")
    op.drop_table("stored_file")
    op.drop_index(op.f("ix_folder_school_id"), table_name="folder")
    op.drop_index(op.f("ix_folder_parent_id"), table_name="folder")
    op.drop_table("folder")
