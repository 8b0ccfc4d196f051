"""The screens of parent–teacher meetings, as pure functions of plain data: the teacher's day and his
offer in the making (handlers/meetings.py), the parent's booking (handlers/family/meetings.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks_meetings import BookAction, BookCb, MeetAction, MeetCb
from bot.i18n import Translator
from bot.keyboards import back_to_menu, button, in_rows, markup
from bot.screens import h
from services.family import ChildRow
from services.meeting_bookings import Booking, MyBooking, TeacherChoice, TeacherSlots
from services.meeting_times import LENGTHS, is_link
from services.meetings import ClassChoice, OfferPlan, OfferView, SlotView, TeacherDay

Screen = tuple[str, InlineKeyboardMarkup]
TIMES_PER_ROW = 4


def hm(time: dt.time) -> str:
    return f"{time:%H:%M}"


def place_line(t: Translator, place: str) -> str:
    return t("meeting-place-link" if is_link(place) else "meeting-place-room", place=h(place))


def _meet(text: str, action: MeetAction, **fields: int) -> InlineKeyboardButton:
    return button(text[:64], MeetCb(action=action, **fields))


def _book(text: str, action: BookAction, **fields: int) -> InlineKeyboardButton:
    return button(text[:64], BookCb(action=action, **fields))


# ---- the teacher's day --------------------------------------------------------------------------------


def _who(t: Translator, parent: str, student: str, class_label: str) -> str:
    child = t("meeting-child", student=h(student), **{"class": h(class_label)})
    return f"{h(parent)} · {child}" if parent else child


def _slot_line(t: Translator, slot: SlotView) -> str:
    time = hm(slot.starts)
    if slot.cancelled:
        return t("meeting-slot-cancelled", time=time)
    if slot.booked is not None:
        booked = slot.booked
        return t(
            "meeting-slot-booked", time=time, who=_who(t, booked.parent, booked.student, booked.class_label)
        )
    return t("meeting-slot-free", time=time)


def day_screen(t: Translator, view: TeacherDay, note: str | None = None) -> Screen:
    lines = [note, ""] if note else []
    lines.append(t("meeting-day-title", day=t.day_title(view.day)))
    for offer in view.offers:
        lines.append("")
        lines.append(
            t(
                "meeting-offer-line",
                to=hm(offer.ends),
                minutes=offer.minutes,
                classes=", ".join(offer.classes),
                **{"from": hm(offer.starts)},
            )
        )
        lines.append(place_line(t, offer.place))
        lines += [_slot_line(t, slot) for slot in offer.slots]
    if not view.offers:
        lines.append(t("meeting-day-empty"))
    rows: list[list[InlineKeyboardButton]] = []
    for offer in view.offers:
        if offer.open_slots:
            rows.append([_meet(t("btn-meeting-cancel-slot"), MeetAction.SLOTS, offer_id=offer.offer_id)])
            label = t("btn-meeting-cancel-offer", to=hm(offer.ends), **{"from": hm(offer.starts)})
            rows.append([_meet(label, MeetAction.DROP_OFFER, offer_id=offer.offer_id)])
    day = view.day.toordinal()
    navigation = [_meet("◀", MeetAction.DAY, day=day - 1)]
    if view.day != view.today:
        navigation.append(_meet(t("btn-today"), MeetAction.DAY, day=view.today.toordinal()))
    navigation.append(_meet("▶", MeetAction.DAY, day=day + 1))
    rows.append(navigation)
    others = [summary for summary in view.upcoming if summary.day != view.day]
    if others:
        lines += ["", t("meeting-days-ahead")]
    days = [
        _meet(
            t("btn-meeting-day", day=t.date(s.day), booked=s.booked, free=s.free),
            MeetAction.DAY,
            day=s.day.toordinal(),
        )
        for s in others
    ]
    rows += in_rows(days, 2)
    rows.append([_meet(t("btn-meeting-new"), MeetAction.NEW)])
    rows.append([back_to_menu(t)])
    return "\n".join(lines), markup(*rows)


def slots_screen(t: Translator, offer: OfferView) -> Screen:
    rows = []
    for slot in offer.open_slots:
        if slot.booked is not None:
            label = t(
                "btn-meeting-slot-booked", time=hm(slot.starts), who=slot.booked.parent or slot.booked.student
            )
        else:
            label = t("btn-meeting-slot-free", time=hm(slot.starts))
        rows.append([_meet(label, MeetAction.DROP_SLOT, slot_id=slot.slot_id)])
    rows.append([_meet(t("btn-back"), MeetAction.DAY, day=offer.day.toordinal())])
    return t("meeting-slots-pick", day=t.date(offer.day)), markup(*rows)


def drop_slot_screen(t: Translator, offer: OfferView, slot: SlotView) -> Screen:
    day, time = t.date(offer.day), hm(slot.starts)
    if slot.booked is not None:
        who = _who(t, slot.booked.parent, slot.booked.student, slot.booked.class_label)
        text = t("meeting-drop-slot-booked", day=day, time=time, who=who)
    else:
        text = t("meeting-drop-slot-free", day=day, time=time)
    return text, markup(
        [_meet(t("btn-meeting-drop-slot"), MeetAction.SLOT_DROPPED, slot_id=slot.slot_id)],
        [_meet(t("btn-back"), MeetAction.DAY, day=offer.day.toordinal())],
    )


def drop_offer_screen(t: Translator, offer: OfferView) -> Screen:
    booked = sum(1 for slot in offer.open_slots if slot.booked is not None)
    text = t(
        "meeting-drop-offer",
        day=t.date(offer.day),
        to=hm(offer.ends),
        booked=booked,
        **{"from": hm(offer.starts)},
    )
    return text, markup(
        [_meet(t("btn-meeting-drop-offer"), MeetAction.OFFER_DROPPED, offer_id=offer.offer_id)],
        [_meet(t("btn-back"), MeetAction.DAY, day=offer.day.toordinal())],
    )


# ---- the teacher's offer in the making ----------------------------------------------------------------


def _quit(t: Translator) -> list[InlineKeyboardButton]:
    return [_meet(t("btn-cancel"), MeetAction.QUIT)]


def new_screen(t: Translator, today: dt.date, days: Sequence[dt.date]) -> Screen:
    def label(day: dt.date) -> str:
        if day == today:
            return t("btn-today")
        if day == today + dt.timedelta(days=1):
            return t("btn-meeting-tomorrow")
        return t.day_title(day)

    buttons = [_meet(label(day), MeetAction.WHEN_DAY, day=day.toordinal()) for day in days]
    text = "\n".join([t("meeting-new-title"), t("meeting-new-ask")])
    return text, markup(*in_rows(buttons, 2), _quit(t))


def draft_header(
    t: Translator,
    day: dt.date,
    start: dt.time | None,
    end: dt.time | None,
    minutes: int | None,
    place: str | None,
    day_off: str | None,
) -> str:
    when = t.day_title(day)
    if start is not None and end is not None:
        when = t("meeting-draft-when", day=when, to=hm(end), **{"from": hm(start)})
    else:
        when = t("meeting-draft-day", day=when)
    if minutes is not None:
        when += t("meeting-draft-length", minutes=minutes)
    lines = [when]
    if place:
        lines.append(place_line(t, place))
    if day_off is not None:
        lines.append(t("meeting-day-off-named", name=h(day_off)) if day_off else t("meeting-day-off"))
    return "\n".join(lines)


def times_screen(t: Translator, header: str) -> Screen:
    return f"{header}\n\n{t('meeting-times-ask')}", markup(_quit(t))


def length_screen(t: Translator, header: str, refusal: str | None = None) -> Screen:
    lengths = [_meet(t("btn-meeting-length", minutes=m), MeetAction.LENGTH, minutes=m) for m in LENGTHS]
    lines = [header, "", t("meeting-length-ask")]
    if refusal:
        lines.insert(0, refusal)
    return "\n".join(lines), markup(lengths, _quit(t))


def place_screen(t: Translator, header: str) -> Screen:
    return f"{header}\n\n{t('meeting-place-ask')}", markup(_quit(t))


def classes_screen(
    t: Translator, header: str, classes: Sequence[ClassChoice], ticked: Sequence[int]
) -> Screen:
    toggles = [
        _meet(f"{'☑' if c.class_id in ticked else '☐'} {c.label}", MeetAction.CLASS, class_id=c.class_id)
        for c in classes
    ]
    rows = [*in_rows(toggles, 4), [_meet(t("btn-meeting-all-classes"), MeetAction.ALL)]]
    chosen = [c.label for c in classes if c.class_id in ticked]
    if chosen:
        rows.append([_meet(t("btn-meeting-chosen-classes", classes=", ".join(chosen)), MeetAction.CHOSEN)])
    rows.append(_quit(t))
    return f"{header}\n\n{t('meeting-classes-ask')}", markup(*rows)


def preview_screen(t: Translator, header: str, plan: OfferPlan, classes: Sequence[str]) -> Screen:
    times = ", ".join(hm(start) for start, _ in plan.slots)
    lines = [
        t("meeting-preview-title"),
        header,
        "",
        t("meeting-preview", count=len(plan.slots), minutes=plan.minutes, times=times),
        t("meeting-preview-classes", classes=", ".join(classes)),
    ]
    return "\n".join(lines), markup([_meet(t("btn-meeting-publish"), MeetAction.PUBLISH)], _quit(t))


def published_screen(t: Translator, day: dt.date, count: int, start: str, end: str, classes: str) -> Screen:
    text = t(
        "meeting-published",
        count=count,
        day=t.date(day),
        to=end,
        classes=classes,
        **{"from": start},
    )
    return text, markup(
        [_meet(t("btn-meetings"), MeetAction.DAY, day=day.toordinal())],
        [back_to_menu(t)],
    )


# ---- the parent's side --------------------------------------------------------------------------------


def _teacher_label(t: Translator, teacher: TeacherChoice) -> str:
    what = teacher.subjects or t("book-class-teacher")
    return t("btn-book-teacher", name=teacher.name, subjects=what, free=teacher.free)


def home_screen(
    t: Translator,
    mine: Sequence[MyBooking],
    children: Sequence[ChildRow],
    child: ChildRow | None,
    teachers: Sequence[TeacherChoice],
) -> Screen:
    """His bookings, then whom to book: the teachers (of the one child), or which child first."""
    lines = [t("book-title")]
    rows = []
    if mine:
        lines += ["", t("book-mine")]
        for b in mine:
            lines.append(
                t(
                    "book-mine-line",
                    day=t.date(b.day),
                    time=hm(b.starts),
                    teacher=h(b.teacher),
                    student=h(b.student),
                )
            )
            label = t("btn-book-mine", day=t.date(b.day), time=hm(b.starts), teacher=b.teacher)
            rows.append([_book(label, BookAction.MINE, booking_id=b.booking_id)])
    lines.append("")
    if child is None:
        lines.append(t("book-child"))
        rows += [
            [_book(f"{c.full_name} ({c.class_label})", BookAction.CHILD, student_id=c.student_id)]
            for c in children
        ]
    elif teachers:
        lines.append(t("book-teachers", student=h(child.full_name), **{"class": h(child.class_label)}))
        rows += [
            [
                _book(
                    _teacher_label(t, teacher),
                    BookAction.TEACHER,
                    student_id=child.student_id,
                    staff_id=teacher.staff_id,
                )
            ]
            for teacher in teachers
        ]
    else:
        lines.append(t("book-no-teachers", **{"class": h(child.class_label)}))
    if child is not None and len(children) > 1:
        rows.append([_book(t("btn-back"), BookAction.START)])
    rows.append([back_to_menu(t)])
    return "\n".join(lines), markup(*rows)


def days_screen(t: Translator, child: ChildRow, teacher: TeacherChoice, free: dict[dt.date, int]) -> Screen:
    rows = [
        [
            _book(
                t("btn-book-day", day=t.day_title(day), free=count),
                BookAction.DAY,
                student_id=child.student_id,
                staff_id=teacher.staff_id,
                day=day.toordinal(),
            )
        ]
        for day, count in free.items()
    ]
    rows.append([_book(t("btn-back"), BookAction.CHILD, student_id=child.student_id)])
    rows.append([back_to_menu(t)])
    return t("book-days", teacher=h(teacher.name)), markup(*rows)


def free_slots_screen(t: Translator, found: TeacherSlots, day: dt.date, note: str | None = None) -> Screen:
    lines = [note, ""] if note else []
    lines.append(t("book-slots", teacher=h(found.teacher), day=t.day_title(day)))
    places = list(dict.fromkeys(slot.place for slot in found.slots))
    lines += [place_line(t, place) for place in places]
    if found.current is not None:
        lines.append(t("book-current", time=hm(found.current.starts)))
    lines.append(t("book-slots-pick") if found.slots else t("book-slots-none"))
    times = [
        _book(hm(slot.starts), BookAction.SLOT, student_id=found.child.student_id, slot_id=slot.slot_id)
        for slot in found.slots
    ]
    back = _book(t("btn-back"), BookAction.CHILD, student_id=found.child.student_id)
    return "\n".join(lines), markup(*in_rows(times, TIMES_PER_ROW), [back], [back_to_menu(t)])


def confirm_screen(t: Translator, found: TeacherSlots, slot_id: int, today: dt.date) -> Screen:
    slot = next(s for s in found.slots if s.slot_id == slot_id)
    child = found.child
    lines = [
        t(
            "book-confirm",
            teacher=h(found.teacher),
            day=t.day_title(slot.day),
            to=hm(slot.ends),
            student=h(child.full_name),
            place=place_line(t, slot.place),
            **{"from": hm(slot.starts), "class": h(child.class_label)},
        ),
        _cancel_rule(t, slot.day, today),
    ]
    fields = {"student_id": child.student_id, "slot_id": slot.slot_id}
    if found.current is not None:
        lines.append(t("book-move", time=hm(found.current.starts)))
        go = _book(t("btn-book-move", time=hm(slot.starts)), BookAction.MOVE, **fields)
    else:
        go = _book(t("btn-book"), BookAction.BOOK, **fields)
    back = _book(
        t("btn-back"),
        BookAction.DAY,
        student_id=child.student_id,
        staff_id=found.staff_id,
        day=slot.day.toordinal(),
    )
    return "\n".join(lines), markup([go], [back])


def _cancel_rule(t: Translator, day: dt.date, today: dt.date) -> str:
    until = day - dt.timedelta(days=1)
    return t("book-cancel-until", date=t.date(until)) if until >= today else t("book-cancel-never")


def already_booked_screen(t: Translator, refusal: str, student_id: int, slot_id: int) -> Screen:
    return refusal, markup(
        [_book(t("btn-book-move-here"), BookAction.MOVE, student_id=student_id, slot_id=slot_id)],
        [_book(t("btn-book-more"), BookAction.START)],
    )


def booked_screen(t: Translator, done: Booking, today: dt.date) -> Screen:
    b = done.booking
    key = "book-moved" if done.moved_from is not None else "book-done"
    lines = [
        t(key, teacher=h(b.teacher), day=t.day_title(b.day), to=hm(b.ends), **{"from": hm(b.starts)}),
        place_line(t, b.place),
        t("book-remind"),
        _cancel_rule(t, b.day, today),
    ]
    return "\n".join(lines), markup([_book(t("btn-book-more"), BookAction.START)], [back_to_menu(t)])


def booking_screen(t: Translator, b: MyBooking, today: dt.date) -> Screen:
    lines = [
        t(
            "book-details",
            day=t.day_title(b.day),
            to=hm(b.ends),
            teacher=h(b.teacher),
            student=h(b.student),
            **{"from": hm(b.starts)},
        ),
        place_line(t, b.place),
    ]
    rows = []
    if today <= b.cancel_until:
        lines.append(t("book-cancel-until", date=t.date(b.cancel_until)))
        rows.append([_book(t("btn-book-cancel"), BookAction.CANCEL, booking_id=b.booking_id)])
    else:
        lines.append(t("book-cancel-late", date=t.date(b.cancel_until)))
    rows.append([_book(t("btn-back"), BookAction.START)])
    return "\n".join(lines), markup(*rows)


def cancel_confirm_screen(t: Translator, b: MyBooking) -> Screen:
    text = t("book-cancel-confirm", day=t.date(b.day), time=hm(b.starts), teacher=h(b.teacher))
    return text, markup(
        [_book(t("btn-book-cancel-confirm"), BookAction.CANCELLED, booking_id=b.booking_id)],
        [_book(t("btn-back"), BookAction.MINE, booking_id=b.booking_id)],
    )


def done_screen(t: Translator, text: str) -> Screen:
    return text, markup([_book(t("btn-book-more"), BookAction.START)], [back_to_menu(t)])
