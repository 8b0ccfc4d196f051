"""Joining through an invite link: /start <token>, and a parent's consent to data processing."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ConsentAction, ConsentCb
from bot.clock import Clock
from bot.filters import TYPED_TEXT
from bot.i18n import Catalog, Translator
from bot.screens import h, show
from bot.settings import Settings
from handlers import messengers
from handlers.common import send_menu
from models.enums import Role
from services import invites, twins, users
from services.invites import InviteRejected, JoinResult
from services.users import UserContext

router = Router(name=__name__)


class Onboarding(StatesGroup):
    consent = State()


def consent_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=t("consent-accept"), callback_data=ConsentCb(action=ConsentAction.ACCEPT).pack()
                )
            ],
            [
                InlineKeyboardButton(
                    text=t("consent-decline"), callback_data=ConsentCb(action=ConsentAction.DECLINE).pack()
                )
            ],
        ]
    )


def welcome_text(t: Translator, joined: JoinResult) -> str:
    role = t(f"role-{joined.role.value}").lower()
    school, name = h(joined.school_name), h(joined.person_name)
    if joined.role == Role.PARENT:
        return t("welcome-parent", school=school, name=name, label=joined.class_label or "")
    if joined.role == Role.STUDENT:
        return t("welcome-student", school=school, name=name, label=joined.class_label or "")
    return t("welcome-staff", role=role, school=school, name=name)


@router.message(CommandStart(deep_link=True))
async def start_with_token(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: UserContext,
    t: Translator,
    state: FSMContext,
    settings: Settings,
    clock: Clock,
    catalog: Catalog,
) -> None:
    await state.clear()
    if await twins.is_link(session, command.args or ""):  # his own link from the other messenger
        await messengers.open_link(message, session, t, catalog, command.args or "", clock)
        return
    try:
        preview = await invites.check_token(
            session,
            ctx.tg_user_id,
            command.args or "",
            now=clock.now(),
            failure_limit=settings.bad_token_limit_per_hour,
            deployment_limit=settings.bad_token_limit_per_minute,
        )
    except InviteRejected as rejected:
        # Not re-raised: the failed attempt must be committed to count towards the limit.
        await message.answer(t(f"error-invite-{rejected.reason}"))
        return
    if preview.already_yours:
        await message.answer(t("invite-already-yours"))
        await send_menu(message, session, ctx, t)
        return
    if preview.needs_consent:
        # The invite id stays on the server: a button carrying it could be forged.
        await state.set_state(Onboarding.consent)
        await state.update_data(invite_id=preview.invite_id)
        await message.answer(
            t(
                "consent-text",
                school=h(preview.school_name),
                name=h(preview.person_name),
                label=preview.class_label or "",
            ),
            reply_markup=consent_keyboard(t),
        )
        return
    await _join(message, session, ctx, t, preview.invite_id, clock, consent=False)


@router.callback_query(ConsentCb.filter(F.action == ConsentAction.ACCEPT), StateFilter(Onboarding.consent))
async def consent_given(
    query: CallbackQuery,
    session: AsyncSession,
    ctx: UserContext,
    t: Translator,
    state: FSMContext,
    clock: Clock,
) -> None:
    invite_id = (await state.get_data()).get("invite_id")
    await state.clear()
    message = query.message
    if not isinstance(invite_id, int) or not isinstance(message, Message):
        await show(query, t("consent-stale"))
        return
    await message.edit_reply_markup(reply_markup=None)
    await _join(message, session, ctx, t, invite_id, clock, consent=True)
    # Answered last: should joining fail, the error handler can still show an alert on the button.
    await query.answer()


@router.message(StateFilter(Onboarding.consent), TYPED_TEXT)
async def consent_typed(message: Message, t: Translator) -> None:
    """«Да, согласна» typed instead of pressed: the invite is still waiting, and the button gives consent
    (a typed word is not taken as consent: it must be the one unambiguous act the text describes)."""
    await message.answer(t("consent-use-button"), reply_markup=consent_keyboard(t))


@router.callback_query(ConsentCb.filter(F.action == ConsentAction.DECLINE), StateFilter(Onboarding.consent))
async def consent_declined(query: CallbackQuery, t: Translator, state: FSMContext) -> None:
    await state.clear()
    await show(query, t("consent-declined"))


@router.callback_query(ConsentCb.filter())
async def consent_without_invite(query: CallbackQuery, t: Translator) -> None:
    """A consent button from an old message (or a forged one): there is no invite waiting."""
    await show(query, t("consent-stale"))


async def _join(
    message: Message,
    session: AsyncSession,
    ctx: UserContext,
    t: Translator,
    invite_id: int,
    clock: Clock,
    *,
    consent: bool,
) -> None:
    try:
        joined = await invites.accept_invite(
            session, ctx.tg_user_id, invite_id, now=clock.now(), consent=consent
        )
    except InviteRejected as rejected:
        await message.answer(t(f"error-invite-{rejected.reason}"))
        return
    await session.commit()  # joined before he is told so
    await message.answer(welcome_text(t, joined))
    await send_menu(message, session, await users.load_context(session, ctx.tg_user_id), t)


@router.message(CommandStart())
async def start_plain(
    message: Message, session: AsyncSession, ctx: UserContext, t: Translator, state: FSMContext
) -> None:
    await state.clear()
    if not ctx.grants:
        await message.answer(t("start-not-joined"))
        return
    await send_menu(message, session, ctx, t)
