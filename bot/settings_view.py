"""How a school's settings read, for the coordinator's «⚙️ Настройки школы» and `schoolbot school
settings`: each value in words («7 дней», «17:00», «пятница», «4,5», «Telegram и MAX»)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.i18n import Translator
from bot.links import NAMES
from services.school_settings import SchoolSettings
from services.settings_editor import BY_KEY, DEFAULTS, EDITABLE, Editable, Kind, value_of

# Any Monday: its weekday + n - 1 names ISO weekday n.
_A_MONDAY = dt.date(2026, 11, 30)


def value_text(t: Translator, editable: Editable, value: Any) -> str:
    match editable.kind:
        case Kind.DAYS:
            return t("setting-days", count=value)
        case Kind.MINUTES:
            return t("setting-minutes", count=value)
        case Kind.TESTS:
            return t("setting-tests", count=value)
        case Kind.TIME:
            return value.strftime("%H:%M") if isinstance(value, dt.time) else str(value)[:5]
        case Kind.WEEKDAY:
            return t.weekday(_A_MONDAY + dt.timedelta(days=int(value) - 1))
        case Kind.AVERAGE:
            return number_text(t, float(value))
        case Kind.MESSENGERS:
            return f" {t('word-and')} ".join(NAMES[name] for name in value)
    return str(value)


def number_text(t: Translator, value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if t.locale == "ru" else text


def current_text(t: Translator, settings: SchoolSettings, key: str) -> str:
    """«7 дней», with «(по умолчанию 5 дней)» when it differs from the default."""
    editable = BY_KEY[key]
    value, default = value_of(settings, key), value_of(DEFAULTS, key)
    shown = value_text(t, editable, value)
    if value == default:
        return shown
    return t("setting-changed", value=shown, default=value_text(t, editable, default))


def line(t: Translator, settings: SchoolSettings, editable: Editable) -> str:
    return t("setting-line", name=t(f"setting-{editable.key}"), value=current_text(t, settings, editable.key))


def group_editables(group: str) -> list[tuple[int, Editable]]:
    """(its number, the setting) for a screen's section; the number is what its button carries."""
    return [(index, editable) for index, editable in enumerate(EDITABLE) if editable.group == group]
