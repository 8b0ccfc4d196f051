"""A child's marks in one subject, opened from a pushed message's button (parents and students).

The parent views issue builds the full marks screens; this one answers the notification's «what
else is there in this subject?» and is sent as a new message, so the notification itself stays.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import FamilyChartCb, FamilyMarksCb, SubjectMarksCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.screens import h, show
from services.audit import Actor
from services.family_marks import MarkLine, SubjectMarks, subject_marks

router = Router(name=__name__)
TEXT_BUDGET = 3900  # under Telegram's 4096, with room for the markup of names


@router.callback_query(SubjectMarksCb.filter())
async def open_subject_marks(
    query: CallbackQuery,
    callback_data: SubjectMarksCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    view = await subject_marks(
        session, actor, callback_data.student_id, callback_data.subject_id, clock.now()
    )
    chart = FamilyChartCb(student_id=callback_data.student_id, subject_id=callback_data.subject_id)
    chart_button = InlineKeyboardButton(text=t("btn-family-chart"), callback_data=chart.pack())
    overview = FamilyMarksCb(student_id=callback_data.student_id)
    back_button = InlineKeyboardButton(text=t("btn-family-marks"), callback_data=overview.pack())
    markup = InlineKeyboardMarkup(inline_keyboard=[[chart_button, back_button], [back_to_menu(t)]])
    if callback_data.in_place:
        await show(query, subject_marks_text(t, view), markup)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(subject_marks_text(t, view), reply_markup=markup)


def subject_marks_text(t: Translator, view: SubjectMarks) -> str:
    head = [t("family-marks-title", subject=h(view.subject), student=h(view.child.full_name))]
    if view.period_number is not None:
        head.append(t("family-marks-period", number=view.period_number, kind=view.period_kind or ""))
    if not view.marks:
        head.append(t("family-marks-none"))
        return "\n".join(head)
    tail: list[str] = []
    average = view.weighted_average
    if average is not None:
        tail.append(t("family-marks-average", average=round(average, 2), count=len(view.marks)))
        lift = view.needed
        if lift is None:
            tail.append(t("family-needed-top"))
        elif lift.fives is not None:
            tail.append(t("family-needed", target=lift.target, fives=lift.fives, fours=lift.fours or 0))
    entries = [_entry(t, mark) for mark in view.marks]
    budget = TEXT_BUDGET - sum(len(line) + 1 for line in head + tail)
    shown: list[str] = []
    for entry in reversed(entries):  # the latest first, as many as fit in one message
        budget -= len(entry) + 1
        if budget < 0:
            break
        shown.append(entry)
    shown.reverse()
    if len(shown) < len(entries):
        shown.insert(0, t("family-marks-earlier", count=len(entries) - len(shown)))
    return "\n".join(head + shown + tail)


def _entry(t: Translator, mark: MarkLine) -> str:
    line = t(
        "family-marks-line",
        date=t.date(mark.date),
        value=mark.value,
        kind=h(mark.kind),
        weight=mark.weight,
        teacher=h(mark.teacher),
    )
    if mark.comment:
        line += "\n" + t("notice-mark-comment", comment=h(mark.comment))
    return line
