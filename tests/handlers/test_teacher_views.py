"""The teacher's screens as pure functions: Telegram's limits hold for any class size."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Catalog
from handlers.teacher.views import attendance_keyboard, marks_keyboard
from services.lessons import KindInfo, LessonInfo, LessonSheet, Presence, SheetMark, SheetStudent
from services.school_settings import SchoolSettings


def _sheet(size: int) -> LessonSheet:
    info = LessonInfo(
        lesson_id=987654321,
        school_id=1,
        class_id=1,
        class_label="5Б",
        grade_level=5,
        subject_id=1,
        subject="Математика",
        date=dt.date(2026, 11, 30),
        lesson_number=1,
        subgroup=0,
        teacher_id=1,
        substitute_id=None,
        topic=None,
        attendance_taken=True,
        zone=ZoneInfo("Europe/Moscow"),
        settings=SchoolSettings(),
        unlocked_until=None,
        acting_staff_id=1,
    )
    kinds = (
        KindInfo(1, "oral", "Ответ на уроке", "отв", 1.0),
        KindInfo(2, "control", "Контрольная", "к/р", 2.0),
    )
    students = [
        SheetStudent(
            1000 + i,
            f"Римская-Корсакова{i}",
            "Анастасия",
            "Александровна",
            Presence.LATE,
            False,
            tuple(SheetMark(i * 10 + n, 5, 1, None) for n in range(4)),
            (),
        )
        for i in range(size)
    ]
    return LessonSheet(info, kinds, students)


@pytest.mark.parametrize("size", [1, 30, 41, 95])
def test_roster_screens_stay_within_telegrams_limits(size: int) -> None:
    t = Catalog().translator("ru")
    sheet = _sheet(size)
    for page in range(3):
        for markup in (
            attendance_keyboard(t, sheet, page),
            marks_keyboard(t, sheet, sheet.kinds[0], 5, "AbCdEfGh", page, sheet.students[0].marks[0]),
        ):
            buttons = [b for row in markup.inline_keyboard for b in row]
            assert len(buttons) <= 100
            assert all(len(row) <= 8 for row in markup.inline_keyboard)
            assert all(len((b.callback_data or "").encode()) <= 64 for b in buttons)
    shown = {
        b.text for p in range(3) for row in attendance_keyboard(t, sheet, p).inline_keyboard for b in row
    }
    assert sum(text.startswith("О · Римская") for text in shown) == size  # every student on some page
