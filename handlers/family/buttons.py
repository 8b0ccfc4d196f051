"""Rows of buttons the family screens share: the year's periods, and the viewer's other children."""

from __future__ import annotations

from collections.abc import Callable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from models.enums import PeriodKind
from services.audit import Actor
from services.family import children_of
from services.family_views import PeriodRow

PERIODS_PER_ROW = 3


def period_title(t: Translator, period: PeriodRow, *, short: bool = False) -> str:
    """«1-й триместр»; an earlier year's «1-й триместр 2026/2027», its whole «Учебный год 2026/2027»
    (`short`: without the year, among the buttons of that year)."""
    title = t("family-marks-period", number=period.number, kind=period.kind)
    if not period.past_year:
        return title
    if period.kind == PeriodKind.YEAR.value:
        return t("family-past-year", year=period.past_year)
    return title if short else f"{title} {period.past_year}"


def add_period_rows(
    builder: InlineKeyboardBuilder,
    t: Translator,
    periods: tuple[PeriodRow, ...],
    current: PeriodRow,
    button: Callable[[PeriodRow], CallbackData],
) -> None:
    """One button per period of the year shown, the shown one marked, three to a row; then a button to
    each other year (an earlier one as a whole, or back to this one)."""
    shown_year = current.past_year
    row = [
        InlineKeyboardButton(
            text=("• " if period.period_id == current.period_id else "")
            + period_title(t, period, short=True),
            callback_data=button(period).pack(),
        )
        for period in periods
        if period.past_year == shown_year
    ]
    for start in range(0, len(row), PERIODS_PER_ROW):
        builder.row(*row[start : start + PERIODS_PER_ROW])
    for period in periods:
        if period.past_year != shown_year and period.kind == PeriodKind.YEAR.value:
            label = t("btn-family-this-year") if period.past_year is None else "📜 " + period_title(t, period)
            builder.row(InlineKeyboardButton(text=label, callback_data=button(period).pack()))


async def add_other_children(
    builder: InlineKeyboardBuilder,
    session: AsyncSession,
    actor: Actor,
    shown_student_id: int,
    button: Callable[[int], CallbackData],
) -> None:
    """A row per other child of the viewer (a parent of several), to see the same screen for him."""
    for child in await children_of(session, actor):
        if child.student_id != shown_student_id:
            builder.row(
                InlineKeyboardButton(
                    text=f"👥 {child.first_name}, {child.class_label}",
                    callback_data=button(child.student_id).pack(),
                )
            )
