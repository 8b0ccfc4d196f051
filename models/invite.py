"""Invite links: a random token, of which only the hash is kept, bound to a role and a person."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt


class Invite(CreatedAt, Base):
    __tablename__ = "invite"
    __table_args__ = (
        CheckConstraint(
            "role IN ('coordinator', 'deputy', 'teacher', 'class_teacher', 'parent', 'student')",
            name="role",
        ),
        CheckConstraint(
            "(role IN ('parent', 'student') AND student_id IS NOT NULL AND staff_id IS NULL)"
            " OR (role NOT IN ('parent', 'student') AND staff_id IS NOT NULL AND student_id IS NULL)",
            name="bound_person",
        ),
        CheckConstraint("guardian_id IS NULL OR role = 'parent'", name="guardian_only_for_parent"),
        Index(None, "student_id"),
        Index(None, "staff_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"))
    # A parent invite may name the guardian row from the roster; without it a new guardian is made.
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("guardian.id", ondelete="CASCADE"))
    issued_by_tg_user_id: Mapped[int | None] = mapped_column(BigInteger)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    used_by_tg_user_id: Mapped[int | None] = mapped_column(BigInteger)
    revoked_at: Mapped[dt.datetime | None]


class InviteFailure(Base):
    """A bad token tried by an account; counted to refuse guessing without checking (per account in an
    hour, across the deployment in a minute), pruned after a day."""

    __tablename__ = "invite_failure"
    __table_args__ = (Index(None, "tg_user_id", "at"), Index(None, "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    tg_user_id: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[dt.datetime]
