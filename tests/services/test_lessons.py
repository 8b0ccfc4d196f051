"""The lesson sheet: the roster in Russian alphabetical order whatever the database's collation."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from models import Lesson, Staff, Student, Subject
from services.audit import Actor
from services.lessons import load_sheet
from services.users import TelegramProfile, enter, load_context
from tests.factories import NOW, small_school


async def test_roster_is_in_russian_alphabetical_order(session: AsyncSession) -> None:
    school = await small_school(session)
    fifth = school.class_5b
    for last, first in (("Ёлкина", "Вера"), ("абрамов", "Пётр"), ("Жуков", "Иван"), ("Евсеев", "Олег")):
        session.add(Student(school_id=school.school_id, class_id=fifth.id, last_name=last, first_name=first))
    subject = Subject(school_id=school.school_id, name="Математика")
    session.add(subject)
    await session.flush()
    teacher: Staff = school.class_teacher
    lesson = Lesson(
        school_id=school.school_id,
        class_id=fifth.id,
        subject_id=subject.id,
        teacher_id=teacher.id,
        date=NOW.date(),
        lesson_number=1,
    )
    session.add(lesson)
    await enter(session, TelegramProfile(9001, 9001, "Елена"), NOW)
    teacher.tg_user_id = 9001
    await session.flush()
    actor = Actor.of(await load_context(session, 9001))
    sheet = await load_sheet(session, actor, lesson_id=lesson.id)
    surnames = [student.last_name for student in sheet.students]
    assert surnames == ["абрамов", "Андреев", "Баранова", "Волков", "Евсеев", "Ёлкина", "Жуков"]
