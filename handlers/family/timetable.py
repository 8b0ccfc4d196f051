"""A class's timetable of a day: for parents (per child), students, and class teachers."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import TimetableCb, TimetableScope, TimetableWeekCb
from bot.clock import Clock
from bot.filters import ActiveRole
from bot.i18n import Translator
from bot.keyboards import back_to_menu, single_column
from bot.screens import h, show
from handlers.timetable_view import day_from_button, day_keyboard, day_text, week_keyboard, week_text
from models.enums import Role
from services import timetable
from services.audit import Actor
from services.family import children_of

router = Router(name=__name__)


async def _show_class_day(
    target: Message | CallbackQuery,
    class_id: int,
    button_day: int,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    view = await timetable.class_day(
        session, actor, class_id, now=clock.now(), requested=day_from_button(button_day)
    )
    await show(
        target, day_text(t, view, for_teacher=False), day_keyboard(t, TimetableScope.CLASS, class_id, view)
    )


async def _family_day(
    target: Message | CallbackQuery,
    button_day: int,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    """ "My family's timetable": one class (one child, or oneself) goes straight in, several get a picker."""
    children = await children_of(session, actor)
    class_ids = list(dict.fromkeys(child.class_id for child in children))
    if len(class_ids) == 1:
        await _show_class_day(target, class_ids[0], button_day, session, actor, t, clock)
        return
    if not children:
        await show(target, t("timetable-no-children"), single_column([], [back_to_menu(t)]))
        return
    items = [
        (
            f"{h(child.full_name)} · {child.class_label}",
            TimetableCb(scope=TimetableScope.CLASS, target_id=child.class_id, day=button_day),
        )
        for child in children
    ]
    await show(target, t("timetable-pick-child"), single_column(items, [back_to_menu(t)]))


@router.message(Command("timetable"), ActiveRole(Role.PARENT, Role.STUDENT))
async def timetable_command(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock
) -> None:
    await _family_day(message, 0, session, actor, t, clock)


@router.callback_query(TimetableCb.filter(F.scope == TimetableScope.CLASS))
async def timetable_button(
    query: CallbackQuery,
    callback_data: TimetableCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    if callback_data.target_id == 0:
        await _family_day(query, callback_data.day, session, actor, t, clock)
    else:
        await _show_class_day(query, callback_data.target_id, callback_data.day, session, actor, t, clock)


@router.callback_query(TimetableWeekCb.filter())
async def timetable_week(
    query: CallbackQuery,
    callback_data: TimetableWeekCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    requested = day_from_button(callback_data.day)
    view = await timetable.class_week(
        session, actor, callback_data.class_id, now=clock.now(), requested=requested
    )
    await show(query, week_text(t, view), week_keyboard(t, callback_data.class_id, view))
