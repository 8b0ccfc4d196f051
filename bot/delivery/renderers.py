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
    PostAction,
    PostCb,
    SubjectMarksCb,
    SummaryAction,
    SummaryCb,
    ThreadAction,
    ThreadCb,
)
from bot.callbacks_meetings import BookAction, BookCb, MeetAction, MeetCb
from bot.callbacks_school_life import QuestionAction, QuestionCb
from bot.i18n import Translator
from bot.meeting_screens import hm, place_line
from bot.screens import h
from services.control_report import NO_MARKS_DAYS
from services.events import (
    AbsenceNoteNotice,
    AbsenceNoteWithdrawnNotice,
    AnnouncementNotice,
    AttendanceNotice,
    ControlReportNotice,
    Event,
    EventReminderNotice,
    FinalMarkNotice,
    FinalsMissingNotice,
    FinalsReminderNotice,
    FinalsSection,
    HomeworkNotice,
    LessonNotice,
    LessonUnlockedNotice,
    MarkNotice,
    MeetingAgendaNotice,
    MeetingBookedNotice,
    MeetingBookingCancelledNotice,
    MeetingCancelledNotice,
    MeetingNotice,
    MeetingReminderNotice,
    NudgeNotice,
    OwnLessonSubstitutedNotice,
    PostCorrectionNotice,
    PostNotice,
    QuestionReminderNotice,
    RemarkNotice,
    SubstitutionNotice,
    SubstitutionWithdrawnNotice,
    ThreadMessageNotice,
    WeekAbsencesNotice,
)
from services.questions import Child, Question, QuestionKind

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


@renders(SubstitutionNotice, OwnLessonSubstitutedNotice, SubstitutionWithdrawnNotice, LessonUnlockedNotice)
def lesson_work(event: LessonNotice, context: RenderContext) -> Notice:
    """Messages to staff about their lessons."""
    t = context.t
    lesson = {
        "number": event.lesson_number,
        "class": h(event.class_label),
        "subject": h(event.subject),
        "date": t.date(event.date),
    }
    if isinstance(event, OwnLessonSubstitutedNotice):
        text = (
            t("notice-substitution-of-own", substitute=h(event.substitute), **lesson)
            if event.substitute
            else t("notice-substitution-cancelled", **lesson)
        )
    elif isinstance(event, LessonUnlockedNotice):
        text = t("notice-lesson-unlocked", until=t.date(event.until.date()), **lesson)
    elif isinstance(event, SubstitutionWithdrawnNotice):
        text = t("notice-substitution-withdrawn", **lesson)
    else:
        text = t("notice-substitution", **lesson)
    if event.reason:
        text += "\n" + t("notice-reason", reason=h(event.reason))
    return Notice(text)


# ---- everyone --------------------------------------------------------------------------------------------


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


# ---- parent–teacher meetings ---------------------------------------------------------------------------


def _meeting_names(event: MeetingNotice, t: Translator) -> dict[str, Any]:
    return {
        "day": t.day_title(event.day),
        "date": t.date(event.day),
        "from": hm(event.starts),
        "to": hm(event.ends),
        "teacher": h(event.teacher),
        "student": h(event.student),
        "class": h(event.class_label),
        "parent": h(event.parent or "—"),
    }


def _teachers_day(event: MeetingNotice | MeetingAgendaNotice, t: Translator) -> ButtonRow:
    return (_button(t("btn-meetings"), MeetCb(action=MeetAction.DAY, day=event.day.toordinal()).pack()),)


@renders(MeetingBookedNotice, MeetingBookingCancelledNotice)
def meeting_for_teacher(event: MeetingNotice, context: RenderContext) -> Notice:
    """One message per booking: who comes when (or no longer comes)."""
    t = context.t
    names = _meeting_names(event, t)
    if isinstance(event, MeetingBookingCancelledNotice):
        text = t("notice-meeting-booking-cancelled", **names)
    elif isinstance(event, MeetingBookedNotice) and event.moved_from is not None:
        text = t("notice-meeting-moved", before=hm(event.moved_from), **names)
    else:
        text = t("notice-meeting-booked", **names)
    return Notice(text, buttons=(_teachers_day(event, t),), alone=True)


@renders(MeetingCancelledNotice, MeetingReminderNotice)
def meeting_for_parent(event: MeetingNotice, context: RenderContext) -> Notice:
    t = context.t
    names = _meeting_names(event, t)
    if isinstance(event, MeetingReminderNotice):
        text = t("notice-meeting-reminder", **names) + "\n" + place_line(t, event.place)
        data = BookCb(action=BookAction.MINE, booking_id=event.booking_id).pack()
        return Notice(text, buttons=((_button(t("btn-book-details"), data),),), alone=True)
    text = t("notice-meeting-cancelled", **names)
    data = BookCb(action=BookAction.START).pack()
    return Notice(text, buttons=((_button(t("btn-book-meeting"), data),),), alone=True)


@renders(MeetingAgendaNotice)
def meeting_agenda(event: MeetingAgendaNotice, context: RenderContext) -> Notice:
    """The teacher's meetings of tomorrow, one line each; the place once when it is one for all."""
    t = context.t
    places = list(dict.fromkeys(item.place for item in event.items))
    lines = [t("notice-meeting-agenda", date=t.date(event.day), count=len(event.items))]
    for item in event.items:
        child = t("meeting-child", student=h(item.student), **{"class": h(item.class_label)})
        who = f"{h(item.parent)} · {child}" if item.parent else child
        line = t("notice-meeting-agenda-line", time=hm(item.starts), who=who)
        if len(places) > 1 and item.place:
            line += " · " + place_line(t, item.place)
        lines.append(line)
    if len(places) == 1 and places[0]:
        lines.append(place_line(t, places[0]))
    return Notice("\n".join(lines), buttons=(_teachers_day(event, t),), alone=True)
