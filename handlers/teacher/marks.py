"""Marks: pick a student then a mark, or pick a mark then tap everyone who gets it; change, remove,
comment; or type them («Иванов 5», «5 4 - 3 5») and confirm a preview."""

from __future__ import annotations

from dataclasses import replace

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import (
    LessonCb,
    LessonScreen,
    MarkCommentCb,
    MarkEditAction,
    MarkEditCb,
    MarksCb,
    MarksTextAction,
    MarksTextCb,
    MarkTapCb,
)
from bot.clock import Clock
from bot.filters import TYPED_TEXT
from bot.i18n import Translator
from bot.screens import h, show
from handlers.teacher.states import TeacherInput, begin_input, open_input
from handlers.teacher.views import (
    answered_while_absent,
    cancel_keyboard,
    comment_keyboard,
    keypad_keyboard,
    keypad_text,
    lesson_title,
    mark_edit_keyboard,
    mark_edit_text,
    marks_keyboard,
    marks_text,
    shorthand_keyboard,
    shorthand_preview,
)
from services import marks
from services.audit import Actor
from services.lessons import KindInfo, LessonSheet, SheetMark, load_sheet
from services.mark_shorthand import KindEntry, ParsedMark, RosterEntry, ShorthandResult, parse_marks
from services.marks import TypedMark, new_entry_key

router = Router(name=__name__)


def _kind(sheet: LessonSheet, kind_id: int) -> KindInfo:
    return sheet.kind(kind_id) if kind_id else sheet.default_kind


async def _roster(
    target: Message | CallbackQuery,
    t: Translator,
    sheet: LessonSheet,
    kind: KindInfo,
    value: int,
    page: int,
    last: SheetMark | None = None,
    toast: str | None = None,
) -> None:
    # A fresh entry key for every rendering: a double tap on this screen's buttons is one mark.
    keyboard = marks_keyboard(t, sheet, kind, value, new_entry_key(), page, last)
    await show(target, marks_text(t, sheet, kind, value), keyboard, toast=toast)


@router.callback_query(LessonCb.filter(F.screen == LessonScreen.MARKS))
async def marks_screen(
    query: CallbackQuery,
    callback_data: LessonCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    await state.clear()
    sheet = await marks.marks_sheet(session, actor, callback_data.lesson_id)
    await _roster(query, t, sheet, sheet.default_kind, 0, callback_data.page)


@router.callback_query(MarksCb.filter())
async def marks_mode(
    query: CallbackQuery,
    callback_data: MarksCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    await state.clear()
    sheet = await marks.marks_sheet(session, actor, callback_data.lesson_id)
    value = callback_data.value if callback_data.value in marks.VALUES else 0
    await _roster(query, t, sheet, _kind(sheet, callback_data.kind_id), value, callback_data.page)


@router.callback_query(MarkTapCb.filter(F.value == 0))
async def keypad(
    query: CallbackQuery, callback_data: MarkTapCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    sheet = await marks.marks_sheet(session, actor, callback_data.lesson_id)
    student = sheet.student(callback_data.student_id)
    kind = _kind(sheet, callback_data.kind_id)
    await show(
        query,
        keypad_text(t, sheet, student, kind),
        keypad_keyboard(t, sheet, student, kind, new_entry_key(), callback_data.page),
    )


@router.callback_query(MarkTapCb.filter())
async def give(
    query: CallbackQuery,
    callback_data: MarkTapCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    data = callback_data
    outcome = await marks.give(
        session, actor, data.lesson_id, data.student_id, data.value, data.kind_id, data.key, now=clock.now()
    )
    await session.commit()  # saved before the screen says so
    kind = outcome.sheet.kind(data.kind_id)
    mode = data.mode if data.mode in marks.VALUES else 0
    if outcome.mark is None:
        toast = t("mark-already-saved")
    else:
        toast = t("mark-saved", name=outcome.student.short_name, value=data.value, kind=kind.short_name)
        if answered_while_absent(outcome.student, kind):
            toast += " " + t("mark-saved-absent")
    await _roster(query, t, outcome.sheet, kind, mode, data.page, outcome.mark, toast)


@router.callback_query(MarkEditCb.filter(F.action == MarkEditAction.OPEN))
async def edit_open(
    query: CallbackQuery, callback_data: MarkEditCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    sheet, student, mark = await marks.mark_in_sheet(session, actor, callback_data.mark_id)
    await show(
        query, mark_edit_text(t, sheet, student, mark), mark_edit_keyboard(t, sheet, mark, callback_data.page)
    )


@router.callback_query(MarkEditCb.filter(F.action.in_({MarkEditAction.VALUE, MarkEditAction.KIND})))
async def edit_change(
    query: CallbackQuery,
    callback_data: MarkEditCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    sheet, _, mark = await marks.mark_in_sheet(session, actor, callback_data.mark_id)
    if callback_data.action == MarkEditAction.VALUE:
        outcome = await marks.change(session, actor, mark.mark_id, now=clock.now(), value=callback_data.value)
        await session.commit()  # saved before the screen says so
    else:
        kind = sheet.kind(callback_data.value)  # a kind of another school is refused here
        outcome = await marks.change(session, actor, mark.mark_id, now=clock.now(), kind_id=kind.kind_id)
        await session.commit()  # saved before the screen says so
    assert outcome.mark is not None
    await show(
        query,
        mark_edit_text(t, outcome.sheet, outcome.student, outcome.mark),
        mark_edit_keyboard(t, outcome.sheet, outcome.mark, callback_data.page),
    )


@router.callback_query(MarkEditCb.filter(F.action == MarkEditAction.REMOVE))
async def edit_remove(
    query: CallbackQuery,
    callback_data: MarkEditCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    outcome = await marks.remove(session, actor, callback_data.mark_id, now=clock.now())
    await session.commit()  # saved before the screen says so
    toast = t("mark-removed", name=outcome.student.short_name)
    await _roster(query, t, outcome.sheet, outcome.sheet.default_kind, 0, callback_data.page, toast=toast)


# ---- comments --------------------------------------------------------------------------------------


@router.callback_query(MarkCommentCb.filter(F.template == -2))
async def comment_templates(
    query: CallbackQuery, callback_data: MarkCommentCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    sheet, student, mark = await marks.mark_in_sheet(session, actor, callback_data.mark_id)
    text = "\n".join(
        [lesson_title(t, sheet.lesson), t("comment-choose", name=h(student.full_name), value=mark.value)]
    )
    templates = sheet.lesson.settings.comment_templates
    await show(query, text, comment_keyboard(t, templates, mark, sheet.lesson.lesson_id, callback_data.page))


@router.callback_query(MarkCommentCb.filter(F.template == -1))
async def comment_own(
    query: CallbackQuery,
    callback_data: MarkCommentCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    sheet, student, mark = await marks.mark_in_sheet(session, actor, callback_data.mark_id)
    await begin_input(
        state, TeacherInput.mark_comment, clock.now(), mark_id=mark.mark_id, page=callback_data.page
    )
    back = MarksCb(lesson_id=sheet.lesson.lesson_id, kind_id=mark.kind_id, page=callback_data.page)
    await show(query, t("comment-ask", name=h(student.full_name), value=mark.value), cancel_keyboard(t, back))


@router.callback_query(MarkCommentCb.filter())
async def comment_template(
    query: CallbackQuery,
    callback_data: MarkCommentCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    sheet, _, mark = await marks.mark_in_sheet(session, actor, callback_data.mark_id)
    templates = sheet.lesson.settings.comment_templates
    if not 0 <= callback_data.template < len(templates):
        await query.answer(t("stale-button"), show_alert=True)
        return
    outcome = await marks.change(
        session, actor, mark.mark_id, now=clock.now(), comment=templates[callback_data.template]
    )
    await session.commit()  # saved before the screen says so
    kind = outcome.sheet.kind(mark.kind_id)
    await _roster(query, t, outcome.sheet, kind, 0, callback_data.page, toast=t("comment-saved"))


@router.message(StateFilter(TeacherInput.mark_comment), TYPED_TEXT)
async def comment_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock, state: FSMContext
) -> None:
    data = await open_input(state, clock.now())
    if data is None:
        await message.answer(t("input-expired"))
        return
    outcome = await marks.change(
        session, actor, int(data.get("mark_id", 0)), now=clock.now(), comment=message.text or ""
    )
    await session.commit()  # saved before the screen says so
    await state.clear()
    await message.answer(t("comment-saved"))
    kind = outcome.sheet.kind(outcome.mark.kind_id) if outcome.mark else outcome.sheet.default_kind
    await _roster(message, t, outcome.sheet, kind, 0, int(data.get("page", 0)))


# ---- marks typed as text ---------------------------------------------------------------------------


@router.callback_query(MarksTextCb.filter(F.action == MarksTextAction.START))
async def text_start(
    query: CallbackQuery,
    callback_data: MarksTextCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    sheet = await marks.marks_sheet(session, actor, callback_data.lesson_id)
    kind = _kind(sheet, callback_data.kind_id)
    lesson_id = sheet.lesson.lesson_id
    await begin_input(state, TeacherInput.marks_text, clock.now(), lesson_id=lesson_id, kind_id=kind.kind_id)
    await show(
        query,
        "\n".join([lesson_title(t, sheet.lesson), t("shorthand-ask", kind=h(kind.short_name))]),
        cancel_keyboard(t, MarksCb(lesson_id=lesson_id, kind_id=kind.kind_id)),
    )


@router.message(StateFilter(TeacherInput.marks_text), TYPED_TEXT)
async def text_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, clock: Clock, state: FSMContext
) -> None:
    data = await open_input(state, clock.now())
    if data is None:
        await message.answer(t("input-expired"))
        return
    sheet = await marks.marks_sheet(session, actor, int(data.get("lesson_id", 0)))
    kind = _kind(sheet, int(data.get("kind_id", 0)))
    roster = [RosterEntry(s.student_id, s.last_name, s.first_name, s.middle_name) for s in sheet.students]
    kinds = [KindEntry(k.kind_id, k.code, k.name, k.short_name) for k in sheet.kinds]
    parsed = parse_marks(message.text or "", roster, kinds, kind.kind_id)
    # The previous preview's clear lines stay: a teacher sends only the lines he corrected.
    result, kept = _with_previous(parsed, data.get("typed"))
    # Kept on the server until confirmed, with the key that makes a second confirm save nothing.
    typed = [[m.student_id, m.value, m.kind_id] for m in result.marks]
    await state.update_data(typed=typed, key=new_entry_key())
    await message.answer(
        shorthand_preview(t, sheet, result, kept=kept),
        reply_markup=shorthand_keyboard(t, sheet.lesson.lesson_id, kind.kind_id, bool(result.marks)),
    )


def _with_previous(parsed: ShorthandResult, previous: object) -> tuple[ShorthandResult, int]:
    """The marks of the previous preview not typed again, then the new ones; and how many were kept."""
    stored = previous if isinstance(previous, list) else []
    earlier = [(int(s), int(v), int(k)) for s, v, k in (mark for mark in stored if isinstance(mark, list))]
    typed_now = {(m.student_id, m.value, m.kind_id) for m in parsed.marks}
    kept = [ParsedMark(s, v, k, 0, "") for s, v, k in earlier if (s, v, k) not in typed_now]
    return replace(parsed, marks=(*kept, *parsed.marks)), len(kept)


@router.callback_query(
    MarksTextCb.filter(F.action == MarksTextAction.SAVE), StateFilter(TeacherInput.marks_text)
)
async def text_save(
    query: CallbackQuery,
    callback_data: MarksTextCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    data = await open_input(state, clock.now()) or {}
    if int(data.get("lesson_id", 0)) != callback_data.lesson_id or not data.get("typed"):
        await query.answer(t("stale-button"), show_alert=True)
        return
    typed = [TypedMark(int(s), int(v), int(k)) for s, v, k in data["typed"]]
    saved = await marks.give_many(
        session, actor, callback_data.lesson_id, typed, str(data.get("key", "")), now=clock.now()
    )
    await session.commit()  # saved before the screen says so
    await state.clear()
    sheet = await load_sheet(session, actor, lesson_id=callback_data.lesson_id)
    await _roster(
        query, t, sheet, _kind(sheet, callback_data.kind_id), 0, 0, toast=t("shorthand-saved", count=saved)
    )


@router.callback_query(MarksTextCb.filter(F.action == MarksTextAction.CANCEL))
async def text_cancel(
    query: CallbackQuery,
    callback_data: MarksTextCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    await state.clear()
    sheet = await marks.marks_sheet(session, actor, callback_data.lesson_id)
    await _roster(query, t, sheet, _kind(sheet, callback_data.kind_id), 0, 0)


@router.callback_query(MarksTextCb.filter())
async def text_save_stale(query: CallbackQuery, t: Translator) -> None:
    """«Сохранить» on an old preview after the typing was finished or cancelled."""
    await query.answer(t("stale-button"), show_alert=True)
