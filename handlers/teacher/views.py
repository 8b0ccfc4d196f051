"""The teacher's lesson screens as pure functions of the data: text and keyboard.

Budget: a teacher with thirty children in front of him taps with one thumb. Every screen is edited
in place, the roster is two names a row (readable on a phone), at most 100 buttons a message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import (
    AttCb,
    HomeworkAction,
    HomeworkCb,
    LessonCb,
    LessonScreen,
    MarkCommentCb,
    MarkEditAction,
    MarkEditCb,
    MarksCb,
    MarksTextAction,
    MarksTextCb,
    MarkTapCb,
    ThreadAction,
    ThreadCb,
    TodayCb,
    pack_fast,
)
from bot.callbacks_tests import PlanAction, PlanTestCb
from bot.i18n import Translator
from bot.keyboards import back_to_menu, button, in_rows, kept_button, markup, packed_button
from bot.screens import h
from handlers.timetable_view import change_mark, moved_from_mark
from services.homework import HomeworkView
from services.lessons import (
    DayLesson,
    KindInfo,
    LessonInfo,
    LessonSheet,
    Presence,
    SheetMark,
    SheetStudent,
    TeacherDay,
)
from services.mark_shorthand import UNKNOWN_NAME, ShorthandResult

ROSTER_PAGE = 40  # two a row: 20 rows of names, well inside Telegram's 100 buttons


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def cancel_keyboard(t: Translator, back: CallbackData) -> InlineKeyboardMarkup:
    """Under a prompt for typed input: «Отмена» goes back to `back`, whose screen ends the input."""
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("btn-cancel"), back)]])


def lesson_title(t: Translator, lesson: LessonInfo) -> str:
    group = f" {t('subgroup', number=lesson.subgroup)}" if lesson.subgroup else ""
    return t(
        "lesson-title",
        label=lesson.class_label,
        subject=h(lesson.subject),
        group=group,
        day=t.date(lesson.date),
        number=lesson.lesson_number,
    )


# ---- /today ----------------------------------------------------------------------------------------


def today_text(t: Translator, day: TeacherDay) -> str:
    lines = [t("today-title", day=t.day_title(day.date))]
    if not day.lessons:
        lines.append(t("today-empty"))
    lines.extend(_day_line(t, lesson) for lesson in day.lessons)
    if day.unlocked:
        lines.append(t("today-unlocked"))
        lines.extend(_day_line(t, lesson, with_date=True) for lesson in day.unlocked)
    return "\n".join(lines)


def _day_line(t: Translator, lesson: DayLesson, *, with_date: bool = False) -> str:
    when = f"{lesson.starts_at:%H:%M} " if lesson.starts_at else ""
    date = f"{t.date(lesson.date)}, " if with_date else ""
    group = f" {t('subgroup', number=lesson.subgroup)}" if lesson.subgroup else ""
    head = f"{date}{lesson.lesson_number}. {when}<b>{lesson.class_label}</b> · {h(lesson.subject)}{group}"
    gone = change_mark(t, lesson.date, lesson.status, lesson.moved_to)
    if gone:
        return f"{head} · {gone}"  # nothing to fill: no state line, no buttons
    if lesson.covering:
        head += f" · {t('today-covering')}"
    if lesson.room:
        head += f" · {t('tt-room-changed', room=h(lesson.room))}"
    moved_here = moved_from_mark(t, lesson.date, lesson.moved_from)
    if moved_here:
        head += f" · {moved_here}"
    if lesson.covered_by:
        return f"{head}\n    {t('today-covered-by', teacher=h(lesson.covered_by))}"
    attendance = _attendance_state(t, "today", lesson.attendance_taken, lesson.absent, lesson.late)
    marks = t("today-marks", count=lesson.marks) if lesson.marks_allowed else ""
    homework = t("today-homework-yes") if lesson.homework else t("today-homework-no")
    topic = t("today-topic-yes") if lesson.topic else t("today-topic-no")
    state = " · ".join(part for part in (attendance, marks, homework, topic) if part)
    return f"{head}\n    {state}"


def _attendance_state(t: Translator, screen: str, taken: bool, absent: int, late: int) -> str:
    if not taken:
        return t(f"{screen}-attendance-missing")
    if absent == late == 0:
        return t(f"{screen}-attendance-all")
    return t(f"{screen}-attendance-counts", absent=absent, late=late)


def today_keyboard(t: Translator, day: TeacherDay) -> InlineKeyboardMarkup:
    rows = [_lesson_row(t, lesson) for lesson in (*day.lessons, *day.unlocked)]
    nav = []
    if day.can_go_back:
        nav.append(button("◀", TodayCb(day=(day.date - dt.timedelta(days=1)).toordinal())))
    if day.date != day.today:
        nav.append(button(t("btn-today"), TodayCb()))
    if day.can_go_forward:
        nav.append(button("▶", TodayCb(day=(day.date + dt.timedelta(days=1)).toordinal())))
    return markup(*rows, nav, [back_to_menu(t)])


def _lesson_row(t: Translator, lesson: DayLesson) -> list[InlineKeyboardButton]:
    if lesson.covered_by or not lesson.takes_place:
        return []  # a colleague covers it, or it is cancelled or moved away: only listed
    row = [_button(f"{lesson.lesson_number} · {lesson.class_label}", LessonCb(lesson_id=lesson.lesson_id))]
    row.append(
        _button(
            t("btn-attendance-short"), LessonCb(lesson_id=lesson.lesson_id, screen=LessonScreen.ATTENDANCE)
        )
    )
    if lesson.marks_allowed:
        row.append(
            _button(t("btn-marks-short"), LessonCb(lesson_id=lesson.lesson_id, screen=LessonScreen.MARKS))
        )
    row.append(
        _button(t("btn-homework-short"), LessonCb(lesson_id=lesson.lesson_id, screen=LessonScreen.HOMEWORK))
    )
    return row


# ---- the lesson card --------------------------------------------------------------------------------


def card_text(t: Translator, sheet: LessonSheet, homework: HomeworkView, locked_reason: str | None) -> str:
    lesson = sheet.lesson
    absent = sum(s.presence == Presence.ABSENT for s in sheet.students)
    late = sum(s.presence == Presence.LATE for s in sheet.students)
    marks = sum(len(s.marks) for s in sheet.students)
    lines = [lesson_title(t, lesson)]
    lines.append(_attendance_state(t, "card", lesson.attendance_taken, absent, late))
    if lesson.marks_allowed:
        lines.append(t("card-marks", count=marks))
    else:
        lines.append(t("card-no-marks-grade-one"))
    if homework.text is not None:
        lines.append(t("card-homework", text=h(_shorten(homework.text, 200)), due=t.date(homework.due_on)))
    else:
        lines.append(t("card-homework-missing"))
    lines.append(t("card-topic", topic=h(lesson.topic)) if lesson.topic else t("card-topic-missing"))
    if sheet.test_kind_id is not None:
        lines.append(t("card-planned-test", kind=h(sheet.default_kind.name)))
    if locked_reason:
        lines.append(locked_reason)
    return "\n".join(lines)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def card_keyboard(t: Translator, lesson: LessonInfo) -> InlineKeyboardMarkup:
    lesson_id = lesson.lesson_id
    first = [_button(t("btn-attendance"), LessonCb(lesson_id=lesson_id, screen=LessonScreen.ATTENDANCE))]
    if lesson.marks_allowed:
        first.append(_button(t("btn-marks"), LessonCb(lesson_id=lesson_id, screen=LessonScreen.MARKS)))
    second = [
        _button(t("btn-homework"), LessonCb(lesson_id=lesson_id, screen=LessonScreen.HOMEWORK)),
        _button(t("btn-topic"), LessonCb(lesson_id=lesson_id, screen=LessonScreen.TOPIC)),
    ]
    parents = _button(t("btn-write-parents"), ThreadCb(action=ThreadAction.CLASS, class_id=lesson.class_id))
    back = _button(t("btn-lessons"), TodayCb(day=lesson.date.toordinal()))
    rows = [first, second, [parents], [back]]
    if lesson.marks_allowed and lesson.substitute_id is None:  # his own class and subject: a test ahead
        test = PlanTestCb(action=PlanAction.DAYS, lesson_id=lesson_id)
        rows.insert(2, [_button(t("btn-plan-test"), test)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


# ---- attendance ---------------------------------------------------------------------------------------


def attendance_text(t: Translator, sheet: LessonSheet, locked_reason: str | None = None) -> str:
    absent = sum(s.presence == Presence.ABSENT for s in sheet.students)
    late = sum(s.presence == Presence.LATE for s in sheet.students)
    # Before the lesson is taken a parent's absence note may already have marked someone.
    state = (
        t("attendance-state", absent=absent, late=late)
        if sheet.lesson.attendance_taken or absent or late
        else t("attendance-not-taken")
    )
    return "\n".join([lesson_title(t, sheet.lesson), locked_reason or t("attendance-hint"), state])


def attendance_keyboard(t: Translator, sheet: LessonSheet, page: int) -> InlineKeyboardMarkup:
    lesson_id = sheet.lesson.lesson_id
    students, page, pages = _page(sheet.students, page)
    # «Н · Иванов И.»: the journal's letters, from the catalogue once per screen, not per student.
    prefix = {Presence.PRESENT: "", Presence.ABSENT: t("presence-absent"), Presence.LATE: t("presence-late")}
    names = [
        kept_button(
            f"{prefix[s.presence]}{s.short_name}",
            pack_fast(AttCb, lesson_id=lesson_id, student_id=s.student_id, shown=s.presence, page=page),
        )
        for s in students
    ]
    pager = _pager_row(
        pages, page, lambda p: LessonCb(lesson_id=lesson_id, screen=LessonScreen.ATTENDANCE, page=p)
    )
    return markup(
        *in_rows(names, 2),
        pager,
        [button(t("btn-all-present"), AttCb(lesson_id=lesson_id, student_id=0, page=page))],
        [button(t("btn-lesson"), LessonCb(lesson_id=lesson_id))],
    )


def _page(students: Sequence[SheetStudent], page: int) -> tuple[Sequence[SheetStudent], int, int]:
    pages = max(1, -(-len(students) // ROSTER_PAGE))
    page = min(max(page, 0), pages - 1)
    return students[page * ROSTER_PAGE : (page + 1) * ROSTER_PAGE], page, pages


def _pager_row(pages: int, page: int, make: Callable[[int], CallbackData]) -> list[InlineKeyboardButton]:
    if pages <= 1:
        return []
    row = []
    if page > 0:
        row.append(button("◀", make(page - 1)))
    row.append(button(f"{page + 1}/{pages}", make(page)))
    if page + 1 < pages:
        row.append(button("▶", make(page + 1)))
    return row


# ---- marks ---------------------------------------------------------------------------------------------


def marks_label(marks: Sequence[SheetMark]) -> str:
    return " ".join(str(m.value) for m in marks)


def marks_text(t: Translator, sheet: LessonSheet, kind: KindInfo, value: int, note: str | None = None) -> str:
    lines = [lesson_title(t, sheet.lesson), t("marks-kind", kind=h(kind.name), weight=kind.weight)]
    if sheet.test_kind_id is not None:  # the day's planned test: its marks default to its kind
        lines.insert(1, t("marks-planned-test", kind=h(sheet.default_kind.name)))
    lines.append(t("marks-hint-give", value=value) if value else t("marks-hint"))
    if note:
        lines.append(note)
    return "\n".join(lines)


def next_kind(sheet: LessonSheet, kind: KindInfo) -> KindInfo:
    kinds = sheet.kinds
    return kinds[(kinds.index(kind) + 1) % len(kinds)]


def marks_keyboard(
    t: Translator,
    sheet: LessonSheet,
    kind: KindInfo,
    value: int,
    key: str,
    page: int,
    last: SheetMark | None = None,
) -> InlineKeyboardMarkup:
    lesson_id = sheet.lesson.lesson_id
    values = [
        button(
            f"[{v}]" if v == value else str(v),
            MarksCb(lesson_id=lesson_id, kind_id=kind.kind_id, value=0 if v == value else v, page=page),
        )
        for v in (2, 3, 4, 5)
    ]
    tools = [
        button(
            t("btn-kind", kind=kind.short_name),
            MarksCb(lesson_id=lesson_id, kind_id=next_kind(sheet, kind).kind_id, value=value, page=page),
        ),
        button(
            t("btn-marks-text"),
            MarksTextCb(lesson_id=lesson_id, action=MarksTextAction.START, kind_id=kind.kind_id),
        ),
    ]
    comment = [button(t("btn-comment-last"), MarkCommentCb(mark_id=last.mark_id, page=page))] if last else []
    students, page, pages = _page(sheet.students, page)
    names = []
    for student in students:
        marks = marks_label(student.marks)
        label = f"{student.short_name} · {marks}" if marks else student.short_name
        tap = pack_fast(
            MarkTapCb,
            lesson_id=lesson_id,
            student_id=student.student_id,
            kind_id=kind.kind_id,
            value=value,
            mode=value,
            key=key,
            page=page,
        )
        names.append(packed_button(label, tap))
    pager = _pager_row(
        pages, page, lambda p: MarksCb(lesson_id=lesson_id, kind_id=kind.kind_id, value=value, page=p)
    )
    return markup(
        values,
        tools,
        comment,
        *in_rows(names, 2),
        pager,
        [button(t("btn-lesson"), LessonCb(lesson_id=lesson_id))],
    )


# A kind answered at the board: a student marked absent cannot have earned it (a written work he may
# hand in later can be marked): the keypad warns, in one line, and lets the teacher go on.
ORAL_KINDS = frozenset({"oral"})


def answered_while_absent(student: SheetStudent, kind: KindInfo) -> bool:
    return student.presence is Presence.ABSENT and kind.code in ORAL_KINDS


def keypad_text(t: Translator, sheet: LessonSheet, student: SheetStudent, kind: KindInfo) -> str:
    lines = [lesson_title(t, sheet.lesson)]
    if answered_while_absent(student, kind):
        lines.append(t("keypad-absent-oral"))
    lines.append(t("keypad-title", name=h(student.full_name), kind=h(kind.name)))
    if student.marks:
        given = ", ".join(f"{m.value} ({sheet.kind(m.kind_id).short_name})" for m in student.marks)
        lines.append(t("keypad-given", marks=given))
    return "\n".join(lines)


def keypad_keyboard(
    t: Translator, sheet: LessonSheet, student: SheetStudent, kind: KindInfo, key: str, page: int
) -> InlineKeyboardMarkup:
    lesson_id, student_id = sheet.lesson.lesson_id, student.student_id
    builder = InlineKeyboardBuilder()
    builder.row(
        *(
            _button(
                str(v),
                MarkTapCb(
                    lesson_id=lesson_id,
                    student_id=student_id,
                    kind_id=kind.kind_id,
                    value=v,
                    mode=0,
                    key=key,
                    page=page,
                ),
            )
            for v in (2, 3, 4, 5)
        )
    )
    builder.row(
        _button(
            t("btn-kind", kind=kind.short_name),
            MarkTapCb(
                lesson_id=lesson_id, student_id=student_id, kind_id=next_kind(sheet, kind).kind_id, page=page
            ),
        )
    )
    for mark in student.marks:
        label = t("btn-edit-mark", value=mark.value, kind=sheet.kind(mark.kind_id).short_name)
        builder.row(_button(label, MarkEditCb(mark_id=mark.mark_id, page=page)))
    builder.row(_button(t("btn-back"), MarksCb(lesson_id=lesson_id, kind_id=kind.kind_id, page=page)))
    return builder.as_markup()


def mark_edit_text(t: Translator, sheet: LessonSheet, student: SheetStudent, mark: SheetMark) -> str:
    kind = sheet.kind(mark.kind_id)
    lines = [
        lesson_title(t, sheet.lesson),
        t("mark-edit-title", name=h(student.full_name), value=mark.value, kind=h(kind.name)),
    ]
    if mark.comment:
        lines.append(t("mark-comment", comment=h(mark.comment)))
    lines.append(t("mark-edit-hint"))
    return "\n".join(lines)


def mark_edit_keyboard(t: Translator, sheet: LessonSheet, mark: SheetMark, page: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.row(
        *(
            _button(
                f"[{v}]" if v == mark.value else str(v),
                MarkEditCb(mark_id=mark.mark_id, action=MarkEditAction.VALUE, value=v, page=page),
            )
            for v in (2, 3, 4, 5)
        )
    )
    builder.row(
        _button(
            t("btn-kind", kind=sheet.kind(mark.kind_id).short_name),
            # the target kind rides in the button, so a double tap sets it twice instead of skipping one
            MarkEditCb(
                mark_id=mark.mark_id,
                action=MarkEditAction.KIND,
                value=next_kind(sheet, sheet.kind(mark.kind_id)).kind_id,
                page=page,
            ),
        ),
        _button(t("btn-comment"), MarkCommentCb(mark_id=mark.mark_id, page=page)),
    )
    builder.row(
        _button(
            t("btn-remove-mark"), MarkEditCb(mark_id=mark.mark_id, action=MarkEditAction.REMOVE, page=page)
        )
    )
    builder.row(
        _button(t("btn-back"), MarksCb(lesson_id=sheet.lesson.lesson_id, kind_id=mark.kind_id, page=page))
    )
    return builder.as_markup()


def comment_keyboard(
    t: Translator, templates: Sequence[str], mark: SheetMark, lesson_id: int, page: int
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for index, template in enumerate(templates):
        builder.row(_button(template, MarkCommentCb(mark_id=mark.mark_id, template=index, page=page)))
    builder.row(_button(t("btn-comment-own"), MarkCommentCb(mark_id=mark.mark_id, template=-1, page=page)))
    builder.row(_button(t("btn-back"), MarksCb(lesson_id=lesson_id, kind_id=mark.kind_id, page=page)))
    return builder.as_markup()


def shorthand_preview(t: Translator, sheet: LessonSheet, result: ShorthandResult, *, kept: int = 0) -> str:
    """What typed marks will save; `kept`: how many of them came from the previous message (its
    clear lines stay when only the corrected lines are sent again)."""
    lines = [lesson_title(t, sheet.lesson)]
    if result.marks:
        lines.append(t("shorthand-will-save", count=len(result.marks)))
        for mark in result.marks:
            student = sheet.student(mark.student_id)
            line = f"• {h(student.full_name)} — {mark.value} ({h(sheet.kind(mark.kind_id).short_name)})"
            if student.marks:  # a second mark for this lesson, said so: not a silent duplicate
                given = ", ".join(f"{m.value} ({sheet.kind(m.kind_id).short_name})" for m in student.marks)
                line += " " + t("shorthand-second-mark", marks=h(given))
            lines.append(line)
        if kept:
            lines.append(t("shorthand-kept", count=kept))
    if result.no_mark_n:
        names = ", ".join(h(sheet.student(s).short_name) for s in result.no_mark_n)
        lines.append(t("shorthand-n-no-mark", names=names))
    if result.problems:
        lines.append(t("shorthand-problems", count=len(result.problems)))
        for problem in result.problems:
            names = ", ".join(h(sheet.student(c).full_name) for c in problem.candidates)
            code = problem.code + ("-close" if problem.code == UNKNOWN_NAME and problem.candidates else "")
            reason = t(f"shorthand-{code}", names=names)
            lines.append(
                t("shorthand-problem-line", line=problem.line, source=h(problem.source), reason=reason)
            )
    if not result.marks:
        lines.append(t("shorthand-nothing"))
    return "\n".join(lines)


def shorthand_keyboard(t: Translator, lesson_id: int, kind_id: int, can_save: bool) -> InlineKeyboardMarkup:
    rows = []
    if can_save:
        rows.append(
            [
                _button(
                    t("btn-save"),
                    MarksTextCb(lesson_id=lesson_id, action=MarksTextAction.SAVE, kind_id=kind_id),
                )
            ]
        )
    rows.append(
        [
            _button(
                t("btn-cancel"),
                MarksTextCb(lesson_id=lesson_id, action=MarksTextAction.CANCEL, kind_id=kind_id),
            )
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


# ---- homework ------------------------------------------------------------------------------------------


def homework_text(t: Translator, view: HomeworkView) -> str:
    lines = [lesson_title(t, view.lesson)]
    if view.text is not None:
        lines.append(t("homework-current", text=h(view.text), due=t.date(view.due_on)))
        if view.attachments:
            lines.append(t("homework-files", count=len(view.attachments)))
        lines.append(t("homework-replace-hint"))
    elif view.next_lessons:
        lines.append(t("homework-ask", due=t.date(view.due_on)))
    else:  # no lesson of the subject in the timetable ahead: the date is a guess, and says so
        lines.append(t("homework-ask-no-lesson", due=t.date(view.due_on)))
    return "\n".join(lines)


def homework_keyboard(t: Translator, view: HomeworkView) -> InlineKeyboardMarkup:
    lesson_id = view.lesson.lesson_id
    builder = InlineKeyboardBuilder()
    if view.homework_id is not None and view.next_lessons:
        builder.row(
            *(
                _button(
                    ("✅ " if day == view.due_on else "") + t.date(day),
                    HomeworkCb(lesson_id=lesson_id, action=HomeworkAction.DUE, day=day.toordinal()),
                )
                for day in view.next_lessons
            )
        )
    if view.homework_id is not None:
        builder.row(
            _button(t("btn-done"), HomeworkCb(lesson_id=lesson_id, action=HomeworkAction.DONE)),
            _button(t("btn-remove-homework"), HomeworkCb(lesson_id=lesson_id, action=HomeworkAction.REMOVE)),
        )
    builder.row(_button(t("btn-lesson"), LessonCb(lesson_id=lesson_id)))
    return builder.as_markup()
