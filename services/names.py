"""Forgiving matching of Russian names and class labels, as teachers type them."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from services.errors import InvalidInput

_CLASS_LABEL = re.compile(r"^\s*(\d{1,2})\s*[-–]?\s*([А-ЯЁA-Z])\s*$", re.IGNORECASE)
# Latin letters that look like Cyrillic ones: a class typed as "7A" on an English keyboard is 7А.
_LATIN_TO_CYRILLIC = str.maketrans("ABEKMHOPCTXY", "АВЕКМНОРСТХУ")


def normalize(text: str) -> str:
    """Case, ё/е and spacing do not matter when people type names."""
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").lower().split())


@dataclass(frozen=True)
class FullName:
    last_name: str
    first_name: str
    middle_name: str = ""

    @property
    def text(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def key(self) -> str:
        return normalize(self.text)


def parse_full_name(text: str) -> FullName:
    """«Иванова Анна Петровна» → parts. Two or three words; the third is optional."""
    words = text.split()
    if len(words) < 2 or len(words) > 4:
        raise InvalidInput("full-name", value=text.strip())
    if any(not re.fullmatch(r"[A-Za-zА-Яа-яЁё'\-.]+", w) for w in words):
        raise InvalidInput("full-name", value=text.strip())
    last, first, *rest = (capitalize_name(w) for w in words)
    return FullName(last, first, " ".join(rest))


def capitalize_name(word: str) -> str:
    """«иванова-петрова» → «Иванова-Петрова»."""
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


@dataclass(frozen=True)
class ClassLabel:
    grade_level: int
    letter: str

    @property
    def text(self) -> str:
        return f"{self.grade_level}{self.letter}"


def parse_class_label(text: str) -> ClassLabel:
    """«7А», «7 а», «7-A» → (7, "А"). Grades 1..11, one Cyrillic letter."""
    match = _CLASS_LABEL.match(text)
    if not match:
        raise InvalidInput("class-label", value=text.strip())
    grade = int(match.group(1))
    letter = match.group(2).upper().translate(_LATIN_TO_CYRILLIC)
    if not 1 <= grade <= 11 or not re.fullmatch(r"[А-ЯЁ]", letter):
        raise InvalidInput("class-label", value=text.strip())
    return ClassLabel(grade, letter)


def short_name(last_name: str, first_name: str, middle_name: str | None = None) -> str:
    """«Иванова А. П.» — how Russian school documents name a person."""
    initials = " ".join(f"{part[0]}." for part in (first_name, middle_name) if part)
    return f"{last_name} {initials}".strip()


@functools.lru_cache(maxsize=65536)  # a roster is sorted on every tap; names repeat
def name_key(*parts: str) -> tuple[str, ...]:
    """Sort people the Russian way whatever the database's collation: «Ёлкина» among the «Е», and
    case does not matter (a plain sort puts Ё before А, and a C-collated database does too)."""
    return tuple(normalize(part) for part in parts)
