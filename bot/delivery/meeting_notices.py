"""Renderers of parent–teacher meetings (services/meetings.py): a booking told to the teacher, a cancelled
meeting or the reminder to the parent, the teacher's list of tomorrow. Registered with the others
(bot/delivery/renderers.py)."""

from __future__ import annotations

from typing import Any

from bot.callbacks_meetings import BookAction, BookCb, MeetAction, MeetCb
from bot.delivery.renderers import BUTTON_TEXT_LIMIT, Button, ButtonRow, Notice, RenderContext, renders
from bot.i18n import Translator
from bot.meeting_screens import hm, place_line
from bot.screens import h
from services.events import (
    MeetingAgendaNotice,
    MeetingBookedNotice,
    MeetingBookingCancelledNotice,
    MeetingCancelledNotice,
    MeetingNotice,
    MeetingReminderNotice,
)


def _button(text: str, data: str) -> Button:
    return Button(text[:BUTTON_TEXT_LIMIT], data)


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
