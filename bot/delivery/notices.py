"""Outbox rows as the messages people read: one message per recipient for what fell due together.

Rows about a child go under the child's name, homework under the class, work messages (a
substitution, an unlocked lesson) stand alone. A message that would pass Telegram's limit is split
between rows, never inside one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bot.callbacks import (
    AckCb,
    ControlAction,
    ControlCb,
    FinalsAction,
    FinalsCb,
    LessonCb,
    PostAction,
    PostCb,
    SubjectMarksCb,
    SummaryAction,
    SummaryCb,
    ThreadAction,
    ThreadCb,
)
from bot.i18n import Translator
from bot.screens import h
from services.control_report import NO_MARKS_DAYS
from services.delivery import OutboxRow, Parcel

TEXT_LIMIT = 4096
MAX_BUTTONS = 8
MAX_LESSON_BUTTONS = 16


@dataclass
class Outgoing:
    chat_id: int
    text: str
    reply_markup: dict[str, Any] | None
    row_ids: list[int] = field(default_factory=list)


@dataclass
class _Section:
    heading: str | None
    blocks: list[tuple[int, str]] = field(default_factory=list)  # (row id, text)


def render(parcel: Parcel, t: Translator, teachers: dict[int, str]) -> list[Outgoing]:
    sections: dict[tuple[Any, ...], _Section] = {}
    buttons: dict[tuple[int, int], str] = {}
    for row in parcel.rows:
        key, heading = _section_of(row, t)
        sections.setdefault(key, _Section(heading)).blocks.append((row.id, _block(row, t, teachers)))
        button = _subject_button(row)
        if button is not None and len(buttons) < MAX_BUTTONS:
            buttons.setdefault(button[0], button[1])
    markup = _markup(buttons, t)
    lessons = [lesson for row in parcel.rows if row.kind == "nudge" for lesson in _nudged_lessons(row)]
    if lessons:
        markup = _with_lesson_buttons(markup, lessons)
    for row in parcel.rows:
        if row.kind == "absence_summary":
            markup = _with_summary_buttons(markup, row.payload, t)
        if row.kind == "finals_reminder":
            markup = _with_finals_buttons(markup, row.payload)
        if row.kind == "thread_message":
            markup = _with_thread_buttons(markup, row.payload, t)
        if row.kind in ("post", "event_reminder") and row.payload.get("event_at"):
            ics = PostCb(action=PostAction.ICS, post_id=row.payload["post_id"])
            ics_row = [{"text": t("btn-post-ics"), "callback_data": ics.pack()}]
            markup = {"inline_keyboard": [*(markup or {}).get("inline_keyboard", []), ics_row]}
        if row.kind == "control_report":
            file = ControlCb(
                action=ControlAction.XLSX,
                school_id=row.payload["school_id"],
                period_id=row.payload["period_id"],
            )
            file_row = [{"text": t("btn-control-xlsx"), "callback_data": file.pack()}]
            markup = {"inline_keyboard": [*(markup or {}).get("inline_keyboard", []), file_row]}
    messages = _pack(parcel.recipient.chat_id, list(sections.values()), markup)
    _add_acknowledge_buttons(messages, {row.id for row in parcel.rows if row.kind in ACKNOWLEDGED}, t)
    return messages


# What the family confirms it has read («Ознакомлен»): the button goes on every message holding one,
# since pressing it acknowledges what that very message brought (services.acknowledgements).
ACKNOWLEDGED = ("remark", "final")


def _with_thread_buttons(markup: dict[str, Any] | None, p: dict[str, Any], t: Translator) -> dict[str, Any]:
    """«Ответить» under a relayed message (and, for the staff side, «не присылать»); once per thread."""
    rows = list((markup or {}).get("inline_keyboard", []))
    reply = ThreadCb(action=ThreadAction.REPLY, thread_id=p["thread_id"]).pack()
    if any(button.get("callback_data") == reply for row in rows for button in row):
        return {"inline_keyboard": rows}
    row = [{"text": t("btn-thread-reply"), "callback_data": reply}]
    if p["from_family"]:
        mute = ThreadCb(action=ThreadAction.MUTE, thread_id=p["thread_id"]).pack()
        row.append({"text": t("btn-thread-mute"), "callback_data": mute})
    return {"inline_keyboard": [*rows, row]}


def _add_acknowledge_buttons(messages: list[Outgoing], acknowledged: set[int], t: Translator) -> None:
    for message in messages:
        if acknowledged.intersection(message.row_ids):
            rows = list((message.reply_markup or {}).get("inline_keyboard", []))
            rows.insert(0, [{"text": t("btn-acknowledge"), "callback_data": AckCb().pack()}])
            message.reply_markup = {"inline_keyboard": rows}


def _section_of(row: OutboxRow, t: Translator) -> tuple[tuple[Any, ...], str | None]:
    p = row.payload
    if row.kind in ("mark", "attendance", "remark", "final") and p.get("student"):
        return ("student", p.get("student_id")), t("notice-about-student", student=h(p["student"]))
    if row.kind == "homework" and p.get("class"):
        return ("class", p["class"]), t("notice-about-class", **{"class": h(p["class"])})
    return ("row", row.id), None


def _block(row: OutboxRow, t: Translator, teachers: dict[int, str]) -> str:
    p = row.payload
    try:
        if row.kind == "mark":
            return _mark(p, t, teachers)
        if row.kind == "attendance":
            return _attendance(p, t)
        if row.kind == "homework":
            return _homework(p, t)
        if row.kind == "remark":
            return t("notice-remark", author=h(p["author"])) + "\n" + h(p["text"])
        if row.kind == "final":
            return _final(p, t)
        if row.kind == "nudge":
            return _nudge(p, t)
        if row.kind == "absence_summary":
            return week_text(p, t)
        if row.kind == "control_report":
            return control_text(p, t)
        if row.kind in ("finals_reminder", "finals_missing"):
            return _finals_missing(row.kind, p, t)
        if row.kind == "announcement":
            return t("notice-announcement", **{"from": h(p.get("from", ""))}) + "\n" + h(p.get("text", ""))
        if row.kind in ("post", "event_reminder"):
            return _post(row.kind, p, t)
        if row.kind == "thread_message":
            return _thread_message(p, t)
        if row.kind == "absence_note":
            dates = t.date_range(dt.date.fromisoformat(p["from"]), dt.date.fromisoformat(p["to"]))
            names = {"student": h(p["student"]), "class": h(p["class"]), "reason": h(p["reason"])}
            return t("notice-absence-note", dates=dates, parent=h(p.get("parent", "")), **names)
        return _work(row.kind, p, t)
    except (KeyError, TypeError, ValueError):
        # A row written by another version: the person still learns something happened.
        return t("notice-unknown")


def _thread_message(p: dict[str, Any], t: Translator) -> str:
    names = {"student": h(p["student"]), "class": h(p.get("class", ""))}
    if p["from_family"]:
        heading = t("notice-thread-to-staff", **{"from": h(p["from"])}, **names)
    else:
        heading = t("notice-thread-to-family", staff=h(p["staff"]), **names)
    return heading + "\n" + h(p["text"])


def _post(kind: str, p: dict[str, Any], t: Translator) -> str:
    when = dt.datetime.fromisoformat(p["event_at"]) if p.get("event_at") else None
    body = post_text(
        t,
        kind=p["post_kind"],
        audience=p["audience"],
        class_label=p.get("class"),
        author=p["from"],
        text=p["text"],
        event_at=when,
        place=p.get("place"),
    )
    return t("post-reminder") + "\n" + body if kind == "event_reminder" else body


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


def _day(p: dict[str, Any], t: Translator, key: str = "date") -> str:
    return t.date(dt.date.fromisoformat(p[key]))


def _mark(p: dict[str, Any], t: Translator, teachers: dict[int, str]) -> str:
    mark, previous = p.get("mark"), p.get("previous")
    common = {
        "subject": h(p["subject"]),
        "date": _day(p, t),
        "teacher": h(teachers.get(p.get("teacher_id") or 0, "")),
    }
    if mark is None:
        assert previous is not None, "a removed mark had a value before"
        return t("notice-mark-removed", before=previous["value"], **common)
    kind = h(mark.get("kind", ""))
    if previous is None:
        text = t("notice-mark-created", value=mark["value"], kind=kind, **common)
    elif (previous["value"], previous.get("kind")) == (mark["value"], mark.get("kind")):
        # Only the comment changed: the mark itself is not "corrected".
        text = t("notice-mark-commented", value=mark["value"], **common)
    else:
        text = t("notice-mark-changed", before=previous["value"], value=mark["value"], kind=kind, **common)
    if mark.get("comment"):
        text += "\n" + t("notice-mark-comment", comment=h(mark["comment"]))
    return text


def _nudge(p: dict[str, Any], t: Translator) -> str:
    lines = [t("notice-nudge-last" if p.get("last") else "notice-nudge", date=_day(p, t))]
    for lesson in p["lessons"]:
        missing = ", ".join(t(f"notice-nudge-missing-{part}") for part in lesson["missing"])
        lines.append(
            t(
                "notice-nudge-lesson",
                number=lesson["lesson_number"],
                **{"class": h(lesson["class"])},
                subject=h(lesson["subject"]),
                missing=missing,
            )
        )
    return "\n".join(lines)


def _nudged_lessons(row: OutboxRow) -> list[dict[str, Any]]:
    lessons = row.payload.get("lessons")
    return (
        [lesson for lesson in lessons if isinstance(lesson.get("lesson_id"), int)]
        if isinstance(lessons, list)
        else []
    )


def _with_lesson_buttons(markup: dict[str, Any] | None, lessons: list[dict[str, Any]]) -> dict[str, Any]:
    """A button straight to each listed lesson's card, before any other button."""
    rows = [
        [
            {
                "text": f"{lesson['lesson_number']} · {lesson['class']} {lesson['subject']}"[:64],
                "callback_data": LessonCb(lesson_id=lesson["lesson_id"]).pack(),
            }
        ]
        for lesson in lessons[:MAX_LESSON_BUTTONS]
    ]
    return {"inline_keyboard": rows + list((markup or {}).get("inline_keyboard", []))}


def week_text(p: dict[str, Any], t: Translator) -> str:
    """The class's week of absences and lateness, per student by day and subject, with totals (also
    the class teacher's on-demand screen)."""
    lines = [t("summary-title", monday=_day(p, t, "monday"), **{"class": h(p["class"])})]
    totals = {"absent": 0, "excused": 0, "late": 0}
    for student in p["students"]:
        misses = student["misses"]
        absent = sum(m[3] == "absent" for m in misses)
        excused = sum(m[3] == "absent" and m[4] for m in misses)
        late = sum(m[3] == "late" for m in misses)
        totals["absent"] += absent
        totals["excused"] += excused
        totals["late"] += late
        lines.append(t("summary-student", name=h(student["name"]), absent=absent, excused=excused, late=late))
        by_day: dict[str, list[str]] = {}
        for day, number, subject, status, is_excused in misses:
            mark = t("summary-excused" if is_excused else f"summary-{status}")
            by_day.setdefault(day, []).append(f"{number} {h(subject)} {mark}")
        for day, items in by_day.items():
            lines.append(f"   {dt.date.fromisoformat(day):%d.%m}: " + "; ".join(items))
    if not p["students"]:
        lines.append(t("summary-nobody"))
    else:
        lines.append(t("summary-total", **totals))
    return "\n".join(lines)


def control_text(p: dict[str, Any], t: Translator) -> str:
    """The control report: how much is complete, then what is not, worst first as the file lists it."""
    period = t("family-marks-period", number=p["period_number"], kind=p["period_kind"])
    lines = [
        t("control-title", period=period, until=_day(p, t, "until")),
        t("control-complete", complete=p["lines"] - p["incomplete_count"], total=p["lines"]),
    ]
    for item in p["incomplete"]:
        gaps = [
            t(f"control-gap-{key.replace('_', '-')}", count=item[key])
            for key in ("no_attendance", "no_topic", "no_homework")
            if item[key]
        ]
        days = item.get("days_without_marks")
        if days is not None and days > NO_MARKS_DAYS:
            gaps.append(t("control-gap-no-marks", days=days))
        who = f"{h(item['teacher'])} · {h(item['class'])} · {h(item['subject'])}"
        lines.append(f"{who} — {', '.join(gaps)}")
    hidden = p["incomplete_count"] - len(p["incomplete"])
    if hidden > 0:
        lines.append(t("control-more", count=hidden))
    return "\n".join(lines)


def _finals_missing(kind: str, p: dict[str, Any], t: Translator) -> str:
    period = t("family-marks-period", number=p["period_number"], kind=p["period_kind"])
    lines = [t(f"notice-{kind.replace('_', '-')}", period=period, deadline=_day(p, t, "deadline"))]
    for item in p["items"]:
        where = f"{h(item['class'])} · {h(item['subject'])}"
        if kind == "finals_missing":
            where = f"{h(item['teacher'])} — {where}"
        lines.append(t("notice-finals-line", where=where, count=item["missing"]))
    return "\n".join(lines)


def _with_finals_buttons(markup: dict[str, Any] | None, p: dict[str, Any]) -> dict[str, Any]:
    """A button straight to each class and subject's finals screen."""
    rows = [
        [
            {
                "text": f"🏁 {item['class']} · {item['subject']}"[:64],
                "callback_data": FinalsCb(
                    action=FinalsAction.SHEET,
                    class_id=item["class_id"],
                    subject_id=item["subject_id"],
                    period_id=p["period_id"],
                ).pack(),
            }
        ]
        for item in p["items"][:MAX_LESSON_BUTTONS]
    ]
    return {"inline_keyboard": list((markup or {}).get("inline_keyboard", [])) + rows}


def _with_summary_buttons(markup: dict[str, Any] | None, p: dict[str, Any], t: Translator) -> dict[str, Any]:
    monday = dt.date.fromisoformat(p["monday"]).toordinal()

    def data(action: SummaryAction) -> str:
        return SummaryCb(action=action, class_id=p["class_id"], monday=monday).pack()

    rows = [[{"text": t("btn-summary-xlsx"), "callback_data": data(SummaryAction.XLSX)}]]
    if any(m[3] == "absent" and not m[4] for s in p["students"] for m in s["misses"]):
        rows.append([{"text": t("btn-summary-excuse"), "callback_data": data(SummaryAction.EXCUSE)}])
    return {"inline_keyboard": list((markup or {}).get("inline_keyboard", [])) + rows}


def _final(p: dict[str, Any], t: Translator) -> str:
    common = {
        "subject": h(p["subject"]),
        "period": t("family-marks-period", number=p["period_number"], kind=p["period_kind"]),
        "value": p["value"],
    }
    if p.get("previous") is None:
        return t("notice-final-set", **common)
    return t("notice-final-changed", before=p["previous"], **common)


def _attendance(p: dict[str, Any], t: Translator) -> str:
    key = {"absent": "notice-absent", "late": "notice-late"}.get(p["status"], "notice-present")
    return t(key, number=p["lesson_number"], subject=h(p["subject"]), date=_day(p, t))


def _homework(p: dict[str, Any], t: Translator) -> str:
    event = p.get("event") or "created"
    head = t(f"notice-homework-{event}", subject=h(p["subject"]), due=_day(p, t, "due_on"))
    if event == "removed":
        return head
    lines = [head]
    if p.get("text"):
        lines.append(h(p["text"]))
    files = len(p.get("attachments") or [])
    if files:
        lines.append(t("notice-homework-files", count=files))
    return "\n".join(lines)


def _work(kind: str, p: dict[str, Any], t: Translator) -> str:
    """Messages to staff about their lessons."""
    lesson = {
        "number": p["lesson_number"],
        "class": h(p["class"]),
        "subject": h(p["subject"]),
        "date": _day(p, t),
    }
    if kind == "substitution":
        text = t("notice-substitution", **lesson)
    elif kind == "substitution_of_own_lesson":
        substitute = p.get("substitute") or ""
        text = (
            t("notice-substitution-of-own", substitute=h(substitute), **lesson)
            if substitute
            else t("notice-substitution-cancelled", **lesson)
        )
    elif kind == "substitution_withdrawn":
        text = t("notice-substitution-withdrawn", **lesson)
    elif kind == "lesson_unlocked":
        until = dt.datetime.fromisoformat(p["until"]).date()
        text = t("notice-lesson-unlocked", until=t.date(until), **lesson)
    else:
        return t("notice-unknown")
    if p.get("reason"):
        text += "\n" + t("notice-reason", reason=h(p["reason"]))
    return text


def _subject_button(row: OutboxRow) -> tuple[tuple[int, int], str] | None:
    p = row.payload
    if row.kind not in ("mark", "attendance"):
        return None
    student_id, subject_id = p.get("student_id"), p.get("subject_id")
    if not isinstance(student_id, int) or not isinstance(subject_id, int):
        return None
    return (student_id, subject_id), str(p.get("subject", ""))


def _markup(buttons: dict[tuple[int, int], str], t: Translator) -> dict[str, Any] | None:
    if not buttons:
        return None
    rows = [
        [
            {
                "text": t("btn-notice-subject", subject=subject)[:64],
                "callback_data": SubjectMarksCb(student_id=student_id, subject_id=subject_id).pack(),
            }
        ]
        for (student_id, subject_id), subject in buttons.items()
    ]
    return {"inline_keyboard": rows}


def _pack(chat_id: int, sections: list[_Section], markup: dict[str, Any] | None) -> list[Outgoing]:
    """Sections into messages under the limit; the buttons go with the last message."""
    messages: list[Outgoing] = []
    current: list[str] = []
    ids: list[int] = []
    size = 0

    def flush() -> None:
        nonlocal current, ids, size
        if current:
            messages.append(Outgoing(chat_id, "\n".join(current), None, ids))
        current, ids, size = [], [], 0

    for section in sections:
        heading_written = False
        for row_id, block in section.blocks:
            piece = block[: TEXT_LIMIT - 200]
            extra = (
                len(piece) + 1 + (0 if heading_written or not section.heading else len(section.heading) + 2)
            )
            if size + extra > TEXT_LIMIT - 100:
                flush()
                heading_written = False
            if not heading_written and section.heading:
                current.append(("\n" if current else "") + section.heading)
                size += len(section.heading) + 2
                heading_written = True
            current.append(piece)
            ids.append(row_id)
            size += len(piece) + 1
    flush()
    if messages:
        messages[-1].reply_markup = markup
    return messages
