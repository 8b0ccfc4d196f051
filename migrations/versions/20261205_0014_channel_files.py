"""Files per messenger: a stored file's copy in the other messenger, made on first need.

The journal keeps one id per file (the Telegram file id a teacher's upload got, or «max:…» for a file a
MAX user sent); channel_file holds the id of its copy in each messenger and, for a MAX file, the URL
its bytes are fetched from.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "channel_file",
        sa.Column("source_id", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("file_ref", sa.Text(), nullable=False),
        sa.Column("download_url", sa.Text(), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("source_id", "channel", name=op.f("pk_channel_file")),
    )


def downgrade() -> None:
    op.drop_table("channel_file")
