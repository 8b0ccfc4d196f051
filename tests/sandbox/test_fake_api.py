"""FakeTelegram.call: Telegram's response shapes, errors and update queue semantics."""

from __future__ import annotations

import asyncio
import json
import struct
import zlib
from typing import Any

import pytest
from aiogram.types import Message

from sandbox.errors import NOT_MODIFIED, ButtonError
from sandbox.params import UploadedFile
from sandbox.telegram import FakeTelegram


def inline(*rows: list[tuple[str, str]]) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": t, "callback_data": d} for t, d in row] for row in rows]}


def png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))


async def ok(fake: FakeTelegram, method: str, **params: Any) -> Any:
    status, body = await fake.call(method, params)
    assert (status, body["ok"]) == (200, True), body
    return body["result"]


async def error(
    fake: FakeTelegram, method: str, files: dict[str, UploadedFile] | None = None, **params: Any
) -> Any:
    status, body = await fake.call(method, params, files)
    assert body["ok"] is False
    assert body["error_code"] == status
    return status, body["description"]


async def test_get_me_and_method_names_are_case_insensitive(fake: FakeTelegram) -> None:
    me = await ok(fake, "GETME")
    assert me["id"] == 123456
    assert me["is_bot"] is True
    assert me["username"] == "school_test_bot"
    assert fake.calls()[0].method == "getMe"


async def test_unknown_method_is_404_like_telegram(fake: FakeTelegram) -> None:
    status, body = await fake.call("sendPoll", {"chat_id": 1})
    assert (status, body) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
    )


async def test_send_message_returns_a_valid_message_and_stores_both_texts(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна", "Петрова", username="anna")
    result = await ok(
        fake,
        "sendMessage",
        chat_id=uid,
        text="Итог: <b>5</b> &amp; <i>4</i>",
        parse_mode="HTML",
        reply_markup=inline([("Ок", "ok")]),
        link_preview_options={"is_disabled": True},
    )

    message = Message.model_validate(result)
    assert message.text == "Итог: 5 & 4"
    assert message.chat.id == uid
    assert message.from_user is not None
    assert message.from_user.is_bot
    assert message.reply_markup is not None
    stored = fake.screen(uid)
    assert stored is not None
    assert (stored.text, stored.html) == ("Итог: 5 & 4", "Итог: <b>5</b> &amp; <i>4</i>")
    assert stored.labels == [["Ок"]]
    assert fake.activity_version(uid) == 1


async def test_text_length_is_checked_after_entity_parsing(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    await ok(fake, "sendMessage", chat_id=uid, text="<b>" + "я" * 4096 + "</b>", parse_mode="HTML")
    assert await error(fake, "sendMessage", chat_id=uid, text="я" * 4097) == (
        400,
        "Bad Request: message is too long",
    )


@pytest.mark.parametrize("text", ["", "   \n", "<b></b>"])
async def test_empty_text_is_rejected(fake: FakeTelegram, text: str) -> None:
    uid = fake.add_user("Анна")
    assert await error(fake, "sendMessage", chat_id=uid, text=text, parse_mode="HTML") == (
        400,
        "Bad Request: message text is empty",
    )


async def test_bad_html_is_rejected(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    status, description = await error(fake, "sendMessage", chat_id=uid, text="Иванов <5>", parse_mode="HTML")
    assert (status, description) == (
        400,
        'Bad Request: can\'t parse entities: Unsupported start tag "5" at byte offset 13',
    )


async def test_chat_errors(fake: FakeTelegram) -> None:
    blocked = fake.add_user("Анна")
    fake.set_blocked(blocked, True)
    silent = fake.add_user("Борис", started=False)

    assert await error(fake, "sendMessage", chat_id=999, text="x") == (400, "Bad Request: chat not found")
    assert await error(fake, "sendMessage", chat_id="@nobody", text="x") == (
        400,
        "Bad Request: chat not found",
    )
    assert await error(fake, "sendMessage", chat_id=blocked, text="x") == (
        403,
        "Forbidden: bot was blocked by the user",
    )
    assert await error(fake, "sendMessage", chat_id=silent, text="x") == (
        403,
        "Forbidden: bot can't initiate conversation with a user",
    )
    fake.send_text(silent, "/start")
    await ok(fake, "sendMessage", chat_id=silent, text="Здравствуйте")


async def test_edit_errors_and_keyboard_removal(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    sent = await ok(fake, "sendMessage", chat_id=uid, text="меню", reply_markup=inline([("A", "a")]))
    mid = sent["message_id"]

    same = {"chat_id": uid, "message_id": mid, "text": "меню", "reply_markup": inline([("A", "a")])}
    assert await error(fake, "editMessageText", **same) == (400, NOT_MODIFIED)

    # Same text without reply_markup is a change: Telegram drops the keyboard.
    edited = await ok(fake, "editMessageText", chat_id=uid, message_id=mid, text="меню")
    assert "reply_markup" not in edited
    assert edited["edit_date"] >= edited["date"]
    assert await error(fake, "editMessageReplyMarkup", chat_id=uid, message_id=mid) == (400, NOT_MODIFIED)
    await ok(fake, "editMessageReplyMarkup", chat_id=uid, message_id=mid, reply_markup=inline([("B", "b")]))

    assert await error(fake, "editMessageText", chat_id=uid, message_id=77, text="x") == (
        400,
        "Bad Request: message to edit not found",
    )
    assert await error(fake, "editMessageCaption", chat_id=uid, message_id=mid, caption="x") == (
        400,
        "Bad Request: there is no caption in the message to edit",
    )
    user_message = fake.send_text(uid, "привет")["message"]["message_id"]
    assert await error(fake, "editMessageText", chat_id=uid, message_id=user_message, text="x") == (
        400,
        "Bad Request: message can't be edited",
    )
    screen = fake.screen(uid)
    assert screen is not None
    assert screen.edited == 2
    assert screen.labels == [["B"]]


async def test_delete_message(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    mid = (await ok(fake, "sendMessage", chat_id=uid, text="x"))["message_id"]

    assert await ok(fake, "deleteMessage", chat_id=uid, message_id=mid) is True
    assert await error(fake, "deleteMessage", chat_id=uid, message_id=mid) == (
        400,
        "Bad Request: message to delete not found",
    )
    assert await error(fake, "editMessageText", chat_id=uid, message_id=mid, text="y") == (
        400,
        "Bad Request: message to edit not found",
    )
    assert fake.messages(uid)[0].deleted
    assert fake.screen(uid) is None


async def test_keyboard_validation(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    # 64 bytes is the limit: 32 Cyrillic letters fit, 33 do not.
    await ok(fake, "sendMessage", chat_id=uid, text="x", reply_markup=inline([("A", "я" * 32)]))
    too_long_data = inline([("A", "я" * 33)])
    assert await error(fake, "sendMessage", chat_id=uid, text="x", reply_markup=too_long_data) == (
        400,
        "Bad Request: BUTTON_DATA_INVALID",
    )
    many = inline(*[[(str(i), str(i))] for i in range(101)])
    assert await error(fake, "sendMessage", chat_id=uid, text="x", reply_markup=many) == (
        400,
        "Bad Request: reply markup is too long",
    )
    text_only = {"inline_keyboard": [[{"text": "A"}]]}
    status, description = await error(fake, "sendMessage", chat_id=uid, text="x", reply_markup=text_only)
    assert status == 400
    assert "Text buttons are unallowed" in description


async def test_reply_keyboard_belongs_to_the_chat(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    keyboard = {"keyboard": [[{"text": "Оценки"}, {"text": "Расписание"}]], "resize_keyboard": True}
    result = await ok(fake, "sendMessage", chat_id=uid, text="меню", reply_markup=keyboard)

    assert "reply_markup" not in result  # Telegram echoes inline keyboards only
    assert fake.reply_keyboard(uid) == [["Оценки", "Расписание"]]
    await ok(fake, "sendMessage", chat_id=uid, text="ok", reply_markup={"remove_keyboard": True})
    assert fake.reply_keyboard(uid) is None


async def test_fail_next_injects_errors_including_retry_after(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    fake.fail_next("sendmessage", 429, "Too Many Requests: retry after 7", retry_after=7, times=2)

    for _ in range(2):
        status, body = await fake.call("sendMessage", {"chat_id": uid, "text": "x"})
        assert status == 429
        assert body == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 7",
            "parameters": {"retry_after": 7},
        }
    await ok(fake, "sendMessage", chat_id=uid, text="x")
    assert [call.status for call in fake.calls("sendMessage")] == [429, 429, 200]


async def test_callback_answers_are_recorded_once(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    await ok(fake, "sendMessage", chat_id=uid, text="меню", reply_markup=inline([("Оценки", "grades")]))
    update = fake.press_button(uid, "Оценки")
    query = update["callback_query"]
    assert query["data"] == "grades"
    assert query["message"]["text"] == "меню"
    assert query["chat_instance"]

    await ok(fake, "answerCallbackQuery", callback_query_id=query["id"], text="Готово", show_alert=True)
    assert await error(fake, "answerCallbackQuery", callback_query_id=query["id"]) == (
        400,
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
    )
    answers = fake.callback_answers(uid)
    assert [(a.text, a.show_alert, a.callback_data) for a in answers] == [("Готово", True, "grades")]


async def test_press_button_matching_rules(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    await ok(fake, "sendMessage", chat_id=uid, text="старое", reply_markup=inline([("Назад", "old-back")]))
    keyboard = {
        "inline_keyboard": [
            [
                {"text": "📚 Оценки", "callback_data": "grades"},
                {"text": "Оценки за год", "callback_data": "year"},
            ],
            [{"text": "Назад", "callback_data": "new-back"}, {"text": "Сайт", "url": "https://example.org"}],
        ]
    }
    await ok(fake, "sendMessage", chat_id=uid, text="новое", reply_markup=keyboard)

    assert fake.press_button(uid, "Назад")["callback_query"]["data"] == "new-back"  # newest first
    assert fake.press_button(uid, "оценки за ГОД")["callback_query"]["data"] == "year"
    assert fake.press_button(uid, "📚")["callback_query"]["data"] == "grades"
    with pytest.raises(ButtonError, match="ambiguous"):
        fake.press_button(uid, "оценки")
    with pytest.raises(ButtonError, match="url button"):
        fake.press_button(uid, "Сайт")
    with pytest.raises(ButtonError, match=r"no button 'Расписание'[\s\S]*\[📚 Оценки\] \[Оценки за год\]"):
        fake.press_button(uid, "Расписание")


async def test_buttons_on_deleted_messages_cannot_be_pressed(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    sent = await ok(fake, "sendMessage", chat_id=uid, text="меню", reply_markup=inline([("Оценки", "g")]))
    await ok(fake, "deleteMessage", chat_id=uid, message_id=sent["message_id"])

    with pytest.raises(ButtonError, match="deleted"):
        fake.press_button(uid, "Оценки")
    with pytest.raises(LookupError):
        fake.press(uid, uid, sent["message_id"], "g")


async def test_user_commands_carry_a_bot_command_entity(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    update = fake.send_text(uid, "/start@school_test_bot invite-7b")
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 22}]
    assert "entities" not in fake.send_text(uid, "просто текст")["message"]


async def test_get_updates_offset_confirms_and_unconfirmed_are_redelivered(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    first = fake.send_text(uid, "1")["update_id"]
    second = fake.send_text(uid, "2")["update_id"]

    assert [u["update_id"] for u in await ok(fake, "getUpdates")] == [first, second]
    # Not confirmed yet: a restarted bot gets the same updates again.
    assert [u["update_id"] for u in await ok(fake, "getUpdates", limit=1)] == [first]
    assert [u["update_id"] for u in await ok(fake, "getUpdates", offset=first + 1)] == [second]
    assert await ok(fake, "getUpdates", offset=second + 1) == []
    assert await ok(fake, "getUpdates") == []


async def test_get_updates_negative_offset_keeps_the_tail(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    ids = [fake.send_text(uid, str(i))["update_id"] for i in range(3)]
    assert [u["update_id"] for u in await ok(fake, "getUpdates", offset=-1)] == ids[-1:]
    assert [u["update_id"] for u in await ok(fake, "getUpdates")] == ids[-1:]


async def test_long_poll_returns_as_soon_as_an_update_arrives(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(fake.call("getUpdates", {"timeout": 5}))
    await asyncio.sleep(0.1)
    assert not poll.done()

    fake.send_text(uid, "привет")
    status, body = await poll

    assert status == 200
    assert body["result"][0]["message"]["text"] == "привет"
    assert loop.time() - started < 1


async def test_long_poll_times_out_empty(fake: FakeTelegram) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await ok(fake, "getUpdates", timeout=1) == []
    assert 0.9 < loop.time() - started < 2


async def test_a_newer_poll_terminates_the_older_with_conflict(fake: FakeTelegram) -> None:
    old = asyncio.create_task(fake.call("getUpdates", {"timeout": 5}))
    await asyncio.sleep(0.05)
    new = asyncio.create_task(fake.call("getUpdates", {"timeout": 0}))

    status, body = await old
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates")
    assert (await new)[0] == 200


async def test_allowed_updates_filter_drops_other_types(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    await ok(fake, "sendMessage", chat_id=uid, text="меню", reply_markup=inline([("A", "a")]))
    fake.press_button(uid, "A")
    fake.send_text(uid, "текст")

    updates = await ok(fake, "getUpdates", allowed_updates=["message"])
    assert [next(k for k in u if k != "update_id") for u in updates] == ["message"]


async def test_delete_webhook_can_drop_pending_updates(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    fake.send_text(uid, "старое")
    assert (await ok(fake, "getWebhookInfo"))["pending_update_count"] == 1
    await ok(fake, "deleteWebhook", drop_pending_updates=True)
    assert await ok(fake, "getUpdates") == []


async def test_documents_upload_reuse_and_download(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    files = {"file1": UploadedFile("отчёт.csv", b"a;b\n", "application/octet-stream")}
    status, body = await fake.call(
        "sendDocument",
        {"chat_id": uid, "document": "attach://file1", "caption": "<b>итог</b>", "parse_mode": "HTML"},
        files,
    )
    assert status == 200, body
    document = body["result"]["document"]
    assert document["file_name"] == "отчёт.csv"
    assert document["mime_type"] == "text/csv"
    assert body["result"]["caption"] == "итог"

    again = await ok(fake, "sendDocument", chat_id=uid, document=document["file_id"])
    assert again["document"]["file_unique_id"] == document["file_unique_id"]

    info = await ok(fake, "getFile", file_id=document["file_id"])
    stored = fake.file_by_path(info["file_path"])
    assert stored is not None
    assert stored.content == b"a;b\n"
    chat_document = fake.messages(uid)[0].document
    assert chat_document is not None
    assert chat_document.content == b"a;b\n"

    assert await error(fake, "sendDocument", chat_id=uid, document="nope") == (
        400,
        "Bad Request: wrong file identifier/HTTP URL specified",
    )
    assert await error(fake, "sendDocument", {"document": UploadedFile("x", b"")}, chat_id=uid) == (
        400,
        "Bad Request: file must be non-empty",
    )
    assert await error(fake, "sendDocument", chat_id=uid) == (
        400,
        "Bad Request: there is no document in the request",
    )
    assert await error(fake, "getFile", file_id="nope") == (400, "Bad Request: invalid file_id")


async def test_photos_must_be_images(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    status, body = await fake.call(
        "sendPhoto", {"chat_id": uid}, {"photo": UploadedFile("chart.png", png(640, 480))}
    )
    assert status == 200
    assert [(s["width"], s["height"]) for s in body["result"]["photo"]] == [(640, 480)]
    assert fake.messages(uid)[0].photo == png(640, 480)

    bad = {"photo": UploadedFile("chart.png", b"not an image")}
    assert await error(fake, "sendPhoto", bad, chat_id=uid) == (400, "Bad Request: IMAGE_PROCESS_FAILED")


async def test_caption_limit(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    files = {"document": UploadedFile("a.txt", b"x")}
    assert await error(fake, "sendDocument", files, chat_id=uid, caption="я" * 1025) == (
        400,
        "Bad Request: message caption is too long",
    )


async def test_user_uploads_are_downloadable(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    update = fake.send_document(uid, "контрольная.docx", b"DOCX", "application/msword", caption="сдаю")
    document = update["message"]["document"]
    assert update["message"]["caption"] == "сдаю"
    info = await ok(fake, "getFile", file_id=document["file_id"])
    stored = fake.file_by_path(info["file_path"])
    assert stored is not None
    assert stored.content == b"DOCX"

    photo = fake.send_photo(uid, png(10, 20))["message"]["photo"]
    assert (photo[0]["width"], photo[0]["height"]) == (10, 20)


async def test_commands_and_menu_button(fake: FakeTelegram) -> None:
    commands = [{"command": "start", "description": "Начать"}, {"command": "grades", "description": "Оценки"}]
    await ok(fake, "setMyCommands", commands=commands)
    await ok(
        fake, "setMyCommands", commands=commands[:1], scope={"type": "all_private_chats"}, language_code="ru"
    )

    assert await ok(fake, "getMyCommands") == commands
    assert fake.commands({"type": "all_private_chats"}, "ru") == commands[:1]
    await ok(fake, "deleteMyCommands")
    assert await ok(fake, "getMyCommands") == []
    assert await error(fake, "setMyCommands", commands=[{"command": "Старт", "description": "x"}]) == (
        400,
        "Bad Request: BOT_COMMAND_INVALID",
    )
    await ok(fake, "setChatMenuButton", menu_button={"type": "commands"})
    assert await ok(fake, "getChatMenuButton") == {"type": "commands"}


async def test_chat_action_does_not_count_as_activity(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    await ok(fake, "sendChatAction", chat_id=uid, action="typing")
    assert fake.activity_version(uid) == 0
    assert await error(fake, "sendChatAction", chat_id=uid, action="dancing") == (
        400,
        "Bad Request: wrong parameter action in request",
    )


async def test_wait_for_activity_settles_and_times_out_with_the_chat(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    await ok(fake, "sendMessage", chat_id=uid, text="было")

    async def bot_reacts() -> None:
        await asyncio.sleep(0.05)
        await ok(fake, "sendMessage", chat_id=uid, text="раз")
        await asyncio.sleep(0.05)
        await ok(fake, "sendMessage", chat_id=uid, text="два")

    reaction = asyncio.create_task(bot_reacts())
    version = await fake.wait_for_activity(uid, after_version=1, timeout=5, settle=0.5)
    await reaction
    assert version == 3

    with pytest.raises(TimeoutError, match=r"did nothing[\s\S]*'два'"):
        await fake.wait_for_activity(uid, after_version=3, timeout=0.2)
    assert await fake.wait_for_activity(uid, after_version=3, timeout=0.1, require=False) == 3


async def test_call_log_keeps_decoded_params(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    await ok(fake, "sendMessage", chat_id=uid, text="x", disable_notification=True)
    (call,) = fake.calls("sendMessage")
    assert call.ok
    assert call.params == {"chat_id": uid, "text": "x", "disable_notification": True}
    json.dumps(call.to_json())  # must stay JSON-serialisable for the HTTP calls route


async def test_rate_limit_next_uses_telegrams_wording(fake: FakeTelegram) -> None:
    uid = fake.add_user("Анна")
    fake.rate_limit_next("editMessageText", retry_after=12)
    status, body = await fake.call("editMessageText", {"chat_id": uid, "message_id": 1, "text": "x"})
    assert status == 429
    assert body["description"] == "Too Many Requests: retry after 12"
    assert body["parameters"] == {"retry_after": 12}
