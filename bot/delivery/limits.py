"""Telegram's limits, kept on our side so that a run at the limit meets no 429.

About 30 messages a second per bot (1000 with paid broadcasts), one a second to a private chat,
20 a minute to a group. The bot-wide pace is kept a little under the setting: the server counts
arrivals, and network jitter can bring two of our evenly spaced requests closer together. For the
same reason a chat's next message is timed from the answer to its last one, not from its start.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

PRIVATE_CHAT_INTERVAL = 1.02  # seconds between the answer to one message and the next, per person
GROUP_CHAT_INTERVAL = 3.02  # 20 a minute
HEADROOM = 0.97


class Limits:
    def __init__(self, per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        """`per_second` 0 means no bot-wide pace (a local Bot API server, a benchmark)."""
        self._interval = 1.0 / (per_second * HEADROOM) if per_second > 0 else 0.0
        self._clock = clock
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._chat_next: dict[int, float] = {}
        self._busy: set[int] = set()  # chats with a message on the wire

    def chat_wait(self, chat_id: int) -> float:
        """Seconds until this chat may get another message (0: now; while one is on the wire, the
        interval, to be asked again then)."""
        if chat_id in self._busy:
            return _interval(chat_id)
        return max(0.0, self._chat_next.get(chat_id, 0.0) - self._clock())

    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._clock())

    async def take(self, chat_id: int) -> None:
        """Wait for the bot-wide slot (and any 429 pause), then book the chat's next one."""
        while True:
            now = self._clock()
            wait = max(self._paused_until, self._next_slot) - now
            if wait <= 0:
                break
            await asyncio.sleep(wait)
        # A sleep that overshot may be made up, but by half a slot at most: the average pace stays
        # the setting's while no second ever holds more than it allows.
        self._next_slot = max(self._next_slot, now - self._interval / 2) + self._interval
        self._busy.add(chat_id)

    def done(self, chat_id: int) -> None:
        """The answer to the chat's message came back: its next one may go an interval later."""
        self._busy.discard(chat_id)
        now = self._clock()
        self._chat_next[chat_id] = now + _interval(chat_id)
        if len(self._chat_next) > 50_000:
            self._forget_idle_chats(now)

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nothing goes out for that long."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def _forget_idle_chats(self, now: float) -> None:
        self._chat_next = {chat: at for chat, at in self._chat_next.items() if at > now}


def _interval(chat_id: int) -> float:
    return PRIVATE_CHAT_INTERVAL if chat_id > 0 else GROUP_CHAT_INTERVAL
