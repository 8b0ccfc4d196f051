"""Counting the SQL statements an action costs (the teacher's taps have a budget)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine


class StatementLog:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __str__(self) -> str:
        return "\n".join(f"{i + 1}. {' '.join(s.split())[:160]}" for i, s in enumerate(self.statements))


@contextmanager
def count_statements(engine: AsyncEngine) -> Iterator[StatementLog]:
    """Every statement sent to the database while inside (transaction control is not a statement)."""
    log = StatementLog()

    def record(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        log.statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield log
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
