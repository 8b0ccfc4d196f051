"""The deputies' control report of the journal, on demand: a summary on screen, any period, and the
whole table as XLSX (the same file the monthly message offers)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ControlAction, ControlCb
from bot.clock import Clock
from bot.delivery.renderers import control_text
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.repeat_guard import ONCE
from bot.screens import h, show
from handlers.family.buttons import period_title
from handlers.helpers import making_a_file
from models.enums import Role
from services import control_report, lesson_plans
from services.audit import Actor
from services.errors import AccessDenied

router = Router(name=__name__)
TEXT_BUDGET = 4000  # a message's 4,096 characters, with room to spare
PERIODS_PER_ROW = 3


def _school(actor: Actor, requested: int) -> int:
    """The school the report is for: the one named, if he is of its administration, else his own."""
    grants = [
        g
        for role in (Role.DEPUTY, Role.COORDINATOR)
        for g in (actor.context.grants_of(role) if actor.context else [])
    ]
    for grant in grants:
        if not requested or grant.school_id == requested:
            return grant.school_id
    raise AccessDenied()


async def _report(
    session: AsyncSession, actor: Actor, data: ControlCb, clock: Clock
) -> tuple[int, control_report.ControlReport]:
    school_id = _school(actor, data.school_id)
    report = await control_report.for_deputy(
        session, actor, school_id, data.period_id or None, now=clock.now()
    )
    await session.commit()  # lessons nobody opened were made from the timetable to be counted
    return school_id, report


@router.callback_query(ControlCb.filter(F.action == ControlAction.SHOW))
async def report_screen(
    query: CallbackQuery,
    callback_data: ControlCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    school_id, report = await _report(session, actor, callback_data, clock)
    data = ControlCb(action=ControlAction.XLSX, school_id=school_id, period_id=report.period.period_id)
    periods = [
        InlineKeyboardButton(
            text=("• " if p.period_id == report.period.period_id else "") + period_title(t, p),
            callback_data=ControlCb(
                action=ControlAction.SHOW, school_id=school_id, period_id=p.period_id
            ).pack(),
        )
        for p in report.periods
    ]
    rows = [[InlineKeyboardButton(text=t("btn-control-xlsx"), callback_data=data.pack())]]
    rows += [periods[i : i + PERIODS_PER_ROW] for i in range(0, len(periods), PERIODS_PER_ROW)]
    rows.append([back_to_menu(t)])
    text = control_text(control_report.report_notice(report, school_id), t)
    text = _with_plans(t, text, await lesson_plans.progress(session, actor, school_id, report.until))
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=rows))


def _with_plans(t: Translator, text: str, plans: list[lesson_plans.PlanProgress]) -> str:
    """Where each class is against its lesson plan, under the report, as many lines as a message holds."""
    if not plans:
        return text
    text += "\n\n" + t("control-plans-title")
    for plan in plans:
        line = t(
            "control-plan-line",
            label=plan.class_label,
            subject=h(plan.subject),
            covered=plan.covered,
            topics=plan.topics,
            lessons=plan.lessons,
        )
        if len(text) + len(line) + 1 > TEXT_BUDGET:
            break
        text += "\n" + line
    return text


@router.callback_query(ControlCb.filter(F.action == ControlAction.XLSX), flags={ONCE: 30})
async def report_file(
    query: CallbackQuery,
    callback_data: ControlCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    bot: Bot,
) -> None:
    async with making_a_file(bot, query):
        _, report = await _report(session, actor, callback_data, clock)
        content = control_report.report_xlsx(
            report, {word: t(f"control-xlsx-{word}") for word in control_report.XLSX_WORDS}
        )
        name = t(
            "control-xlsx-filename", period=period_title(t, report.period), until=report.until.isoformat()
        )
        await bot.send_document(query.from_user.id, BufferedInputFile(content, filename=name))
    await query.answer()
