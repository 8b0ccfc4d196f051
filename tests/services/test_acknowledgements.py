"""Remarks and final marks reach the family; only those allowed may write them; «Ознакомлен» records
what the pressed message brought to the one who pressed, once, and nothing for anyone else."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Acknowledgement, AuditLog, FinalMark, Outbox, Period, Subject, TeachingAssignment
from services import acknowledgements, finals
from services.audit import Actor
from services.errors import AccessDenied, InvalidInput
from services.users import TelegramProfile, enter, load_context
from tests.factories import NOW, SmallSchool, small_school

CLASS_TEACHER, TEACHER, MOTHER, STUDENT = 102, 103, 200, 300


async def _joined(session: AsyncSession) -> SmallSchool:
    """The 5Б class teacher and a teacher joined; the first 5Б student and his mother too."""
    school = await small_school(session)
    for account, person in ((CLASS_TEACHER, school.class_teacher), (TEACHER, school.teacher)):
        await enter(session, TelegramProfile(account, account, "Сотрудник"), NOW)
        person.tg_user_id = account
    student = school.students_5b[0]
    mother = school.mothers[student.id]
    await enter(session, TelegramProfile(MOTHER, MOTHER, "Мама"), NOW)
    mother.tg_user_id, mother.consent_given_at = MOTHER, NOW
    await enter(session, TelegramProfile(STUDENT, STUDENT, "Ученик"), NOW)
    student.tg_user_id = STUDENT
    await session.flush()
    return school


async def _actor(session: AsyncSession, account: int) -> Actor:
    return Actor.of(await load_context(session, account))


async def _outbox(session: AsyncSession, kind: str) -> list[Outbox]:
    return list(await session.scalars(select(Outbox).where(Outbox.kind == kind).order_by(Outbox.id)))


async def test_the_class_teacher_writes_a_remark_to_the_family_of_his_class_only(
    session: AsyncSession,
) -> None:
    school = await _joined(session)
    class_teacher = await _actor(session, CLASS_TEACHER)
    student = school.students_5b[0]

    sent = await acknowledgements.write_remark(
        session, class_teacher, student.id, "  Забыл форму.  ", now=NOW
    )
    assert sent.told == 2
    rows = await _outbox(session, "remark")
    assert {row.tg_user_id for row in rows} == {MOTHER, STUDENT}
    assert rows[0].payload["text"] == "Забыл форму." and rows[0].payload["remark_id"] == sent.remark_id
    assert await session.scalar(select(func.count()).where(AuditLog.action == "remark.created")) == 1

    with pytest.raises(AccessDenied):  # a student of another class
        await acknowledgements.write_remark(session, class_teacher, school.students_7a[0].id, "x", now=NOW)
    with pytest.raises(AccessDenied):  # a subject teacher is not the class teacher
        await acknowledgements.write_remark(session, await _actor(session, TEACHER), student.id, "x", now=NOW)
    with pytest.raises(InvalidInput):
        await acknowledgements.write_remark(session, class_teacher, student.id, "я" * 1001, now=NOW)
    with pytest.raises(InvalidInput):
        await acknowledgements.write_remark(session, class_teacher, student.id, "   ", now=NOW)
    assert len(await _outbox(session, "remark")) == 2  # the refused ones told nobody


async def test_a_final_mark_is_set_by_the_subjects_teacher_and_told_once_per_change(
    session: AsyncSession,
) -> None:
    school = await _joined(session)
    subject = Subject(school_id=school.school_id, name="Математика")
    session.add(subject)
    await session.flush()
    session.add(
        TeachingAssignment(
            school_id=school.school_id,
            class_id=school.class_5b.id,
            subject_id=subject.id,
            teacher_id=school.teacher.id,
        )
    )
    period = await session.scalar(
        select(Period).where(Period.school_id == school.school_id, Period.number == 1)
    )
    assert period is not None
    teacher = await _actor(session, TEACHER)
    student = school.students_5b[0]

    async def final(actor: Actor, value: int, student_id: int = student.id) -> finals.FinalSet:
        return await finals.set_final(
            session,
            actor,
            student_id=student_id,
            subject_id=subject.id,
            period_id=period.id,
            value=value,
            now=NOW,
        )

    first = await final(teacher, 4)
    assert first.told == 2 and first.previous is None
    assert (await final(teacher, 4)).told == 0  # the same mark again: nobody is told twice
    changed = await final(teacher, 5)
    assert changed.told == 2 and changed.previous == 4 and changed.final_id == first.final_id
    assert await session.scalar(select(func.count()).select_from(FinalMark)) == 1
    payloads = [row.payload for row in await _outbox(session, "final")]
    assert [(p["value"], p["previous"]) for p in payloads] == [(4, None), (4, None), (5, 4), (5, 4)]

    with pytest.raises(AccessDenied):  # the class teacher does not teach Математика
        await final(await _actor(session, CLASS_TEACHER), 3)
    with pytest.raises(AccessDenied):  # nor does the teacher teach it in 7А
        await final(teacher, 3, school.students_7a[0].id)
    with pytest.raises(InvalidInput):
        await final(teacher, 6)


async def test_acknowledging_takes_what_the_pressed_message_brought_to_the_one_who_pressed(
    session: AsyncSession,
) -> None:
    school = await _joined(session)
    class_teacher = await _actor(session, CLASS_TEACHER)
    student = school.students_5b[0]
    sent = await acknowledgements.write_remark(session, class_teacher, student.id, "Опоздал.", now=NOW)
    # The sender delivered both rows: to the mother as message 77, to the student as message 78.
    for account, message_id in ((MOTHER, 77), (STUDENT, 78)):
        await session.execute(
            update(Outbox)
            .where(Outbox.kind == "remark", Outbox.tg_user_id == account)
            .values(status="sent", sent_message_id=message_id)
        )

    assert await acknowledgements.acknowledge(session, MOTHER, 78, now=NOW) == 0  # the student's message
    assert await acknowledgements.acknowledge(session, MOTHER, 77, now=NOW) == 1
    assert await acknowledgements.acknowledge(session, MOTHER, 77, now=NOW) == 1  # pressed twice
    acks = list(await session.scalars(select(Acknowledgement)))
    assert [(a.subject, a.ref_id, a.tg_user_id, a.student_id) for a in acks] == [
        ("remark", sent.remark_id, MOTHER, student.id)
    ]

    _, (state,) = await acknowledgements.class_remarks(session, class_teacher, school.class_5b.id)
    assert state.acknowledged == 1
    assert {(r.is_student, r.acknowledged_at is not None) for r in state.readers} == {
        (False, True),
        (True, False),
    }
    with pytest.raises(AccessDenied):  # the remark asked for through another class
        await acknowledgements.class_remarks(
            session, class_teacher, school.class_7a.id, remark_id=sent.remark_id
        )
