"""«🔔 Уведомления»: what a person is told and when (kinds, quiet hours, absences at night, a digest).

Everybody who has joined has it; each tap changes one thing, is saved in the update's transaction
and redraws the same message.
"""

from __future__ import annotations

import datetime as dt

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import NotifyAction, NotifyCb
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.screens import show
from services import preferences, school_settings
from services.preferences import Preferences, Topic
from services.school_settings import SchoolSettings
from services.users import UserContext

router = Router(name=__name__)


@router.message(Command("notifications"))
async def notifications_command(
    message: Message, session: AsyncSession, ctx: UserContext, t: Translator
) -> None:
    await _show(message, session, ctx, t, await preferences.load(session, ctx.tg_user_id))


@router.callback_query(NotifyCb.filter())
async def notifications_button(
    query: CallbackQuery, callback_data: NotifyCb, session: AsyncSession, ctx: UserContext, t: Translator
) -> None:
    current = await preferences.load(session, ctx.tg_user_id)
    changed = _apply(current, callback_data)
    if changed != current:
        await preferences.save(session, ctx.tg_user_id, changed)
    await _show(query, session, ctx, t, changed)


def _apply(current: Preferences, button: NotifyCb) -> Preferences:
    match button.action:
        case NotifyAction.TOPIC if button.topic in Topic.__members__.values():
            return preferences.toggled(current, Topic(button.topic))
        case NotifyAction.QUIET:
            return preferences.next_quiet_hours(current)
        case NotifyAction.BREAK:
            return preferences.with_break_through(current)
        case NotifyAction.DIGEST:
            return preferences.next_digest(current)
    return current  # OPEN, or a topic that does not exist (forged): just show the screen


async def _school_settings(session: AsyncSession, ctx: UserContext) -> SchoolSettings:
    grant = ctx.active
    if grant is None:
        return SchoolSettings()
    return await school_settings.load(session, grant.school_id)


async def _show(
    target: Message | CallbackQuery,
    session: AsyncSession,
    ctx: UserContext,
    t: Translator,
    prefs: Preferences,
) -> None:
    school = await _school_settings(session, ctx)
    await show(target, notifications_text(t, prefs, school), notifications_keyboard(t, prefs, school))


def _clock(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _quiet_label(t: Translator, prefs: Preferences, school: SchoolSettings) -> str:
    window = prefs.quiet_window(school)
    if window is None:
        return t("notify-quiet-off")
    hours = f"{_clock(window[0])}–{_clock(window[1])}"
    return t("notify-quiet-school", hours=hours) if prefs.quiet_start is None else hours


def _digest_label(t: Translator, prefs: Preferences) -> str:
    return t("notify-digest-off") if prefs.digest_at is None else _clock(prefs.digest_at)


def notifications_text(t: Translator, prefs: Preferences, school: SchoolSettings) -> str:
    topics = ", ".join(t(f"notify-topic-{topic.value}") for topic in Topic if prefs.receives(topic))
    return "\n".join(
        [
            t("notify-title"),
            t("notify-receives", topics=topics or t("notify-nothing")),
            t("notify-quiet", value=_quiet_label(t, prefs, school)),
            t("notify-break", value=t("notify-yes" if prefs.absences_break_through else "notify-no")),
            t("notify-digest", value=_digest_label(t, prefs)),
            t("notify-hint"),
        ]
    )


def notifications_keyboard(t: Translator, prefs: Preferences, school: SchoolSettings) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for topic in Topic:
        mark = "✅" if prefs.receives(topic) else "🚫"
        builder.button(
            text=f"{mark} {t(f'notify-topic-{topic.value}')}",
            callback_data=NotifyCb(action=NotifyAction.TOPIC, topic=topic.value),
        )
    builder.adjust(2)
    rows: list[tuple[str, NotifyAction]] = [
        (t("btn-notify-quiet", value=_quiet_label(t, prefs, school)), NotifyAction.QUIET),
        (
            t("btn-notify-break", value=t("notify-yes" if prefs.absences_break_through else "notify-no")),
            NotifyAction.BREAK,
        ),
        (t("btn-notify-digest", value=_digest_label(t, prefs)), NotifyAction.DIGEST),
    ]
    for label, action in rows:
        builder.row(InlineKeyboardButton(text=label, callback_data=NotifyCb(action=action).pack()))
    builder.row(back_to_menu(t))
    return builder.as_markup()
