"""«📈 График»: the period's weighted averages per subject, or a subject's marks over time, as a photo;
a line of text instead when there is nothing to draw."""

from __future__ import annotations

import asyncio

from aiogram import Bot, Router
from aiogram.types import BufferedInputFile, CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import FamilyChartCb
from bot.charts import averages_chart, subject_chart
from bot.clock import Clock
from bot.i18n import Translator
from bot.repeat_guard import NOT_SENT, ONCE, NotSent
from handlers.family.buttons import period_title
from services.audit import Actor
from services.family_marks import subject_marks
from services.family_views import marks_overview

router = Router(name=__name__)


@router.callback_query(FamilyChartCb.filter(), flags={ONCE: 10})
async def send_chart(
    query: CallbackQuery,
    callback_data: FamilyChartCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    bot: Bot,
) -> NotSent | None:
    if callback_data.subject_id:
        png, caption = await _subject(session, actor, t, clock, callback_data)
    else:
        png, caption = await _averages(session, actor, t, clock, callback_data)
    if png is None:
        await query.answer(caption, show_alert=True)
        return NOT_SENT
    await query.answer()
    photo = BufferedInputFile(png, filename="chart.png")
    await bot.send_photo(query.from_user.id, photo, caption=caption)
    return None


async def _averages(
    session: AsyncSession, actor: Actor, t: Translator, clock: Clock, button: FamilyChartCb
) -> tuple[bytes | None, str]:
    view = await marks_overview(session, actor, button.student_id, button.period_id or None, clock.now())
    averages = [(line.name, float(avg)) for line in view.subjects if (avg := line.average) is not None]
    title = t("family-chart-averages", student=view.child.full_name, period=period_title(t, view.period))
    if not averages:
        return None, t("family-chart-empty")
    return await asyncio.to_thread(averages_chart, title, averages), title


async def _subject(
    session: AsyncSession, actor: Actor, t: Translator, clock: Clock, button: FamilyChartCb
) -> tuple[bytes | None, str]:
    view = await subject_marks(session, actor, button.student_id, button.subject_id, clock.now())
    title = t("family-chart-subject", subject=view.subject, student=view.child.full_name)
    if not view.marks:
        return None, t("family-chart-empty")
    points = [(mark.date, mark.value, mark.weight) for mark in view.marks]
    return await asyncio.to_thread(subject_chart, title, points), title
