"""«📚 ДЗ» for parents and students: homework for tomorrow or the week; files re-sent on request."""

from __future__ import annotations

from itertools import groupby

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import FamilyHomeworkCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.repeat_guard import ONCE
from bot.screens import h, show
from handlers.family.buttons import add_other_children
from services.audit import Actor
from services.family_views import HomeworkView, homework, homework_files

router = Router(name=__name__)
TEXT_BUDGET = 3800  # a long week is cut, with a note, rather than refused by Telegram


@router.message(Command("homework"))
async def homework_command(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock
) -> None:
    view = await homework(session, actor, None, week=False, now=clock.now())
    await show(message, homework_text(t, view), await _keyboard(session, actor, t, view, week=False))


@router.callback_query(FamilyHomeworkCb.filter(F.files > 0), flags={ONCE: 10})
async def homework_files_again(
    query: CallbackQuery,
    callback_data: FamilyHomeworkCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    bot: Bot,
) -> None:
    await _send_files(query, session, actor, t, bot, callback_data.files)


@router.callback_query(FamilyHomeworkCb.filter())
async def homework_screen(
    query: CallbackQuery,
    callback_data: FamilyHomeworkCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    week = bool(callback_data.week)
    view = await homework(session, actor, callback_data.student_id or None, week=week, now=clock.now())
    await show(query, homework_text(t, view), await _keyboard(session, actor, t, view, week=week))


async def _send_files(
    query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, bot: Bot, homework_id: int
) -> None:
    files = await homework_files(session, actor, homework_id)
    await query.answer(t("family-homework-sending", count=len(files)))
    chat_id = query.from_user.id
    for attachment in files:
        if attachment.get("kind") == "photo":
            await bot.send_photo(chat_id, attachment["file_id"])
        else:
            await bot.send_document(chat_id, attachment["file_id"])


def homework_text(t: Translator, view: HomeworkView) -> str:
    if view.first_day == view.last_day:
        key = "family-homework-tomorrow" if _is_tomorrow(view) else "family-homework-next-day"
        title = t(key, student=h(view.child.first_name), day=t.day_title(view.first_day))
    else:
        title = t("family-homework-week", student=h(view.child.first_name))
    lines = [title]
    if not view.items:
        lines.append(t("family-homework-none"))
    for day, items in groupby(view.items, key=lambda item: item.due_on):
        if view.first_day != view.last_day:
            lines.append(f"\n<b>{t.day_title(day)}</b>")
        for item in items:
            entry = f"• <b>{h(item.subject)}</b>: {h(item.text)}"
            if item.attachments:
                entry += " " + t("family-homework-files", count=len(item.attachments))
            lines.append(entry)
    text = "\n".join(lines)
    if len(text) > TEXT_BUDGET:
        text = text[:TEXT_BUDGET].rsplit("\n", 1)[0] + "\n" + t("family-homework-cut")
    return text


def _is_tomorrow(view: HomeworkView) -> bool:
    return (view.first_day - view.today).days == 1


async def _keyboard(
    session: AsyncSession, actor: Actor, t: Translator, view: HomeworkView, *, week: bool
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    student_id = view.child.student_id
    for item in view.items:
        if item.attachments:
            label = t("btn-family-homework-files", subject=item.subject[:24], count=len(item.attachments))
            builder.row(
                InlineKeyboardButton(
                    text=label,
                    callback_data=FamilyHomeworkCb(student_id=student_id, files=item.homework_id).pack(),
                )
            )
    if not week:
        other = t("btn-family-homework-week")
    elif _is_tomorrow(view):
        other = t("btn-family-homework-tomorrow")
    else:  # on a weekend: the next school day, by its date
        other = t("btn-family-homework-day", day=t.date(view.first_day))
    builder.row(
        InlineKeyboardButton(
            text=other, callback_data=FamilyHomeworkCb(student_id=student_id, week=0 if week else 1).pack()
        )
    )
    if view.children > 1:
        await add_other_children(
            builder,
            session,
            actor,
            student_id,
            lambda other: FamilyHomeworkCb(student_id=other, week=int(week)),
        )
    builder.row(back_to_menu(t))
    return builder.as_markup()
