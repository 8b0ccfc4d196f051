"""Run the fake Telegram Bot API standalone: ``python -m sandbox --port 8081 --token 123456:SANDBOX-token``.

Point the bot at the printed URL (``BOT_API_URL``) and drive users through the
``/sandbox/...`` control routes documented in :mod:`sandbox.server`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from sandbox.server import base_url, run_server
from sandbox.telegram import FakeTelegram


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description="Fake Telegram Bot API server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--token", default="123456:SANDBOX-token", help="the only token accepted")
    parser.add_argument("--bot-username", default="school_journal_bot")
    parser.add_argument("--bot-name", default="School Journal")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    fake = FakeTelegram(args.token, bot_username=args.bot_username, bot_first_name=args.bot_name)
    runner = await run_server(fake, args.host, args.port)
    # Flushed at once: scripts and tests read this line to learn the (possibly random) port.
    print(f"Fake Telegram Bot API listening on {base_url(runner)}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def main(argv: list[str] | None = None) -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
