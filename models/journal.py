"""The journal proper: attendance exceptions, marks, final marks, homework and planned tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt


class Attendance(Base):
    """Only exceptions are stored: a student with no row on a taken lesson was present."""

    __tablename__ = "attendance"
    __table_args__ = (CheckConstraint("status IN ('absent', 'late')", name="status"),)

    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), primary_key=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("student.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    status: Mapped[str] = mapped_column(String(8))
    excused: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    reason: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class Mark(CreatedAt, Base):
    __tablename__ = "mark"
    __table_args__ = (
        CheckConstraint("value BETWEEN 1 AND 5", name="value"),
        Index(None, "student_id", "created_at"),
        # A double tap (or an update delivered twice) carries the same entry key: one mark, not two.
        UniqueConstraint("lesson_id", "student_id", "entry_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"))
    kind_id: Mapped[int] = mapped_column(ForeignKey("mark_kind.id", ondelete="RESTRICT"))
    value: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    entry_key: Mapped[str] = mapped_column(String(24))
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class FinalMark(Base):
    __tablename__ = "final_mark"
    __table_args__ = (
        UniqueConstraint("student_id", "subject_id", "period_id"),
        CheckConstraint("value BETWEEN 1 AND 5", name="value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"))
    value: Mapped[int] = mapped_column(SmallInteger)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    set_at: Mapped[dt.datetime] = mapped_column(server_default=func.now())


class Homework(CreatedAt, Base):
    __tablename__ = "homework"
    __table_args__ = (Index(None, "class_id", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"))
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lesson.id", ondelete="SET NULL"), index=True)
    subgroup: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    due_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    # [{"file_id": ..., "kind": "photo" | "document", "name": ...}] — Telegram keeps the bytes.
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list, server_default="[]")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class Remark(CreatedAt, Base):
    """A class teacher's remark about a student, sent to the family (who acknowledge it)."""

    __tablename__ = "remark"
    __table_args__ = (Index(None, "student_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)


class Acknowledgement(Base):
    """«Ознакомлен»: a parent or student pressed it under a remark or a final mark sent to him.

    `subject` is what was acknowledged ('remark' or 'final'), `ref_id` its row; one row per account
    and thing, however often the button is pressed.
    """

    __tablename__ = "acknowledgement"
    __table_args__ = (
        UniqueConstraint("subject", "ref_id", "tg_user_id"),
        CheckConstraint("subject IN ('remark', 'final')", name="subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[int]
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    tg_user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tg_user.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(server_default=func.now())


class AbsenceNote(CreatedAt, Base):
    """A parent's word in advance that the child will be away (dates and reason): the class teacher is
    told, and the lessons of those days open with the child absent, excused."""

    __tablename__ = "absence_note"
    __table_args__ = (
        CheckConstraint("starts_on <= ends_on", name="dates"),
        Index("ix_absence_note_student_id_starts_on", "student_id", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("guardian.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[dt.datetime | None]  # the parent took it back before the day started


class PlannedTest(CreatedAt, Base):
    """A test (контрольная, проверочная, ...) a teacher planned for a class (or one of its subgroups) in
    his subject on a day (services/planned_tests.py). Its kind is one of the school's mark kinds: the
    marks of that day's lesson default to it, so a family reads them as the test's marks."""

    __tablename__ = "planned_test"
    __table_args__ = (
        UniqueConstraint("class_id", "subject_id", "subgroup", "day"),
        CheckConstraint("subgroup BETWEEN 0 AND 9", name="subgroup"),
        Index("ix_planned_test_school_id_day", "school_id", "day"),
        Index("ix_planned_test_class_id_day", "class_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"))
    subgroup: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    day: Mapped[dt.date] = mapped_column(Date)
    kind_id: Mapped[int] = mapped_column(ForeignKey("mark_kind.id", ondelete="RESTRICT"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(server_default=func.now(), onupdate=func.now())
