"""The event loop the long-running commands (run, worker, sandbox) serve on.

uvloop where it is installed (Linux and macOS; it is a dependency there): its transports and its
selector are C, and an instance's CPU goes largely to moving bytes between Telegram, the load
balancer and PostgreSQL. bench/webhook.py on 2 cores, asyncio's loop → uvloop: polling 254 → 277
taps/s, webhook 242 → 256 taps/s. Elsewhere, asyncio's own loop: the bot behaves the same, a little
slower.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def serve_forever(main: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, on uvloop when it can be imported."""
    try:
        import uvloop
    except ImportError:  # Windows: no uvloop wheel
        return asyncio.run(main)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)
