"""The morning brief's renderer (services/morning_brief.py): a family's school day in one message.

Registered with the others (bot/delivery/renderers.py) when bot.delivery.notices is imported."""

from __future__ import annotations

import datetime as dt

from bot.delivery.renderers import Notice, RenderContext, renders
from bot.i18n import Translator
from bot.screens import h
from services.events import BriefChild, BriefLesson, MorningBriefNotice


@renders(MorningBriefNotice)
def morning_brief(event: MorningBriefNotice, context: RenderContext) -> Notice:
    t = context.t
    lines = [t("brief-title", day=t.day_title(event.date))]
    for child in event.children:
        lines += ["", *_child(t, child, event.date, many=len(event.children) > 1)]
    if event.events:
        lines += ["", t("brief-events")]
        for item in event.events:
            place = f" ({h(item.place)})" if item.place else ""
            lines.append(f"• {item.at:%H:%M} {h(item.title)}{place}")
    return Notice("\n".join(lines), alone=True)


def _child(t: Translator, child: BriefChild, day: dt.date, *, many: bool) -> list[str]:
    lines = []
    if many or child.parent:
        lines.append(t("brief-child", name=h(child.name), **{"class": h(child.class_label)}))
    lines += [_lesson(t, lesson, day) for lesson in child.lessons]
    if child.tests:
        lines.append(t("brief-tests", tests=h(", ".join(child.tests))))
    if child.homework:
        lines.append(t("brief-homework"))
        lines += [f"• {h(line)}" for line in child.homework]
    return lines


def _lesson(t: Translator, lesson: BriefLesson, day: dt.date) -> str:
    when = f"{lesson.starts_at:%H:%M} " if lesson.starts_at else ""
    head = f"{lesson.number}. {when}{h(lesson.subject)}"
    if lesson.status == "cancelled":
        return f"{head} · {t('tt-cancelled')}"
    if lesson.status == "moved" and lesson.moved_to is not None:
        day, number = lesson.moved_to
        return f"{head} · " + t("tt-moved-to-day", number=number, day=t.short_day(day))
    marks = []
    if lesson.room:
        key = "tt-room-changed" if lesson.room_changed else "room"
        marks.append(t(key, room=h(lesson.room)))
    if lesson.substitute:
        marks.append(t("tt-substitute", teacher=h(lesson.substitute)))
    if lesson.moved_from is not None:
        from_day, number = lesson.moved_from
        moved = (
            t("tt-moved-from", number=number)
            if from_day == day
            else t("tt-moved-from-day", day=t.short_day(from_day))
        )
        marks.append(moved)
    return head + "".join(f" · {mark}" for mark in marks)
