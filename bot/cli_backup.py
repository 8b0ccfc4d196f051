"""`schoolbot backup` and `schoolbot restore`: the journal into one file, and back.

A restore replaces the database's contents, so it asks first (`--yes` skips the question) and
refuses a database that already holds a journal unless told `--force`. Stop the bot before
restoring: its open connections would hold the schema.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from pathlib import Path

from bot import migrate
from bot.backup import BackupError, contents, dump, prune, restore
from bot.db import checked_target
from bot.i18n import Translator
from bot.settings import Settings

__all__ = ["BackupError", "add_parsers"]


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = commands.add_parser("backup", help="write a compressed dump of the whole journal")
    backup.add_argument("--to", type=Path, help="the folder (default: BACKUP_DIR, else ./var/backups)")
    backup.set_defaults(handler=cmd_backup)
    back = commands.add_parser("restore", help="load a dump into an empty database (stop the bot first)")
    back.add_argument("file", type=Path)
    back.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    back.add_argument("--force", action="store_true", help="replace a database that already holds a journal")
    back.set_defaults(handler=cmd_restore)


def cmd_backup(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    folder: Path = args.to or settings.backup_dir or Path("./var/backups")
    target = checked_target(settings)
    written = asyncio.run(dump(target.owner_url, folder, dt.datetime.now(dt.UTC)))
    kept = prune(folder, settings.backup_keep_daily, settings.backup_keep_monthly)
    size = max(1, round(written.stat().st_size / 1024))
    print(t("cli-backup-written", file=str(written), kb=size))
    if kept.removed:
        print(t("cli-backup-pruned", count=len(kept.removed), kept=len(kept.kept)))


def cmd_restore(args: argparse.Namespace, settings: Settings, t: Translator) -> int:
    file: Path = args.file
    if not file.is_file():
        raise BackupError(t("cli-restore-no-file", file=str(file)))
    target = checked_target(settings)
    held = asyncio.run(contents(target.owner_url))
    if not held.empty and not args.force:
        raise BackupError(t("cli-restore-not-empty", schools=held.schools))
    if not args.yes:
        print(t("cli-restore-confirm", file=file.name), end=" ", flush=True)
        if sys.stdin.readline().strip().lower() not in ("yes", "да"):
            print(t("cli-restore-cancelled"))
            return 1
    asyncio.run(restore(target.owner_url, file, target.app_role))
    # A dump from an older version is brought up to date, as `schoolbot run` would.
    migrate.prepare(target)
    restored = asyncio.run(contents(target.owner_url))
    print(t("cli-restore-done", file=file.name, schools=restored.schools))
    return 0
