"""Correcting a post that went out: its author (or the administration) edits its text or withdraws
it; the administration reads the withdrawn ones in the archive."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PostAction, PostCb
from bot.callbacks_school_life import PostFixAction, PostFixCb
from bot.clock import Clock
from bot.filters import TYPED_TEXT
from bot.finished import finish, outcome_of
from bot.i18n import Translator
from bot.repeat_guard import ONCE
from bot.screens import h, show
from handlers.helpers import active_school
from handlers.posts import post_screen_text
from services import post_corrections, posts
from services.audit import Actor
from services.errors import AccessDenied, InvalidInput
from services.post_corrections import Corrected

router = Router(name=__name__)
_FLOW = "post-fix"


class FixInput(StatesGroup):
    text = State()


def _button(text: str, data: PostFixCb | PostCb) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _back(t: Translator, post_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[_button(t("btn-back"), PostCb(action=PostAction.OPEN, post_id=post_id))]]
    )


def _summary(t: Translator, done: Corrected) -> str:
    summary = t(
        "post-correction-summary", in_place=done.in_place, notes=done.corrections, waiting=done.replaced
    )
    return " ".join(summary.split())


@router.callback_query(PostFixCb.filter(F.action == PostFixAction.EDIT))
async def ask_text(
    query: CallbackQuery,
    callback_data: PostFixCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    extras = await post_corrections.extras(session, actor, callback_data.post_id)
    if not extras.may_correct:
        raise AccessDenied()
    await state.set_state(FixInput.text)
    await state.set_data({"post_id": callback_data.post_id})
    await show(query, t("post-edit-prompt"), _back(t, callback_data.post_id))


@router.message(StateFilter(FixInput.text), TYPED_TEXT)
async def text_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    body = (message.text or "").strip()
    if not body or len(body) > posts.TEXT_LIMIT:
        await message.answer(t("error-post-text", limit=posts.TEXT_LIMIT))
        return  # still waiting for the text
    data = await state.get_data()
    post_id = int(data.get("post_id") or 0)
    view = await posts.read(session, actor, active_school(actor), post_id)
    await state.update_data(text=body)
    shown = post_screen_text(t, view, text=body)
    rows = [
        [_button(t("btn-post-save"), PostFixCb(action=PostFixAction.SAVE, post_id=post_id))],
        [_button(t("btn-cancel"), PostCb(action=PostAction.OPEN, post_id=post_id))],
    ]
    await message.answer(
        f"{t('post-edit-preview')}\n\n{shown}", reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


@router.callback_query(PostFixCb.filter(F.action == PostFixAction.SAVE), flags={ONCE: 5})
async def save(
    query: CallbackQuery,
    callback_data: PostFixCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    clock: Clock,
) -> None:
    data = await state.get_data()
    if data.get("post_id") != callback_data.post_id or not data.get("text"):
        done = await outcome_of(state, _FLOW)  # pressed again, or an old preview: nothing twice
        shown = t("post-edit-done", summary=done["summary"]) if done else t("posts-draft-gone")
        await show(query, shown, _back(t, callback_data.post_id))
        return
    try:
        corrected = await post_corrections.edit(
            session, actor, callback_data.post_id, str(data["text"]), now=clock.now()
        )
    except InvalidInput as refusal:
        await show(query, t(f"error-{refusal.code}", **refusal.params), _back(t, callback_data.post_id))
        return
    await session.commit()
    summary = _summary(t, corrected)
    await finish(state, _FLOW, summary=summary)
    await show(query, t("post-edit-done", summary=summary), _back(t, callback_data.post_id))


@router.callback_query(PostFixCb.filter(F.action == PostFixAction.WITHDRAW))
async def confirm_withdraw(
    query: CallbackQuery, callback_data: PostFixCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    view = await posts.read(session, actor, active_school(actor), callback_data.post_id)
    if not (await post_corrections.extras(session, actor, view.post_id)).may_correct:
        raise AccessDenied()
    rows = [
        [
            _button(
                t("btn-post-withdraw-confirm"),
                PostFixCb(action=PostFixAction.CONFIRM_WITHDRAW, post_id=view.post_id),
            )
        ],
        [_button(t("btn-cancel"), PostCb(action=PostAction.OPEN, post_id=view.post_id))],
    ]
    await show(
        query, t("post-withdraw-confirm", title=h(view.title)), InlineKeyboardMarkup(inline_keyboard=rows)
    )


@router.callback_query(PostFixCb.filter(F.action == PostFixAction.CONFIRM_WITHDRAW), flags={ONCE: 5})
async def withdraw(
    query: CallbackQuery,
    callback_data: PostFixCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    home = InlineKeyboardMarkup(inline_keyboard=[[_button(t("btn-back"), PostCb(action=PostAction.HOME))]])
    try:
        corrected = await post_corrections.withdraw(session, actor, callback_data.post_id, now=clock.now())
    except InvalidInput as refusal:
        await show(query, t(f"error-{refusal.code}", **refusal.params), home)
        return
    await session.commit()
    summary = t(
        "post-withdraw-summary",
        in_place=corrected.in_place,
        notes=corrected.corrections,
        waiting=corrected.replaced,
    )
    await show(query, t("post-withdraw-done", summary=" ".join(summary.split())), home)


@router.callback_query(PostFixCb.filter(F.action == PostFixAction.ARCHIVE))
async def archive(
    query: CallbackQuery, callback_data: PostFixCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    page = max(callback_data.page, 0)
    found, more = await post_corrections.archive(session, actor, active_school(actor), page=page)
    lines = [t("posts-archive-title")]
    lines += [
        t(
            "posts-archive-line",
            date=t.date(view.published_at.date()),
            title=h(view.title),
            withdrawn=t.date(view.withdrawn_at.date()) if view.withdrawn_at else "",
        )
        for view in found
    ] or [t("posts-archive-empty")]
    rows = [
        [_button(view.title[:40], PostFixCb(action=PostFixAction.ARCHIVED, post_id=view.post_id, page=page))]
        for view in found
    ]
    pager = []
    if page > 0:
        pager.append(_button("◀", PostFixCb(action=PostFixAction.ARCHIVE, page=page - 1)))
    if more:
        pager.append(_button("▶", PostFixCb(action=PostFixAction.ARCHIVE, page=page + 1)))
    rows += [pager, [_button(t("btn-back"), PostCb(action=PostAction.HOME))]]
    await show(query, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row]))


@router.callback_query(PostFixCb.filter(F.action == PostFixAction.ARCHIVED))
async def archived(
    query: CallbackQuery, callback_data: PostFixCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    found, _ = await post_corrections.archive(
        session, actor, active_school(actor), post_id=callback_data.post_id
    )
    back = PostFixCb(action=PostFixAction.ARCHIVE, page=callback_data.page)
    await show(
        query,
        post_screen_text(t, found[0]),
        InlineKeyboardMarkup(inline_keyboard=[[_button(t("btn-back"), back)]]),
    )
