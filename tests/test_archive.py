"""The audit log and the relayed messages are append-only, enforced by PostgreSQL itself.

The bot's role (what every other test runs as) may add rows and read them, nothing more: it may not
change, remove or truncate them, nor disable the triggers. Even the schema's owner meets the
triggers. And removing a person leaves his threads and their messages whole, names as they were.
"""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import to_plain_url
from models import Guardian, School, Staff, Student, TgUser, Thread, ThreadMessage
from services import threads
from services.audit import CLI, Actor
from services.errors import AccessDenied
from tests.factories import NOW, SmallSchool, small_school

ARCHIVE = ("audit_log", "thread_message")
# What someone holding the bot's connection would try, table by table.
ATTEMPTS = (
    "UPDATE {table} SET id = id",
    "DELETE FROM {table}",
    "TRUNCATE {table}",
    "TRUNCATE {table} CASCADE",
    "ALTER TABLE {table} DISABLE TRIGGER ALL",
    "ALTER TABLE {table} DISABLE TRIGGER {table}_no_truncate",
    "DROP TABLE {table} CASCADE",
)

MOTHER, TEACHER = 7001, 7002


async def _school_with_a_thread(session_factory: async_sessionmaker[AsyncSession]) -> SmallSchool:
    """A mother writes twice to her son's class teacher: audit rows and thread messages exist."""
    async with session_factory() as session, session.begin():
        school = await small_school(session)
        son = school.students_5b[0]
        mother = school.mothers[son.id]
        session.add_all([TgUser(id=MOTHER, chat_id=MOTHER), TgUser(id=TEACHER, chat_id=TEACHER)])
        await session.flush()
        mother.tg_user_id, mother.consent_given_at = MOTHER, NOW
        school.class_teacher.tg_user_id = TEACHER
        await session.flush()
        for text in ("Здравствуйте! Сын болел.", "Можно сдать сочинение в пятницу?"):
            await threads.write_to_staff(
                session, Actor.account(MOTHER), son.id, school.class_teacher.id, text, now=NOW
            )
    return school


async def _counts(conn: asyncpg.Connection) -> dict[str, int]:
    return {table: await conn.fetchval(f"SELECT count(*) FROM {table}") for table in ARCHIVE}


async def test_the_bots_role_cannot_change_remove_or_truncate_the_archive(
    session_factory: async_sessionmaker[AsyncSession], database_url: str
) -> None:
    await _school_with_a_thread(session_factory)
    conn = await asyncpg.connect(to_plain_url(database_url))
    try:
        before = await _counts(conn)
        assert before["audit_log"] > 0 and before["thread_message"] == 2
        refused = []
        for table in ARCHIVE:
            for attempt in ATTEMPTS:
                statement = attempt.format(table=table)
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await conn.execute(statement)
                refused.append(statement)
        assert len(refused) == len(ARCHIVE) * len(ATTEMPTS)
        assert await _counts(conn) == before
        # What the bot does do: add to them.
        await conn.execute(
            "INSERT INTO audit_log (actor, action, entity, entity_id) VALUES ('cli', 'test', 'school', '1')"
        )
    finally:
        await conn.close()


async def test_even_the_owner_meets_the_triggers(
    session_factory: async_sessionmaker[AsyncSession], owner_database_url: str
) -> None:
    await _school_with_a_thread(session_factory)
    conn = await asyncpg.connect(to_plain_url(owner_database_url))
    try:
        before = await _counts(conn)
        # The tests' owner is the server's superuser: replica mode skips ordinary triggers, not these.
        await conn.execute("SET session_replication_role = replica")
        for table in ARCHIVE:
            for statement in (
                "UPDATE {table} SET id = id",
                "DELETE FROM {table}",
                "TRUNCATE {table} CASCADE",
            ):
                with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
                    await conn.execute(statement.format(table=table))
        assert await _counts(conn) == before
    finally:
        await conn.close()


async def test_removing_people_keeps_every_message_under_the_names_they_had(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    school = await _school_with_a_thread(session_factory)
    son = school.students_5b[0]
    async with session_factory() as session, session.begin():
        mother = await session.get(Guardian, school.mothers[son.id].id)
        assert mother is not None
        mother_name = f"{mother.last_name} {mother.first_name} {mother.middle_name}"
        # The mother's account, the son and his class teacher leave (a DELETE the bot's role may run).
        await session.execute(delete(TgUser).where(TgUser.id == MOTHER))
        await session.execute(delete(Student).where(Student.id == son.id))
        await session.execute(delete(Staff).where(Staff.id == school.class_teacher.id))
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(ThreadMessage)) == 2
        thread = await session.scalar(select(Thread))
        assert thread is not None and (thread.student_id, thread.family_account, thread.staff_id) == (
            None,
            None,
            None,
        )
        archive = await threads.export_thread(session, CLI, thread.id)
    assert (archive.student, archive.staff) == ("Андреев Ярослав Павлович", "Смирнова Елена Викторовна")
    assert [(m.sender, m.text) for m in archive.messages] == [
        (mother_name, "Здравствуйте! Сын болел."),
        (mother_name, "Можно сдать сочинение в пятницу?"),
    ]
    # Nobody can answer in a thread whose people are gone, not even by forging its id.
    async with session_factory() as session:
        with pytest.raises(AccessDenied):
            await threads.reply(session, Actor.account(MOTHER), thread.id, "ещё", now=NOW)


async def test_a_thread_with_messages_and_a_school_with_history_cannot_be_deleted(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    school = await _school_with_a_thread(session_factory)
    for statement in (delete(Thread), delete(School).where(School.id == school.school_id)):
        async with session_factory() as session:
            with pytest.raises(IntegrityError, match=r"audit_log|thread_message"):
                await session.execute(statement)
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(ThreadMessage)) == 2
        assert await session.scalar(select(func.count()).select_from(Thread)) == 1
