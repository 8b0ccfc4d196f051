"""Benchmark: a crowd of fresh accounts trying wrong invite links, as the onboarding handler meets them.

--accounts accounts each try --tries wrong tokens within a minute (each account stays inside its own
hourly limit), one transaction per attempt as in the bot. Prints how many failure rows were written,
how the attempts were refused, and the time taken. Target (issue 14): the rows written stop at the
deployment's ceiling a minute (BAD_TOKEN_LIMIT_PER_MINUTE, 60), the rest refused unread.

Run:  .venv/bin/python bench/bad_tokens.py [--accounts 300] [--tries 10]
With no DATABASE_URL it starts an embedded PostgreSQL in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from bench.teacher_taps import database_url
from bot.db import make_engine, make_session_factory
from bot.migrate import upgrade
from models import InviteFailure
from services import invites

NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)


async def run(args: argparse.Namespace, url: str) -> None:
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    reasons: Counter[str] = Counter()
    started = time.perf_counter()
    for account in range(args.accounts):
        for attempt in range(args.tries):
            now = NOW + dt.timedelta(milliseconds=account * args.tries + attempt)
            async with sessions() as session, session.begin():
                try:
                    await invites.check_token(
                        session, 10_000 + account, f"guess-{account:05d}-{attempt:03d}-{'x' * 16}",
                        now=now, failure_limit=args.tries,
                    )  # fmt: skip
                except invites.InviteRejected as refusal:
                    reasons[refusal.reason] += 1
    elapsed = time.perf_counter() - started
    async with sessions() as session:
        rows = await session.scalar(select(func.count()).select_from(InviteFailure))
    await engine.dispose()
    attempts = args.accounts * args.tries
    print(f"{attempts} wrong tokens from {args.accounts} accounts in {elapsed:.1f} s")
    print(f"failure rows written: {rows}")
    print("refused as: " + ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items())))
    print(f"reproduce: .venv/bin/python bench/bad_tokens.py --accounts {args.accounts} --tries {args.tries}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=300)
    parser.add_argument("--tries", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="schoolbot-bad-tokens-") as folder:
        url = database_url(folder)
        upgrade(url)
        asyncio.run(run(args, url))


if __name__ == "__main__":
    main()
