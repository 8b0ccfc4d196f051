"""A person in both messengers (services/twins.py): the «📱» part of «🔔 Уведомления», and opening the
one-time link in the other messenger.

A parent in Telegram taps «➕ Подключить MAX», gets a link, opens it in MAX, and has the same journal
there; his messages go where he last wrote from, or where he chose. The screen shows this part only
where the deployment has a bot in the other messenger and the school offers it.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import NotifyAction, NotifyCb
from bot.clock import Clock
from bot.i18n import Catalog, Translator
from bot.links import NAMES, InviteLinks, invite_link, max_invite_link
from handlers.common import send_menu
from services import twins, users
from services.channels import Channel, channel_of
from services.preferences import Preferences
from services.school_settings import SchoolSettings
from services.twins import LinkRejected, MessengerChoice
from services.users import UserContext

CHOICES = tuple(MessengerChoice)


@dataclass(frozen=True)
class MessengersView:
    here: Channel  # where he is looking at the screen
    own: Channel  # the messenger he joined in
    other: Channel  # where his twin is, or may be
    other_bot: str | None  # the other messenger's bot, if the deployment has it and the school offers it
    joined: bool  # his twin there exists
    choice: MessengerChoice
    delivering_to: Channel


async def view(
    session: AsyncSession,
    ctx: UserContext,
    here_account: int,
    links: InviteLinks,
    school: SchoolSettings,
    prefs: Preferences,
) -> MessengersView | None:
    """What the screen shows of his messengers; None when there is nothing to show or offer."""
    own = channel_of(ctx.tg_user_id)
    other = twins.other_channel(ctx.tg_user_id)
    joined = any(twin.channel is other for twin in await twins.twins_of(session, ctx.tg_user_id))
    bot: str | None = getattr(links, other.value) if other.value in school.messengers else None
    if not joined and bot is None:
        return None
    return MessengersView(
        here=channel_of(here_account),
        own=own,
        other=other,
        other_bot=bot,
        joined=joined,
        choice=MessengerChoice(prefs.messenger),
        delivering_to=await twins.delivery_channel(session, ctx.tg_user_id),
    )


def _choice_label(t: Translator, choice: MessengerChoice) -> str:
    return t("messengers-last") if choice is MessengerChoice.LAST else NAMES[choice.value]


def section(t: Translator, shown: MessengersView) -> str:
    if not shown.joined:
        return t("messengers-one", here=NAMES[shown.own], other=NAMES[shown.other])
    return t(
        "messengers-both",
        first=NAMES[shown.own],
        second=NAMES[shown.other],
        choice=_choice_label(t, shown.choice),
        now=NAMES[shown.delivering_to],
    )


def buttons(t: Translator, shown: MessengersView) -> list[list[InlineKeyboardButton]]:
    def button(text: str, action: NotifyAction) -> list[InlineKeyboardButton]:
        return [InlineKeyboardButton(text=text, callback_data=NotifyCb(action=action).pack())]

    other = NAMES[shown.other]
    if not shown.joined:
        return [button(t("btn-messengers-join", messenger=other), NotifyAction.JOIN_OTHER)]
    return [
        button(t("btn-messengers-choice", value=_choice_label(t, shown.choice)), NotifyAction.CHOOSE),
        button(t("btn-messengers-leave", messenger=other), NotifyAction.LEAVE_OTHER),
    ]


def _link(bot: str, channel: Channel, token: str) -> str:
    return max_invite_link(bot, token) if channel is Channel.MAX else invite_link(bot, token)


async def send_join_link(
    query: CallbackQuery,
    session: AsyncSession,
    ctx: UserContext,
    t: Translator,
    shown: MessengersView,
    clock: Clock,
) -> None:
    """The one-time link to open in the other messenger, as a message of its own (to be tapped there)."""
    assert shown.other_bot is not None
    token = await twins.issue_link(session, ctx.tg_user_id, now=clock.now())
    await session.commit()  # the link works before he sees it
    text = t(
        "messengers-link",
        messenger=NAMES[shown.other],
        link=_link(shown.other_bot, shown.other, token),
        hours=int(twins.LINK_LIFETIME.total_seconds() // 3600),
    )
    if isinstance(query.message, Message):
        await query.message.answer(text, disable_web_page_preview=True)


def next_choice(current: MessengerChoice) -> MessengerChoice:
    return CHOICES[(CHOICES.index(current) + 1) % len(CHOICES)]


async def open_link(
    message: Message, session: AsyncSession, t: Translator, catalog: Catalog, token: str, clock: Clock
) -> None:
    """/start <link token> in the other messenger: this account becomes the person's twin here."""
    assert message.from_user is not None
    try:
        attached = await twins.attach(session, message.from_user.id, token, now=clock.now())
    except LinkRejected as rejected:
        await message.answer(t(f"messengers-error-{rejected.reason}", messenger=NAMES[rejected.channel]))
        return
    await session.commit()  # joined before he is told so
    context = await users.load_context(session, attached.principal)
    told = catalog.translator(context.locale)  # from now on he speaks his first account's language
    key = "messengers-already" if attached.already else "messengers-joined"
    await message.answer(told(key, messenger=NAMES[attached.channel]))
    await send_menu(message, session, context, told)
