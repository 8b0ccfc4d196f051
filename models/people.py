"""People the journal is about: staff, classes, students and their parents (guardians)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt
from models.enums import Role


def staff_roles(is_coordinator: bool, is_deputy: bool, is_teacher: bool) -> tuple[Role, ...]:
    """Staff roles by rank (coordinator, deputy, teacher); class teacher follows from the classes."""
    held = ((is_coordinator, Role.COORDINATOR), (is_deputy, Role.DEPUTY), (is_teacher, Role.TEACHER))
    return tuple(role for flag, role in held if flag)


# A student who left (graduated) keeps reading his own past, with his parents, this many days.
READ_PAST_DAYS = 90


class PersonName:
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str] = mapped_column(String(100), default="", server_default="")

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def short_name(self) -> str:
        """«Иванова А. П.» — how Russian school documents name a person."""
        initials = " ".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name} {initials}".strip()


class Staff(PersonName, CreatedAt, Base):
    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("school_id", "tg_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    is_coordinator: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    is_deputy: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    is_teacher: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    tg_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("tg_user.id", ondelete="SET NULL"), index=True
    )
    joined_at: Mapped[dt.datetime | None]

    @property
    def roles(self) -> tuple[Role, ...]:
        """Staff roles by rank (coordinator, deputy, teacher); class teacher follows from classes."""
        held = (
            (self.is_coordinator, Role.COORDINATOR),
            (self.is_deputy, Role.DEPUTY),
            (self.is_teacher, Role.TEACHER),
        )
        return tuple(role for flag, role in held if flag)


class SchoolClass(Base):
    __tablename__ = "school_class"
    __table_args__ = (
        UniqueConstraint("academic_year_id", "grade_level", "letter"),
        CheckConstraint("grade_level BETWEEN 1 AND 11", name="grade_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id", ondelete="CASCADE"))
    grade_level: Mapped[int] = mapped_column(SmallInteger)
    letter: Mapped[str] = mapped_column(String(4))
    class_teacher_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), index=True
    )

    @property
    def label(self) -> str:
        return f"{self.grade_level}{self.letter}"


class Student(PersonName, CreatedAt, Base):
    __tablename__ = "student"
    __table_args__ = (UniqueConstraint("school_id", "tg_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="RESTRICT"), index=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    tg_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("tg_user.id", ondelete="SET NULL"), index=True
    )
    joined_at: Mapped[dt.datetime | None]
    # Leaves the school when this year ends (after the 9th grade): the new year does not take him on.
    leaving: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    # The day he left (graduated from the 11th grade, or left): his past stays readable for 90 days.
    graduated_on: Mapped[dt.date | None] = mapped_column(Date)


class ClassEnrollment(Base):
    """Every class a student has been in (student.class_id is the one he is in now): a past year's
    class keeps its students. Written by a trigger whenever a student's class is set (migration 0016)."""

    __tablename__ = "class_enrollment"

    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), primary_key=True)
    class_id: Mapped[int] = mapped_column(
        ForeignKey("school_class.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Guardian(PersonName, CreatedAt, Base):
    """A parent or another legal representative; linked to one or more students."""

    __tablename__ = "guardian"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    tg_user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("tg_user.id", ondelete="SET NULL"), index=True
    )
    joined_at: Mapped[dt.datetime | None]
    # 152-FZ: consent to the processing of personal data, given in the bot before anything is shown.
    consent_given_at: Mapped[dt.datetime | None]


class GuardianLink(Base):
    __tablename__ = "guardian_link"

    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardian.id", ondelete="CASCADE"), primary_key=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("student.id", ondelete="CASCADE"), primary_key=True, index=True
    )
