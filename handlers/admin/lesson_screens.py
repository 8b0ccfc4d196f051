"""The administration's lesson screens (substitutions, corrections, timetable changes) as pure
functions of the data: text and keyboard. The handlers are handlers/admin/substitutions.py and
handlers/admin/lesson_changes.py."""

from __future__ import annotations

import datetime as dt

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import SubstAction, SubstCb
from bot.i18n import Translator
from bot.screens import h
from handlers.timetable_view import change_mark, moved_from_mark
from services.lesson_changes import MoveChoice
from services.substitutions import AdminLesson

FREE_NUMBERS_A_ROW = 6


def cb(action: SubstAction, **fields: int) -> str:
    return SubstCb(action=action, **fields).pack()


def _button(text: str, action: SubstAction, **fields: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=cb(action, **fields))


def lesson_line(t: Translator, lesson: AdminLesson) -> str:
    """«3. Алгебра — Смирнова Е. В. · ❌ отменён» (and the room, the substitute, where it moved)."""
    group = f" {t('subgroup', number=lesson.subgroup)}" if lesson.subgroup else ""
    line = f"{lesson.lesson_number}. {h(lesson.subject)}{group} — {h(lesson.teacher)}"
    gone = change_mark(t, lesson.date, lesson.status, lesson.moved_to)
    if gone:
        return f"{line} · {gone}"
    if lesson.substitute:
        line += " · " + t("subst-covered-by", teacher=h(lesson.substitute))
    if lesson.room_changed and lesson.room:
        line += " · " + t("tt-room-changed", room=h(lesson.room))
    moved_here = moved_from_mark(t, lesson.date, lesson.moved_from)
    return f"{line} · {moved_here}" if moved_here else line


def lesson_title(t: Translator, lesson: AdminLesson) -> str:
    return t("subst-lesson-title", label=lesson.class_label, day=t.day_title(lesson.date))


def lesson_text(t: Translator, lesson: AdminLesson) -> str:
    lines = [lesson_title(t, lesson), lesson_line(t, lesson)]
    if lesson.room and not lesson.room_changed and lesson.takes_place:
        lines.append(t("subst-room", room=h(lesson.room)))
    if lesson.change_reason:
        lines.append(t("subst-change-reason", reason=h(lesson.change_reason)))
    if lesson.substitution_reason and lesson.takes_place:
        lines.append(t("subst-reason", reason=h(lesson.substitution_reason)))
    if lesson.unlocked_until:
        lines.append(t("subst-unlocked-until", until=t.date(lesson.unlocked_until.date())))
    return "\n".join(lines)


def lesson_keyboard(t: Translator, lesson: AdminLesson) -> InlineKeyboardMarkup:
    """«👤 Замена», «🚪 Кабинет», «↪️ Перенести», «❌ Отменить урок»; «↩️ Вернуть как было» for a
    changed lesson. A cancelled one is only restored; one moved away is moved again, cancelled or
    restored (its new place is a lesson of its own, with all the buttons)."""
    lesson_id = lesson.lesson_id
    rows: list[list[InlineKeyboardButton]] = []
    if lesson.takes_place:
        rows.append(
            [
                _button(t("btn-subst-assign"), SubstAction.PICK, lesson_id=lesson_id),
                _button(t("btn-change-room"), SubstAction.ROOM, lesson_id=lesson_id),
            ]
        )
    if lesson.status != "cancelled":
        rows.append(
            [
                _button(t("btn-change-move"), SubstAction.MOVE, lesson_id=lesson_id),
                _button(t("btn-change-cancel"), SubstAction.OFF, lesson_id=lesson_id),
            ]
        )
    if lesson.changed:
        rows.append([_button(t("btn-change-restore"), SubstAction.RESTORE, lesson_id=lesson_id)])
    if lesson.substitute and lesson.takes_place:
        rows.append([_button(t("btn-subst-cancel"), SubstAction.CANCEL, lesson_id=lesson_id)])
    if lesson.takes_place:
        rows.append([_button(t("btn-subst-unlock"), SubstAction.UNLOCK, lesson_id=lesson_id)])
    rows.append(
        [_button(t("btn-back"), SubstAction.DAY, class_id=lesson.class_id, day=lesson.date.toordinal())]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


def confirm_text(t: Translator, lesson: AdminLesson, question: str) -> str:
    return "\n".join([lesson_title(t, lesson), lesson_line(t, lesson), "", question, t("change-reason-hint")])


def confirm_keyboard(
    t: Translator, lesson: AdminLesson, label: str, do: SubstAction, back: str, **fields: int
) -> InlineKeyboardMarkup:
    """The button that does it without a reason, and the way back."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(label, do, lesson_id=lesson.lesson_id, **fields)],
            [InlineKeyboardButton(text=t("btn-back"), callback_data=back)],
        ]
    )


def move_text(t: Translator, choice: MoveChoice) -> str:
    lines = [
        lesson_title(t, choice.lesson),
        lesson_line(t, choice.lesson),
        "",
        t("change-pick-place", day=t.day_title(choice.day)),
    ]
    lines += [lesson_line(t, x) for x in choice.lessons] or [t("timetable-empty")]
    lines += ["", t("change-pick-hint") if choice.free else t("change-no-free")]
    return "\n".join(lines)


def move_keyboard(t: Translator, choice: MoveChoice) -> InlineKeyboardMarkup:
    lesson_id, day = choice.lesson.lesson_id, choice.day

    def to_day(other: dt.date) -> dict[str, int]:
        return {"lesson_id": lesson_id, "day": other.toordinal()}

    free = [
        _button(t("btn-change-number", number=n), SubstAction.MOVE_TO, number=n, **to_day(day))
        for n in choice.free
    ]
    rows = [free[i : i + FREE_NUMBERS_A_ROW] for i in range(0, len(free), FREE_NUMBERS_A_ROW)]
    nav = []
    if choice.can_go_back:
        nav.append(_button("◀", SubstAction.MOVE, **to_day(day - dt.timedelta(days=1))))
    if choice.can_go_forward:
        nav.append(_button("▶", SubstAction.MOVE, **to_day(day + dt.timedelta(days=1))))
    rows.append(nav)
    rows.append([_button(t("btn-back"), SubstAction.LESSON, lesson_id=lesson_id)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def place_text(t: Translator, day: dt.date, number: int, lesson_day: dt.date) -> str:
    """«на 6-й урок» (its own day) or «на 6-й урок, вт, 8 декабря»."""
    if day == lesson_day:
        return t("notice-tt-to-number", number=number)
    return t("notice-tt-to-number-day", number=number, day=t.short_day(day))
