"""The school's own date: "today" is the day in the school's timezone, not the server's."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from models import School
from services.errors import ServiceError


async def school_today(session: AsyncSession, school_id: int, now: dt.datetime) -> dt.date:
    return now.astimezone(await school_zone(session, school_id)).date()


async def school_zone(session: AsyncSession, school_id: int) -> ZoneInfo:
    school = await session.get(School, school_id)
    if school is None:
        raise ServiceError("school-unknown", value=str(school_id))
    return ZoneInfo(school.timezone)
