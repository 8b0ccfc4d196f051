"""Deep links that open the bot with a start parameter, in either messenger (the same token: in MAX it
arrives with the bot_started update, bot/max/updates.py)."""

from __future__ import annotations


def invite_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


def max_invite_link(bot_username: str, token: str) -> str:
    return f"https://max.ru/{bot_username}?start={token}"
