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


def day_keyboard(
    t: Translator, scope: TimetableScope, target_id: int, day: dt.date, today: dt.date
) -> InlineKeyboardMarkup:
    def go(label: str, to: dt.date) -> InlineKeyboardButton:
        data = TimetableCb(scope=scope, target_id=target_id, day=to.toordinal())
        return InlineKeyboardButton(text=label, callback_data=data.pack())

    row = [go("◀", day - dt.timedelta(days=1))]
    if day != today:
        row.append(go(t("btn-today"), today))
    row.append(go("▶", day + dt.timedelta(days=1)))
    return InlineKeyboardMarkup(inline_keyboard=[row, [back_to_menu(t)]])


def resolve_day(requested: int, today: dt.date) -> dt.date:
    """A day from a button: 0 = today; anything outside a sane range falls back to today."""
    if requested <= 0:
        return today
    try:
        day = dt.date.fromordinal(requested)
    except (ValueError, OverflowError):
        return today
    return day if abs((day - today).days) <= 400 else today
