"""/today and the lesson card: the teacher's lessons of a day and what is filled in, and the topic."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import LessonCb, LessonScreen, TodayCb
from bot.clock import Clock
from bot.filters import TYPED_TEXT
from bot.i18n import Translator
from bot.screens import h, show
from handlers.teacher.states import TeacherInput, begin_input, open_input
from handlers.teacher.views import (
    cancel_keyboard,
    card_keyboard,
    card_text,
    lesson_title,
    today_keyboard,
    today_text,
)
from handlers.timetable_view import day_from_button
from services import homework, lesson_plans, lessons
from services.audit import Actor
from services.errors import ServiceError
from services.lessons import LessonSheet

router = Router(name=__name__)


async def show_today(
    target: Message | CallbackQuery,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    day: int = 0,
) -> None:
    view = await lessons.teacher_day(session, actor, now=clock.now(), requested=day_from_button(day))
    await show(target, today_text(t, view), today_keyboard(t, view))


@router.message(Command("today"))
async def today_command(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock, state: FSMContext
) -> None:
    await state.clear()
    await show_today(message, session, actor, t, clock)


@router.callback_query(TodayCb.filter())
async def today_button(
    query: CallbackQuery,
    callback_data: TodayCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    await state.clear()
    await show_today(query, session, actor, t, clock, callback_data.day)


def locked_reason(t: Translator, sheet: LessonSheet, clock: Clock) -> str | None:
    """Why the card is read-only, if it is (the teacher sees it before he taps in vain)."""
    try:
        lessons.require_editable(sheet.lesson, clock.now())
    except ServiceError as refusal:
        return t(f"error-{refusal.code}", **refusal.params)
    return None


async def show_card(
    target: Message | CallbackQuery,
    lesson_id: int,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    sheet = await lessons.load_sheet(session, actor, lesson_id=lesson_id)
    view = await homework.homework_of(session, sheet.lesson, clock.now())
    await show(
        target, card_text(t, sheet, view, locked_reason(t, sheet, clock)), card_keyboard(t, sheet.lesson)
    )


@router.callback_query(LessonCb.filter(F.screen == LessonScreen.CARD))
async def lesson_card(
    query: CallbackQuery,
    callback_data: LessonCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    await state.clear()
    await show_card(query, callback_data.lesson_id, session, actor, t, clock)


@router.callback_query(LessonCb.filter(F.screen == LessonScreen.TOPIC))
async def topic_ask(
    query: CallbackQuery,
    callback_data: LessonCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    sheet = await lessons.load_sheet(session, actor, lesson_id=callback_data.lesson_id)
    lessons.require_editable(sheet.lesson, clock.now())
    await begin_input(state, TeacherInput.topic, clock.now(), lesson_id=sheet.lesson.lesson_id)
    current = t("topic-current", topic=h(sheet.lesson.topic)) if sheet.lesson.topic else ""
    keyboard = cancel_keyboard(t, LessonCb(lesson_id=sheet.lesson.lesson_id, screen=LessonScreen.CARD))
    planned = await lesson_plans.next_topic(session, sheet.lesson.lesson_id)
    offer = ""
    if planned is not None and planned.title != sheet.lesson.topic:
        # The plan's next topic: one tap keeps it, or he types another.
        offer = t("topic-plan", number=planned.number, topic=h(planned.title))
        if planned.homework:
            offer += "\n" + t("topic-plan-homework", homework=h(planned.homework))
        keep = LessonCb(lesson_id=sheet.lesson.lesson_id, screen=LessonScreen.KEEP_PLAN_TOPIC)
        label = t("btn-topic-keep", number=planned.number, topic=planned.title[:40])
        keyboard.inline_keyboard.insert(0, [InlineKeyboardButton(text=label, callback_data=keep.pack())])
    ask = t("topic-ask-or-keep") if offer else t("topic-ask")
    await show(query, "\n".join(filter(None, [lesson_title(t, sheet.lesson), current, offer, ask])), keyboard)


@router.callback_query(LessonCb.filter(F.screen == LessonScreen.KEEP_PLAN_TOPIC))
async def topic_kept(
    query: CallbackQuery,
    callback_data: LessonCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    await state.clear()
    await lesson_plans.keep_topic(session, actor, callback_data.lesson_id, now=clock.now())
    await session.commit()  # saved before the screen says so
    await show_card(query, callback_data.lesson_id, session, actor, t, clock)


@router.message(StateFilter(TeacherInput.topic), TYPED_TEXT)
async def topic_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock, state: FSMContext
) -> None:
    data = await open_input(state, clock.now())
    if data is None:
        await message.answer(t("input-expired"))
        return
    lesson_id = int(data.get("lesson_id", 0))
    await homework.set_topic(session, actor, lesson_id, message.text or "", now=clock.now())
    await session.commit()  # saved before the screen says so
    await state.clear()
    await message.answer(t("topic-saved"))
    await show_card(message, lesson_id, session, actor, t, clock)
