"""The school's own date: "today" is the day in the school's timezone, not the server's."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from models import School


async def school_today(session: AsyncSession, school_id: int, now: dt.datetime) -> dt.date:
    school = await session.get(School, school_id)
    if school is None:
        return now.date()
    return now.astimezone(ZoneInfo(school.timezone)).date()
