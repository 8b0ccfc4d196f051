"""«📝 Предупредить о пропуске»: a parent tells the class teacher in advance (child → days → reason →
preview → send); the lessons of those days open with the child absent, excused."""

from __future__ import annotations

import datetime as dt

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import NoteAction, NoteCb
from bot.clock import Clock
from bot.filters import TYPED_TEXT
from bot.finished import finish, outcome_of
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.screens import h, show
from handlers.helpers import active_school
from services import absence_notes
from services.audit import Actor
from services.calendar import class_days_off, next_school_day, school_today, school_weekdays
from services.errors import AccessDenied, InvalidInput, ServiceError

router = Router(name=__name__)
PRESET_REASONS = (1, 2, 3)  # note-reason-1.. in the catalogue


class NoteInput(StatesGroup):
    days = State()
    reason = State()


def _button(text: str, data: NoteCb) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=text, callback_data=data.pack())]


def _cancel(t: Translator) -> list[InlineKeyboardButton]:
    return _button(t("btn-cancel"), NoteCb(action=NoteAction.CANCEL))


@router.callback_query(NoteCb.filter(F.action == NoteAction.START))
async def start(
    query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext, clock: Clock
) -> None:
    await state.clear()
    children = await absence_notes.children_to_note(session, actor)
    if len(children) == 1:
        await _ask_days(query, session, actor, t, children[0].student_id, clock)
        return
    rows = [
        _button(f"{c.full_name} ({c.class_label})", NoteCb(action=NoteAction.CHILD, student_id=c.student_id))
        for c in children
    ]
    rows += await _pending_rows(session, actor, t, clock)
    rows.append([back_to_menu(t)])
    await show(query, f"{t('note-title')}\n{t('note-child')}", InlineKeyboardMarkup(inline_keyboard=rows))


async def _pending_rows(
    session: AsyncSession, actor: Actor, t: Translator, clock: Clock
) -> list[list[InlineKeyboardButton]]:
    """A button per note whose first day has not started: it may still be taken back."""
    return [
        _button(
            t("btn-note-withdraw", dates=t.date_range(note.starts_on, note.ends_on), student=note.student),
            NoteCb(action=NoteAction.WITHDRAW, note_id=note.note_id),
        )
        for note in await absence_notes.pending(session, actor, now=clock.now())
    ]


@router.callback_query(NoteCb.filter(F.action == NoteAction.WITHDRAW))
async def confirm_withdraw(
    query: CallbackQuery,
    callback_data: NoteCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    found = [
        n
        for n in await absence_notes.pending(session, actor, now=clock.now())
        if n.note_id == callback_data.note_id
    ]
    if not found:
        raise AccessDenied()  # another family's note, or one already started or taken back
    note = found[0]
    text = t(
        "note-withdraw-confirm",
        student=h(note.student),
        dates=t.date_range(note.starts_on, note.ends_on),
        reason=h(note.reason),
    )
    rows = [
        _button(
            t("btn-note-withdraw-confirm"), NoteCb(action=NoteAction.CONFIRM_WITHDRAW, note_id=note.note_id)
        ),
        _button(t("btn-back"), NoteCb(action=NoteAction.START)),
    ]
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(NoteCb.filter(F.action == NoteAction.CONFIRM_WITHDRAW))
async def withdraw(
    query: CallbackQuery,
    callback_data: NoteCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    done = InlineKeyboardMarkup(inline_keyboard=[[back_to_menu(t)]])
    try:
        note = await absence_notes.withdraw(session, actor, callback_data.note_id, now=clock.now())
    except InvalidInput as refusal:  # a double tap, or the day has started since
        await show(query, t(f"error-{refusal.code}", **refusal.params), done)
        return
    await session.commit()
    await show(query, t("note-withdrawn", dates=t.date_range(note.starts_on, note.ends_on)), done)


@router.callback_query(NoteCb.filter(F.action == NoteAction.CHILD))
async def child_chosen(
    query: CallbackQuery,
    callback_data: NoteCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    await _ask_days(query, session, actor, t, callback_data.student_id, clock)


async def _ask_days(
    query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, student_id: int, clock: Clock
) -> None:
    child = await absence_notes.child_of(session, actor, student_id)
    today = await school_today(session, active_school(actor), clock.now())
    weekdays = await school_weekdays(session, child.class_id, today)
    days_off = await class_days_off(session, child.class_id, today)
    next_day = next_school_day(today, weekdays, days_off)  # on Saturday, Monday: not a Sunday
    rows = []
    if today.isoweekday() in weekdays and today not in days_off:
        rows.append(_day_button(t("btn-note-today"), student_id, today))
    next_label = t("btn-note-tomorrow") if next_day == today + dt.timedelta(days=1) else t.day_title(next_day)
    rows += [
        _day_button(next_label, student_id, next_day),
        _button(t("btn-note-other-days"), NoteCb(action=NoteAction.DAYS, student_id=student_id)),
        *await _pending_rows(session, actor, t, clock),
        _cancel(t),
    ]
    text = f"{t('note-title')}\n{t('note-days', student=h(child.full_name))}"
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=rows))


def _day_button(label: str, student_id: int, day: dt.date) -> list[InlineKeyboardButton]:
    return _button(label, NoteCb(action=NoteAction.DAYS, student_id=student_id, day=day.toordinal()))


@router.callback_query(NoteCb.filter(F.action == NoteAction.DAYS))
async def days_chosen(
    query: CallbackQuery,
    callback_data: NoteCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    child = await absence_notes.child_of(session, actor, callback_data.student_id)
    await state.set_data({"student_id": child.student_id})
    if callback_data.day == 0:
        await state.set_state(NoteInput.days)
        await show(query, t("note-days-ask"), InlineKeyboardMarkup(inline_keyboard=[_cancel(t)]))
        return
    day = dt.date.fromordinal(callback_data.day).isoformat()
    await state.update_data(starts_on=day, ends_on=day)
    await _ask_reason(query, t, state, child.student_id)


async def _ask_reason(
    target: CallbackQuery | Message, t: Translator, state: FSMContext, student_id: int
) -> None:
    await state.set_state(NoteInput.reason)  # a reason typed instead of pressed is taken too
    rows = [
        _button(t(f"note-reason-{n}"), NoteCb(action=NoteAction.REASON, student_id=student_id, reason=n))
        for n in PRESET_REASONS
    ]
    rows += [
        _button(t("btn-note-reason-other"), NoteCb(action=NoteAction.REASON, student_id=student_id)),
        _cancel(t),
    ]
    await show(target, t("note-reason"), InlineKeyboardMarkup(inline_keyboard=rows))


@router.message(StateFilter(NoteInput.days), TYPED_TEXT)
async def days_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext, clock: Clock
) -> None:
    today = await school_today(session, active_school(actor), clock.now())
    data = await state.get_data()
    try:
        starts_on, ends_on = absence_notes.parse_dates(message.text or "", today)
        child = await absence_notes.child_of(session, actor, int(data.get("student_id", 0)))
        weekdays = await school_weekdays(session, child.class_id, starts_on)
        days_off = await class_days_off(session, child.class_id, starts_on)
        if next_school_day(starts_on - dt.timedelta(days=1), weekdays, days_off) > ends_on:
            raise InvalidInput("absence-note-day-off")
    except ServiceError as refusal:
        await message.answer(t(f"error-{refusal.code}", **refusal.params))
        return  # still waiting for the dates
    await state.update_data(starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat())
    await _ask_reason(message, t, state, child.student_id)


@router.callback_query(NoteCb.filter(F.action == NoteAction.REASON))
async def reason_chosen(
    query: CallbackQuery,
    callback_data: NoteCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    if callback_data.reason not in PRESET_REASONS:
        await show(query, t("note-reason-ask"), InlineKeyboardMarkup(inline_keyboard=[_cancel(t)]))
        return
    await state.update_data(reason=t(f"note-reason-{callback_data.reason}"))
    await _preview(query, session, actor, t, state)


@router.message(StateFilter(NoteInput.reason), TYPED_TEXT)
async def reason_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    reason = (message.text or "").strip()
    if not reason or len(reason) > absence_notes.REASON_LIMIT:
        await message.answer(t("error-absence-note-reason", limit=absence_notes.REASON_LIMIT))
        return
    await state.update_data(reason=reason)
    await _preview(message, session, actor, t, state)


async def _preview(
    target: CallbackQuery | Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    data = await state.get_data()
    if not data.keys() >= _NOTE_KEYS:
        await state.clear()
        await show(target, t("note-gone"), InlineKeyboardMarkup(inline_keyboard=[[back_to_menu(t)]]))
        return
    child = await absence_notes.child_of(session, actor, int(data["student_id"]))
    starts_on, ends_on = dt.date.fromisoformat(data["starts_on"]), dt.date.fromisoformat(data["ends_on"])
    text = t(
        "note-preview",
        student=h(child.full_name),
        **{"class": h(child.class_label)},
        dates=t.date_range(starts_on, ends_on),
        reason=h(str(data["reason"])),
    )
    rows = [_button(t("btn-note-send"), NoteCb(action=NoteAction.SEND)), _cancel(t)]
    await show(target, text, InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(NoteCb.filter(F.action == NoteAction.SEND))
async def send(
    query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext, clock: Clock
) -> None:
    data = await state.get_data()
    done = InlineKeyboardMarkup(inline_keyboard=[[back_to_menu(t)]])
    if not data.keys() >= _NOTE_KEYS:  # sent already (a double tap), or a stale preview
        sent = await outcome_of(state, _FLOW)
        await show(query, _sent_text(t, sent["lessons"], sent["told"]) if sent else t("note-gone"), done)
        return
    result = await absence_notes.report(
        session,
        actor,
        int(data["student_id"]),
        dt.date.fromisoformat(data["starts_on"]),
        dt.date.fromisoformat(data["ends_on"]),
        str(data["reason"]),
        now=clock.now(),
    )
    await session.commit()
    await finish(state, _FLOW, lessons=result.lessons, told=result.class_teacher_told)
    await show(query, _sent_text(t, result.lessons, result.class_teacher_told), done)


def _sent_text(t: Translator, lessons: int, class_teacher_told: bool) -> str:
    lines = [t("note-sent", lessons=lessons)]
    if not class_teacher_told:
        lines.append(t("note-sent-no-teacher"))
    return "\n".join(lines)


@router.callback_query(NoteCb.filter(F.action == NoteAction.CANCEL))
async def cancel(query: CallbackQuery, t: Translator, state: FSMContext) -> None:
    done = InlineKeyboardMarkup(inline_keyboard=[[back_to_menu(t)]])
    if await outcome_of(state, _FLOW) is not None:  # a stale «Отмена»: the note was sent
        await show(query, t("note-cancel-too-late"), done)
        return
    await state.clear()
    await show(query, t("note-cancelled"), done)


_FLOW = "absence-note"
_NOTE_KEYS = {"student_id", "starts_on", "ends_on", "reason"}
