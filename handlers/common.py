"""Screens every user has: the menu, help, language, switching roles, cancelling a conversation."""

from __future__ import annotations

from dataclasses import replace

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import LangCb, NavCb, RoleCb, Screen
from bot.i18n import SUPPORTED_LOCALES, Catalog, Translator
from bot.keyboards import back_to_menu
from bot.menus import help_text, language_keyboard, menu_keyboard, menu_text, roles_keyboard
from bot.screens import show
from models.enums import Role
from services import users
from services.classes import class_labels
from services.users import UserContext

router = Router(name=__name__)


async def render_menu(
    session: AsyncSession, ctx: UserContext, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    led = [cid for grant in ctx.grants_of(Role.CLASS_TEACHER) for cid in grant.class_ids]
    labels = await class_labels(session, led)
    return menu_text(t, ctx, labels), menu_keyboard(t, ctx, labels)


async def send_menu(
    target: Message | CallbackQuery, session: AsyncSession, ctx: UserContext, t: Translator
) -> None:
    text, markup = await render_menu(session, ctx, t)
    await show(target, text, markup)


@router.message(Command("menu"))
async def menu_command(
    message: Message, session: AsyncSession, ctx: UserContext, t: Translator, state: FSMContext
) -> None:
    await state.clear()
    await send_menu(message, session, ctx, t)


@router.callback_query(NavCb.filter(F.to == Screen.MENU))
async def menu_button(
    query: CallbackQuery, session: AsyncSession, ctx: UserContext, t: Translator, state: FSMContext
) -> None:
    await state.clear()
    await send_menu(query, session, ctx, t)


@router.message(Command("help"))
async def help_command(message: Message, ctx: UserContext, t: Translator) -> None:
    await message.answer(
        help_text(t, ctx), reply_markup=InlineKeyboardMarkup(inline_keyboard=[[back_to_menu(t)]])
    )


@router.callback_query(NavCb.filter(F.to == Screen.HELP))
async def help_button(query: CallbackQuery, ctx: UserContext, t: Translator) -> None:
    await show(query, help_text(t, ctx), InlineKeyboardMarkup(inline_keyboard=[[back_to_menu(t)]]))


@router.message(Command("language"))
async def language_command(message: Message, t: Translator) -> None:
    await message.answer(t("language-choose"), reply_markup=language_keyboard(t))


@router.callback_query(NavCb.filter(F.to == Screen.LANGUAGE))
async def language_button(query: CallbackQuery, t: Translator) -> None:
    await show(query, t("language-choose"), language_keyboard(t))


@router.callback_query(LangCb.filter(F.locale.in_(SUPPORTED_LOCALES)))
async def language_chosen(
    query: CallbackQuery, callback_data: LangCb, session: AsyncSession, ctx: UserContext, catalog: Catalog
) -> None:
    await users.set_locale(session, ctx.tg_user_id, callback_data.locale)
    await session.commit()  # saved before the screen says so
    t = catalog.translator(callback_data.locale)
    await send_menu(query, session, ctx, t)


@router.callback_query(NavCb.filter(F.to == Screen.ROLES))
async def roles_button(query: CallbackQuery, ctx: UserContext, t: Translator) -> None:
    await show(query, t("roles-choose"), roles_keyboard(t, ctx))


@router.callback_query(RoleCb.filter())
async def role_chosen(
    query: CallbackQuery, callback_data: RoleCb, session: AsyncSession, ctx: UserContext, t: Translator
) -> None:
    key = users.role_key(callback_data.role, callback_data.school_id)
    await users.set_active_role(session, ctx, key)
    await session.commit()  # saved before the screen says so
    await send_menu(query, session, replace(ctx, active_key=key), t)


@router.message(Command("cancel"))
async def cancel_command(
    message: Message, session: AsyncSession, ctx: UserContext, t: Translator, state: FSMContext
) -> None:
    had_state = await state.get_state() is not None
    await state.clear()
    await message.answer(t("cancelled") if had_state else t("nothing-to-cancel"))
    await send_menu(message, session, ctx, t)
