"""One person in both messengers: an account may act as the same person's account in the other one.

tg_user.twin_of points a (say, MAX) account at the person's first account, whose roles, language and
settings it shares; the person's chat_id then follows the messenger he last wrote from, or the one he
chose. account_link keeps the one-time links that join the second account. outbox.sent_chat_id keeps
the chat a message went to, so that «Ознакомлен» pressed in either messenger finds it.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("tg_user", sa.Column("twin_of", sa.BigInteger(), nullable=True))
    op.create_foreign_key(
        op.f("fk_tg_user_twin_of_tg_user"), "tg_user", "tg_user", ["twin_of"], ["id"], ondelete="CASCADE"
    )
    op.create_index(op.f("ix_tg_user_twin_of"), "tg_user", ["twin_of"])
    op.add_column("outbox", sa.Column("sent_chat_id", sa.BigInteger(), nullable=True))
    op.create_table(
        "account_link",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("tg_user_id", sa.BigInteger(), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["tg_user_id"],
            ["tg_user.id"],
            name=op.f("fk_account_link_tg_user_id_tg_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_link_token_hash")),
    )
    op.create_index(op.f("ix_account_link_tg_user_id"), "account_link", ["tg_user_id"])


def downgrade() -> None:
    op.drop_table("account_link")
    op.drop_column("outbox", "sent_chat_id")
    op.drop_index(op.f("ix_tg_user_twin_of"), "tg_user")
    op.drop_constraint(op.f("fk_tg_user_twin_of_tg_user"), "tg_user", type_="foreignkey")
    op.drop_column("tg_user", "twin_of")
