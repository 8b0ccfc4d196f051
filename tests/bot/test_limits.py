"""The sender's limits per messenger: each its own pace and its own 429 pause, MAX's pace never above
its 30 a second (paid broadcasts lift Telegram's only), and a MAX person's chat paced as a person's."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.delivery.limits import PRIVATE_CHAT_INTERVAL, Limits

TELEGRAM_PERSON, MAX_PERSON = 7_000_001, -7_000_002


async def test_a_429_from_max_pauses_max_only() -> None:
    limits = Limits(30)
    limits.pause(MAX_PERSON, 10)
    assert limits.paused_for(-1) == pytest.approx(10, abs=0.1)  # any MAX chat
    assert limits.paused_for(TELEGRAM_PERSON) == 0
    await asyncio.wait_for(limits.take(TELEGRAM_PERSON), 0.5)  # Telegram goes on meanwhile


async def test_a_max_person_is_paced_as_a_person() -> None:
    limits = Limits(30)
    await limits.take(MAX_PERSON)
    limits.done(MAX_PERSON)
    assert limits.chat_wait(MAX_PERSON) == pytest.approx(PRIVATE_CHAT_INTERVAL, abs=0.05)


async def _ten(limits: Limits, first_chat: int, step: int) -> float:
    started = time.monotonic()
    for n in range(10):
        await limits.take(first_chat + step * n)
    return time.monotonic() - started


async def test_paid_broadcasts_lift_telegram_s_pace_but_not_max_s() -> None:
    limits = Limits(1000)
    telegram = await _ten(limits, TELEGRAM_PERSON, 1)
    max_took = await _ten(limits, MAX_PERSON, -1)
    assert telegram < 0.1
    assert max_took >= 8 / 30  # ten in a row at about 30 a second (the first slot comes early)
