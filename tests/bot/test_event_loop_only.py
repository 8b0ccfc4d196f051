"""Every filter and handler of the bot runs in the event loop.

aiogram runs a plain function (a bare magic filter such as `F.text`, or a handler without `async`)
through asyncio.to_thread: a hop to a worker thread and back for every update it is checked on. The
private-chat check on every update once cost a tenth of an instance's CPU that way; bot.filters.Inline
wraps a magic filter so it is a function call.
"""

from __future__ import annotations

from aiogram import Router
from pydantic import SecretStr

from bot.app import build_dispatcher
from bot.settings import Settings


def _off_the_loop(router: Router) -> list[str]:
    found = []
    for kind, observer in router.observers.items():
        router_filters = observer._handler.filters or []
        found += [f"{router.name} {kind}: filter {f.callback!r}" for f in router_filters if not f.awaitable]
        for handler in observer.handlers:
            where = f"{router.name} {kind} {getattr(handler.callback, '__name__', handler.callback)!r}"
            if not handler.awaitable:
                found.append(f"{where}: the handler is not async")
            found += [f"{where}: filter {f.callback!r}" for f in handler.filters or [] if not f.awaitable]
    for child in router.sub_routers:
        found += _off_the_loop(child)
    return found


def test_no_filter_or_handler_is_sent_to_a_thread() -> None:
    settings = Settings(_env_file=None, bot_token=SecretStr("123456:TEST-token-for-the-filters"))
    for webhook in (False, True):
        dispatcher = build_dispatcher(settings, session_factory=None, webhook=webhook)  # type: ignore[arg-type]
        assert _off_the_loop(dispatcher) == []
