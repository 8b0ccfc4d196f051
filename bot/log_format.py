"""Log lines that carry no personal data.

What the bot logs names accounts, chats, schools and jobs by id, never by name; statements go without
their parameters (bot/db.make_engine); and a failure's traceback shows where it happened and what kind
of error it was, not its message: an exception's text may hold what a user typed or a name from a file
(a validation error quotes its input), and logs are kept and shipped where personal data must not go.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

WITHHELD = "(its message withheld: it may hold personal data)"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class WithoutExceptionText(logging.Formatter):
    def formatException(self, ei: ExcInfo) -> str:  # noqa: N802 - logging's name
        kind, _, tb = ei
        frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
        name = kind.__qualname__ if kind is not None else "exception"
        return f"Traceback (most recent call last):\n{frames}{name} {WITHHELD}"


def configure(level: str) -> None:
    """The program's logging: to stderr, at `level`, through the formatter above."""
    handler = logging.StreamHandler()
    handler.setFormatter(WithoutExceptionText(FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
