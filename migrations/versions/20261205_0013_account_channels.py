"""Accounts per messenger: tg_user's channel and external id, derived from its id; MAX message ids.

A Telegram account keeps its id (the Telegram user id); a MAX account's id is minus its MAX user id
(services/channels.py). Existing rows are all Telegram's: the generated columns say so without a row
being rewritten by hand, and nothing that points at an account changes.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "tg_user",
        sa.Column(
            "channel",
            sa.String(length=16),
            sa.Computed("CASE WHEN id < 0 THEN 'max' ELSE 'telegram' END", persisted=True),
            nullable=False,
        ),
    )
    op.add_column(
        "tg_user",
        sa.Column("external_id", sa.BigInteger(), sa.Computed("abs(id)", persisted=True), nullable=False),
    )
    op.create_table(
        "channel_message",
        sa.Column("message_id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("external_id", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_channel_message")),
        sa.UniqueConstraint(
            "account_id", "external_id", name=op.f("uq_channel_message_account_id_external_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("channel_message")
    op.drop_column("tg_user", "external_id")
    op.drop_column("tg_user", "channel")
