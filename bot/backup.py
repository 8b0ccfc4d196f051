"""Backups: a consistent dump of the whole journal, kept by age, and a restore into an empty database.

`pg_dump --format=custom` takes one snapshot (the journal is consistent as of one instant, while the
bot goes on working) and compresses it. The client tools come from the pgserver wheel (PostgreSQL 16),
so a machine with no PostgreSQL installed can back up the embedded server and a server of its own
alike. A dump is written under a temporary name and renamed when complete: a file named like a
backup is a whole one. Old dumps are pruned: the newest of each of the last `keep_daily` days with a
backup, and the newest of each of the last `keep_monthly` months.

A restore runs as the schema owner: the empty schema is made anew, the dump loaded in one transaction
(all of it or nothing), and the bot's own role given its rights again (bot/db_roles.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import to_plain_url
from bot.db_roles import apply_grants
from bot.db_urls import database_of
from scheduler.jobs import DueRun, Job

DUMP_SUFFIX = ".dump"
NIGHTLY_AT = dt.time(2, 30)
_NAME = re.compile(r"^schoolbot-(?P<db>.+)-(?P<at>\d{4}-\d{2}-\d{2}-\d{6})\.dump$")
_STAMP = "%Y-%m-%d-%H%M%S"


class BackupError(Exception):
    """One line for the operator (the tool's own first line of complaint, or ours)."""


def pg_tool(name: str) -> Path:
    """pg_dump / pg_restore shipped in the pgserver wheel."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    return Path(pgserver.__file__).parent / "pginstall" / "bin" / name


def backup_name(database: str, at: dt.datetime) -> str:
    return f"schoolbot-{database}-{at.astimezone(dt.UTC):{_STAMP}}{DUMP_SUFFIX}"


def taken_at(path: Path) -> dt.datetime | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    return dt.datetime.strptime(match.group("at"), _STAMP).replace(tzinfo=dt.UTC)


async def _run(*command: str | Path) -> None:
    process = await asyncio.create_subprocess_exec(
        *map(str, command), stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await process.communicate()
    if process.returncode != 0:
        lines = stderr.decode(errors="replace").strip().splitlines()
        raise BackupError(lines[0] if lines else f"{Path(str(command[0])).name} failed")


async def dump(owner_url: str, folder: Path, now: dt.datetime) -> Path:
    """The whole database as one compressed file in `folder`; returns its path."""
    # The whole journal, names and marks: readable by the bot's user only, whatever the umask.
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # noqa: ASYNC240 - once, before a dump of minutes
    final = folder / backup_name(database_of(owner_url), now)
    partial = final.with_suffix(".partial")
    partial.touch(mode=0o600)  # empty, before pg_dump writes into it (keeping its mode)
    partial.chmod(0o600)  # touch's mode is masked by the umask
    try:
        await _run(
            pg_tool("pg_dump"), "--format=custom", "--compress=6", f"--file={partial}",
            f"--dbname={to_plain_url(owner_url)}",
        )  # fmt: skip
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(final)
    return final


@dataclass(frozen=True)
class Kept:
    kept: list[Path]
    removed: list[Path]


def choose(paths: list[Path], keep_daily: int, keep_monthly: int) -> Kept:
    """Which dumps stay: the newest of each of the last `keep_daily` days that have one, and the
    newest of each of the last `keep_monthly` months. Files not named like a dump are not touched."""
    dated = sorted(((at, path) for path in paths if (at := taken_at(path)) is not None), reverse=True)
    keep: set[Path] = set()
    for width, count in ((10, keep_daily), (7, keep_monthly)):  # "YYYY-MM-DD", "YYYY-MM"
        seen: set[str] = set()
        for at, path in dated:
            period = at.date().isoformat()[:width]
            if period not in seen and len(seen) < count:
                seen.add(period)
                keep.add(path)
    return Kept([path for _, path in dated if path in keep], [path for _, path in dated if path not in keep])


def prune(folder: Path, keep_daily: int, keep_monthly: int) -> Kept:
    decided = choose(list(folder.glob(f"schoolbot-*{DUMP_SUFFIX}")), keep_daily, keep_monthly)
    for path in decided.removed:
        path.unlink(missing_ok=True)
    return decided


# ---- restore ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contents:
    schools: int
    audit_rows: int

    @property
    def empty(self) -> bool:
        return self.schools == 0 and self.audit_rows == 0


async def contents(owner_url: str) -> Contents:
    """What a database holds of a journal (a freshly migrated one holds nothing)."""
    conn = await asyncpg.connect(to_plain_url(owner_url))
    try:
        tables = {
            row["tablename"]
            for row in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }
        schools = await conn.fetchval("SELECT count(*) FROM school") if "school" in tables else 0
        audit = await conn.fetchval("SELECT count(*) FROM audit_log") if "audit_log" in tables else 0
    finally:
        await conn.close()
    return Contents(int(schools), int(audit))


async def restore(owner_url: str, file: Path, app_role: str | None) -> None:
    """The dump into the database, replacing its (empty, or forced) schema, in one transaction."""
    conn = await asyncpg.connect(to_plain_url(owner_url))
    try:
        # The archive refuses TRUNCATE and DELETE, not DROP by its owner: a restore is the one time
        # the whole schema goes, on the operator's explicit word.
        await conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        await conn.execute("CREATE SCHEMA public")
    finally:
        await conn.close()
    await _run(
        pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
        f"--dbname={to_plain_url(owner_url)}", file,
    )  # fmt: skip
    if app_role is not None:
        await apply_grants(owner_url, app_role)


def nightly_job(owner_url: str, folder: Path, keep_daily: int, keep_monthly: int) -> Job:
    """The scheduled backup: at 02:30 in the (first) school's time, once for the whole deployment,
    claimed like every job so that several instances make one dump a night."""

    async def back_up(session: AsyncSession, run: DueRun, now: dt.datetime) -> int:
        await dump(owner_url, folder, now)
        await asyncio.to_thread(prune, folder, keep_daily, keep_monthly)
        return 1

    return Job("backup", lambda _: NIGHTLY_AT, dt.timedelta(hours=6), back_up, per_school=False)
