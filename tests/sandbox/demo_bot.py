"""A tiny aiogram bot used to exercise the sandbox from both sides."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram import Bot, Dispatcher, F, Router, html
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InaccessibleMessage,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from sandbox.telegram import FakeTelegram

REPORT_CSV = "ученик;оценка\nИванов;5\n".encode()
HTML_DEFAULTS = DefaultBotProperties(parse_mode="HTML")


def start_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text="📚 Оценки", callback_data="grades")],
            [
                InlineKeyboardButton(text="Отчёт", callback_data="report"),
                InlineKeyboardButton(text="Сайт школы", url="https://school.example.org"),
            ],
        ]
    )


def back_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="⬅️ Назад", callback_data="back")]]
    )


def start_text(name: str) -> str:
    return f"Здравствуйте, <b>{html.quote(name)}</b>!"


def build_router() -> Router:
    """A fresh router each time: an aiogram router can belong to one dispatcher only."""
    router = Router(name="demo")

    @router.message(CommandStart())
    async def start(message: Message, command: CommandObject) -> None:
        name = message.from_user.first_name if message.from_user else "гость"
        suffix = f"\nКод приглашения: <code>{html.quote(command.args)}</code>" if command.args else ""
        await message.answer(start_text(name) + suffix, reply_markup=start_keyboard())

    @router.callback_query(F.data == "grades")
    async def grades(call: CallbackQuery) -> None:
        assert call.message is not None
        assert not isinstance(call.message, InaccessibleMessage)
        await call.message.edit_text("Оценки за неделю: <b>5</b>, 4, 5", reply_markup=back_keyboard())
        await call.answer("Оценки загружены")

    @router.callback_query(F.data == "back")
    async def back(call: CallbackQuery) -> None:
        assert call.message is not None
        assert not isinstance(call.message, InaccessibleMessage)
        await call.message.edit_text(start_text(call.from_user.first_name), reply_markup=start_keyboard())
        await call.answer()

    @router.callback_query(F.data == "report")
    async def report(call: CallbackQuery) -> None:
        assert call.message is not None
        assert not isinstance(call.message, InaccessibleMessage)
        document = BufferedInputFile(REPORT_CSV, filename="report.csv")
        await call.message.answer_document(document, caption="Отчёт за <i>четверть</i>")
        await call.answer("Отчёт готов", show_alert=True)

    @router.message(F.document)
    async def got_document(message: Message, bot: Bot) -> None:
        assert message.document is not None
        data = await bot.download(message.document)
        assert data is not None
        size = len(data.read())
        await message.answer(f"Получен файл {html.quote(message.document.file_name or '?')}: {size} байт")

    @router.message(F.text == "молчи")
    async def silent(message: Message) -> None:
        """Deliberately no reaction."""

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"Вы написали: {html.quote(message.text or '')}")

    return router


def make_dispatcher() -> Dispatcher:
    dispatcher = Dispatcher()
    dispatcher.include_router(build_router())
    return dispatcher


def http_bot(fake: FakeTelegram, url: str, token: str | None = None) -> Bot:
    """A real aiogram Bot talking HTTP to the sandbox server, as the production bot does."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(url))
    return Bot(token or fake.token, session=session, default=HTML_DEFAULTS)


@asynccontextmanager
async def polling(fake: FakeTelegram, url: str) -> AsyncIterator[Dispatcher]:
    """Run the demo bot with Dispatcher.start_polling against the server until the block ends."""
    dispatcher = make_dispatcher()
    task = asyncio.create_task(
        dispatcher.start_polling(http_bot(fake, url), handle_signals=False, polling_timeout=5)
    )
    try:
        yield dispatcher
    finally:
        if task.done():
            await task  # polling died on its own: surface the error
        else:
            await dispatcher.stop_polling()
            await task
