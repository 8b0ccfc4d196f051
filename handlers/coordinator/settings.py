"""«⚙️ Настройки школы»: the coordinator changes the school's settings and the weights of mark kinds.

The screen lists the sections; a section shows each setting with its value (and its default when it
differs); a setting's button asks for a new value with its meaning, the current value, the default and
what to type; the typed value is checked and saved (audited) and the section shown again. The school is
the coordinator's own (never from a button), and a button naming a setting that does not exist shows
the screen again.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import CalendarCb, SchoolSettingsAction, SchoolSettingsCb, YearCb
from bot.filters import TYPED_TEXT
from bot.i18n import Translator
from bot.keyboards import back_to_menu, button, markup
from bot.screens import h, show
from bot.settings_view import current_text, group_editables, line, number_text
from handlers.helpers import grant_for
from models.enums import Role
from services import school_settings, settings_editor
from services.audit import Actor
from services.errors import InvalidInput
from services.settings_editor import EDITABLE, GROUPS, KindWeight
from services.users import UserContext

router = Router(name=__name__)


class SettingInput(StatesGroup):
    value = State()


def _cb(action: SchoolSettingsAction, group: int = 0, index: int = 0) -> SchoolSettingsCb:
    return SchoolSettingsCb(action=action, group=group, index=index)


# ---- the screens ---------------------------------------------------------------------------------


def _home_markup(t: Translator) -> InlineKeyboardMarkup:
    rows = [
        [button(t(f"settings-group-{group}"), _cb(SchoolSettingsAction.GROUP, number))]
        for number, group in enumerate(GROUPS)
    ]
    rows.append([button(t("settings-group-weights"), _cb(SchoolSettingsAction.WEIGHTS))])
    rows.append([button(t("btn-school-calendar"), CalendarCb())])
    rows.append([button(t("btn-new-school-year"), YearCb())])
    rows.append([back_to_menu(t)])
    return markup(*rows)


async def _group_screen(
    session: AsyncSession, school_id: int, t: Translator, number: int
) -> tuple[str, InlineKeyboardMarkup]:
    settings = await school_settings.load(session, school_id)
    group = GROUPS[number]
    editables = group_editables(group)
    lines = [t(f"settings-group-{group}"), ""] + [line(t, settings, editable) for _, editable in editables]
    rows = [
        [button(t(f"setting-{editable.key}"), _cb(SchoolSettingsAction.EDIT, number, index))]
        for index, editable in editables
    ]
    rows.append([button(t("btn-back"), _cb(SchoolSettingsAction.OPEN))])
    return "\n".join(lines), markup(*rows)


async def _weights_screen(
    session: AsyncSession, school_id: int, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    kinds = await settings_editor.mark_kinds(session, school_id)
    lines = [t("settings-group-weights"), "", t("settings-weights-hint"), ""]
    lines += [t("setting-line", name=h(kind.name), value=number_text(t, kind.weight)) for kind in kinds]
    rows = [
        [button(f"⚖️ {kind.name}", _cb(SchoolSettingsAction.WEIGHT, index=kind.kind_id))] for kind in kinds
    ]
    rows.append([button(t("btn-back"), _cb(SchoolSettingsAction.OPEN))])
    return "\n".join(lines), markup(*rows)


@router.callback_query(SchoolSettingsCb.filter(F.action == SchoolSettingsAction.OPEN))
async def settings_home(query: CallbackQuery, ctx: UserContext, t: Translator, state: FSMContext) -> None:
    grant_for(ctx, Role.COORDINATOR)
    await state.clear()
    await show(query, t("settings-title"), _home_markup(t))


@router.callback_query(SchoolSettingsCb.filter(F.action == SchoolSettingsAction.GROUP))
async def settings_group(
    query: CallbackQuery,
    callback_data: SchoolSettingsCb,
    session: AsyncSession,
    ctx: UserContext,
    t: Translator,
    state: FSMContext,
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    await state.clear()
    if not 0 <= callback_data.group < len(GROUPS):
        await show(query, t("settings-title"), _home_markup(t))
        return
    await show(query, *await _group_screen(session, school_id, t, callback_data.group))


@router.callback_query(SchoolSettingsCb.filter(F.action == SchoolSettingsAction.WEIGHTS))
async def settings_weights(
    query: CallbackQuery, session: AsyncSession, ctx: UserContext, t: Translator, state: FSMContext
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    await state.clear()
    await show(query, *await _weights_screen(session, school_id, t))


# ---- asking for a value --------------------------------------------------------------------------


def _ask_markup(
    t: Translator, back: SchoolSettingsCb, default: SchoolSettingsCb | None
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if default is not None:
        rows.append([button(t("btn-setting-default"), default)])
    rows.append([button(t("btn-back"), back)])
    return markup(*rows)


@router.callback_query(SchoolSettingsCb.filter(F.action == SchoolSettingsAction.EDIT))
async def setting_ask(
    query: CallbackQuery,
    callback_data: SchoolSettingsCb,
    session: AsyncSession,
    ctx: UserContext,
    t: Translator,
    state: FSMContext,
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    if not 0 <= callback_data.index < len(EDITABLE):
        await show(query, t("settings-title"), _home_markup(t))
        return
    editable = EDITABLE[callback_data.index]
    settings = await school_settings.load(session, school_id)
    await state.set_state(SettingInput.value)
    await state.update_data(setting=editable.key, group=GROUPS.index(editable.group))
    text = t(
        "setting-ask",
        name=t(f"setting-{editable.key}"),
        meaning=t(f"setting-{editable.key}-meaning"),
        current=current_text(t, settings, editable.key),
        default=current_text(t, settings_editor.DEFAULTS, editable.key),
        format=t(f"setting-format-{editable.kind.value}-hint"),
    )
    group = GROUPS.index(editable.group)
    default = _cb(SchoolSettingsAction.DEFAULT, group, callback_data.index)
    await show(query, text, _ask_markup(t, _cb(SchoolSettingsAction.GROUP, group), default))


@router.callback_query(SchoolSettingsCb.filter(F.action == SchoolSettingsAction.WEIGHT))
async def weight_ask(
    query: CallbackQuery,
    callback_data: SchoolSettingsCb,
    session: AsyncSession,
    ctx: UserContext,
    t: Translator,
    state: FSMContext,
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    kind = await _kind(session, school_id, callback_data.index)
    if kind is None:
        await show(query, *await _weights_screen(session, school_id, t))
        return
    await state.set_state(SettingInput.value)
    await state.update_data(weight=kind.code)
    text = t("setting-weight-ask", name=h(kind.name), current=number_text(t, kind.weight))
    await show(query, text, _ask_markup(t, _cb(SchoolSettingsAction.WEIGHTS), None))


async def _kind(session: AsyncSession, school_id: int, kind_id: int) -> KindWeight | None:
    return next(
        (k for k in await settings_editor.mark_kinds(session, school_id) if k.kind_id == kind_id), None
    )


@router.callback_query(SchoolSettingsCb.filter(F.action == SchoolSettingsAction.DEFAULT))
async def setting_default(
    query: CallbackQuery,
    callback_data: SchoolSettingsCb,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    await state.clear()
    if not 0 <= callback_data.index < len(EDITABLE):
        await show(query, t("settings-title"), _home_markup(t))
        return
    editable = EDITABLE[callback_data.index]
    try:
        await settings_editor.change(session, actor, school_id, editable.key, None)
    except InvalidInput as refused:  # the default breaks a rule with another setting (thresholds)
        await show(query, t(f"error-{refused.code}"), _home_markup(t))
        return
    await session.commit()
    text, keyboard = await _group_screen(session, school_id, t, GROUPS.index(editable.group))
    await show(query, text, keyboard, toast=t("setting-saved"))


@router.message(StateFilter(SettingInput.value), TYPED_TEXT)
async def setting_typed(
    message: Message, session: AsyncSession, ctx: UserContext, actor: Actor, t: Translator, state: FSMContext
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    data = await state.get_data()
    typed = message.text or ""
    try:
        if isinstance(data.get("weight"), str):
            weight = await settings_editor.change_weight(session, actor, school_id, data["weight"], typed)
            kind = next(
                k for k in await settings_editor.mark_kinds(session, school_id) if k.code == data["weight"]
            )
            await message.answer(t("setting-weight-saved", name=h(kind.name), value=number_text(t, weight)))
            screen = await _weights_screen(session, school_id, t)
        else:
            key = str(data.get("setting"))
            changed = await settings_editor.change(session, actor, school_id, key, typed)
            name = t(f"setting-{key}")
            await message.answer(t("setting-saved-value", name=name, value=current_text(t, changed, key)))
            screen = await _group_screen(session, school_id, t, int(data.get("group", 0)))
    except InvalidInput as refused:
        await message.answer(t(f"error-{refused.code}"))  # still asking: he types again or goes back
        return
    await session.commit()
    await state.clear()
    text, keyboard = screen
    await message.answer(text, reply_markup=keyboard)
