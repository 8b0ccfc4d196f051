"""Translations: Fluent catalogs (bot/locales/<locale>/*.ftl), Russian first, English second.

Fluent picks Russian plural forms (1 оценка, 2 оценки, 5 оценок) from CLDR rules, so texts never
build plurals by hand. A missing key is a bug: `Catalog.check()` (run by the tests) finds it early.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
SUPPORTED_LOCALES = ("ru", "en")

_MONTHS_GENITIVE_RU = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
_WEEKDAYS_RU = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS_SHORT_RU = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
_WEEKDAYS_SHORT_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Catalog:
    """All locales' bundles, loaded once at start."""

    def __init__(self, directory: Path = LOCALES_DIR, default_locale: str = "ru") -> None:
        self.default_locale = default_locale
        self._sources: dict[str, str] = {}
        self._bundles: dict[str, FluentBundle] = {}
        for locale in SUPPORTED_LOCALES:
            # One .ftl file per feature (locales/ru/onboarding.ftl, ...), all in one bundle.
            bundle = FluentBundle([locale], use_isolating=False)
            sources = []
            for path in sorted((directory / locale).glob("*.ftl")):
                source = path.read_text(encoding="utf-8")
                bundle.add_resource(FluentResource(source))
                sources.append(source)
            self._sources[locale] = "\n".join(sources)
            self._bundles[locale] = bundle

    def resolve_locale(self, wanted: str | None) -> str:
        if wanted:
            short = wanted.split("-", 1)[0].lower()
            if short in self._bundles:
                return short
        return self.default_locale

    def translator(self, locale: str | None) -> Translator:
        return Translator(self, self.resolve_locale(locale))

    def format(self, locale: str, key: str, args: dict[str, Any]) -> str:
        for candidate in (locale, self.default_locale):
            bundle = self._bundles[candidate]
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    break
                text, errors = bundle.format_pattern(message.value, args)
                if errors:
                    # The kinds of error only: their texts quote the values (names, what was typed).
                    kinds = ", ".join(sorted({type(error).__name__ for error in errors}))
                    log.error("i18n %s/%s: %s", candidate, key, kinds)
                return str(text)
        log.error("i18n: missing key %s", key)
        return key

    def has(self, key: str) -> bool:
        return self._bundles[self.default_locale].has_message(key)

    def keys(self, locale: str) -> set[str]:
        return {
            line.split("=", 1)[0].strip()
            for line in self._sources[locale].splitlines()
            if line and not line[0].isspace() and "=" in line and not line.startswith("#")
        }

    def check(self) -> list[str]:
        """Keys present in one locale and missing in another."""
        all_keys = set().union(*(self.keys(locale) for locale in SUPPORTED_LOCALES))
        return sorted(
            f"{locale}: {key}" for locale in SUPPORTED_LOCALES for key in all_keys - self.keys(locale)
        )


@dataclass(frozen=True)
class Translator:
    catalog: Catalog
    locale: str

    def __call__(self, key: str, **args: Any) -> str:
        return self.catalog.format(self.locale, key, args)

    def has(self, key: str) -> bool:
        return self.catalog.has(key)

    def date(self, day: dt.date) -> str:
        """«28 ноября» / «28 November» — the year only when it is not obvious from context."""
        if self.locale == "ru":
            return f"{day.day} {_MONTHS_GENITIVE_RU[day.month - 1]}"
        return f"{day.day} {_MONTHS_EN[day.month - 1]}"

    def date_range(self, first: dt.date, last: dt.date) -> str:
        """«3 декабря», or «3 декабря – 5 декабря» for several days."""
        return self.date(first) if first == last else f"{self.date(first)} – {self.date(last)}"

    def weekday(self, day: dt.date) -> str:
        names = _WEEKDAYS_RU if self.locale == "ru" else _WEEKDAYS_EN
        return names[day.weekday()]

    def short_day(self, day: dt.date) -> str:
        """«пн, 7 декабря» / «Mon, 7 December»: a day in running text."""
        names = _WEEKDAYS_SHORT_RU if self.locale == "ru" else _WEEKDAYS_SHORT_EN
        return f"{names[day.weekday()]}, {self.date(day)}"

    def day_title(self, day: dt.date) -> str:
        weekday = self.weekday(day)
        return f"{weekday.capitalize()}, {self.date(day)}"
