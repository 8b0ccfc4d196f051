"""The rooms keep to their doors (DESIGN.md): the journal, its models and its scheduled jobs never
import the messenger's library, and handlers never build SQL, so another messenger can sit on the same
services. Checked on the source, so a forbidden import fails here even where no test reaches it.
Handlers may name the session's type (they pass it to services), nothing else of SQLAlchemy."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = {
    "services": ("aiogram", "bot", "handlers"),
    "models": ("aiogram", "bot", "handlers", "services"),
    "scheduler": ("aiogram", "bot", "handlers"),
    "handlers": ("sqlalchemy",),
}
ALLOWED = {"handlers": ("sqlalchemy.ext.asyncio",)}


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("room", sorted(RULES))
def test_a_room_imports_nothing_it_must_not(room: str) -> None:
    forbidden = RULES[room]
    breaches = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / room).rglob("*.py")
        for name in _imported(path)
        if name.split(".")[0] in forbidden and name not in ALLOWED.get(room, ())
    )
    assert breaches == []
