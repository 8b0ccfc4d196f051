"""Attendance: the roster as buttons; a tap cycles a student through Н, О and present; one button
takes the whole lesson. Every tap is saved at once and the same message is edited in place."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import AttCb, LessonCb, LessonScreen
from bot.clock import Clock
from bot.i18n import Translator
from bot.screens import show
from handlers.teacher.lessons import locked_reason
from handlers.teacher.views import attendance_keyboard, attendance_text
from services import attendance
from services.audit import Actor
from services.lessons import LessonSheet

router = Router(name=__name__)


async def _render(
    query: CallbackQuery, t: Translator, sheet: LessonSheet, page: int, locked_reason: str | None = None
) -> None:
    await show(query, attendance_text(t, sheet, locked_reason), attendance_keyboard(t, sheet, page))


@router.callback_query(LessonCb.filter(F.screen == LessonScreen.ATTENDANCE))
async def attendance_screen(
    query: CallbackQuery,
    callback_data: LessonCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    await state.clear()  # a half-typed homework or topic must not catch the next message
    sheet = await attendance.attendance_sheet(session, actor, callback_data.lesson_id)
    await _render(query, t, sheet, callback_data.page, locked_reason(t, sheet, clock))


@router.callback_query(AttCb.filter(F.student_id == 0))
async def everyone_present(
    query: CallbackQuery,
    callback_data: AttCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    sheet = await attendance.all_present(session, actor, callback_data.lesson_id, now=clock.now())
    await session.commit()  # saved before the screen says so
    await _render(query, t, sheet, callback_data.page)


@router.callback_query(AttCb.filter())
async def student_tapped(
    query: CallbackQuery,
    callback_data: AttCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    sheet = await attendance.tap(
        session,
        actor,
        callback_data.lesson_id,
        callback_data.student_id,
        callback_data.shown,
        now=clock.now(),
    )
    await session.commit()  # saved before the screen says so
    await _render(query, t, sheet, callback_data.page)
