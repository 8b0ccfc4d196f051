"""«📝 График контрольных»: the school's tests week by week, class by class, for the deputies and the
coordinator; a class over the school's limits (tests a day, a week) is flagged in words."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks_tests import WeekOfTestsCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.screens import show
from handlers.planned_tests_views import week_keyboard, week_text
from handlers.timetable_view import day_from_button
from services import tests_schedule
from services.audit import Actor

router = Router(name=__name__)


@router.callback_query(WeekOfTestsCb.filter())
async def week_screen(
    query: CallbackQuery,
    callback_data: WeekOfTestsCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    school_id = tests_schedule.admin_school(actor, callback_data.school_id)
    monday = day_from_button(callback_data.monday)
    week = await tests_schedule.week(session, actor, school_id, monday, clock.now())
    await show(query, week_text(t, week), week_keyboard(t, week))
