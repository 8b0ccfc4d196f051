"""«🔔 Уведомления»: what a person is told and when (kinds, quiet hours, absences at night, a digest).

Everybody who has joined has it; each tap changes one thing, is saved in the update's transaction
and redraws the same message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import NotifyAction, NotifyCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.links import NAMES, InviteLinks
from bot.screens import show
from handlers import messengers
from models.enums import Role
from services import preferences, school_settings, twins
from services.preferences import Preferences, Topic
from services.school_settings import SchoolSettings
from services.users import UserContext

router = Router(name=__name__)


@router.message(Command("notifications"))
async def notifications_command(
    message: Message, session: AsyncSession, ctx: UserContext, t: Translator, invite_links: InviteLinks
) -> None:
    screen = _Screen(session, ctx, t, invite_links, message.chat.id)
    await screen.show(message, await preferences.load(session, ctx.tg_user_id))


@router.callback_query(NotifyCb.filter())
async def notifications_button(
    query: CallbackQuery,
    callback_data: NotifyCb,
    session: AsyncSession,
    ctx: UserContext,
    t: Translator,
    invite_links: InviteLinks,
    clock: Clock,
) -> None:
    screen = _Screen(session, ctx, t, invite_links, query.from_user.id)
    current = await preferences.load(session, ctx.tg_user_id)
    if callback_data.action in _MESSENGER_ACTIONS:
        if await _messengers_action(query, screen, callback_data.action, current, clock):
            return
        current = await preferences.load(session, ctx.tg_user_id)
    changed = _apply(current, callback_data)
    if changed != current:
        await preferences.save(session, ctx.tg_user_id, changed)
    await screen.show(query, changed)


_MESSENGER_ACTIONS = frozenset({NotifyAction.JOIN_OTHER, NotifyAction.CHOOSE, NotifyAction.LEAVE_OTHER})


async def _messengers_action(
    query: CallbackQuery, screen: _Screen, action: NotifyAction, prefs: Preferences, clock: Clock
) -> bool:
    """The «📱» buttons; True when the screen is not to be redrawn (he left the messenger he is in).
    A button that does not fit his state (forged, or an old screen) just redraws the screen."""
    session, ctx, t = screen.session, screen.ctx, screen.t
    shown = await screen.messengers(prefs)
    if shown is None:
        return False
    if action is NotifyAction.JOIN_OTHER and not shown.joined and shown.other_bot is not None:
        await messengers.send_join_link(query, session, ctx, t, shown, clock)
    elif action is NotifyAction.CHOOSE and shown.joined:
        await twins.choose(session, ctx.tg_user_id, messengers.next_choice(shown.choice))
    elif action is NotifyAction.LEAVE_OTHER and shown.joined:
        await twins.detach(session, ctx.tg_user_id, shown.other)
        await session.commit()
        if shown.here is shown.other:  # he left the messenger he is looking at: nothing to show here
            await show(query, t("messengers-left-here", messenger=NAMES[shown.own]))
            return True
    return False


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
        case NotifyAction.BRIEF:
            return preferences.next_brief(current)
    return current  # OPEN, a messenger's button (done above), or a forged topic: just show the screen


@dataclass(frozen=True)
class _Screen:
    session: AsyncSession
    ctx: UserContext
    t: Translator
    links: InviteLinks
    here_account: int  # the account looking at it (his first one, or his twin in the other messenger)

    async def messengers(self, prefs: Preferences) -> messengers.MessengersView | None:
        school = await _school_settings(self.session, self.ctx)
        return await messengers.view(self.session, self.ctx, self.here_account, self.links, school, prefs)

    async def show(self, target: Message | CallbackQuery, prefs: Preferences) -> None:
        school = await _school_settings(self.session, self.ctx)
        shown = await messengers.view(self.session, self.ctx, self.here_account, self.links, school, prefs)
        family = self.ctx.has(Role.PARENT) or self.ctx.has(Role.STUDENT)  # the brief is a family's day
        text = notifications_text(self.t, prefs, school, family=family)
        markup = notifications_keyboard(self.t, prefs, school, family=family)
        if shown is not None:
            text = f"{text}\n\n{messengers.section(self.t, shown)}"
            markup.inline_keyboard[-1:-1] = messengers.buttons(self.t, shown)
        await show(target, text, markup)


async def _school_settings(session: AsyncSession, ctx: UserContext) -> SchoolSettings:
    grant = ctx.active
    if grant is None:
        return SchoolSettings()
    return await school_settings.load(session, grant.school_id)


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


def _brief_label(t: Translator, prefs: Preferences) -> str:
    return t("notify-brief-off") if prefs.morning_brief is None else _clock(prefs.morning_brief)


def notifications_text(
    t: Translator, prefs: Preferences, school: SchoolSettings, *, family: bool = False
) -> str:
    topics = ", ".join(t(f"notify-topic-{topic.value}") for topic in Topic if prefs.receives(topic))
    return "\n".join(
        [
            t("notify-title"),
            t("notify-receives", topics=topics or t("notify-nothing")),
            t("notify-quiet", value=_quiet_label(t, prefs, school)),
            t("notify-break", value=t("notify-yes" if prefs.absences_break_through else "notify-no")),
            t("notify-digest", value=_digest_label(t, prefs)),
            *([t("notify-brief", value=_brief_label(t, prefs))] if family else []),
            t("notify-hint"),
            *([t("notify-brief-hint")] if family else []),
        ]
    )


def notifications_keyboard(
    t: Translator, prefs: Preferences, school: SchoolSettings, *, family: bool = False
) -> InlineKeyboardMarkup:
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
    if family:
        rows.append((t("btn-notify-brief", value=_brief_label(t, prefs)), NotifyAction.BRIEF))
    for label, action in rows:
        builder.row(InlineKeyboardButton(text=label, callback_data=NotifyCb(action=action).pack()))
    builder.row(back_to_menu(t))
    return builder.as_markup()
