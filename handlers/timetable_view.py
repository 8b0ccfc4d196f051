"""Rendering a day of the timetable, shared by the teacher's and the family's screens."""

from __future__ import annotations

import datetime as dt

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import TimetableCb, TimetableScope
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.screens import h
from services.timetable import DayItem, DayView


def _time(item: DayItem) -> str:
    if item.starts_at is None or item.ends_at is None:
        return ""
    return f"{item.starts_at:%H:%M}–{item.ends_at:%H:%M} "


def _line(t: Translator, item: DayItem, for_teacher: bool) -> str:
    where = f" ({t('room', room=h(item.room))})" if item.room else ""
    group = f" {t('subgroup', number=item.subgroup)}" if item.subgroup else ""
    head = f"{item.lesson_number}. {_time(item)}<b>{h(item.subject)}</b>{group}"
    if for_teacher:
        line = f"{head} — {item.class_label}{where}"
        if item.covering:
            line += f" · {t('covering-for', teacher=h(item.teacher))}"
        elif item.substitute:
            line += f" · {t('covered-by', teacher=h(item.substitute))}"
        return line
    teacher = h(item.substitute) if item.substitute else h(item.teacher)
    change = f" · {t('substitution')}" if item.substitute else ""
    return f"{head}{where} — {teacher}{change}"


def day_text(t: Translator, view: DayView, *, for_teacher: bool) -> str:
    title = t.day_title(view.date)
    header = f"📅 <b>{title}</b>" + (f" · {view.title}" if view.title else "")
    if not view.items:
        return f"{header}\n{t('timetable-empty')}"
    return "\n".join([header, *(_line(t, item, for_teacher) for item in view.items)])


def day_keyboard(t: Translator, scope: TimetableScope, target_id: int, view: DayView) -> InlineKeyboardMarkup:
    def go(label: str, to: dt.date) -> InlineKeyboardButton:
        data = TimetableCb(scope=scope, target_id=target_id, day=to.toordinal())
        return InlineKeyboardButton(text=label, callback_data=data.pack())

    row = [go("◀", view.date - dt.timedelta(days=1))]
    if view.date != view.today:
        row.append(go(t("btn-today"), view.today))
    row.append(go("▶", view.date + dt.timedelta(days=1)))
    return InlineKeyboardMarkup(inline_keyboard=[row, [back_to_menu(t)]])


def day_from_button(ordinal: int) -> dt.date | None:
    """The day a button names (date.toordinal()); 0 or nonsense means today."""
    if ordinal <= 0:
        return None
    try:
        return dt.date.fromordinal(ordinal)
    except (ValueError, OverflowError):
        return None
