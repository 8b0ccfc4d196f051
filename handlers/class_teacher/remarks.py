"""A class teacher writes a remark about a student to the family, and sees who acknowledged it, and
who acknowledged the period's final marks."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import FamilyAction, FamilyInviteCb, RemarkAction, RemarkCb
from bot.clock import Clock
from bot.filters import TYPED_TEXT
from bot.i18n import Translator
from bot.screens import h, show
from handlers.family.buttons import period_title
from services import acknowledgements, classes
from services.acknowledgements import REMARK_LIMIT, Reader, RemarkState
from services.audit import Actor

router = Router(name=__name__)
PREVIEW_CHARS = 60


class RemarkInput(StatesGroup):
    text = State()


def _button(text: str, data: RemarkCb | FamilyInviteCb) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=text, callback_data=data.pack())]


def _back_to_class(t: Translator, class_id: int) -> list[InlineKeyboardButton]:
    return _button(t("btn-back"), FamilyInviteCb(action=FamilyAction.CLASS, class_id=class_id))


# ---- writing ---------------------------------------------------------------------------------------


@router.callback_query(RemarkCb.filter(F.action == RemarkAction.WRITE))
async def ask_text(
    query: CallbackQuery,
    callback_data: RemarkCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    row, class_id = await classes.student_row(session, actor, callback_data.student_id)
    await state.set_state(RemarkInput.text)
    await state.update_data(student_id=row.student_id, class_id=class_id)
    cancel = RemarkCb(action=RemarkAction.CANCEL, class_id=class_id, student_id=row.student_id)
    await show(
        query,
        t("remark-ask", name=h(row.full_name), limit=REMARK_LIMIT),
        InlineKeyboardMarkup(inline_keyboard=[_button(t("btn-cancel"), cancel)]),
    )


@router.message(StateFilter(RemarkInput.text), TYPED_TEXT)
async def text_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    data = await state.get_data()
    row, class_id = await classes.student_row(session, actor, int(data.get("student_id", 0)))
    remark = (message.text or "").strip()
    if len(remark) > REMARK_LIMIT:
        await message.answer(t("error-remark-text", limit=REMARK_LIMIT))
        return  # still waiting for a shorter text
    await state.update_data(text=remark)
    send = RemarkCb(action=RemarkAction.SEND, class_id=class_id, student_id=row.student_id)
    cancel = RemarkCb(action=RemarkAction.CANCEL, class_id=class_id, student_id=row.student_id)
    await message.answer(
        t("remark-preview", name=h(row.full_name), text=h(remark)),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[_button(t("btn-remark-send"), send), _button(t("btn-cancel"), cancel)]
        ),
    )


@router.callback_query(RemarkCb.filter(F.action == RemarkAction.SEND))
async def send(
    query: CallbackQuery,
    callback_data: RemarkCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    if int(data.get("student_id", 0)) != callback_data.student_id or not data.get("text"):
        # A preview left from an earlier remark (already sent or cancelled): nothing to send twice.
        await query.answer(t("remark-stale"), show_alert=True)
        return
    sent = await acknowledgements.write_remark(
        session, actor, callback_data.student_id, str(data["text"]), now=clock.now()
    )
    await session.commit()  # saved before the screen says so
    await state.clear()
    student = FamilyInviteCb(
        action=FamilyAction.STUDENT, class_id=callback_data.class_id, student_id=callback_data.student_id
    )
    text = t("remark-sent", name=h(sent.student), count=sent.told)
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=[_button(t("btn-back"), student)]))


@router.callback_query(RemarkCb.filter(F.action == RemarkAction.CANCEL))
async def cancel(query: CallbackQuery, callback_data: RemarkCb, t: Translator, state: FSMContext) -> None:
    await state.clear()
    student = FamilyInviteCb(
        action=FamilyAction.STUDENT, class_id=callback_data.class_id, student_id=callback_data.student_id
    )
    await show(
        query, t("remark-cancelled"), InlineKeyboardMarkup(inline_keyboard=[_button(t("btn-back"), student)])
    )


# ---- who acknowledged ------------------------------------------------------------------------------


@router.callback_query(RemarkCb.filter(F.action == RemarkAction.LIST))
async def remark_list(
    query: CallbackQuery, callback_data: RemarkCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    school_class, remarks = await acknowledgements.class_remarks(session, actor, callback_data.class_id)
    lines = [t("remarks-title", label=school_class.label)]
    if not remarks:
        lines.append(t("remarks-none"))
    rows = [
        _button(
            _remark_label(t, remark),
            RemarkCb(action=RemarkAction.OPEN, class_id=callback_data.class_id, remark_id=remark.remark_id),
        )
        for remark in remarks
    ]
    rows.append(_back_to_class(t, callback_data.class_id))
    await show(query, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))


def _remark_label(t: Translator, remark: RemarkState) -> str:
    joined = sum(reader.joined for reader in remark.readers)
    return t(
        "remarks-line",
        date=t.date(remark.written_at.date()),
        student=remark.student,
        acknowledged=remark.acknowledged,
        joined=joined,
    )


@router.callback_query(RemarkCb.filter(F.action == RemarkAction.OPEN))
async def remark_card(
    query: CallbackQuery, callback_data: RemarkCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    _, (remark,) = await acknowledgements.class_remarks(
        session, actor, callback_data.class_id, remark_id=callback_data.remark_id
    )
    lines = [
        t("remark-card-title", student=h(remark.student), date=t.date(remark.written_at.date())),
        h(remark.text),
        "",
        *(_reader_line(t, reader) for reader in remark.readers),
    ]
    back = RemarkCb(action=RemarkAction.LIST, class_id=callback_data.class_id)
    await show(query, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=[_button(t("btn-back"), back)]))


def _reader_line(t: Translator, reader: Reader) -> str:
    who = h(reader.name) + (" " + t("remark-reader-student") if reader.is_student else "")
    if reader.acknowledged_at is not None:
        return t("remark-reader-acknowledged", name=who, date=t.date(reader.acknowledged_at.date()))
    if reader.joined:
        return t("remark-reader-waiting", name=who)
    return t("remark-reader-not-joined", name=who)


@router.callback_query(RemarkCb.filter(F.action == RemarkAction.FINALS))
async def finals(
    query: CallbackQuery,
    callback_data: RemarkCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    view = await acknowledgements.class_finals(
        session, actor, callback_data.class_id, callback_data.period_id or None, now=clock.now()
    )
    lines = [t("finals-ack-title", label=view.class_label, period=period_title(t, view.period))]
    with_finals = [s for s in view.students if s.finals]
    if not with_finals:
        lines.append(t("finals-ack-none"))
    for student in with_finals:
        mark = "✅" if student.acknowledged == student.finals else "⏳"
        lines.append(
            t(
                "finals-ack-line",
                mark=mark,
                student=h(student.student),
                acknowledged=student.acknowledged,
                finals=student.finals,
            )
        )
    periods = [
        InlineKeyboardButton(
            text=("• " if p.period_id == view.period.period_id else "") + period_title(t, p),
            callback_data=RemarkCb(
                action=RemarkAction.FINALS, class_id=callback_data.class_id, period_id=p.period_id
            ).pack(),
        )
        for p in view.periods
    ]
    rows = [periods[i : i + 3] for i in range(0, len(periods), 3)]
    rows.append(_back_to_class(t, callback_data.class_id))
    await show(query, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))
