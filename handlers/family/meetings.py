"""«🗓 Запись к учителю»: a parent books a meeting with a teacher of his child's class (the teacher →
a day → a free time → confirm), moves it, or cancels it until the day before."""

from __future__ import annotations

import datetime as dt

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot import meeting_screens as screens
from bot.callbacks_meetings import BookAction, BookCb, day_of
from bot.clock import Clock
from bot.i18n import Translator
from bot.screens import show
from handlers.helpers import active_school
from services import meeting_bookings
from services.audit import Actor
from services.calendar import school_today
from services.errors import AccessDenied, InvalidInput
from services.family import ChildRow
from services.meeting_bookings import TeacherChoice

router = Router(name=__name__)


async def _today(session: AsyncSession, actor: Actor, clock: Clock) -> dt.date:
    return await school_today(session, active_school(actor), clock.now())


@router.callback_query(BookCb.filter(F.action == BookAction.START))
async def start(
    query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext, clock: Clock
) -> None:
    await state.clear()
    children = await meeting_bookings.my_children(session, actor)
    child = children[0] if len(children) == 1 else None
    await _home(query, session, actor, t, clock, children, child)


@router.callback_query(BookCb.filter(F.action == BookAction.CHILD))
async def child_chosen(
    query: CallbackQuery,
    callback_data: BookCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    child, _ = await meeting_bookings.child_of(session, actor, callback_data.student_id)
    children = await meeting_bookings.my_children(session, actor)
    await _home(query, session, actor, t, clock, children, child)


async def _home(
    query: CallbackQuery,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    children: list[ChildRow],
    child: ChildRow | None,
) -> None:
    now = clock.now()
    mine = await meeting_bookings.bookings(session, actor, now=now)
    teachers: list[TeacherChoice] = []
    if child is not None:
        _, teachers = await meeting_bookings.teachers(session, actor, child.student_id, now=now)
    await show(query, *screens.home_screen(t, mine, children, child, teachers))


@router.callback_query(BookCb.filter(F.action == BookAction.TEACHER))
async def teacher_chosen(
    query: CallbackQuery,
    callback_data: BookCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    """The teacher's days with free time; with only one, its times straight away."""
    now = clock.now()
    found = await meeting_bookings.slots_of(
        session, actor, callback_data.student_id, callback_data.staff_id, None, now=now
    )
    free: dict[dt.date, int] = {}
    for slot in found.slots:
        free[slot.day] = free.get(slot.day, 0) + 1
    if len(free) == 1:
        await _times(
            query,
            session,
            actor,
            t,
            clock,
            callback_data.student_id,
            callback_data.staff_id,
            next(iter(free)),
        )
        return
    _, teachers = await meeting_bookings.teachers(session, actor, callback_data.student_id, now=now)
    teacher = next((x for x in teachers if x.staff_id == callback_data.staff_id), None)
    if teacher is None:  # his time was taken meanwhile, or a forged id: the list of teachers again
        await child_chosen(query, callback_data, session, actor, t, clock)
        return
    await show(query, *screens.days_screen(t, found.child, teacher, free))


@router.callback_query(BookCb.filter(F.action == BookAction.DAY))
async def day_chosen(
    query: CallbackQuery,
    callback_data: BookCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    day = day_of(callback_data.day)
    if day is None:
        raise AccessDenied()
    await _times(query, session, actor, t, clock, callback_data.student_id, callback_data.staff_id, day)


async def _times(
    query: CallbackQuery,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    student_id: int,
    staff_id: int,
    day: dt.date,
    note: str | None = None,
) -> None:
    found = await meeting_bookings.slots_of(session, actor, student_id, staff_id, day, now=clock.now())
    await show(query, *screens.free_slots_screen(t, found, day, note))


@router.callback_query(BookCb.filter(F.action == BookAction.SLOT))
async def slot_chosen(
    query: CallbackQuery,
    callback_data: BookCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    now = clock.now()
    slot = await meeting_bookings.free_slot(
        session, actor, callback_data.student_id, callback_data.slot_id, now=now
    )
    if slot is None:  # taken since the list was drawn (or gone): what is still free
        await _slot_gone(query, session, actor, t, clock, callback_data)
        return
    found = await meeting_bookings.slots_of(
        session, actor, callback_data.student_id, slot.staff_id, slot.day, now=now
    )
    await show(query, *screens.confirm_screen(t, found, slot.slot_id, await _today(session, actor, clock)))


@router.callback_query(BookCb.filter(F.action.in_({BookAction.BOOK, BookAction.MOVE})))
async def book(
    query: CallbackQuery,
    callback_data: BookCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    try:
        done = await meeting_bookings.book(
            session,
            actor,
            callback_data.student_id,
            callback_data.slot_id,
            replace=callback_data.action is BookAction.MOVE,
            now=clock.now(),
        )
    except InvalidInput as refusal:
        if refusal.code == "meeting-already-booked":
            text = t("error-meeting-already-booked", **refusal.params)
            await show(
                query,
                *screens.already_booked_screen(t, text, callback_data.student_id, callback_data.slot_id),
            )
            return
        # Taken by another parent a moment ago (the database decided), or cancelled: the free ones.
        await _slot_gone(query, session, actor, t, clock, callback_data, t(f"error-{refusal.code}"))
        return
    await session.commit()  # the parent reads «записаны» only once it is so
    await show(query, *screens.booked_screen(t, done, await _today(session, actor, clock)))


async def _slot_gone(
    query: CallbackQuery,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    callback_data: BookCb,
    note: str | None = None,
) -> None:
    where = await meeting_bookings.slot_place(session, actor, callback_data.student_id, callback_data.slot_id)
    note = note or t("error-meeting-slot-taken")
    await _times(query, session, actor, t, clock, callback_data.student_id, where.staff_id, where.day, note)


@router.callback_query(BookCb.filter(F.action == BookAction.MINE))
async def mine(
    query: CallbackQuery,
    callback_data: BookCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    found = await meeting_bookings.booking(session, actor, callback_data.booking_id, now=clock.now())
    await show(query, *screens.booking_screen(t, found, await _today(session, actor, clock)))


@router.callback_query(BookCb.filter(F.action == BookAction.CANCEL))
async def confirm_cancel(
    query: CallbackQuery,
    callback_data: BookCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    found = await meeting_bookings.booking(session, actor, callback_data.booking_id, now=clock.now())
    await show(query, *screens.cancel_confirm_screen(t, found))


@router.callback_query(BookCb.filter(F.action == BookAction.CANCELLED))
async def cancel(
    query: CallbackQuery,
    callback_data: BookCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    try:
        await meeting_bookings.cancel(session, actor, callback_data.booking_id, now=clock.now())
    except InvalidInput as refusal:  # the day before has passed, or cancelled already
        await show(query, *screens.done_screen(t, t(f"error-{refusal.code}", **refusal.params)))
        return
    await session.commit()
    await show(query, *screens.done_screen(t, t("book-cancelled")))
