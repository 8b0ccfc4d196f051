"""Timetable changes from the lesson screen of «🔁 Замены»: «❌ Отменить урок», «↪️ Перенести»,
«🚪 Кабинет» and «↩️ Вернуть как было».

Each asks first, saying who will be told; a reason may then be typed, or the confirming button does
it without one (two taps from the lesson screen to cancel). A move's place is a button of the day's
free lesson numbers, or typed («6», «6 08.12»); a room is typed. What the typed text is for waits in
the conversation state as a `Pending` (one typed model; older than an hour, or unreadable: expired).
"""

from __future__ import annotations

import datetime as dt

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import SubstAction, SubstCb
from bot.clock import Clock
from bot.filters import TYPED_TEXT
from bot.i18n import Translator
from bot.screens import h, show
from handlers.admin.lesson_screens import (
    cb,
    confirm_keyboard,
    confirm_text,
    lesson_line,
    lesson_title,
    move_keyboard,
    move_text,
    place_text,
)
from handlers.admin.substitutions import lesson_screen_of
from handlers.timetable_view import day_from_button
from services import lesson_changes, substitutions
from services.audit import Actor
from services.substitutions import REASON_LIMIT, AdminLesson

router = Router(name=__name__)

INPUT_TTL = dt.timedelta(hours=1)


class ChangeInput(StatesGroup):
    reason = State()  # an optional reason for the change `Pending` names
    place = State()  # where to move: «6», «6 08.12»
    room = State()  # the room: «214»


class Pending(BaseModel):
    """The change a typed text is for."""

    action: SubstAction
    lesson_id: int
    day: int = 0  # a move's day (date.toordinal())
    number: int = 0  # a move's lesson number
    room: str = ""
    reason: str | None = None  # typed while the confirmation waits; applied only by its button
    since: dt.datetime


async def _wait_for(state: FSMContext, step: State, pending: Pending) -> None:
    await state.set_state(step)
    await state.set_data(pending.model_dump(mode="json"))


async def _reason_for(state: FSMContext, action: SubstAction, lesson_id: int, now: dt.datetime) -> str | None:
    """The reason typed for this very change (before its confirmation was pressed), if any."""
    pending = await _pending(state, now)
    if pending is None or pending.action != action or pending.lesson_id != lesson_id:
        return None
    return pending.reason


async def _pending(state: FSMContext, now: dt.datetime) -> Pending | None:
    try:
        pending = Pending.model_validate(await state.get_data())
    except ValidationError:
        return None
    return pending if now - pending.since <= INPUT_TTL else None


def _back(lesson: AdminLesson) -> str:
    return cb(SubstAction.LESSON, lesson_id=lesson.lesson_id)


async def _done(
    target: Message | CallbackQuery, t: Translator, lesson: AdminLesson, action: SubstAction
) -> None:
    done = t(f"change-done-{action.value}")
    if isinstance(target, Message):
        await target.answer(done)
        await lesson_screen_of(target, t, lesson)
    else:
        await lesson_screen_of(target, t, lesson, toast=done)


# ---- cancel ----------------------------------------------------------------------------------------


@router.callback_query(SubstCb.filter(F.action == SubstAction.OFF))
async def ask_cancel(
    query: CallbackQuery,
    callback_data: SubstCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    lesson = await substitutions.admin_lesson(session, actor, callback_data.lesson_id)
    await _wait_for(
        state,
        ChangeInput.reason,
        Pending(action=SubstAction.OFF, lesson_id=lesson.lesson_id, since=clock.now()),
    )
    keyboard = confirm_keyboard(t, lesson, t("btn-change-cancel-do"), SubstAction.OFF_DO, _back(lesson))
    await show(query, confirm_text(t, lesson, t("change-ask-cancel")), keyboard)


@router.callback_query(SubstCb.filter(F.action == SubstAction.OFF_DO))
async def cancel_now(
    query: CallbackQuery,
    callback_data: SubstCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    reason = await _reason_for(state, SubstAction.OFF, callback_data.lesson_id, clock.now())
    await state.clear()
    lesson = await lesson_changes.cancel(session, actor, callback_data.lesson_id, reason, now=clock.now())
    await session.commit()  # saved before the screen says so
    await _done(query, t, lesson, SubstAction.OFF)


# ---- move ------------------------------------------------------------------------------------------


@router.callback_query(SubstCb.filter(F.action == SubstAction.MOVE))
async def pick_place(
    query: CallbackQuery,
    callback_data: SubstCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    day = day_from_button(callback_data.day)
    choice = await lesson_changes.move_choice(session, actor, callback_data.lesson_id, day, now=clock.now())
    pending = Pending(
        action=SubstAction.MOVE,
        lesson_id=choice.lesson.lesson_id,
        day=choice.day.toordinal(),
        since=clock.now(),
    )
    await _wait_for(state, ChangeInput.place, pending)
    await show(query, move_text(t, choice), move_keyboard(t, choice))


async def _ask_move(
    target: Message | CallbackQuery,
    lesson: AdminLesson,
    day: dt.date,
    number: int,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    fields = {"day": day.toordinal(), "number": number}
    pending = Pending(action=SubstAction.MOVE, lesson_id=lesson.lesson_id, since=clock.now(), **fields)
    await _wait_for(state, ChangeInput.reason, pending)
    question = t("change-ask-move", place=place_text(t, day, number, lesson.date))
    back = cb(SubstAction.MOVE, lesson_id=lesson.lesson_id, day=day.toordinal())
    keyboard = confirm_keyboard(t, lesson, t("btn-change-move-do"), SubstAction.MOVE_DO, back, **fields)
    await show(target, confirm_text(t, lesson, question), keyboard)


@router.callback_query(SubstCb.filter(F.action == SubstAction.MOVE_TO))
async def place_picked(
    query: CallbackQuery,
    callback_data: SubstCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    day = day_from_button(callback_data.day) or dt.date.min
    number = callback_data.number
    lesson = await lesson_changes.check_move(
        session, actor, callback_data.lesson_id, day, number, now=clock.now()
    )
    await _ask_move(query, lesson, day, number, t, clock, state)


@router.message(StateFilter(ChangeInput.place), TYPED_TEXT)
async def place_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock, state: FSMContext
) -> None:
    pending = await _pending(state, clock.now())
    if pending is None:
        await state.clear()
        await message.answer(t("change-expired"))
        return
    lesson, day, number = await lesson_changes.check_typed_move(
        session, actor, pending.lesson_id, message.text or "", day_from_button(pending.day), now=clock.now()
    )
    await _ask_move(message, lesson, day, number, t, clock, state)


@router.callback_query(SubstCb.filter(F.action == SubstAction.MOVE_DO))
async def move_now(
    query: CallbackQuery,
    callback_data: SubstCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    reason = await _reason_for(state, SubstAction.MOVE, callback_data.lesson_id, clock.now())
    await state.clear()
    day = day_from_button(callback_data.day) or dt.date.min
    lesson = await lesson_changes.move(
        session, actor, callback_data.lesson_id, day, callback_data.number, reason, now=clock.now()
    )
    await session.commit()  # saved before the screen says so
    await _done(query, t, lesson, SubstAction.MOVE)


# ---- room ------------------------------------------------------------------------------------------


@router.callback_query(SubstCb.filter(F.action == SubstAction.ROOM))
async def ask_room(
    query: CallbackQuery,
    callback_data: SubstCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    lesson = await substitutions.admin_lesson(session, actor, callback_data.lesson_id)
    await _wait_for(
        state,
        ChangeInput.room,
        Pending(action=SubstAction.ROOM, lesson_id=lesson.lesson_id, since=clock.now()),
    )
    ask = t("change-ask-room", room=h(lesson.room)) if lesson.room else t("change-ask-room-none")
    back = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t("btn-back"), callback_data=_back(lesson))]]
    )
    await show(query, "\n".join([lesson_title(t, lesson), lesson_line(t, lesson), "", ask]), back)


@router.message(StateFilter(ChangeInput.room), TYPED_TEXT)
async def room_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock, state: FSMContext
) -> None:
    pending = await _pending(state, clock.now())
    if pending is None:
        await state.clear()
        await message.answer(t("change-expired"))
        return
    lesson, room = await lesson_changes.check_room(session, actor, pending.lesson_id, message.text or "")
    await _wait_for(
        state,
        ChangeInput.reason,
        Pending(action=SubstAction.ROOM, lesson_id=lesson.lesson_id, room=room, since=clock.now()),
    )
    question = (
        t("change-ask-room-instead", room=h(room), before=h(lesson.room))
        if lesson.room
        else t("change-ask-room-new", room=h(room))
    )
    keyboard = confirm_keyboard(t, lesson, t("btn-change-room-do"), SubstAction.ROOM_DO, _back(lesson))
    await show(message, confirm_text(t, lesson, question), keyboard)


@router.callback_query(SubstCb.filter(F.action == SubstAction.ROOM_DO))
async def room_now(
    query: CallbackQuery,
    callback_data: SubstCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    pending = await _pending(state, clock.now())
    await state.clear()
    if pending is None or pending.action != SubstAction.ROOM or pending.lesson_id != callback_data.lesson_id:
        await query.answer(t("change-expired"), show_alert=True)  # the typed room is not there any more
        return
    lesson = await lesson_changes.change_room(
        session, actor, callback_data.lesson_id, pending.room, pending.reason, now=clock.now()
    )
    await session.commit()  # saved before the screen says so
    await _done(query, t, lesson, SubstAction.ROOM)


# ---- restore ---------------------------------------------------------------------------------------


@router.callback_query(SubstCb.filter(F.action == SubstAction.RESTORE))
async def ask_restore(
    query: CallbackQuery,
    callback_data: SubstCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    lesson = await substitutions.admin_lesson(session, actor, callback_data.lesson_id)
    await _wait_for(
        state,
        ChangeInput.reason,
        Pending(action=SubstAction.RESTORE, lesson_id=lesson.lesson_id, since=clock.now()),
    )
    keyboard = confirm_keyboard(t, lesson, t("btn-change-restore-do"), SubstAction.RESTORE_DO, _back(lesson))
    await show(query, confirm_text(t, lesson, t("change-ask-restore")), keyboard)


@router.callback_query(SubstCb.filter(F.action == SubstAction.RESTORE_DO))
async def restore_now(
    query: CallbackQuery,
    callback_data: SubstCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    reason = await _reason_for(state, SubstAction.RESTORE, callback_data.lesson_id, clock.now())
    await state.clear()
    lesson = await lesson_changes.restore(session, actor, callback_data.lesson_id, reason, now=clock.now())
    await session.commit()  # saved before the screen says so
    await _done(query, t, lesson, SubstAction.RESTORE)


# ---- a typed reason --------------------------------------------------------------------------------


@router.message(StateFilter(ChangeInput.reason), TYPED_TEXT)
async def reason_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock, state: FSMContext
) -> None:
    """The reason is kept for the change waiting for its confirmation; nothing changes until that
    button is pressed (a text typed for another screen must not cancel a lesson)."""
    pending = await _pending(state, clock.now())
    if pending is None:
        await state.clear()
        await message.answer(t("change-expired"))
        return
    reason = (message.text or "").strip()
    if not reason or len(reason) > REASON_LIMIT:
        await message.answer(t("error-reason", limit=REASON_LIMIT))
        return  # still waiting
    await state.set_data(pending.model_copy(update={"reason": reason}).model_dump(mode="json"))
    lesson = await substitutions.admin_lesson(session, actor, pending.lesson_id)
    label, do = _CONFIRMS[pending.action]
    fields = {"day": pending.day, "number": pending.number} if pending.action == SubstAction.MOVE else {}
    keyboard = confirm_keyboard(t, lesson, t(label), do, _back(lesson), **fields)
    await message.answer(
        confirm_text(t, lesson, t("change-reason-kept", reason=h(reason))), reply_markup=keyboard
    )


# What a typed reason waits for: the button that applies the change with it.
_CONFIRMS = {
    SubstAction.OFF: ("btn-change-cancel-do", SubstAction.OFF_DO),
    SubstAction.MOVE: ("btn-change-move-do", SubstAction.MOVE_DO),
    SubstAction.ROOM: ("btn-change-room-do", SubstAction.ROOM_DO),
    SubstAction.RESTORE: ("btn-change-restore-do", SubstAction.RESTORE_DO),
}
