"""Homework: the teacher sends the text (and photos or files) as ordinary messages after one tap;
it is due on the next lesson of the subject unless he picks another of the next lessons."""

from __future__ import annotations

import datetime as dt

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import HomeworkAction, HomeworkCb, LessonCb, LessonScreen
from bot.clock import Clock
from bot.filters import TYPED_TEXT_OR_FILE
from bot.i18n import Translator
from bot.screens import show
from handlers.teacher.lessons import show_card
from handlers.teacher.states import TeacherInput, begin_input, open_input
from handlers.teacher.views import homework_keyboard, homework_text
from handlers.timetable_view import day_from_button
from services import homework, lessons
from services.audit import Actor
from services.homework import Attachment, HomeworkView

router = Router(name=__name__)


async def _render(
    target: Message | CallbackQuery, t: Translator, view: HomeworkView, toast: str | None = None
) -> None:
    await show(target, homework_text(t, view), homework_keyboard(t, view), toast=toast)


@router.callback_query(LessonCb.filter(F.screen == LessonScreen.HOMEWORK))
async def homework_screen(
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
    # Whatever he sends next (text, photo, file) is this lesson's homework, until «Готово».
    await begin_input(state, TeacherInput.homework, clock.now(), lesson_id=sheet.lesson.lesson_id)
    await _render(query, t, await homework.homework_of(session, sheet.lesson, clock.now()))


def _attachment(message: Message) -> Attachment | None:
    if message.photo:
        largest = message.photo[-1]  # the largest size Telegram keeps
        return Attachment(largest.file_id, "photo", unique_id=largest.file_unique_id)
    if message.document:
        document = message.document
        return Attachment(document.file_id, "document", document.file_name or "", document.file_unique_id)
    return None


@router.message(StateFilter(TeacherInput.homework), TYPED_TEXT_OR_FILE)
async def homework_sent(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock, state: FSMContext
) -> None:
    data = await open_input(state, clock.now())
    if data is None:
        await message.answer(t("input-expired"))
        return
    lesson_id = int(data.get("lesson_id", 0))
    view = await homework.save(
        session,
        actor,
        lesson_id,
        now=clock.now(),
        text_value=message.text or message.caption,
        attachment=_attachment(message),
    )
    await session.commit()  # saved before the screen says so
    await message.answer(t("homework-saved", due=t.date(view.due_on)))
    await _render(message, t, view)


@router.callback_query(HomeworkCb.filter(F.action == HomeworkAction.DUE))
async def homework_due(
    query: CallbackQuery,
    callback_data: HomeworkCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    due = day_from_button(callback_data.day) or dt.date.min
    view = await homework.set_due(session, actor, callback_data.lesson_id, due, now=clock.now())
    await session.commit()  # saved before the screen says so
    await _render(query, t, view, toast=t("homework-due-set", due=t.date(view.due_on)))


@router.callback_query(HomeworkCb.filter(F.action == HomeworkAction.REMOVE))
async def homework_remove(
    query: CallbackQuery,
    callback_data: HomeworkCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    view = await homework.remove(session, actor, callback_data.lesson_id, now=clock.now())
    await session.commit()  # saved before the screen says so
    await _render(query, t, view, toast=t("homework-removed"))


@router.callback_query(HomeworkCb.filter(F.action == HomeworkAction.DONE))
async def homework_done(
    query: CallbackQuery,
    callback_data: HomeworkCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    await state.clear()
    await show_card(query, callback_data.lesson_id, session, actor, t, clock)
