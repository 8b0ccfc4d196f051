"""Messages waiting to be delivered; written in the same transaction as the event that causes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt


class Outbox(CreatedAt, Base):
    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'cancelled', 'held')", name="status"
        ),
        # The sender's claim query: due pending rows in order; partial so sent rows cost nothing.
        Index("ix_outbox_due", "not_before", "id", postgresql_where=text("status IN ('pending', 'sending')")),
        # A recipient's waiting rows: folding a mark's later corrections, releasing an unblocked user.
        Index(
            "ix_outbox_waiting_recipient",
            "tg_user_id",
            "kind",
            postgresql_where=text("status IN ('pending', 'held')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    tg_user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tg_user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]]
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    not_before: Mapped[dt.datetime] = mapped_column(server_default=func.now())
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    # The recipient's preferences (quiet hours, digest) were applied once; the row is not moved again.
    scheduled: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    lease_until: Mapped[dt.datetime | None]
    sent_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # The chat it went to: the recipient's own, or his account's in the other messenger (NULL: his own).
    sent_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None]
