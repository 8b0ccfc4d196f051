"""Substitutions and corrections, for deputies and the coordinator: pick a class, a day, a lesson;
then give it to a substitute, take it back, or let its teacher correct an old lesson."""

from __future__ import annotations

import datetime as dt

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import SubstAction, SubstCb
from bot.clock import Clock
from bot.filters import TYPED_TEXT
from bot.i18n import Translator
from bot.keyboards import back_to_menu, clamp_page, page_slice, pager
from bot.screens import h, show
from handlers.admin.lesson_screens import cb, lesson_keyboard, lesson_line, lesson_text
from handlers.helpers import grant_for
from handlers.timetable_view import day_from_button
from models.enums import Role
from services import classes, substitutions
from services.audit import Actor
from services.calendar import school_today
from services.substitutions import AdminLesson
from services.users import UserContext

router = Router(name=__name__)


class AdminInput(StatesGroup):
    reason = State()


@router.callback_query(SubstCb.filter(F.action == SubstAction.CLASSES))
async def pick_class(
    query: CallbackQuery, session: AsyncSession, ctx: UserContext, actor: Actor, t: Translator
) -> None:
    school_id = grant_for(ctx, Role.DEPUTY, Role.COORDINATOR).school_id
    builder = InlineKeyboardBuilder()
    for class_id, label in await classes.list_classes(session, actor, school_id):
        builder.button(text=label, callback_data=SubstCb(action=SubstAction.DAY, class_id=class_id))
    builder.adjust(4)
    builder.row(back_to_menu(t))
    await show(query, t("subst-pick-class"), builder.as_markup())


@router.callback_query(SubstCb.filter(F.action == SubstAction.DAY))
async def class_day(
    query: CallbackQuery,
    callback_data: SubstCb,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    await state.clear()
    today = await school_today(session, grant_for(ctx, Role.DEPUTY, Role.COORDINATOR).school_id, clock.now())
    day = substitutions.browsable_day(day_from_button(callback_data.day), today)
    lessons = await substitutions.class_lessons(session, actor, callback_data.class_id, day)
    label = lessons[0].class_label if lessons else ""
    text = "\n".join(
        [t("subst-day-title", label=label, day=t.day_title(day)), *(lesson_line(t, x) for x in lessons)]
    )
    if not lessons:
        text += "\n" + t("timetable-empty")
    rows = [
        [
            InlineKeyboardButton(
                text=f"{x.lesson_number} · {x.subject}",
                callback_data=cb(SubstAction.LESSON, lesson_id=x.lesson_id),
            )
        ]
        for x in lessons
    ]
    nav = [
        InlineKeyboardButton(
            text=arrow,
            callback_data=cb(SubstAction.DAY, class_id=callback_data.class_id, day=other.toordinal()),
        )
        for arrow, other in (("◀", day - dt.timedelta(days=1)), ("▶", day + dt.timedelta(days=1)))
        if substitutions.can_browse(other, today)
    ]
    rows.append(nav)
    rows.append([InlineKeyboardButton(text=t("btn-classes-list"), callback_data=cb(SubstAction.CLASSES))])
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=rows))


async def lesson_screen_of(
    target: Message | CallbackQuery, t: Translator, lesson: AdminLesson, toast: str | None = None
) -> None:
    await show(target, lesson_text(t, lesson), lesson_keyboard(t, lesson), toast=toast)


@router.callback_query(SubstCb.filter(F.action == SubstAction.LESSON))
async def lesson_screen(
    query: CallbackQuery,
    callback_data: SubstCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    await state.clear()
    await lesson_screen_of(
        query, t, await substitutions.admin_lesson(session, actor, callback_data.lesson_id)
    )


@router.callback_query(SubstCb.filter(F.action == SubstAction.PICK))
async def pick_teacher(
    query: CallbackQuery,
    callback_data: SubstCb,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
) -> None:
    lesson = await substitutions.admin_lesson(session, actor, callback_data.lesson_id)
    teachers = await substitutions.teachers_of_school(
        session, actor, grant_for(ctx, Role.DEPUTY, Role.COORDINATOR).school_id
    )
    page = clamp_page(len(teachers), callback_data.page)
    builder = InlineKeyboardBuilder()
    for staff_id, name in page_slice(teachers, page):
        builder.button(
            text=name,
            callback_data=SubstCb(action=SubstAction.CHOOSE, lesson_id=lesson.lesson_id, staff_id=staff_id),
        )
    builder.adjust(2)
    builder.row(*pager(t, page, len(teachers), SubstCb, action=SubstAction.PICK, lesson_id=lesson.lesson_id))
    builder.row(
        InlineKeyboardButton(
            text=t("btn-back"), callback_data=cb(SubstAction.LESSON, lesson_id=lesson.lesson_id)
        )
    )
    await show(query, "\n".join([lesson_line(t, lesson), t("subst-pick-teacher")]), builder.as_markup())


@router.callback_query(
    SubstCb.filter(F.action.in_({SubstAction.CHOOSE, SubstAction.CANCEL, SubstAction.UNLOCK}))
)
async def ask_reason(
    query: CallbackQuery,
    callback_data: SubstCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    lesson = await substitutions.admin_lesson(session, actor, callback_data.lesson_id)
    # What to do waits in the conversation state until the reason is typed.
    await state.set_state(AdminInput.reason)
    await state.update_data(
        action=callback_data.action.value, lesson_id=lesson.lesson_id, staff_id=callback_data.staff_id
    )
    await show(
        query,
        "\n".join([lesson_line(t, lesson), t(f"subst-ask-reason-{callback_data.action.value}")]),
        InlineKeyboardMarkup(inline_keyboard=[]),
    )


@router.message(StateFilter(AdminInput.reason), TYPED_TEXT)
async def reason_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock, state: FSMContext
) -> None:
    data = await state.get_data()
    action = SubstAction(data.get("action", SubstAction.CHOOSE.value))
    lesson_id = int(data.get("lesson_id", 0))
    reason = message.text or ""
    if action == SubstAction.UNLOCK:
        lesson = await substitutions.unlock(session, actor, lesson_id, reason, now=clock.now())
        await session.commit()  # saved before the screen says so
        done = t(
            "subst-unlocked", until=t.date(lesson.unlocked_until.date()) if lesson.unlocked_until else ""
        )
    else:
        chosen = int(data.get("staff_id", 0))
        substitute = chosen if action == SubstAction.CHOOSE and chosen else None
        lesson = await substitutions.assign(session, actor, lesson_id, substitute, reason, now=clock.now())
        await session.commit()  # saved before the screen says so
        done = (
            t("subst-assigned", teacher=h(lesson.substitute)) if lesson.substitute else t("subst-cancelled")
        )
    await state.clear()
    await message.answer(done)
    await lesson_screen_of(message, t, lesson)
