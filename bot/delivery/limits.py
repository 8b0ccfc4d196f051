"""The messengers' limits, kept on our side so that a run at the limit meets no 429.

Each messenger has its own pace: Telegram about 30 messages a second per bot (1000 with paid
broadcasts), MAX 30 requests a second whatever one pays; a 429 from one pauses that one only. One
person's chat gets a message a second at most, in either. The outbox writes only to people's private
chats (a Telegram account's id is positive, a MAX account's negative, services/channels.py). The pace
is kept a little under the setting: the server counts arrivals, and network jitter can bring two of
our evenly spaced requests closer together. For the same reason a chat's next message is timed from
the answer to its last one, not from its start.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from services.channels import Channel, channel_of

PRIVATE_CHAT_INTERVAL = 1.02  # seconds between the answer to one message and the next, per person
MAX_PER_SECOND = 30  # MAX's limit has no paid lift
HEADROOM = 0.97


class Limits:
    def __init__(self, per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        """`per_second` 0 means no pace (a local Bot API server, a benchmark); MAX's is capped at its
        own limit."""
        self._interval = {
            Channel.TELEGRAM: _slot(per_second),
            Channel.MAX: _slot(min(per_second, MAX_PER_SECOND) if per_second > 0 else 0),
        }
        self._clock = clock
        self._next_slot = dict.fromkeys(Channel, 0.0)
        self._paused_until = dict.fromkeys(Channel, 0.0)
        self._chat_next: dict[int, float] = {}
        self._busy: set[int] = set()  # chats with a message on the wire

    def chat_wait(self, chat_id: int) -> float:
        """Seconds until this chat may get another message (0: now; while one is on the wire, the
        interval, to be asked again then)."""
        if chat_id in self._busy:
            return PRIVATE_CHAT_INTERVAL
        return max(0.0, self._chat_next.get(chat_id, 0.0) - self._clock())

    def paused_for(self, chat_id: int) -> float:
        """How long the chat's messenger is paused (a 429 of that messenger)."""
        return max(0.0, self._paused_until[channel_of(chat_id)] - self._clock())

    async def take(self, chat_id: int) -> None:
        """Wait for the messenger's slot (and any 429 pause of it), then book the chat's next one."""
        channel = channel_of(chat_id)
        interval = self._interval[channel]
        while True:
            now = self._clock()
            wait = max(self._paused_until[channel], self._next_slot[channel]) - now
            if wait <= 0:
                break
            await asyncio.sleep(wait)
        # A sleep that overshot may be made up, but by half a slot at most: the average pace stays
        # the setting's while no second ever holds more than it allows.
        self._next_slot[channel] = max(self._next_slot[channel], now - interval / 2) + interval
        self._busy.add(chat_id)

    def done(self, chat_id: int) -> None:
        """The answer to the chat's message came back: its next one may go an interval later."""
        self._busy.discard(chat_id)
        now = self._clock()
        self._chat_next[chat_id] = now + PRIVATE_CHAT_INTERVAL
        if len(self._chat_next) > 50_000:
            self._forget_idle_chats(now)

    def pause(self, chat_id: int, seconds: float) -> None:
        """The chat's messenger said 429: nothing goes out through it for that long."""
        channel = channel_of(chat_id)
        self._paused_until[channel] = max(self._paused_until[channel], self._clock() + seconds)

    def _forget_idle_chats(self, now: float) -> None:
        self._chat_next = {chat: at for chat, at in self._chat_next.items() if at > now}


def _slot(per_second: float) -> float:
    return 1.0 / (per_second * HEADROOM) if per_second > 0 else 0.0
