"""The teacher's tests ahead: from the lesson card «📝 Контрольная» → the lesson → the kind (three
taps), or from his timetable's day «📝 3 · 5Б …» → the kind (two); a planned test moved or taken back.
Before the kind is chosen the screen says what the class already has against the school's limits."""

from __future__ import annotations

import datetime as dt

from aiogram import F, Router
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks_tests import PlanAction, PlannedAction, PlannedTestCb, PlanTestCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.screens import show
from handlers.planned_tests_views import (
    check_keyboard,
    check_text,
    days_keyboard,
    days_text,
    move_check_keyboard,
    move_check_text,
    move_days_keyboard,
    move_days_text,
    remove_keyboard,
    saved_text,
    short_day,
    test_keyboard,
    test_title,
)
from handlers.teacher.timetable import show_day
from handlers.timetable_view import day_from_button
from services import planned_tests, tests_planning
from services.audit import Actor
from services.errors import ServiceError

router = Router(name=__name__)


def _day(ordinal: int) -> dt.date:
    day = day_from_button(ordinal)
    if day is None:
        raise ServiceError("test-no-lesson")
    return day


@router.callback_query(PlanTestCb.filter(F.action == PlanAction.DAYS))
async def plan_days(
    query: CallbackQuery,
    callback_data: PlanTestCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    lesson_id = callback_data.lesson_id
    teaching = await planned_tests.source(session, actor, lesson_id=lesson_id)
    lesson_day = await planned_tests.lesson_day(session, lesson_id)
    assert lesson_day is not None  # the lesson is his: source() found it
    days = await tests_planning.plan_days(session, actor, teaching, clock.now(), also=lesson_day)
    await show(query, days_text(t, days), days_keyboard(t, days, lesson_id, lesson_day))


@router.callback_query(PlanTestCb.filter(F.action == PlanAction.KINDS))
async def plan_check(
    query: CallbackQuery,
    callback_data: PlanTestCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    data = callback_data
    teaching = await planned_tests.source(session, actor, lesson_id=data.lesson_id, slot_id=data.slot_id)
    day = _day(data.day)
    check = await tests_planning.check(session, actor, teaching, day, clock.now())
    keyboard = check_keyboard(t, check, day, lesson_id=data.lesson_id, slot_id=data.slot_id)
    await show(query, check_text(t, check, day), keyboard)


@router.callback_query(PlanTestCb.filter(F.action == PlanAction.SAVE))
async def plan_save(
    query: CallbackQuery,
    callback_data: PlanTestCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    data = callback_data
    teaching = await planned_tests.source(session, actor, lesson_id=data.lesson_id, slot_id=data.slot_id)
    saved = await tests_planning.plan(session, actor, teaching, _day(data.day), data.kind_id, clock.now())
    await session.commit()  # saved before the screen says so
    await show(
        query,
        saved_text(t, saved.test, saved.crowding, saved.created),
        test_keyboard(t, saved.test, data.lesson_id),
        toast=t("tests-saved-toast"),
    )


@router.callback_query(PlannedTestCb.filter(F.action == PlannedAction.OPEN))
async def planned_test(
    query: CallbackQuery,
    callback_data: PlannedTestCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    test = await planned_tests.own_test(session, actor, callback_data.test_id, clock.now())
    await show(query, test_title(t, test), test_keyboard(t, test, callback_data.lesson_id))


@router.callback_query(PlannedTestCb.filter(F.action == PlannedAction.DAYS))
async def move_days(
    query: CallbackQuery,
    callback_data: PlannedTestCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    data = callback_data
    days = await tests_planning.move_days(session, actor, data.test_id, clock.now())
    test = await planned_tests.own_test(session, actor, data.test_id, clock.now())
    await show(query, move_days_text(t, test, days), move_days_keyboard(t, test, days, data.lesson_id))


@router.callback_query(PlannedTestCb.filter(F.action == PlannedAction.CHECK))
async def move_check(
    query: CallbackQuery,
    callback_data: PlannedTestCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    data = callback_data
    day = _day(data.day)
    test, check = await tests_planning.check_move(session, actor, data.test_id, day, clock.now())
    await show(
        query, move_check_text(t, test, check, day), move_check_keyboard(t, test, check, day, data.lesson_id)
    )


@router.callback_query(PlannedTestCb.filter(F.action == PlannedAction.MOVE))
async def move(
    query: CallbackQuery,
    callback_data: PlannedTestCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    data = callback_data
    moved, crowding = await tests_planning.move(session, actor, data.test_id, _day(data.day), clock.now())
    await session.commit()  # saved before the screen says so
    lines = [t("tests-moved", day=short_day(t, moved.day)), test_title(t, moved)]
    if crowding.over:
        lines.append(t("tests-saved-over"))
    await show(query, "\n".join(lines), test_keyboard(t, moved, data.lesson_id))


@router.callback_query(PlannedTestCb.filter(F.action == PlannedAction.ASK_REMOVE))
async def remove_ask(
    query: CallbackQuery,
    callback_data: PlannedTestCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    test = await planned_tests.own_test(session, actor, callback_data.test_id, clock.now())
    text = f"{test_title(t, test)}\n{t('tests-remove-ask')}"
    await show(query, text, remove_keyboard(t, test, callback_data.lesson_id))


@router.callback_query(PlannedTestCb.filter(F.action == PlannedAction.REMOVE))
async def remove(
    query: CallbackQuery,
    callback_data: PlannedTestCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    data = callback_data
    test = await tests_planning.remove(session, actor, data.test_id, clock.now())
    await session.commit()  # saved before the screen says so
    if data.lesson_id:
        teaching = await planned_tests.source(session, actor, lesson_id=data.lesson_id)
        lesson_day = await planned_tests.lesson_day(session, data.lesson_id)
        assert lesson_day is not None
        days = await tests_planning.plan_days(session, actor, teaching, clock.now(), also=lesson_day)
        text = f"{t('tests-removed', day=short_day(t, test.day))}\n{days_text(t, days)}"
        await show(query, text, days_keyboard(t, days, data.lesson_id, lesson_day))
        return
    note = t("tests-removed", day=short_day(t, test.day))
    await show_day(query, test.day.toordinal(), session, actor, t, clock, note=note)
