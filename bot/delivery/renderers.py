"""One renderer per event type (services.events), registered here and nowhere else.

A renderer turns an event into a `Notice`: its text (HTML, which Telegram and MAX both read), the
section it goes under (a child's name, a class), and its buttons as plain labels with callback data;
turning those into a messenger's keyboard is the transport's business, not the renderer's. The
composer (bot/delivery/notices.py) puts the notices of one parcel together into messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from bot.callbacks import (
    ControlAction,
    ControlCb,
    FinalsAction,
    FinalsCb,
    LessonCb,
    SubjectMarksCb,
    SummaryAction,
    SummaryCb,
    ThreadAction,
    ThreadCb,
)
from bot.callbacks_report_card import ReportCardAction, ReportCardCb
from bot.i18n import Translator
from bot.screens import h, lower_first
from services.control_report import NO_MARKS_DAYS
from services.events import (
    AbsenceNoteNotice,
    AbsenceNoteWithdrawnNotice,
    AttendanceNotice,
    ControlReportNotice,
    Event,
    FinalMarkNotice,
    FinalsMissingNotice,
    FinalsReminderNotice,
    FinalsSection,
    HomeworkNotice,
    MarkNotice,
    NudgeNotice,
    RemarkNotice,
    ReportCardReadyNotice,
    ThreadMessageNotice,
    UpcomingTestNotice,
    WeekAbsencesNotice,
)

MAX_LESSON_BUTTONS = 16
BUTTON_TEXT_LIMIT = 64


@dataclass(frozen=True)
class Button:
    """A button that sends callback data back to the bot."""

    text: str
    data: str


ButtonRow = tuple[Button, ...]


@dataclass(frozen=True)
class Notice:
    text: str
    section: tuple[Any, ...] | None = None  # notices with one section share its heading
    heading: str | None = None
    buttons: tuple[ButtonRow, ...] = ()
    lead: bool = False  # its buttons go before everyone else's (a nudge's lessons)
    shortcut: bool = False  # a convenience button (a subject's marks): a message holds only a few
    acknowledge: bool = False  # the family confirms it: «Ознакомлен» on the message holding it
    alone: bool = False  # a message of its own (a post: it may be edited in place later)
    # An edit of a message sent before (its chat and id), and what to send instead where it fails.
    edit: tuple[int, int] | None = None
    fallback: str | None = None


@dataclass(frozen=True)
class RenderContext:
    t: Translator
    teachers: dict[int, str] = field(default_factory=dict)  # staff id -> short name, for marks


E = TypeVar("E", bound=Event)
Renderer = Callable[[Any, RenderContext], Notice]
RENDERERS: dict[type[Event], Renderer] = {}


def renders(
    *types: type[E],
) -> Callable[[Callable[[E, RenderContext], Notice]], Callable[[E, RenderContext], Notice]]:
    def register(function: Callable[[E, RenderContext], Notice]) -> Callable[[E, RenderContext], Notice]:
        for event_type in types:
            if event_type in RENDERERS:
                raise TypeError(f"two renderers for {event_type.__name__}")
            RENDERERS[event_type] = function
        return function

    return register


def render_event(event: Event | None, context: RenderContext) -> Notice:
    """The event's notice; a row this version cannot read still tells that something happened."""
    renderer = RENDERERS.get(type(event)) if event is not None else None
    if event is None or renderer is None:
        return Notice(context.t("notice-unknown"))
    try:
        notice = renderer(event, context)
    except (KeyError, TypeError, ValueError):
        return Notice(context.t("notice-unknown"))
    return replace(notice, acknowledge=True) if event.acknowledged else notice


def _button(text: str, data: str) -> Button:
    return Button(text[:BUTTON_TEXT_LIMIT], data)


# ---- about a child ---------------------------------------------------------------------------------------


def _about_student(student_id: int, student: str, t: Translator) -> dict[str, Any]:
    return {"section": ("student", student_id), "heading": t("notice-about-student", student=h(student))}


def _about_subject(event: MarkNotice | AttendanceNotice, text: str, t: Translator) -> Notice:
    """Under the child's name, with a shortcut to his marks in the subject."""
    buttons: tuple[ButtonRow, ...] = ()
    if event.subject_id is not None:
        data = SubjectMarksCb(student_id=event.student_id, subject_id=event.subject_id).pack()
        buttons = ((_button(t("btn-notice-subject", subject=event.subject), data),),)
    return Notice(text, buttons=buttons, shortcut=True, **_about_student(event.student_id, event.student, t))


@renders(MarkNotice)
def mark(event: MarkNotice, context: RenderContext) -> Notice:
    t = context.t
    common = {
        "subject": h(event.subject),
        "date": t.date(event.date),
        "teacher": h(context.teachers.get(event.teacher_id or 0, "")),
    }
    new, previous = event.mark, event.previous
    if new is None:
        if previous is None:
            raise ValueError("a removed mark had a value before")
        text = t("notice-mark-removed", before=previous.value, **common)
    elif previous is None:
        text = t("notice-mark-created", value=new.value, kind=h(new.kind), **common)
    elif (previous.value, previous.kind) == (new.value, new.kind):
        # Only the comment changed: the mark itself is not "corrected".
        text = t("notice-mark-commented", value=new.value, **common)
    else:
        text = t("notice-mark-changed", before=previous.value, value=new.value, kind=h(new.kind), **common)
    if new is not None and new.comment:
        text += "\n" + t("notice-mark-comment", comment=h(new.comment))
    return _about_subject(event, text, t)


@renders(AttendanceNotice)
def attendance(event: AttendanceNotice, context: RenderContext) -> Notice:
    t = context.t
    key = {"absent": "notice-absent", "late": "notice-late"}.get(event.status, "notice-present")
    text = t(key, number=event.lesson_number, subject=h(event.subject), date=t.date(event.date))
    return _about_subject(event, text, t)


@renders(HomeworkNotice)
def homework(event: HomeworkNotice, context: RenderContext) -> Notice:
    t = context.t
    kind = event.event or "created"
    lines = [t(f"notice-homework-{kind}", subject=h(event.subject), due=t.date(event.due_on))]
    if kind != "removed":
        if event.text:
            lines.append(h(event.text))
        if event.attachments:
            lines.append(t("notice-homework-files", count=len(event.attachments)))
    section: dict[str, Any] = {}
    if event.class_label:
        heading = t("notice-about-class", **{"class": h(event.class_label)})
        section = {"section": ("class", event.class_label), "heading": heading}
    return Notice("\n".join(lines), **section)


@renders(RemarkNotice)
def remark(event: RemarkNotice, context: RenderContext) -> Notice:
    t = context.t
    text = t("notice-remark", author=h(event.author)) + "\n" + h(event.text)
    return Notice(text, **_about_student(event.student_id, event.student, t))


@renders(UpcomingTestNotice)
def upcoming_test(event: UpcomingTestNotice, context: RenderContext) -> Notice:
    """The school day before a planned test, under the child's name."""
    t = context.t
    kind = h(lower_first(event.test_kind))
    text = t("notice-test-reminder", day=t.day_title(event.day), kind=kind, subject=h(event.subject))
    return Notice(text, **_about_student(event.student_id, event.student, t))


@renders(FinalMarkNotice)
def final_mark(event: FinalMarkNotice, context: RenderContext) -> Notice:
    t = context.t
    common = {
        "subject": h(event.subject),
        "period": t("family-marks-period", number=event.period_number, kind=event.period_kind),
        "value": event.value,
    }
    if event.previous is None:
        text = t("notice-final-set", **common)
    else:
        text = t("notice-final-changed", before=event.previous, **common)
    return Notice(text, **_about_student(event.student_id, event.student, t))


@renders(ReportCardReadyNotice)
def report_card_ready(event: ReportCardReadyNotice, context: RenderContext) -> Notice:
    """Under the child's name (a parent of two in one class reads both in one message), with a button
    that sends the card; the child's first name on it tells two such buttons apart."""
    t = context.t
    period = t("report-card-period-short", number=event.period_number, kind=event.period_kind)
    data = ReportCardCb(
        action=ReportCardAction.CHILD, student_id=event.student_id, period_id=event.period_id
    ).pack()
    label = (
        t("btn-report-card-child", period=period, name=event.first_name)
        if event.first_name
        else t("btn-report-card", period=period)
    )
    return Notice(
        t("notice-report-card-ready", period=period),
        buttons=((_button(label, data),),),
        **_about_student(event.student_id, event.student, t),
    )


@renders(AbsenceNoteNotice, AbsenceNoteWithdrawnNotice)
def absence_note(event: AbsenceNoteNotice, context: RenderContext) -> Notice:
    t = context.t
    names = {"student": h(event.student), "class": h(event.class_label), "reason": h(event.reason)}
    dates = t.date_range(event.starts_on, event.ends_on)
    if isinstance(event, AbsenceNoteWithdrawnNotice):
        return Notice(t("notice-absence-note-withdrawn", dates=dates, parent=h(event.parent), **names))
    return Notice(t("notice-absence-note", dates=dates, parent=h(event.parent), **names))


# ---- staff -----------------------------------------------------------------------------------------------


@renders(NudgeNotice)
def nudge(event: NudgeNotice, context: RenderContext) -> Notice:
    t = context.t
    lines = [t("notice-nudge-last" if event.last else "notice-nudge", date=t.date(event.date))]
    for lesson in event.lessons:
        missing = ", ".join(t(f"notice-nudge-missing-{part}") for part in lesson.missing)
        lines.append(
            t(
                "notice-nudge-lesson",
                number=lesson.lesson_number,
                **{"class": h(lesson.class_label)},
                subject=h(lesson.subject),
                missing=missing,
            )
        )
    # A button straight to each listed lesson's card, before any other button.
    buttons = tuple(
        (
            _button(
                f"{lesson.lesson_number} · {lesson.class_label} {lesson.subject}",
                LessonCb(lesson_id=lesson.lesson_id).pack(),
            ),
        )
        for lesson in event.lessons
        if lesson.lesson_id is not None
    )
    return Notice("\n".join(lines), buttons=buttons[:MAX_LESSON_BUTTONS], lead=True)


@renders(WeekAbsencesNotice)
def week_absences(event: WeekAbsencesNotice, context: RenderContext) -> Notice:
    t = context.t

    def data(action: SummaryAction) -> str:
        return SummaryCb(action=action, class_id=event.class_id, monday=event.monday.toordinal()).pack()

    buttons: list[ButtonRow] = [(Button(t("btn-summary-xlsx"), data(SummaryAction.XLSX)),)]
    if any(status == "absent" and not excused for s in event.students for *_, status, excused in s.misses):
        buttons.append((Button(t("btn-summary-excuse"), data(SummaryAction.EXCUSE)),))
    return Notice(week_text(event, t), buttons=tuple(buttons))


def week_text(event: WeekAbsencesNotice, t: Translator) -> str:
    """The class's week of absences and lateness, per student by day and subject, with totals (also
    the class teacher's on-demand screen)."""
    lines = [t("summary-title", monday=t.date(event.monday), **{"class": h(event.class_label)})]
    totals = {"absent": 0, "excused": 0, "late": 0}
    for student in event.students:
        misses = student.misses
        absent = sum(status == "absent" for *_, status, _excused in misses)
        excused = sum(status == "absent" and is_excused for *_, status, is_excused in misses)
        late = sum(status == "late" for *_, status, _excused in misses)
        totals["absent"] += absent
        totals["excused"] += excused
        totals["late"] += late
        lines.append(t("summary-student", name=h(student.name), absent=absent, excused=excused, late=late))
        by_day: dict[dt.date, list[str]] = {}
        for day, number, subject, status, is_excused in misses:
            shown = t("summary-excused" if is_excused else f"summary-{status}")
            by_day.setdefault(day, []).append(f"{number} {h(subject)} {shown}")
        for day, items in by_day.items():
            lines.append(f"   {day:%d.%m}: " + "; ".join(items))
    if not event.students:
        lines.append(t("summary-nobody"))
    else:
        lines.append(t("summary-total", **totals))
    return "\n".join(lines)


@renders(ControlReportNotice)
def control_report(event: ControlReportNotice, context: RenderContext) -> Notice:
    t = context.t
    file = ControlCb(action=ControlAction.XLSX, school_id=event.school_id, period_id=event.period_id)
    return Notice(control_text(event, t), buttons=((Button(t("btn-control-xlsx"), file.pack()),),))


def control_text(event: ControlReportNotice, t: Translator) -> str:
    """The control report: how much is complete, then what is not, worst first as the file lists it."""
    period = t("family-marks-period", number=event.period_number, kind=event.period_kind)
    lines = [
        t("control-title", period=period, until=t.date(event.until)),
        t("control-complete", complete=event.lines - event.incomplete_count, total=event.lines),
    ]
    for item in event.incomplete:
        gaps = [
            t(f"control-gap-{key.replace('_', '-')}", count=count)
            for key, count in (
                ("no_attendance", item.no_attendance),
                ("no_topic", item.no_topic),
                ("no_homework", item.no_homework),
            )
            if count
        ]
        days = item.days_without_marks
        if days is not None and days > NO_MARKS_DAYS:
            gaps.append(t("control-gap-no-marks", days=days))
        who = f"{h(item.teacher)} · {h(item.class_label)} · {h(item.subject)}"
        lines.append(f"{who} — {', '.join(gaps)}")
    hidden = event.incomplete_count - len(event.incomplete)
    if hidden > 0:
        lines.append(t("control-more", count=hidden))
    return "\n".join(lines)


@renders(FinalsReminderNotice, FinalsMissingNotice)
def finals(event: FinalsReminderNotice, context: RenderContext) -> Notice:
    t = context.t
    to_deputies = isinstance(event, FinalsMissingNotice)
    lines: list[str] = []
    for section in event.sections():
        if lines:
            lines.append("")
        lines.append(_finals_heading(t, event, section))
        for item in section.items:
            where = f"{h(item.class_label)} · {h(item.subject)}"
            if to_deputies:
                where = f"{h(item.teacher)} — {where}"
            lines.append(t("notice-finals-line", where=where, count=item.missing))
    if to_deputies:
        return Notice("\n".join(lines))
    # A button straight to each class and subject's finals screen.
    buttons = tuple(
        (
            _button(
                f"🏁 {item.class_label} · {item.subject}"
                + (f" · {_period(t, section)}" if event.more else ""),
                FinalsCb(
                    action=FinalsAction.SHEET,
                    class_id=item.class_id,
                    subject_id=item.subject_id,
                    period_id=section.period_id,
                ).pack(),
            ),
        )
        for section in event.sections()
        for item in section.items
        if item.class_id is not None and item.subject_id is not None
    )[:MAX_LESSON_BUTTONS]
    return Notice("\n".join(lines), buttons=buttons)


def _finals_heading(t: Translator, event: FinalsReminderNotice, section: FinalsSection) -> str:
    """«до 4 декабря», «сегодня, 4 декабря» or «прошёл 4 декабря»: from the day the run wrote it."""
    written_on = event.written_on or (section.deadline if isinstance(event, FinalsMissingNotice) else None)
    if written_on is None or written_on < section.deadline:
        when = "ahead"
    elif written_on == section.deadline:
        when = "today"
    else:
        when = "past"
    return t(
        f"notice-{event.kind.replace('_', '-')}",
        period=_period(t, section),
        deadline=t.date(section.deadline),
        when=when,
    )


def _period(t: Translator, section: FinalsSection) -> str:
    """The period in running text: «1-й триместр», «учебный год» (not the title's «Учебный год»)."""
    return t("notice-finals-period", number=section.period_number, kind=section.period_kind)


# ---- everyone --------------------------------------------------------------------------------------------


@renders(ThreadMessageNotice)
def thread_message(event: ThreadMessageNotice, context: RenderContext) -> Notice:
    """«Ответить» under a relayed message (and, for the staff side, «не присылать»)."""
    t = context.t
    names = {"student": h(event.student), "class": h(event.class_label)}
    if event.from_family:
        heading = t("notice-thread-to-staff", **{"from": h(event.sender)}, **names)
    else:
        heading = t("notice-thread-to-family", staff=h(event.staff), **names)
    reply = Button(
        t("btn-thread-reply"), ThreadCb(action=ThreadAction.REPLY, thread_id=event.thread_id).pack()
    )
    row: ButtonRow = (reply,)
    if event.from_family:
        mute = ThreadCb(action=ThreadAction.MUTE, thread_id=event.thread_id).pack()
        row = (reply, Button(t("btn-thread-mute"), mute))
    return Notice(heading + "\n" + h(event.text), buttons=(row,))


# The renderers kept in modules of their own register when they are imported: here, once the registry
# above exists, so that whoever renders (the sender, a test) finds every one.
from bot.delivery import brief, lesson_notices, meeting_notices, post_notices  # noqa: E402, F401
