"""Final marks for a period: the teacher picks a class and subject, sees each student's weighted
average and what it rounds to, and sets the finals one tap each, or all at once by the averages.
The family is told of each (with «Ознакомлен»)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import FinalsAction, FinalsCb
from bot.clock import Clock
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.screens import h, show
from handlers.family.buttons import period_title
from services import finals
from services.audit import Actor
from services.finals import FinalRow, FinalsSheet

router = Router(name=__name__)
PERIODS_PER_ROW = 3


def _button(text: str, data: FinalsCb) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text[:64], callback_data=data.pack())


def _at(sheet: FinalsSheet, action: FinalsAction, **fields: int) -> FinalsCb:
    return FinalsCb(
        action=action,
        class_id=sheet.class_id,
        subject_id=sheet.subject_id,
        period_id=sheet.period.period_id,
        **fields,
    )


@router.callback_query(FinalsCb.filter(F.action == FinalsAction.CLASSES))
async def assignments(query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator) -> None:
    taught = await finals.my_assignments(session, actor)
    rows = [
        [
            _button(
                f"{a.class_label} · {a.subject}",
                FinalsCb(action=FinalsAction.SHEET, class_id=a.class_id, subject_id=a.subject_id),
            )
        ]
        for a in taught
    ]
    rows.append([back_to_menu(t)])
    text = t("finals-pick") if taught else t("finals-no-classes")
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=rows))


def _average(t: Translator, row: FinalRow) -> str:
    return t("finals-average", average=round(float(row.average), 2)) if row.average is not None else "—"


def _student_label(t: Translator, row: FinalRow) -> str:
    if row.final is not None:
        return t("finals-row-set", name=row.name, average=_average(t, row), final=row.final)
    return t("finals-row-missing", name=row.name, average=_average(t, row))


async def _sheet_screen(
    target: CallbackQuery, t: Translator, sheet: FinalsSheet, toast: str | None = None
) -> None:
    text = t(
        "finals-title",
        **{"class": sheet.class_label},
        subject=h(sheet.subject),
        period=period_title(t, sheet.period),
        missing=sheet.missing,
    )
    rows = [
        [_button(_student_label(t, row), _at(sheet, FinalsAction.STUDENT, student_id=row.student_id))]
        for row in sheet.students
    ]
    by_average = sum(row.final is None and row.suggested is not None for row in sheet.students)
    if by_average:
        rows.insert(0, [_button(t("btn-finals-all", count=by_average), _at(sheet, FinalsAction.ALL))])
    periods = [
        _button(
            ("• " if p.period_id == sheet.period.period_id else "") + period_title(t, p),
            FinalsCb(
                action=FinalsAction.SHEET,
                class_id=sheet.class_id,
                subject_id=sheet.subject_id,
                period_id=p.period_id,
            ),
        )
        for p in sheet.periods
    ]
    rows += [periods[i : i + PERIODS_PER_ROW] for i in range(0, len(periods), PERIODS_PER_ROW)]
    rows.append([_button(t("btn-back"), FinalsCb(action=FinalsAction.CLASSES))])
    await show(target, text, InlineKeyboardMarkup(inline_keyboard=rows), toast=toast)


async def _load(session: AsyncSession, actor: Actor, data: FinalsCb, clock: Clock) -> FinalsSheet:
    return await finals.finals_sheet(
        session, actor, data.class_id, data.subject_id, data.period_id or None, now=clock.now()
    )


@router.callback_query(FinalsCb.filter(F.action == FinalsAction.SHEET))
async def sheet_screen(
    query: CallbackQuery,
    callback_data: FinalsCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    await _sheet_screen(query, t, await _load(session, actor, callback_data, clock))


@router.callback_query(FinalsCb.filter(F.action == FinalsAction.STUDENT))
async def keypad(
    query: CallbackQuery,
    callback_data: FinalsCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    sheet = await _load(session, actor, callback_data, clock)
    row = next((r for r in sheet.students if r.student_id == callback_data.student_id), None)
    if row is None:
        await query.answer(t("finals-student-gone"), show_alert=True)
        return
    values = [
        _button(
            f"⭐{value}" if value == row.suggested else str(value),
            _at(sheet, FinalsAction.SET, student_id=row.student_id, value=value),
        )
        for value in finals.FINAL_VALUES
    ]
    text = t("finals-keypad", name=h(row.name), subject=h(sheet.subject), average=_average(t, row))
    back = [_button(t("btn-back"), _at(sheet, FinalsAction.SHEET))]
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=[values, back]))


@router.callback_query(FinalsCb.filter(F.action == FinalsAction.SET))
async def set_one(
    query: CallbackQuery,
    callback_data: FinalsCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    data = callback_data
    done = await finals.set_final(
        session,
        actor,
        student_id=data.student_id,
        subject_id=data.subject_id,
        period_id=data.period_id,
        value=data.value,
        now=clock.now(),
    )
    await session.commit()  # saved before the screen says so
    sheet = await _load(session, actor, data, clock)
    await _sheet_screen(query, t, sheet, toast=t("finals-saved", name=done.student, value=done.value))


@router.callback_query(FinalsCb.filter(F.action == FinalsAction.ALL))
async def set_all(
    query: CallbackQuery,
    callback_data: FinalsCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    data = callback_data
    count = await finals.set_finals_by_average(
        session, actor, data.class_id, data.subject_id, data.period_id or None, now=clock.now()
    )
    await session.commit()  # saved before the screen says so
    await _sheet_screen(
        query, t, await _load(session, actor, callback_data, clock), toast=t("finals-saved-all", count=count)
    )
