"""Questions on posts: «Ознакомлен», yes/no, or one of several options, answered with one tap.

A post (services/posts.py) may ask its readers a question until a deadline. A question about a child
(consent for an excursion) is answered by a parent for each of his children; any other by each person
told. An answer can be changed until the deadline. Who may see the answers (the author, the class's
class teacher, the administration) sees the counts, who has not answered per class, reminds them (once
a day at most) and takes the answers as an XLSX file.

Every id a button carries (the post, the child, the option) is checked here against who pressed.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models import Post
from services import access, audit, spreadsheet
from services.announcements import ADMINISTRATION, Audience, recipients
from services.audit import Actor
from services.calendar import school_zone
from services.errors import AccessDenied, InvalidInput
from services.names import name_key, short_name

OPTIONS_MIN, OPTIONS_MAX = 2, 6
OPTION_CHARS = 40  # an option is a button's text, with a child's name before it
NOT_ANSWERED_SHOWN = 60  # names listed per class on the screen (the file has them all)


class QuestionKind(enum.StrEnum):
    ACK = "ack"  # «Ознакомлен»: one button
    YES_NO = "yes_no"
    CHOICE = "choice"  # one of the author's options


@dataclass(frozen=True)
class Question:
    kind: QuestionKind
    options: tuple[str, ...] = ()
    per_child: bool = False
    until: dt.datetime | None = None

    @property
    def choices(self) -> int:
        return {QuestionKind.ACK: 1, QuestionKind.YES_NO: 2}.get(self.kind, len(self.options))

    def open_at(self, now: dt.datetime) -> bool:
        return self.until is None or now < self.until


def parse_options(typed: str) -> tuple[str, ...]:
    """The options as the author typed them, one a line (or separated by «;»): 2 to 6, each short."""
    separator = "\n" if "\n" in typed else ";"
    options = tuple(dict.fromkeys(part.strip() for part in typed.split(separator) if part.strip()))
    if not OPTIONS_MIN <= len(options) <= OPTIONS_MAX or any(len(o) > OPTION_CHARS for o in options):
        raise InvalidInput("question-options", low=OPTIONS_MIN, high=OPTIONS_MAX, limit=OPTION_CHARS)
    return options


def with_parents(audience: Audience) -> bool:
    """Whether the audience holds parents (a question about each child makes sense for it)."""
    return audience is not Audience.STAFF


def check(question: Question, audience: Audience, now: dt.datetime) -> Question:
    if question.until is not None and question.until <= now:
        raise InvalidInput("question-deadline")
    if question.per_child and not with_parents(audience):
        raise InvalidInput("question-per-child")
    if question.kind is QuestionKind.CHOICE:
        parse_options("\n".join(question.options))
    elif question.options:
        raise InvalidInput("question-options", low=OPTIONS_MIN, high=OPTIONS_MAX, limit=OPTION_CHARS)
    return question


def of_post(post: Post, zone: ZoneInfo) -> Question | None:
    """The post's question, its deadline in the school's time (as every screen and message shows it)."""
    if post.question is None:
        return None
    until = post.answers_until.astimezone(zone) if post.answers_until is not None else None
    return Question(QuestionKind(post.question), tuple(post.options), post.per_child, until)


# ---- the reader's side ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Child:
    student_id: int
    first_name: str


@dataclass(frozen=True)
class ReaderQuestion:
    """A question as one reader answers it: for himself (children empty) or for each of his children
    in the post's classes; with what he (or the child's other parent) answered so far."""

    post_id: int
    question: Question
    children: tuple[Child, ...]
    chosen: dict[int, int] = field(default_factory=dict)  # student id (0: himself) -> option

    def may_answer(self) -> bool:
        return not self.question.per_child or bool(self.children)


# A parent's children in the given classes (consent given): those he answers for.
_CHILDREN = text("""
    SELECT DISTINCT st.id, st.first_name, st.last_name FROM guardian g
      JOIN guardian_link gl ON gl.guardian_id = g.id JOIN student st ON st.id = gl.student_id
     WHERE g.tg_user_id = :account AND g.consent_given_at IS NOT NULL AND st.class_id = ANY(:class_ids)
     ORDER BY st.first_name, st.last_name, st.id
""")
_CHOSEN = text("""
    SELECT coalesce(student_id, 0) AS who, choice FROM post_answer
     WHERE post_id = :post_id AND (account = :account AND student_id IS NULL OR student_id = ANY(:children))
""")


async def post_classes(session: AsyncSession, post: Post) -> list[int]:
    if post.class_id is not None:
        return [post.class_id]
    if post.audience == Audience.STAFF.value:
        return []
    current = await session.scalars(
        text("""SELECT c.id FROM school_class c WHERE c.academic_year_id = (
                  SELECT y.id FROM academic_year y WHERE y.school_id = :school_id
                   ORDER BY y.starts_on DESC LIMIT 1)"""),
        {"school_id": post.school_id},
    )
    return list(current)


async def children_asked(session: AsyncSession, account: int, class_ids: list[int]) -> tuple[Child, ...]:
    rows = await session.execute(_CHILDREN, {"account": account, "class_ids": class_ids})
    return tuple(Child(row.id, row.first_name) for row in rows)


_PARENTS_CHILDREN = text("""
    SELECT DISTINCT g.tg_user_id AS account, st.id, st.first_name, st.last_name FROM guardian g
      JOIN guardian_link gl ON gl.guardian_id = g.id JOIN student st ON st.id = gl.student_id
     WHERE g.tg_user_id IS NOT NULL AND g.consent_given_at IS NOT NULL AND st.class_id = ANY(:class_ids)
     ORDER BY g.tg_user_id, st.first_name, st.last_name, st.id
""")


async def children_by_parent(session: AsyncSession, class_ids: list[int]) -> dict[int, tuple[Child, ...]]:
    """Each joined parent's children in the classes: those he answers a question about children for."""
    found: dict[int, tuple[Child, ...]] = {}
    for row in await session.execute(_PARENTS_CHILDREN, {"class_ids": class_ids}):
        found[row.account] = (*found.get(row.account, ()), Child(row.id, row.first_name))
    return found


async def for_reader(
    session: AsyncSession, actor: Actor, post: Post, *, withdrawn_too: bool = False
) -> ReaderQuestion | None:
    """The post's question as this reader answers it, or None: no question, or he is not asked (a
    class teacher reading his class's post; a student, where the parents answer for the child)."""
    account = actor.tg_user_id
    if post.question is None or account is None or (post.withdrawn_at is not None and not withdrawn_too):
        return None
    question = of_post(post, await school_zone(session, post.school_id))
    assert question is not None
    class_ids = await post_classes(session, post)
    if question.per_child:
        children = await children_asked(session, account, class_ids)
        if not children:
            return None
    else:
        told = await recipients(session, post.school_id, Audience(post.audience), class_ids)
        if account not in told:
            return None
        children = ()
    params = {"post_id": post.id, "account": account, "children": [c.student_id for c in children]}
    chosen = {row.who: row.choice for row in await session.execute(_CHOSEN, params)}
    return ReaderQuestion(post.id, question, children, chosen)


async def answer(
    session: AsyncSession, actor: Actor, post_id: int, student_id: int, choice: int, *, now: dt.datetime
) -> ReaderQuestion:
    """One tap: the reader's answer (for himself, or for his child `student_id`), changed in place
    until the deadline. Returns the question as he now sees it."""
    post = await session.get(Post, post_id)
    if post is not None and post.withdrawn_at is not None:
        # Withdrawn: who was asked is told so in words; anyone else learns nothing of it.
        asked = await for_reader(session, actor, post, withdrawn_too=True)
        raise InvalidInput("post-withdrawn") if asked is not None else AccessDenied()
    reader = await for_reader(session, actor, post) if post is not None else None
    if post is None or reader is None or actor.tg_user_id is None:
        raise AccessDenied()
    question = reader.question
    if not question.open_at(now):
        raise InvalidInput("question-closed")
    if not 0 <= choice < question.choices:
        raise AccessDenied()
    if question.per_child != bool(student_id) or (
        student_id and student_id not in {c.student_id for c in reader.children}
    ):
        raise AccessDenied()  # a forged child: not his, or not in the post's classes
    await session.execute(
        _UPSERT_CHILD if student_id else _UPSERT_PERSON,
        {"post_id": post.id, "account": actor.tg_user_id, "student": student_id or None, "choice": choice},
    )
    return ReaderQuestion(post.id, question, reader.children, {**reader.chosen, student_id: choice})


_UPSERT_CHILD = text("""
    INSERT INTO post_answer (post_id, account, student_id, choice, answered_at)
    VALUES (:post_id, :account, :student, :choice, now())
    ON CONFLICT (post_id, student_id) WHERE student_id IS NOT NULL
    DO UPDATE SET account = excluded.account, choice = excluded.choice, answered_at = excluded.answered_at
""")
_UPSERT_PERSON = text("""
    INSERT INTO post_answer (post_id, account, student_id, choice, answered_at)
    VALUES (:post_id, :account, NULL, :choice, now())
    ON CONFLICT (post_id, account) WHERE student_id IS NULL
    DO UPDATE SET choice = excluded.choice, answered_at = excluded.answered_at
""")


# ---- the author's side ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Respondent:
    """Who is asked: a child (his family answers) or a person told; with the answer, if any."""

    name: str
    class_id: int | None  # None: the staff room
    class_label: str
    choice: int | None
    answered_at: dt.datetime | None
    answered_by: str  # who answered (a parent's name, for a child)
    joined: bool  # somebody who could answer is in the bot


@dataclass(frozen=True)
class ClassTally:
    class_id: int | None
    label: str
    answered: int
    asked: int


@dataclass(frozen=True)
class Results:
    post_id: int
    title: str
    question: Question
    counts: tuple[int, ...]  # per option
    classes: tuple[ClassTally, ...]
    respondents: tuple[Respondent, ...]
    reminded_at: dt.datetime | None

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def asked(self) -> int:
        return len(self.respondents)

    def waiting(self, class_id: int | None) -> list[Respondent]:
        return [r for r in self.respondents if r.class_id == class_id and r.choice is None]


def may_see_answers(actor: Actor, post: Post) -> bool:
    """The administration, the post's author, or the class teacher of the post's class."""
    if access.holds_any_role(actor, ADMINISTRATION, post.school_id):
        return True
    if post.author_id is not None and access.staff_id(actor, post.school_id) == post.author_id:
        return True
    return post.class_id is not None and access.leads_class(actor, post.class_id)


async def _managed(session: AsyncSession, actor: Actor, post_id: int) -> Post:
    post = await session.get(Post, post_id)
    if post is None or post.question is None or not may_see_answers(actor, post):
        raise AccessDenied()
    return post


# Each child of the post's classes, his family's answer and whether a parent of his is in the bot.
_CHILD_ROWS = text("""
    SELECT st.last_name, st.first_name, st.middle_name, c.id AS class_id, c.grade_level || c.letter AS label,
           a.choice, a.answered_at, a.account,
           EXISTS (SELECT 1 FROM guardian g JOIN guardian_link gl ON gl.guardian_id = g.id
                    WHERE gl.student_id = st.id AND g.tg_user_id IS NOT NULL
                      AND g.consent_given_at IS NOT NULL) AS joined
      FROM student st JOIN school_class c ON c.id = st.class_id
      LEFT JOIN post_answer a ON a.post_id = :post_id AND a.student_id = st.id
     WHERE st.class_id = ANY(:class_ids)
""")
# Each person told (by class: students and parents of its children; the staff room), and his answer.
_PERSON_ROWS = text("""
    WITH told AS (
        SELECT st.tg_user_id AS account, st.last_name, st.first_name, st.middle_name, st.class_id
          FROM student st WHERE st.tg_user_id IS NOT NULL AND st.class_id = ANY(:class_ids) AND :students
        UNION
        SELECT g.tg_user_id, g.last_name, g.first_name, g.middle_name, st.class_id
          FROM guardian g JOIN guardian_link gl ON gl.guardian_id = g.id
          JOIN student st ON st.id = gl.student_id
         WHERE g.tg_user_id IS NOT NULL AND g.consent_given_at IS NOT NULL AND st.class_id = ANY(:class_ids)
        UNION
        SELECT s.tg_user_id, s.last_name, s.first_name, s.middle_name, NULL
          FROM staff s WHERE s.school_id = :school_id AND s.tg_user_id IS NOT NULL AND :staff)
    SELECT t.last_name, t.first_name, t.middle_name, t.class_id, c.grade_level || c.letter AS label,
           a.choice, a.answered_at, a.account, true AS joined
      FROM told t LEFT JOIN school_class c ON c.id = t.class_id
      LEFT JOIN post_answer a ON a.post_id = :post_id AND a.account = t.account AND a.student_id IS NULL
""")
# The names of the accounts that answered (a parent answering for his child), as the school knows them.
_ACCOUNT_NAMES = text("""
    SELECT DISTINCT ON (n.account) n.account, n.last_name, n.first_name, n.middle_name FROM (
        SELECT g.tg_user_id AS account, g.last_name, g.first_name, g.middle_name, 1 AS rank
          FROM guardian g WHERE g.tg_user_id = ANY(:accounts)
        UNION ALL SELECT s.tg_user_id, s.last_name, s.first_name, s.middle_name, 2
          FROM staff s WHERE s.tg_user_id = ANY(:accounts)
        UNION ALL SELECT st.tg_user_id, st.last_name, st.first_name, st.middle_name, 3
          FROM student st WHERE st.tg_user_id = ANY(:accounts)) n
     ORDER BY n.account, n.rank
""")


async def results(session: AsyncSession, actor: Actor, post_id: int) -> Results:
    post = await _managed(session, actor, post_id)
    zone = await school_zone(session, post.school_id)
    question = of_post(post, zone)
    assert question is not None
    class_ids = await post_classes(session, post)
    audience = Audience(post.audience)
    params = {
        "post_id": post.id,
        "class_ids": class_ids,
        "school_id": post.school_id,
        "students": audience in (Audience.SCHOOL, Audience.CLASS),
        "staff": audience in (Audience.SCHOOL, Audience.STAFF),
    }
    rows = list(await session.execute(_CHILD_ROWS if question.per_child else _PERSON_ROWS, params))
    accounts = [row.account for row in rows if row.account is not None]
    names = {
        row.account: short_name(row.last_name, row.first_name, row.middle_name)
        for row in await session.execute(_ACCOUNT_NAMES, {"accounts": accounts})
    }
    ordered = sorted(
        rows, key=lambda r: (r.class_id is None, r.label or "", *name_key(r.last_name, r.first_name, ""))
    )
    respondents = tuple(
        Respondent(
            name=short_name(row.last_name, row.first_name, row.middle_name),
            class_id=row.class_id,
            class_label=row.label or "",
            choice=row.choice if row.choice is not None and row.choice < question.choices else None,
            answered_at=row.answered_at.astimezone(zone) if row.answered_at else None,
            answered_by=names.get(row.account, "") if row.account is not None else "",
            joined=row.joined,
        )
        for row in ordered
    )
    counts = tuple(sum(r.choice == index for r in respondents) for index in range(question.choices))
    return Results(
        post.id,
        post.text.strip().split("\n", 1)[0],
        question,
        counts,
        _tallies(respondents),
        respondents,
        post.reminded_at,
    )


def _tallies(respondents: tuple[Respondent, ...]) -> tuple[ClassTally, ...]:
    tallies: dict[int | None, ClassTally] = {}
    for r in respondents:
        seen = tallies.get(r.class_id, ClassTally(r.class_id, r.class_label, 0, 0))
        tallies[r.class_id] = ClassTally(
            r.class_id, r.class_label, seen.answered + (r.choice is not None), seen.asked + 1
        )
    return tuple(tallies.values())


async def waiting_accounts(session: AsyncSession, post: Post) -> dict[int, tuple[Child, ...]]:
    """Who is still to answer, as the accounts to remind: each person told who has not answered, or
    each parent of a child nobody answered for (with those of his children)."""
    class_ids = await post_classes(session, post)
    if post.per_child:
        rows = await session.execute(_WAITING_PARENTS, {"post_id": post.id, "class_ids": class_ids})
        waiting: dict[int, tuple[Child, ...]] = {}
        for row in rows:
            waiting[row.account] = (*waiting.get(row.account, ()), Child(row.student_id, row.first_name))
        return waiting
    told = await recipients(session, post.school_id, Audience(post.audience), class_ids)
    answered = set(
        await session.scalars(
            text("SELECT account FROM post_answer WHERE post_id = :post_id AND student_id IS NULL"),
            {"post_id": post.id},
        )
    )
    return {account: () for account in told if account not in answered}


_WAITING_PARENTS = text("""
    SELECT g.tg_user_id AS account, st.id AS student_id, st.first_name FROM guardian g
      JOIN guardian_link gl ON gl.guardian_id = g.id JOIN student st ON st.id = gl.student_id
     WHERE g.tg_user_id IS NOT NULL AND g.consent_given_at IS NOT NULL AND st.class_id = ANY(:class_ids)
       AND NOT EXISTS (SELECT 1 FROM post_answer a WHERE a.post_id = :post_id AND a.student_id = st.id)
     ORDER BY g.tg_user_id, st.first_name, st.id
""")


async def mark_reminded(
    session: AsyncSession, actor: Actor, post_id: int, *, now: dt.datetime
) -> tuple[Post, dict[int, tuple[Child, ...]], dt.date]:
    """Who to remind of the question, once a (school's) day at most and only while it is open, and
    that day; the post is marked reminded (the caller enqueues the reminders in the same transaction)."""
    post = await _managed(session, actor, post_id)
    zone = await school_zone(session, post.school_id)
    question = of_post(post, zone)
    assert question is not None
    if post.withdrawn_at is not None:
        raise AccessDenied()
    if not question.open_at(now):
        raise InvalidInput("question-closed")
    today = now.astimezone(zone).date()
    if post.reminded_at is not None and post.reminded_at.astimezone(zone).date() == today:
        raise InvalidInput("question-reminded-today")
    waiting = await waiting_accounts(session, post)
    post.reminded_at = now
    await audit.record(
        session,
        actor,
        "post.question_reminded",
        "post",
        post.id,
        school_id=post.school_id,
        after={"reminded": len(waiting)},
    )
    return post, waiting, today


def answers_file(found: Results, option_names: list[str], headers: list[str]) -> bytes:
    """The answers as an XLSX sheet: class, who, answer, who answered, when (everyone asked, the
    ones not answered with an empty answer)."""
    book, sheet = spreadsheet.new_book("Ответы")
    spreadsheet.append_row(sheet, headers)
    for r in found.respondents:
        spreadsheet.append_row(
            sheet,
            [
                r.class_label,
                r.name,
                option_names[r.choice] if r.choice is not None else "",
                r.answered_by,
                r.answered_at.strftime("%d.%m.%Y %H:%M") if r.answered_at else "",
            ],
        )
    return spreadsheet.saved(book)


def payload(question: Question | None) -> dict[str, Any]:
    """The question's part of a post's notice."""
    if question is None:
        return {}
    return {
        "question": question.kind.value,
        "options": list(question.options),
        "per_child": question.per_child,
        "until": question.until.isoformat() if question.until else None,
    }
