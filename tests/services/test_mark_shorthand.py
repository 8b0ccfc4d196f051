"""Marks typed as text: names, values, kinds, a roster row, and what is reported when unclear."""

from __future__ import annotations

import pytest

from services.mark_shorthand import (
    AMBIGUOUS_NAME,
    BAD_VALUE,
    NOT_UNDERSTOOD,
    SECOND_ROW,
    TOO_MANY_VALUES,
    UNKNOWN_KIND,
    UNKNOWN_NAME,
    KindEntry,
    ParsedMark,
    RosterEntry,
    ShorthandProblem,
    ShorthandResult,
    parse_marks,
)
from services.schools import DEFAULT_MARK_KINDS

# Roster order as the teacher sees it; ids are 101.. so that an id is never mistaken for a position.
_NAMES = (
    ("Алексеев", "Дмитрий"),
    ("Белова", "Анна"),
    ("Волков", "Артём"),
    ("Голубева", "Мария"),
    ("Дмитриев", "Никита"),
    ("Ёлкина", "Софья"),
    ("Жуков", "Кирилл"),
    ("Зайцева", "Полина"),
    ("Иванов", "Пётр"),
    ("Иванов", "Сергей"),
    ("Иванова", "Анна"),
    ("Козлов", "Егор"),
    ("Кузнецова", "Дарья"),
    ("Лебедев", "Матвей"),
    ("Морозова", "Алиса"),
    ("Новиков", "Тимофей"),
    ("Орлова", "Вера"),
    ("Петрова", "Ксения"),
    ("Римская-Корсакова", "Ева"),
    ("Романов", "Илья"),
    ("Сидоров", "Максим"),
    ("Смирнова", "Ульяна"),
    ("Соколов", "Лев"),
    ("Тарасова", "Ника"),
    ("Фёдоров", "Глеб"),
    ("Харитонова", "Яна"),
    ("Цветков", "Марк"),
    ("Чернова", "Злата"),
    ("Шевченко", "Остап"),
    ("Яковлева", "Милана"),
)
ROSTER = tuple(
    RosterEntry(101 + i, last, first, "Петрович" if last == "Сидоров" else "")
    for i, (last, first) in enumerate(_NAMES)
)
ID = {f"{s.last_name} {s.first_name}": s.student_id for s in ROSTER}
ALEKSEEV = ID["Алексеев Дмитрий"]
ELKINA = ID["Ёлкина Софья"]
IVANOV_P = ID["Иванов Пётр"]
IVANOV_S = ID["Иванов Сергей"]
IVANOVA = ID["Иванова Анна"]
KUZNETSOVA = ID["Кузнецова Дарья"]
PETROVA = ID["Петрова Ксения"]
RIMSKAYA = ID["Римская-Корсакова Ева"]
SIDOROV = ID["Сидоров Максим"]
SMIRNOVA = ID["Смирнова Ульяна"]

ORAL, HOMEWORK, INDEPENDENT, QUIZ, PROJECT, CONTROL = 1, 2, 3, 4, 5, 6
KINDS = (
    KindEntry(ORAL, "oral", "Ответ на уроке", "отв"),
    KindEntry(HOMEWORK, "homework", "Домашняя работа", "д/з"),
    KindEntry(INDEPENDENT, "independent", "Самостоятельная работа", "с/р"),
    KindEntry(QUIZ, "quiz", "Проверочная работа", "п/р"),
    KindEntry(PROJECT, "project", "Проект", "проект"),
    KindEntry(CONTROL, "control", "Контрольная работа", "к/р"),
)


def parse(text: str) -> ShorthandResult:
    return parse_marks(text, ROSTER, KINDS, ORAL)


def only_mark(text: str) -> ParsedMark:
    result = parse(text)
    assert result.problems == ()
    assert len(result.marks) == 1
    return result.marks[0]


def only_problem(text: str) -> ShorthandProblem:
    result = parse(text)
    assert result.marks == ()
    assert len(result.problems) == 1
    return result.problems[0]


def test_the_kinds_are_the_schools_defaults() -> None:
    assert [(k.code, k.name, k.short_name) for k in KINDS] == [k[:3] for k in DEFAULT_MARK_KINDS]


# --- Names ------------------------------------------------------------------------------------------


def test_a_surname_alone_gives_a_mark_of_the_default_kind() -> None:
    assert only_mark("Петрова 4") == ParsedMark(PETROVA, 4, ORAL, 1, "Петрова 4")


@pytest.mark.parametrize(
    "text",
    ["Иванов П 3", "иванов п 3", "Иванов П. 3", "Иванов Пётр 3", "ИВАНОВ ПЕТР 3", "Иванов Пет 3"],
)
def test_a_first_name_or_its_initial_picks_one_of_two_namesakes(text: str) -> None:
    mark = only_mark(text)
    assert (mark.student_id, mark.value) == (IVANOV_P, 3)


def test_the_other_initial_picks_the_other_namesake() -> None:
    assert only_mark("Иванов С 5").student_id == IVANOV_S


def test_a_middle_name_initial_is_accepted() -> None:
    assert only_mark("Сидоров М.П. 5").student_id == SIDOROV
    assert only_mark("Сидоров Максим Петрович 5").student_id == SIDOROV
    assert only_problem("Сидоров М.С. 5").code == UNKNOWN_NAME


def test_a_middle_initial_passes_when_the_roster_has_no_middle_name() -> None:
    assert only_mark("Иванов П.С. 5").student_id == IVANOV_P


@pytest.mark.parametrize("text", ["елкина 4", "Ёлкина 4", "ЕЛКИНА 4", "Елк 4"])
def test_case_and_yo_do_not_matter(text: str) -> None:
    assert only_mark(text).student_id == ELKINA


@pytest.mark.parametrize(
    ("text", "student_id"), [("Кузн 4", KUZNETSOVA), ("Сид 4", SIDOROV), ("а 4", ALEKSEEV)]
)
def test_a_unique_prefix_of_the_surname_is_enough(text: str, student_id: int) -> None:
    assert only_mark(text).student_id == student_id


@pytest.mark.parametrize(
    "text", ["Кузнецова — 4", "Кузнецова - 4", "Кузнецова: 4", "Кузнецова:4", "Кузнецова, 4", "Кузнецова-4"]
)
def test_a_dash_or_colon_after_the_name_is_a_separator(text: str) -> None:
    mark = only_mark(text)
    assert (mark.student_id, mark.value, mark.source) == (KUZNETSOVA, 4, text)


def test_a_surname_typed_in_full_wins_over_longer_surnames_it_starts() -> None:
    # «Иванова» starts with «Иванов», but «Иванова» itself is typed in full.
    assert only_mark("Иванова 5").student_id == IVANOVA


def test_two_namesakes_are_reported_with_both_ids_and_never_guessed() -> None:
    problem = only_problem("Иванов 5")
    assert problem == ShorthandProblem(1, "Иванов 5", AMBIGUOUS_NAME, (IVANOV_P, IVANOV_S))


def test_a_prefix_of_several_surnames_is_ambiguous() -> None:
    assert only_problem("Ив 5").candidates == (IVANOV_P, IVANOV_S, IVANOVA)


def test_a_namesake_without_a_value_is_still_reported_as_ambiguous() -> None:
    assert only_problem("Иванов пять").code == AMBIGUOUS_NAME


@pytest.mark.parametrize("text", ["Пушкин 5", "Иванов Андрей 5", "Петрова Анна 5", "Петрова К С Т 5"])
def test_a_name_nobody_has_is_unknown(text: str) -> None:
    problem = only_problem(text)
    assert (problem.line, problem.source, problem.code) == (1, text, UNKNOWN_NAME)


def test_a_misspelt_surname_gets_the_closest_of_the_class_as_suggestions() -> None:
    assert only_problem("Алексев 5") == ShorthandProblem(1, "Алексев 5", UNKNOWN_NAME, (ALEKSEEV,))
    assert only_problem("Кузнецва 4").candidates == (KUZNETSOVA,)
    assert only_problem("Пушкин 5").candidates == ()  # nothing close: nothing suggested


def test_a_name_and_a_value_without_a_space_are_read() -> None:
    assert only_mark("Алексеев5") == ParsedMark(ALEKSEEV, 5, ORAL, 1, "Алексеев5")
    assert only_mark("Кузнецова4 к/р").value == 4


def test_n_in_a_roster_row_gives_no_mark_and_names_whom_it_was_for() -> None:
    result = parse("5 н 4")
    assert [mark.student_id for mark in result.marks] == [ROSTER[0].student_id, ROSTER[2].student_id]
    assert result.no_mark_n == (ROSTER[1].student_id,)
    assert parse("5 - 4").no_mark_n == ()


@pytest.mark.parametrize(
    "text",
    [
        "Римская-Корсакова 5",
        "римская-корсакова е 5",
        "Римская-Корсакова Ева 5",
        "Римская 5",
        "Корсакова 5",
        "Римская Корсакова 5",
    ],
)
def test_a_double_barrelled_surname(text: str) -> None:
    assert only_mark(text).student_id == RIMSKAYA


def test_the_same_student_twice_gets_two_marks() -> None:
    result = parse("Петрова 5\nПетрова 4 к/р")
    assert [(m.student_id, m.value, m.kind_id) for m in result.marks] == [
        (PETROVA, 5, ORAL),
        (PETROVA, 4, CONTROL),
    ]


def test_several_values_after_a_name_are_several_marks_of_the_same_kind() -> None:
    result = parse("Петрова 5 4 к/р")
    assert result.problems == ()
    assert [(m.student_id, m.value, m.kind_id) for m in result.marks] == [
        (PETROVA, 5, CONTROL),
        (PETROVA, 4, CONTROL),
    ]


# --- Kinds ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "kind_id"),
    [
        ("к/р", CONTROL),
        ("К/Р", CONTROL),
        ("кр", CONTROL),
        ("к.р.", CONTROL),
        ("control", CONTROL),
        ("контрольная", CONTROL),
        ("Контрольная работа", CONTROL),
        ("контр раб", CONTROL),
        ("с/р", INDEPENDENT),
        ("ср", INDEPENDENT),
        ("самост", INDEPENDENT),
        ("самостоятельная", INDEPENDENT),
        ("п/р", QUIZ),
        ("проверочная", QUIZ),
        ("д/з", HOMEWORK),
        ("дз", HOMEWORK),
        ("д.з.", HOMEWORK),
        ("домашняя", HOMEWORK),
        ("отв", ORAL),
        ("ответ", ORAL),
        ("проект", PROJECT),
        ("Проект", PROJECT),
    ],
)
def test_a_kind_by_short_name_code_or_name_prefix(kind: str, kind_id: int) -> None:
    mark = only_mark(f"Сидоров Максим 5 {kind}")
    assert (mark.student_id, mark.value, mark.kind_id) == (SIDOROV, 5, kind_id)


@pytest.mark.parametrize(
    "kind",
    [
        "контрл",  # a typo
        "про",  # starts both «Проверочная работа» and «Проект»: never guessed
        "к",  # too short to be taken for «Контрольная работа»
        "работа",  # not the start of any kind
    ],
)
def test_an_unknown_kind_is_a_problem(kind: str) -> None:
    text = f"Петрова 4 {kind}"
    assert only_problem(text) == ShorthandProblem(1, text, UNKNOWN_KIND)


# --- Values -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "value"), [("5+", 5), ("5-", 5), ("4-", 4), ("3+", 3), ("1", 1)])
def test_pluses_and_minuses_are_dropped(typed: str, value: int) -> None:
    assert only_mark(f"Петрова {typed}").value == value


@pytest.mark.parametrize(
    "text", ["Петрова 6", "Петрова 0", "Петрова 10", "Петрова пять", "Петрова 4/5", "Петрова"]
)
def test_a_bad_or_missing_value_is_a_problem(text: str) -> None:
    assert only_problem(text) == ShorthandProblem(1, text, BAD_VALUE)


def test_a_bad_value_among_several_gives_no_mark_for_the_entry() -> None:
    assert only_problem("Петрова 5 7").code == BAD_VALUE


# --- A roster row -----------------------------------------------------------------------------------


def row_marks(result: ShorthandResult) -> list[tuple[int, int, int, str]]:
    return [(m.student_id, m.value, m.kind_id, m.source) for m in result.marks]


@pytest.mark.parametrize(
    "text", ["5 4 - 3 5", "5 4 . 3 5", "5 4 н 3 5", "5 4 Н 3 5", "5 4 — 3 5", "5, 4, -, 3, 5"]
)
def test_a_row_gives_marks_in_roster_order_and_gaps_skip_a_student(text: str) -> None:
    result = parse(text)
    assert result.problems == ()
    assert row_marks(result) == [
        (ROSTER[0].student_id, 5, ORAL, "5"),
        (ROSTER[1].student_id, 4, ORAL, "4"),
        (ROSTER[3].student_id, 3, ORAL, "3"),
        (ROSTER[4].student_id, 5, ORAL, "5"),
    ]


def test_a_row_keeps_the_token_as_typed_and_drops_the_sign() -> None:
    assert row_marks(parse("5+ 4-")) == [
        (ROSTER[0].student_id, 5, ORAL, "5+"),
        (ROSTER[1].student_id, 4, ORAL, "4-"),
    ]


@pytest.mark.parametrize("kind", ["к/р", "кр", "контрольная работа"])
def test_a_row_may_end_with_a_kind(kind: str) -> None:
    result = parse(f"5 4 - 3 {kind}")
    assert result.problems == ()
    assert [(m.student_id, m.value, m.kind_id) for m in result.marks] == [
        (ROSTER[0].student_id, 5, CONTROL),
        (ROSTER[1].student_id, 4, CONTROL),
        (ROSTER[3].student_id, 3, CONTROL),
    ]


@pytest.mark.parametrize("text", ["5 4 3 контрл", "5 4 3 :", "5 4 3 Петр"])
def test_a_row_with_an_unknown_kind_gives_no_marks(text: str) -> None:
    assert only_problem(text) == ShorthandProblem(1, text, UNKNOWN_KIND)


def test_a_row_for_every_student_is_accepted() -> None:
    result = parse(" ".join(["4"] * len(ROSTER)))
    assert [m.student_id for m in result.marks] == [s.student_id for s in ROSTER]


def test_more_values_than_students_gives_no_marks_at_all() -> None:
    # One value too many means they may all be shifted by one: none is kept.
    text = " ".join(["4"] * (len(ROSTER) + 1))
    assert only_problem(text) == ShorthandProblem(1, text, TOO_MANY_VALUES)


def test_a_bad_value_in_a_row_spoils_only_its_own_student() -> None:
    result = parse("5 6 4")
    assert row_marks(result) == [(ROSTER[0].student_id, 5, ORAL, "5"), (ROSTER[2].student_id, 4, ORAL, "4")]
    assert result.problems == (ShorthandProblem(1, "6", BAD_VALUE),)


def test_only_one_row_is_allowed() -> None:
    result = parse("5 4\nПетрова 3\n3 3")
    assert row_marks(result) == [
        (ROSTER[0].student_id, 5, ORAL, "5"),
        (ROSTER[1].student_id, 4, ORAL, "4"),
        (PETROVA, 3, ORAL, "Петрова 3"),
    ]
    assert result.problems == (ShorthandProblem(3, "3 3", SECOND_ROW),)


def test_a_value_before_a_name_is_not_a_row() -> None:
    result = parse("5 Петрова\n5 4")
    assert result.problems == (ShorthandProblem(1, "5 Петрова", NOT_UNDERSTOOD),)
    assert len(result.marks) == 2  # the real row that follows is still the first row


# --- Layout and reporting ---------------------------------------------------------------------------


def test_entries_separated_by_semicolons_share_their_line() -> None:
    result = parse("Иванов П 5; Петрова 4 к/р;")
    assert result.problems == ()
    assert result.marks == (
        ParsedMark(IVANOV_P, 5, ORAL, 1, "Иванов П 5"),
        ParsedMark(PETROVA, 4, CONTROL, 1, "Петрова 4 к/р"),
    )


def test_blank_lines_and_spaces_are_ignored_but_lines_keep_their_numbers() -> None:
    result = parse("\n   Петрова   5  \n\n\t\nСидоров 4\n   \n")
    assert result.problems == ()
    assert [(m.line, m.source) for m in result.marks] == [(2, "Петрова   5"), (5, "Сидоров 4")]


def test_an_empty_text_gives_nothing() -> None:
    assert parse("  \n ") == ShorthandResult((), ())


@pytest.mark.parametrize(
    "text",
    [
        "привет",
        "поставь всем пятёрки",
        "5 4 к/р 3",  # values after the kind
        "Петрова 5 Сидоров 4",  # a missing `;`
        "Петрова 5 Сидоров",
        ": 5",
    ],
)
def test_a_line_that_is_neither_an_entry_nor_a_row_is_not_understood(text: str) -> None:
    assert only_problem(text) == ShorthandProblem(1, text, NOT_UNDERSTOOD)


def test_marks_and_problems_are_reported_together() -> None:
    text = "\n".join(
        [
            "Алексеев 5",
            "Белова 4 к/р",
            "елкина 5+",
            "Иванов П 3",
            "Иванов С. 4",
            "Иванова: 5",
            "Кузнецова — 4",
            "Римская-Корсакова 5 с/р",
            "Смирн 2",
            "Иванов 5",  # the unclear one
        ]
    )
    result = parse(text)
    assert len(result.marks) == 9
    assert [m.line for m in result.marks] == list(range(1, 10))
    assert result.marks[-1] == ParsedMark(SMIRNOVA, 2, ORAL, 9, "Смирн 2")
    assert result.problems == (ShorthandProblem(10, "Иванов 5", AMBIGUOUS_NAME, (IVANOV_P, IVANOV_S)),)


def test_an_empty_roster_accepts_no_one() -> None:
    result = parse_marks("Петрова 5\n5", (), KINDS, ORAL)
    assert [p.code for p in result.problems] == [UNKNOWN_NAME, TOO_MANY_VALUES]
