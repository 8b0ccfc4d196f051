"""The coordinator closes a person's access (a staff member's, a parent's, a student's): asked first,
then done; the person's Telegram account gets nothing more and sees nothing."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import FamilyAction, FamilyInviteCb, RevokeCb, StaffAction, StaffCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.screens import h, show
from handlers.helpers import grant_for
from models.enums import Role
from services import revocation
from services.audit import Actor
from services.errors import AccessDenied
from services.revocation import Whose
from services.users import UserContext

router = Router(name=__name__)


def _whose(value: str) -> Whose:
    try:
        return Whose(value)
    except ValueError:
        raise AccessDenied() from None


def _back(t: Translator, data: RevokeCb) -> InlineKeyboardButton:
    """Back where the coordinator came from: the staff card, or the student's card."""
    if _whose(data.whose) is Whose.STAFF:
        target: StaffCb | FamilyInviteCb = StaffCb(action=StaffAction.OPEN, staff_id=data.person_id)
    else:
        target = FamilyInviteCb(
            action=FamilyAction.STUDENT, class_id=data.class_id, student_id=data.student_id
        )
    return InlineKeyboardButton(text=t("btn-back"), callback_data=target.pack())


@router.callback_query(RevokeCb.filter(F.confirm == 0))
async def ask(
    query: CallbackQuery,
    callback_data: RevokeCb,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    whose = _whose(callback_data.whose)
    name = await revocation.person_name(session, actor, whose, callback_data.person_id, school_id)
    sure = callback_data.model_copy(update={"confirm": 1})
    rows = [
        [InlineKeyboardButton(text=t("btn-revoke-confirm"), callback_data=sure.pack())],
        [_back(t, callback_data)],
    ]
    await show(query, t("revoke-ask", name=h(name)), InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(RevokeCb.filter(F.confirm == 1))
async def confirm(
    query: CallbackQuery,
    callback_data: RevokeCb,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    whose = _whose(callback_data.whose)
    done = await revocation.revoke(
        session, actor, whose, callback_data.person_id, school_id=school_id, now=clock.now()
    )
    await session.commit()
    key = "revoke-done" if done.had_access else "revoke-nothing"
    text = t(key, name=h(done.name), cancelled=done.cancelled)
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=[[_back(t, callback_data)]]))
