"""`schoolbot webhook info|delete`: what Telegram holds for this bot, and going back to polling."""

from __future__ import annotations

import argparse
import asyncio

from bot.i18n import Translator
from bot.settings import Settings


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    webhook = commands.add_parser("webhook", help="the webhook Telegram calls").add_subparsers(
        dest="action", required=True
    )
    info = webhook.add_parser("info", help="the address, updates waiting and the last error")
    info.set_defaults(handler=cmd_webhook)
    delete = webhook.add_parser("delete", help="remove it: the bot polls again (unset WEBHOOK_URL)")
    delete.add_argument("--drop-pending", action="store_true", help="forget the updates waiting")
    delete.set_defaults(handler=cmd_webhook)


def cmd_webhook(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    from bot.app import build_bot

    async def work() -> list[str]:
        bot = build_bot(settings)
        try:
            if args.action == "delete":
                await bot.delete_webhook(drop_pending_updates=args.drop_pending)
                return [t("cli-webhook-deleted")]
            info = await bot.get_webhook_info()
        finally:
            await bot.session.close()
        if not info.url:
            return [t("cli-webhook-none", pending=info.pending_update_count)]
        lines = [
            t("cli-webhook-url", url=info.url),
            t("cli-webhook-pending", pending=info.pending_update_count),
            t("cli-webhook-connections", count=info.max_connections or 40),
        ]
        if info.last_error_date is not None:
            when = info.last_error_date.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            lines.append(t("cli-webhook-error", when=when, error=info.last_error_message or ""))
        return lines

    print("\n".join(asyncio.run(work())))
