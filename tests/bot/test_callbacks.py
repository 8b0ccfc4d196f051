"""Callback data: packed the fast way exactly as aiogram packs it, and always under 64 bytes."""

from __future__ import annotations

import pytest

from bot.callbacks import AttCb, MarkTapCb, pack_fast
from services.lessons import Presence


@pytest.mark.parametrize(
    "values",
    [
        {"lesson_id": 1, "student_id": 2},
        {"lesson_id": 987654321012, "student_id": 123456789012, "shown": Presence.LATE, "page": 3},
    ],
)
def test_fast_attendance_data_is_what_aiogram_packs(values: dict[str, object]) -> None:
    assert pack_fast(AttCb, **values) == AttCb(**values).pack()  # type: ignore[arg-type]
    assert AttCb.unpack(pack_fast(AttCb, **values)) == AttCb(**values)  # type: ignore[arg-type]


def test_fast_mark_data_is_what_aiogram_packs() -> None:
    values = {
        "lesson_id": 987654321012,
        "student_id": 123456789012,
        "kind_id": 12345,
        "value": 5,
        "mode": 5,
        "key": "Ab-_9z",
        "page": 1,
    }
    packed = pack_fast(MarkTapCb, **values)  # type: ignore[arg-type]
    assert packed == MarkTapCb(**values).pack()
    assert len(packed.encode()) <= 64


def test_fast_packing_refuses_a_separator_or_overlong_data() -> None:
    with pytest.raises(ValueError, match="separator"):
        pack_fast(MarkTapCb, lesson_id=1, student_id=2, kind_id=3, key="a:b")
    with pytest.raises(ValueError, match="too long"):
        pack_fast(MarkTapCb, lesson_id=1, student_id=2, kind_id=3, key="x" * 60)


def test_every_prefix_is_unique_and_meeting_data_stays_under_64_bytes() -> None:
    """Two families sharing a prefix would unpack each other's buttons (aiogram matches the prefix)."""
    import inspect

    from aiogram.filters.callback_data import CallbackData

    from bot import callbacks, callbacks_meetings, callbacks_school_life
    from bot.callbacks_meetings import BookAction, BookCb, MeetAction, MeetCb

    prefixes = [
        cls.__prefix__
        for module in (callbacks, callbacks_school_life, callbacks_meetings)
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, CallbackData) and cls is not CallbackData and cls.__module__ == module.__name__
    ]
    assert len(prefixes) == len(set(prefixes)), sorted(prefixes)
    big = 987654321012
    day = 800000  # date.toordinal() of the year 2191
    packed = [
        MeetCb(action=MeetAction.DAY, day=day, offer_id=big, slot_id=big, class_id=big, minutes=120).pack(),
        BookCb(
            action=BookAction.MOVE, student_id=big, staff_id=big, day=day, slot_id=big, booking_id=big
        ).pack(),
    ]
    assert all(len(data.encode()) <= 64 for data in packed), packed
