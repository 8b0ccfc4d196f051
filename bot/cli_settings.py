"""`schoolbot school settings [--set KEY=VALUE ...]`: a school's settings, shown or changed without SQL.

Every value is read, checked and audited as in the coordinator's «⚙️ Настройки школы»
(services/settings_editor.py); several --set are applied together or not at all. A mark kind's weight
is `--set weight.<code>=1.5` (the codes are listed).
"""

from __future__ import annotations

import argparse

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.settings import Settings
from bot.settings_view import current_text, number_text
from services import school_settings, schools, settings_editor
from services.audit import CLI
from services.settings_editor import EDITABLE

WEIGHT_PREFIX = "weight."


def add_parser(school: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    shown = school.add_parser("settings", help="show or change a school's settings")
    shown.add_argument("--school")
    shown.add_argument(
        "--set",
        dest="changes",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="e.g. nudge_time=17:30, summary_weekday=пт, threshold_5=4.6, weight.control=2",
    )
    shown.set_defaults(handler=cmd_school_settings)


def _pairs(changes: list[str], t: Translator) -> list[tuple[str, str]]:
    from bot.cli import CliError  # the CLI's plumbing imports this module

    pairs = []
    for pair in changes:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CliError(t("cli-settings-bad-pair", pair=pair))
        pairs.append((key.strip(), value.strip()))
    return pairs


def cmd_school_settings(args: argparse.Namespace, settings: Settings, t: Translator) -> None:
    from bot.cli import _in_transaction, _prepare  # the CLI's plumbing imports this module

    pairs = _pairs(args.changes, t)
    url = _prepare(settings)

    async def work(session: AsyncSession) -> list[str]:
        school = await schools.resolve_school(session, args.school)
        told = []
        for key, value in pairs:
            if key.startswith(WEIGHT_PREFIX):
                weight = await settings_editor.change_weight(
                    session, CLI, school.id, key.removeprefix(WEIGHT_PREFIX), value
                )
                told.append(t("cli-settings-changed", name=key, value=number_text(t, weight)))
            else:
                changed = await settings_editor.change(session, CLI, school.id, key, value)
                told.append(t("cli-settings-changed", name=key, value=current_text(t, changed, key)))
        return told + await _listing(session, school.id, school.name, t)

    print("\n".join(_in_transaction(url, work)))


async def _listing(session: AsyncSession, school_id: int, name: str, t: Translator) -> list[str]:
    current = await school_settings.load(session, school_id)
    lines = [t("cli-settings-header", school=name)]
    width = max(len(editable.key) for editable in EDITABLE)
    for editable in EDITABLE:
        value = current_text(t, current, editable.key)
        lines.append(f"  {editable.key:<{width}}  {value}  — {t(f'setting-{editable.key}')}")
    lines.append(t("cli-settings-weights"))
    for kind in await settings_editor.mark_kinds(session, school_id):
        lines.append(f"  {WEIGHT_PREFIX + kind.code:<{width}}  {number_text(t, kind.weight)}  — {kind.name}")
    return lines
