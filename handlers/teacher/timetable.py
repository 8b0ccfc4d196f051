"""A teacher's own lessons of a day, with substitutions, and the tests he plans on them."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import TimetableCb, TimetableScope
from bot.clock import Clock
from bot.filters import ActiveRole
from bot.i18n import Translator
from bot.screens import show
from handlers.planned_tests_views import timetable_rows
from handlers.timetable_view import day_from_button, day_keyboard, day_text
from models.enums import STAFF_ROLES, Role
from services import tests_planning, timetable
from services.audit import Actor

router = Router(name=__name__)


async def show_day(
    target: Message | CallbackQuery,
    button_day: int,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    note: str | None = None,
) -> None:
    """His lessons of a day; on a day from today on, a button a lesson to plan a test for it («📝 …»)
    or open the one planned («✅ …»), services/tests_planning.py."""
    view = await timetable.teacher_day(session, actor, now=clock.now(), requested=day_from_button(button_day))
    slots = await tests_planning.day_slots(session, actor, view.date, view.today)
    text = day_text(t, view, for_teacher=True)
    if note:
        text = f"{note}\n\n{text}"
    keyboard = day_keyboard(t, TimetableScope.TEACHER, 0, view)
    keyboard.inline_keyboard[0:0] = timetable_rows(t, slots, view.date)
    await show(target, text, keyboard)


@router.message(Command("timetable"), ActiveRole(*STAFF_ROLES, Role.CLASS_TEACHER))
async def timetable_command(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock
) -> None:
    await show_day(message, 0, session, actor, t, clock)


@router.callback_query(TimetableCb.filter(F.scope == TimetableScope.TEACHER))
async def timetable_button(
    query: CallbackQuery,
    callback_data: TimetableCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    await show_day(query, callback_data.day, session, actor, t, clock)
