"""A class's report cards (табели) for a period, one PDF with a page or more per student in the roster's
order: from «📥 Выгрузки» of the class, for its class teacher and the administration. Two taps from
there: «📄 Табели успеваемости», then the period."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot import report_cards as texts
from bot.callbacks import ExportAction, ExportCb
from bot.callbacks_report_card import ReportCardAction, ReportCardCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.repeat_guard import NOT_SENT, ONCE, NotSent
from bot.screens import h, show
from handlers.helpers import making_a_file
from services import report_cards
from services.audit import Actor

router = Router(name=__name__)


@router.callback_query(ReportCardCb.filter(F.action == ReportCardAction.PERIODS))
async def choose_period(
    query: CallbackQuery,
    callback_data: ReportCardCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    found = await report_cards.class_periods(session, actor, callback_data.class_id, now=clock.now())
    current = found.current.period_id if found.current else 0
    rows = [
        [
            InlineKeyboardButton(
                text=("• " if period.period_id == current else "") + texts.period_name(t, period),
                callback_data=ReportCardCb(
                    action=ReportCardAction.CLASS, class_id=found.class_id, period_id=period.period_id
                ).pack(),
            )
        ]
        for period in found.periods
    ]
    back = ExportCb(action=ExportAction.HOME, class_id=found.class_id)
    rows.append([InlineKeyboardButton(text=t("btn-back"), callback_data=back.pack())])
    text = t("report-cards-choose", **{"class": h(found.class_label)})
    if not found.periods:
        text += "\n" + t("report-card-none")
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(ReportCardCb.filter(F.action == ReportCardAction.CLASS), flags={ONCE: 30})
async def class_set(
    query: CallbackQuery,
    callback_data: ReportCardCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    bot: Bot,
) -> NotSent | None:
    found = await report_cards.class_report_cards(
        session, actor, callback_data.class_id, callback_data.period_id, now=clock.now()
    )
    if not found.cards:
        await query.answer(t("report-cards-empty", **{"class": found.class_label}), show_alert=True)
        return NOT_SENT
    async with making_a_file(bot, query):
        content = await texts.pdf_off_the_loop(t, found.cards)
        document = BufferedInputFile(content, filename=texts.class_filename(t, found))
        await bot.send_document(query.from_user.id, document, caption=texts.class_caption(t, found))
    await query.answer()
    return None
