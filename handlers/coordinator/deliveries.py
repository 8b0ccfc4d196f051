"""«📮 Недоставленные»: the coordinator sees which messages did not reach people, and why."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import DeliveriesCb
from bot.delivery.report import deliveries_text
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.screens import show
from handlers.helpers import grant_for
from models.enums import Role
from services.audit import Actor
from services.delivery import delivery_trouble
from services.users import UserContext

router = Router(name=__name__)


@router.callback_query(DeliveriesCb.filter())
async def failed_deliveries(
    query: CallbackQuery, session: AsyncSession, ctx: UserContext, actor: Actor, t: Translator
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    trouble = await delivery_trouble(session, actor, school_id)
    markup = InlineKeyboardMarkup(inline_keyboard=[[back_to_menu(t)]])
    await show(query, deliveries_text(t, trouble), markup)
