"""Lesson plans (тематическое планирование): a class's numbered topics for a subject, with hours and
suggested homework, loaded from a table (templates/lesson_plan.*) by its teacher in the bot or by the
operator (`schoolbot plan load`).

A lesson opens with the plan's next topic offered: one tap keeps it (the lesson then records which
topic it covered), or the teacher types another. The next topic follows the topics the class's
lessons have covered, not the calendar: a lesson skipped or moved takes none, and a topic of two hours
is offered for two lessons. The deputy's control report shows where each class is against its plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import Lesson, LessonPlan, LessonPlanTopic, SchoolClass, Subject, TeachingAssignment
from models.enums import Role
from services import access, audit
from services.audit import Actor
from services.errors import AccessDenied
from services.lessons import load_sheet, require_editable
from services.tabular import Column, ImportRejected, Problem, Table, problem

PLAN_COLUMNS = (
    Column("number", ("номер темы", "номер урока", "номер", "№ темы", "урок", "number"), required=False),
    Column("topic", ("тема", "тема урока", "темы", "содержание", "topic", "title")),
    Column("hours", ("часы", "часов", "кол-во часов", "количество часов", "hours"), required=False),
    Column("homework", ("домашнее задание", "дз", "д/з", "задание на дом", "homework"), required=False),
)
MAX_TOPICS = 400
MAX_HOURS = 20
TOPIC_LIMIT = 500


@dataclass(frozen=True)
class PlanTopic:
    number: int
    title: str
    hours: int = 1
    homework: str = ""


@dataclass(frozen=True)
class PlanReport:
    topics: int
    hours: int
    first: str


def parse_plan(table: Table) -> list[PlanTopic]:
    """The topics in the file's order (numbered by it when the file has no numbers); ImportRejected
    with every problem and its row."""
    problems: list[Problem] = []
    topics: list[PlanTopic] = []
    seen: set[int] = set()
    for position, row in enumerate(table.rows, start=1):
        title = " ".join(row["topic"].split())
        if not title:
            problems.append(problem("plan-no-topic", row.number))
            continue
        number = _number(row["number"], position, row.number, problems)
        hours = _number(row["hours"], 1, row.number, problems, limit=MAX_HOURS)
        if number in seen:
            problems.append(problem("plan-repeated-number", row.number, value=number))
        seen.add(number)
        topics.append(PlanTopic(number, title[:TOPIC_LIMIT], hours, " ".join(row["homework"].split())))
    if not topics and not problems:
        problems.append(problem("plan-empty"))
    if len(topics) > MAX_TOPICS:
        problems.append(problem("plan-too-long", limit=MAX_TOPICS))
    if problems:
        raise ImportRejected(problems)
    return sorted(topics, key=lambda topic: topic.number)


def _number(text_value: str, default: int, row: int, problems: list[Problem], limit: int = 10_000) -> int:
    cleaned = text_value.strip().rstrip(".")
    if not cleaned:
        return default
    if not cleaned.isdigit() or not 1 <= int(cleaned) <= limit:
        problems.append(problem("plan-bad-number", row, value=text_value[:20]))
        return default
    return int(cleaned)


# ---- whose plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Teaching:
    class_id: int
    class_label: str
    subject_id: int
    subject: str
    subgroup: int


_TEACHING = text("""
    SELECT DISTINCT c.id AS class_id, c.grade_level || c.letter AS label, s.id AS subject_id,
           s.name AS subject, ta.subgroup, c.grade_level, c.letter
      FROM teaching_assignment ta
      JOIN school_class c ON c.id = ta.class_id
      JOIN subject s ON s.id = ta.subject_id
     WHERE ta.teacher_id = ANY(:staff)
       AND c.academic_year_id = (SELECT y.id FROM academic_year y WHERE y.school_id = c.school_id
                                 ORDER BY y.starts_on DESC LIMIT 1)
     ORDER BY c.grade_level, c.letter, s.name, ta.subgroup
""")


async def my_teaching(session: AsyncSession, actor: Actor) -> list[Teaching]:
    """What the teacher teaches this year: the plans he may load."""
    staff = [grant.person_id for grant in actor.context.grants_of(Role.TEACHER)] if actor.context else []
    rows = await session.execute(_TEACHING, {"staff": staff})
    return [Teaching(r.class_id, r.label, r.subject_id, r.subject, r.subgroup) for r in rows]


async def _may_load(session: AsyncSession, actor: Actor, class_id: int, subject_id: int) -> SchoolClass:
    school_class = await session.get(SchoolClass, class_id)
    subject = await session.get(Subject, subject_id)
    if school_class is None or subject is None or subject.school_id != school_class.school_id:
        raise AccessDenied()
    if actor.is_operator or access.holds_any_role(actor, (Role.COORDINATOR,), school_class.school_id):
        return school_class
    staff = [grant.person_id for grant in actor.context.grants_of(Role.TEACHER)] if actor.context else []
    teaches = await session.scalar(
        select(TeachingAssignment.id).where(
            TeachingAssignment.class_id == class_id,
            TeachingAssignment.subject_id == subject_id,
            TeachingAssignment.teacher_id.in_(staff),
        )
    )
    if teaches is None:
        raise AccessDenied()
    return school_class


async def load_plan(
    session: AsyncSession,
    actor: Actor,
    class_id: int,
    subject_id: int,
    table: Table,
    *,
    subgroup: int = 0,
    now: dt.datetime,
) -> PlanReport:
    """The class's plan for the subject, replacing an older one (what lessons covered is kept)."""
    school_class = await _may_load(session, actor, class_id, subject_id)
    topics = parse_plan(table)
    await session.execute(
        delete(LessonPlan).where(
            LessonPlan.class_id == class_id,
            LessonPlan.subject_id == subject_id,
            LessonPlan.subgroup == subgroup,
        )
    )
    plan = LessonPlan(
        school_id=school_class.school_id,
        class_id=class_id,
        subject_id=subject_id,
        subgroup=subgroup,
        file_name=table.file_name[:200],
        loaded_at=now,
    )
    session.add(plan)
    await session.flush()
    session.add_all(
        LessonPlanTopic(plan_id=plan.id, number=t.number, title=t.title, hours=t.hours, homework=t.homework)
        for t in topics
    )
    report = PlanReport(len(topics), sum(t.hours for t in topics), topics[0].title)
    await audit.record(
        session,
        actor,
        "lesson_plan.loaded",
        "lesson_plan",
        plan.id,
        school_id=school_class.school_id,
        after={
            "class_id": class_id,
            "subject_id": subject_id,
            "subgroup": subgroup,
            "file": table.file_name,
            "topics": report.topics,
            "hours": report.hours,
        },
    )
    return report


# ---- the lesson's next topic -------------------------------------------------------------------

_PLAN_OF = text("""
    SELECT p.id FROM lesson_plan p
     WHERE p.class_id = :class_id AND p.subject_id = :subject_id AND p.subgroup IN (:subgroup, 0)
     ORDER BY p.subgroup DESC LIMIT 1
""")


async def next_topic(session: AsyncSession, lesson_id: int) -> PlanTopic | None:
    """The plan's topic this lesson would cover: the one after the last the class's earlier lessons
    covered (the same again while its hours last); None without a plan or past its end."""
    lesson = await session.get(Lesson, lesson_id)
    if lesson is None:
        return None
    params = {"class_id": lesson.class_id, "subject_id": lesson.subject_id, "subgroup": lesson.subgroup}
    plan_id = await session.scalar(_PLAN_OF, params)
    if plan_id is None:
        return None
    topics = {
        row.number: row
        for row in await session.scalars(select(LessonPlanTopic).where(LessonPlanTopic.plan_id == plan_id))
    }
    if lesson.plan_topic in topics:
        current = topics[lesson.plan_topic]
        return PlanTopic(current.number, current.title, current.hours, current.homework)
    covered = await session.execute(
        select(Lesson.plan_topic, func.count())
        .where(
            Lesson.class_id == lesson.class_id,
            Lesson.subject_id == lesson.subject_id,
            Lesson.subgroup == lesson.subgroup,
            Lesson.plan_topic.is_not(None),
            Lesson.id != lesson.id,
        )
        .group_by(Lesson.plan_topic)
    )
    used = {int(number or 0): int(count) for number, count in covered}
    numbers = sorted(topics)
    if not used:
        upcoming = numbers[0] if numbers else None
    else:
        last = max(used)
        still = last in topics and used[last] < topics[last].hours
        upcoming = last if still else next((n for n in numbers if n > last), None)
    if upcoming is None:
        return None
    found = topics[upcoming]
    return PlanTopic(found.number, found.title, found.hours, found.homework)


async def keep_topic(session: AsyncSession, actor: Actor, lesson_id: int, *, now: dt.datetime) -> PlanTopic:
    """The plan's next topic becomes the lesson's (one tap)."""
    sheet = await load_sheet(session, actor, lesson_id=lesson_id)
    require_editable(sheet.lesson, now)
    topic = await next_topic(session, lesson_id)
    if topic is None:
        raise AccessDenied()
    await session.execute(
        update(Lesson).where(Lesson.id == lesson_id).values(topic=topic.title, plan_topic=topic.number)
    )
    await audit.record(
        session,
        actor,
        "lesson.topic",
        "lesson",
        lesson_id,
        school_id=sheet.lesson.school_id,
        before={"topic": sheet.lesson.topic},
        after={"topic": topic.title, "plan_topic": topic.number},
    )
    return topic


async def planned_homework(session: AsyncSession, lesson_id: int) -> str | None:
    """The plan's homework for the topic the lesson covered (kept from the plan), if it has one."""
    lesson = await session.get(Lesson, lesson_id)
    if lesson is None or lesson.plan_topic is None:
        return None
    topic = await next_topic(session, lesson_id)
    return topic.homework if topic is not None and topic.homework else None


# ---- where each class is -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanProgress:
    class_label: str
    subject: str
    covered: int  # topics the lessons have covered
    topics: int
    lessons: int  # lessons held since the plan's first topic was covered (or in all, without any)


_PROGRESS = text("""
    SELECT c.grade_level || c.letter AS label, s.name AS subject, c.grade_level, c.letter,
           (SELECT count(*) FROM lesson_plan_topic t WHERE t.plan_id = p.id) AS topics,
           (SELECT count(DISTINCT l.plan_topic) FROM lesson l
             WHERE l.class_id = p.class_id AND l.subject_id = p.subject_id AND l.plan_topic IS NOT NULL
               AND (p.subgroup = 0 OR l.subgroup = p.subgroup)) AS covered,
           (SELECT count(*) FROM lesson l
             WHERE l.class_id = p.class_id AND l.subject_id = p.subject_id AND l.date <= :today
               AND l.attendance_taken_at IS NOT NULL
               AND (p.subgroup = 0 OR l.subgroup = p.subgroup)) AS lessons
      FROM lesson_plan p
      JOIN school_class c ON c.id = p.class_id
      JOIN subject s ON s.id = p.subject_id
     WHERE p.school_id = :school_id
       AND c.academic_year_id = (SELECT y.id FROM academic_year y WHERE y.school_id = p.school_id
                                 ORDER BY y.starts_on DESC LIMIT 1)
     ORDER BY c.grade_level, c.letter, s.name
""")


async def progress(session: AsyncSession, actor: Actor, school_id: int, today: dt.date) -> list[PlanProgress]:
    """Each plan of this year: topics covered of all, and the lessons held."""
    access.require_any_role(actor, (Role.DEPUTY, Role.COORDINATOR), school_id)
    rows = await session.execute(_PROGRESS, {"school_id": school_id, "today": today})
    return [PlanProgress(r.label, r.subject, int(r.covered), int(r.topics), int(r.lessons)) for r in rows]
