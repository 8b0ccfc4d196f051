"""Weeks of past school life for the demo school: lessons with topics, attendance, marks and homework.

So that every screen has something to show on the first tap: a parent's marks and averages, a class
teacher's week of absences, a teacher's finals with averages, the control report. Written straight
into the journal's tables (nobody is told of the past), from a fixed seed, leaving a few gaps on
purpose (a lesson without homework or topic, the last day's attendance of some lessons not taken) for
the nudges and the control report to find. Today's lessons are left empty for the visitor to fill.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession

from models import Attendance, Homework, Mark, PlannedTest, Post, PostAnswer
from services.calendar import school_today
from services.lessons import ensure_school_lessons
from services.marks import new_entry_key
from services.names import short_name
from services.planned_tests import taught_days, teaching_of

# Mark values, and how often each is given (a lyceum: mostly fours and fives).
MARK_VALUES = (5, 4, 3, 2)
MARK_WEIGHTS = (35, 40, 20, 5)
# Mark kind codes, and how often a lesson's marks are of each kind.
MARK_KINDS = ("oral", "homework", "independent", "quiz", "control")
MARK_KIND_WEIGHTS = (60, 15, 12, 8, 5)
ABSENT_SHARE = 0.03
LATE_SHARE = 0.015
EXCUSE_REASONS = ("По болезни", "Заявление родителей", "Соревнования")
TOPIC_STEPS = (
    "Новый материал",
    "Закрепление",
    "Практикум",
    "Разбор домашнего задания",
    "Самостоятельная работа",
    "Повторение",
)
HOMEWORK_TEMPLATES = (
    "§{n}, вопросы 1–4",
    "§{n}, упр. {e}",
    "Повторить §{n}, выучить определения",
    "Рабочая тетрадь, с. {e}",
    "§{n}, задачи {e}–{f}",
)


@dataclass(frozen=True)
class HistoryFigures:
    lessons: int
    marks: int
    absences: int
    homework: int


_PAST_LESSONS = text("""
    SELECT l.id, l.class_id, l.subject_id, l.teacher_id, l.date, c.grade_level, s.timezone,
           COALESCE(b.starts_at, time '09:00') AS starts_at
      FROM lesson l
      JOIN school_class c ON c.id = l.class_id
      JOIN school s ON s.id = l.school_id
      LEFT JOIN bell b ON b.school_id = l.school_id AND b.lesson_number = l.lesson_number
     WHERE l.school_id = :school_id AND l.date BETWEEN :start AND :end
     ORDER BY l.date, l.lesson_number, l.id
""")
_STUDENTS = text("""
    SELECT st.id, st.class_id FROM student st JOIN school_class c ON c.id = st.class_id
     WHERE c.school_id = :school_id ORDER BY st.id
""")
_KINDS = text("SELECT code, id FROM mark_kind WHERE school_id = :school_id")
_SUBJECT_DAYS = text("""
    SELECT class_id, subject_id, array_agg(DISTINCT weekday) AS weekdays FROM timetable_slot
     WHERE school_id = :school_id GROUP BY class_id, subject_id
""")
_FILL_LESSON = text("UPDATE lesson SET topic = :topic, attendance_taken_at = :taken WHERE id = :id")


async def add_history(
    session: AsyncSession, school_id: int, today: dt.date, *, weeks: int = 4, seed: int = 20261129
) -> HistoryFigures:
    """Fill the school days of the `weeks` weeks before `today` (today itself stays empty)."""
    start, end = today - dt.timedelta(weeks=weeks), today - dt.timedelta(days=1)
    await ensure_school_lessons(session, school_id, start, end)
    past = list(await session.execute(_PAST_LESSONS, {"school_id": school_id, "start": start, "end": end}))
    if not past:
        return HistoryFigures(0, 0, 0, 0)
    roster: dict[int, list[int]] = {}
    for student in await session.execute(_STUDENTS, {"school_id": school_id}):
        roster.setdefault(student.class_id, []).append(student.id)
    kinds = {row.code: row.id for row in await session.execute(_KINDS, {"school_id": school_id})}
    subject_days = {
        (row.class_id, row.subject_id): frozenset(row.weekdays)
        for row in await session.execute(_SUBJECT_DAYS, {"school_id": school_id})
    }
    writer = _HistoryWriter(
        random.Random(seed), school_id, roster, kinds, subject_days, last_day=past[-1].date
    )
    for lesson in past:
        writer.lesson(lesson)
    await session.execute(_FILL_LESSON, writer.lesson_rows)
    for model, rows in ((Attendance, writer.attendance), (Mark, writer.marks), (Homework, writer.homework)):
        if rows:
            await session.execute(insert(model), rows)
    return HistoryFigures(len(past), len(writer.marks), len(writer.attendance), len(writer.homework))


class _HistoryWriter:
    """Decides, lesson by lesson, what the journal would hold; the rows go in afterwards in bulk."""

    def __init__(
        self,
        rng: random.Random,
        school_id: int,
        roster: dict[int, list[int]],
        kinds: dict[str, int],
        subject_days: dict[tuple[int, int], frozenset[int]],
        last_day: dt.date,
    ) -> None:
        self.rng, self.school_id, self.roster, self.kinds = rng, school_id, roster, kinds
        self.subject_days = subject_days  # (class, subject) → ISO weekdays it is taught
        self.last_day = last_day
        self.ordinal: dict[tuple[int, int], int] = {}  # (class, subject) → lessons so far
        self.lesson_rows: list[dict[str, Any]] = []
        self.attendance: list[dict[str, Any]] = []
        self.marks: list[dict[str, Any]] = []
        self.homework: list[dict[str, Any]] = []

    def lesson(self, lesson: Any) -> None:
        rng = self.rng
        key = (lesson.class_id, lesson.subject_id)
        number = self.ordinal[key] = self.ordinal.get(key, 0) + 1
        at = dt.datetime.combine(lesson.date, lesson.starts_at, ZoneInfo(lesson.timezone))
        # The last school day is where teachers still owe things: a third of its lessons not taken.
        taken = not (lesson.date == self.last_day and rng.random() < 0.35)
        topic = None if rng.random() < 0.05 else f"Урок {number}. {rng.choice(TOPIC_STEPS)}"
        self.lesson_rows.append({"id": lesson.id, "topic": topic, "taken": at if taken else None})
        if not taken:
            return
        away = self._attendance(lesson, at)
        if lesson.grade_level > 1:  # first graders get no marks (the regulation)
            self._marks(lesson, at, away)
        if rng.random() < 0.9:
            self._homework(lesson, at, number)

    def _attendance(self, lesson: Any, at: dt.datetime) -> set[int]:
        away = set()
        for student_id in self.roster.get(lesson.class_id, []):
            roll = self.rng.random()
            if roll >= ABSENT_SHARE + LATE_SHARE:
                continue
            absent = roll < ABSENT_SHARE
            excused = absent and self.rng.random() < 0.5
            self.attendance.append(
                {
                    "lesson_id": lesson.id,
                    "student_id": student_id,
                    "status": "absent" if absent else "late",
                    "excused": excused,
                    "reason": self.rng.choice(EXCUSE_REASONS) if excused else None,
                    "author_id": lesson.teacher_id,
                    "updated_at": at,
                }
            )
            if absent:
                away.add(student_id)
        return away

    def _marks(self, lesson: Any, at: dt.datetime, away: set[int]) -> None:
        rng = self.rng
        kind = rng.choices(MARK_KINDS, MARK_KIND_WEIGHTS)[0]
        present = [s for s in self.roster.get(lesson.class_id, []) if s not in away]
        # A written work is marked for the whole class; an oral lesson for a few students.
        count = len(present) if kind in ("quiz", "control") else min(len(present), rng.randint(2, 6))
        for student_id in rng.sample(present, count):
            self.marks.append(
                {
                    "school_id": self.school_id,
                    "lesson_id": lesson.id,
                    "student_id": student_id,
                    "kind_id": self.kinds[kind],
                    "value": rng.choices(MARK_VALUES, MARK_WEIGHTS)[0],
                    "author_id": lesson.teacher_id,
                    "entry_key": new_entry_key(),
                    "created_at": at,
                    "updated_at": at,
                }
            )

    def _next_lesson_day(self, lesson: Any) -> dt.date:
        """Homework is due on the subject's next lesson (the journal's own rule)."""
        taught_on: dt.date = lesson.date
        weekdays = self.subject_days.get((lesson.class_id, lesson.subject_id)) or {taught_on.isoweekday()}
        day = taught_on + dt.timedelta(days=1)
        while day.isoweekday() not in weekdays:
            day += dt.timedelta(days=1)
        return day

    def _homework(self, lesson: Any, at: dt.datetime, number: int) -> None:
        rng = self.rng
        exercise = rng.randint(10, 300)
        self.homework.append(
            {
                "school_id": self.school_id,
                "class_id": lesson.class_id,
                "subject_id": lesson.subject_id,
                "lesson_id": lesson.id,
                "due_on": self._next_lesson_day(lesson),
                "text": rng.choice(HOMEWORK_TEMPLATES).format(n=number + 3, e=exercise, f=exercise + 4),
                "author_id": lesson.teacher_id,
                "created_at": at,
                "updated_at": at,
            }
        )


# (kind, audience, class label or None, days from today (publish; for an event: its day), hour, text, place)
DEMO_POSTS: tuple[tuple[str, str, str | None, int, int, str, str | None], ...] = (
    ("news", "school", None, -6, 10, "Наши на олимпиаде\nТрое учеников 9В вышли в региональный этап.", None),
    ("news", "staff", None, -2, 15, "Педсовет\nПедсовет по итогам триместра — в пятницу в 15:00.", None),
    (
        "announcement",
        "class_parents",
        "5Б",
        -1,
        12,
        "Родительское собрание\nВ четверг, 18:00, к. 105.\nПридёте?",
        None,
    ),
    ("event", "school", None, 1, 17, "Осенний концерт\nВыступают хор и театральная студия.", "Актовый зал"),
    ("event", "class", "9В", 7, 9, "Экскурсия в планетарий\nСбор у главного входа.", "Планетарий"),
)

_AUTHOR = text("""
    SELECT id, last_name, first_name, middle_name FROM staff
     WHERE school_id = :school_id AND is_deputy ORDER BY id LIMIT 1
""")
_CLASSES = text("""
    SELECT c.id, c.grade_level || c.letter AS label FROM school_class c JOIN academic_year y
        ON y.id = c.academic_year_id WHERE y.school_id = :school_id
""")


# Questions on two of them: who comes to 5Б's meeting (each parent, until the day before), and the
# parents' consent for 9В's excursion (for each child, until two days before).
DEMO_QUESTIONS: dict[str, tuple[str, bool, int]] = {  # the title: the kind, per child, days open
    "Родительское собрание": ("yes_no", False, 2),
    "Экскурсия в планетарий": ("yes_no", True, 5),
}
CONSENT_SHARE, REFUSAL_SHARE = 0.6, 0.1  # of 9В's families, answered before the visitor came


async def add_posts(session: AsyncSession, school_id: int, now: dt.datetime) -> int:
    """A few news items, announcements and events (one tomorrow, one next week), for the section to
    have something to show and the event reminder something to remind of. Nobody is told of them.
    Two ask a question; most of 9В's families have answered theirs (the demo's families are not in
    the bot, so their answers name nobody who gave them)."""
    author = (await session.execute(_AUTHOR, {"school_id": school_id})).first()
    classes = {row.label: row.id for row in await session.execute(_CLASSES, {"school_id": school_id})}
    zone = ZoneInfo(
        str(await session.scalar(text("SELECT timezone FROM school WHERE id = :id"), {"id": school_id}))
    )
    today = now.astimezone(zone).date()
    name = short_name(author.last_name, author.first_name, author.middle_name) if author else ""
    rows = []
    for kind, audience, label, days, hour, body, place in DEMO_POSTS:
        at = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour), zone)
        rows.append(
            {
                "school_id": school_id,
                "kind": kind,
                "audience": audience,
                "class_id": classes.get(label) if label else None,
                "text": body,
                "event_at": at if kind == "event" else None,
                "place": place,
                "author_id": author.id if author else None,
                "author_name": name,
                "published_at": now if kind == "event" else at,
                **_question(body, now, zone, today),
            }
        )
    made = await session.execute(insert(Post).returning(Post.id, Post.per_child), rows)
    for post_id, per_child in made.all():
        if per_child:
            await _answers(session, post_id, now)
    return len(rows)


def _question(body: str, now: dt.datetime, zone: ZoneInfo, today: dt.date) -> dict[str, Any]:
    asked = DEMO_QUESTIONS.get(body.split("\n", 1)[0])
    if asked is None:
        return {}
    kind, per_child, days_open = asked
    until = dt.datetime.combine(today + dt.timedelta(days=days_open), dt.time(20), zone)
    return {"question": kind, "per_child": per_child, "answers_until": until}


async def _answers(session: AsyncSession, post_id: int, now: dt.datetime) -> None:
    students = list(
        await session.scalars(
            text(
                "SELECT st.id FROM student st JOIN post p ON p.class_id = st.class_id"
                " WHERE p.id = :id ORDER BY st.id"
            ),
            {"id": post_id},
        )
    )
    rng = random.Random(post_id)
    rows = []
    for student_id in students:
        roll = rng.random()
        if roll < CONSENT_SHARE + REFUSAL_SHARE:
            choice = 0 if roll < CONSENT_SHARE else 1
            at = now - dt.timedelta(hours=rng.randint(1, 20))
            rows.append(
                {
                    "post_id": post_id,
                    "account": 0,
                    "student_id": student_id,
                    "choice": choice,
                    "answered_at": at,
                }
            )
    if rows:
        await session.execute(insert(PostAnswer), rows)


_DEMO_TEST = text("""
    SELECT t.school_id, t.class_id, c.grade_level || c.letter AS class_label, t.subject_id,
           s.name AS subject, t.subgroup, t.teacher_id, k.id AS kind_id
      FROM timetable_slot t
      JOIN school_class c ON c.id = t.class_id
      JOIN subject s ON s.id = t.subject_id
      JOIN mark_kind k ON k.school_id = t.school_id AND k.code = 'control'
     WHERE t.school_id = :school_id AND c.grade_level || c.letter = '5Б' AND s.name = 'Математика'
     ORDER BY t.id LIMIT 1
""")


async def add_planned_test(session: AsyncSession, school_id: int, now: dt.datetime) -> int:
    """A test of mathematics in 5Б at its first lesson of next week, for the schedule of tests, the
    family's overview and the reminder to have something to show. Nobody is told of it."""
    row = (await session.execute(_DEMO_TEST, {"school_id": school_id})).first()
    if row is None:
        return 0
    today = await school_today(session, school_id, now)
    monday = today + dt.timedelta(days=7 - today.weekday())
    days = await taught_days(session, teaching_of(row), monday, monday + dt.timedelta(days=6), 1)
    if not days:
        return 0
    session.add(
        PlannedTest(
            school_id=school_id,
            class_id=row.class_id,
            subject_id=row.subject_id,
            subgroup=row.subgroup,
            day=days[0],
            kind_id=row.kind_id,
            author_id=row.teacher_id,
        )
    )
    await session.flush()
    return 1
