"""Text for Telegram's HTML parse mode, with no aiogram import (the CLI's PDFs and files use it too)."""

from __future__ import annotations

import html


def h(text: object) -> str:
    """Escape people's names and typed text for HTML parse mode."""
    return html.escape(str(text), quote=False)
