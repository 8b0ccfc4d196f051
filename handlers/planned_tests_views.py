"""The tests ahead (график контрольных) as screens, pure functions of the data: the teacher's (plan,
move, take back), the administration's week, and the family's lines on the child's overview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import LessonCb, TimetableCb, TimetableScope
from bot.callbacks_tests import PlanAction, PlannedAction, PlannedTestCb, PlanTestCb, WeekOfTestsCb
from bot.i18n import Translator
from bot.keyboards import back_to_menu, button, markup
from bot.screens import h, lower_first
from services.planned_tests import Crowding, Planned, Teaching
from services.tests_planning import PlanCheck, PlanDays, SlotTest
from services.tests_schedule import ClassWeek, UpcomingTest, WeekSchedule

TEXT_BUDGET = 3900  # a message's 4,096 characters, with room for the last lines


def short_day(t: Translator, day: dt.date) -> str:
    """«чт 10.12»: a day in a line or on a button."""
    return f"{t('tests-weekdays').split()[day.weekday()]} {day:%d.%m}"


def day_words(t: Translator, day: dt.date) -> str:
    """«среда, 2 декабря»: a day inside a sentence."""
    return f"{t.weekday(day)}, {t.date(day)}"


def _group(t: Translator, teaching: Teaching) -> str:
    return f" {t('subgroup', number=teaching.subgroup)}" if teaching.subgroup else ""


def _about(t: Translator, teaching: Teaching) -> dict[str, str]:
    return {"class": teaching.class_label, "subject": h(teaching.subject), "group": _group(t, teaching)}


def _back(t: Translator, lesson_id: int, day: dt.date) -> InlineKeyboardButton:
    """Where the teacher came from: the lesson card, or his timetable on the test's day."""
    if lesson_id:
        return button(t("btn-lesson"), _card(lesson_id))
    return button(t("btn-tests-timetable"), TimetableCb(scope=TimetableScope.TEACHER, day=day.toordinal()))


def _card(lesson_id: int) -> CallbackData:
    return LessonCb(lesson_id=lesson_id)


# ---- the teacher: which lesson -------------------------------------------------------------------------


def days_text(t: Translator, days: PlanDays) -> str:
    lines = [t("tests-plan-title", **_about(t, days.teaching))]
    if days.planned:
        lines.append(t("tests-planned-list"))
        lines += [t("tests-planned-line", day=short_day(t, p.day), kind=h(p.kind.name)) for p in days.planned]
    lines.append(t("tests-plan-when") if days.choices else t("tests-plan-no-days"))
    if any(choice.over for choice in days.choices):
        lines.append(t("tests-plan-over-hint"))
    return "\n".join(lines)


def days_keyboard(t: Translator, days: PlanDays, lesson_id: int, lesson_day: dt.date) -> InlineKeyboardMarkup:
    rows = []
    following = next((c.day for c in days.choices if c.day > lesson_day), None)
    for choice in days.choices:
        day = short_day(t, choice.day)
        if choice.day == lesson_day:
            label = t("btn-test-this-lesson", day=day)
        elif choice.day == following:
            label = t("btn-test-next-lesson", day=day)
        else:
            label = day
        data = PlanTestCb(action=PlanAction.KINDS, lesson_id=lesson_id, day=choice.day.toordinal())
        rows.append([button(("⚠️ " if choice.over else "") + label, data)])
    for test in days.planned:
        label = t("btn-planned-test", day=short_day(t, test.day), kind=test.kind.name)
        rows.append(
            [
                button(
                    label, PlannedTestCb(action=PlannedAction.OPEN, test_id=test.test_id, lesson_id=lesson_id)
                )
            ]
        )
    rows.append([button(t("btn-lesson"), _card(lesson_id))])
    return markup(*rows)


# ---- the teacher: a day chosen, warned before he confirms ----------------------------------------------


def warnings(t: Translator, crowding: Crowding, class_label: str) -> list[str]:
    """What the class already has, in words, where a test there goes over the school's limits."""
    lines = []
    if crowding.over_day:
        lines.append(
            t(
                "tests-warn-day",
                count=len(crowding.same_day),
                subjects=h(", ".join(crowding.same_day)),
                limit=crowding.per_day,
                **{"class": class_label},
            )
        )
    if crowding.over_week:
        tests = ", ".join(f"{short_day(t, day)} {subject}" for day, subject in crowding.same_week)
        lines.append(
            t(
                "tests-warn-week",
                count=len(crowding.same_week),
                tests=h(tests),
                limit=crowding.per_week,
                **{"class": class_label},
            )
        )
    if lines:
        lines.append(t("tests-warn-confirm"))
    return lines


def check_text(t: Translator, check: PlanCheck, day: dt.date) -> str:
    lines = [t("tests-check-title", day=day_words(t, day), **_about(t, check.teaching))]
    if check.existing is not None:
        lines.append(t("tests-check-existing", kind=h(check.existing.kind.name)))
    lines += warnings(t, check.crowding, check.teaching.class_label)
    lines.append(t("tests-check-ask"))
    return "\n".join(lines)


def check_keyboard(
    t: Translator, check: PlanCheck, day: dt.date, *, lesson_id: int = 0, slot_id: int = 0
) -> InlineKeyboardMarkup:
    current = check.existing.kind.kind_id if check.existing else None
    kinds = [
        [
            button(
                ("✓ " if kind.kind_id == current else "") + kind.name,
                PlanTestCb(
                    action=PlanAction.SAVE,
                    lesson_id=lesson_id,
                    slot_id=slot_id,
                    day=day.toordinal(),
                    kind_id=kind.kind_id,
                ),
            )
        ]
        for kind in check.kinds
    ]
    if lesson_id:
        cancel = button(t("btn-cancel"), PlanTestCb(action=PlanAction.DAYS, lesson_id=lesson_id))
    else:
        cancel = _back(t, 0, day)
    return markup(*kinds, [cancel])


# ---- the teacher: a planned test -----------------------------------------------------------------------


def test_title(t: Translator, test: Planned) -> str:
    return t("tests-open", kind=h(test.kind.name), day=day_words(t, test.day), **_about(t, test.teaching))


def saved_text(t: Translator, test: Planned, crowding: Crowding, created: bool) -> str:
    lines = [t("tests-saved" if created else "tests-saved-again"), test_title(t, test)]
    if crowding.over:
        lines.append(t("tests-saved-over"))
    return "\n".join(lines)


def test_keyboard(t: Translator, test: Planned, lesson_id: int) -> InlineKeyboardMarkup:
    def act(action: PlannedAction) -> PlannedTestCb:
        return PlannedTestCb(action=action, test_id=test.test_id, lesson_id=lesson_id)

    return markup(
        [
            button(t("btn-test-move"), act(PlannedAction.DAYS)),
            button(t("btn-test-remove"), act(PlannedAction.ASK_REMOVE)),
        ],
        [_back(t, lesson_id, test.day)],
    )


def move_days_text(t: Translator, test: Planned, days: PlanDays) -> str:
    lines = [test_title(t, test), t("tests-move-when") if days.choices else t("tests-plan-no-days")]
    if any(choice.over for choice in days.choices):
        lines.append(t("tests-plan-over-hint"))
    return "\n".join(lines)


def move_days_keyboard(t: Translator, test: Planned, days: PlanDays, lesson_id: int) -> InlineKeyboardMarkup:
    rows = [
        [
            button(
                ("⚠️ " if choice.over else "") + short_day(t, choice.day),
                PlannedTestCb(
                    action=PlannedAction.CHECK,
                    test_id=test.test_id,
                    day=choice.day.toordinal(),
                    lesson_id=lesson_id,
                ),
            )
        ]
        for choice in days.choices
    ]
    back = PlannedTestCb(action=PlannedAction.OPEN, test_id=test.test_id, lesson_id=lesson_id)
    return markup(*rows, [button(t("btn-back"), back)])


def move_check_text(t: Translator, test: Planned, check: PlanCheck, day: dt.date) -> str:
    lines = [test_title(t, test), t("tests-move-check", day=day_words(t, day))]
    if check.existing is not None:
        lines.append(t("error-test-day-taken"))
    lines += warnings(t, check.crowding, test.teaching.class_label)
    return "\n".join(lines)


def move_check_keyboard(
    t: Translator, test: Planned, check: PlanCheck, day: dt.date, lesson_id: int
) -> InlineKeyboardMarkup:
    move = PlannedTestCb(
        action=PlannedAction.MOVE, test_id=test.test_id, day=day.toordinal(), lesson_id=lesson_id
    )
    back = PlannedTestCb(action=PlannedAction.DAYS, test_id=test.test_id, lesson_id=lesson_id)
    confirm = [] if check.existing is not None else [button(t("btn-test-move-confirm"), move)]
    return markup(confirm, [button(t("btn-back"), back)])


def remove_keyboard(t: Translator, test: Planned, lesson_id: int) -> InlineKeyboardMarkup:
    remove = PlannedTestCb(action=PlannedAction.REMOVE, test_id=test.test_id, lesson_id=lesson_id)
    back = PlannedTestCb(action=PlannedAction.OPEN, test_id=test.test_id, lesson_id=lesson_id)
    return markup([button(t("btn-test-remove-confirm"), remove)], [button(t("btn-back"), back)])


# ---- the teacher's timetable: a test on one of the day's lessons ---------------------------------------


def timetable_rows(
    t: Translator, slots: Sequence[SlotTest], day: dt.date
) -> list[list[InlineKeyboardButton]]:
    rows = []
    for slot in slots:
        about = {"number": slot.lesson_number, "class": slot.teaching.class_label}
        subject = slot.teaching.subject[:24] + _group(t, slot.teaching)
        if slot.test is None:
            label = t("btn-test-slot", subject=subject, **about)
            data: CallbackData = PlanTestCb(
                action=PlanAction.KINDS, slot_id=slot.slot_id, day=day.toordinal()
            )
        else:
            label = t("btn-test-slot-planned", subject=subject, kind=slot.test.kind.short_name, **about)
            data = PlannedTestCb(action=PlannedAction.OPEN, test_id=slot.test.test_id)
        rows.append([button(label, data)])
    return rows


# ---- the administration's week -------------------------------------------------------------------------


def _class_block(t: Translator, week: ClassWeek) -> list[str]:
    head = t("tests-week-class", count=week.count, **{"class": week.label})
    if week.over_week:
        head += " " + t("tests-week-over-week", limit=week.per_week)
    lines = [head]
    crowded = set(week.crowded_days)
    for day in sorted({test.day for test in week.tests}):
        tests = ", ".join(
            f"{h(test.teaching.subject)}{_group(t, test.teaching)} ({h(test.kind.short_name)})"
            for test in week.tests
            if test.day == day
        )
        line = t("tests-week-day", day=short_day(t, day), tests=tests)
        if day in crowded:
            line += " " + t("tests-week-over-day", count=week.day_count(day), limit=week.per_day)
        lines.append(line)
    return lines


def week_text(t: Translator, week: WeekSchedule) -> str:
    sunday = week.monday + dt.timedelta(days=6)
    lines = [
        t("tests-week-title", first=t.date(week.monday), last=t.date(sunday)),
        t("tests-week-limits", per_day=week.per_day, per_week=week.per_week),
    ]
    if not week.classes:
        lines.append(t("tests-week-empty"))
    elif week.over:
        lines.append(t("tests-week-over", classes=", ".join(c.label for c in week.over)))
    text = "\n".join(lines)
    for index, class_week in enumerate(week.classes):
        block = "\n\n" + "\n".join(_class_block(t, class_week))
        if len(text) + len(block) > TEXT_BUDGET:
            return text + "\n\n" + t("tests-week-more", count=len(week.classes) - index)
        text += block
    return text


def week_keyboard(t: Translator, week: WeekSchedule) -> InlineKeyboardMarkup:
    def go(label: str, monday: dt.date) -> InlineKeyboardButton:
        return button(label, WeekOfTestsCb(monday=monday.toordinal(), school_id=week.school_id))

    row = [go("◀", week.monday - dt.timedelta(days=7))]
    if not week.monday <= week.today < week.monday + dt.timedelta(days=7):
        row.append(button(t("btn-tests-this-week"), WeekOfTestsCb(school_id=week.school_id)))
    row.append(go("▶", week.monday + dt.timedelta(days=7)))
    return markup(row, [back_to_menu(t)])


# ---- the family: the child's tests ahead ---------------------------------------------------------------


def ahead_text(t: Translator, tests: Sequence[UpcomingTest]) -> str:
    """«📝 Ближайшие контрольные:» and a line a test, for the child's overview (empty: none)."""
    if not tests:
        return ""
    lines = [t("tests-ahead-title")]
    lines += [
        t(
            "tests-ahead-line",
            day=short_day(t, test.day),
            subject=h(test.subject),
            kind=h(lower_first(test.kind)),
        )
        for test in tests
    ]
    return "\n".join(lines)
