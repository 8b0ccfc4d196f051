"""A calendar per school: days off (public holidays, school holidays) and moved working days.

school_calendar_day holds the exceptions to the weekly timetable: a day off has no lessons (none are
made, nobody is nudged about them), a working day moved from another (a working Saturday) runs the
timetable of the weekday it replaces. school_weekday(school, day) says which weekday's timetable a
day runs, or NULL for a day off; the statements that make lessons from the timetable use it.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 19:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "school_calendar_day",
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("as_weekday", sa.SmallInteger(), nullable=True),
        sa.Column("name", sa.String(200), server_default="", nullable=False),
        sa.CheckConstraint(
            "(kind = 'off' AND as_weekday IS NULL) OR (kind = 'work' AND as_weekday BETWEEN 1 AND 7)",
            name=op.f("ck_school_calendar_day_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_school_calendar_day_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("school_id", "day", name=op.f("pk_school_calendar_day")),
    )
    op.execute("""
        CREATE FUNCTION school_weekday(school bigint, on_day date) RETURNS integer
        LANGUAGE sql STABLE AS $$
            SELECT CASE c.kind WHEN 'off' THEN NULL WHEN 'work' THEN c.as_weekday
                               ELSE CAST(extract(isodow FROM on_day) AS integer) END
              FROM (SELECT 1) one
              LEFT JOIN school_calendar_day c ON c.school_id = school AND c.day = on_day
        $$
    """)


def downgrade() -> None:
    op.execute("DROP FUNCTION school_weekday(bigint, date)")
    op.drop_table("school_calendar_day")
