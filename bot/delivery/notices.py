"""Outbox rows as the messages people read, for what fell due together for one recipient.

Each row's event is rendered by its own renderer (bot/delivery/renderers.py); here the notices of one
parcel are put together. Notices about a child go under the child's name and homework under the class,
all in one digest; everything else (a report, a reminder, a post, a work message) is a message of its
own with its own buttons. A message that would pass Telegram's limit is split between rows, never
inside one; a group's buttons go with its last message, «Ознакомлен» on every message holding
something the family confirms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.callbacks import AckCb
from bot.delivery.renderers import Button, ButtonRow, Notice, RenderContext, render_event
from bot.i18n import Translator
from services.delivery import OutboxRow, Parcel

TEXT_LIMIT = 4096
MAX_SHORTCUTS = 8  # a subject's marks, under a digest of many: the first few are enough


@dataclass
class Outgoing:
    chat_id: int
    text: str
    buttons: list[ButtonRow] = field(default_factory=list)
    row_ids: list[int] = field(default_factory=list)
    edit_message_id: int | None = None  # replaces this message's text rather than sending a new one
    fallback_text: str | None = None  # sent as a new message where the edit is refused

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        """The buttons as Telegram's inline keyboard."""
        if not self.buttons:
            return None
        return {
            "inline_keyboard": [
                [{"text": button.text, "callback_data": button.data} for button in row]
                for row in self.buttons
            ]
        }


@dataclass
class _Section:
    heading: str | None
    blocks: list[tuple[int, str]] = field(default_factory=list)  # (row id, text)


def render(parcel: Parcel, t: Translator, teachers: dict[int, str]) -> list[Outgoing]:
    """The family's digest (what is about a child or a class, under its name) as one message; short
    notices of one kind without buttons (announcements) joined, a blank line apart; everything with
    buttons of its own (a report, a reminder, a post, a list to act on) as a message of its own: a
    deputy's finals list, control report and concert reminder are three messages, not one wall under
    buttons that belong to one of them."""
    context = RenderContext(t, teachers)
    notices = [(row, render_event(row.event, context)) for row in parcel.rows]
    groups: dict[tuple[Any, ...], list[tuple[int, Notice]]] = {}  # in the order they first came
    for row, notice in notices:
        groups.setdefault(_group_of(row, notice), []).append((row.id, notice))
    messages: list[Outgoing] = []
    for group in groups.values():
        messages += _message_of(parcel.recipient.chat_id, group)
    acknowledged = {row.id for row, notice in notices if notice.acknowledge}
    for message in messages:
        if acknowledged.intersection(message.row_ids):
            message.buttons.insert(0, (Button(t("btn-acknowledge"), AckCb().pack()),))
    return messages


def _group_of(row: OutboxRow, notice: Notice) -> tuple[Any, ...]:
    if notice.section is not None:
        return ("digest",)
    if notice.buttons or notice.acknowledge or notice.alone or notice.edit or row.event is None:
        return ("alone", row.id)
    return ("kind", row.kind)


def _message_of(chat_id: int, group: list[tuple[int, Notice]]) -> list[Outgoing]:
    if len(group) == 1 and group[0][1].edit is not None:
        row_id, notice = group[0]
        edit_chat, message_id = notice.edit or (chat_id, 0)
        text = notice.text[:TEXT_LIMIT]
        return [Outgoing(edit_chat, text, list(notice.buttons), [row_id], message_id, notice.fallback)]
    sections: dict[tuple[Any, ...], _Section] = {}
    for row_id, notice in group:
        key = notice.section or ("row", row_id)
        sections.setdefault(key, _Section(notice.heading)).blocks.append((row_id, notice.text))
    return _pack(chat_id, list(sections.values()), _buttons([notice for _, notice in group]))


def _buttons(notices: list[Notice]) -> list[ButtonRow]:
    """Every notice's rows once: a nudge's lessons first, then a few subject shortcuts, then the rest."""
    rows: list[ButtonRow] = []
    seen: set[tuple[str, ...]] = set()

    def take(group: list[Notice], limit: int | None = None) -> None:
        taken = 0
        for row in (row for notice in group for row in notice.buttons):
            key = tuple(button.data for button in row)
            if key in seen or taken == limit:
                continue
            seen.add(key)
            rows.append(row)
            taken += 1

    take([notice for notice in notices if notice.lead])
    take([notice for notice in notices if notice.shortcut], MAX_SHORTCUTS)
    take([notice for notice in notices if not (notice.lead or notice.shortcut)])
    return rows


def _pack(chat_id: int, sections: list[_Section], buttons: list[ButtonRow]) -> list[Outgoing]:
    """Sections into messages under the limit; the buttons go with the last message."""
    messages: list[Outgoing] = []
    current: list[str] = []
    ids: list[int] = []
    size = 0

    def flush() -> None:
        nonlocal current, ids, size
        if current:
            messages.append(Outgoing(chat_id, "\n".join(current), [], ids))
        current, ids, size = [], [], 0

    for section in sections:
        heading_written = False
        for index, (row_id, block) in enumerate(section.blocks):
            piece = block[: TEXT_LIMIT - 200]
            extra = (
                len(piece) + 1 + (0 if heading_written or not section.heading else len(section.heading) + 2)
            )
            if size + extra > TEXT_LIMIT - 100:
                flush()
                heading_written = False
            if not heading_written and section.heading:
                current.append(("\n" if current else "") + section.heading)
                size += len(section.heading) + 2
                heading_written = True
            elif not section.heading and current and index == 0:
                piece = "\n" + piece  # notices of one kind, joined: a blank line between them
            current.append(piece)
            ids.append(row_id)
            size += len(piece) + 1
    flush()
    if messages:
        messages[-1].buttons = list(buttons)
    return messages
