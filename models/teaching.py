"""What is taught: subjects, who teaches which subject in which class, and subgroups."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class Subject(Base):
    __tablename__ = "subject"
    __table_args__ = (UniqueConstraint("school_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(32), default="", server_default="")


class TeachingAssignment(Base):
    __tablename__ = "teaching_assignment"
    __table_args__ = (
        # subgroup 0 = the whole class; a real number keeps the unique constraint simple (no NULLs).
        UniqueConstraint("class_id", "subject_id", "subgroup", "teacher_id"),
        CheckConstraint("subgroup BETWEEN 0 AND 9", name="subgroup"),
        Index(None, "teacher_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    subgroup: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")


class SubgroupMember(Base):
    """Which subgroup a student belongs to for a subject (English group 1, IT group 2, ...)."""

    __tablename__ = "subgroup_member"

    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"), primary_key=True)
    subgroup: Mapped[int] = mapped_column(SmallInteger)


class LessonPlan(Base):
    """A class's plan for a subject (тематическое планирование; services/lesson_plans.py)."""

    __tablename__ = "lesson_plan"
    __table_args__ = (UniqueConstraint("class_id", "subject_id", "subgroup"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"))
    subgroup: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    file_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    loaded_at: Mapped[dt.datetime]


class LessonPlanTopic(Base):
    __tablename__ = "lesson_plan_topic"

    plan_id: Mapped[int] = mapped_column(ForeignKey("lesson_plan.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    hours: Mapped[int] = mapped_column(SmallInteger, default=1, server_default="1")
    homework: Mapped[str] = mapped_column(Text, default="", server_default="")
