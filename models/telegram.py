"""Accounts (Telegram's or MAX's: see services/channels.py) and what they speak for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Computed,
    ForeignKey,
    Identity,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt


class TgUser(CreatedAt, Base):
    """A Telegram account. Its roles come from the staff/guardian/student rows that point at it."""

    __tablename__ = "tg_user"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # Derived from the id (services/channels.py): an account is (channel, external id).
    channel: Mapped[str] = mapped_column(
        String(16), Computed("CASE WHEN id < 0 THEN 'max' ELSE 'telegram' END", persisted=True)
    )
    external_id: Mapped[int] = mapped_column(BigInteger, Computed("abs(id)", persisted=True))
    # Where his messages go: this account's own chat, or his twin's (services/twins.py).
    chat_id: Mapped[int] = mapped_column(BigInteger)
    username: Mapped[str | None] = mapped_column(String(64))
    first_name: Mapped[str] = mapped_column(String(128), default="", server_default="")
    last_name: Mapped[str | None] = mapped_column(String(128))
    locale: Mapped[str | None] = mapped_column(String(8))
    # "<role>:<school_id>", the role whose menu is shown; NULL = the first one the account holds.
    active_role: Mapped[str | None] = mapped_column(String(40))
    # The child a parent of several last looked at (the family screens open on him). No foreign key
    # (student already points here: a cycle); checked against his children whenever it is read.
    active_child_id: Mapped[int | None] = mapped_column(BigInteger)
    is_blocked: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    blocked_at: Mapped[dt.datetime | None]
    # Notification preferences (kinds, quiet hours, digest); typed by services, defaults when empty.
    preferences: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    last_seen_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())
    # The same person's account in the other messenger (services/twins.py): this account acts as that
    # one, whose roles, language and settings it shares. NULL for an account of its own.
    twin_of: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("tg_user.id", ondelete="CASCADE"), index=True
    )


class ChannelMessage(Base):
    """A MAX message's string id, and the integer the bot knows it by in that account's chat."""

    __tablename__ = "channel_message"
    __table_args__ = (UniqueConstraint("account_id", "external_id"),)

    message_id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    # No foreign key: a user's first message is numbered before his account is recorded (the update
    # is translated before the middlewares run).
    account_id: Mapped[int] = mapped_column(BigInteger)
    external_id: Mapped[str] = mapped_column(Text)


class ChannelFile(Base):
    """A stored file as each messenger knows it: the id the journal keeps (a Telegram file id, or
    «max:…» for a file a MAX user sent) and the id of its copy in a messenger, made on first need."""

    __tablename__ = "channel_file"

    source_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    file_ref: Mapped[str] = mapped_column(Text)
    # Where its bytes can be fetched (a MAX file's URL), and its name; None where the messenger's bot
    # fetches them.
    download_url: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(Text)


class AccountLink(CreatedAt, Base):
    """A one-time link that joins a person's account in the other messenger to this one (only the
    token's hash is kept, as for invites)."""

    __tablename__ = "account_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    tg_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("tg_user.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16))  # the messenger it is opened in
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
