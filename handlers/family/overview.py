"""«📊 Оценки» for parents and students: every subject of the period on one screen, the child picker
for a parent of several (remembered), other periods one tap away."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import FamilyChartCb, FamilyMarksAction, FamilyMarksCb, SubjectMarksCb
from bot.callbacks_report_card import ReportCardAction, ReportCardCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.keyboards import back_to_menu, single_column
from bot.report_cards import card_button
from bot.screens import h, show
from handlers.family.buttons import add_period_rows, period_title
from handlers.planned_tests_views import ahead_text
from services.audit import Actor
from services.family import children_of
from services.family_views import MarksOverview, SubjectLine, marks_overview
from services.report_cards import card_periods

router = Router(name=__name__)
SHOWN_MARKS = 15  # per subject on the overview; the subject's own screen has them all


@router.message(Command("marks"))
async def marks_command(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock
) -> None:
    view = await marks_overview(session, actor, None, None, clock.now())
    await show(message, overview_text(t, view), overview_keyboard(t, view))


@router.callback_query(FamilyMarksCb.filter(F.action == FamilyMarksAction.OPEN))
async def marks_screen(
    query: CallbackQuery,
    callback_data: FamilyMarksCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    view = await marks_overview(
        session, actor, callback_data.student_id or None, callback_data.period_id or None, clock.now()
    )
    await show(query, overview_text(t, view), overview_keyboard(t, view))


@router.callback_query(FamilyMarksCb.filter(F.action == FamilyMarksAction.PICK))
async def pick_child(query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator) -> None:
    children = await children_of(session, actor)
    items = [
        (f"{child.full_name}, {child.class_label}", FamilyMarksCb(student_id=child.student_id))
        for child in children
    ]
    await show(query, t("family-pick-child"), single_column(items, [back_to_menu(t)]))


def _line(t: Translator, view: MarksOverview, line: SubjectLine) -> str:
    name = h(line.name)
    average = line.average
    if average is None:
        text = t("family-overview-empty", subject=name)
    else:
        shown = line.marks[-SHOWN_MARKS:]
        marks = " ".join(str(mark.value) for mark in shown)
        if len(line.marks) > len(shown):  # a long period: the latest ones, and how many in all
            marks = t("family-overview-latest", marks=marks, count=len(line.marks))
        text = t("family-overview-line", subject=name, marks=marks, average=round(float(average), 2))
    if line.final is not None:
        text += t("family-overview-final", final=line.final)
    return text


def overview_text(t: Translator, view: MarksOverview) -> str:
    child = view.child
    lines = [
        t(
            "family-overview-title",
            student=h(child.full_name),
            **{"class": h(child.class_label)},
            period=period_title(t, view.period),
        )
    ]
    lines.extend(_line(t, view, line) for line in view.subjects)
    if not view.subjects:
        lines.append(t("family-overview-no-subjects"))
    ahead = ahead_text(t, view.ahead)
    if ahead:
        lines += ["", ahead]
    return "\n".join(lines)


def overview_keyboard(t: Translator, view: MarksOverview) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    student_id = view.child.student_id
    for line in view.subjects:
        builder.button(
            text=line.name[:30],
            callback_data=SubjectMarksCb(student_id=student_id, subject_id=line.subject_id, in_place=1),
        )
    builder.adjust(2)
    add_period_rows(
        builder,
        t,
        view.periods,
        view.period,
        lambda period: FamilyMarksCb(student_id=student_id, period_id=period.period_id),
    )
    chart = FamilyChartCb(student_id=student_id, period_id=view.period.period_id)
    builder.row(InlineKeyboardButton(text=t("btn-family-chart"), callback_data=chart.pack()))
    # The report card of the period under way and of each earlier one of its year, as a PDF.
    cards = card_periods(view.periods, view.today) if view.today is not None else ()
    for period in reversed(cards):
        data = ReportCardCb(action=ReportCardAction.CHILD, student_id=student_id, period_id=period.period_id)
        builder.row(InlineKeyboardButton(text=card_button(t, period), callback_data=data.pack()))
    if view.children > 1:
        builder.row(
            InlineKeyboardButton(
                text=t("btn-family-other-child"),
                callback_data=FamilyMarksCb(action=FamilyMarksAction.PICK).pack(),
            )
        )
    builder.row(back_to_menu(t))
    return builder.as_markup()
