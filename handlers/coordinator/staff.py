"""The coordinator's staff screens: the list, a card with the invite link, adding a person."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import NewStaffAction, NewStaffCb, RevokeCb, StaffAction, StaffCb
from bot.clock import Clock
from bot.filters import TYPED_TEXT
from bot.i18n import Translator
from bot.keyboards import back_to_menu, clamp_page, page_slice, pager, single_column
from bot.links import InviteLinks
from bot.repeat_guard import ONCE
from bot.screens import h, show
from bot.settings import Settings
from handlers.helpers import grant_for, invite_message, school_links
from models.enums import STAFF_ROLES, Role
from services import invites, staff
from services.audit import Actor
from services.errors import InvalidInput
from services.names import parse_full_name
from services.revocation import Whose
from services.staff import StaffRow
from services.users import UserContext

router = Router(name=__name__)


class NewStaff(StatesGroup):
    name = State()
    roles = State()


def _roles_text(t: Translator, row: StaffRow) -> str:
    roles = [t(f"role-{role.value}") for role in row.roles]
    if row.classes_led:
        roles.append(t("role-class-teacher-of", classes=", ".join(row.classes_led)))
    return ", ".join(roles)


def _row_label(t: Translator, row: StaffRow) -> str:
    mark = "✅" if row.joined else "⏳"
    return f"{mark} {row.full_name} · {_roles_text(t, row)}"


@router.callback_query(StaffCb.filter(F.action == StaffAction.LIST))
async def staff_list(
    query: CallbackQuery,
    callback_data: StaffCb,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    rows = await staff.list_staff(session, actor, school_id)
    page = clamp_page(len(rows), callback_data.page)
    joined = sum(row.joined for row in rows)
    text = t("staff-list-title", total=len(rows), joined=joined)
    items = [
        (_row_label(t, row), StaffCb(action=StaffAction.OPEN, staff_id=row.staff_id, page=page))
        for row in page_slice(rows, page)
    ]
    markup = single_column(
        items,
        pager(t, page, len(rows), StaffCb, action=StaffAction.LIST),
        [InlineKeyboardButton(text=t("btn-add-staff"), callback_data=StaffCb(action=StaffAction.ADD).pack())],
        [back_to_menu(t)],
    )
    await show(query, text, markup)


@router.callback_query(StaffCb.filter(F.action == StaffAction.OPEN))
async def staff_open(
    query: CallbackQuery, callback_data: StaffCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    row = await staff.staff_card(session, actor, callback_data.staff_id)
    state = t("staff-joined") if row.joined else t("staff-not-joined")
    text = t("staff-card", name=h(row.full_name), roles=_roles_text(t, row), state=state)
    link_label = t("btn-new-invite") if row.joined else t("btn-invite")
    revoke = RevokeCb(whose=Whose.STAFF.value, person_id=row.staff_id)
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=link_label,
                    callback_data=StaffCb(
                        action=StaffAction.INVITE, staff_id=row.staff_id, page=callback_data.page
                    ).pack(),
                )
            ],
            *(
                [[InlineKeyboardButton(text=t("btn-revoke-staff"), callback_data=revoke.pack())]]
                if row.joined
                else []
            ),
            [
                InlineKeyboardButton(
                    text=t("btn-back"),
                    callback_data=StaffCb(action=StaffAction.LIST, page=callback_data.page).pack(),
                )
            ],
        ]
    )
    await show(query, text, markup)


@router.callback_query(StaffCb.filter(F.action == StaffAction.INVITE), flags={ONCE: 60})
async def staff_invite(
    query: CallbackQuery,
    callback_data: StaffCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    bot: Bot,
    clock: Clock,
    settings: Settings,
    invite_links: InviteLinks,
) -> None:
    issued = await invites.issue_staff_invite(
        session, actor, callback_data.staff_id, now=clock.now(), ttl_days=settings.invite_ttl_days
    )
    await session.commit()  # the link must exist before anyone can be handed it
    # A new message, not an edit: the coordinator forwards it to the person.
    links = await school_links(bot, invite_links, session, issued)
    await bot.send_message(query.from_user.id, invite_message(t, links, issued))
    await query.answer(t("invite-issued"))


@router.callback_query(StaffCb.filter(F.action == StaffAction.ADD))
async def staff_add_start(query: CallbackQuery, ctx: UserContext, t: Translator, state: FSMContext) -> None:
    grant_for(ctx, Role.COORDINATOR)
    await state.set_state(NewStaff.name)
    await show(query, t("staff-add-ask-name"))


@router.message(StateFilter(NewStaff.name), TYPED_TEXT)
async def staff_add_name(message: Message, t: Translator, state: FSMContext) -> None:
    try:
        name = parse_full_name(message.text or "")
    except InvalidInput:
        await message.answer(t("staff-add-bad-name"))
        return
    await state.update_data(name=name.text, roles=[Role.TEACHER.value])
    await state.set_state(NewStaff.roles)
    await message.answer(
        t("staff-add-ask-roles", name=h(name.text)), reply_markup=_roles_keyboard(t, {Role.TEACHER})
    )


def _roles_keyboard(t: Translator, chosen: set[Role]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=f"{'☑' if role in chosen else '☐'} {t(f'role-{role.value}')}",
                callback_data=NewStaffCb(action=NewStaffAction.TOGGLE, role=role).pack(),
            )
        ]
        for role in STAFF_ROLES
    ]
    rows.append(
        [
            InlineKeyboardButton(
                text=t("btn-save"), callback_data=NewStaffCb(action=NewStaffAction.SAVE).pack()
            ),
            InlineKeyboardButton(
                text=t("btn-cancel"), callback_data=NewStaffCb(action=NewStaffAction.CANCEL).pack()
            ),
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.callback_query(NewStaffCb.filter(F.action == NewStaffAction.TOGGLE), StateFilter(NewStaff.roles))
async def staff_add_toggle(
    query: CallbackQuery, callback_data: NewStaffCb, t: Translator, state: FSMContext
) -> None:
    chosen = {Role(r) for r in (await state.get_data()).get("roles", [])}
    role = callback_data.role
    if role in STAFF_ROLES:
        chosen ^= {role}
    await state.update_data(roles=sorted(r.value for r in chosen))
    data = await state.get_data()
    await show(query, t("staff-add-ask-roles", name=h(data.get("name", ""))), _roles_keyboard(t, chosen))


@router.callback_query(NewStaffCb.filter(F.action == NewStaffAction.SAVE), StateFilter(NewStaff.roles))
async def staff_add_save(
    query: CallbackQuery,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
    settings: Settings,
    invite_links: InviteLinks,
) -> None:
    data = await state.get_data()
    roles = {Role(r) for r in data.get("roles", [])}
    if not roles:
        await query.answer(t("error-staff-roles"), show_alert=True)
        return
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    row = await staff.add_staff(session, actor, school_id, str(data.get("name", "")), roles)
    issued = await invites.issue_staff_invite(
        session, actor, row.staff_id, now=clock.now(), ttl_days=settings.invite_ttl_days
    )
    await session.commit()  # saved before the coordinator is told so and handed the link
    await state.clear()
    await show(
        query,
        t("staff-added", name=h(row.full_name)),
        InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=t("btn-staff"), callback_data=StaffCb(action=StaffAction.LIST).pack()
                    )
                ],
                [back_to_menu(t)],
            ]
        ),
    )
    links = await school_links(bot, invite_links, session, issued)
    await bot.send_message(query.from_user.id, invite_message(t, links, issued))


@router.callback_query(NewStaffCb.filter(F.action == NewStaffAction.CANCEL))
async def staff_add_cancel(query: CallbackQuery, t: Translator, state: FSMContext) -> None:
    await state.clear()
    await show(query, t("cancelled"), InlineKeyboardMarkup(inline_keyboard=[[back_to_menu(t)]]))


@router.callback_query(NewStaffCb.filter())
async def staff_add_stale(query: CallbackQuery, t: Translator) -> None:
    await query.answer(t("stale-button"), show_alert=True)
