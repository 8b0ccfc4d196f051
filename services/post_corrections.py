"""Correcting a post after it went out: its text edited, or the post withdrawn.

The author (or the administration) corrects a post; what its readers already have is corrected too.
A message delivered less than EDIT_WINDOW ago is edited in place (the messenger lets a bot edit its
message; an edit days later would go unnoticed, so past the window the reader gets one short
correction instead); a message still waiting (quiet hours) is replaced before it goes; a reader with
only older messages gets the short correction. A withdrawn post leaves every reader's list and stays,
with its text before every edit (in the audit log), in the administration's archive.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models import Post
from services import access, audit, questions
from services.announcements import ADMINISTRATION
from services.audit import Actor
from services.calendar import school_zone
from services.errors import AccessDenied, InvalidInput
from services.events import PostCorrectionNotice
from services.notify import enqueue_rows, new_event_key, rows
from services.posts import TEXT_LIMIT, PostView, notice_payload, view_of_row
from services.questions import ReaderQuestion

EDIT_WINDOW = dt.timedelta(hours=48)  # Telegram's: a bot's message is corrected in place within it
ARCHIVE_PAGE = 10
POST_KINDS = ("post", "event_reminder", "question_reminder", "post_correction")  # a post's messages


def may_correct(actor: Actor, post: Post) -> bool:
    """The author, or the administration of the post's school."""
    if access.holds_any_role(actor, ADMINISTRATION, post.school_id):
        return True
    return post.author_id is not None and access.staff_id(actor, post.school_id) == post.author_id


async def _correctable(session: AsyncSession, actor: Actor, post_id: int) -> Post:
    post = await session.get(Post, post_id)
    if post is None or not may_correct(actor, post):
        raise AccessDenied()
    if post.withdrawn_at is not None:
        raise InvalidInput("post-withdrawn")
    return post


@dataclass(frozen=True)
class Corrected:
    in_place: int  # messages edited where they are
    corrections: int  # short corrections sent anew
    replaced: int  # messages not yet delivered, replaced (or cancelled) before they go


# Every message this post brought (or will bring): a reader's copies, the reminders, earlier corrections.
_MESSAGES = text("""
    SELECT o.id, o.tg_user_id, coalesce(o.sent_chat_id, o.tg_user_id) AS chat, o.sent_message_id, o.sent_at,
           o.status, o.payload
      FROM outbox o
     WHERE o.school_id = :school_id AND o.kind = ANY(:kinds) AND o.payload ->> 'post_id' = :post_id
       AND o.status IN ('pending', 'held', 'sending', 'sent')
     ORDER BY o.id
""")
# The messages still waiting, replaced or cancelled; those the sender took meanwhile are not among
# the ids returned, and get a correction like the ones already sent.
_REPLACE_WAITING = text("""
    UPDATE outbox SET payload = payload || CAST(:changes AS jsonb)
     WHERE id = ANY(:ids) AND status IN ('pending', 'held') RETURNING id
""")
_CANCEL_WAITING = text("""
    UPDATE outbox SET status = 'cancelled', last_error = 'the post was withdrawn'
     WHERE id = ANY(:ids) AND status IN ('pending', 'held') RETURNING id
""")


async def edit(
    session: AsyncSession, actor: Actor, post_id: int, new_text: str, *, now: dt.datetime
) -> Corrected:
    """The post's text corrected; its readers' messages corrected as above."""
    post = await _correctable(session, actor, post_id)
    body = new_text.strip()
    if not body or len(body) > TEXT_LIMIT:
        raise InvalidInput("post-text", limit=TEXT_LIMIT)
    if body == post.text:
        raise InvalidInput("post-unchanged")
    before = post.text
    post.text, post.edited_at = body, now
    await audit.record(
        session,
        actor,
        "post.edited",
        "post",
        post.id,
        school_id=post.school_id,
        before={"text": before},
        after={"text": body},
    )
    return await _correct(session, post, "edited", now=now)


async def withdraw(session: AsyncSession, actor: Actor, post_id: int, *, now: dt.datetime) -> Corrected:
    """The post withdrawn: gone from the lists, its messages struck out (or a short note sent)."""
    post = await _correctable(session, actor, post_id)
    post.withdrawn_at = now
    await audit.record(
        session,
        actor,
        "post.withdrawn",
        "post",
        post.id,
        school_id=post.school_id,
        before={"text": post.text},
        after={"withdrawn_at": now.isoformat()},
    )
    return await _correct(session, post, "withdrawn", now=now)


async def _correct(session: AsyncSession, post: Post, change: str, *, now: dt.datetime) -> Corrected:
    params = {"school_id": post.school_id, "kinds": list(POST_KINDS), "post_id": str(post.id)}
    messages = list(await session.execute(_MESSAGES, params))
    waiting = [m.id for m in messages if m.status in ("pending", "held")]
    if change == "withdrawn":
        done = await session.scalars(_CANCEL_WAITING, {"ids": waiting})
    else:
        done = await session.scalars(
            _REPLACE_WAITING, {"ids": waiting, "changes": _json({"text": post.text})}
        )
    replaced = set(done)
    zone = await school_zone(session, post.school_id)
    base = {
        **await notice_payload(session, post),
        "change": change,
        "published_at": post.published_at.astimezone(zone).isoformat(),
    }
    answers = await _answers(session, post.id)
    key = new_event_key()
    batch: list[dict[str, Any]] = []
    in_place: set[tuple[int, int]] = set()
    late: dict[int, list[dict[str, Any]]] = {}  # the reader -> the children his buttons ask about
    for m in messages:
        asked = m.payload.get("children", [])
        taken = m.status in ("pending", "held") and m.id not in replaced  # the sender took it meanwhile
        if m.status == "sending" or taken or (m.status == "sent" and not _editable(m, now)):
            late[m.tg_user_id] = asked  # in flight, or too old to edit: a short correction follows
        if m.status != "sent" or not _editable(m, now) or (m.chat, m.sent_message_id) in in_place:
            continue
        in_place.add((m.chat, m.sent_message_id))
        # The reader's buttons stay on the message, his answers marked as they were.
        event = PostCorrectionNotice.model_validate(
            {
                **base,
                "children": asked,
                "chosen": _chosen(answers, m.tg_user_id, asked),
                "message_id": m.sent_message_id,
                "chat_id": m.chat,
            }
        )
        batch += _rows_for(post, m.tg_user_id, event, now, f"{key}:{m.sent_message_id}")
    for account, asked in sorted(late.items()):
        event = PostCorrectionNotice.model_validate(
            {**base, "children": asked, "chosen": _chosen(answers, account, asked)}
        )
        batch += _rows_for(post, account, event, now, key)
    await enqueue_rows(session, batch)
    return Corrected(len(in_place), len(late), len(replaced))


def _rows_for(
    post: Post, account: int, event: PostCorrectionNotice, now: dt.datetime, key: str
) -> list[dict[str, Any]]:
    return rows(school_id=post.school_id, recipients=[account], event=event, not_before=now, event_key=key)


async def _answers(session: AsyncSession, post_id: int) -> dict[tuple[str, int], int]:
    """The post's answers so far: ("child", student id) or ("person", account) -> the option."""
    found = await session.execute(
        text("SELECT account, student_id, choice FROM post_answer WHERE post_id = :post_id"),
        {"post_id": post_id},
    )
    return {
        ("child", row.student_id) if row.student_id is not None else ("person", row.account): row.choice
        for row in found
    }


def _chosen(answers: dict[tuple[str, int], int], account: int, asked: list[dict[str, Any]]) -> dict[int, int]:
    """What the reader sees chosen on his buttons: his children's answers, or his own (as 0)."""
    if asked:
        ids = [int(child["student_id"]) for child in asked]
        return {i: answers[("child", i)] for i in ids if ("child", i) in answers}
    own = answers.get(("person", account))
    return {0: own} if own is not None else {}


def _editable(message: Any, now: dt.datetime) -> bool:
    return (
        message.sent_message_id is not None
        and message.sent_at is not None
        and now - message.sent_at < EDIT_WINDOW
    )


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False)


# ---- the administration's archive ------------------------------------------------------------------------

_ARCHIVE = text("""
    SELECT p.id, p.kind, p.audience, p.text, p.author_name, p.published_at, p.event_at, p.place,
           p.edited_at, p.withdrawn_at, c.grade_level || c.letter AS class_label
      FROM post p LEFT JOIN school_class c ON c.id = p.class_id
     WHERE p.school_id = :school_id AND p.withdrawn_at IS NOT NULL AND (CAST(:post_id AS bigint) IS NULL
                                                                        OR p.id = :post_id)
     ORDER BY p.withdrawn_at DESC, p.id DESC
     LIMIT :limit OFFSET :offset
""")


async def archive(
    session: AsyncSession, actor: Actor, school_id: int, *, page: int = 0, post_id: int | None = None
) -> tuple[list[PostView], bool]:
    """Withdrawn posts, the latest first (the administration only): nothing withdrawn is lost."""
    access.require_any_role(actor, ADMINISTRATION, school_id)
    params = {
        "school_id": school_id,
        "post_id": post_id,
        "limit": ARCHIVE_PAGE + 1,
        "offset": max(page, 0) * ARCHIVE_PAGE,
    }
    zone = await school_zone(session, school_id)
    found = [view_of_row(row, zone) for row in await session.execute(_ARCHIVE, params)]
    if post_id is not None and not found:
        raise AccessDenied()
    return found[:ARCHIVE_PAGE], len(found) > ARCHIVE_PAGE


@dataclass(frozen=True)
class PostExtras:
    """What a post's screen offers this person besides reading it."""

    question: ReaderQuestion | None  # he answers it (for himself, or for his children)
    sees_answers: bool  # the tally of its question
    may_correct: bool  # edit or withdraw it


async def extras(session: AsyncSession, actor: Actor, post_id: int) -> PostExtras:
    post = await session.get(Post, post_id)
    if post is None:
        raise AccessDenied()
    return PostExtras(
        question=await questions.for_reader(session, actor, post),
        sees_answers=post.question is not None and questions.may_see_answers(actor, post),
        may_correct=may_correct(actor, post) and post.withdrawn_at is None,
    )
