"""The morning brief: a mother asks for it in «🔔 Уведомления»; on a school day it brings her child's
lessons as they take place (a lesson cancelled the night before marked, and that night's change notice
not sent twice), the test and the homework of the day, at 07:00 whatever her quiet hours; nothing on a
Sunday, nothing to whoever did not ask."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.notices import render
from bot.i18n import Catalog
from models import Homework, Outbox, PlannedTest
from scheduler import runs
from services import delivery, events
from services.delivery import OutboxRow, Parcel, Recipient
from services.preferences import Preferences
from tests.handlers.conftest import Harness

WEDNESDAY = dt.date(2026, 12, 2)
_MATHS_AND_CONTROL = text(
    "SELECT s.id, k.id AS kind FROM subject s JOIN mark_kind k ON k.school_id = s.school_id"
    " WHERE s.name = 'Математика' AND k.code = 'control'"
)
MOSCOW = dt.timezone(dt.timedelta(hours=3))
LEASE = dt.timedelta(minutes=5)


async def test_a_mother_s_morning_brief_tells_the_day_as_it_is_once(
    harness: Harness, session: AsyncSession
) -> None:
    mother, _ = await harness.join("parent")
    await harness.join("student")
    await mother.send("/start")
    await mother.press("🔔 Уведомления")
    screen = await mother.press("☀️ Утром: нет")
    assert screen.has_button("☀️ Утром: 07:00") and "Утренняя сводка: 07:00" in screen.text

    # Tuesday 22:00 in Moscow: the deputy cancels a lesson of Wednesday; the mother's quiet hours hold it.
    harness.clock.advance(dt.datetime(2026, 12, 1, 19, 0, tzinfo=dt.UTC) - harness.clock.now())
    deputy, _ = await harness.join("deputy")
    await deputy.press("🔁 Замены и правка уроков")
    await deputy.press("5Б")
    screen = await deputy.press("▶")
    assert screen.text.startswith("5Б · Среда, 2 декабря"), screen.text
    number = int(next(line for line in screen.text.splitlines() if "Смирнова Е. В." in line).split(".")[0])
    await deputy.press(next(b for row in screen.buttons for b in row if b.startswith(f"{number} · ")))
    await deputy.press("❌ Отменить урок")
    screen = await deputy.press("✅ Отменить урок")
    async with harness.session_factory() as claim, claim.begin():  # the sender: quiet hours hold it
        held = await delivery.claim(claim, now=harness.clock.now(), limit=50, lease=LEASE)
    assert not [p for p in held if p.recipient.tg_user_id == mother.user_id]
    change = await session.scalar(
        select(Outbox).where(Outbox.kind == "timetable_change", Outbox.tg_user_id == mother.user_id)
    )
    assert change is not None and change.status == "pending"
    assert change.not_before == dt.datetime(2026, 12, 2, 8, 0, tzinfo=MOSCOW)  # the end of quiet hours
    fifth = await session.scalar(text("SELECT id FROM school_class WHERE grade_level = 5 AND letter = 'Б'"))
    subject_id, kind_id = (await session.execute(_MATHS_AND_CONTROL)).one()
    assert harness.school is not None
    school_id = harness.school.school_id
    session.add(
        PlannedTest(
            school_id=school_id, class_id=fifth, subject_id=subject_id, day=WEDNESDAY, kind_id=kind_id
        )
    )
    session.add(
        Homework(
            school_id=school_id, class_id=fifth, subject_id=subject_id, due_on=WEDNESDAY, text="№ 245, 247"
        )
    )
    await session.commit()

    six_am = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)
    async with harness.session_factory() as job, job.begin():
        sent = await runs.run_now(job, "morning_brief", school_id, WEDNESDAY, six_am, "t")
    assert sent == 1  # the mother only: the student did not ask for it
    brief = await session.scalar(select(Outbox).where(Outbox.kind == "morning_brief"))
    assert brief is not None and brief.tg_user_id == mother.user_id
    assert brief.not_before == dt.datetime(2026, 12, 2, 7, 0, tzinfo=MOSCOW)
    # At 07:00 it goes, though her quiet hours (the school's, to 08:00) would hold anything else.
    async with harness.session_factory() as claim, claim.begin():
        early = await delivery.claim(
            claim, now=brief.not_before - dt.timedelta(minutes=1), limit=50, lease=LEASE
        )
        assert not [p for p in early if p.recipient.tg_user_id == mother.user_id]
        due = await delivery.claim(claim, now=brief.not_before, limit=50, lease=LEASE)
    mine = [row.kind for p in due if p.recipient.tg_user_id == mother.user_id for row in p.rows]
    assert mine == ["morning_brief"]
    await session.refresh(change)
    assert change.status == "cancelled"  # the brief tells it: not twice

    event = events.parse(brief.kind, brief.payload)
    assert event is not None
    row = OutboxRow.of(id=1, school_id=school_id, tg_user_id=mother.user_id, event=event, not_before=six_am)
    parcel = Parcel(Recipient(mother.user_id, mother.user_id, "ru", False, Preferences()), [row])
    (message,) = render(parcel, Catalog().translator("ru"), {})
    shown = re.sub(r"<[^>]+>", "", message.text)
    assert shown.startswith("☀️ Доброе утро! Среда, 2 декабря")
    cancelled = next(line for line in shown.splitlines() if line.startswith(f"{number}. "))
    assert "❌ отменён" in cancelled
    assert "📝 Сегодня: Математика — Контрольная работа" in shown
    assert "• Математика: № 245, 247" in shown

    # Sunday: no lessons, no brief.
    sunday = dt.date(2026, 12, 6)
    async with harness.session_factory() as job, job.begin():
        assert (
            await runs.run_now(job, "morning_brief", school_id, sunday, six_am + dt.timedelta(days=4), "s")
            == 0
        )
