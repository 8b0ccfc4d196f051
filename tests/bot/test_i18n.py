"""Translations: complete in both languages, Russian plurals right, nothing missing in the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.i18n import Catalog

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog()


def test_every_key_exists_in_both_languages(catalog: Catalog) -> None:
    assert catalog.check() == []


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "1 ученик"),
        (2, "2 ученика"),
        (5, "5 учеников"),
        (11, "11 учеников"),
        (21, "21 ученик"),
        (24, "24 ученика"),
    ],
)
def test_russian_plural_forms(catalog: Catalog, count: int, text: str) -> None:
    t = catalog.translator("ru")
    line = t(
        "classes-row",
        label="5А",
        teacher="Смирнова Е. В.",
        students=count,
        students_joined=0,
        families_joined=0,
    )
    assert f": {text}," in line


def test_every_literal_key_used_in_the_code_exists(catalog: Catalog) -> None:
    """t("some-key") in handlers, bot and services: a typo would show the key to a user."""
    used: set[str] = set()
    for folder in ("bot", "handlers", "services"):
        for path in (ROOT / folder).rglob("*.py"):
            used.update(
                re.findall(r"""\bt\(\s*"([a-z][a-z0-9-]+)"\s*[,)]""", path.read_text(encoding="utf-8"))
            )
    assert used, "the pattern should find the keys"
    known = catalog.keys("ru")
    assert sorted(used - known) == []


def test_every_role_and_error_code_has_a_text(catalog: Catalog) -> None:
    from models.enums import Role

    for role in Role:
        assert catalog.translator("ru")(f"role-{role.value}") != f"role-{role.value}"
    keys: set[str] = set()
    for path in (ROOT / "services").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        errors = re.findall(r"""(?:InvalidInput|ServiceError)\(\s*"([a-z-]+)\"""", source)
        keys.update(f"error-{code}" for code in errors)
    # Invite refusals: the reasons services.invites._rejection returns, and the guessing limit.
    keys.update(
        f"error-invite-{reason}" for reason in ("unknown", "used", "revoked", "expired", "too-many-attempts")
    )
    assert "error-access-denied" in keys
    assert sorted(key for key in keys if not catalog.has(key)) == []


def test_dates_read_naturally(catalog: Catalog) -> None:
    import datetime as dt

    assert catalog.translator("ru").day_title(dt.date(2026, 12, 1)) == "Вторник, 1 декабря"
    assert catalog.translator("en").day_title(dt.date(2026, 12, 1)) == "Tuesday, 1 December"
