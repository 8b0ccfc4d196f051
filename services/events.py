"""What people are told, as typed events: one frozen class per notice, stored as its JSON in the outbox.

A service that changes the journal builds one of these and hands it to services.notify with the
recipients; the outbox row keeps `kind` (the class's name for it) and the event's JSON. The sender
reads it back with `parse`, folds corrections of one thing together (the foldable events say what
"the same thing" is and how two of them merge), and bot/delivery renders it with the one renderer
registered for its class. Adding a notice is adding a class here and its renderer there; a test
checks that every class has a renderer, a sample and its texts in every locale.

Field names are the JSON's keys (rows written before a change must still be read), so Python
keywords are aliased: `class_label` is stored as "class", `sender` as "from".
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from services.preferences import Topic


class Event(BaseModel):
    """A notice for one person; `kind` names its class in the outbox."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    kind: ClassVar[str]
    topic: ClassVar[Topic | None] = None  # what the person may switch off; None: it always goes
    acknowledged: ClassVar[bool] = False  # the family confirms it with «Ознакомлен»
    # Sent at its own time (one the person chose) whatever his quiet hours: the morning brief.
    punctual: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kind = cls.__dict__.get("kind")
        if isinstance(kind, str):
            if kind in EVENTS:
                raise TypeError(f"two events of kind {kind!r}")
            EVENTS[kind] = cls

    def payload(self) -> dict[str, Any]:
        """The JSON stored in the outbox row."""
        return self.model_dump(mode="json", by_alias=True)

    # Folding: corrections of one thing for one person, still waiting, become one message.
    def fold_key(self) -> tuple[Any, ...] | None:
        """Events with the same key tell about the same thing (None: never folded)."""
        return None

    def folded(self, first: Self) -> Self:
        """This (the latest) event, telling the whole story since `first` (the earliest waiting)."""
        return self

    def tells_something(self) -> bool:
        """False when the story cancels out (a mark given and taken back): nothing is sent."""
        return True

    def stale_after(self) -> dt.datetime | None:
        """The instant after which it is no use telling (the lessons it is about are over): a message
        still waiting then (quiet hours, a blocked chat) is dropped. None: it never goes stale."""
        return None


EVENTS: dict[str, type[Event]] = {}


def parse(kind: str, payload: dict[str, Any]) -> Event | None:
    """The event an outbox row holds; None for a kind or a shape this version does not know."""
    event_type = EVENTS.get(kind)
    if event_type is None:
        return None
    try:
        return event_type.model_validate(payload)
    except ValidationError:
        return None


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")


# ---- the family: marks, attendance, homework (folded), remarks and finals (acknowledged) ---------------


class MarkState(_Part):
    value: int
    kind: str = ""
    kind_short: str = ""
    weight: float = 1.0
    comment: str | None = None


class MarkNotice(Event):
    kind = "mark"
    topic = Topic.MARKS

    event: Literal["created", "changed", "removed"] | None = None
    mark_id: int
    student_id: int
    student: str
    lesson_id: int | None = None
    subject_id: int | None = None
    subject: str
    date: dt.date
    class_label: str = Field("", alias="class")
    teacher_id: int | None = None
    mark: MarkState | None
    previous: MarkState | None

    def fold_key(self) -> tuple[Any, ...]:
        return ("mark", self.mark_id)

    def folded(self, first: Self) -> Self:
        previous = first.previous
        if previous is None:
            event = "created" if self.mark is not None else None
        else:
            event = "changed" if self.mark is not None else "removed"
        return self.model_copy(update={"previous": previous, "event": event})

    def tells_something(self) -> bool:
        return self.previous != self.mark


PresenceName = Literal["present", "absent", "late"]


class AttendanceNotice(Event):
    kind = "attendance"
    topic = Topic.ABSENCES

    lesson_id: int
    student_id: int
    student: str
    status: PresenceName
    previous: PresenceName
    subject_id: int | None = None
    subject: str
    date: dt.date
    lesson_number: int
    class_label: str = Field("", alias="class")

    def fold_key(self) -> tuple[Any, ...]:
        return ("attendance", self.lesson_id, self.student_id)

    def folded(self, first: Self) -> Self:
        return self.model_copy(update={"previous": first.previous})

    def tells_something(self) -> bool:
        return self.previous != self.status


class Attachment(_Part):
    file_id: str
    kind: str = "document"
    name: str | None = None
    unique_id: str | None = None


class HomeworkNotice(Event):
    kind = "homework"
    topic = Topic.HOMEWORK

    event: Literal["created", "changed", "removed"] | None
    homework_id: int
    lesson_id: int | None = None
    subject_id: int | None = None
    subject: str
    class_label: str = Field("", alias="class")
    due_on: dt.date
    text: str = ""
    attachments: tuple[Attachment, ...] = ()

    def fold_key(self) -> tuple[Any, ...]:
        return ("homework", self.homework_id)

    def folded(self, first: Self) -> Self:
        if first.event == "created":
            event = (
                None if self.event == "removed" else "created"
            )  # never told, so told as new (or not at all)
        else:
            event = "removed" if self.event == "removed" else "changed"
        return self.model_copy(update={"event": event})

    def tells_something(self) -> bool:
        return self.event is not None


class UpcomingTestNotice(Event):
    """On the school day before a planned test (services/tests_schedule.py), to the child's family."""

    kind = "test_reminder"
    topic = Topic.HOMEWORK  # getting ready for it is homework: who switched homework off is not told

    test_id: int
    student_id: int
    student: str
    class_label: str = Field("", alias="class")
    subject: str
    test_kind: str
    day: dt.date


class RemarkNotice(Event):
    kind = "remark"
    acknowledged = True

    remark_id: int
    student_id: int
    student: str
    text: str
    author: str


class FinalMarkNotice(Event):
    kind = "final"
    acknowledged = True

    final_id: int
    student_id: int
    student: str
    subject: str
    period_kind: str
    period_number: int
    value: int
    previous: int | None = None


class ReportCardReadyNotice(Event):
    """The period's report card (табель) of a child is ready: his finals are in (or their deadline
    passed). One per family account, child and period; its button sends the PDF."""

    kind = "report_card_ready"

    student_id: int
    student: str
    first_name: str = ""
    class_label: str = Field("", alias="class")
    period_id: int
    period_kind: str
    period_number: int


class AbsenceNoteNotice(Event):
    """A parent warns the class teacher of days the child will miss."""

    kind = "absence_note"

    student_id: int
    student: str
    class_label: str = Field("", alias="class")
    starts_on: dt.date = Field(alias="from")
    ends_on: dt.date = Field(alias="to")
    reason: str
    parent: str = ""
    lessons: int = 0


class AbsenceNoteWithdrawnNotice(AbsenceNoteNotice):
    """The parent took his note back before the day started: the child is expected after all."""

    kind = "absence_note_withdrawn"


# ---- staff: nudges, the week's absences, the control report, finals ------------------------------------


class NudgedLesson(_Part):
    lesson_id: int | None = None
    lesson_number: int
    class_label: str = Field(alias="class")
    subject: str
    missing: tuple[Literal["attendance", "homework", "topic"], ...]


class NudgeNotice(Event):
    """A teacher's lessons of a day still missing attendance, homework or a topic."""

    kind = "nudge"

    date: dt.date
    last: bool = False  # the next morning's last reminder
    lessons: tuple[NudgedLesson, ...]


# One absence or lateness: (date, lesson number, subject, status, excused), a JSON array in the row.
Miss = tuple[dt.date, int, str, Literal["absent", "late"], bool]


class StudentMisses(_Part):
    name: str
    misses: tuple[Miss, ...]


class WeekAbsencesNotice(Event):
    """The class teacher's week: absences and lateness per student (also his on-demand screen)."""

    kind = "absence_summary"

    class_id: int
    class_label: str = Field(alias="class")
    monday: dt.date
    students: tuple[StudentMisses, ...]


class ReportLineItem(_Part):
    teacher: str
    class_label: str = Field(alias="class")
    subject: str
    lessons: int = 0
    no_attendance: int = 0
    no_topic: int = 0
    no_homework: int = 0
    days_without_marks: int | None = None


class ControlReportNotice(Event):
    """The deputies' journal completeness report (also the on-demand screen)."""

    kind = "control_report"

    school_id: int
    period_id: int
    period_kind: str
    period_number: int
    until: dt.date
    lines: int
    incomplete: tuple[ReportLineItem, ...]
    incomplete_count: int


class FinalsGap(_Part):
    class_id: int | None = None
    class_label: str = Field(alias="class")
    subject_id: int | None = None
    subject: str
    missing: int
    teacher: str = ""


class FinalsSection(_Part):
    """The gaps of one more period, in the same message (a trimester and the year end on one day)."""

    period_id: int
    period_kind: str
    period_number: int
    deadline: dt.date
    items: tuple[FinalsGap, ...]


class FinalsReminderNotice(Event):
    """A teacher's classes and subjects still missing final marks for a period (and, in `more`, for
    any other period due the same day: one message a run, not one a period)."""

    kind = "finals_reminder"

    period_id: int
    period_kind: str
    period_number: int
    deadline: dt.date
    items: tuple[FinalsGap, ...]
    more: tuple[FinalsSection, ...] = ()
    # The school's date when the run wrote it: the message says «today» or «passed» from it, not from
    # the date the run was for (an administrator's run by hand may be for another day). Older rows
    # have none: they were written on the date they were for.
    written_on: dt.date | None = None

    def sections(self) -> tuple[FinalsSection, ...]:
        head = FinalsSection(
            period_id=self.period_id,
            period_kind=self.period_kind,
            period_number=self.period_number,
            deadline=self.deadline,
            items=self.items,
        )
        return (head, *self.more)


class FinalsMissingNotice(FinalsReminderNotice):
    """On the deadline, to the deputies: what is still missing, by teacher."""

    kind = "finals_missing"


class LessonNotice(Event):
    """A work message to a teacher about one of his lessons (never switched off)."""

    kind: ClassVar[str]

    lesson_id: int | None = None
    date: dt.date
    lesson_number: int
    subject: str
    class_label: str = Field(alias="class")
    reason: str | None = None


class SubstitutionNotice(LessonNotice):
    """He covers a colleague's lesson."""

    kind = "substitution"


class OwnLessonSubstitutedNotice(LessonNotice):
    """Someone covers his lesson (no one: it is his again)."""

    kind = "substitution_of_own_lesson"

    substitute: str = ""


class SubstitutionWithdrawnNotice(LessonNotice):
    """He no longer covers the lesson."""

    kind = "substitution_withdrawn"


class LessonUnlockedNotice(LessonNotice):
    """A deputy allowed him to correct an old lesson until a moment."""

    kind = "lesson_unlocked"

    until: dt.datetime


class LessonChangedNotice(LessonNotice):
    """His lesson (or one he covers) is cancelled, moved, in another room, or back as timetabled."""

    kind = "lesson_changed"

    change: Literal["cancelled", "moved", "room", "restored"]
    to_date: dt.date | None = None
    to_number: int | None = None
    room: str = ""


# ---- the family: the timetable of a class's day changed (folded per class and day) --------------------

LessonStatus = Literal["scheduled", "cancelled", "moved"]


class LessonState(_Part):
    """How a lesson takes place: as the family knew it before, or as it is now."""

    status: LessonStatus = "scheduled"
    date: dt.date  # where it takes place: a moved lesson's new day
    lesson_number: int
    room: str = ""
    teacher: str = ""  # who teaches it: the substitute, when there is one


class LessonChange(_Part):
    lesson_id: int  # the lesson where the timetable put it
    lesson_number: int
    subject: str
    subgroup: int = 0
    before: LessonState
    after: LessonState

    @property
    def changed(self) -> bool:
        return self.before != self.after


class TimetableChangeNotice(Event):
    """Lessons of a class's day cancelled, moved, in another room or with another teacher, for the
    class's students and parents (a subgroup's lesson: that subgroup's). Changes to one day still
    waiting for the same person are told in one message, each lesson once, from what he knew to what
    is now; a change undone before it was sent is not told at all."""

    kind = "timetable_change"

    class_id: int
    class_label: str = Field(alias="class")
    date: dt.date
    changes: tuple[LessonChange, ...]
    until: dt.datetime | None = None  # when the last lesson it names is over

    def fold_key(self) -> tuple[Any, ...]:
        return ("timetable", self.class_id, self.date)

    def folded(self, first: Self) -> Self:
        merged = {change.lesson_id: change for change in first.changes}
        for change in self.changes:
            earlier = merged.get(change.lesson_id)
            merged[change.lesson_id] = (
                change if earlier is None else change.model_copy(update={"before": earlier.before})
            )
        ends = [until for until in (first.until, self.until) if until is not None]
        ordered = tuple(sorted(merged.values(), key=lambda c: (c.lesson_number, c.subgroup, c.lesson_id)))
        return self.model_copy(update={"changes": ordered, "until": max(ends) if ends else None})

    def tells_something(self) -> bool:
        return any(change.changed for change in self.changes)

    def stale_after(self) -> dt.datetime | None:
        return self.until


# ---- everyone: announcements, posts, relayed messages ------------------------------------------------


class BriefLesson(_Part):
    number: int
    starts_at: dt.time | None = None
    subject: str
    room: str = ""
    status: str = "scheduled"  # 'cancelled', or 'moved' (to moved_to)
    moved_to: tuple[dt.date, int] | None = None
    moved_from: tuple[dt.date, int] | None = None  # moved here from that day's lesson number
    substitute: str | None = None
    room_changed: bool = False


class BriefChild(_Part):
    name: str
    class_label: str = Field(alias="class")
    parent: bool = True  # the reader is the child's parent (False: the student himself)
    lessons: tuple[BriefLesson, ...]
    homework: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()


class BriefEvent(_Part):
    title: str
    at: dt.datetime  # in the school's time
    place: str | None = None


class MorningBriefNotice(Event):
    """A family's school day, at the time the reader chose (services/morning_brief.py)."""

    kind = "morning_brief"
    punctual = True

    date: dt.date
    children: tuple[BriefChild, ...]
    events: tuple[BriefEvent, ...] = ()


class AnnouncementNotice(Event):
    kind = "announcement"
    topic = Topic.ANNOUNCEMENTS

    text: str
    sender: str = Field("", alias="from")
    audience: str = ""


class QuestionChild(_Part):
    student_id: int
    name: str


class PostNotice(Event):
    """A news item, an event or an announcement, published."""

    kind = "post"
    topic = Topic.ANNOUNCEMENTS

    post_id: int
    post_kind: Literal["news", "event", "announcement"]
    audience: str
    class_label: str | None = Field(None, alias="class")
    sender: str = Field("", alias="from")
    text: str
    event_at: dt.datetime | None = None  # in the school's time
    place: str | None = None

    # A question its readers answer with a tap (services/questions.py): for themselves, or a parent for
    # each of `children` (his children in the post's classes; a post about children asks nobody else).
    question: Literal["ack", "yes_no", "choice"] | None = None
    options: tuple[str, ...] = ()
    per_child: bool = False
    until: dt.datetime | None = None  # in the school's time
    children: tuple[QuestionChild, ...] = ()


class EventReminderNotice(PostNotice):
    """The evening before an event, to its audience."""

    kind = "event_reminder"


class QuestionReminderNotice(PostNotice):
    """The author's reminder to those who have not answered a post's question yet."""

    kind = "question_reminder"


class PostCorrectionNotice(PostNotice):
    """A post corrected or withdrawn after it went out: the message it came in is edited in place
    (`message_id` in `chat_id`), or, where that is no longer possible, a short correction follows."""

    kind = "post_correction"

    change: Literal["edited", "withdrawn"]
    published_at: dt.datetime  # in the school's time: «the announcement of 3 December»
    message_id: int | None = None
    chat_id: int | None = None
    chosen: dict[int, int] = {}


class ThreadMessageNotice(Event):
    """A message relayed between a family and a staff member."""

    kind = "thread_message"

    thread_id: int
    from_family: bool
    sender: str = Field(alias="from")
    staff: str
    student: str
    class_label: str = Field("", alias="class")
    text: str


# ---- parent–teacher meetings (services/meetings.py) ------------------------------------------------------


class MeetingNotice(Event):
    """About one booking of a meeting slot; times are the school's."""

    kind: ClassVar[str]

    booking_id: int
    day: dt.date
    starts: dt.time
    ends: dt.time
    place: str
    teacher: str = ""
    student_id: int
    student: str
    class_label: str = Field("", alias="class")
    parent: str = ""


class MeetingBookedNotice(MeetingNotice):
    """To the teacher: a parent booked one of his slots (moved from another time of the day, if
    `moved_from`)."""

    kind = "meeting_booked"

    moved_from: dt.time | None = None


class MeetingBookingCancelledNotice(MeetingNotice):
    """To the teacher: the parent cancelled his booking; the time is free again."""

    kind = "meeting_booking_cancelled"


class MeetingCancelledNotice(MeetingNotice):
    """To the parent who booked: the teacher cancelled the meeting (the slot, or the whole day)."""

    kind = "meeting_cancelled"


class MeetingReminderNotice(MeetingNotice):
    """To the parent who booked, the day before."""

    kind = "meeting_reminder"


class MeetingAgendaItem(_Part):
    starts: dt.time
    ends: dt.time
    student: str
    class_label: str = Field("", alias="class")
    parent: str = ""
    place: str = ""


class MeetingAgendaNotice(Event):
    """To the teacher, the day before: who comes, at what time."""

    kind = "meeting_agenda"

    day: dt.date
    items: tuple[MeetingAgendaItem, ...]
