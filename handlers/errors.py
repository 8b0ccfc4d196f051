"""What the user sees when something goes wrong. The update's transaction is already rolled back,
so a refusal or a crash changes nothing; the bot answers and goes on."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage
from aiogram.types import ErrorEvent

from bot.i18n import Catalog, Translator
from bot.webhook import UpdateNotCommitted
from services.errors import InvalidInput, ServiceError

log = logging.getLogger(__name__)
router = Router(name=__name__)


async def _tell(event: ErrorEvent, text: str) -> None:
    update = event.update
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.message is not None:
        await update.message.answer(text)


def _translator(data: dict[str, Any]) -> Translator:
    t = data.get("t")
    if isinstance(t, Translator):
        return t
    catalog: Catalog = data["catalog"]
    return catalog.translator(None)


async def _leave_conversation(data: dict[str, Any]) -> None:
    """A refusal other than a mistyped value ends whatever the user was typing for (the lesson went
    to a substitute, the mark is gone): otherwise every next message would meet the same refusal.
    The update's session is closed by now, so the shared storage writes it."""
    state, storage = data.get("state"), data.get("fsm_storage")
    if isinstance(state, FSMContext) and isinstance(storage, BaseStorage) and data.get("raw_state"):
        await FSMContext(storage=storage, key=state.key).clear()


@router.errors(ExceptionTypeFilter(UpdateNotCommitted))
async def not_committed(event: ErrorEvent) -> None:
    """The database is out of reach: no answer to the person, a 500 to Telegram, which delivers the
    update again (webhook mode) once it is back."""
    log.warning(
        "update %s not committed (%s): left for Telegram to deliver again",
        event.update.update_id,
        event.exception,
    )
    raise event.exception


@router.errors(ExceptionTypeFilter(ServiceError))
async def service_refused(event: ErrorEvent, **data: Any) -> None:
    error = event.exception
    assert isinstance(error, ServiceError)
    if not isinstance(error, InvalidInput):
        await _leave_conversation(data)
    t = _translator(data)
    key = f"error-{error.code}"
    text = t(key, **error.params) if t.has(key) else t("error-generic")
    await _tell(event, text)


@router.errors()
async def unexpected(event: ErrorEvent, **data: Any) -> None:
    log.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    try:
        await _tell(event, _translator(data)("error-unexpected"))
    except Exception:  # the reply itself may fail (blocked bot, network): logged above already
        log.warning("could not tell the user about the failure", exc_info=True)
