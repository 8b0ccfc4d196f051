"""The demo school's people as the sandbox page lists them, and joining them through their invite links.

Each person is a Telegram user of the fake, with a fixed id (so a sandbox restarted on its kept data
finds the accounts the database already knows), joined the way anybody joins: by opening his invite
link, which sends the bot ``/start <token>``, and giving consent where the bot asks for it. One parent
is left for the visitor to join.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.links import invite_link
from models.enums import Role
from sandbox.telegram import FakeTelegram
from services.demo import DemoPersona, DemoSchool

# The page's groups, in the page's order; a person is listed under the role he was invited as.
GROUPS = ("coordinator", "deputy", "teacher", "class_teacher", "parent", "student")
# Persona key → Telegram user id. Fixed: the database keeps which account joined as whom.
USER_IDS = {
    "coordinator": 5_000_001,
    "deputy": 5_000_002,
    "teacher": 5_000_003,
    "class_teacher": 5_000_004,
    "class_teacher_9": 5_000_005,
    "parent": 5_000_006,
    "parent_two_children": 5_000_007,
    "parent_new": 5_000_008,
    "student": 5_000_009,
}
LEFT_TO_JOIN = "parent_new"
REPLY_TIMEOUT = 60.0

_JOINED = text("""
    SELECT tg_user_id FROM staff WHERE tg_user_id = ANY(:ids)
    UNION SELECT tg_user_id FROM guardian WHERE tg_user_id = ANY(:ids)
    UNION SELECT tg_user_id FROM student WHERE tg_user_id = ANY(:ids)
""")


@dataclass
class Person:
    key: str
    role: Role
    name: str
    user_id: int
    tokens: list[str]
    link: str
    details: dict[str, Any] = field(default_factory=dict)
    joined: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "role": self.role.value,
            "name": self.name,
            "user_id": self.user_id,
            "joined": self.joined,
            "link": None if self.joined else self.link,
            "token": None if self.joined else self.tokens[0],
            **self.details,
        }


def people_of(demo: DemoSchool, bot_username: str) -> list[Person]:
    """The demo's personas that have a fixed account here, in the page's order."""
    listed = [(key, persona) for key, persona in demo.personas.items() if key in USER_IDS]
    listed.sort(key=lambda item: (GROUPS.index(item[1].role.value), USER_IDS[item[0]]))
    return [_person(key, persona, bot_username) for key, persona in listed]


def _person(key: str, persona: DemoPersona, bot_username: str) -> Person:
    details = {"class": persona.class_label, **persona.extra}
    tokens = [persona.token]
    second = details.pop("second_child_token", None)
    if isinstance(second, str):
        tokens.append(second)
    return Person(
        key=key,
        role=persona.role,
        name=persona.name,
        user_id=USER_IDS[key],
        tokens=tokens,
        link=invite_link(bot_username, persona.token),
        details=details,
    )


async def joined_accounts(session: AsyncSession, people: list[Person]) -> set[int]:
    """Which of these accounts the journal already knows (a sandbox restarted on its data)."""
    result = await session.execute(_JOINED, {"ids": [person.user_id for person in people]})
    return {row[0] for row in result}


async def bring_in(fake: FakeTelegram, people: list[Person], known: set[int], consent_label: str) -> None:
    """Every person gets his Telegram account and, but for the one left to join, is joined (or, if the
    journal already knows him, opens the bot once so that his chat shows his menu)."""
    for person in people:
        last, first = [*person.name.split(), ""][:2]
        fake.add_user(first_name=first or last, last_name=last if first else None, user_id=person.user_id)
    await asyncio.gather(*(_join(fake, person, known, consent_label) for person in people))


async def _join(fake: FakeTelegram, person: Person, known: set[int], consent_label: str) -> None:
    if person.user_id in known:
        person.joined = True
        await say(fake, person.user_id, "/start")
        return
    if person.key == LEFT_TO_JOIN:
        return
    for token in person.tokens:
        await open_link(fake, person.user_id, token, consent_label)
    person.joined = True


async def open_link(fake: FakeTelegram, user_id: int, token: str, consent_label: str) -> None:
    """What Telegram does when a user opens t.me/<bot>?start=<token>; consent given if asked."""
    await say(fake, user_id, f"/start {token}")
    screen = fake.screen(user_id)
    if screen is not None and any(consent_label in row for row in screen.labels):
        before = fake.activity_version(user_id)
        fake.press_button(user_id, consent_label)
        await fake.wait_for_activity(user_id, before, timeout=REPLY_TIMEOUT, settle=0.2)


async def say(fake: FakeTelegram, user_id: int, message: str) -> None:
    before = fake.activity_version(user_id)
    fake.send_text(user_id, message)
    await fake.wait_for_activity(user_id, before, timeout=REPLY_TIMEOUT, settle=0.2)
