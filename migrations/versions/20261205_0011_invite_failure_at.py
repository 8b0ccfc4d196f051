"""Bad invite tokens are counted across the deployment by time, and pruned by it: an index on `at`.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_invite_failure_at"), "invite_failure", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_invite_failure_at"), table_name="invite_failure")
