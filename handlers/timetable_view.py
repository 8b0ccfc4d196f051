"""Rendering a day of the timetable, shared by the teacher's and the family's screens."""

from __future__ import annotations

import datetime as dt

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import TimetableCb, TimetableScope, TimetableWeekCb
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.screens import h
from services.timetable import DayItem, DayView, WeekView


def _time(item: DayItem) -> str:
    if item.starts_at is None or item.ends_at is None:
        return ""
    return f"{item.starts_at:%H:%M}–{item.ends_at:%H:%M} "


def _line(t: Translator, item: DayItem, for_teacher: bool, day: dt.date) -> str:
    group = f" {t('subgroup', number=item.subgroup)}" if item.subgroup else ""
    head = f"{item.lesson_number}. {_time(item)}<b>{h(item.subject)}</b>{group}"
    gone = change_mark(t, day, item.status, item.moved_to)
    if gone:
        return f"{head}{f' — {item.class_label}' if for_teacher else ''} · {gone}"
    if item.room_changed and item.room:
        where = f" ({t('tt-room-changed', room=h(item.room))})"
    else:
        where = f" ({t('room', room=h(item.room))})" if item.room else ""
    moved_here = moved_from_mark(t, day, item.moved_from)
    if for_teacher:
        line = f"{head} — {item.class_label}{where}"
        if item.covering:
            line += f" · {t('covering-for', teacher=h(item.teacher))}"
        elif item.substitute:
            line += f" · {t('covered-by', teacher=h(item.substitute))}"
    else:
        line = f"{head}{where} — {h(item.teacher)}"
        if item.substitute:
            line += f" · {t('tt-substitute', teacher=h(item.substitute))}"
    return f"{line} · {moved_here}" if moved_here else line


def change_mark(t: Translator, day: dt.date | None, status: str, moved_to: tuple[dt.date, int] | None) -> str:
    """«❌ отменён», «↪️ перенесён на 6-й урок» (on another day: «…, вт, 8 декабря»), or nothing."""
    if status == "cancelled":
        return t("tt-cancelled")
    if status == "moved" and moved_to is not None:
        to_day, number = moved_to
        if to_day == day:
            return t("tt-moved-to", number=number)
        return t("tt-moved-to-day", number=number, day=t.short_day(to_day))
    return ""


def moved_from_mark(t: Translator, day: dt.date | None, moved_from: tuple[dt.date, int] | None) -> str:
    """At a moved lesson's new place: «↪️ перенесён с 3-го урока» (from another day: «… с 7 декабря»)."""
    if moved_from is None:
        return ""
    from_day, number = moved_from
    if from_day == day:
        return t("tt-moved-from", number=number)
    return t("tt-moved-from-day", day=t.short_day(from_day))


def _empty(t: Translator, view: DayView) -> str:
    if view.day_off is None:
        return t("timetable-empty")
    return t("timetable-day-off", name=h(view.day_off)) if view.day_off else t("timetable-day-off-unnamed")


def day_text(t: Translator, view: DayView, *, for_teacher: bool) -> str:
    title = t.day_title(view.date)
    header = f"📅 <b>{title}</b>" + (f" · {view.title}" if view.title else "")
    if not view.items:
        return f"{header}\n{_empty(t, view)}"
    return "\n".join([header, *(_line(t, item, for_teacher, view.date) for item in view.items)])


def day_keyboard(t: Translator, scope: TimetableScope, target_id: int, view: DayView) -> InlineKeyboardMarkup:
    def go(label: str, to: dt.date) -> InlineKeyboardButton:
        data = TimetableCb(scope=scope, target_id=target_id, day=to.toordinal())
        return InlineKeyboardButton(text=label, callback_data=data.pack())

    row = [go("◀", view.date - dt.timedelta(days=1))]
    if view.date != view.today:
        row.append(go(t("btn-today"), view.today))
    row.append(go("▶", view.date + dt.timedelta(days=1)))
    rows = [row]
    if scope == TimetableScope.CLASS and target_id:
        week = TimetableWeekCb(class_id=target_id, day=view.date.toordinal())
        rows.append([InlineKeyboardButton(text=t("btn-timetable-week"), callback_data=week.pack())])
    rows.append([back_to_menu(t)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


WEEK_TEXT_BUDGET = 3900


def week_text(t: Translator, view: WeekView) -> str:
    first = view.days[0].date
    lines = [t("timetable-week-title", day=t.date(first), title=view.title)]
    if view.after_weekend:
        lines.append(t("timetable-week-after-weekend"))
    for day in view.days:
        lines.append(f"\n<b>{t.day_title(day.date)}</b>")
        if not day.items:
            lines.append(_empty(t, day))
        lines.extend(_line(t, item, False, day.date) for item in day.items)
    text = "\n".join(lines)
    return text if len(text) <= WEEK_TEXT_BUDGET else text[:WEEK_TEXT_BUDGET].rsplit("\n", 1)[0]


def week_keyboard(t: Translator, target_id: int, view: WeekView) -> InlineKeyboardMarkup:
    def go(label: str, to: dt.date) -> InlineKeyboardButton:
        data = TimetableWeekCb(class_id=target_id, day=to.toordinal())
        return InlineKeyboardButton(text=label, callback_data=data.pack())

    first = view.days[0].date
    row = [go("◀", first - dt.timedelta(days=7)), go("▶", first + dt.timedelta(days=7))]
    by_day = TimetableCb(scope=TimetableScope.CLASS, target_id=target_id, day=view.today.toordinal())
    day_button = InlineKeyboardButton(text=t("btn-timetable-day"), callback_data=by_day.pack())
    return InlineKeyboardMarkup(inline_keyboard=[row, [day_button], [back_to_menu(t)]])


def day_from_button(ordinal: int) -> dt.date | None:
    """The day a button names (date.toordinal()); 0 or nonsense means today."""
    if ordinal <= 0:
        return None
    try:
        return dt.date.fromordinal(ordinal)
    except (ValueError, OverflowError):
        return None
