"""The evening before a parent–teacher meeting: each parent who booked is reminded, and each teacher
gets his list of tomorrow (the scheduled job `meeting_reminder`, scheduler/jobs.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.calendar import school_zone
from services.events import MeetingAgendaItem, MeetingAgendaNotice, MeetingReminderNotice
from services.meetings import booking_event
from services.names import short_name
from services.notify import enqueue_rows, rows

_TOMORROWS = text("""
    SELECT b.id, b.account, b.student_id, b.day, b.staff_id, s.starts_at, s.ends_at, o.place,
           st.last_name, st.first_name, st.middle_name, c.grade_level, c.letter,
           t.last_name AS t_last, t.first_name AS t_first, t.middle_name AS t_middle,
           t.tg_user_id AS t_account,
           g.last_name AS parent_last, g.first_name AS parent_first, g.middle_name AS parent_middle
      FROM meeting_booking b
      JOIN meeting_slot s ON s.id = b.slot_id AND s.cancelled_at IS NULL
      JOIN meeting_offer o ON o.id = s.offer_id AND o.cancelled_at IS NULL
      JOIN student st ON st.id = b.student_id
      JOIN school_class c ON c.id = st.class_id
      JOIN staff t ON t.id = b.staff_id
      LEFT JOIN guardian g ON g.id = b.guardian_id
     WHERE b.school_id = :school_id AND b.day = :day AND b.cancelled_at IS NULL
     ORDER BY b.staff_id, s.starts_at
""")


async def remind(
    session: AsyncSession, school_id: int, today: dt.date, *, now: dt.datetime, run_key: str
) -> int:
    """The evening before: each parent who booked a meeting tomorrow, and each teacher his list."""
    zone = await school_zone(session, school_id)
    day = today + dt.timedelta(days=1)
    batch: list[dict[str, Any]] = []
    agendas: dict[int, list[MeetingAgendaItem]] = {}
    for row in await session.execute(_TOMORROWS, {"school_id": school_id, "day": day}):
        parent = short_name(row.parent_last, row.parent_first, row.parent_middle) if row.parent_last else ""
        fields = booking_event(row, zone, parent)
        if row.account is not None:
            batch += rows(
                school_id=school_id,
                recipients=[row.account],
                event=MeetingReminderNotice.model_validate(fields),
                not_before=now,
                event_key=f"{run_key}:{row.id}",
            )
        if row.t_account is not None:
            agendas.setdefault(row.t_account, []).append(
                MeetingAgendaItem.model_validate({**fields, "place": row.place})
            )
    for account, items in agendas.items():
        batch += rows(
            school_id=school_id,
            recipients=[account],
            event=MeetingAgendaNotice(day=day, items=tuple(items)),
            not_before=now,
            event_key=f"{run_key}:teacher",
        )
    await enqueue_rows(session, batch)
    return len(batch)
