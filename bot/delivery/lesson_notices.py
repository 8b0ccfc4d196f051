"""Renderers of messages about lessons: the work messages to staff (substitutions, a lesson unlocked
or changed) and the families' timetable changes. Registered with the others (bot/delivery/renderers.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.callbacks import (
    TimetableCb,
    TimetableScope,
)
from bot.delivery.renderers import Button, Notice, RenderContext, renders
from bot.i18n import Translator
from bot.screens import h
from services.events import (
    LessonChange,
    LessonChangedNotice,
    LessonNotice,
    LessonUnlockedNotice,
    OwnLessonSubstitutedNotice,
    SubstitutionNotice,
    SubstitutionWithdrawnNotice,
    TimetableChangeNotice,
)


@renders(
    SubstitutionNotice,
    OwnLessonSubstitutedNotice,
    SubstitutionWithdrawnNotice,
    LessonUnlockedNotice,
    LessonChangedNotice,
)
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
    elif isinstance(event, LessonChangedNotice):
        text = _lesson_changed(t, event, lesson)
    else:
        text = t("notice-substitution", **lesson)
    if event.reason:
        text += "\n" + t("notice-reason", reason=h(event.reason))
    return Notice(text)


def _lesson_changed(t: Translator, event: LessonChangedNotice, lesson: dict[str, Any]) -> str:
    if event.change == "moved" and event.to_number is not None:
        to_date = event.to_date or event.date
        where = t("notice-tt-to-number", number=event.to_number)
        if to_date != event.date:
            where = t("notice-tt-to-number-day", number=event.to_number, day=t.short_day(to_date))
        return t("notice-lesson-moved", where=where, **lesson)
    if event.change == "room":
        return t("notice-lesson-room", room=h(event.room), **lesson)
    return t(f"notice-lesson-{event.change}", **lesson)


@renders(TimetableChangeNotice)
def timetable_change(event: TimetableChangeNotice, context: RenderContext) -> Notice:
    """«🔁 Изменение в расписании 5Б на пн, 7 декабря:» and a line per changed lesson."""
    t = context.t
    lines = [t("notice-tt-title", **{"class": h(event.class_label)}, day=t.short_day(event.date))]
    lines += [_timetable_line(t, change, event.date) for change in event.changes if change.changed]
    day = TimetableCb(scope=TimetableScope.CLASS, target_id=event.class_id, day=event.date.toordinal())
    return Notice("\n".join(lines), buttons=((Button(t("btn-notice-timetable"), day.pack()),),))


def _timetable_line(t: Translator, change: LessonChange, day: dt.date) -> str:
    """«3-й урок (Алгебра) отменён», «… перенесён на 6-й урок, кабинет 214 вместо 301»."""
    before, after = change.before, change.after
    group = f" {t('subgroup', number=change.subgroup)}" if change.subgroup else ""
    lead = t("notice-tt-lesson", number=change.lesson_number, subject=h(change.subject), group=group)
    status = ""
    if after.status == "cancelled":
        return f"{lead} {t('notice-tt-cancelled')}"
    if after.status == "moved" and (after.date, after.lesson_number) != (before.date, before.lesson_number):
        where = t("notice-tt-to-number", number=after.lesson_number)
        if after.date != day:
            where = t("notice-tt-to-number-day", number=after.lesson_number, day=t.short_day(after.date))
        status = t("notice-tt-moved", where=where)
    elif after.status == "scheduled" and before.status != "scheduled":
        status = t("notice-tt-restored")
    details = []
    if after.room and after.room != before.room and before.status != "cancelled":
        details.append(
            t("notice-tt-room-instead", room=h(after.room), before=h(before.room))
            if before.room
            else t("notice-tt-room", room=h(after.room))
        )
    if after.teacher and after.teacher != before.teacher and before.teacher:
        details.append(t("notice-tt-teacher", teacher=h(after.teacher), before=h(before.teacher)))
    if status:
        return ", ".join([f"{lead} {status}", *details])
    return f"{lead}: " + ", ".join(details) if details else f"{lead} {t('notice-tt-changed')}"
