"""Scheduled jobs with a clock the test moves: the teacher nudge fires at the school's local time,
once across two scheduler instances, not at all for a teacher with nothing missing; the next
morning's last reminder lists only what is still missing; a run missed while down is caught up
within its grace time and not after it."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import make_engine, make_session_factory
from models import Homework, Lesson, Outbox, SchedulerRun, School, Subject, TimetableSlot
from scheduler import jobs, runs
from services.school_settings import SchoolSettings
from services.users import TelegramProfile, enter
from tests.factories import NOW, SmallSchool, small_school

MOSCOW = ZoneInfo("Europe/Moscow")
# The nudges alone: DAY is a Friday, and the week's absence summary falls due that afternoon too.
NUDGES = tuple(job for job in jobs.JOBS if job.name.startswith("teacher_nudge"))
DAY = dt.date(2026, 11, 27)  # a Friday of the first trimester
TEACHER, CLASS_TEACHER = 103, 102


async def tick(
    session_factory: async_sessionmaker[AsyncSession], now: dt.datetime
) -> list[tuple[jobs.DueRun, int]]:
    return await runs.tick(session_factory, now, NUDGES)


def moscow(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=MOSCOW).astimezone(dt.UTC)


async def _school_with_a_day(session: AsyncSession) -> SmallSchool:
    """5Б has two lessons on DAY: the teacher's Математика (1st) and the class teacher's История (2nd)."""
    school = await small_school(session)
    for account, person in ((TEACHER, school.teacher), (CLASS_TEACHER, school.class_teacher)):
        await enter(session, TelegramProfile(account, account, "Учитель"), NOW)
        person.tg_user_id = account
    for number, (name, teacher) in enumerate(
        (("Математика", school.teacher), ("История", school.class_teacher)), start=1
    ):
        subject = Subject(school_id=school.school_id, name=name)
        session.add(subject)
        await session.flush()
        session.add(
            TimetableSlot(
                school_id=school.school_id,
                class_id=school.class_5b.id,
                weekday=DAY.isoweekday(),
                lesson_number=number,
                subject_id=subject.id,
                teacher_id=teacher.id,
                valid_from=DAY - dt.timedelta(days=30),
            )
        )
    await session.commit()
    return school


async def _fill(
    session: AsyncSession, school: SmallSchool, lesson_number: int, *, homework: bool = True
) -> None:
    lesson = await session.scalar(
        select(Lesson).where(Lesson.date == DAY, Lesson.lesson_number == lesson_number)
    )
    assert lesson is not None
    lesson.attendance_taken_at, lesson.topic = moscow(DAY, 9), "Дроби"
    if homework:
        session.add(
            Homework(
                school_id=school.school_id,
                class_id=lesson.class_id,
                subject_id=lesson.subject_id,
                lesson_id=lesson.id,
                due_on=DAY + dt.timedelta(days=3),
                text="№ 12",
            )
        )
    await session.commit()


async def _nudges(session: AsyncSession) -> list[Outbox]:
    session.expire_all()
    return list(await session.scalars(select(Outbox).where(Outbox.kind == "nudge").order_by(Outbox.id)))


async def test_the_nudge_fires_at_the_schools_time_and_only_for_what_is_missing(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    school = await _school_with_a_day(session)
    assert await tick(session_factory, moscow(DAY, 16, 59)) == []
    # The class teacher filled his lesson in the morning (the lessons exist once a teacher opens them).
    await session.execute(
        text(
            "INSERT INTO lesson (school_id, class_id, subject_id, teacher_id, slot_id, date, lesson_number) "
            "SELECT school_id, class_id, subject_id, teacher_id, id, :day, lesson_number FROM timetable_slot"
        ),
        {"day": DAY},
    )
    await session.commit()
    await _fill(session, school, 2)

    made = await tick(session_factory, moscow(DAY, 17, 0))
    assert [(run.job, run.key, produced) for run, produced in made] == [("teacher_nudge", DAY.isoformat(), 1)]
    (nudge,) = await _nudges(session)
    assert nudge.tg_user_id == TEACHER  # the class teacher, with nothing missing, gets nothing
    (lesson,) = nudge.payload["lessons"]
    assert (lesson["lesson_number"], lesson["class"], lesson["subject"]) == (1, "5Б", "Математика")
    assert lesson["missing"] == ["attendance", "homework", "topic"]
    assert nudge.payload["last"] is False

    assert await tick(session_factory, moscow(DAY, 17, 5)) == []  # once per day

    # By the next morning he took attendance and wrote the topic, but set no homework.
    await _fill(session, school, 1, homework=False)
    made = await tick(session_factory, moscow(DAY + dt.timedelta(days=1), 8, 0))
    assert [(run.job, produced) for run, produced in made] == [("teacher_nudge_last", 1)]
    last = (await _nudges(session))[-1]
    assert last.payload["last"] is True and last.payload["date"] == DAY.isoformat()
    assert [lesson["missing"] for lesson in last.payload["lessons"]] == [["homework"]]


async def test_two_instances_ticking_together_run_it_once(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], database_url: str
) -> None:
    await _school_with_a_day(session)
    other_engine = make_engine(database_url)
    try:
        other = make_session_factory(other_engine)
        at = moscow(DAY, 17, 0)
        first, second = await asyncio.gather(tick(session_factory, at), tick(other, at))
    finally:
        await other_engine.dispose()
    assert len(first) + len(second) == 1
    assert await session.scalar(select(func.count()).select_from(SchedulerRun)) == 1
    assert sorted(n.tg_user_id for n in await _nudges(session)) == [CLASS_TEACHER, TEACHER]  # one each


async def test_a_run_missed_while_down_is_caught_up_within_its_grace_time_only(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await _school_with_a_day(session)
    assert await tick(session_factory, moscow(DAY, 20, 1)) == []  # 17:00 + 3 h grace has passed
    made = await tick(session_factory, moscow(DAY + dt.timedelta(days=1), 10, 30))
    assert [run.job for run, _ in made] == ["teacher_nudge_last"]  # 08:00 missed, caught up at 10:30

    # Another school: its own timezone and nudge time.
    yekaterinburg = School(name="Школа №2", timezone="Asia/Yekaterinburg", settings={"nudge_time": "15:30"})
    session.add(yekaterinburg)
    await session.commit()
    at = dt.datetime.combine(DAY, dt.time(15, 30), tzinfo=ZoneInfo("Asia/Yekaterinburg")).astimezone(dt.UTC)
    async with session_factory() as reading:
        due = await runs.due_runs(reading, at, NUDGES)
    assert [(run.school_id, run.job) for run in due] == [(yekaterinburg.id, "teacher_nudge")]
    assert due[0].fire_at == at


def test_last_fire_time_follows_the_settings_and_the_grace() -> None:
    job = jobs.JOBS[0]
    settings = SchoolSettings(nudge_time=dt.time(16, 45))
    assert runs.last_fire_time(job, settings, MOSCOW, moscow(DAY, 16, 44)) is None
    assert runs.last_fire_time(job, settings, MOSCOW, moscow(DAY, 16, 45)) == moscow(DAY, 16, 45)
    assert runs.last_fire_time(job, settings, MOSCOW, moscow(DAY, 19, 45)) == moscow(DAY, 16, 45)
    assert runs.last_fire_time(job, settings, MOSCOW, moscow(DAY, 19, 46)) is None


async def test_holidays_get_no_nudge(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    school = await _school_with_a_day(session)
    # The trimester ends the day before: DAY is a holiday now.
    await session.execute(
        text(
            "UPDATE period SET ends_on = :end WHERE school_id = :s AND kind <> 'year' "
            "AND :day BETWEEN starts_on AND ends_on"
        ),
        {"end": DAY - dt.timedelta(days=1), "s": school.school_id, "day": DAY},
    )
    await session.commit()
    made = await tick(session_factory, moscow(DAY, 17, 0))
    assert [(run.job, produced) for run, produced in made] == [("teacher_nudge", 0)]
    assert await _nudges(session) == []
