"""Log lines that carry no personal data.

What the bot logs names accounts, chats, schools and jobs by id, never by name; statements go without
their parameters (bot/db.make_engine); and a failure's traceback shows where it happened and what kind
of error it was, not its message: an exception's text may hold what a user typed or a name from a file
(a validation error quotes its input), and logs are kept and shipped where personal data must not go.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import traceback
from types import TracebackType
from typing import Any

WITHHELD = "(its message withheld: it may hold personal data)"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class WithoutExceptionText(logging.Formatter):
    def formatException(self, ei: ExcInfo) -> str:  # noqa: N802 - logging's name
        kind, _, tb = ei
        frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
        name = kind.__qualname__ if kind is not None else "exception"
        return f"Traceback (most recent call last):\n{frames}{name} {WITHHELD}"


# Fields a record may carry beyond the message (`extra=`), copied into the JSON object.
FIELDS = ("update_id", "update_type", "handler", "outcome", "duration_ms", "account", "job", "school_id")
UPDATES_LOGGER = "schoolbot.updates"  # a line per update handled


class Json(WithoutExceptionText):
    """One JSON object a line: time, level, logger, message and the record's known fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def account_hash(tg_user_id: int, key: bytes) -> str:
    """The same account gives the same short hash in every line (a person's path can be followed);
    keyed, so the id cannot be found back from it by trying every number."""
    return hmac.new(key, str(tg_user_id).encode(), hashlib.sha256).hexdigest()[:12]


def configure(level: str, form: str = "text") -> None:
    """The program's logging: to stderr, at `level`, as plain lines or JSON objects. A line per update
    is written in JSON (for a log collector) and, in plain text, only at DEBUG."""
    handler = logging.StreamHandler()
    handler.setFormatter(Json() if form == "json" else WithoutExceptionText(FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    if form != "json" and level != "DEBUG":
        logging.getLogger(UPDATES_LOGGER).setLevel(logging.WARNING)
