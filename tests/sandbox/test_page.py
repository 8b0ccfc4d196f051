"""The sandbox's web page over HTTP: the demo school's people with their unread badges, each one's
chat with the bot, what a person does from the page (type, press, send a file, open his link), the
live event stream and the clock. No bot runs here: the tests play the bot through the fake's Bot API
and read what the page would get; a person's action is seen as the update queued for the bot."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Outbox
from sandbox.max import FakeMax
from sandbox.params import UploadedFile
from sandbox.people import GROUPS, Person, people_of
from sandbox.server import create_app
from sandbox.telegram import FakeTelegram
from sandbox.web import SandboxState, add_page
from services import demo, invites
from services.users import TelegramProfile, enter
from tests.factories import NOW

TOKEN = "777000111:SANDBOX-page-test-token"
BOT_USERNAME = "demo_lyceum_bot"
CONSENT = "✅ Даю согласие"
STRANGERS = ("12345", "abc")  # not one of the sandbox's people
EVENT_TIMEOUT = 5.0


@dataclass
class Page:
    client: TestClient[web.Request, web.Application]
    fake: FakeTelegram
    people: list[Person]
    school_id: int

    def uid(self, key: str) -> int:
        return next(person.user_id for person in self.people if person.key == key)

    def person(self, key: str) -> Person:
        return next(person for person in self.people if person.key == key)

    async def get_json(self, path: str, status: int = 200) -> Any:
        async with self.client.get(path) as response:
            assert response.status == status, await response.text()
            return await response.json()

    async def post_json(self, path: str, body: dict[str, Any] | None = None, status: int = 200) -> Any:
        async with self.client.post(path, json=body or {}) as response:
            assert response.status == status, await response.text()
            return await response.json()

    async def listed(self, key: str) -> dict[str, Any]:
        people = (await self.get_json("/ui/people"))["people"]
        return next(person for person in people if person["key"] == key)

    async def bot_says(self, user_id: int, text: str, **params: Any) -> int:
        status, body = await self.fake.call("sendMessage", {"chat_id": user_id, "text": text, **params}, {})
        assert status == 200, body
        return int(body["result"]["message_id"])


@pytest.fixture
async def page(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[Page]:
    """The demo school, its coordinator joined through his link (and nobody else), the page served."""
    async with session_factory() as session, session.begin():
        school = await demo.build_demo(session, now=NOW, ttl_days=14)
    people = people_of(school, BOT_USERNAME)
    coordinator = next(person for person in people if person.key == "coordinator")
    async with session_factory() as session, session.begin():
        await enter(session, TelegramProfile(coordinator.user_id, coordinator.user_id, "Максим"), NOW)
        preview = await invites.check_token(
            session, coordinator.user_id, coordinator.tokens[0], now=NOW, failure_limit=10
        )
        await invites.accept_invite(session, coordinator.user_id, preview.invite_id, now=NOW, consent=False)

    fake = FakeTelegram(TOKEN, bot_username=BOT_USERNAME, bot_first_name="Журнал Демо-лицея")
    FakeMax(fake, "page-test-max-token", username=BOT_USERNAME)  # as the launcher: both messengers
    for person in people:
        last, first = person.name.split()[:2]
        fake.add_user(first_name=first, last_name=last, user_id=person.user_id)
    app = create_app(fake)
    state = SandboxState(fake, people, school.school_id, school.school_name, session_factory, CONSENT)
    add_page(app, state)
    async with TestClient(TestServer(app)) as client:
        yield Page(client, fake, people, school.school_id)


async def test_the_page_and_its_files_are_served(page: Page) -> None:
    async with page.client.get("/") as response:
        assert response.status == 200
        assert response.content_type == "text/html"
        assert "<html" in (await response.text()).lower()
    for name, kind in (("app.js", "text/javascript"), ("style.css", "text/css")):
        async with page.client.get(f"/page/{name}") as response:
            assert response.status == 200, name
            assert response.content_type == kind
            assert await response.read()
    for missing in ("/page/other.txt", "/page/web.py", "/page/..%2Fweb.py"):
        async with page.client.get(missing) as response:
            assert response.status == 404, missing


async def test_people_are_listed_by_role_with_who_has_joined(page: Page) -> None:
    listing = await page.get_json("/ui/people")
    assert listing["school"] == demo.DEMO_SCHOOL_NAME
    assert listing["bot"]["username"] == BOT_USERNAME
    roles = [person["role"] for person in listing["people"]]
    assert roles == sorted(roles, key=GROUPS.index)
    assert set(roles) == set(GROUPS)
    assert [person["user_id"] for person in listing["people"]] == [person.user_id for person in page.people]

    joined = {person["key"]: person for person in listing["people"] if person["joined"]}
    assert list(joined) == ["coordinator"]  # the only one whose account is bound
    assert joined["coordinator"]["link"] is None and joined["coordinator"]["token"] is None
    for person in listing["people"]:
        # Each person's link opens in his own messenger (one mother is in MAX from the start).
        host = "max.ru" if person["messenger"] == "max" else "t.me"
        assert (person["messenger"] == "max") == (person["key"] == "parent_two_children")
        if not person["joined"]:
            assert person["link"] == f"https://{host}/{BOT_USERNAME}?start={person['token']}"
        assert (person["unread"], person["last"]) == (0, "")
    assert "absence_summary" in listing["jobs"]


async def test_a_bot_message_raises_the_badge_until_the_chat_is_read(page: Page) -> None:
    parent = page.uid("parent")
    await page.bot_says(parent, "hi")
    listed = await page.listed("parent")
    assert (listed["unread"], listed["last"]) == (1, "hi")
    assert (await page.listed("student"))["unread"] == 0  # nobody else's badge

    assert await page.post_json(f"/ui/chats/{parent}/read") == {"unread": 0}
    assert (await page.listed("parent"))["unread"] == 0

    # What he types himself is his last line but no unread message; the bot's next one is.
    await page.post_json(f"/ui/chats/{parent}/text", {"text": "Оценки"})
    assert (await page.listed("parent"))["unread"] == 0
    await page.bot_says(parent, "Оценки за неделю\n5 4 5")
    assert (await page.listed("parent"))["unread"] == 1
    assert (await page.listed("parent"))["last"] == "Оценки за неделю"


async def test_a_chat_shows_messages_with_entities_and_buttons(page: Page) -> None:
    parent = page.uid("parent")
    keyboard = {"inline_keyboard": [[{"text": "Оценки", "callback_data": "marks"}]]}
    sent = await page.bot_says(parent, "<b>Итог</b>: 5", parse_mode="HTML", reply_markup=keyboard)
    await page.post_json(f"/ui/chats/{parent}/text", {"text": "спасибо"})

    chat = await page.get_json(f"/ui/chats/{parent}")
    assert chat["user_id"] == parent
    first, second = chat["messages"]
    assert (first["id"], first["from_bot"], first["text"]) == (sent, True, "Итог: 5")
    assert first["entities"] == [{"type": "bold", "offset": 0, "length": 4}]
    assert first["buttons"] == [[{"text": "Оценки", "data": "marks", "url": None, "kind": "callback_data"}]]
    assert (first["photo"], first["document"]) == (None, None)
    assert (second["from_bot"], second["text"], second["buttons"]) == (False, "спасибо", [])


async def test_a_document_from_the_bot_downloads_under_its_own_name(page: Page) -> None:
    teacher = page.uid("class_teacher")
    name = "Пропуски 5Б.xlsx"
    status, body = await page.fake.call(
        "sendDocument",
        {"chat_id": teacher, "document": "attach://file1", "caption": "за неделю"},
        {"file1": UploadedFile(name, b"PK\x03\x04 table")},
    )
    assert status == 200, body
    message_id = body["result"]["message_id"]
    (message,) = (await page.get_json(f"/ui/chats/{teacher}"))["messages"]
    assert message["document"] == {"name": name, "url": f"/ui/media/{teacher}/{message_id}"}
    assert (await page.listed("class_teacher"))["last"] == "за неделю"

    async with page.client.get(message["document"]["url"]) as response:
        assert response.status == 200
        assert await response.read() == b"PK\x03\x04 table"
        disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == name

    # Not a message with a file, not a message at all, not this person's chat.
    await page.bot_says(teacher, "текст")
    for path in (
        f"/ui/media/{teacher}/{message_id + 1}",
        f"/ui/media/{teacher}/999",
        f"/ui/media/{teacher}/x",
        f"/ui/media/{page.uid('parent')}/{message_id}",
    ):
        async with page.client.get(path) as response:
            assert response.status == 404, path


async def test_what_a_person_types_goes_to_the_bot_and_an_empty_text_does_not(page: Page) -> None:
    student = page.uid("student")
    await page.post_json(f"/ui/chats/{student}/text", {"text": "  Расписание  "})
    (update,) = page.fake.pending_updates()
    assert update["message"]["text"] == "Расписание"
    assert update["message"]["from"]["id"] == student

    for body in ({"text": "   "}, {}):
        answer = await page.post_json(f"/ui/chats/{student}/text", body, status=400)
        assert answer["error"]
    assert len(page.fake.pending_updates()) == 1


async def test_a_press_reaches_the_bot_only_on_a_message_that_is_there(page: Page) -> None:
    parent = page.uid("parent")
    keyboard = {"inline_keyboard": [[{"text": "Оценки", "callback_data": "marks"}]]}
    sent = await page.bot_says(parent, "Меню", reply_markup=keyboard)

    for missing in (sent + 1, 999):
        await page.post_json(f"/ui/chats/{parent}/press", {"message_id": missing, "data": "marks"}, 404)
    assert page.fake.pending_updates() == []

    await page.post_json(f"/ui/chats/{parent}/press", {"message_id": sent, "data": "marks"})
    (update,) = page.fake.pending_updates()
    assert update["callback_query"]["data"] == "marks"
    assert update["callback_query"]["from"]["id"] == parent
    assert update["callback_query"]["message"]["message_id"] == sent


async def test_a_person_sends_a_file_and_a_broken_one_is_refused(page: Page) -> None:
    student = page.uid("student")
    await page.post_json(
        f"/ui/chats/{student}/document",
        {"filename": "сочинение.txt", "mime": "text/plain", "content_b64": "!!"},
        400,
    )
    assert page.fake.pending_updates() == []

    await page.post_json(
        f"/ui/chats/{student}/document",
        {"filename": "сочинение.txt", "mime": "text/plain", "content_b64": "0J/RgNC40LLQtdGC"},
    )
    (update,) = page.fake.pending_updates()
    assert update["message"]["document"]["file_name"] == "сочинение.txt"
    stored = page.fake.messages(student)[-1].document
    assert stored is not None and stored.content == "Привет".encode()


async def test_a_request_missing_a_field_is_bad_input(page: Page) -> None:
    parent = page.uid("parent")
    await page.bot_says(parent, "Меню")
    await page.post_json(f"/ui/chats/{parent}/press", {"data": "marks"}, status=400)
    await page.post_json(f"/ui/chats/{parent}/document", {"content_b64": "YQ=="}, status=400)


async def test_opening_his_link_sends_the_bot_start_with_his_token(page: Page) -> None:
    newcomer = page.person("parent_new")
    await page.post_json(f"/ui/people/{newcomer.user_id}/join")
    (update,) = page.fake.pending_updates()
    assert update["message"]["text"] == f"/start {newcomer.tokens[0]}"
    assert update["message"]["from"]["id"] == newcomer.user_id


@pytest.mark.parametrize("stranger", STRANGERS)
async def test_nobody_outside_the_sandbox_has_a_chat_on_the_page(page: Page, stranger: str) -> None:
    if stranger.isdigit():
        page.fake.add_user("Чужой", user_id=int(stranger))  # a Telegram user, just not one of the people
        await page.bot_says(int(stranger), "hi")
    for method, path, body in (
        ("GET", f"/ui/chats/{stranger}", None),
        ("POST", f"/ui/chats/{stranger}/text", {"text": "hi"}),
        ("POST", f"/ui/chats/{stranger}/press", {"message_id": 1, "data": "x"}),
        ("POST", f"/ui/chats/{stranger}/document", {"filename": "a.txt", "content_b64": "YQ=="}),
        ("POST", f"/ui/chats/{stranger}/read", None),
        ("POST", f"/ui/people/{stranger}/join", None),
        ("GET", f"/ui/media/{stranger}/1", None),
    ):
        async with page.client.request(method, path, json=body) as response:
            assert response.status == 404, (method, path)
    assert page.fake.pending_updates() == []


async def test_the_event_stream_tells_of_a_new_message(page: Page) -> None:
    parent = page.uid("parent")
    async with page.client.get("/ui/events") as stream:
        assert stream.status == 200
        assert stream.content_type == "text/event-stream"
        # Once the stream has said hello, the page is listening.
        assert await asyncio.wait_for(stream.content.readline(), EVENT_TIMEOUT) == b": connected\n"
        await page.bot_says(parent, "hi")
        await page.bot_says(parent, "hi again")
        events = [await _next_event(stream.content), await _next_event(stream.content)]
    assert events == [{"chat": parent, "unread": 1}, {"chat": parent, "unread": 2}]


async def _next_event(content: Any) -> Any:
    while True:
        line: bytes = await asyncio.wait_for(content.readline(), EVENT_TIMEOUT)
        if line.startswith(b"data: "):
            return json.loads(line[len(b"data: ") :])


async def test_the_clock_releases_held_messages_and_knows_its_jobs(page: Page, session: AsyncSession) -> None:
    coordinator = page.uid("coordinator")  # has an account: messages can wait for him
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    session.add(
        Outbox(
            school_id=page.school_id,
            tg_user_id=coordinator,
            kind="digest",
            payload={},
            dedupe_key="digest:held:1",
            not_before=tomorrow,
        )
    )
    await session.commit()

    assert await page.post_json("/ui/clock/release_held") == {"queued": 1}
    session.expire_all()
    held = await session.scalar(select(Outbox).where(Outbox.dedupe_key == "digest:held:1"))
    assert held is not None and held.not_before < tomorrow - dt.timedelta(hours=23)
    assert await page.post_json("/ui/clock/release_held") == {"queued": 0}  # nothing left held

    answer = await page.post_json("/ui/clock/nonsense", status=404)
    assert "nonsense" in answer["error"]


async def test_a_person_not_joined_moves_to_max_and_his_link_and_start_go_there(page: Page) -> None:
    newcomer = page.person("parent_new")
    telegram_id = newcomer.user_id
    moved = await page.post_json(f"/ui/people/{telegram_id}/messenger")
    assert moved == {"user_id": -telegram_id, "messenger": "max"}
    listed = await page.listed("parent_new")
    assert listed["messenger"] == "max" and listed["link"].startswith(f"https://max.ru/{BOT_USERNAME}?start=")
    # Opening his link now happens in MAX: MAX's bot_started with his token, nothing for Telegram's.
    await page.post_json(f"/ui/people/{-telegram_id}/join")
    assert page.fake.pending_updates() == []
    assert isinstance(page.fake.max_side, FakeMax)
    [started] = page.fake.max_side.pending_updates()
    assert started["update_type"] == "bot_started" and started["payload"] == newcomer.tokens[0]
    assert started["user"]["user_id"] == telegram_id  # his MAX user id (minus his account id)
    await page.get_json(f"/ui/chats/{telegram_id}", status=404)  # his old id is no person of the page
