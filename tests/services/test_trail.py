"""The trail statement: a change, its audit row and its outbox rows stand or fall together."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import AuditLog, Outbox
from services import audit, trail
from services.audit import CLI
from services.events import AnnouncementNotice
from services.notify import rows as outbox_rows
from services.users import TelegramProfile, enter
from tests.factories import NOW, small_school

_RENAME = trail.with_change("UPDATE school SET name = :name WHERE id = :school_id RETURNING 1")


async def _counts(session: AsyncSession) -> tuple[int, int]:
    audited = await session.scalar(
        select(func.count()).select_from(AuditLog).where(AuditLog.action == "t.test")
    )
    told = await session.scalar(select(func.count()).select_from(Outbox).where(Outbox.kind == "announcement"))
    return int(audited or 0), int(told or 0)


async def _write(session: AsyncSession, school_id: int, target_id: int) -> None:
    row = audit.row(CLI, "t.test", "school", school_id, school_id=school_id, after={"name": "Лицей"})
    notice = AnnouncementNotice(text="Лицей переименован")
    told = outbox_rows(school_id=school_id, recipients=[1, 2], event=notice, not_before=NOW)
    await trail.write(
        session, [row], told, change=_RENAME, change_params={"name": "Лицей", "school_id": target_id}
    )


async def test_a_change_that_touched_nothing_leaves_no_trail(session: AsyncSession) -> None:
    school = await small_school(session)
    for account in (1, 2):
        await enter(session, TelegramProfile(account, account, "Родитель"), NOW)
    await _write(session, school.school_id, target_id=-1)  # no such school: the UPDATE touches no row
    assert await _counts(session) == (0, 0)
    await _write(session, school.school_id, target_id=school.school_id)
    assert await _counts(session) == (1, 2)
