"""«🚫 Пропуски» for parents and students: the period's absences and lateness by day and subject."""

from __future__ import annotations

from itertools import groupby

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import FamilyAbsencesCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.screens import h, show
from handlers.family.buttons import add_other_children, add_period_rows, period_title
from services.audit import Actor
from services.family_views import AbsenceRow, AbsencesView, absences

router = Router(name=__name__)


@router.message(Command("absences"))
async def absences_command(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock
) -> None:
    view = await absences(session, actor, None, None, clock.now())
    await show(message, absences_text(t, view), await _keyboard(session, actor, t, view))


@router.callback_query(FamilyAbsencesCb.filter())
async def absences_screen(
    query: CallbackQuery,
    callback_data: FamilyAbsencesCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    view = await absences(
        session, actor, callback_data.student_id or None, callback_data.period_id or None, clock.now()
    )
    await show(query, absences_text(t, view), await _keyboard(session, actor, t, view))


def _entry(t: Translator, row: AbsenceRow) -> str:
    key = "family-absence-late" if row.status == "late" else "family-absence-absent"
    text = t(key, number=row.lesson_number, subject=h(row.subject))
    if row.excused:
        text += t("family-absence-excused", reason=h(row.reason or "—"))
    return text


def absences_text(t: Translator, view: AbsencesView) -> str:
    child, period = view.viewing.child, view.viewing.period
    lines = [t("family-absences-title", student=h(child.full_name), period=period_title(t, period))]
    missed = [row for row in view.rows if row.status != "late"]
    late = len(view.rows) - len(missed)
    excused = sum(row.excused for row in missed)
    if not view.rows:
        lines.append(t("family-absences-none"))
        return "\n".join(lines)
    lines.append(t("family-absences-totals", missed=len(missed), excused=excused, late=late))
    for day, rows in groupby(view.rows, key=lambda row: row.date):
        lines.append(f"<b>{t.date(day)}</b>: " + "; ".join(_entry(t, row) for row in rows))
    return "\n".join(lines)


async def _keyboard(
    session: AsyncSession, actor: Actor, t: Translator, view: AbsencesView
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    current = view.viewing
    student_id = current.child.student_id
    add_period_rows(
        builder,
        t,
        current.periods,
        current.period,
        lambda period: FamilyAbsencesCb(student_id=student_id, period_id=period.period_id),
    )
    if current.children > 1:
        await add_other_children(
            builder, session, actor, student_id, lambda other: FamilyAbsencesCb(student_id=other)
        )
    builder.row(back_to_menu(t))
    return builder.as_markup()
