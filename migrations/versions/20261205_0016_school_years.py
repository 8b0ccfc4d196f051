"""Carrying a school from one year to the next (services/school_year.py).

class_enrollment remembers every class a student has been in, so that a past year's class keeps its
students in its journal, exports and views after they move up (student.class_id is only the class
now). A trigger writes it whenever a student's class is set, whoever sets it (the roster import, the
rollover), and the existing students are enrolled in their classes. student.leaving marks a student
who leaves the school at the end of the year (after the 9th grade), student.graduated_on the day he
left (the 11th grade, or leaving): his accounts keep reading his own past for 90 days.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("student", sa.Column("leaving", sa.Boolean(), server_default="false", nullable=False))
    op.add_column("student", sa.Column("graduated_on", sa.Date(), nullable=True))
    op.create_table(
        "class_enrollment",
        sa.Column("student_id", sa.BigInteger(), nullable=False),
        sa.Column("class_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
            name=op.f("fk_class_enrollment_student_id_student"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_class.id"],
            name=op.f("fk_class_enrollment_class_id_school_class"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("student_id", "class_id", name=op.f("pk_class_enrollment")),
    )
    op.create_index(op.f("ix_class_enrollment_class_id"), "class_enrollment", ["class_id"])
    op.execute("INSERT INTO class_enrollment (student_id, class_id) SELECT id, class_id FROM student")
    op.execute("""
        CREATE FUNCTION enroll_student() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO class_enrollment (student_id, class_id) VALUES (NEW.id, NEW.class_id)
            ON CONFLICT DO NOTHING;
            RETURN NEW;
        END $$
    """)
    op.execute("""
        CREATE TRIGGER student_enrolled AFTER INSERT OR UPDATE OF class_id ON student
        FOR EACH ROW EXECUTE FUNCTION enroll_student()
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER student_enrolled ON student")
    op.execute("DROP FUNCTION enroll_student()")
    op.drop_table("class_enrollment")
    op.drop_column("student", "graduated_on")
    op.drop_column("student", "leaving")
