"""The audit log and the relayed messages are append-only at the database, and nothing cascades into them.

- TRUNCATE of either is refused by a statement-level trigger (UPDATE and DELETE of a row by row-level
  ones: the audit log had them, the messages get them), and the triggers fire in replica mode too;
- a message keeps its sender's name as it was, a thread its student's and staff member's, so removing a
  person (or an account) leaves the archive whole: the thread's links become NULL, the messages stay;
- a thread with messages cannot be deleted (RESTRICT instead of CASCADE).

The bot's own role gets no UPDATE, DELETE or TRUNCATE on them at all (bot/db_roles.py).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ARCHIVE = ("audit_log", "thread_message")

REFUSE = """
CREATE FUNCTION archive_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""

AUDIT_REFUSE_0001 = """
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$
"""

# The names as they were when the thread began and when each message was written.
FILL_THREAD_NAMES = """
UPDATE thread t SET
    student_name = concat_ws(' ', s.last_name, s.first_name, NULLIF(s.middle_name, '')),
    staff_name = concat_ws(' ', st.last_name, st.first_name, NULLIF(st.middle_name, ''))
FROM student s, staff st
WHERE s.id = t.student_id AND st.id = t.staff_id
"""
FILL_SENDER_NAMES = """
UPDATE thread_message m SET sender_name = CASE
    WHEN NOT m.from_family THEN t.staff_name
    ELSE COALESCE(
        (SELECT concat_ws(' ', g.last_name, g.first_name, NULLIF(g.middle_name, '')) FROM guardian g
           JOIN guardian_link gl ON gl.guardian_id = g.id
          WHERE g.tg_user_id = m.sender_account AND gl.student_id = t.student_id LIMIT 1),
        t.student_name)
    END
FROM thread t WHERE t.id = m.thread_id
"""


def _foreign_key(table: str, column: str, referred: str, ondelete: str) -> None:
    name = f"fk_{table}_{column}_{referred}"
    op.drop_constraint(name, table, type_="foreignkey")
    op.create_foreign_key(name, table, referred, [column], ["id"], ondelete=ondelete)


def upgrade() -> None:
    op.add_column("thread", sa.Column("student_name", sa.Text(), server_default="", nullable=False))
    op.add_column("thread", sa.Column("staff_name", sa.Text(), server_default="", nullable=False))
    op.add_column("thread_message", sa.Column("sender_name", sa.Text(), server_default="", nullable=False))
    op.execute(FILL_THREAD_NAMES)
    op.execute(FILL_SENDER_NAMES)
    for column in ("student_id", "family_account", "staff_id"):
        op.alter_column("thread", column, existing_type=sa.BigInteger(), nullable=True)
    _foreign_key("thread", "student_id", "student", "SET NULL")
    _foreign_key("thread", "family_account", "tg_user", "SET NULL")
    _foreign_key("thread", "staff_id", "staff", "SET NULL")
    _foreign_key("thread_message", "thread_id", "thread", "RESTRICT")

    op.execute(REFUSE)
    # One function for both tables (the audit log's own, from 0001, named only the audit log).
    op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
    op.execute("DROP FUNCTION audit_log_refuse_change()")
    for table in ARCHIVE:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION archive_refuse_change()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION archive_refuse_change()"
        )
        # session_replication_role = replica skips ordinary triggers; these fire whatever it is.
        op.execute(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_append_only")
        op.execute(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_no_truncate")


def downgrade() -> None:
    for table in ARCHIVE:
        op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
        op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
    op.execute("DROP FUNCTION archive_refuse_change()")
    op.execute(AUDIT_REFUSE_0001)
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log"
        " FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()"
    )
    _foreign_key("thread_message", "thread_id", "thread", "CASCADE")
    # The older schema cannot hold a thread whose people are gone.
    op.execute("DELETE FROM thread WHERE student_id IS NULL OR family_account IS NULL OR staff_id IS NULL")
    _foreign_key("thread", "student_id", "student", "CASCADE")
    _foreign_key("thread", "family_account", "tg_user", "CASCADE")
    _foreign_key("thread", "staff_id", "staff", "CASCADE")
    for column in ("student_id", "family_account", "staff_id"):
        op.alter_column("thread", column, existing_type=sa.BigInteger(), nullable=False)
    op.drop_column("thread_message", "sender_name")
    op.drop_column("thread", "staff_name")
    op.drop_column("thread", "student_name")
