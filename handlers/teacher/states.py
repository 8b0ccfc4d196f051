"""What a teacher is in the middle of typing. The ids live in the state's data (in PostgreSQL), so
a half-typed homework survives a restart of the bot; an input left open longer than INPUT_TTL is
closed, so that a message written tomorrow does not become yesterday's homework."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup

INPUT_TTL = dt.timedelta(hours=1)


class TeacherInput(StatesGroup):
    topic = State()
    homework = State()
    marks_text = State()
    mark_comment = State()


async def begin_input(state: FSMContext, step: State, now: dt.datetime, **data: Any) -> None:
    """Whatever the teacher types next goes to `step`, with `data`; earlier input data is dropped."""
    await state.set_state(step)
    await state.set_data({**data, "since": now.isoformat()})


async def open_input(state: FSMContext, now: dt.datetime) -> dict[str, Any] | None:
    """The open input's data, or None when it was begun too long ago (it is closed then)."""
    data = await state.get_data()
    try:
        since = dt.datetime.fromisoformat(str(data["since"]))
    except (KeyError, ValueError):
        since = None
    if since is None or now - since > INPUT_TTL:
        await state.clear()
        return None
    return data
