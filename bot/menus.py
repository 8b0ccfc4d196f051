"""The main menu and the small screens every user has (help, language, role switch)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import (
    ClassesCb,
    ControlAction,
    ControlCb,
    DeliveriesCb,
    FamilyAbsencesCb,
    FamilyAction,
    FamilyHomeworkCb,
    FamilyInviteCb,
    FamilyMarksCb,
    FilesAction,
    FilesCb,
    FinalsAction,
    FinalsCb,
    LangCb,
    NavCb,
    NoteAction,
    NoteCb,
    NotifyCb,
    PostAction,
    PostCb,
    RoleCb,
    SchoolSettingsCb,
    Screen,
    StaffAction,
    StaffCb,
    SubstAction,
    SubstCb,
    ThreadAction,
    ThreadCb,
    TimetableCb,
    TimetableScope,
    TodayCb,
)
from bot.callbacks_meetings import BookAction, BookCb, MeetAction, MeetCb
from bot.callbacks_tests import WeekOfTestsCb
from bot.i18n import SUPPORTED_LOCALES, Translator
from bot.keyboards import back_to_menu
from bot.screens import h
from models.enums import Role
from services.users import RoleGrant, UserContext


def role_title(t: Translator, grant: RoleGrant) -> str:
    return t(f"role-{grant.role.value}")


def menu_text(t: Translator, ctx: UserContext, class_labels: dict[int, str]) -> str:
    grant = ctx.active
    if grant is None:
        return t("menu-not-joined")
    lines = [t("menu-title", role=role_title(t, grant), school=h(grant.school_name))]
    if grant.role == Role.CLASS_TEACHER and grant.class_ids:
        labels = ", ".join(class_labels.get(cid, "?") for cid in grant.class_ids)
        lines.append(t("menu-classes-led", classes=labels, count=len(grant.class_ids)))
    lines.append(t("menu-hint"))
    return "\n".join(lines)


def menu_keyboard(t: Translator, ctx: UserContext, class_labels: dict[int, str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    grant = ctx.active
    if grant is not None:
        # Whoever teaches sees today's lessons first, whichever of his roles the menu is for:
        # a class teacher or a deputy teaches too, and that is what he opens the bot for.
        if grant.role in (Role.CLASS_TEACHER, Role.DEPUTY, Role.COORDINATOR) and ctx.has(Role.TEACHER):
            builder.row(_button(t("btn-today-lessons"), TodayCb()))
        for row in _role_buttons(t, grant, class_labels):
            builder.row(*row)
        builder.row(
            _button(t("btn-posts"), PostCb(action=PostAction.HOME)),
            _button(t("btn-files"), FilesCb(action=FilesAction.ROOT)),
        )
    common = [
        InlineKeyboardButton(text=t("btn-language"), callback_data=NavCb(to=Screen.LANGUAGE).pack()),
        InlineKeyboardButton(text=t("btn-help"), callback_data=NavCb(to=Screen.HELP).pack()),
    ]
    builder.row(*common)
    if grant is not None:
        builder.row(_button(t("btn-notifications"), NotifyCb()))
    if len(ctx.grants) > 1:
        builder.row(
            InlineKeyboardButton(text=t("btn-switch-role"), callback_data=NavCb(to=Screen.ROLES).pack())
        )
    return builder.as_markup()


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _role_buttons(
    t: Translator, grant: RoleGrant, class_labels: dict[int, str]
) -> list[list[InlineKeyboardButton]]:
    match grant.role:
        case Role.COORDINATOR:
            return [
                [_button(t("btn-staff"), StaffCb(action=StaffAction.LIST))],
                [_button(t("btn-classes"), ClassesCb())],
                [_button(t("btn-control"), ControlCb(action=ControlAction.SHOW, school_id=grant.school_id))],
                [_button(t("btn-tests-schedule"), WeekOfTestsCb(school_id=grant.school_id))],
                [_button(t("btn-substitutions"), SubstCb(action=SubstAction.CLASSES))],
                [_button(t("btn-deliveries"), DeliveriesCb())],
                [_button(t("btn-school-settings"), SchoolSettingsCb())],
            ]
        case Role.DEPUTY:
            return [
                [_button(t("btn-classes"), ClassesCb())],
                [_button(t("btn-substitutions"), SubstCb(action=SubstAction.CLASSES))],
                [_button(t("btn-control"), ControlCb(action=ControlAction.SHOW, school_id=grant.school_id))],
                [_button(t("btn-tests-schedule"), WeekOfTestsCb(school_id=grant.school_id))],
            ]
        case Role.CLASS_TEACHER:
            rows = []
            for class_id in grant.class_ids:
                label = class_labels.get(class_id, "?")
                rows.append(
                    [
                        _button(
                            t("btn-my-class", label=label),
                            FamilyInviteCb(action=FamilyAction.CLASS, class_id=class_id),
                        ),
                        _button(
                            t("btn-class-timetable", label=label),
                            TimetableCb(scope=TimetableScope.CLASS, target_id=class_id),
                        ),
                    ]
                )
            rows.append([_button(t("btn-meetings"), MeetCb(action=MeetAction.DAY))])
            return rows
        case Role.TEACHER:
            return [
                [_button(t("btn-today-lessons"), TodayCb())],
                [_button(t("btn-my-timetable"), TimetableCb(scope=TimetableScope.TEACHER))],
                [_button(t("btn-finals"), FinalsCb(action=FinalsAction.CLASSES))],
                [_button(t("btn-meetings"), MeetCb(action=MeetAction.DAY))],
            ]
        case Role.PARENT | Role.STUDENT:
            rows = [
                [
                    _button(t("btn-family-marks"), FamilyMarksCb()),
                    _button(t("btn-family-absences"), FamilyAbsencesCb()),
                ],
                [
                    _button(t("btn-family-homework"), FamilyHomeworkCb()),
                    _button(t("btn-timetable"), TimetableCb(scope=TimetableScope.CLASS)),
                ],
            ]
            rows.append([_button(t("btn-write-teacher"), ThreadCb(action=ThreadAction.START))])
            if grant.role == Role.PARENT:
                rows.append([_button(t("btn-absence-note"), NoteCb(action=NoteAction.START))])
                rows.append([_button(t("btn-book-meeting"), BookCb(action=BookAction.START))])
            return rows
    return []


def help_text(t: Translator, ctx: UserContext) -> str:
    parts = [t("help-intro")]
    for role in dict.fromkeys(grant.role for grant in ctx.grants):
        parts.append(t(f"help-{role.value}"))
    if not ctx.grants:
        parts.append(t("help-not-joined"))
    parts.append(t("help-commands"))
    return "\n\n".join(parts)


def language_keyboard(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for locale in SUPPORTED_LOCALES:
        builder.button(text=t(f"language-{locale}"), callback_data=LangCb(locale=locale))
    builder.adjust(len(SUPPORTED_LOCALES))
    builder.row(back_to_menu(t))
    return builder.as_markup()


def roles_keyboard(t: Translator, ctx: UserContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    many_schools = len(ctx.schools) > 1
    active = ctx.active
    for grant in ctx.grants:
        label = role_title(t, grant)
        if many_schools:
            label = f"{label} · {grant.school_name}"
        if active is not None and grant.key == active.key:
            label = f"• {label}"
        builder.row(_button(label, RoleCb(role=grant.role, school_id=grant.school_id)))
    builder.row(back_to_menu(t))
    return builder.as_markup()
