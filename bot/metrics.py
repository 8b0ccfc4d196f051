"""What a running bot tells its operator: metrics in Prometheus' format, and whether it is alive and ready.

One `Metrics` per process, made at start and passed down (its own registry, not the library's global).
Counters are bumped where things happen (an update handled, a message sent, a job run); what lives in
the database (the outbox's depth, the age of its oldest due row) and the connection pool are read when
/metrics is scraped, so a scrape costs two small statements and nothing when nobody looks.

Served by `schoolbot run` and `schoolbot worker` on METRICS_LISTEN:
- /healthz: the process is alive (200 as long as its loop answers);
- /readyz: the database answers, its migrations are at head, and the sender (where this process runs
  one) has looked at the queue lately; 503 with the reasons otherwise;
- /metrics: the text format.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.settings import SettingsError

log = logging.getLogger(__name__)

_OUTBOX = text(
    """
    SELECT status, count(*) AS rows,
           EXTRACT(EPOCH FROM (now() - min(not_before) FILTER (WHERE not_before <= now()))) AS oldest
      FROM outbox WHERE status IN ('pending', 'sending', 'held', 'failed') GROUP BY status
    """
)
_VERSION = text("SELECT version_num FROM alembic_version")


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    # The sender's last look at the queue (monotonic seconds); None where this process sends nothing.
    sender_seen: float | None = None
    sender_stall_seconds: float = 120.0  # longer than its longest idle wait

    def __post_init__(self) -> None:
        r = self.registry
        self.updates = Counter(
            "schoolbot_updates",
            "Updates by type and outcome (handled, unhandled, failed)",
            ["type", "outcome"],
            registry=r,
        )
        self.update_seconds = Histogram(
            "schoolbot_update_seconds",
            "Time to handle an update",
            ["type"],
            registry=r,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
        )
        self.messages = Counter(
            "schoolbot_messages",
            "Messages the sender tried, by outcome (sent, retried, failed, held, 429)",
            ["outcome"],
            registry=r,
        )
        self.scheduler_runs = Counter(
            "schoolbot_scheduler_runs",
            "Scheduled runs by job and outcome (done, failed)",
            ["job", "outcome"],
            registry=r,
        )
        self.outbox_rows = Gauge("schoolbot_outbox_rows", "Outbox rows by status", ["status"], registry=r)
        self.outbox_oldest_due = Gauge(
            "schoolbot_outbox_oldest_due_seconds", "Age of the oldest row due and not yet sent", registry=r
        )
        self.pool = Gauge(
            "schoolbot_db_pool_connections", "Database pool connections by state", ["state"], registry=r
        )

    def sender_alive(self) -> None:
        self.sender_seen = time.monotonic()

    async def refresh(self, engine: AsyncEngine) -> None:
        """What lives in the database and the pool, read at scrape time."""
        async with engine.connect() as conn:
            rows = (await conn.execute(_OUTBOX)).all()
        oldest = 0.0
        for status in ("pending", "sending", "held", "failed"):
            self.outbox_rows.labels(status).set(0)
        for row in rows:
            self.outbox_rows.labels(row.status).set(row.rows)
            if row.status in ("pending", "sending") and row.oldest is not None:
                oldest = max(oldest, float(row.oldest))
        self.outbox_oldest_due.set(oldest)
        pool: Any = engine.pool
        if hasattr(pool, "checkedout"):
            self.pool.labels("in_use").set(pool.checkedout())
            self.pool.labels("idle").set(pool.checkedin())
            self.pool.labels("size").set(pool.size())


async def readiness(engine: AsyncEngine, head: str, metrics: Metrics) -> list[str]:
    """Why this process is not ready (empty: ready)."""
    problems = []
    try:
        async with engine.connect() as conn:
            version = await conn.scalar(_VERSION)
    except Exception as error:  # whatever the driver raises, the answer is «not ready»
        return [f"database: {type(error).__name__}"]
    if version != head:
        problems.append(f"migrations: at {version}, the code expects {head}")
    stall = metrics.sender_stall_seconds
    if metrics.sender_seen is not None and time.monotonic() - metrics.sender_seen > stall:
        problems.append(f"sender: no look at the queue for over {stall:.0f} s")
    return problems


def add_health_routes(app: web.Application, engine: AsyncEngine, metrics: Metrics, head: str) -> None:
    """/healthz, /readyz and /metrics, on the metrics server or the webhook's own."""

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def readyz(_: web.Request) -> web.Response:
        problems = await readiness(engine, head, metrics)
        body = {"status": "ready" if not problems else "not ready", "problems": problems}
        return web.json_response(body, status=200 if not problems else 503, dumps=_dumps)

    async def scrape(_: web.Request) -> web.Response:
        try:
            await metrics.refresh(engine)
        except Exception as error:  # the counters are still worth serving
            log.warning("metrics: cannot read the outbox: %s", type(error).__name__)
        body = generate_latest(metrics.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", scrape)


def health_app(engine: AsyncEngine, metrics: Metrics, head: str) -> web.Application:
    app = web.Application()
    add_health_routes(app, engine, metrics, head)
    return app


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def parse_listen(value: str) -> tuple[str, int]:
    """«127.0.0.1:9108», «:9108» (every address) → (host, port)."""
    host, _, port = value.rpartition(":")
    return host or "0.0.0.0", int(port)


async def serve_health(listen: str, app: web.Application) -> Callable[[], Awaitable[None]]:
    """Started in the running loop; returns how to stop it."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    host, port = await listen_on(runner, "METRICS_LISTEN", listen)
    log.info("health and metrics on %s:%d", host, port)
    return runner.cleanup


async def listen_on(runner: web.AppRunner, key: str, listen: str) -> tuple[str, int]:
    """Serve `runner` on the setting's address; an address taken (another copy of the bot is running)
    or not this machine's is a settings error naming the key, not a traceback."""
    host, port = parse_listen(listen)
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as error:
        await runner.cleanup()
        raise SettingsError(key, "listen-failed", value=listen, reason=error.strerror or str(error)) from None
    return host, port
