"""What the sender makes of rows and of Telegram's answers (pure pieces, no network)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.delivery.notices import TEXT_LIMIT, render
from bot.delivery.transport import Outcome, read_answer
from bot.i18n import Catalog
from services.delivery import OutboxRow, Parcel, Recipient
from services.events import parse
from services.preferences import Preferences

T = Catalog().translator("ru")
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def _row(row_id: int, kind: str, payload: dict[str, Any]) -> OutboxRow:
    event = parse(kind, payload)
    assert event is not None, f"a {kind} payload the events do not read: {payload}"
    return OutboxRow.of(id=row_id, school_id=1, tg_user_id=500, event=event, not_before=NOW)


def _parcel(*rows: OutboxRow) -> Parcel:
    return Parcel(Recipient(500, 500, "ru", False, Preferences()), list(rows))


def _mark(value: int | None, previous: int | None, comment: str | None = None) -> dict[str, Any]:
    def state(v: int | None) -> dict[str, Any] | None:
        return None if v is None else {"value": v, "kind": "Контрольная", "comment": comment}

    return {"mark_id": 1, "student_id": 7, "student": "Андреев Ярослав", "subject_id": 3,
            "subject": "Алгебра", "date": "2026-11-27", "teacher_id": 9,
            "mark": state(value), "previous": state(previous)}  # fmt: skip


def test_telegram_answers_decide_what_happens_to_the_row() -> None:
    assert read_answer(200, {"ok": True, "result": {"message_id": 42}}).message_id == 42
    limited = read_answer(429, {"ok": False, "error_code": 429, "description": "Too Many Requests",
                                "parameters": {"retry_after": 7}})  # fmt: skip
    assert (limited.outcome, limited.retry_after) == (Outcome.RATE_LIMITED, 7)
    assert (
        read_answer(
            403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
        ).outcome
        is Outcome.GONE
    )
    assert (
        read_answer(
            400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
        ).outcome
        is Outcome.GONE
    )
    assert (
        read_answer(
            400, {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"}
        ).outcome
        is Outcome.REJECTED
    )
    assert (
        read_answer(502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}).outcome
        is Outcome.RETRY
    )
    assert read_answer(502, "<html>").outcome is Outcome.RETRY


def test_one_message_tells_a_childs_marks_and_absence_under_his_name() -> None:
    absence = {"lesson_id": 4, "student_id": 7, "student": "Андреев Ярослав", "status": "absent",
               "previous": "present", "subject_id": 5, "subject": "История", "date": "2026-11-27",
               "lesson_number": 3, "class": "7А"}  # fmt: skip
    rows = (
        _row(1, "mark", _mark(5, None, "Молодец!")),
        _row(2, "mark", _mark(4, 3)),
        _row(3, "attendance", absence),
    )
    [message] = render(_parcel(*rows), T, {9: "Попова О. Н."})
    assert message.text == (
        "👤 <b>Андреев Ярослав</b>\n"
        "🆕 Алгебра: <b>5</b> — Контрольная, 27 ноября. Попова О. Н.\n"
        "💬 Молодец!\n"
        "✏️ Алгебра: оценка за 27 ноября исправлена 3 → <b>4</b> (Контрольная). Попова О. Н.\n"
        "🚫 Пропуск: 3-й урок, История, 27 ноября"
    )
    assert message.row_ids == [1, 2, 3]
    buttons = [row[0]["text"] for row in (message.reply_markup or {})["inline_keyboard"]]
    assert buttons == ["📊 Алгебра", "📊 История"]


def test_homework_files_are_counted_in_russian() -> None:
    files = [{"file_id": "a"}, {"file_id": "b", "kind": "photo"}]
    homework = {"event": "changed", "homework_id": 1, "subject": "Физика", "class": "9В",
                "due_on": "2026-12-01", "text": "§ 12, задачи 1–5", "attachments": files}  # fmt: skip
    [message] = render(_parcel(_row(1, "homework", homework)), T, {})
    assert "ДЗ по предмету «Физика» на 1 декабря изменено:\n§ 12, задачи 1–5\n📎 2 файла" in message.text


def test_a_long_parcel_is_split_between_rows_within_telegrams_limit() -> None:
    rows = [
        _row(n, "announcement", {"text": f"Объявление {n} " + "слово " * 300, "from": "Администрация"})
        for n in range(1, 8)
    ]
    messages = render(_parcel(*rows), T, {})
    assert len(messages) > 1
    assert all(len(m.text) <= TEXT_LIMIT for m in messages)
    assert [i for m in messages for i in m.row_ids] == list(range(1, 8))
    assert "&lt;" not in messages[0].text  # nothing to escape here, and nothing escaped twice


def test_a_comment_added_to_a_mark_is_not_called_a_correction() -> None:
    payload = _mark(5, 5, "Отличная работа")
    payload["previous"]["comment"] = None
    [message] = render(_parcel(_row(1, "mark", payload)), T, {9: "Попова О. Н."})
    assert "к оценке <b>5</b> за 27 ноября добавлен комментарий" in message.text
    assert "исправлена" not in message.text
    assert "💬 Отличная работа" in message.text


def test_a_remark_and_a_final_mark_carry_the_acknowledge_button_on_the_message_that_holds_them() -> None:
    child = {"student_id": 7, "student": "Андреев Ярослав"}
    remark = _row(
        1, "remark", {"remark_id": 5, "text": "Без сменной обуви.", "author": "Смирнова Е. А.", **child}
    )
    final = _row(2, "final", {"final_id": 6, "subject": "Алгебра", "period_kind": "trimester",
                              "period_number": 1, "value": 5, "previous": 4, **child})  # fmt: skip
    (message,) = render(_parcel(_row(3, "mark", _mark(5, None)), remark, final), T, {9: "Попова О. Н."})
    assert "Замечание классного руководителя</b> · Смирнова Е. А.\nБез сменной обуви." in message.text
    assert "Итоговая оценка исправлена · Алгебра, 1-й триместр: 4 → <b>5</b>" in message.text
    assert message.text.count("Андреев Ярослав") == 1  # one heading for the child
    assert message.reply_markup is not None
    rows = message.reply_markup["inline_keyboard"]
    assert rows[0] == [{"text": "✅ Ознакомлен(а)", "callback_data": "ack"}]
    assert rows[1][0]["text"] == "📊 Алгебра"

    # A parcel split in two: the button on each part that holds something to acknowledge.
    long_marks = [_row(10 + n, "mark", _mark(5, None, "к" * 900)) for n in range(6)]
    parts = render(_parcel(remark, *long_marks), T, {9: "Попова О. Н."})
    assert len(parts) > 1
    assert (
        parts[0].reply_markup is not None
        and parts[0].reply_markup["inline_keyboard"][0][0]["callback_data"] == "ack"
    )
    for part in parts[1:]:
        buttons = [b for row in (part.reply_markup or {}).get("inline_keyboard", []) for b in row]
        assert (1 in part.row_ids) == any(b["callback_data"] == "ack" for b in buttons)


def test_a_nudge_lists_the_lessons_with_a_button_to_each() -> None:
    lessons = [
        {"lesson_id": 41, "lesson_number": 2, "class": "5Б", "subject": "Математика",
         "missing": ["attendance", "homework", "topic"]},
        {"lesson_id": 42, "lesson_number": 4, "class": "7А", "subject": "Алгебра", "missing": ["homework"]},
    ]  # fmt: skip
    (message,) = render(
        _parcel(_row(1, "nudge", {"date": "2026-11-27", "last": True, "lessons": lessons})), T, {}
    )
    assert message.text == (
        "⏰ <b>Последнее напоминание: не заполнено за 27 ноября</b>\n"
        "2-й урок · 5Б · Математика — посещаемость, ДЗ, тема\n"
        "4-й урок · 7А · Алгебра — ДЗ"
    )
    assert message.reply_markup == {
        "inline_keyboard": [
            [{"text": "2 · 5Б Математика", "callback_data": "ls:41:c:0"}],
            [{"text": "4 · 7А Алгебра", "callback_data": "ls:42:c:0"}],
        ]
    }


def test_finals_reminders_read_naturally_and_open_the_finals_screen() -> None:
    head = {"period_id": 4, "period_kind": "trimester", "period_number": 1, "deadline": "2026-12-04"}
    item = {"class_id": 2, "class": "5Б", "subject_id": 3, "subject": "Физика", "missing": 2}
    (reminder,) = render(_parcel(_row(1, "finals_reminder", {**head, "items": [item]})), T, {})
    assert reminder.text == (
        "🏁 <b>Итоговые за 1-й триместр</b> выставляются до 4 декабря. Ещё не выставлены:\n"
        "5Б · Физика — 2 ученика"
    )
    assert reminder.reply_markup == {
        "inline_keyboard": [[{"text": "🏁 5Б · Физика", "callback_data": "fn:s:2:3:4:0:0"}]]
    }
    deputies = {
        **head,
        "items": [{"teacher": "Попова О. Н.", "class": "5Б", "subject": "Физика", "missing": 5}],
    }
    (listed,) = render(_parcel(_row(2, "finals_missing", deputies)), T, {})
    assert listed.text.endswith("Попова О. Н. — 5Б · Физика — 5 учеников")


def test_finals_messages_date_themselves_from_the_day_they_were_written() -> None:
    """«сегодня» only on the deadline itself: a run by hand for another day does not make 5 December
    say «сегодня, 4 марта»."""
    head = {"period_id": 4, "period_kind": "trimester", "period_number": 2, "deadline": "2027-03-04"}
    item = {"class_id": 2, "class": "5Б", "subject_id": 3, "subject": "Физика", "missing": 2}
    deputy_item = {"teacher": "Попова О. Н.", "class": "5Б", "subject": "Физика", "missing": 2}
    expected = {
        ("finals_reminder", "2027-03-01"): "выставляются до 4 марта.",
        ("finals_reminder", "2027-03-04"): "выставляются сегодня, 4 марта — последний день.",
        ("finals_reminder", "2027-03-05"): "— срок прошёл 4 марта.",
        ("finals_missing", "2026-12-05"): "Срок итоговых за 2-й триместр — 4 марта.",
        ("finals_missing", "2027-03-04"): "Срок итоговых за 2-й триместр — сегодня, 4 марта.",
        ("finals_missing", "2027-03-09"): "Срок итоговых за 2-й триместр прошёл 4 марта.",
    }
    for (kind, written_on), wording in expected.items():
        items = [item] if kind == "finals_reminder" else [deputy_item]
        (message,) = render(_parcel(_row(1, kind, {**head, "items": items, "written_on": written_on})), T, {})
        assert wording in message.text, (kind, written_on, message.text)
        assert "сегодня" not in message.text or written_on == "2027-03-04"


def test_two_periods_due_together_are_one_finals_message_with_a_part_each() -> None:
    trimester = {"period_id": 4, "period_kind": "trimester", "period_number": 3, "deadline": "2027-06-03"}
    year = {"period_id": 9, "period_kind": "year", "period_number": 1, "deadline": "2027-06-03"}
    item = {"class_id": 2, "class": "5Б", "subject_id": 3, "subject": "Физика", "missing": 2}
    payload = {**trimester, "items": [item], "more": [{**year, "items": [item]}], "written_on": "2027-05-30"}
    (reminder,) = render(_parcel(_row(1, "finals_reminder", payload)), T, {})
    assert reminder.text == (
        "🏁 <b>Итоговые за 3-й триместр</b> выставляются до 3 июня. Ещё не выставлены:\n"
        "5Б · Физика — 2 ученика\n"
        "\n"
        "🏁 <b>Итоговые за учебный год</b> выставляются до 3 июня. Ещё не выставлены:\n"
        "5Б · Физика — 2 ученика"
    )
    assert reminder.reply_markup == {
        "inline_keyboard": [
            [{"text": "🏁 5Б · Физика · 3-й триместр", "callback_data": "fn:s:2:3:4:0:0"}],
            [{"text": "🏁 5Б · Физика · учебный год", "callback_data": "fn:s:2:3:9:0:0"}],
        ]
    }


def test_a_report_a_list_and_a_reminder_due_together_are_three_messages_each_with_its_buttons() -> None:
    """The deputy got the finals list, the control report and a concert reminder as one wall under one
    unclear «📄 Таблица XLSX»: each is its own message now, the table's button under the report."""
    finals = {
        "period_id": 4, "period_kind": "trimester", "period_number": 1, "deadline": "2026-12-04",
        "written_on": "2026-12-04",
        "items": [{"teacher": "Попова О. Н.", "class": "5Б", "subject": "Физика", "missing": 5}],
    }  # fmt: skip
    report = {
        "school_id": 1, "period_id": 4, "period_kind": "trimester", "period_number": 1,
        "until": "2026-11-30", "lines": 12, "incomplete": [], "incomplete_count": 0,
    }  # fmt: skip
    concert = {
        "post_id": 7, "post_kind": "event", "audience": "school", "from": "Федорова Н. И.",
        "text": "Новогодний концерт", "event_at": "2026-12-05T18:00:00",
    }  # fmt: skip
    rows = (
        _row(1, "finals_missing", finals),
        _row(2, "control_report", report),
        _row(3, "event_reminder", concert),
    )
    messages = render(_parcel(*rows), T, {})
    assert [message.row_ids for message in messages] == [[1], [2], [3]]
    finals_message, report_message, concert_message = messages
    assert "Срок итоговых" in finals_message.text and finals_message.reply_markup is None
    assert "Контроль" in report_message.text or "контрол" in report_message.text.lower()
    report_buttons = [
        b["text"] for row in (report_message.reply_markup or {})["inline_keyboard"] for b in row
    ]
    assert report_buttons and all("Календар" not in text for text in report_buttons)
    assert "Новогодний концерт" in concert_message.text and "итоговых" not in concert_message.text
    concert_buttons = [
        b["text"] for row in (concert_message.reply_markup or {})["inline_keyboard"] for b in row
    ]
    assert concert_buttons == ["📅 Добавить в календарь"]


def test_short_announcements_due_together_are_one_message_a_blank_line_apart() -> None:
    rows = [_row(n, "announcement", {"text": f"Объявление {n}", "from": "Администрация"}) for n in (1, 2)]
    (message,) = render(_parcel(*rows), T, {})
    first, second = message.text.split("\n\n")
    assert "Объявление 1" in first and "Объявление 2" in second
