"""Typed callback data: one class per action family, short prefixes, integer ids, Enum actions.

Everything in here arrives from the user's phone and may be forged: handlers pass the ids to
services/, which check them against the user who pressed. Nothing secret ever goes in here (an
invite id, say, would let a forged button accept someone else's invite), and all stay < 64 bytes.
"""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from models.enums import Role
from services.lessons import Presence


class Screen(enum.StrEnum):
    MENU = "m"
    HELP = "h"
    LANGUAGE = "l"
    ROLES = "r"


class NavCb(CallbackData, prefix="nav"):
    to: Screen


class RoleCb(CallbackData, prefix="role"):
    role: Role
    school_id: int


class LangCb(CallbackData, prefix="lang"):
    locale: str


class ConsentAction(enum.StrEnum):
    ACCEPT = "y"
    DECLINE = "n"


class ConsentCb(CallbackData, prefix="cons"):
    action: ConsentAction


class StaffAction(enum.StrEnum):
    LIST = "l"
    OPEN = "o"
    INVITE = "i"
    ADD = "a"


class StaffCb(CallbackData, prefix="st"):
    action: StaffAction
    staff_id: int = 0
    page: int = 0


class NewStaffAction(enum.StrEnum):
    TOGGLE = "t"
    SAVE = "s"
    CANCEL = "c"


class NewStaffCb(CallbackData, prefix="ns"):
    action: NewStaffAction
    role: Role = Role.TEACHER


class ClassesCb(CallbackData, prefix="cls"):
    """The administration's overview of classes and who has joined."""

    page: int = 0


class FamilyAction(enum.StrEnum):
    CLASS = "c"
    STUDENT = "s"
    PARENT_LINK = "p"
    NEW_PARENT_LINK = "n"
    STUDENT_LINK = "u"
    ALL_LINKS = "f"
    SLIPS = "q"  # a PDF with a slip per student: the family's QR codes


class FamilyInviteCb(CallbackData, prefix="fi"):
    """A class teacher handing out parent and student links for his class."""

    action: FamilyAction
    class_id: int
    student_id: int = 0
    guardian_id: int = 0
    page: int = 0


class TimetableScope(enum.StrEnum):
    TEACHER = "t"
    CLASS = "c"


class TimetableCb(CallbackData, prefix="tt"):
    scope: TimetableScope
    target_id: int = 0  # the class for CLASS; unused for TEACHER (it is always the presser)
    day: int = 0  # date.toordinal(); 0 = today in the school's timezone


# ---- the teacher's lessons ------------------------------------------------------------------------


class TodayCb(CallbackData, prefix="td"):
    day: int = 0  # date.toordinal(); 0 = today in the school's timezone


class LessonScreen(enum.StrEnum):
    CARD = "c"
    ATTENDANCE = "a"
    MARKS = "m"
    HOMEWORK = "h"
    TOPIC = "t"
    KEEP_PLAN_TOPIC = "p"  # the lesson plan's next topic, one tap (services/lesson_plans.py)


class LessonCb(CallbackData, prefix="ls"):
    lesson_id: int
    screen: LessonScreen = LessonScreen.CARD
    page: int = 0


class AttCb(CallbackData, prefix="at"):
    """A tap on a student of the attendance screen; student 0 = «Все присутствуют»."""

    lesson_id: int
    student_id: int
    shown: Presence = Presence.PRESENT  # what the teacher saw: the tap moves on from it
    page: int = 0


class MarksCb(CallbackData, prefix="mk"):
    """The marks roster in a mode: value 0 = tap a student for his keypad; 2..5 = tap students to give it."""

    lesson_id: int
    kind_id: int = 0  # 0 = the school's first kind
    value: int = 0
    page: int = 0


class MarkTapCb(CallbackData, prefix="mt"):
    """A student on the roster (value 0: open his keypad) or a value on a keypad (give it)."""

    lesson_id: int
    student_id: int
    kind_id: int
    value: int = 0
    mode: int = 0  # the roster mode to come back to
    key: str = ""  # the entry key of the screen the button was on: a double tap gives one mark
    page: int = 0


class MarkEditAction(enum.StrEnum):
    OPEN = "o"
    VALUE = "v"
    KIND = "k"
    REMOVE = "r"
    COMMENT = "c"


class MarkEditCb(CallbackData, prefix="me"):
    mark_id: int
    action: MarkEditAction = MarkEditAction.OPEN
    value: int = 0
    page: int = 0


class MarkCommentCb(CallbackData, prefix="mc"):
    mark_id: int
    template: int = -2  # -2: show the templates; -1: type my own; 0..: a template by its index
    page: int = 0


class MarksTextAction(enum.StrEnum):
    START = "s"
    SAVE = "y"
    CANCEL = "n"


class MarksTextCb(CallbackData, prefix="mx"):
    lesson_id: int
    action: MarksTextAction
    kind_id: int = 0


class HomeworkAction(enum.StrEnum):
    DUE = "d"
    DONE = "k"
    REMOVE = "r"
    NO_TEXT = "n"  # files sent before any text: save them with «см. файлы» as the text
    PLAN = "p"  # the lesson plan's homework for the topic the lesson covered, one tap


class HomeworkCb(CallbackData, prefix="hw"):
    lesson_id: int
    action: HomeworkAction
    day: int = 0


class SubstAction(enum.StrEnum):
    CLASSES = "c"
    DAY = "d"
    LESSON = "l"
    PICK = "p"
    CHOOSE = "t"
    CANCEL = "x"  # the substitution, not the lesson
    UNLOCK = "u"
    # Timetable changes (services/lesson_changes.py): each asks first (a reason may be typed), then
    # its *_DO button does it without a reason.
    OFF = "o"  # cancel the lesson
    OFF_DO = "od"
    MOVE = "m"  # where to: the free lesson numbers of `day`
    MOVE_TO = "mt"  # the place picked: `day`, `number`
    MOVE_DO = "md"
    ROOM = "r"  # the room is typed
    ROOM_DO = "rd"  # the typed room (kept in the conversation state)
    RESTORE = "b"  # back as the timetable has it
    RESTORE_DO = "bd"


class SubstCb(CallbackData, prefix="sb"):
    """The administration's substitutions, corrections and timetable changes: class → day → lesson →
    action."""

    action: SubstAction
    class_id: int = 0
    lesson_id: int = 0
    day: int = 0
    staff_id: int = 0
    page: int = 0
    number: int = 0  # a lesson number to move to


def pack_fast(cls: type[CallbackData], **values: int | str | enum.Enum) -> str:
    """What cls(**values).pack() gives, without building and validating a model first.

    The roster screens pack thirty buttons on every tap; building each CallbackData was a tenth of a
    tap's time. For ints, strs and Enums the caller already holds (tests compare it with pack()).
    """
    parts = [cls.__prefix__]
    for name, field in cls.model_fields.items():
        value = values.get(name, field.default)
        parts.append(str(value.value) if isinstance(value, enum.Enum) else str(value))
    packed = ":".join(parts)
    if len(packed.encode()) > 64 or packed.count(":") != len(cls.model_fields):
        raise ValueError(f"callback data {packed!r} is too long or holds a separator")
    return packed


class RemarkAction(enum.StrEnum):
    WRITE = "w"  # ask for the text of a remark about a student
    SEND = "s"
    CANCEL = "x"
    LIST = "l"  # the class's latest remarks, with how many acknowledged
    OPEN = "o"  # one remark: who of the family acknowledged it
    FINALS = "f"  # the period's final marks: acknowledged by the families or not


class RemarkCb(CallbackData, prefix="rm"):
    """A class teacher's remarks about his students, and who acknowledged them and the final marks."""

    action: RemarkAction
    class_id: int
    student_id: int = 0
    remark_id: int = 0
    period_id: int = 0


class FinalsAction(enum.StrEnum):
    CLASSES = "c"  # the teacher's classes and subjects
    SHEET = "s"  # a class, subject and period: averages and finals
    STUDENT = "k"  # the keypad for one student
    SET = "v"
    ALL = "a"  # every student without a final gets what his average rounds to


class FinalsCb(CallbackData, prefix="fn"):
    """A teacher setting final marks for a period."""

    action: FinalsAction
    class_id: int = 0
    subject_id: int = 0
    period_id: int = 0
    student_id: int = 0
    value: int = 0


class ControlAction(enum.StrEnum):
    SHOW = "v"
    XLSX = "x"


class ControlCb(CallbackData, prefix="cr"):
    """The deputies' control report of a school's journal for a period (0: the current one)."""

    action: ControlAction
    school_id: int = 0
    period_id: int = 0


class SummaryAction(enum.StrEnum):
    SHOW = "v"  # the week's table on screen
    XLSX = "x"
    EXCUSE = "e"  # the students with unexcused absences
    STUDENT = "s"  # one student's unexcused absences of the week
    REASON = "r"  # ask the reason for one absence (lesson_id) or all of them (0)


class SummaryCb(CallbackData, prefix="ws"):
    """The class teacher's weekly absence summary and his corrections (the week by its Monday)."""

    action: SummaryAction
    class_id: int
    monday: int  # date.toordinal() of the week's Monday
    student_id: int = 0
    lesson_id: int = 0


class AckCb(CallbackData, prefix="ack"):
    """«Ознакомлен» under a remark or a final mark. It names nothing: the press acknowledges what the
    pressed message brought to the one who pressed (services.acknowledgements)."""


class SubjectMarksCb(CallbackData, prefix="sm"):
    """A family member opening one child's marks in one subject: from a pushed message (a new
    message, so the notification stays) or from the marks screen (edited in place, in_place=1)."""

    student_id: int
    subject_id: int
    in_place: int = 0


class NotifyAction(enum.StrEnum):
    OPEN = "o"
    TOPIC = "t"
    QUIET = "q"
    BREAK = "b"
    DIGEST = "d"
    BRIEF = "m"  # the morning brief: off, or the next of its times
    JOIN_OTHER = "j"  # a link to have the journal in the other messenger too (handlers/messengers.py)
    CHOOSE = "c"  # where a person in both messengers is written to
    LEAVE_OTHER = "x"


class NotifyCb(CallbackData, prefix="nf"):
    """The person's own notification settings; there is nobody else's to name."""

    action: NotifyAction = NotifyAction.OPEN
    topic: str = ""


class SchoolSettingsAction(enum.StrEnum):
    OPEN = "o"
    GROUP = "g"
    EDIT = "e"
    DEFAULT = "d"
    WEIGHTS = "w"
    WEIGHT = "k"


class SchoolSettingsCb(CallbackData, prefix="sset"):
    """The coordinator's school settings: a section's number, a setting's number in
    services.settings_editor.EDITABLE, or a mark kind's id (checked against his school)."""

    action: SchoolSettingsAction = SchoolSettingsAction.OPEN
    group: int = 0
    index: int = 0


class YearAction(enum.StrEnum):
    PREVIEW = "p"
    START = "s"
    LEAVERS = "l"
    CLASS = "c"
    TOGGLE = "t"


class YearCb(CallbackData, prefix="yr"):
    """The coordinator's new school year; a 9th-grade class and its student (checked by the service)."""

    action: YearAction = YearAction.PREVIEW
    class_id: int = 0
    student_id: int = 0
    leaving: int = 0  # TOGGLE: the mark the tap sets (1: leaves)


class CalendarAction(enum.StrEnum):
    OPEN = "o"
    ADD_OFF = "off"
    ADD_WORK = "work"
    CLEAR = "clear"


class CalendarCb(CallbackData, prefix="cal"):
    """The coordinator's school calendar (his own school's; no id travels)."""

    action: CalendarAction = CalendarAction.OPEN


class ImportAction(enum.StrEnum):
    ROSTER = "r"
    TIMETABLE = "t"
    PLAN = "p"
    APPLY = "a"
    CANCEL = "c"
    COLUMN = "k"  # which of the file's headers is a column we did not find


class ImportCb(CallbackData, prefix="imp"):
    """A file staff sent: which kind it is, apply, cancel, a header's number in the question about a
    column (the file's id and headers stay on the server)."""

    action: ImportAction
    index: int = 0


class PlanCb(CallbackData, prefix="pln"):
    """The class and subject a teacher's lesson plan file is for (checked against what he teaches)."""

    class_id: int
    subject_id: int
    subgroup: int = 0


class DeliveriesCb(CallbackData, prefix="dl"):
    """The coordinator's list of messages that did not reach people."""


class FamilyMarksAction(enum.StrEnum):
    OPEN = "o"
    PICK = "p"  # the child picker of a parent of several


class FamilyMarksCb(CallbackData, prefix="fm"):
    """A family's marks overview; 0 = the remembered child, the current period."""

    action: FamilyMarksAction = FamilyMarksAction.OPEN
    student_id: int = 0
    period_id: int = 0


class FamilyAbsencesCb(CallbackData, prefix="fa"):
    """A family's absences of a period; 0 = the remembered child, the current period."""

    student_id: int = 0
    period_id: int = 0


class FamilyHomeworkCb(CallbackData, prefix="fh"):
    """Homework for tomorrow (week=0) or the week; files=a homework id whose files to send."""

    student_id: int = 0
    week: int = 0
    files: int = 0


class FamilyChartCb(CallbackData, prefix="fc"):
    """A chart for a family: averages per subject of a period, or one subject's marks over time."""

    student_id: int
    period_id: int = 0
    subject_id: int = 0


class TimetableWeekCb(CallbackData, prefix="tw"):
    """A class's whole school week holding a day (its own prefix: buttons already sent with
    TimetableCb's three fields keep working)."""

    class_id: int
    day: int = 0


class PostAction(enum.StrEnum):
    HOME = "h"  # the section: news, events, announcements (and «write» for who may)
    LIST = "l"  # a page of one kind
    OPEN = "o"  # one post in full
    ICS = "i"  # an event as a calendar file
    WRITE = "w"  # a new post: which kind
    KIND = "k"  # the kind chosen: for whom
    CLASSES = "c"  # for a class: which one
    AUDIENCE = "a"  # the audience chosen: now the text
    PUBLISH = "p"  # the previewed draft goes out
    CANCEL = "x"


class PostCb(CallbackData, prefix="po"):
    """News, events and announcements: reading (any post id is checked against who pressed) and
    writing (the audience is checked against the writer's rights when the draft is published)."""

    action: PostAction
    kind: str = ""
    post_id: int = 0
    page: int = 0
    audience: str = ""
    class_id: int = 0


class NoteAction(enum.StrEnum):
    START = "s"  # which child (a parent of several)
    CHILD = "c"  # the child chosen: which days
    DAYS = "d"  # the days chosen (today, tomorrow) or to be typed: the reason
    REASON = "r"  # a reason from the list, or to be typed: the preview
    SEND = "o"
    CANCEL = "x"
    WITHDRAW = "w"  # a note not started yet: asks to confirm taking it back
    CONFIRM_WITHDRAW = "y"


class NoteCb(CallbackData, prefix="an"):
    """A parent's absence note. The child is checked against who pressed when the note is sent; a
    note to take back, against the parent who pressed."""

    action: NoteAction
    student_id: int = 0
    day: int = 0  # an ordinal date; 0: the parent types the dates
    reason: int = 0  # 1..: a reason from the list; 0: the parent types it
    note_id: int = 0


class ExportAction(enum.StrEnum):
    HOME = "h"  # a class: the journal of a subject, or the attendance of a month
    SUBJECTS = "s"
    PERIODS = "p"  # the subject chosen: which period
    JOURNAL = "j"  # the file
    MONTHS = "m"
    REGISTER = "r"  # the file


class ExportCb(CallbackData, prefix="ex"):
    """XLSX exports of a class; the class (and subject, period) are checked against who pressed."""

    action: ExportAction
    class_id: int
    subject_id: int = 0
    period_id: int = 0
    month: int = 0  # the ordinal of the month's first day


class RevokeCb(CallbackData, prefix="rv"):
    """The coordinator closes a person's access: asked (confirm=0), then done (confirm=1). The person
    is checked against the coordinator's school; class and student say where to go back to."""

    whose: str  # services.revocation.Whose
    person_id: int
    confirm: int = 0
    class_id: int = 0
    student_id: int = 0


class ThreadAction(enum.StrEnum):
    START = "s"  # a family writes: which child
    CHILD = "c"  # the child chosen: to whom
    CONTACT = "t"  # the staff member chosen: the text
    FAMILY = "f"  # a class teacher writes to a student's parents: the text
    CLASS = "k"  # a teacher of the class picks the student whose parents he writes to
    REPLY = "r"  # an answer in a thread: the text
    MUTE = "m"
    UNMUTE = "u"
    CANCEL = "x"


class ThreadCb(CallbackData, prefix="th"):
    """Messages relayed between families and staff; every id is checked against who pressed."""

    action: ThreadAction
    student_id: int = 0
    staff_id: int = 0
    thread_id: int = 0
    class_id: int = 0


class FilesAction(enum.StrEnum):
    ROOT = "r"  # this year's folder
    OPEN = "o"  # a folder (a page of it)
    GET = "g"  # a file, sent again by its Telegram file id
    UPLOAD = "u"  # the next document or photo goes into the folder
    NEW_FOLDER = "n"  # the administration: a subfolder, its name typed next
    CREATE = "c"  # the typed name made a folder, for everyone or staff only
    CANCEL = "x"


class FilesCb(CallbackData, prefix="fl"):
    """«Файлы»: every folder and file id is checked against who pressed (staff-only ones stay so)."""

    action: FilesAction
    folder_id: int = 0
    file_id: int = 0
    page: int = 0
    everyone: int = 0
