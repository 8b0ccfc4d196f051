"""Messages between families and the school: «✉️ Написать учителю» (a parent or a student picks the
child and a contact, then types), «✉️ Написать родителям» (a class teacher, from a student's card),
and «↩ Ответить» / «🔕» under every relayed message."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ThreadAction, ThreadCb
from bot.clock import Clock
from bot.filters import TYPED_TEXT
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.screens import h, show
from services import threads
from services.audit import Actor
from services.errors import ServiceError
from services.family import children_of
from services.threads import Contact, ContactKind

router = Router(name=__name__)


class ThreadInput(StatesGroup):
    text = State()


def _row(text: str, data: ThreadCb) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=text, callback_data=data.pack())]


def _cancel(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[_row(t("btn-cancel"), ThreadCb(action=ThreadAction.CANCEL))])


@router.callback_query(ThreadCb.filter(F.action == ThreadAction.START))
async def start(
    query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    await state.clear()
    children = await children_of(session, actor)
    if len(children) == 1:
        await _contacts(query, session, actor, t, children[0].student_id)
        return
    rows = [
        _row(f"{c.full_name} ({c.class_label})", ThreadCb(action=ThreadAction.CHILD, student_id=c.student_id))
        for c in children
    ]
    await show(query, t("thread-child"), InlineKeyboardMarkup(inline_keyboard=[*rows, [back_to_menu(t)]]))


@router.callback_query(ThreadCb.filter(F.action == ThreadAction.CHILD))
async def child_chosen(
    query: CallbackQuery, callback_data: ThreadCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    await _contacts(query, session, actor, t, callback_data.student_id)


async def _contacts(
    query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, student_id: int
) -> None:
    found = await threads.contacts(session, actor, student_id)
    rows = [
        _row(
            _contact_label(t, c),
            ThreadCb(action=ThreadAction.CONTACT, student_id=student_id, staff_id=c.staff_id),
        )
        for c in found
    ]
    await show(query, t("thread-contacts"), InlineKeyboardMarkup(inline_keyboard=[*rows, [back_to_menu(t)]]))


def _contact_label(t: Translator, contact: Contact) -> str:
    if contact.kind is ContactKind.TEACHER:
        return t("thread-contact-teacher", name=contact.name, subjects=contact.subjects)
    return t(f"thread-contact-{contact.kind.value.replace('_', '-')}", name=contact.name)


@router.callback_query(ThreadCb.filter(F.action == ThreadAction.CONTACT))
async def contact_chosen(
    query: CallbackQuery,
    callback_data: ThreadCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    found = await threads.contacts(session, actor, callback_data.student_id)
    contact = next((c for c in found if c.staff_id == callback_data.staff_id), None)
    if contact is None:
        await show(query, t("error-access-denied"), _cancel(t))
        return
    await state.set_state(ThreadInput.text)
    await state.set_data(
        {"mode": "to_staff", "student_id": callback_data.student_id, "staff_id": contact.staff_id}
    )
    await show(query, t("thread-ask", to=h(contact.name)), _cancel(t))


@router.callback_query(ThreadCb.filter(F.action == ThreadAction.CLASS))
async def class_students(
    query: CallbackQuery, callback_data: ThreadCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    label, students = await threads.class_students(session, actor, callback_data.class_id)
    buttons = [
        InlineKeyboardButton(
            text=student.full_name,
            callback_data=ThreadCb(action=ThreadAction.FAMILY, student_id=student.id).pack(),
        )
        for student in students
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    await show(
        query,
        t("thread-class", **{"class": h(label)}),
        InlineKeyboardMarkup(inline_keyboard=[*rows, [back_to_menu(t)]]),
    )


@router.callback_query(ThreadCb.filter(F.action == ThreadAction.FAMILY))
async def to_family(
    query: CallbackQuery,
    callback_data: ThreadCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    student, _ = await threads.family_of_staff(session, actor, callback_data.student_id)
    await state.set_state(ThreadInput.text)
    await state.set_data({"mode": "to_family", "student_id": student.id})
    await show(query, t("thread-ask-family", student=h(student.full_name)), _cancel(t))


@router.callback_query(ThreadCb.filter(F.action == ThreadAction.REPLY))
async def ask_reply(query: CallbackQuery, callback_data: ThreadCb, t: Translator, state: FSMContext) -> None:
    await state.set_state(ThreadInput.text)
    await state.set_data({"mode": "reply", "thread_id": callback_data.thread_id})
    await query.answer()
    if query.message is not None:
        await query.message.answer(t("thread-ask-reply"), reply_markup=_cancel(t))


@router.message(StateFilter(ThreadInput.text), TYPED_TEXT)
async def text_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext, clock: Clock
) -> None:
    data = await state.get_data()
    typed, now = message.text or "", clock.now()
    try:
        if data.get("mode") == "to_family":
            sent = await threads.write_to_family(session, actor, int(data["student_id"]), typed, now=now)
            answer = t("thread-sent-family", count=len(sent)) if sent else t("thread-no-parents")
        else:
            if data.get("mode") == "reply":
                one = await threads.reply(session, actor, int(data["thread_id"]), typed, now=now)
            else:
                student_id, staff_id = int(data["student_id"]), int(data["staff_id"])
                one = await threads.write_to_staff(session, actor, student_id, staff_id, typed, now=now)
            answer = t("thread-sent" if one.delivered else "thread-kept", to=h(one.to))
    except ServiceError as refusal:
        key = f"error-{refusal.code}"
        await message.answer(t(key, **refusal.params) if t.has(key) else t("error-access-denied"))
        if refusal.code not in ("thread-text", "thread-limit"):
            await state.clear()
        return
    await session.commit()
    await state.clear()
    await message.answer(answer, reply_markup=InlineKeyboardMarkup(inline_keyboard=[[back_to_menu(t)]]))


@router.callback_query(ThreadCb.filter(F.action.in_({ThreadAction.MUTE, ThreadAction.UNMUTE})))
async def mute(
    query: CallbackQuery, callback_data: ThreadCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    muted = callback_data.action == ThreadAction.MUTE
    await threads.mute(session, actor, callback_data.thread_id, muted)
    await session.commit()
    await query.answer(t("thread-muted" if muted else "thread-unmuted"), show_alert=True)


@router.callback_query(ThreadCb.filter(F.action == ThreadAction.CANCEL))
async def cancel(query: CallbackQuery, t: Translator, state: FSMContext) -> None:
    await state.clear()
    await show(query, t("thread-cancelled"), InlineKeyboardMarkup(inline_keyboard=[[back_to_menu(t)]]))
