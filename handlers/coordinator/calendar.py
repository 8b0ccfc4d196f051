"""«📅 Каникулы и праздники» (from «⚙️ Настройки школы»): the school's days off and moved working days.

The screen lists what is coming (Russia's public holidays are there by default); the coordinator adds
days off by typing «26.10–03.11 Осенние каникулы», a working day by «20.02 пн» (it runs Monday's
timetable), or gives a day back to the timetable by typing it.
"""

from __future__ import annotations

import datetime as dt

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import CalendarAction, CalendarCb, SchoolSettingsCb
from bot.clock import Clock
from bot.filters import TYPED_TEXT
from bot.i18n import Translator
from bot.keyboards import button, markup
from bot.screens import h, show
from handlers.helpers import grant_for
from models.enums import Role
from services import school_calendar, settings_editor
from services.audit import Actor
from services.calendar import school_today
from services.errors import InvalidInput
from services.school_calendar import OFF, CalendarLine
from services.users import UserContext

router = Router(name=__name__)
LISTED = 15  # the screen shows the next ones; the rest come as their dates draw near


class CalendarInput(StatesGroup):
    days = State()


def _when(t: Translator, line: CalendarLine) -> str:
    return t.date_range(line.first, line.last)


def _weekday_name(t: Translator, near: dt.date, weekday: int) -> str:
    """«понедельник» for ISO weekday 1 (any date of that weekday will do)."""
    return t.weekday(near + dt.timedelta(days=weekday - near.isoweekday()))


def calendar_text(t: Translator, lines: list[CalendarLine]) -> str:
    shown = [t("calendar-title"), t("calendar-hint"), ""]
    for line in lines[:LISTED]:
        if line.kind == OFF:
            shown.append(t("calendar-off", when=_when(t, line), name=h(line.name) or t("calendar-unnamed")))
        else:
            weekday = _weekday_name(t, line.first, line.as_weekday or 1)
            shown.append(t("calendar-work", when=_when(t, line), weekday=weekday))
    if not lines:
        shown.append(t("calendar-nothing"))
    return "\n".join(shown)


def _calendar_markup(t: Translator) -> InlineKeyboardMarkup:
    return markup(
        [button(t("btn-calendar-off"), CalendarCb(action=CalendarAction.ADD_OFF))],
        [button(t("btn-calendar-work"), CalendarCb(action=CalendarAction.ADD_WORK))],
        [button(t("btn-calendar-clear"), CalendarCb(action=CalendarAction.CLEAR))],
        [button(t("btn-back"), SchoolSettingsCb())],
    )


async def _screen(session: AsyncSession, actor: Actor, school_id: int, t: Translator, clock: Clock) -> str:
    today = await school_today(session, school_id, clock.now())
    return calendar_text(t, await school_calendar.upcoming(session, actor, school_id, today))


@router.callback_query(CalendarCb.filter(F.action == CalendarAction.OPEN))
async def calendar_open(
    query: CallbackQuery,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    clock: Clock,
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    await state.clear()
    await show(query, await _screen(session, actor, school_id, t, clock), _calendar_markup(t))


@router.callback_query(CalendarCb.filter(F.action != CalendarAction.OPEN))
async def calendar_ask(
    query: CallbackQuery, callback_data: CalendarCb, ctx: UserContext, t: Translator, state: FSMContext
) -> None:
    grant_for(ctx, Role.COORDINATOR)
    await state.set_state(CalendarInput.days)
    await state.update_data(action=callback_data.action.value)
    back = markup([button(t("btn-back"), CalendarCb())])
    await show(query, t(f"calendar-ask-{callback_data.action.value}"), back)


@router.message(StateFilter(CalendarInput.days), TYPED_TEXT)
async def calendar_typed(
    message: Message,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    clock: Clock,
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    action = CalendarAction((await state.get_data()).get("action", CalendarAction.ADD_OFF.value))
    today = await school_today(session, school_id, clock.now())
    try:
        done = await _apply(session, actor, school_id, action, message.text or "", today, t)
    except InvalidInput as refused:
        await message.answer(t(f"error-{refused.code}", **refused.params))  # still asking
        return
    await session.commit()
    await state.clear()
    await message.answer(done)
    await message.answer(await _screen(session, actor, school_id, t, clock), reply_markup=_calendar_markup(t))


async def _apply(
    session: AsyncSession,
    actor: Actor,
    school_id: int,
    action: CalendarAction,
    typed: str,
    today: dt.date,
    t: Translator,
) -> str:
    days = school_calendar.parse_days(typed, today)
    when = t.date_range(days.first, days.last)
    if action is CalendarAction.ADD_OFF:
        count = await school_calendar.add_days_off(
            session, actor, school_id, days.first, days.last, days.rest
        )
        return t("calendar-added-off", when=when, count=count)
    if action is CalendarAction.ADD_WORK:
        weekday = int(settings_editor.parse(settings_editor.BY_KEY["summary_weekday"], days.rest or "?"))
        await school_calendar.add_working_day(session, actor, school_id, days.first, weekday)
        return t(
            "calendar-added-work", when=t.date(days.first), weekday=_weekday_name(t, days.first, weekday)
        )
    cleared = await school_calendar.clear_day(session, actor, school_id, days.first)
    return t("calendar-cleared" if cleared else "calendar-not-there", when=t.date(days.first))
