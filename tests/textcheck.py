"""What no message of the bot may show: a doubled period («Смирнова Е. В..», after initials), a
placeholder the catalogue did not fill («{ $name }»), or Python's None where a value was missing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sandbox.telegram import FakeTelegram

_BROKEN = re.compile(r"(?<![.…])\.\.(?!\.)|\{ ?\$|\bNone\b")
_TEXT_PARAMS = ("text", "caption")


def sent_texts(fake: FakeTelegram) -> Iterator[str]:
    """Every text and caption the bot sent, drew or answered a button with."""
    for call in fake.calls():
        for key in _TEXT_PARAMS:
            value = call.params.get(key)
            if isinstance(value, str):
                yield value


def broken_texts(fake: FakeTelegram) -> list[str]:
    return [text for text in sent_texts(fake) if _BROKEN.search(text)]
