"""Renderers of what everyone reads: announcements, posts (news, events, announcements) with their
questions, and the corrections of posts sent before. Registered with the others (bot/delivery/renderers.py).
The question's buttons and the post's text are shared with the screens (handlers/posts.py)."""

from __future__ import annotations

import datetime as dt

from bot.callbacks import (
    PostAction,
    PostCb,
)
from bot.callbacks_school_life import QuestionAction, QuestionCb
from bot.delivery.renderers import Button, ButtonRow, Notice, RenderContext, renders
from bot.i18n import Translator
from bot.screens import h
from services.events import (
    AnnouncementNotice,
    EventReminderNotice,
    PostCorrectionNotice,
    PostNotice,
    QuestionReminderNotice,
)
from services.questions import Child, Question, QuestionKind


@renders(AnnouncementNotice)
def announcement(event: AnnouncementNotice, context: RenderContext) -> Notice:
    t = context.t
    return Notice(t("notice-announcement", **{"from": h(event.sender)}) + "\n" + h(event.text))


@renders(PostNotice, EventReminderNotice, QuestionReminderNotice)
def post(event: PostNotice, context: RenderContext) -> Notice:
    t = context.t
    body = _post_body(event, t)
    if isinstance(event, EventReminderNotice):
        body = t("post-reminder") + "\n" + body
    if isinstance(event, QuestionReminderNotice):
        body = t("question-reminder") + "\n" + body
    return Notice(body, buttons=_post_buttons(event, t), alone=True)


def _post_body(event: PostNotice, t: Translator) -> str:
    body = post_text(
        t,
        kind=event.post_kind,
        audience=event.audience,
        class_label=event.class_label,
        author=event.sender,
        text=event.text,
        event_at=event.event_at,
        place=event.place,
    )
    asks = _asks(event)
    if asks is not None:
        body += "\n\n" + question_line(
            t, asks.per_child, asks.until, asked=bool(_answer_rows(event, asks, t))
        )
    return body


def _asks(event: PostNotice) -> Question | None:
    if event.question is None:
        return None
    return Question(QuestionKind(event.question), event.options, event.per_child, event.until)


def _answer_rows(event: PostNotice, question: Question, t: Translator) -> tuple[ButtonRow, ...]:
    children = tuple(Child(child.student_id, child.name) for child in event.children)
    if question.per_child and not children:
        return ()  # a question about children: their parents answer it, not a student or a teacher
    chosen = event.chosen if isinstance(event, PostCorrectionNotice) else {}
    return question_rows(t, event.post_id, question, children, chosen)


def _post_buttons(event: PostNotice, t: Translator) -> tuple[ButtonRow, ...]:
    asks = _asks(event)
    rows = _answer_rows(event, asks, t) if asks is not None else ()
    if event.event_at is not None:
        ics = PostCb(action=PostAction.ICS, post_id=event.post_id).pack()
        rows += ((Button(t("btn-post-ics"), ics),),)
    return rows


def question_line(t: Translator, per_child: bool, until: dt.datetime | None, *, asked: bool) -> str:
    """The line under a post that asks: answer with a button (for each child), until when."""
    key = "question-ask-children" if per_child else "question-ask"
    if not asked:
        key = "question-ask-parents"
    line = t(key)
    if until is not None:
        line += " " + t("question-until", when=f"{t.date(until.date())}, {until:%H:%M}")
    return "❓ " + line


def option_names(t: Translator, question: Question) -> list[str]:
    if question.kind is QuestionKind.ACK:
        return [t("question-ack")]
    if question.kind is QuestionKind.YES_NO:
        return [t("question-yes"), t("question-no")]
    return list(question.options)


def question_rows(
    t: Translator, post_id: int, question: Question, children: tuple[Child, ...], chosen: dict[int, int]
) -> tuple[ButtonRow, ...]:
    """The answer buttons: one row of options (each its own row for a choice), per child where the
    question is about children, the option chosen so far marked."""
    names = option_names(t, question)
    rows: list[ButtonRow] = []
    for child in children or (None,):
        who = child.student_id if child else 0
        buttons = [
            Button(
                (CHOSEN if chosen.get(who) == index else "")
                + (f"{child.first_name}: " if child else "")
                + name,
                QuestionCb(
                    action=QuestionAction.ANSWER, post_id=post_id, student_id=who, choice=index
                ).pack(),
            )
            for index, name in enumerate(names)
        ]
        if question.kind is QuestionKind.CHOICE:
            rows += [(button,) for button in buttons]
        else:
            rows.append(tuple(buttons))
    return tuple(rows)


CHOSEN = "✅ "


@renders(PostCorrectionNotice)
def post_correction(event: PostCorrectionNotice, context: RenderContext) -> Notice:
    """In place: the post as it now reads (or struck out, withdrawn); else a short correction."""
    t = context.t
    published = t.date(event.published_at.date())
    title = h(event.text.strip().split("\n", 1)[0])
    if event.change == "withdrawn":
        short = t(f"post-withdrawn-note-{event.post_kind}", date=published, title=title)
        in_place = t("post-withdrawn-in-place") + "\n<s>" + h(event.text) + "</s>"
        buttons: tuple[ButtonRow, ...] = ()
    else:
        short = t(f"post-edited-note-{event.post_kind}", date=published) + "\n" + _post_body(event, t)
        in_place = t("post-edited-in-place") + "\n" + _post_body(event, t)
        buttons = _post_buttons(event, t)
    if event.message_id is None or event.chat_id is None:
        return Notice(short, buttons=buttons, alone=True)
    return Notice(in_place, buttons=buttons, edit=(event.chat_id, event.message_id), fallback=short)


def post_text(
    t: Translator,
    *,
    kind: str,
    audience: str,
    class_label: str | None,
    author: str,
    text: str,
    event_at: dt.datetime | None,
    place: str | None,
) -> str:
    """A news item, an event or an announcement as its readers see it (in the chat and in the section)."""
    audience_note = {
        "staff": t("post-for-staff"),
        "class": t("post-for-class", **{"class": h(class_label or "")}),
        "class_parents": t("post-for-class-parents", **{"class": h(class_label or "")}),
    }.get(audience, "")
    lines = [t(f"post-heading-{kind}", audience=audience_note, **{"from": h(author)})]
    if event_at is not None:
        lines.append(t("post-when", when=f"{t.day_title(event_at.date())}, {event_at:%H:%M}"))
    if place:
        lines.append(t("post-place", place=h(place)))
    lines.append(h(text))
    return "\n".join(lines)
