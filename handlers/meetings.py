"""«🗓 Мои встречи»: a teacher's days of meetings with parents (who comes when), offering a window of
slots (typed in one line, «15.12 16:00-18:00 15 каб. 105», or step by step: day → times → length →
place → classes → publish), and cancelling one slot or a whole window (whoever booked is told)."""

from __future__ import annotations

import datetime as dt

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from bot import meeting_screens as screens
from bot.callbacks_meetings import MeetAction, MeetCb, day_of
from bot.clock import Clock
from bot.filters import TYPED_TEXT
from bot.finished import finish, outcome_of
from bot.i18n import Translator
from bot.keyboards import back_to_menu, markup
from bot.screens import show
from handlers.helpers import active_school
from services import meeting_times, meetings
from services.audit import Actor
from services.calendar import school_today
from services.errors import AccessDenied, InvalidInput
from services.meetings import OfferPlan

router = Router(name=__name__)
_FLOW = "meeting-offer"
_KEY = "meeting_offer"
DAY_BUTTONS = 6  # the days offered as buttons: the next six but Sundays


class MeetingInput(StatesGroup):
    when = State()  # the whole line, or the times of a day picked by its button
    place = State()


class OfferDraft(BaseModel):
    """What the teacher has given so far; kept in the conversation's data between his messages."""

    day: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    minutes: int | None = None
    place: str | None = None
    ticked: list[int] = []


async def _draft(state: FSMContext) -> OfferDraft | None:
    raw = (await state.get_data()).get(_KEY)
    try:
        return OfferDraft.model_validate(raw) if isinstance(raw, dict) else None
    except ValidationError:
        return None


async def _keep(state: FSMContext, draft: OfferDraft) -> None:
    await state.update_data({_KEY: draft.model_dump(mode="json")})


# ---- the day's list -----------------------------------------------------------------------------------


@router.callback_query(MeetCb.filter(F.action == MeetAction.DAY))
async def day(
    query: CallbackQuery,
    callback_data: MeetCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    clock: Clock,
) -> None:
    await state.clear()
    chosen = day_of(callback_data.day)
    view = await meetings.teacher_day(session, actor, active_school(actor), chosen, now=clock.now())
    await show(query, *screens.day_screen(t, view))


async def _offer(session: AsyncSession, actor: Actor, offer_id: int, clock: Clock) -> meetings.OfferView:
    """One of his windows still standing, as on his day's list (a forged id is refused)."""
    school_id = active_school(actor)
    window = await meetings.own_offer(session, actor, offer_id)
    view = await meetings.teacher_day(session, actor, school_id, window.day, now=clock.now())
    found = next((o for o in view.offers if o.offer_id == offer_id), None)
    if found is None:
        raise InvalidInput("meeting-offer-gone")
    return found


@router.callback_query(MeetCb.filter(F.action == MeetAction.SLOTS))
async def pick_slot(
    query: CallbackQuery,
    callback_data: MeetCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    await show(query, *screens.slots_screen(t, await _offer(session, actor, callback_data.offer_id, clock)))


@router.callback_query(MeetCb.filter(F.action == MeetAction.DROP_SLOT))
async def confirm_drop_slot(
    query: CallbackQuery,
    callback_data: MeetCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    window, slot = await meetings.own_slot(session, actor, callback_data.slot_id)
    offer = await _offer(session, actor, window.id, clock)
    found = next((s for s in offer.open_slots if s.slot_id == slot.id), None)
    if found is None:
        raise InvalidInput("meeting-slot-gone")
    await show(query, *screens.drop_slot_screen(t, offer, found))


@router.callback_query(MeetCb.filter(F.action == MeetAction.SLOT_DROPPED))
async def drop_slot(
    query: CallbackQuery,
    callback_data: MeetCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    window, _ = await meetings.own_slot(session, actor, callback_data.slot_id)
    told = await meetings.cancel_slot(session, actor, callback_data.slot_id, now=clock.now())
    await session.commit()  # the parent is told: the teacher sees «cancelled» only once it is so
    view = await meetings.teacher_day(session, actor, window.school_id, window.day, now=clock.now())
    await show(query, *screens.day_screen(t, view, t("meeting-slot-dropped", told=told)))


@router.callback_query(MeetCb.filter(F.action == MeetAction.DROP_OFFER))
async def confirm_drop_offer(
    query: CallbackQuery,
    callback_data: MeetCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    await show(
        query, *screens.drop_offer_screen(t, await _offer(session, actor, callback_data.offer_id, clock))
    )


@router.callback_query(MeetCb.filter(F.action == MeetAction.OFFER_DROPPED))
async def drop_offer(
    query: CallbackQuery,
    callback_data: MeetCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    window = await meetings.own_offer(session, actor, callback_data.offer_id)
    told = await meetings.cancel_offer(session, actor, callback_data.offer_id, now=clock.now())
    await session.commit()
    view = await meetings.teacher_day(session, actor, window.school_id, window.day, now=clock.now())
    await show(query, *screens.day_screen(t, view, t("meeting-offer-dropped", told=told)))


# ---- offering a window --------------------------------------------------------------------------------


@router.callback_query(MeetCb.filter(F.action == MeetAction.NEW))
async def new(
    query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext, clock: Clock
) -> None:
    school_id = active_school(actor)
    if not await meetings.my_classes(session, actor, school_id):
        raise InvalidInput("meeting-no-classes")
    today = await school_today(session, school_id, clock.now())
    days = [today + dt.timedelta(days=n) for n in range(DAY_BUTTONS + 1)]
    days = [d for d in days if d.isoweekday() != 7][:DAY_BUTTONS]
    await state.set_state(MeetingInput.when)
    await state.set_data({_KEY: OfferDraft().model_dump(mode="json")})
    await show(query, *screens.new_screen(t, today, days))


@router.callback_query(MeetCb.filter(F.action == MeetAction.WHEN_DAY))
async def day_picked(
    query: CallbackQuery,
    callback_data: MeetCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    draft = await _draft(state)
    if draft is None:
        await _gone(query, t, state)
        return
    picked = day_of(callback_data.day)
    if picked is None:
        raise InvalidInput("meeting-when")
    draft = OfferDraft(day=picked)
    day_off = await meetings.day_off(session, active_school(actor), picked)
    await _keep(state, draft)
    await state.set_state(MeetingInput.when)
    header = screens.draft_header(t, picked, None, None, None, None, day_off)
    await show(query, *screens.times_screen(t, header))


@router.message(StateFilter(MeetingInput.when), TYPED_TEXT)
async def when_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext, clock: Clock
) -> None:
    draft = await _draft(state) or OfferDraft()
    school_id = active_school(actor)
    today = await school_today(session, school_id, clock.now())
    try:
        typed = meeting_times.parse_offer(message.text or "", today)
        day = typed.day or draft.day
        if day is None:
            raise InvalidInput("meeting-no-day")
        place = meeting_times.check_place(typed.place) if typed.place else draft.place
        draft = OfferDraft(
            day=day, start=typed.start, end=typed.end, minutes=typed.minutes, place=place, ticked=draft.ticked
        )
        if draft.minutes is not None:
            await _plan(session, actor, draft, clock)
    except InvalidInput as refusal:
        await message.answer(t(f"error-{refusal.code}", **refusal.params))
        return  # still waiting for the times
    await _keep(state, draft)
    await _next_step(message, session, actor, t, state, clock, draft)


@router.callback_query(MeetCb.filter(F.action == MeetAction.LENGTH))
async def length_picked(
    query: CallbackQuery,
    callback_data: MeetCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    clock: Clock,
) -> None:
    draft = await _draft(state)
    if draft is None or draft.day is None or draft.start is None or draft.end is None:
        await _gone(query, t, state)
        return
    draft = draft.model_copy(update={"minutes": callback_data.minutes})  # checked by meetings.plan
    try:
        await _plan(session, actor, draft, clock)
    except InvalidInput as refusal:  # too long for the window: another length, or other times typed
        header = await _header(session, actor, t, draft.model_copy(update={"minutes": None}))
        await show(query, *screens.length_screen(t, header, t(f"error-{refusal.code}", **refusal.params)))
        return
    await _keep(state, draft)
    await _next_step(query, session, actor, t, state, clock, draft)


@router.message(StateFilter(MeetingInput.place), TYPED_TEXT)
async def place_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext, clock: Clock
) -> None:
    draft = await _draft(state)
    if draft is None:
        await _gone(message, t, state)
        return
    try:
        draft = draft.model_copy(update={"place": meeting_times.check_place(message.text or "")})
    except InvalidInput as refusal:
        await message.answer(t(f"error-{refusal.code}", **refusal.params))
        return
    await _keep(state, draft)
    await _next_step(message, session, actor, t, state, clock, draft)


@router.callback_query(MeetCb.filter(F.action == MeetAction.CLASS))
async def class_ticked(
    query: CallbackQuery,
    callback_data: MeetCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    clock: Clock,
) -> None:
    draft = await _draft(state)
    if draft is None or draft.place is None:
        await _gone(query, t, state)
        return
    classes = await meetings.my_classes(session, actor, active_school(actor))
    if callback_data.class_id not in {c.class_id for c in classes}:
        raise AccessDenied()
    ticked = [c for c in draft.ticked if c != callback_data.class_id]
    if len(ticked) == len(draft.ticked):
        ticked.append(callback_data.class_id)
    draft = draft.model_copy(update={"ticked": ticked})
    await _keep(state, draft)
    header = await _header(session, actor, t, draft)
    await show(query, *screens.classes_screen(t, header, classes, ticked))


@router.callback_query(MeetCb.filter(F.action.in_({MeetAction.ALL, MeetAction.CHOSEN})))
async def classes_chosen(
    query: CallbackQuery,
    callback_data: MeetCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    clock: Clock,
) -> None:
    draft = await _draft(state)
    if draft is None or draft.place is None:
        await _gone(query, t, state)
        return
    classes = await meetings.my_classes(session, actor, active_school(actor))
    chosen = [
        c.class_id for c in classes if callback_data.action is MeetAction.ALL or c.class_id in draft.ticked
    ]
    await _preview(query, session, actor, t, state, clock, draft, chosen)


async def _next_step(
    target: Message | CallbackQuery,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    clock: Clock,
    draft: OfferDraft,
) -> None:
    """Ask for what is still missing (length, place, classes), else show the preview."""
    header = await _header(session, actor, t, draft)
    if draft.minutes is None:
        await state.set_state(MeetingInput.when)  # a button answers; times typed again are read too
        await show(target, *screens.length_screen(t, header))
        return
    if draft.place is None:
        await state.set_state(MeetingInput.place)
        await show(target, *screens.place_screen(t, header))
        return
    await state.set_state(None)
    classes = await meetings.my_classes(session, actor, active_school(actor))
    if len(classes) == 1:
        await _preview(target, session, actor, t, state, clock, draft, [classes[0].class_id])
        return
    await show(target, *screens.classes_screen(t, header, classes, draft.ticked))


async def _preview(
    target: Message | CallbackQuery,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    clock: Clock,
    draft: OfferDraft,
    chosen: list[int],
) -> None:
    if not chosen:
        raise InvalidInput("meeting-no-classes")
    planned = await _plan(session, actor, draft, clock)
    labels = [
        c.label
        for c in await meetings.my_classes(session, actor, active_school(actor))
        if c.class_id in chosen
    ]
    await _keep(state, draft.model_copy(update={"ticked": chosen}))
    header = await _header(session, actor, t, draft, planned)
    await show(target, *screens.preview_screen(t, header, planned, labels))


@router.callback_query(MeetCb.filter(F.action == MeetAction.PUBLISH))
async def publish(
    query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext, clock: Clock
) -> None:
    draft = await _draft(state)
    if draft is None or None in (draft.day, draft.start, draft.end, draft.minutes, draft.place):
        done = await outcome_of(state, _FLOW)
        if done is None:
            await _gone(query, t, state)
            return
        day = dt.date.fromisoformat(done["day"])
        screen = screens.published_screen(t, day, done["count"], done["start"], done["end"], done["classes"])
        await show(query, *screen)
        return
    assert draft.day and draft.start and draft.end and draft.minutes and draft.place
    offered = await meetings.offer(
        session,
        actor,
        active_school(actor),
        draft.day,
        draft.start,
        draft.end,
        draft.minutes,
        draft.place,
        draft.ticked,
        now=clock.now(),
    )
    await session.commit()  # published: parents may book from now on
    count, start, end = len(offered.plan.slots), screens.hm(draft.start), screens.hm(draft.end)
    classes = ", ".join(offered.classes)
    await finish(state, _FLOW, day=draft.day.isoformat(), count=count, start=start, end=end, classes=classes)
    await show(query, *screens.published_screen(t, draft.day, count, start, end, classes))


@router.callback_query(MeetCb.filter(F.action == MeetAction.QUIT))
async def quit_offer(query: CallbackQuery, t: Translator, state: FSMContext) -> None:
    if await outcome_of(state, _FLOW) is not None:  # a stale «Отмена» under a published offer
        await show(query, t("meeting-quit-too-late"), markup([back_to_menu(t)]))
        return
    await state.clear()
    await show(query, t("meeting-quit"), markup([back_to_menu(t)]))


async def _plan(session: AsyncSession, actor: Actor, draft: OfferDraft, clock: Clock) -> OfferPlan:
    assert draft.day and draft.start and draft.end
    minutes = draft.minutes or 0  # a forged length: refused by meetings.plan in words
    return await meetings.plan(
        session, actor, active_school(actor), draft.day, draft.start, draft.end, minutes, now=clock.now()
    )


async def _header(
    session: AsyncSession, actor: Actor, t: Translator, draft: OfferDraft, planned: OfferPlan | None = None
) -> str:
    assert draft.day is not None
    day_off = planned.day_off if planned else await meetings.day_off(session, active_school(actor), draft.day)
    return screens.draft_header(t, draft.day, draft.start, draft.end, draft.minutes, draft.place, day_off)


async def _gone(target: Message | CallbackQuery, t: Translator, state: FSMContext) -> None:
    await state.clear()
    await show(target, t("meeting-gone"), markup([back_to_menu(t)]))
