"""What did not reach people, as text: the coordinator's screen and `schoolbot deliveries failed`."""

from __future__ import annotations

import html
import re

from bot.i18n import Translator
from bot.screens import h
from services.delivery import DeliveryTrouble

_TAG = re.compile(r"</?b>")


def _strip_tags(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def deliveries_text(t: Translator, trouble: DeliveryTrouble, *, plain: bool = False) -> str:
    """The list for the coordinator's screen (HTML) or the terminal (plain)."""
    lines = [t("deliveries-title")]
    if not trouble.failed:
        lines.append(t("deliveries-none"))
    for item in trouble.failed:
        lines.append(
            t(
                "deliveries-line",
                date=t.date(item.at.date()),
                time=item.at.strftime("%H:%M"),
                recipient=h(item.recipient),
                kind=t(f"deliveries-kind-{item.kind}")
                if t.has(f"deliveries-kind-{item.kind}")
                else item.kind,
                attempts=item.attempts,
                error=h((item.error or "")[:120]),
            )
        )
    if trouble.failed_total > len(trouble.failed):
        lines.append(t("deliveries-more", count=trouble.failed_total - len(trouble.failed)))
    lines.append(t("deliveries-blocked", count=trouble.blocked_people))
    text = "\n".join(lines)
    return _strip_tags(text) if plain else text
