"""The administration's overview: per class, how many students and families have joined."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardButton
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ClassesCb, FamilyAction, FamilyInviteCb
from bot.i18n import Translator
from bot.keyboards import back_to_menu, clamp_page, page_slice, pager, single_column
from bot.screens import h, show
from handlers.helpers import grant_for
from models.enums import Role
from services import classes
from services.audit import Actor
from services.users import UserContext

router = Router(name=__name__)


@router.callback_query(ClassesCb.filter())
async def classes_overview(
    query: CallbackQuery,
    callback_data: ClassesCb,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR, Role.DEPUTY).school_id
    rows = await classes.join_overview(session, actor, school_id)
    page = clamp_page(len(rows), callback_data.page)
    lines = [t("classes-title", count=len(rows))]
    for row in page_slice(rows, page):
        teacher = h(row.class_teacher) if row.class_teacher else t("classes-no-teacher")
        lines.append(
            t(
                "classes-row",
                label=row.label,
                teacher=teacher,
                students=row.students,
                students_joined=row.students_joined,
                families_joined=row.families_joined,
            )
        )
    if not rows:
        lines.append(t("classes-empty"))
    # Both the coordinator and a deputy open a class's families: who has joined and who not yet (the
    # coordinator also its links and access); its exports are there too.
    families = [
        InlineKeyboardButton(
            text=f"👪 {row.label}",
            callback_data=FamilyInviteCb(action=FamilyAction.CLASS, class_id=row.class_id).pack(),
        )
        for row in page_slice(rows, page)
    ]
    markup = single_column(
        [],
        *(families[i : i + 4] for i in range(0, len(families), 4)),
        pager(t, page, len(rows), ClassesCb),
        [back_to_menu(t)],
    )
    await show(query, "\n".join(lines), markup)
