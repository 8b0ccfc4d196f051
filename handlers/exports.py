"""«📥 Выгрузки» of a class, for its class teacher and the administration: the journal of a subject
for a period, or the attendance register of a month, sent as an XLSX file; and the way to the class's
report cards (handlers/report_cards.py)."""

from __future__ import annotations

import datetime as dt

from aiogram import Bot, F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ExportAction, ExportCb
from bot.callbacks_report_card import ReportCardAction, ReportCardCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.repeat_guard import ONCE
from bot.screens import h, show
from handlers.family.buttons import period_title
from handlers.helpers import making_a_file
from services import exports
from services.audit import Actor
from services.exports import ExportChoices

router = Router(name=__name__)
MONTHS_SHOWN = 6
MONTH_NAMES_RU = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip


def _row(text: str, data: ExportCb) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=text, callback_data=data.pack())]


async def _choices(session: AsyncSession, actor: Actor, class_id: int, clock: Clock) -> ExportChoices:
    return await exports.choices(session, actor, class_id, clock.now())


@router.callback_query(ExportCb.filter(F.action == ExportAction.HOME))
async def home(
    query: CallbackQuery,
    callback_data: ExportCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    class_id = callback_data.class_id
    found = await _choices(session, actor, class_id, clock)
    rows = [
        _row(t("btn-export-journal"), ExportCb(action=ExportAction.SUBJECTS, class_id=class_id)),
        _row(t("btn-export-register"), ExportCb(action=ExportAction.MONTHS, class_id=class_id)),
        # The class's report cards: the period next, then the PDF (handlers/report_cards.py).
        [
            InlineKeyboardButton(
                text=t("btn-report-cards"),
                callback_data=ReportCardCb(action=ReportCardAction.PERIODS, class_id=class_id).pack(),
            )
        ],
    ]
    if found.previous is not None:  # last year's journal of the same class (5Б before it was 6Б)
        previous_id, label, year = found.previous
        rows.append(
            _row(
                t("btn-export-previous", label=label, year=year),
                ExportCb(action=ExportAction.HOME, class_id=previous_id),
            )
        )
    rows.append([back_to_menu(t)])
    await show(
        query,
        t("exports-title", **{"class": h(found.class_label)}),
        InlineKeyboardMarkup(inline_keyboard=rows),
    )


@router.callback_query(ExportCb.filter(F.action == ExportAction.SUBJECTS))
async def subjects(
    query: CallbackQuery,
    callback_data: ExportCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    class_id = callback_data.class_id
    found = await _choices(session, actor, class_id, clock)
    rows = [
        _row(name, ExportCb(action=ExportAction.PERIODS, class_id=class_id, subject_id=subject_id))
        for subject_id, name in found.subjects
    ]
    rows.append(_row(t("btn-back"), ExportCb(action=ExportAction.HOME, class_id=class_id)))
    await show(query, t("exports-subject"), InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(ExportCb.filter(F.action == ExportAction.PERIODS))
async def periods(
    query: CallbackQuery,
    callback_data: ExportCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    class_id, subject_id = callback_data.class_id, callback_data.subject_id
    found = await _choices(session, actor, class_id, clock)
    rows = [
        _row(
            period_title(t, period),
            ExportCb(
                action=ExportAction.JOURNAL,
                class_id=class_id,
                subject_id=subject_id,
                period_id=period.period_id,
            ),
        )
        for period in found.periods
    ]
    rows.append(_row(t("btn-back"), ExportCb(action=ExportAction.SUBJECTS, class_id=class_id)))
    await show(query, t("exports-period"), InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(ExportCb.filter(F.action == ExportAction.JOURNAL), flags={ONCE: 30})
async def journal(
    query: CallbackQuery,
    callback_data: ExportCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    bot: Bot,
) -> None:
    headers = {word: t(f"journal-xlsx-{word}") for word in exports.JOURNAL_WORDS}
    async with making_a_file(bot, query):
        export = await exports.class_journal(
            session, actor, callback_data.class_id, callback_data.subject_id, callback_data.period_id, headers
        )
        await bot.send_document(
            query.from_user.id, BufferedInputFile(export.content, filename=export.filename)
        )
    await query.answer()


async def _send(bot: Bot, query: CallbackQuery, export: exports.Export) -> None:
    await bot.send_document(query.from_user.id, BufferedInputFile(export.content, filename=export.filename))


@router.callback_query(ExportCb.filter(F.action == ExportAction.MONTHS))
async def months(
    query: CallbackQuery,
    callback_data: ExportCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    class_id = callback_data.class_id
    found = await _choices(session, actor, class_id, clock)
    rows = [
        _row(
            _month_name(t, month),
            ExportCb(action=ExportAction.REGISTER, class_id=class_id, month=month.toordinal()),
        )
        for month in found.months[:MONTHS_SHOWN]
    ]
    rows.append(_row(t("btn-back"), ExportCb(action=ExportAction.HOME, class_id=class_id)))
    await show(query, t("exports-month"), InlineKeyboardMarkup(inline_keyboard=rows))


def _month_name(t: Translator, month: dt.date) -> str:
    name = MONTH_NAMES_RU[month.month - 1] if t.locale == "ru" else f"{month:%B}"
    return f"{name.capitalize()} {month.year}"


@router.callback_query(ExportCb.filter(F.action == ExportAction.REGISTER), flags={ONCE: 30})
async def register(
    query: CallbackQuery,
    callback_data: ExportCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    bot: Bot,
) -> None:
    headers = {word: t(f"register-xlsx-{word}") for word in exports.REGISTER_WORDS}
    month = dt.date.fromordinal(max(callback_data.month, 1))
    async with making_a_file(bot, query):
        export = await exports.attendance_register(session, actor, callback_data.class_id, month, headers)
        await bot.send_document(
            query.from_user.id, BufferedInputFile(export.content, filename=export.filename)
        )
    await query.answer()
