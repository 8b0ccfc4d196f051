"""The demo school's people as the sandbox page lists them, and joining them through their invite links.

Each person is a user of the fake, with a fixed id (so a sandbox restarted on its kept data finds the
accounts the database already knows), joined the way anybody joins: by opening his invite link, which
sends the bot ``/start <token>`` (in MAX: the bot_started update), and giving consent where the bot
asks for it. One parent is left for the visitor to join. Most are in Telegram; one mother is in MAX,
and the page can move anybody to the other messenger (a fresh invite opened there, as in real life).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.links import invite_link, max_invite_link
from models import Guardian, GuardianLink, Staff, Student
from models.enums import Role
from sandbox.telegram import FakeTelegram
from services import invites
from services.audit import CLI
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
# In MAX from the start (the demo school is a school of both messengers): under minus the fixed id.
IN_MAX = frozenset({"parent_two_children"})
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
    max_link: str
    details: dict[str, Any] = field(default_factory=dict)
    joined: bool = False

    @property
    def messenger(self) -> str:
        return "max" if self.user_id < 0 else "telegram"

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "role": self.role.value,
            "name": self.name,
            "user_id": self.user_id,
            "messenger": self.messenger,
            "joined": self.joined,
            "link": None if self.joined else (self.max_link if self.messenger == "max" else self.link),
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
        user_id=-USER_IDS[key] if key in IN_MAX else USER_IDS[key],
        tokens=tokens,
        link=invite_link(bot_username, persona.token),
        max_link=max_invite_link(bot_username, persona.token),
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
        _account(fake, person.name, person.user_id)
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


def _account(fake: FakeTelegram, name: str, user_id: int) -> None:
    """His account in the fake (a negative id: in MAX), made once."""
    if fake.has_user(user_id):
        return
    last, first = [*name.split(), ""][:2]
    fake.add_user(first_name=first or last, last_name=last if first else None, user_id=user_id)


async def switch_messenger(
    fake: FakeTelegram, sessions: async_sessionmaker[AsyncSession], person: Person, consent_label: str
) -> None:
    """Move him to the other messenger: a joined person gets fresh invite links (what the school would
    give him) and opens them there, so the journal binds his new account; the old one is left."""
    old, new = person.user_id, -person.user_id
    _account(fake, person.name, new)
    tokens: list[str] = []
    if person.joined:
        async with sessions() as session, session.begin():
            tokens = await _fresh_tokens(session, old)
    person.user_id = new
    if not tokens:  # not joined yet: his link opens in the new messenger when he opens it
        return
    for token in tokens:
        await open_link(fake, new, token, consent_label)


async def _fresh_tokens(session: AsyncSession, account: int) -> list[str]:
    now = dt.datetime.now(dt.UTC)
    tokens: list[str] = []
    for staff_id in await session.scalars(select(Staff.id).where(Staff.tg_user_id == account)):
        tokens.append((await invites.issue_staff_invite(session, CLI, staff_id, now=now, ttl_days=1)).token)
    for student_id in await session.scalars(select(Student.id).where(Student.tg_user_id == account)):
        issued = await invites.issue_student_invite(session, CLI, student_id, now=now, ttl_days=1)
        tokens.append(issued.token)
    children = await session.execute(
        select(GuardianLink.guardian_id, GuardianLink.student_id)
        .join(Guardian, Guardian.id == GuardianLink.guardian_id)
        .where(Guardian.tg_user_id == account)
    )
    for guardian_id, student_id in children:
        issued = await invites.issue_parent_invite(
            session, CLI, student_id, guardian_id=guardian_id, now=now, ttl_days=1
        )
        tokens.append(issued.token)
    return tokens


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
