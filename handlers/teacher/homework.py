"""Homework: the teacher sends the text (and photos or files) as ordinary messages after one tap;
it is due on the next lesson of the subject unless he picks another of the next lessons."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
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
from services import homework, lesson_plans, lessons
from services.audit import Actor
from services.errors import InvalidInput
from services.homework import Attachment, HomeworkView

router = Router(name=__name__)


async def _render(
    target: Message | CallbackQuery,
    t: Translator,
    view: HomeworkView,
    toast: str | None = None,
    planned: str | None = None,
) -> None:
    keyboard = homework_keyboard(t, view)
    if planned and view.homework_id is None:  # the plan's homework for this topic: one tap
        keep = HomeworkCb(lesson_id=view.lesson.lesson_id, action=HomeworkAction.PLAN)
        button = InlineKeyboardButton(
            text=t("btn-homework-plan", text=planned[:40]), callback_data=keep.pack()
        )
        keyboard.inline_keyboard.insert(0, [button])
    await show(target, homework_text(t, view), keyboard, toast=toast)


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
    planned = await lesson_plans.planned_homework(session, sheet.lesson.lesson_id)
    await _render(query, t, await homework.homework_of(session, sheet.lesson, clock.now()), planned=planned)


@router.callback_query(HomeworkCb.filter(F.action == HomeworkAction.PLAN))
async def homework_from_plan(
    query: CallbackQuery,
    callback_data: HomeworkCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    planned = await lesson_plans.planned_homework(session, callback_data.lesson_id)
    sheet = await lessons.load_sheet(session, actor, lesson_id=callback_data.lesson_id)
    current = await homework.homework_of(session, sheet.lesson, clock.now())
    if planned is None or current.homework_id is not None:  # a double tap, or typed meanwhile
        await _render(query, t, current)
        return
    view = await homework.save(session, actor, callback_data.lesson_id, now=clock.now(), text_value=planned)
    await _saved(query, session, t, state, view, had_waiting=False)


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
    waiting = _waiting(data)
    attachment = _attachment(message)
    try:
        view = await homework.save(
            session,
            actor,
            lesson_id,
            now=clock.now(),
            text_value=message.text or message.caption,
            attachment=attachment,
            attachments=waiting,
        )
    except InvalidInput as refusal:
        if refusal.code != "homework-missing" or attachment is None:
            raise
        # A file before any text: kept until the text comes (or «без текста»), not saved empty.
        await state.update_data(waiting_files=[file.dump() for file in (*waiting, attachment)])
        no_text = HomeworkCb(lesson_id=lesson_id, action=HomeworkAction.NO_TEXT).pack()
        button = InlineKeyboardButton(text=t("btn-homework-no-text"), callback_data=no_text)
        await message.answer(
            t("homework-file-waits", count=len(waiting) + 1),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]),
        )
        return
    await _saved(message, session, t, state, view, had_waiting=bool(waiting))


@router.callback_query(HomeworkCb.filter(F.action == HomeworkAction.NO_TEXT))
async def homework_without_text(
    query: CallbackQuery,
    callback_data: HomeworkCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    waiting = _waiting(await state.get_data())
    if not waiting:  # saved already (a double tap), or the text came meanwhile: the homework as it is
        sheet = await lessons.load_sheet(session, actor, lesson_id=callback_data.lesson_id)
        await _render(query, t, await homework.homework_of(session, sheet.lesson, clock.now()))
        return
    view = await homework.save(
        session,
        actor,
        callback_data.lesson_id,
        now=clock.now(),
        text_value=t("homework-files-only"),
        attachments=waiting,
    )
    await _saved(query, session, t, state, view, had_waiting=True)


def _waiting(data: dict[str, Any]) -> tuple[Attachment, ...]:
    stored = data.get("waiting_files")
    return tuple(Attachment(**file) for file in stored) if isinstance(stored, list) else ()


async def _saved(
    target: Message | CallbackQuery,
    session: AsyncSession,
    t: Translator,
    state: FSMContext,
    view: HomeworkView,
    *,
    had_waiting: bool,
) -> None:
    if had_waiting:
        await state.update_data(waiting_files=[])
    await session.commit()  # saved before the screen says so
    saved = t("homework-saved", due=t.date(view.due_on))
    if isinstance(target, Message):
        await target.answer(saved)
        await _render(target, t, view)
    else:
        await _render(target, t, view, toast=saved)


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
