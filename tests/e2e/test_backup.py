"""Backups as an operator uses them: `schoolbot backup` of a school with weeks of history, `schoolbot
restore` into a fresh PostgreSQL server, and the school comes back exactly (every table's rows and a
checksum of each); a database that holds a journal is not overwritten unasked; the nightly job makes
one dump a night however many instances tick, and old dumps are pruned by age."""

from __future__ import annotations

import datetime as dt
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.backup import choose, nightly_job, taken_at
from bot.db import ensure_database, to_plain_url
from scheduler import runs
from services import demo, demo_history
from services.audit import CLI
from services.schools import create_school
from tests.e2e.conftest import CliResult, Sandbox

MOSCOW = ZoneInfo("Europe/Moscow")
FRIDAY = dt.date(2026, 11, 27)
# Every table's rows, in an order of their own: equal checksums, equal contents.
CHECKSUM = """
    SELECT count(*) AS rows,
           md5(coalesce(string_agg(row_to_json(t)::text, '|' ORDER BY row_to_json(t)::text), '')) AS sum
      FROM {table} t
"""


@pytest.fixture
async def demo_school(session_factory: async_sessionmaker[AsyncSession]) -> int:
    """The demo school with two weeks of lessons, attendance, marks, homework and their audit rows."""
    now = dt.datetime.combine(FRIDAY, dt.time(9), tzinfo=MOSCOW)
    async with session_factory() as session, session.begin():
        built = await demo.build_demo(session, now=now, ttl_days=14)
        await demo_history.add_history(session, built.school_id, FRIDAY, weeks=2)
    return built.school_id


@pytest.fixture
def fresh_server() -> Iterator[str]:
    """Another PostgreSQL, empty, as on the machine a school restores to."""
    with tempfile.TemporaryDirectory(prefix="schoolbot-restore-") as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(Path(folder) / "pg", cleanup_mode="stop")  # type: ignore[attr-defined]
        try:
            query = urlencode(dict(parse_qsl(urlsplit(server.get_uri()).query)))
            yield urlunsplit(("postgresql", "postgres@", "/journal", query, ""))
        finally:
            server.cleanup()


async def _backup(sandbox: Sandbox, owner_url: str, folder: Path) -> tuple[CliResult, Path]:
    """`schoolbot backup --to folder` as the schema's owner; its output and the one dump it wrote."""
    made = await sandbox.cli("backup", "--to", str(folder), DATABASE_OWNER_URL=to_plain_url(owner_url))
    assert made.returncode == 0, made.stderr
    [dump] = _dumps(folder)
    return made, dump


def _dumps(folder: Path) -> list[Path]:
    return sorted(folder.glob("schoolbot-*.dump"))


async def _contents(url: str) -> dict[str, tuple[int, str]]:
    conn = await asyncpg.connect(to_plain_url(url))
    try:
        tables = [
            r["tablename"]
            for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        found = {}
        for table in sorted(tables):
            row = await conn.fetchrow(CHECKSUM.format(table=table))
            assert row is not None
            found[table] = (int(row["rows"]), str(row["sum"]))
        return found
    finally:
        await conn.close()


async def test_a_backup_restored_on_a_fresh_server_is_the_same_school(
    sandbox: Sandbox, demo_school: int, owner_database_url: str, fresh_server: str
) -> None:
    folder = sandbox.workdir / "backups"
    made, dump = await _backup(sandbox, owner_database_url, folder)
    assert made.stdout.startswith(f"Резервная копия записана: {dump}")
    assert taken_at(dump) is not None and dump.stat().st_size > 10_000
    # The whole journal in one file: the bot's user alone may read it, and list the folder.
    assert dump.stat().st_mode & 0o777 == 0o600 and folder.stat().st_mode & 0o777 == 0o700

    base = urlunsplit(urlsplit(fresh_server)._replace(path="/postgres"))
    await ensure_database(base, "journal")
    restored = await sandbox.cli("restore", str(dump), "--yes", DATABASE_URL=fresh_server)
    assert restored.returncode == 0, restored.stderr
    assert "Журнал восстановлен" in restored.stdout and "1 школа" in restored.stdout

    before, after = await _contents(owner_database_url), await _contents(fresh_server)
    assert after == before
    assert before["mark"][0] > 100 and before["attendance"][0] > 10 and before["audit_log"][0] > 0

    # Once it holds a journal, the fresh server is not overwritten unasked.
    again = await sandbox.cli("restore", str(dump), "--yes", DATABASE_URL=fresh_server)
    assert again.returncode == 1
    assert again.stderr.startswith("schoolbot: в базе уже есть журнал (1 школа)")
    assert "--force" in again.stderr and "Traceback" not in again.stderr
    forced = await sandbox.cli("restore", str(dump), "--yes", "--force", DATABASE_URL=fresh_server)
    assert forced.returncode == 0, forced.stderr
    assert await _contents(fresh_server) == before


async def test_a_restore_asks_first_and_a_no_changes_nothing(
    sandbox: Sandbox, owner_database_url: str
) -> None:
    folder = sandbox.workdir / "backups"
    _, dump = await _backup(sandbox, owner_database_url, folder)
    missing = await sandbox.cli("restore", str(folder / "nothing.dump"), "--yes")
    assert missing.returncode == 1 and "не найден" in missing.stderr
    # An empty stdin is not a «yes».
    asked = await sandbox.cli("restore", str(dump), DATABASE_OWNER_URL=to_plain_url(owner_database_url))
    assert asked.returncode == 1
    assert "Введите yes" in asked.stdout and "Отменено, база не изменена." in asked.stdout


async def test_the_nightly_backup_is_one_dump_a_night_whatever_the_instances(
    session_factory: async_sessionmaker[AsyncSession],
    demo_school: int,
    owner_database_url: str,
    tmp_path: Path,
) -> None:
    async with session_factory() as session, session.begin():
        await create_school(session, CLI, name="Второй лицей", timezone="Asia/Yekaterinburg", today=FRIDAY)
    job = nightly_job(owner_database_url, tmp_path, keep_daily=14, keep_monthly=12)
    night = dt.datetime.combine(FRIDAY, dt.time(2, 30), tzinfo=MOSCOW).astimezone(dt.UTC)
    assert await runs.tick(session_factory, night - dt.timedelta(minutes=1), (job,)) == []
    made = await runs.tick(session_factory, night + dt.timedelta(minutes=1), (job,))
    assert [(run.job, count) for run, count in made] == [("backup", 1)]  # two schools, one dump
    assert await runs.tick(session_factory, night + dt.timedelta(minutes=2), (job,)) == []  # claimed
    assert len(_dumps(tmp_path)) == 1


def test_old_dumps_are_pruned_by_day_and_by_month(tmp_path: Path) -> None:
    start = dt.datetime(2026, 1, 1, 23, 30, tzinfo=dt.UTC)
    names = []
    for day in range(120):  # four months of nightly dumps, and a second one on each Sunday
        at = start + dt.timedelta(days=day)
        names.append(tmp_path / f"schoolbot-journal-{at:%Y-%m-%d-%H%M%S}.dump")
        if at.isoweekday() == 7:
            names.append(tmp_path / f"schoolbot-journal-{at + dt.timedelta(minutes=10):%Y-%m-%d-%H%M%S}.dump")
    stranger = tmp_path / "notes.txt"
    decided = choose([*names, stranger], keep_daily=14, keep_monthly=3)
    kept_days = sorted({taken_at(path).date() for path in decided.kept})  # type: ignore[union-attr]
    assert kept_days[-14:] == [dt.date(2026, 4, 30) - dt.timedelta(days=n) for n in range(13, -1, -1)]
    assert len(decided.kept) == 14 + 2  # April's newest is among the days; February's and March's ends
    assert {f"{taken_at(p):%Y-%m}" for p in decided.kept} == {"2026-02", "2026-03", "2026-04"}
    assert stranger not in decided.removed and len(decided.kept) + len(decided.removed) == len(names)
