"""Deep links that open the bot with a start parameter."""

from __future__ import annotations


def invite_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"
