"""«📄 Табель за 1 триместр» for parents and students: the child's report card of a period as a PDF,
from the marks overview or from the notice that it is ready. Only one's own child: the id in the
button is checked against who pressed before anything is made or sent."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import BufferedInputFile, CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot import report_cards as texts
from bot.callbacks_report_card import ReportCardAction, ReportCardCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.repeat_guard import ONCE
from handlers.helpers import making_a_file
from services import report_cards
from services.audit import Actor

router = Router(name=__name__)


@router.callback_query(ReportCardCb.filter(F.action == ReportCardAction.CHILD), flags={ONCE: 10})
async def send_report_card(
    query: CallbackQuery,
    callback_data: ReportCardCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    bot: Bot,
) -> None:
    # Checked (and gathered) first: a forged child is refused before «отправляет файл…» shows.
    card = await report_cards.child_report_card(
        session, actor, callback_data.student_id, callback_data.period_id, now=clock.now()
    )
    async with making_a_file(bot, query):
        content = await texts.pdf_off_the_loop(t, [card])
        document = BufferedInputFile(content, filename=texts.card_filename(t, card))
        await bot.send_document(query.from_user.id, document, caption=texts.card_caption(t, card))
    await query.answer()
