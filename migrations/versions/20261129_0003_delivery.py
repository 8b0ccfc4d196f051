"""Delivery: recipients held while they block the bot, preferences applied once, and a wake-up call.

- status 'held': the recipient blocked the bot; his rows wait until he writes again.
- scheduled: the recipient's preferences (kinds, quiet hours, digest) were applied to the row once,
  so a row moved to the end of quiet hours is not moved again when it falls due.
- a statement-level trigger NOTIFYs the senders on every insert into outbox (on commit only, so a
  rolled-back mark wakes nobody); polling stays the fallback.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 00:25:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_STATUSES = "status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')"
_NEW_STATUSES = "status IN ('pending', 'sending', 'sent', 'failed', 'cancelled', 'held')"


def upgrade() -> None:
    op.add_column(
        "outbox", sa.Column("scheduled", sa.Boolean(), server_default=sa.text("false"), nullable=False)
    )
    op.drop_constraint(op.f("ck_outbox_status"), "outbox", type_="check")
    op.create_check_constraint(op.f("ck_outbox_status"), "outbox", _NEW_STATUSES)
    op.create_index(
        "ix_outbox_waiting_recipient",
        "outbox",
        ["tg_user_id", "kind"],
        unique=False,
        postgresql_where=sa.text("status IN ('pending', 'held')"),
    )
    op.execute(
        """
        CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('outbox', '');
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox"
        " FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER outbox_notify ON outbox")
    op.execute("DROP FUNCTION outbox_notify()")
    op.drop_index(
        "ix_outbox_waiting_recipient",
        table_name="outbox",
        postgresql_where=sa.text("status IN ('pending', 'held')"),
    )
    op.execute("UPDATE outbox SET status = 'pending' WHERE status = 'held'")
    op.drop_constraint(op.f("ck_outbox_status"), "outbox", type_="check")
    op.create_check_constraint(op.f("ck_outbox_status"), "outbox", _OLD_STATUSES)
    op.drop_column("outbox", "scheduled")
