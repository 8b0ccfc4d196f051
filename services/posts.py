"""News, events and announcements: written by staff with the right, told to their audience, read by it.

Who may write where (the regulation's «Школа», «Учительская» and class pages): the administration for
the school, the staff room and any class; a class teacher for his class (its students and parents, or
its parents only). Who may read is who is told: the same audience queries decide both (those of
services/announcements.py), so a staff-room post never reaches a parent or a student, and a forged
button asking for it is refused. Publishing goes through the outbox (quiet hours, preferences,
Telegram's limits). An event is reminded of the day before and can be added to a phone's calendar.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models import Post, SchoolClass, Staff
from services import access, audit, questions
from services.announcements import ADMINISTRATION, Audience, allowed_classes, recipients
from services.audit import Actor
from services.calendar import school_zone
from services.errors import AccessDenied, InvalidInput
from services.events import EventReminderNotice, PostNotice, QuestionReminderNotice
from services.names import short_name
from services.notify import enqueue, enqueue_rows, rows
from services.questions import Question

TEXT_LIMIT = 3500  # with the heading, one Telegram message
PLACE_LIMIT = 200
PAGE = 5
ANNOUNCEMENT_DAYS = 30  # an announcement is current for a month after it was published


class PostKind(enum.StrEnum):
    NEWS = "news"
    EVENT = "event"
    ANNOUNCEMENT = "announcement"


@dataclass(frozen=True)
class AudienceChoice:
    audience: Audience
    class_id: int | None = None
    class_label: str | None = None


@dataclass(frozen=True)
class Draft:
    kind: PostKind
    audience: Audience
    text: str
    class_id: int | None = None
    event_at: dt.datetime | None = None
    place: str | None = None
    question: Question | None = None


@dataclass(frozen=True)
class PostView:
    post_id: int
    kind: PostKind
    audience: Audience
    class_label: str | None
    text: str
    author: str
    published_at: dt.datetime
    event_at: dt.datetime | None  # in the school's time
    place: str | None
    edited_at: dt.datetime | None = None
    withdrawn_at: dt.datetime | None = None

    @property
    def title(self) -> str:
        return self.text.strip().split("\n", 1)[0]


# ---- writing ------------------------------------------------------------------------------------------

_CURRENT_CLASSES = text("""
    SELECT c.id, c.grade_level, c.letter FROM school_class c
     WHERE c.academic_year_id = (SELECT y.id FROM academic_year y WHERE y.school_id = :school_id
                                  ORDER BY y.starts_on DESC LIMIT 1)
     ORDER BY c.grade_level, c.letter
""")


def may_write(actor: Actor, school_id: int) -> bool:
    """The administration, or a class teacher (for his classes)."""
    if access.holds_any_role(actor, ADMINISTRATION, school_id):
        return True
    return bool(actor.context and any(g.school_id == school_id and g.class_ids for g in actor.context.grants))


async def audiences(session: AsyncSession, actor: Actor, school_id: int) -> list[AudienceChoice]:
    """Where this person may publish: the school and the staff room (administration), and classes."""
    if not may_write(actor, school_id):
        raise AccessDenied()
    admin = access.holds_any_role(actor, ADMINISTRATION, school_id)
    choices = [AudienceChoice(Audience.SCHOOL), AudienceChoice(Audience.STAFF)] if admin else []
    for row in await session.execute(_CURRENT_CLASSES, {"school_id": school_id}):
        if admin or access.leads_class(actor, row.id):
            label = f"{row.grade_level}{row.letter}"
            choices.append(AudienceChoice(Audience.CLASS, row.id, label))
            choices.append(AudienceChoice(Audience.CLASS_PARENTS, row.id, label))
    return choices


_WHEN = re.compile(
    r"^\s*(\d{1,2})\.(\d{1,2})(?:\.(\d{2}|\d{4}))?\s*(?:,|\s)\s*(?:в\s+|at\s+)?(\d{1,2})[:.](\d{2})\s*$",
    re.IGNORECASE,
)


def parse_when(typed: str, now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """«15.12 18:30» (or with the year: «15.12.2026 18:30») in the school's time. Without a year, the
    next such date: in December, «15.01» is January next year."""
    found = _WHEN.match(typed)
    if found is None:
        raise InvalidInput("post-event-time")
    day, month, year, hour, minute = found.groups()
    today = now.astimezone(zone).date()
    try:
        if year is None:
            when = dt.datetime(today.year, int(month), int(day), int(hour), int(minute), tzinfo=zone)
            if when.date() < today:
                when = when.replace(year=today.year + 1)
        else:
            full_year = int(year) + (2000 if len(year) == 2 else 0)
            when = dt.datetime(full_year, int(month), int(day), int(hour), int(minute), tzinfo=zone)
    except ValueError:  # 31.02, 25:00
        raise InvalidInput("post-event-time") from None
    if when < now:
        raise InvalidInput("post-event-time")
    return when


def check_draft(draft: Draft, now: dt.datetime) -> Draft:
    """A post as it may be published: text within the limit, an event with a time not yet passed."""
    body = draft.text.strip()
    if not body or len(body) > TEXT_LIMIT:
        raise InvalidInput("post-text", limit=TEXT_LIMIT)
    if draft.kind is PostKind.EVENT:
        if draft.event_at is None or draft.event_at < now:
            raise InvalidInput("post-event-time")
        if draft.place is not None and len(draft.place) > PLACE_LIMIT:
            raise InvalidInput("post-place", limit=PLACE_LIMIT)
    elif draft.event_at is not None or draft.place is not None:
        raise InvalidInput("post-event-time")
    question = questions.check(draft.question, draft.audience, now) if draft.question else None
    return Draft(draft.kind, draft.audience, body, draft.class_id, draft.event_at, draft.place, question)


async def audience_size(session: AsyncSession, actor: Actor, school_id: int, draft: Draft) -> int:
    """How many the draft would reach now (the preview says so before the writer publishes)."""
    return len(await _told(session, actor, school_id, draft))


async def _told(session: AsyncSession, actor: Actor, school_id: int, draft: Draft) -> list[int]:
    """The audience's accounts but the writer's own (he has the preview and the confirmation)."""
    class_ids = await allowed_classes(session, actor, school_id, draft.audience, draft.class_id)
    everyone = await recipients(session, school_id, draft.audience, class_ids)
    return [account for account in everyone if account != actor.tg_user_id]


async def publish(
    session: AsyncSession, actor: Actor, school_id: int, draft: Draft, *, now: dt.datetime
) -> tuple[int, int]:
    """Save the post and tell its audience; returns (post id, how many are told)."""
    draft = check_draft(draft, now)
    told = await _told(session, actor, school_id, draft)
    author_id = access.staff_id(actor, school_id)
    post = Post(
        school_id=school_id,
        kind=draft.kind.value,
        audience=draft.audience.value,
        class_id=draft.class_id if draft.audience in (Audience.CLASS, Audience.CLASS_PARENTS) else None,
        text=draft.text,
        event_at=draft.event_at,
        place=draft.place,
        author_id=author_id,
        author_name=await _author_name(session, author_id),
        published_at=now,
    )
    if draft.question is not None:
        post.question = draft.question.kind.value
        post.options = list(draft.question.options)
        post.per_child = draft.question.per_child
        post.answers_until = draft.question.until
    session.add(post)
    await session.flush()
    await audit.record(
        session,
        actor,
        "post.published",
        "post",
        post.id,
        school_id=school_id,
        after={
            "kind": post.kind,
            "audience": post.audience,
            "class_id": post.class_id,
            "text": post.text,
            **questions.payload(draft.question),
        },
    )
    await tell(session, post, told, PostNotice, now=now, event_key=f"post:{post.id}")
    return post.id, len(told)


async def tell(
    session: AsyncSession,
    post: Post,
    accounts: list[int],
    event_type: type[PostNotice],
    *,
    now: dt.datetime,
    event_key: str,
    children: dict[int, tuple[questions.Child, ...]] | None = None,
) -> int:
    """The post to these accounts, each with the children he answers its question for (a question
    about children: their parents' own; given, or looked up in the post's classes)."""
    payload = await notice_payload(session, post)
    if not post.per_child:
        event = event_type.model_validate(payload)
        return await enqueue(
            session,
            school_id=post.school_id,
            recipients=accounts,
            event=event,
            not_before=now,
            event_key=event_key,
        )
    if children is None:
        children = await questions.children_by_parent(session, await questions.post_classes(session, post))
    batch = []
    for account in accounts:
        asked = [{"student_id": c.student_id, "name": c.first_name} for c in children.get(account, ())]
        event = event_type.model_validate({**payload, "children": asked})
        batch += rows(
            school_id=post.school_id, recipients=[account], event=event, not_before=now, event_key=event_key
        )
    await enqueue_rows(session, batch)
    return len(batch)


async def remind_unanswered(session: AsyncSession, actor: Actor, post_id: int, *, now: dt.datetime) -> int:
    """Those who have not answered the post's question are reminded (once a school day); how many."""
    post, waiting, today = await questions.mark_reminded(session, actor, post_id, now=now)
    return await tell(
        session,
        post,
        list(waiting),
        QuestionReminderNotice,
        now=now,
        event_key=f"question-reminder:{post.id}:{today.isoformat()}",
        children=waiting if post.per_child else None,
    )


async def author_of(session: AsyncSession, actor: Actor, school_id: int) -> str:
    """How the writer is named under his posts («Федорова Н. И.»), for the preview."""
    return await _author_name(session, access.staff_id(actor, school_id))


async def _author_name(session: AsyncSession, staff_id: int | None) -> str:
    person = await session.get(Staff, staff_id) if staff_id is not None else None
    if person is None:
        return ""
    return short_name(person.last_name, person.first_name, person.middle_name)


async def notice_payload(session: AsyncSession, post: Post) -> dict[str, Any]:
    zone = await school_zone(session, post.school_id)
    label = None
    if post.class_id is not None:
        school_class = await session.get(SchoolClass, post.class_id)
        label = school_class.label if school_class else None
    return {
        "post_id": post.id,
        "post_kind": post.kind,
        "audience": post.audience,
        "class": label,
        "from": post.author_name,
        "text": post.text,
        "event_at": post.event_at.astimezone(zone).isoformat() if post.event_at else None,
        "place": post.place,
        **questions.payload(questions.of_post(post, zone)),
    }


# ---- reading ------------------------------------------------------------------------------------------

# The posts an account may read: exactly those whose audience it belongs to (as delivery decides), and
# a class's posts also for those who may write to that class (its class teacher, the administration).
_VISIBLE = """
    WITH me_staff AS (
        SELECT s.id, s.is_coordinator OR s.is_deputy AS admin FROM staff s
         WHERE s.school_id = :school_id AND s.tg_user_id = :uid),
    current_classes AS (
        SELECT c.id FROM school_class c WHERE c.academic_year_id = (
            SELECT y.id FROM academic_year y WHERE y.school_id = :school_id
             ORDER BY y.starts_on DESC LIMIT 1)),
    family AS (
        SELECT st.class_id, false AS parent FROM student st
         WHERE st.tg_user_id = :uid AND st.class_id IN (SELECT id FROM current_classes)
        UNION
        SELECT st.class_id, true FROM guardian g
          JOIN guardian_link gl ON gl.guardian_id = g.id JOIN student st ON st.id = gl.student_id
         WHERE g.tg_user_id = :uid AND g.consent_given_at IS NOT NULL
           AND st.class_id IN (SELECT id FROM current_classes)),
    writes_for AS (
        SELECT c.id FROM school_class c JOIN me_staff s ON c.class_teacher_id = s.id
        UNION SELECT id FROM current_classes WHERE EXISTS (SELECT 1 FROM me_staff WHERE admin))
    SELECT p.id, p.kind, p.audience, p.text, p.author_name, p.published_at, p.event_at, p.place,
           p.edited_at, p.withdrawn_at, c.grade_level || c.letter AS class_label
      FROM post p LEFT JOIN school_class c ON c.id = p.class_id
     WHERE p.school_id = :school_id AND p.withdrawn_at IS NULL AND ({filter}) AND (
           (p.audience = 'school' AND (EXISTS (SELECT 1 FROM me_staff) OR EXISTS (SELECT 1 FROM family)))
        OR (p.audience = 'staff' AND EXISTS (SELECT 1 FROM me_staff))
        OR (p.audience = 'class' AND (p.class_id IN (SELECT class_id FROM family)
                                      OR p.class_id IN (SELECT id FROM writes_for)))
        OR (p.audience = 'class_parents' AND (p.class_id IN (SELECT class_id FROM family WHERE parent)
                                              OR p.class_id IN (SELECT id FROM writes_for))))
"""
_LISTS = {
    PostKind.NEWS: ("p.kind = 'news'", "p.published_at DESC, p.id DESC"),
    PostKind.EVENT: ("p.kind = 'event' AND p.event_at >= :since", "p.event_at, p.id"),
    PostKind.ANNOUNCEMENT: (
        "p.kind = 'announcement' AND p.published_at >= :since",
        "p.published_at DESC, p.id DESC",
    ),
}
_LIST = {
    kind: text(_VISIBLE.format(filter=condition) + f" ORDER BY {order} LIMIT :limit OFFSET :offset")
    for kind, (condition, order) in _LISTS.items()
}
_ONE = text(_VISIBLE.format(filter="p.id = :post_id"))


async def latest(
    session: AsyncSession, actor: Actor, school_id: int, kind: PostKind, *, now: dt.datetime, page: int = 0
) -> tuple[list[PostView], bool]:
    """A page of what this person may read: the latest news, the events to come (from today on), the
    announcements of the last month. Returns the page and whether there is more."""
    zone = await school_zone(session, school_id)
    since = _since(kind, now, zone)
    params = {
        "school_id": school_id,
        "uid": _account(actor),
        "since": since,
        "limit": PAGE + 1,
        "offset": max(page, 0) * PAGE,
    }
    rows = [view_of_row(row, zone) for row in await session.execute(_LIST[kind], params)]
    return rows[:PAGE], len(rows) > PAGE


async def read(session: AsyncSession, actor: Actor, school_id: int, post_id: int) -> PostView:
    """One post, if this person may read it (a forged id of a staff-room post is refused)."""
    params = {"school_id": school_id, "uid": _account(actor), "post_id": post_id}
    row = (await session.execute(_ONE, params)).first()
    if row is None:
        raise AccessDenied()
    return view_of_row(row, await school_zone(session, school_id))


def _account(actor: Actor) -> int:
    if actor.tg_user_id is None:
        raise AccessDenied()
    return actor.tg_user_id


def _since(kind: PostKind, now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    if kind is PostKind.EVENT:  # today's events stay listed all day
        today = now.astimezone(zone).date()
        return dt.datetime.combine(today, dt.time(0), zone)
    return now - dt.timedelta(days=ANNOUNCEMENT_DAYS)


def view_of_row(row: Any, zone: ZoneInfo) -> PostView:
    return PostView(
        post_id=row.id,
        kind=PostKind(row.kind),
        audience=Audience(row.audience),
        class_label=row.class_label,
        text=row.text,
        author=row.author_name,
        published_at=row.published_at.astimezone(zone),
        event_at=row.event_at.astimezone(zone) if row.event_at else None,
        place=row.place,
        edited_at=row.edited_at.astimezone(zone) if row.edited_at else None,
        withdrawn_at=row.withdrawn_at.astimezone(zone) if row.withdrawn_at else None,
    )


# ---- events: the reminder the day before, and the calendar file ----------------------------------------

_TOMORROWS_EVENTS = text("""
    SELECT p.id FROM post p JOIN school s ON s.id = p.school_id
     WHERE p.school_id = :school_id AND p.kind = 'event'
       AND (p.event_at AT TIME ZONE s.timezone)::date = :day AND p.withdrawn_at IS NULL
     ORDER BY p.event_at
""")


async def remind_events(
    session: AsyncSession, school_id: int, today: dt.date, *, now: dt.datetime, run_key: str
) -> int:
    """The day before an event its audience is reminded (those who joined since are told too)."""
    sent = 0
    day = today + dt.timedelta(days=1)
    for post_id in list(await session.scalars(_TOMORROWS_EVENTS, {"school_id": school_id, "day": day})):
        post = await session.get(Post, post_id)
        assert post is not None
        class_ids = (
            [post.class_id] if post.class_id is not None else await _current_class_ids(session, school_id)
        )
        told = await recipients(session, school_id, Audience(post.audience), class_ids)
        sent += await tell(
            session, post, told, EventReminderNotice, now=now, event_key=f"{run_key}:{post.id}"
        )
    return sent


async def _current_class_ids(session: AsyncSession, school_id: int) -> list[int]:
    return [row.id for row in await session.execute(_CURRENT_CLASSES, {"school_id": school_id})]


EVENT_HOURS = dt.timedelta(hours=1)  # an event's length in the calendar file: the post gives its start


def ics(view: PostView, school_name: str, host: str = "schoolbot") -> bytes:
    """The event as an iCalendar file (RFC 5545) that a phone's calendar adds in one tap."""
    if view.event_at is None:
        raise InvalidInput("post-not-event")
    start = view.event_at.astimezone(dt.UTC)
    stamp = view.published_at.astimezone(dt.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//schoolbot//school journal//RU",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:post-{view.post_id}@{host}",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
        f"DTEND:{start + EVENT_HOURS:%Y%m%dT%H%M%SZ}",
        f"SUMMARY:{_ics_text(view.title)}",
        f"DESCRIPTION:{_ics_text(view.text)}",
        f"X-WR-CALNAME:{_ics_text(school_name)}",
    ]
    if view.place:
        lines.append(f"LOCATION:{_ics_text(view.place)}")
    lines += ["BEGIN:VALARM", "TRIGGER:-PT1H", "ACTION:DISPLAY", f"DESCRIPTION:{_ics_text(view.title)}"]
    lines += ["END:VALARM", "END:VEVENT", "END:VCALENDAR"]
    return "".join(_fold(line) + "\r\n" for line in lines).encode()


def _ics_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str, limit: int = 75) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545 §3.1), never inside a character."""
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > limit:
            parts.append(current.decode())
            current, limit = b"", 74  # a continuation line starts with the space
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)
