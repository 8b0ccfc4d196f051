"""A school's settings, stored as JSONB on the school row and typed here with their defaults."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

Messenger = Literal["telegram", "max"]
OFFERED_BY_DEFAULT: tuple[Messenger, ...] = ("telegram", "max")


class SchoolSettings(BaseModel):
    edit_window_days: int = Field(default=7, ge=0, le=366)
    mark_delay_minutes: int = Field(default=5, ge=0, le=120)
    # An absence waits this long before the family hears of it: a teacher cycling Н → О (late) or
    # correcting a mis-tap is then sent once, with the final state, by the coalescing sender.
    attendance_delay_minutes: int = Field(default=2, ge=0, le=60)
    quiet_hours_start: dt.time = dt.time(21, 0)
    quiet_hours_end: dt.time = dt.time(8, 0)
    nudge_time: dt.time = dt.time(17, 0)
    # The next morning's last reminder of what is still missing from the day before.
    nudge_again_time: dt.time = dt.time(8, 0)
    # The class teachers' weekly absence summary: ISO weekday (5 = Friday) and time.
    summary_weekday: int = Field(default=5, ge=1, le=7)
    summary_time: dt.time = dt.time(15, 0)
    # Reminders of missing final marks (weekly before a period ends, daily after, until the deadline).
    finals_reminder_time: dt.time = dt.time(9, 0)
    # The evening before an event its audience is reminded of it.
    event_reminder_time: dt.time = dt.time(18, 0)
    # Messages one person may send in threads an hour (services/threads.py): a limit against abuse.
    messages_per_hour: int = Field(default=10, ge=1, le=1000)
    # The school's limits on tests (services/planned_tests.py): a class's tests a day and a week. A
    # teacher planning one over them is warned and may go on; the deputy sees the class flagged.
    tests_per_day: int = Field(default=1, ge=1, le=10)
    tests_per_week: int = Field(default=4, ge=1, le=30)
    # Weighted average needed for a final 5, 4, 3 (the school's rounding thresholds).
    threshold_5: float = 4.5
    threshold_4: float = 3.5
    threshold_3: float = 2.5
    # Comments a teacher adds to a mark in one tap; free text is always possible too.
    comment_templates: list[str] = Field(
        default_factory=lambda: [
            "Молодец!",
            "Хорошая работа",
            "Есть ошибки — разберём на уроке",
            "Не готов к уроку",
            "Работа не сдана",
        ]
    )

    # The messengers the school's invites open in (those the deployment has a bot for): links and QR
    # codes for each; a school whose families are all in one leaves the other out.
    messengers: list[Messenger] = Field(default_factory=lambda: list(OFFERED_BY_DEFAULT))
    # The school's own headers for import columns (services/column_names.py): header → column name.
    import_columns: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def of(cls, raw: dict[str, Any] | None) -> SchoolSettings:
        return cls.model_validate(raw or {})

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


async def load(session: AsyncSession, school_id: int) -> SchoolSettings:
    """A school's settings (the defaults for a school that is not there)."""
    raw = (
        await session.execute(text("SELECT settings FROM school WHERE id = :id"), {"id": school_id})
    ).scalar()
    return SchoolSettings.of(raw)


async def messengers_for_invite(session: AsyncSession, invite_id: int) -> list[Messenger]:
    """The messengers the school of this invite offers (for its links)."""
    school_id = (
        await session.execute(text("SELECT school_id FROM invite WHERE id = :id"), {"id": invite_id})
    ).scalar()
    return (await load(session, int(school_id or 0))).messengers


async def messengers_for_class(session: AsyncSession, class_id: int) -> list[Messenger]:
    """The messengers the school of this class offers (for its slips)."""
    school_id = (
        await session.execute(text("SELECT school_id FROM school_class WHERE id = :id"), {"id": class_id})
    ).scalar()
    return (await load(session, int(school_id or 0))).messengers
