"""Small things several handler modules need: which school a role acts in, invite link messages, the
chat's «отправляет файл…» while a file is made."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import replace

from aiogram import Bot
from aiogram.types import CallbackQuery
from aiogram.utils.chat_action import ChatActionSender
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.links import InviteLinks
from bot.max.session import MaxSession
from bot.screens import h
from models.enums import Role
from services import school_settings
from services.audit import Actor
from services.errors import AccessDenied
from services.invites import IssuedInvite
from services.users import RoleGrant, UserContext


def grant_for(ctx: UserContext, *roles: Role) -> RoleGrant:
    """The grant a role screen acts under: the active one when it is one of these roles, else the
    first the account holds."""
    active = ctx.active
    if active is not None and active.role in roles:
        return active
    for role in roles:
        grant = ctx.grant(role)
        if grant is not None:
            return grant
    raise AccessDenied()


def active_school(actor: Actor) -> int:
    """The school of the role the person is using now (none: the button is not for him)."""
    if actor.context is None or actor.context.active is None:
        raise AccessDenied()
    return actor.context.active.school_id


async def bot_username(bot: Bot) -> str:
    me = await bot.me()
    assert me.username is not None, "every bot has a username"
    return me.username


async def offered_links(bot: Bot, invite_links: InviteLinks, offered: Sequence[str]) -> InviteLinks:
    """The links a school hands out: the deployment's bots in the messengers the school offers. The
    Telegram bot's username is asked from Telegram when no setting or start-up gave it (never from
    MAX's bot, which may be the one answering)."""
    links = invite_links
    if links.telegram is None and not isinstance(bot.session, MaxSession):
        links = replace(links, telegram=await bot_username(bot))
    return links.offered(offered)


async def school_links(
    bot: Bot, invite_links: InviteLinks, session: AsyncSession, issued: IssuedInvite
) -> InviteLinks:
    """The links of the school an invite is of."""
    offered = await school_settings.messengers_for_invite(session, issued.invite_id)
    return await offered_links(bot, invite_links, offered)


def invite_message(t: Translator, links: InviteLinks, issued: IssuedInvite) -> str:
    """A message meant to be forwarded to the person: who it is for, the link(s), until when."""
    link = links.text(issued.token)
    messenger = links.names(t("word-or"))
    role = t(f"role-{issued.role.value}").lower()
    until = t.date(issued.valid_through)
    if issued.role == Role.PARENT and issued.guardian_name:
        return t(
            "invite-message-parent",
            who=h(issued.guardian_name),
            student=h(issued.person_name),
            label=issued.class_label or "",
            link=link,
            messenger=messenger,
            until=until,
        )
    if issued.role == Role.PARENT:
        return t(
            "invite-message-parent-any",
            student=h(issued.person_name),
            label=issued.class_label or "",
            link=link,
            messenger=messenger,
            until=until,
        )
    if issued.role == Role.STUDENT:
        return t(
            "invite-message-student",
            student=h(issued.person_name),
            label=issued.class_label or "",
            link=link,
            messenger=messenger,
            until=until,
        )
    return t(
        "invite-message-staff",
        name=h(issued.person_name),
        role=role,
        link=link,
        messenger=messenger,
        until=until,
    )


def making_a_file(bot: Bot, query: CallbackQuery) -> AbstractAsyncContextManager[None]:
    """Telegram's «отправляет файл…» in the chat from the press on, renewed while an XLSX or a PDF is
    made (a class's slips take seconds): the person sees that the press was taken."""
    return ChatActionSender.upload_document(bot=bot, chat_id=query.from_user.id)  # type: ignore[return-value]
