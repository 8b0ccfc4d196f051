"""The sender loop: claim a batch, render it, send it at the limits, settle what Telegram answered.

Claims and settlements are short transactions; sending happens outside any. Outcomes are written in
small batches (every FLUSH_SECONDS), so what a crash can duplicate is what was in flight then.
On stop (SIGTERM, Ctrl-C) it starts nothing new, gives the claimed-but-unsent rows back at once,
lets the requests in flight finish and writes their outcomes: a restart sends no duplicates.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import heapq
import itertools
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

import asyncpg
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock, SystemClock
from bot.db import to_plain_url
from bot.delivery.limits import Limits
from bot.delivery.max_transport import ChannelApi, MaxApi
from bot.delivery.notices import Outgoing, render
from bot.delivery.transport import Answer, BotApi, Outcome
from bot.i18n import Catalog
from bot.metrics import Metrics
from bot.settings import Settings
from services import delivery
from services.channels import channel_of
from services.delivery import Parcel, Settlement

log = logging.getLogger(__name__)
T = TypeVar("T")

FLUSH_SECONDS = 0.05
STOP_GRACE_SECONDS = 10.0
MAX_BACKOFF_SECONDS = 900.0
CHANNEL = "outbox"
_COUNTED = {"sent": "sent", "held": "held", "failed": "failed"}  # a message's outcome, for the metrics


@dataclass(frozen=True)
class SenderConfig:
    rate: int  # messages a second; 0 = no pace
    lease: dt.timedelta
    max_attempts: int
    poll_seconds: float
    concurrency: int = 64

    @classmethod
    def of(cls, settings: Settings) -> SenderConfig:
        return cls(
            rate=settings.effective_send_rate,
            lease=dt.timedelta(seconds=settings.delivery_lease_seconds),
            max_attempts=settings.delivery_max_attempts,
            poll_seconds=settings.delivery_poll_seconds,
        )

    @property
    def batch(self) -> int:
        """Rows per claim: what this sender can send in a third of its lease, at most 500."""
        if self.rate == 0:
            return 500
        return max(1, min(500, int(self.rate * self.lease.total_seconds() / 3)))


async def _unless_stopped(work: Awaitable[T], stop: asyncio.Event) -> tuple[bool, T | None]:
    """(True, the result of `work`), or (False, None) when `stop` is set first (work cancelled)."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if task.done():
        return True, task.result()
    task.cancel()
    return False, None


def backoff(attempts: int) -> dt.timedelta:
    """5 s, 10 s, 20 s, ... up to 15 minutes."""
    return dt.timedelta(seconds=min(MAX_BACKOFF_SECONDS, 5.0 * 2 ** max(0, attempts - 1)))


class Sender:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        api: BotApi | ChannelApi,
        catalog: Catalog,
        config: SenderConfig,
        *,
        clock: Clock | None = None,
        listen_url: str | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._sessions = sessions
        self._api = api
        self._catalog = catalog
        self._config = config
        self._clock = clock or SystemClock()
        self._listen_url = listen_url
        self._metrics = metrics
        self._limits = Limits(config.rate)
        self._wake = asyncio.Event()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(config.concurrency)
        self._results: list[Settlement] = []
        self._blocked: set[int] = set()
        self._attempts: dict[int, int] = {}
        self._recipient_of_chat: dict[int, int] = {}
        self.sent = 0  # messages Telegram accepted (for logs and benchmarks)

    # ---- the loop ------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Claim in one task and send in this one, so the next batch is ready when this one is out."""
        listener = await self._listen()
        flusher = asyncio.create_task(self._flush_loop(stop))
        ready: asyncio.Queue[list[Outgoing]] = asyncio.Queue(maxsize=1)
        claimer = asyncio.create_task(self._claim_loop(ready, stop))
        try:
            while not stop.is_set():
                got, batch = await _unless_stopped(ready.get(), stop)
                if not got or batch is None:
                    break
                await self._dispatch(batch, stop)
        finally:
            stop.set()
            await claimer
            while not ready.empty():
                self._give_back(ready.get_nowait())
            await self._drain()
            await flusher
            await self._flush()
            if listener is not None:
                with contextlib.suppress(Exception):
                    await listener.close()

    async def _claim_loop(self, ready: asyncio.Queue[list[Outgoing]], stop: asyncio.Event) -> None:
        while not stop.is_set():
            if self._metrics is not None:
                self._metrics.sender_alive()
            batch = await self._claim()
            if batch is None:
                await self._idle(stop)
                continue
            handed_over, _ = await _unless_stopped(ready.put(batch), stop)
            if not handed_over:
                self._give_back(batch)

    async def _claim(self) -> list[Outgoing] | None:
        """One batch, rendered. None when nothing was due."""
        # Cleared before the claim: a NOTIFY for rows committed after the claim's snapshot wakes
        # the idle wait that follows instead of being lost.
        self._wake.clear()
        try:
            async with self._sessions() as session, session.begin():
                parcels = await delivery.claim(
                    session, now=self._clock.now(), limit=self._config.batch, lease=self._config.lease
                )
                teachers = await delivery.teacher_names(session, parcels) if parcels else {}
        except (SQLAlchemyError, OSError) as error:
            log.warning("cannot claim deliveries: %s", error)
            return None
        if not parcels:
            return None
        return self._render(parcels, teachers)

    def _render(self, parcels: list[Parcel], teachers: dict[int, str]) -> list[Outgoing]:
        messages: list[Outgoing] = []
        if len(self._recipient_of_chat) > 100_000:
            self._recipient_of_chat.clear()  # only the batches in flight need it
        for parcel in parcels:
            t = self._catalog.translator(parcel.recipient.locale)
            for row in parcel.rows:
                self._attempts[row.id] = row.attempts
            self._recipient_of_chat[parcel.recipient.chat_id] = parcel.recipient.tg_user_id
            messages.extend(render(parcel, t, teachers))
        return messages

    async def _dispatch(self, messages: list[Outgoing], stop: asyncio.Event) -> None:
        """Start a send for each message as soon as the limits allow; a chat that must wait does
        not hold up the others."""
        waiting = list(reversed(messages))
        later: list[tuple[float, int, Outgoing]] = []
        order = itertools.count()
        loop = asyncio.get_running_loop()
        while waiting or later:
            if stop.is_set():
                self._give_back(list(waiting) + [item for _, _, item in later])
                return
            if later and later[0][0] <= loop.time():
                message = heapq.heappop(later)[2]
            elif waiting:
                message = waiting.pop()
            else:
                await asyncio.sleep(max(0.0, later[0][0] - loop.time()))
                continue
            if self._limits.paused_for(message.chat_id) > self._config.lease.total_seconds() / 3:
                self._give_back([message])  # its messenger asked for a long pause; the other goes on
                continue
            wait = self._limits.chat_wait(message.chat_id)
            if wait > 0:
                heapq.heappush(later, (loop.time() + wait, next(order), message))
                continue
            await self._slots.acquire()
            await self._limits.take(message.chat_id)
            task = asyncio.create_task(self._send(message))
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)

    async def _send(self, message: Outgoing) -> None:
        try:
            answer = await self._deliver(message)
        except Exception as error:
            log.exception("sending to %s failed", message.chat_id)
            answer = Answer(Outcome.RETRY, error=f"{type(error).__name__}: {error}"[:500])
        finally:
            self._slots.release()
            self._limits.done(message.chat_id)
        self._record(message, answer)

    async def _deliver(self, message: Outgoing) -> Answer:
        if message.edit_message_id is None:
            return await self._api.send_message(message.chat_id, message.text, message.reply_markup)
        answer = await self._api.edit_message(
            message.chat_id, message.edit_message_id, message.text, message.reply_markup
        )
        if answer.outcome is Outcome.REJECTED and message.fallback_text:
            # The message is gone or may no longer be edited: the correction comes as a new message.
            return await self._api.send_message(message.chat_id, message.fallback_text, None)
        return answer

    def _record(self, message: Outgoing, answer: Answer) -> None:
        now = self._clock.now()
        outcome = answer.outcome
        if outcome is Outcome.SENT:
            self.sent += 1
        if outcome is Outcome.RATE_LIMITED:
            log.warning("%s asks to wait %.0f s (429)", channel_of(message.chat_id), answer.retry_after)
            self._limits.pause(message.chat_id, answer.retry_after)
        if outcome is Outcome.GONE:
            self._blocked.add(message.chat_id)
            if self._recipient_of_chat.get(message.chat_id, message.chat_id) != message.chat_id:
                # His chat in the other messenger is gone: the rows go to his own chat instead.
                answer = Answer(Outcome.RETRY, error=answer.error)
        settlements = [self._settlement(row_id, message.chat_id, answer, now) for row_id in message.row_ids]
        self._results.extend(settlements)
        for row_id in message.row_ids:
            self._attempts.pop(row_id, None)
        if self._metrics is not None and settlements:
            counted = (
                "429" if outcome is Outcome.RATE_LIMITED else _COUNTED.get(settlements[-1].status, "retried")
            )
            self._metrics.messages.labels(counted).inc()

    def _settlement(self, row_id: int, chat_id: int, answer: Answer, now: dt.datetime) -> Settlement:
        match answer.outcome:
            case Outcome.SENT:
                return Settlement(row_id, "sent", message_id=answer.message_id, chat_id=chat_id)
            case Outcome.RATE_LIMITED:
                return Settlement(
                    row_id,
                    "pending",
                    not_before=now + dt.timedelta(seconds=answer.retry_after),
                    error=answer.error,
                )
            case Outcome.GONE:
                return Settlement(row_id, "held", error=answer.error)
            case Outcome.REJECTED:
                return Settlement(row_id, "failed", error=answer.error, failed_attempt=True)
        attempts = self._attempts.get(row_id, 0) + 1
        if attempts >= self._config.max_attempts:
            return Settlement(row_id, "failed", error=answer.error, failed_attempt=True)
        return Settlement(
            row_id, "pending", not_before=now + backoff(attempts), error=answer.error, failed_attempt=True
        )

    def _give_back(self, messages: list[Outgoing]) -> None:
        """Claimed rows this sender will not send now go back to the queue at once (after a 429
        pause, when it ends), so no other sender waits for the lease."""
        for message in messages:
            not_before = self._clock.now() + dt.timedelta(seconds=self._limits.paused_for(message.chat_id))
            for row_id in message.row_ids:
                self._results.append(Settlement(row_id, "pending", not_before=not_before))
                self._attempts.pop(row_id, None)

    async def _drain(self) -> None:
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=STOP_GRACE_SECONDS)

    # ---- writing outcomes --------------------------------------------------------------------

    async def _flush_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), FLUSH_SECONDS)
            await self._flush()

    async def _flush(self) -> None:
        if not self._results and not self._blocked:
            return
        results, blocked = self._results, self._blocked
        self._results, self._blocked = [], set()
        now = self._clock.now()
        try:
            async with self._sessions() as session, session.begin():
                await delivery.settle(session, results, now=now)
                await delivery.block(session, blocked, now)
        except (SQLAlchemyError, OSError) as error:
            # Kept for the next flush: the rows stay leased meanwhile, so nobody sends them twice.
            log.warning("cannot record deliveries (will retry): %s", error)
            self._results[:0] = results
            self._blocked |= blocked

    # ---- waking up ---------------------------------------------------------------------------

    async def _listen(self) -> asyncpg.Connection | None:
        if self._listen_url is None:
            return None
        try:
            connection = await asyncpg.connect(to_plain_url(self._listen_url))
            await connection.add_listener(CHANNEL, self._on_notify)
        except (OSError, asyncpg.PostgresError) as error:
            log.warning("no LISTEN connection, polling every %s s: %s", self._config.poll_seconds, error)
            return None
        return connection

    def _on_notify(self, *_: object) -> None:
        self._wake.set()

    async def _idle(self, stop: asyncio.Event) -> None:
        """Sleep until a NOTIFY, the next row falls due, the poll interval passes, or stop."""
        timeout = self._config.poll_seconds
        with contextlib.suppress(SQLAlchemyError, OSError):
            async with self._sessions() as session:
                due = await delivery.next_due(session)
            if due is not None:
                timeout = min(timeout, max(0.0, (due - self._clock.now()).total_seconds()) + 0.01)
        waits: list[asyncio.Task[object]] = [
            asyncio.create_task(self._wake.wait()),
            asyncio.create_task(stop.wait()),
        ]
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        for task in waits:
            task.cancel()


def sender_for(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    api: BotApi | ChannelApi,
    catalog: Catalog,
    database_url: str,
    clock: Clock | None = None,
    metrics: Metrics | None = None,
) -> Sender:
    config = SenderConfig.of(settings)
    return Sender(sessions, api, catalog, config, clock=clock, listen_url=database_url, metrics=metrics)


def api_for(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> ChannelApi:
    """Telegram's API, and MAX's when MAX_BOT_TOKEN is set: each message to its account's messenger."""
    telegram = None
    if settings.bot_token is not None:
        telegram = BotApi(
            settings.require_token(),
            settings.bot_api_url,
            paid_broadcast=settings.allow_paid_broadcast,
            proxy=settings.telegram_proxy,
            ca_bundle=str(settings.telegram_ca_bundle) if settings.telegram_ca_bundle else None,
        )
    max_api = None
    if settings.max_bot_token is not None:
        token = settings.max_bot_token.get_secret_value()
        max_api = MaxApi(settings.max_api_url, token, sessions, settings.max_ssl())
    return ChannelApi(telegram, max_api)
