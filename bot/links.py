"""Deep links that open the bot with a start parameter, in either messenger: the same token opens the
Telegram bot (`t.me/<bot>?start=`) and the MAX bot (`max.ru/<bot>?start=`, where it arrives with the
bot_started update, bot/max/updates.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

MESSENGERS = ("telegram", "max")
NAMES = {"telegram": "Telegram", "max": "MAX"}


def invite_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


def max_invite_link(bot_username: str, token: str) -> str:
    return f"https://max.ru/{bot_username}?start={token}"


@dataclass(frozen=True)
class InviteLinks:
    """The deployment's bots by messenger (their usernames; None: no such bot), narrowed by
    `offered` to the messengers a school offers. A token becomes one link per messenger."""

    telegram: str | None = None
    max: str | None = None

    def offered(self, messengers: Sequence[str]) -> InviteLinks:
        """Only the messengers the school offers; all the deployment has when it offers none of them."""
        narrowed = replace(
            self,
            telegram=self.telegram if "telegram" in messengers else None,
            max=self.max if "max" in messengers else None,
        )
        return narrowed if narrowed.messengers else self

    @property
    def messengers(self) -> list[str]:
        return [name for name in MESSENGERS if getattr(self, name)]

    def of(self, token: str) -> list[tuple[str, str]]:
        """(the messenger's name, the link) for each messenger, Telegram first."""
        links = []
        if self.telegram:
            links.append((NAMES["telegram"], invite_link(self.telegram, token)))
        if self.max:
            links.append((NAMES["max"], max_invite_link(self.max, token)))
        return links

    def text(self, token: str) -> str:
        """The links as lines of a message: the bare link for one messenger, «MAX: …» for each of two."""
        links = self.of(token)
        if len(links) == 1:
            return links[0][1]
        return "\n".join(f"{name}: {link}" for name, link in links)

    def names(self, joiner: str) -> str:
        """Where to open them: «Telegram», «MAX», or both joined by the language's «или»."""
        return f" {joiner} ".join(NAMES[name] for name in self.messengers)
