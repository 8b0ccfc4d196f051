"""The child a parent last looked at, so that a parent of several is not asked again every time.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 01:25:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("tg_user", sa.Column("active_child_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("tg_user", "active_child_id")
