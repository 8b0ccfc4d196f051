"""Marks typed as text: «Иванов 5», «Петрова 4 к/р», or a row «5 4 - 3 5» in roster order.

A teacher types faster than he taps buttons, but he types loosely: any case, ё as е, a surname
alone or with an initial, a prefix of it, a dash or a colon after the name, «5-» for a five with
a minus. This module only reads the text; the bot shows the result as a preview and saves only on
confirmation. So it never guesses: a name that fits two students, a kind it does not know or a
value it cannot read becomes a problem with its line, and every line that is clear still gives its
marks, so the preview can show both at once.

Pure functions over the lesson's roster and the school's mark kinds: no database, no bot.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from services.names import normalize

# Problem codes; each is an i18n key (the handler adds its own prefix).
AMBIGUOUS_NAME = "ambiguous-name"
UNKNOWN_NAME = "unknown-name"
UNKNOWN_KIND = "unknown-kind"
BAD_VALUE = "bad-value"
TOO_MANY_VALUES = "too-many-values"
SECOND_ROW = "second-row"
NOT_UNDERSTOOD = "not-understood"

# In a roster row these mean "no mark for this student". The long dashes are there because phones
# turn a typed "-" or "--" into one. «н» (не был) too: it gives no mark, and the preview names whom
# it was typed for, as the absence itself is marked on the attendance screen.
NO_MARK_N = "н"
_GAPS = frozenset({"-", "—", "–", ".", NO_MARK_N})
# A mark with an optional plus or minus: the journal keeps whole marks, so the sign is dropped.
_VALUE = re.compile(r"([1-5])[+-]?")
# Anything with a digit stands where a value is expected: «6», «0», «4/5» are bad values, not names.
_DIGIT = re.compile(r"[0-9]")
_LETTER = re.compile(r"[^\W\d_]")
# Around the name and inside initials: «Кузнецова — 4», «Иванов:5», «Иванов П.С. 5», «Иванов-5»,
# «Тихонов5» (no space at all); a hyphen between letters stays, it is part of «Римская-Корсакова».
_ENTRY_SEPARATORS = re.compile(r"[\s:,—–.]+|(?<=[^\W\d_])-(?=[0-9])|(?<=[^\W\d_])(?=[0-9])")
# Kind short names are typed with or without the slash: «кр», «к.р.», «д з» are «к/р», «д/з».
_KIND_PUNCTUATION = re.compile(r"[\s/.\\-]+")
# A name prefix shorter than this («к», «пр») is too likely to be a typo to be taken for a kind.
_MIN_KIND_PREFIX = 3
# Surname, first name, middle name: a longer name part is not a name.
_MAX_NAME_WORDS = 3
# A misspelt surname: up to this many of the class's surnames at least this close are suggested.
_SUGGESTIONS = 3
_CLOSE_ENOUGH = 0.75
# How well typed words fit a student; only the best fitting students are candidates.
_FULL_SURNAME = 2
_SURNAME_PREFIX = 1


@dataclass(frozen=True)
class RosterEntry:
    """One student of the lesson, in roster order (the order shown to the teacher)."""

    student_id: int
    last_name: str
    first_name: str
    middle_name: str = ""


@dataclass(frozen=True)
class KindEntry:
    kind_id: int
    code: str  # «control»
    name: str  # «Контрольная работа»
    short_name: str  # «к/р»


@dataclass(frozen=True)
class ParsedMark:
    student_id: int
    value: int  # 1..5
    kind_id: int
    line: int  # 1-based line number in the text
    source: str  # the entry as typed, or the token for a mark from a roster row


@dataclass(frozen=True)
class ShorthandProblem:
    line: int
    source: str
    code: str  # one of the codes above
    candidates: tuple[int, ...] = ()  # student ids, roster order, when a name fits several


@dataclass(frozen=True)
class ShorthandResult:
    marks: tuple[ParsedMark, ...]
    problems: tuple[ShorthandProblem, ...]
    # Students a roster row gave «н» to: no mark (the preview says so; absence is the attendance
    # screen's, not the marks'), in roster order.
    no_mark_n: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Context:
    roster: tuple[RosterEntry, ...]
    kinds: tuple[KindEntry, ...]
    default_kind_id: int


@dataclass(frozen=True)
class _Row:
    """A line shaped as a roster row: value and gap tokens, then perhaps a kind."""

    tokens: tuple[str, ...]
    kind_text: str  # "" when no kind was typed
    kind_id: int | None  # None when kind_text names no kind


def parse_marks(
    text: str, roster: Sequence[RosterEntry], kinds: Sequence[KindEntry], default_kind_id: int
) -> ShorthandResult:
    """Read every entry of `text`; clear ones give marks, unclear ones give problems."""
    context = _Context(tuple(roster), tuple(kinds), default_kind_id)
    marks: list[ParsedMark] = []
    problems: list[ShorthandProblem] = []
    no_mark_n: list[int] = []
    row_seen = False
    for line, source in _entries(text):
        row = _as_row(source, context)
        if row is None:
            result = _parse_entry(line, source, context)
        elif row_seen:
            # Each row starts again from the first student, so a second one would give him two
            # marks that the teacher most likely meant for different lessons or students.
            result = _problem(line, source, SECOND_ROW)
        else:
            row_seen = True
            result = _parse_row(line, source, row, context)
        marks.extend(result.marks)
        problems.extend(result.problems)
        no_mark_n.extend(result.no_mark_n)
    return ShorthandResult(tuple(marks), tuple(problems), tuple(no_mark_n))


def _entries(text: str) -> Iterator[tuple[int, str]]:
    """(line number, entry) for every non-blank entry; `;` puts several entries on one line."""
    for number, line in enumerate(text.splitlines(), start=1):
        for part in line.split(";"):
            entry = part.strip()
            if entry:
                yield number, entry


# --- A roster row: «5 4 - 3 5 к/р» -----------------------------------------------------------------


def _as_row(source: str, context: _Context) -> _Row | None:
    """The line as a roster row, or None when it is not shaped as one."""
    tokens = source.replace(",", " ").split()
    count = _leading_row_tokens(tokens)
    if count == 0:
        return None
    tail = tokens[count:]
    if any(_is_row_token(token) for token in tail):
        return None  # «5 4 к/р 3»: values after a kind are not a row
    kind_text = " ".join(tail)
    kind_id = _resolve_kind(kind_text, context.kinds) if tail else None
    if tail and kind_id is None and _names_someone(_name_words(kind_text), context.roster):
        return None  # «5 Иванов»: a name after a value, not a kind after a row
    return _Row(tuple(tokens[:count]), kind_text, kind_id)


def _leading_row_tokens(tokens: Sequence[str]) -> int:
    count = 0
    while count < len(tokens) and _is_row_token(tokens[count]):
        count += 1
    return count


def _is_row_token(token: str) -> bool:
    # «Кузнецова:4» has a digit but is an entry written without a space, not a value.
    return normalize(token) in _GAPS or (bool(_DIGIT.search(token)) and not _LETTER.search(token))


def _parse_row(line: int, source: str, row: _Row, context: _Context) -> ShorthandResult:
    if row.kind_text and row.kind_id is None:
        return _problem(line, source, UNKNOWN_KIND)
    if len(row.tokens) > len(context.roster):
        # The values do not line up with the students, so any of them may be shifted: none is kept.
        return _problem(line, source, TOO_MANY_VALUES)
    kind_id = context.default_kind_id if row.kind_id is None else row.kind_id
    marks: list[ParsedMark] = []
    problems: list[ShorthandProblem] = []
    no_mark_n: list[int] = []
    for student, token in zip(context.roster, row.tokens, strict=False):
        if normalize(token) == NO_MARK_N:
            no_mark_n.append(student.student_id)
        if normalize(token) in _GAPS:
            continue
        value = _read_value(token)
        if value is None:
            problems.append(ShorthandProblem(line, token, BAD_VALUE))
        else:
            marks.append(ParsedMark(student.student_id, value, kind_id, line, token))
    return ShorthandResult(tuple(marks), tuple(problems), tuple(no_mark_n))


# --- An entry: «Иванов П. 5 к/р» -------------------------------------------------------------------


def _parse_entry(line: int, source: str, context: _Context) -> ShorthandResult:
    """Name, one or more values, an optional kind; one problem or all its marks."""
    words = _name_words(source)
    first_value = next((i for i, word in enumerate(words) if _DIGIT.search(word)), None)
    if first_value is None:
        return _entry_without_value(line, source, words, context)
    if first_value == 0:
        return _problem(line, source, NOT_UNDERSTOOD)
    after_name = words[first_value:]
    value_count = _leading_value_words(after_name)
    values, kind_words = after_name[:value_count], after_name[value_count:]
    if any(_DIGIT.search(word) for word in kind_words):
        return _problem(line, source, NOT_UNDERSTOOD)  # «Иванов 5 Петрова 4»: a missing `;`
    students = _match_students(words[:first_value], context.roster)
    if not students:
        return _unknown_name(line, source, words[0], context.roster)
    if len(students) != 1:
        return _name_problem(line, source, students)
    read = [_read_value(word) for word in values]
    if None in read:
        return _problem(line, source, BAD_VALUE)
    kind_id = _entry_kind(kind_words, context)
    if kind_id is None:
        return _kind_problem(line, source, kind_words, context)
    marks = tuple(ParsedMark(students[0], v, kind_id, line, source) for v in read if v is not None)
    return ShorthandResult(marks, ())


def _entry_without_value(line: int, source: str, words: Sequence[str], context: _Context) -> ShorthandResult:
    """«Иванов пять», «Петрова к/р», «Петрова»: a known name with no readable value after it."""
    for size in range(min(len(words), _MAX_NAME_WORDS), 0, -1):
        students = _match_students(words[:size], context.roster)
        if len(students) > 1:
            return _name_problem(line, source, students)
        if students:
            return _problem(line, source, BAD_VALUE)
    # Without a name or a value there is nothing to point at.
    return _problem(line, source, NOT_UNDERSTOOD)


def _leading_value_words(words: Sequence[str]) -> int:
    count = 0
    while count < len(words) and _DIGIT.search(words[count]):
        count += 1
    return count


def _entry_kind(kind_words: Sequence[str], context: _Context) -> int | None:
    if not kind_words:
        return context.default_kind_id
    return _resolve_kind(" ".join(kind_words), context.kinds)


def _kind_problem(line: int, source: str, kind_words: Sequence[str], context: _Context) -> ShorthandResult:
    # «Иванов 5 Петрова»: a second name where the kind goes is a missing value and `;`, not a kind.
    if _names_someone(kind_words, context.roster):
        return _problem(line, source, NOT_UNDERSTOOD)
    return _problem(line, source, UNKNOWN_KIND)


def _unknown_name(line: int, source: str, surname: str, roster: Sequence[RosterEntry]) -> ShorthandResult:
    """No student of that name: the closest surnames of the class as suggestions («Алексев» → Алексеев)."""
    surnames = {normalize(student.last_name) for student in roster}
    close = set(difflib.get_close_matches(surname, surnames, n=_SUGGESTIONS, cutoff=_CLOSE_ENOUGH))
    suggested = tuple(s.student_id for s in roster if normalize(s.last_name) in close)[:_SUGGESTIONS]
    return ShorthandResult((), (ShorthandProblem(line, source, UNKNOWN_NAME, suggested),))


def _name_problem(line: int, source: str, students: tuple[int, ...]) -> ShorthandResult:
    if students:
        return ShorthandResult((), (ShorthandProblem(line, source, AMBIGUOUS_NAME, students),))
    return _problem(line, source, UNKNOWN_NAME)


def _name_words(text: str) -> list[str]:
    """Normalized words of an entry without separators; a hyphen stays inside «Римская-Корсакова»."""
    words = (word.strip("-") for word in _ENTRY_SEPARATORS.split(normalize(text)))
    return [word for word in words if word]


# --- Values, names and kinds ----------------------------------------------------------------------


def _read_value(token: str) -> int | None:
    match = _VALUE.fullmatch(token.strip())
    return int(match.group(1)) if match else None


def _match_students(words: Sequence[str], roster: Sequence[RosterEntry]) -> tuple[int, ...]:
    """Ids of the students the words fit best, in roster order; () when none fits.

    Students whose surname is typed in full win over those it is only a prefix of: «Иванов» is
    the two Ивановы, not Иванова too.
    """
    if not words or len(words) > _MAX_NAME_WORDS:
        return ()
    scored = [(_name_score(student, words), student.student_id) for student in roster]
    best = max((score for score, _ in scored), default=0)
    if best == 0:
        return ()
    return tuple(dict.fromkeys(student_id for score, student_id in scored if score == best))


def _names_someone(words: Sequence[str], roster: Sequence[RosterEntry]) -> bool:
    """Whether the words name a student by his full surname: a short word may be a mistyped kind."""
    if not words or len(words) > _MAX_NAME_WORDS:
        return False
    return any(_name_score(student, words) == _FULL_SURNAME for student in roster)


def _name_score(student: RosterEntry, words: Sequence[str]) -> int:
    """_FULL_SURNAME, _SURNAME_PREFIX, or 0 when the words do not fit the student."""
    readings = [(words[0], words[1:])]
    if len(words) >= 2:
        # «Римская Корсакова»: a double-barrelled surname typed with a space instead of the hyphen.
        readings.append((f"{words[0]}-{words[1]}", words[2:]))
    return max(_reading_score(student, surname, given) for surname, given in readings)


def _reading_score(student: RosterEntry, surname: str, given: Sequence[str]) -> int:
    # Each given word is a first or middle name, in full, as a prefix or as an initial. A roster
    # without the middle name cannot contradict a typed one («Иванов П.С.»), so it lets it pass.
    names = (normalize(student.first_name), normalize(student.middle_name))
    if len(given) > len(names) or not all(
        name.startswith(word) or (index == 1 and not name)
        for index, (name, word) in enumerate(zip(names, given, strict=False))
    ):
        return 0
    full = normalize(student.last_name)
    # One part of a double-barrelled surname («Корсакова») counts as the surname typed in full.
    if surname == full or surname in full.split("-"):
        return _FULL_SURNAME
    return _SURNAME_PREFIX if full.startswith(surname) else 0


def _resolve_kind(text: str, kinds: Sequence[KindEntry]) -> int | None:
    """The one kind the text names, or None when it names none or several."""
    key = normalize(text)
    tiers: tuple[Callable[[KindEntry], bool], ...] = (
        lambda kind: key in {normalize(kind.short_name), normalize(kind.code), normalize(kind.name)},
        lambda kind: _squash(key) in {_squash(kind.short_name), _squash(kind.code)},
        lambda kind: _is_word_prefix(key, normalize(kind.name)),
    )
    # The first tier that finds anything decides, so «проект» is the short name before it is
    # a prefix of anything; several kinds in one tier mean the teacher must say more.
    for fits in tiers:
        found = {kind.kind_id for kind in kinds if fits(kind)}
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _squash(text: str) -> str:
    return _KIND_PUNCTUATION.sub("", normalize(text))


def _is_word_prefix(typed: str, name: str) -> bool:
    """«контр», «самост», «контр раб» start the words of «контрольная работа», «самостоятельная работа»."""
    typed_words, name_words = typed.split(), name.split()
    if not typed_words or len(typed_words[0]) < _MIN_KIND_PREFIX or len(typed_words) > len(name_words):
        return False
    return all(whole.startswith(part) for part, whole in zip(typed_words, name_words, strict=False))


def _problem(line: int, source: str, code: str) -> ShorthandResult:
    return ShorthandResult((), (ShorthandProblem(line, source, code),))
