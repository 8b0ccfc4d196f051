"""The class teacher's week of absences: on screen, as XLSX, and his correction (absences excused,
with a reason). Reached from the Friday summary's buttons and from «Мой класс»."""

from __future__ import annotations

import datetime as dt

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import FamilyAction, FamilyInviteCb, SummaryAction, SummaryCb
from bot.clock import Clock
from bot.delivery.renderers import week_text
from bot.filters import TYPED_TEXT
from bot.i18n import Translator
from bot.repeat_guard import ONCE
from bot.screens import h, show
from handlers.helpers import making_a_file
from services import absence_summary, access
from services.absence_summary import REASON_LIMIT, ClassWeek, StudentWeek, monday_of, week_notice
from services.audit import Actor
from services.calendar import school_today

router = Router(name=__name__)


class ExcuseInput(StatesGroup):
    reason = State()


def _cb(data: SummaryCb, action: SummaryAction, **fields: int) -> str:
    return SummaryCb(action=action, class_id=data.class_id, monday=data.monday, **fields).pack()


def _row(text: str, callback_data: str) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=text, callback_data=callback_data)]


async def _week(session: AsyncSession, actor: Actor, data: SummaryCb, clock: Clock) -> ClassWeek:
    """The week the button names; the current one (the school's today) when it names none."""
    if data.monday:
        monday = monday_of(dt.date.fromordinal(data.monday))
    else:
        school_class = await access.class_for_family_admin(session, actor, data.class_id)
        monday = monday_of(await school_today(session, school_class.school_id, clock.now()))
    return await absence_summary.class_week(session, actor, data.class_id, monday)


@router.callback_query(SummaryCb.filter(F.action == SummaryAction.SHOW))
async def week_screen(
    query: CallbackQuery,
    callback_data: SummaryCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    week = await _week(session, actor, callback_data, clock)
    data = SummaryCb(action=SummaryAction.SHOW, class_id=week.class_id, monday=week.monday.toordinal())
    rows = [_row(t("btn-summary-xlsx"), _cb(data, SummaryAction.XLSX))]
    if _unexcused(week):
        rows.append(_row(t("btn-summary-excuse"), _cb(data, SummaryAction.EXCUSE)))
    previous = SummaryCb(
        action=SummaryAction.SHOW, class_id=week.class_id, monday=week.monday.toordinal() - 7
    )
    rows.append(_row(t("btn-summary-previous-week"), previous.pack()))
    rows.append(_row(t("btn-back"), FamilyInviteCb(action=FamilyAction.CLASS, class_id=week.class_id).pack()))
    await show(query, week_text(week_notice(week), t), InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(SummaryCb.filter(F.action == SummaryAction.XLSX), flags={ONCE: 30})
async def week_file(
    query: CallbackQuery,
    callback_data: SummaryCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    bot: Bot,
) -> None:
    async with making_a_file(bot, query):
        await _send_week_file(query, session, actor, t, clock, bot, callback_data)
    await query.answer()


async def _send_week_file(
    query: CallbackQuery,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    bot: Bot,
    callback_data: SummaryCb,
) -> None:
    week = await _week(session, actor, callback_data, clock)
    words = (
        "student",
        "date",
        "lesson",
        "subject",
        "status",
        "excused",
        "reason",
        "absent",
        "late",
        "yes",
        "no",
        "totals",
        "total",
    )
    content = absence_summary.week_xlsx(week, {word: t(f"xlsx-{word}") for word in words})
    name = t("xlsx-summary-filename", label=week.label, monday=week.monday.isoformat())
    await bot.send_document(query.from_user.id, BufferedInputFile(content, filename=name))


def _unexcused(week: ClassWeek) -> list[StudentWeek]:
    return [s for s in week.students if s.count("absent", excused=False)]


@router.callback_query(SummaryCb.filter(F.action == SummaryAction.EXCUSE))
async def excuse_students(
    query: CallbackQuery,
    callback_data: SummaryCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    week = await _week(session, actor, callback_data, clock)
    students = _unexcused(week)
    rows = [
        _row(
            t("excuse-student", name=s.name, count=s.count("absent", excused=False)),
            _cb(callback_data, SummaryAction.STUDENT, student_id=s.student_id),
        )
        for s in students
    ]
    rows.append(_row(t("btn-back"), _cb(callback_data, SummaryAction.SHOW)))
    text = t("excuse-pick-student") if students else t("excuse-nothing")
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=rows))


async def _student_screen(
    target: CallbackQuery | Message, t: Translator, week: ClassWeek, data: SummaryCb, student_id: int
) -> None:
    student = next((s for s in week.students if s.student_id == student_id), None)
    misses = [m for m in student.misses if m.status == "absent" and not m.excused] if student else []
    rows = [
        _row(
            f"{m.date:%d.%m} · {m.lesson_number} {m.subject}"[:64],
            _cb(data, SummaryAction.REASON, student_id=student_id, lesson_id=m.lesson_id),
        )
        for m in misses
    ]
    if len(misses) > 1:
        rows.insert(
            0,
            _row(
                t("btn-excuse-all", count=len(misses)), _cb(data, SummaryAction.REASON, student_id=student_id)
            ),
        )
    rows.append(_row(t("btn-back"), _cb(data, SummaryAction.EXCUSE)))
    name = student.name if student else ""
    text = t("excuse-pick-absence", name=h(name)) if misses else t("excuse-student-done", name=h(name))
    await show(target, text, InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(SummaryCb.filter(F.action == SummaryAction.STUDENT))
async def excuse_student(
    query: CallbackQuery,
    callback_data: SummaryCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    await state.clear()  # «Отмена» of a reason lands here
    await access.student_for_family_admin(session, actor, callback_data.student_id)
    week = await _week(session, actor, callback_data, clock)
    await _student_screen(query, t, week, callback_data, callback_data.student_id)


@router.callback_query(SummaryCb.filter(F.action == SummaryAction.REASON))
async def ask_reason(
    query: CallbackQuery,
    callback_data: SummaryCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    await access.student_for_family_admin(session, actor, callback_data.student_id)
    await state.set_state(ExcuseInput.reason)
    await state.update_data(summary=callback_data.pack())
    back = _cb(callback_data, SummaryAction.STUDENT, student_id=callback_data.student_id)
    await show(
        query,
        t("excuse-ask-reason", limit=REASON_LIMIT),
        InlineKeyboardMarkup(inline_keyboard=[_row(t("btn-cancel"), back)]),
    )


@router.message(StateFilter(ExcuseInput.reason), TYPED_TEXT)
async def reason_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock, state: FSMContext
) -> None:
    packed = str((await state.get_data()).get("summary", ""))
    if not packed.startswith(SummaryCb.__prefix__ + ":"):
        await state.clear()
        await message.answer(t("excuse-stale"))
        return
    data = SummaryCb.unpack(packed)
    changed = await absence_summary.excuse(
        session,
        actor,
        data.student_id,
        monday_of(dt.date.fromordinal(data.monday)),
        message.text or "",
        lesson_id=data.lesson_id or None,
    )
    await session.commit()  # saved before the screen says so
    await state.clear()
    await message.answer(t("excuse-done", count=changed))
    week = await _week(session, actor, data, clock)
    await _student_screen(message, t, week, data, data.student_id)
