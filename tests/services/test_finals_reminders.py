"""Reminders of missing final marks: weekly from a week before the period ends, daily after it until
the deadline (end + 4 days), and on the deadline the deputies' list by teacher and class."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import FinalMark, Outbox, Period, Subject, TeachingAssignment
from scheduler import runs
from services.events import FinalsReminderNotice
from services.family_views import PeriodRow
from services.finals_reminders import reminder_due
from services.users import TelegramProfile, enter
from tests.factories import NOW, small_school

END = dt.date(2026, 11, 30)  # the first trimester's last day
TEACHER, DEPUTY = 103, 104


def moscow(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo("Europe/Moscow")).astimezone(dt.UTC)


def test_the_days_that_call_for_a_reminder() -> None:
    period = PeriodRow(1, "trimester", 1, dt.date(2026, 9, 1), END)
    due = {day: reminder_due(period, END + dt.timedelta(days=day)) for day in range(-8, 6)}
    assert [day for day, (teachers, _) in due.items() if teachers] == [-7, 0, 1, 2, 3, 4]
    assert [day for day, (_, deputies) in due.items() if deputies] == [4]


async def test_teachers_and_then_deputies_hear_of_the_missing_finals(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    school = await small_school(session)
    for account, person in ((TEACHER, school.teacher), (DEPUTY, school.deputy)):
        await enter(session, TelegramProfile(account, account, "Сотрудник"), NOW)
        person.tg_user_id = account
    subject = Subject(school_id=school.school_id, name="Физика")
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
        select(Period).where(Period.school_id == school.school_id, Period.ends_on == END)
    )
    assert period is not None
    session.add(
        FinalMark(
            school_id=school.school_id,
            student_id=school.students_5b[0].id,
            subject_id=subject.id,
            period_id=period.id,
            value=5,
        )
    )
    await session.commit()

    made = await runs.tick(session_factory, moscow(END - dt.timedelta(days=6), 9))
    assert [(run.job, n) for run, n in made if run.job == "finals_reminder"] == [("finals_reminder", 0)]

    made = await runs.tick(session_factory, moscow(END + dt.timedelta(days=4), 9))
    assert [(run.job, n) for run, n in made if run.job == "finals_reminder"] == [("finals_reminder", 2)]
    rows = {
        row.kind: row for row in await session.scalars(select(Outbox).where(Outbox.kind.like("finals_%")))
    }
    reminder, missing = rows["finals_reminder"], rows["finals_missing"]
    assert reminder.tg_user_id == TEACHER
    told = FinalsReminderNotice.model_validate(reminder.payload)
    assert [(i.class_id, i.class_label, i.subject_id, i.subject, i.missing) for i in told.items] == [
        (school.class_5b.id, "5Б", subject.id, "Физика", 2)
    ]
    assert missing.tg_user_id == DEPUTY
    assert [(i["teacher"], i["class"], i["missing"]) for i in missing.payload["items"]] == [
        (school.teacher.short_name, "5Б", 2)
    ]
    assert missing.payload["deadline"] == "2026-12-04"


async def test_one_message_a_person_a_run_however_many_periods_are_due_and_dated_by_the_run(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """A half year ending with the first trimester (classes on halves beside classes on trimesters):
    the teacher hears once a run, with a part per period, and the deputy once on the deadline. Each
    job run on several dates says «сегодня» only on its own date."""
    school = await small_school(session)
    for account, person in ((TEACHER, school.teacher), (DEPUTY, school.deputy)):
        await enter(session, TelegramProfile(account, account, "Сотрудник"), NOW)
        person.tg_user_id = account
    subject = Subject(school_id=school.school_id, name="Физика")
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
    trimester = await session.scalar(
        select(Period).where(Period.school_id == school.school_id, Period.ends_on == END)
    )
    assert trimester is not None
    session.add(
        Period(
            school_id=school.school_id,
            academic_year_id=trimester.academic_year_id,
            kind="half_year",
            number=1,
            starts_on=trimester.starts_on,
            ends_on=END,
        )
    )
    await session.commit()

    async def finals_rows() -> list[Outbox]:
        found = await session.scalars(select(Outbox).where(Outbox.kind.like("finals_%")).order_by(Outbox.id))
        return list(found)

    for days_after_end in (0, 2, 4):
        before = len(await finals_rows())
        await runs.tick(session_factory, moscow(END + dt.timedelta(days=days_after_end), 9))
        made = (await finals_rows())[before:]
        assert [row.tg_user_id for row in made if row.kind == "finals_reminder"] == [TEACHER]
        deputies = [row.tg_user_id for row in made if row.kind == "finals_missing"]
        assert deputies == ([DEPUTY] if days_after_end == 4 else [])
        told = FinalsReminderNotice.model_validate(made[0].payload)
        assert [section.period_kind for section in told.sections()] == ["trimester", "half_year"]
        assert told.written_on == END + dt.timedelta(days=days_after_end)

    # Run by hand on 10 December for the deadline (4 December): written on the 10th, it says so.
    async with session_factory() as other, other.begin():
        await runs.run_now(other, "finals_reminder", school.school_id, END + dt.timedelta(days=4),
                           moscow(END + dt.timedelta(days=10), 9), label="by-hand")  # fmt: skip
    late = (await finals_rows())[-1]
    assert late.kind == "finals_missing" and late.payload["written_on"] == "2026-12-10"

    # Another run the same day (the end-of-period run by hand after the deadline's): nobody hears twice.
    before = len(await finals_rows())
    async with session_factory() as other, other.begin():
        queued = await runs.run_now(other, "finals_reminder", school.school_id, END,
                                  moscow(END + dt.timedelta(days=10), 10), label="again")  # fmt: skip
    assert queued == 0 and len(await finals_rows()) == before
