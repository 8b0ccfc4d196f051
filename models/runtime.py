"""Runtime state that must survive restarts and be shared by instances: job runs and FSM state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class SchedulerRun(Base):
    """A job claims (job, school, period key) before acting, so each run happens exactly once."""

    __tablename__ = "scheduler_run"
    __table_args__ = (UniqueConstraint("job", "school_id", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(64))
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    period_key: Mapped[str] = mapped_column(String(64))
    claimed_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())
    finished_at: Mapped[dt.datetime | None]


class FsmState(Base):
    """aiogram conversation state, so a user halfway through typing survives a restart."""

    __tablename__ = "fsm_state"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class HandledUpdate(Base):
    """An update taken by webhook, recorded in the transaction that handled it: Telegram delivering it
    again (a timeout, an instance killed after committing) finds it here and it is handled once.
    Kept a day (Telegram gives up on an update well before)."""

    __tablename__ = "handled_update"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    handled_at: Mapped[dt.datetime] = mapped_column(server_default=func.now(), index=True)


class WebhookState(Base):
    """What the instances last told Telegram in setWebhook (a fingerprint: the secret itself is not
    kept), so that instances started together call it once, and only when something changed."""

    __tablename__ = "webhook_state"

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    fingerprint: Mapped[str] = mapped_column(String(64))
    set_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())
