"""Every notice is a typed event with one renderer, a sample here, and its texts in every locale.

Adding an event to services/events.py without a renderer in bot/delivery/renderers.py, a sample below
or its Fluent keys in each locale fails here, before anyone receives «something happened».
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.delivery.notices import render
from bot.delivery.renderers import RENDERERS
from bot.i18n import SUPPORTED_LOCALES, Catalog, Translator
from services import events
from services.delivery import OutboxRow, Parcel, Recipient
from services.events import EVENTS, Event
from services.preferences import Preferences

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 27)
CATALOG = Catalog()


def _mark(value: int | None, previous: int | None, comment: str | None = None) -> events.MarkNotice:
    def state(v: int | None) -> events.MarkState | None:
        return None if v is None else events.MarkState(value=v, kind="Контрольная", weight=2, comment=comment)

    event = "created" if previous is None else ("removed" if value is None else "changed")
    return events.MarkNotice(
        event=event,
        mark_id=1,
        student_id=7,
        student="Андреев Ярослав Павлович",
        lesson_id=3,
        subject_id=4,
        subject="Алгебра",
        date=DAY,
        class_label="7А",
        teacher_id=9,
        mark=state(value),
        previous=state(previous),
    )


def _lesson(**extra: Any) -> dict[str, Any]:
    return {"lesson_id": 3, "date": DAY, "lesson_number": 2, "subject": "История", "class": "7А", **extra}


_POST = {
    "post_id": 5,
    "post_kind": "event",
    "audience": "class_parents",
    "class": "5Б",
    "from": "Смирнова Е. В.",
    "text": "Родительское собрание",
    "event_at": dt.datetime(2026, 12, 3, 18, 0, tzinfo=dt.UTC),
    "place": "каб. 12",
}
_YES_NO_PER_CHILD = {
    "question": "yes_no",
    "per_child": True,
    "until": dt.datetime(2026, 12, 2, 20, 0, tzinfo=dt.UTC),
    "children": [{"student_id": 3, "name": "Петя"}, {"student_id": 4, "name": "Маша"}],
}
_FINALS = {"period_id": 2, "period_kind": "trimester", "period_number": 1, "deadline": DAY}


def _timetable_change(after: dict[str, Any], subgroup: int = 0) -> events.TimetableChangeNotice:
    before = {"date": DAY, "lesson_number": 3, "room": "301", "teacher": "Петрова А. А."}
    return events.TimetableChangeNotice.model_validate(
        {
            "class_id": 2,
            "class": "5Б",
            "date": DAY,
            "until": NOW + dt.timedelta(hours=3),
            "changes": [
                {
                    "lesson_id": 11,
                    "lesson_number": 3,
                    "subject": "Алгебра",
                    "subgroup": subgroup,
                    "before": before,
                    "after": {**before, **after},
                }
            ],
        }
    )


_MEETING = {
    "booking_id": 3,
    "day": DAY,
    "starts": dt.time(16, 15),
    "ends": dt.time(16, 30),
    "place": "каб. 105",
    "teacher": "Попова О. Н.",
    "student_id": 7,
    "student": "Андреев Ярослав",
    "class": "5Б",
    "parent": "Андреева Ольга Ивановна",
}

SAMPLES: dict[type[Event], list[Event]] = {
    events.MarkNotice: [
        _mark(5, None, "Молодец!"),
        _mark(4, 3),
        _mark(None, 5),
        _mark(4, 4, "Исправь ошибки"),
    ],
    events.AttendanceNotice: [
        events.AttendanceNotice.model_validate(
            {
                "lesson_id": 3,
                "student_id": 7,
                "student": "Андреев Ярослав",
                "status": status,
                "previous": "present",
                "subject_id": 4,
                "subject": "История",
                "date": DAY,
                "lesson_number": 3,
                "class": "7А",
            }
        )
        for status in ("absent", "late", "present")
    ],
    events.HomeworkNotice: [
        events.HomeworkNotice.model_validate(
            {
                "event": kind,
                "homework_id": 1,
                "subject": "Физика",
                "class": "9В",
                "due_on": DAY,
                "text": "§ 12",
                "attachments": [{"file_id": "f", "kind": "photo"}],
            }
        )
        for kind in ("created", "changed", "removed")
    ],
    events.RemarkNotice: [
        events.RemarkNotice(
            remark_id=1, student_id=7, student="Андреев Ярослав", text="Опоздал", author="Смирнова Е. В."
        )
    ],
    events.FinalMarkNotice: [
        events.FinalMarkNotice(
            final_id=1,
            student_id=7,
            student="Андреев Ярослав",
            subject="Алгебра",
            period_kind="trimester",
            period_number=1,
            value=5,
            previous=previous,
        )
        for previous in (None, 4)
    ],
    events.ReportCardReadyNotice: [
        events.ReportCardReadyNotice(
            student_id=7,
            student="Андреев Ярослав",
            first_name=first_name,
            class_label="7А",
            period_id=2,
            period_kind=kind,
            period_number=1,
        )
        for first_name, kind in (("Ярослав", "trimester"), ("", "half_year"))
    ],
    events.AbsenceNoteNotice: [
        events.AbsenceNoteNotice(
            student_id=7,
            student="Андреев Ярослав",
            class_label="7А",
            starts_on=DAY,
            ends_on=DAY + dt.timedelta(days=2),
            reason="болеет",
            parent="Андреева О. И.",
            lessons=12,
        )
    ],
    events.AbsenceNoteWithdrawnNotice: [
        events.AbsenceNoteWithdrawnNotice(
            student_id=7,
            student="Андреев Ярослав",
            class_label="7А",
            starts_on=DAY,
            ends_on=DAY,
            reason="болеет",
            parent="Андреева О. И.",
        )
    ],
    events.NudgeNotice: [
        events.NudgeNotice.model_validate(
            {
                "date": DAY,
                "last": last,
                "lessons": [
                    {
                        "lesson_id": 3,
                        "lesson_number": 2,
                        "class": "7А",
                        "subject": "История",
                        "missing": ["attendance", "topic"],
                    }
                ],
            }
        )
        for last in (False, True)
    ],
    events.WeekAbsencesNotice: [
        events.WeekAbsencesNotice.model_validate(
            {
                "class_id": 1,
                "class": "5Б",
                "monday": DAY,
                "students": [
                    {
                        "name": "Андреев Ярослав",
                        "misses": [[DAY, 1, "Алгебра", "absent", False], [DAY, 2, "История", "late", False]],
                    }
                ],
            }
        ),
        events.WeekAbsencesNotice.model_validate(
            {"class_id": 1, "class": "5Б", "monday": DAY, "students": []}
        ),
    ],
    events.ControlReportNotice: [
        events.ControlReportNotice.model_validate(
            {
                "school_id": 1,
                "period_id": 2,
                "period_kind": "trimester",
                "period_number": 1,
                "until": DAY,
                "lines": 40,
                "incomplete_count": 31,
                "incomplete": [
                    {
                        "teacher": "Попова О. Н.",
                        "class": "5Б",
                        "subject": "Литература",
                        "lessons": 12,
                        "no_attendance": 2,
                        "no_topic": 1,
                        "no_homework": 3,
                        "days_without_marks": 20,
                    }
                ],
            }
        )
    ],
    events.FinalsReminderNotice: [
        events.FinalsReminderNotice.model_validate(
            {
                **_FINALS,
                "items": [
                    {"class_id": 1, "class": "5Б", "subject_id": 4, "subject": "Алгебра", "missing": 3}
                ],
            }
        )
    ],
    events.FinalsMissingNotice: [
        events.FinalsMissingNotice.model_validate(
            {
                **_FINALS,
                "items": [{"teacher": "Попова О. Н.", "class": "5Б", "subject": "Алгебра", "missing": 1}],
            }
        )
    ],
    events.SubstitutionNotice: [events.SubstitutionNotice.model_validate(_lesson(reason="болезнь"))],
    events.OwnLessonSubstitutedNotice: [
        events.OwnLessonSubstitutedNotice.model_validate(_lesson(substitute=name, reason=None))
        for name in ("Морозов И. В.", "")
    ],
    events.SubstitutionWithdrawnNotice: [events.SubstitutionWithdrawnNotice.model_validate(_lesson())],
    events.LessonUnlockedNotice: [
        events.LessonUnlockedNotice.model_validate(
            _lesson(until=NOW + dt.timedelta(days=3), reason="исправить")
        )
    ],
    events.LessonChangedNotice: [
        events.LessonChangedNotice.model_validate(_lesson(**extra))
        for extra in (
            {"change": "cancelled", "reason": "карантин"},
            {"change": "moved", "to_date": DAY, "to_number": 6},
            {"change": "moved", "to_date": DAY + dt.timedelta(days=1), "to_number": 2},
            {"change": "room", "room": "214"},
            {"change": "restored"},
        )
    ],
    events.TimetableChangeNotice: [
        _timetable_change({"status": "cancelled", "room": "", "teacher": ""}),
        _timetable_change({"status": "moved", "lesson_number": 6}, subgroup=1),
        _timetable_change(
            {"status": "moved", "date": DAY + dt.timedelta(days=1), "lesson_number": 2, "room": "214"}
        ),
        _timetable_change({"room": "214"}),
        _timetable_change({"teacher": "Иванова Н. П."}),
    ],
    events.AnnouncementNotice: [
        events.AnnouncementNotice(text="Завтра сокращённые уроки", sender="Администрация")
    ],
    events.PostNotice: [
        events.PostNotice.model_validate(_POST),
        events.PostNotice.model_validate(
            {**_POST, "post_kind": "news", "audience": "school", "event_at": None}
        ),
        events.PostNotice.model_validate({**_POST, **_YES_NO_PER_CHILD}),
        events.PostNotice.model_validate({**_POST, "question": "ack", "per_child": True}),  # a student's copy
    ],
    events.EventReminderNotice: [events.EventReminderNotice.model_validate(_POST)],
    events.QuestionReminderNotice: [
        events.QuestionReminderNotice.model_validate({**_POST, **_YES_NO_PER_CHILD}),
        events.QuestionReminderNotice.model_validate(
            {**_POST, "question": "choice", "options": ["Приду", "Не смогу"], "until": None}
        ),
    ],
    events.PostCorrectionNotice: [
        events.PostCorrectionNotice.model_validate({**_POST, **_YES_NO_PER_CHILD, **correction})
        for correction in (
            {"change": "edited", "published_at": NOW, "message_id": 7, "chat_id": 500},
            {"change": "edited", "published_at": NOW},
            {"change": "withdrawn", "published_at": NOW, "message_id": 7, "chat_id": 500},
            {"change": "withdrawn", "published_at": NOW},
        )
    ],
    events.UpcomingTestNotice: [
        events.UpcomingTestNotice(
            test_id=11,
            student_id=7,
            student="Андреев Ярослав Павлович",
            class_label="5Б",
            subject="Математика",
            test_kind="Контрольная работа",
            day=DAY,
        )
    ],
    events.MorningBriefNotice: [
        events.MorningBriefNotice.model_validate(
            {
                "date": DAY,
                "children": [
                    {
                        "name": name,
                        "class": "5Б",
                        "parent": parent,
                        "lessons": [
                            {"number": 1, "starts_at": "08:30", "subject": "Алгебра", "room": "214"},
                            {"number": 2, "subject": "История", "status": "cancelled"},
                            {"number": 3, "subject": "Физика", "status": "moved", "moved_to": [DAY, 6]},
                            {
                                "number": 6,
                                "subject": "Физика",
                                "moved_from": [DAY, 3],
                                "room": "301",
                                "room_changed": True,
                            },
                            {"number": 4, "subject": "Химия", "substitute": "Попова О. Н."},
                            {
                                "number": 7,
                                "subject": "Биология",
                                "moved_from": [DAY - dt.timedelta(days=1), 2],
                            },
                        ],
                        "homework": ["Алгебра: № 245"],
                        "tests": ["Алгебра — Контрольная работа"],
                    }
                    for name, parent in (("Ярослав", True), ("Мария", True))
                ],
                "events": [{"title": "Концерт", "at": NOW, "place": "Актовый зал"}],
            }
        ),
        events.MorningBriefNotice.model_validate(
            {
                "date": DAY,
                "children": [
                    {
                        "name": "Ярослав",
                        "class": "5Б",
                        "parent": False,
                        "lessons": [{"number": 1, "subject": "Алгебра"}],
                    }
                ],
            }
        ),
    ],
    events.ThreadMessageNotice: [
        events.ThreadMessageNotice(
            thread_id=4,
            from_family=from_family,
            sender="Андреева О. И.",
            staff="Попова О. Н.",
            student="Андреев Ярослав",
            class_label="5Б",
            text="Здравствуйте!",
        )
        for from_family in (True, False)
    ],
    events.MeetingBookedNotice: [
        events.MeetingBookedNotice.model_validate({**_MEETING, "moved_from": moved})
        for moved in (None, dt.time(16, 0))
    ],
    events.MeetingBookingCancelledNotice: [events.MeetingBookingCancelledNotice.model_validate(_MEETING)],
    events.MeetingCancelledNotice: [events.MeetingCancelledNotice.model_validate(_MEETING)],
    events.MeetingReminderNotice: [
        events.MeetingReminderNotice.model_validate({**_MEETING, "place": place})
        for place in ("каб. 105", "https://telemost.yandex.ru/j/123")
    ],
    events.MeetingAgendaNotice: [
        events.MeetingAgendaNotice(
            day=DAY,
            items=tuple(
                events.MeetingAgendaItem.model_validate(
                    {
                        **_MEETING,
                        "starts": dt.time(16, 15 * n),
                        "ends": dt.time(16, 15 * n + 15),
                        "place": place,
                    }
                )
                for n, place in enumerate(places)
            ),
        )
        for places in (("каб. 105",), ("каб. 105", "https://telemost.yandex.ru/j/123"))
    ],
}


@dataclass(frozen=True)
class KeyRecorder(Translator):
    """The real translator, noting every key asked for."""

    used: list[str] = field(default_factory=list)

    def __call__(self, key: str, **args: Any) -> str:
        self.used.append(key)
        return super().__call__(key, **args)


def test_every_event_type_has_a_renderer_and_a_sample() -> None:
    types = set(EVENTS.values())
    assert types == set(SAMPLES), "an event without a sample here, or a sample of no registered event"
    assert types <= set(RENDERERS), f"events without a renderer: {types - set(RENDERERS)}"
    for event_type, samples in SAMPLES.items():
        assert samples and all(type(sample) is event_type for sample in samples)


def _kind(event_type: type[Event]) -> str:
    return event_type.kind


EVENT_TYPES: list[type[Event]] = sorted(EVENTS.values(), key=_kind)


@pytest.mark.parametrize("event_type", EVENT_TYPES, ids=_kind)
def test_each_event_survives_its_json_and_renders_in_every_locale(
    event_type: type[Event], caplog: pytest.LogCaptureFixture
) -> None:
    for number, sample in enumerate(SAMPLES[event_type]):
        stored = sample.payload()
        assert events.parse(sample.kind, stored) == sample  # what the outbox keeps reads back the same
        for locale in SUPPORTED_LOCALES:
            t = KeyRecorder(CATALOG, locale)
            row = OutboxRow.of(id=number + 1, school_id=1, tg_user_id=500, event=sample, not_before=NOW)
            parcel = Parcel(Recipient(500, 500, locale, False, Preferences()), [row])
            with caplog.at_level(logging.ERROR, logger="bot.i18n"):
                messages = render(parcel, t, {9: "Попова О. Н."})
            assert "notice-unknown" not in t.used, (
                f"{sample.kind} #{number} fell back to «something happened»"
            )
            missing = set(t.used) - CATALOG.keys(locale)
            assert not missing, f"{locale} lacks {missing} for {sample.kind}"
            assert not caplog.records, [record.getMessage() for record in caplog.records]
            text = "\n".join(message.text for message in messages)
            assert text.strip() and not re.search(r"\{|\}|None|\.\.(?!\.)", text), text
            for message in messages:
                for row_buttons in message.buttons:
                    for button in row_buttons:
                        assert button.text and len(button.data.encode()) <= 64


def test_a_row_of_an_unknown_kind_or_shape_still_tells_something() -> None:
    assert events.parse("no_such_kind", {}) is None
    assert events.parse("mark", {"mark_id": "not a number"}) is None
    row = OutboxRow(1, 1, 500, "no_such_kind", {}, NOW, 0, False, None)
    [message] = render(
        Parcel(Recipient(500, 500, "ru", False, Preferences()), [row]), CATALOG.translator("ru"), {}
    )
    assert message.text == CATALOG.translator("ru")("notice-unknown")
