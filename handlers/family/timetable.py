"""A class's timetable of a day: for parents (per child), students, and class teachers."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import TimetableCb, TimetableScope
from bot.clock import Clock
from bot.i18n import Translator
from bot.keyboards import back_to_menu, single_column
from bot.screens import h, show
from handlers.timetable_view import day_keyboard, day_text, resolve_day
from services import timetable
from services.audit import Actor
from services.calendar import school_today
from services.errors import AccessDenied
from services.family import children_of
from services.users import UserContext

router = Router(name=__name__)


async def _show_class_day(
    target: Message | CallbackQuery,
    class_id: int,
    requested: int,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    grant = ctx.active
    if grant is None:
        raise AccessDenied()
    today = await school_today(session, grant.school_id, clock.now())
    day = resolve_day(requested, today)
    view = await timetable.class_day(session, actor, class_id, day)
    await show(
        target,
        day_text(t, view, for_teacher=False),
        day_keyboard(t, TimetableScope.CLASS, class_id, day, today),
    )


async def _pick_class(
    target: Message | CallbackQuery,
    requested: int,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    """Target 0 means "my family's": one child (or oneself) goes straight in, several get a picker."""
    children = await children_of(session, actor)
    class_ids = list(dict.fromkeys(child.class_id for child in children))
    if len(class_ids) == 1:
        await _show_class_day(target, class_ids[0], requested, session, ctx, actor, t, clock)
        return
    if not children:
        raise AccessDenied()
    items = [
        (
            f"{h(child.full_name)} · {child.class_label}",
            TimetableCb(scope=TimetableScope.CLASS, target_id=child.class_id, day=requested),
        )
        for child in children
    ]
    await show(target, t("timetable-pick-child"), single_column(items, [back_to_menu(t)]))


@router.message(Command("timetable"))
async def timetable_command(
    message: Message, session: AsyncSession, ctx: UserContext, actor: Actor, t: Translator, clock: Clock
) -> None:
    await _pick_class(message, 0, session, ctx, actor, t, clock)


@router.callback_query(TimetableCb.filter(F.scope == TimetableScope.CLASS))
async def timetable_button(
    query: CallbackQuery,
    callback_data: TimetableCb,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    if callback_data.target_id == 0:
        await _pick_class(query, callback_data.day, session, ctx, actor, t, clock)
    else:
        await _show_class_day(
            query, callback_data.target_id, callback_data.day, session, ctx, actor, t, clock
        )
