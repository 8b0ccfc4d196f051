"""A teacher's own lessons of a day, with substitutions."""

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
from handlers.helpers import grant_for
from handlers.timetable_view import day_keyboard, day_text, resolve_day
from models.enums import Role
from services import timetable
from services.audit import Actor
from services.calendar import school_today
from services.users import UserContext

router = Router(name=__name__)


async def _show_day(
    target: Message | CallbackQuery,
    requested: int,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    today = await school_today(session, grant_for(ctx, Role.TEACHER).school_id, clock.now())
    day = resolve_day(requested, today)
    view = await timetable.teacher_day(session, actor, day)
    await show(
        target, day_text(t, view, for_teacher=True), day_keyboard(t, TimetableScope.TEACHER, 0, day, today)
    )


@router.message(
    Command("timetable"), ActiveRole(Role.TEACHER, Role.CLASS_TEACHER, Role.DEPUTY, Role.COORDINATOR)
)
async def timetable_command(
    message: Message, session: AsyncSession, ctx: UserContext, actor: Actor, t: Translator, clock: Clock
) -> None:
    await _show_day(message, 0, session, ctx, actor, t, clock)


@router.callback_query(TimetableCb.filter(F.scope == TimetableScope.TEACHER))
async def timetable_button(
    query: CallbackQuery,
    callback_data: TimetableCb,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    await _show_day(query, callback_data.day, session, ctx, actor, t, clock)
