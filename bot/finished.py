"""A flow that ended remembers how, so that a late press of one of its buttons says what really happened.

A double tap on «✅ Опубликовать» reaches the bot as two presses handled one after the other: the
first publishes and clears the draft, the second finds no draft. Without a record of the ending, the
second press replaced «Отправлено 3 получателям» with «Черновик не найден», and the «✖ Отмена» of an
earlier prompt said «Публикация отменена» of a post already delivered. The record lives in the
conversation's data (with no state set) until the next flow starts.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext

_KEY = "finished"


async def finish(state: FSMContext, flow: str, **outcome: Any) -> None:
    """End the flow: no state, and its outcome kept for the buttons still on the screen."""
    await state.set_state(None)
    await state.set_data({_KEY: {"flow": flow, **outcome}})


async def outcome_of(state: FSMContext, flow: str) -> dict[str, Any] | None:
    """How `flow` ended, if it was the last flow to end and no other has started since."""
    recorded = (await state.get_data()).get(_KEY)
    if isinstance(recorded, dict) and recorded.get("flow") == flow:
        return recorded
    return None
