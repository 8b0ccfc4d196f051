"""Webhooks: the updates handled (each once, across instances) and what setWebhook was last told.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handled_update",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_handled_update")),
    )
    op.create_index(op.f("ix_handled_update_handled_at"), "handled_update", ["handled_at"], unique=False)
    op.create_table(
        "webhook_state",
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("bot_id", name=op.f("pk_webhook_state")),
    )


def downgrade() -> None:
    op.drop_table("webhook_state")
    op.drop_index(op.f("ix_handled_update_handled_at"), table_name="handled_update")
    op.drop_table("handled_update")
