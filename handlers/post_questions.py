"""Questions on posts: the writer adds one to his draft (kind → [options] → who answers → deadline);
readers answer with one tap under the message or on the post's screen; the author sees the tally, who
has not answered per class, reminds them and takes the answers as a file."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PostAction, PostCb
from bot.callbacks_school_life import (
    DraftQuestionAction,
    DraftQuestionCb,
    QuestionAction,
    QuestionCb,
)
from bot.clock import Clock
from bot.delivery.post_notices import option_names, question_rows
from bot.filters import TYPED_TEXT
from bot.i18n import Translator
from bot.repeat_guard import ONCE
from bot.screens import h, show
from handlers.helpers import active_school
from handlers.posts import PostInput, markup_of, preview
from services import posts, questions
from services.announcements import Audience
from services.audit import Actor
from services.calendar import school_zone
from services.errors import AccessDenied, ServiceError
from services.questions import QuestionKind, ReaderQuestion, Results

router = Router(name=__name__)


def _button(text: str, data: DraftQuestionCb | QuestionCb | PostCb) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


# ---- the writer: a question on the draft ---------------------------------------------------------------


async def _draft_question(state: FSMContext) -> dict[str, object] | None:
    data = await state.get_data()
    if not data.get("text"):
        return None
    stored = data.get("question")
    return dict(stored) if isinstance(stored, dict) else {}


@router.callback_query(DraftQuestionCb.filter(F.action == DraftQuestionAction.ADD))
async def pick_kind(query: CallbackQuery, t: Translator, state: FSMContext) -> None:
    if await _draft_question(state) is None:
        await show(query, t("posts-draft-gone"))
        return
    rows = [
        [
            _button(
                t(f"btn-question-kind-{kind.value}"),
                DraftQuestionCb(action=DraftQuestionAction.KIND, kind=kind),
            )
        ]
        for kind in QuestionKind
    ]
    rows.append([_button(t("btn-back"), DraftQuestionCb(action=DraftQuestionAction.DROP))])
    await show(query, t("question-pick-kind"), InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(DraftQuestionCb.filter(F.action == DraftQuestionAction.KIND))
async def kind_chosen(
    query: CallbackQuery,
    callback_data: DraftQuestionCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    try:
        kind = QuestionKind(callback_data.kind)
    except ValueError:
        raise AccessDenied() from None
    if await _draft_question(state) is None:
        await show(query, t("posts-draft-gone"))
        return
    await state.update_data(question={"kind": kind.value, "options": []})
    if kind is QuestionKind.CHOICE:
        await state.set_state(PostInput.options)
        limits = {
            "low": questions.OPTIONS_MIN,
            "high": questions.OPTIONS_MAX,
            "limit": questions.OPTION_CHARS,
        }
        await show(query, t("question-type-options", **limits))
        return
    await _ask_who(query, session, actor, t, state)


@router.message(StateFilter(PostInput.options), TYPED_TEXT)
async def options_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    stored = await _draft_question(state)
    if stored is None:
        await state.clear()
        await message.answer(t("posts-draft-gone"))
        return
    try:
        options = questions.parse_options(message.text or "")
    except ServiceError as refusal:
        await message.answer(t(f"error-{refusal.code}", **refusal.params))
        return  # still waiting for the options
    await state.update_data(question={**stored, "options": list(options)})
    await _ask_who(message, session, actor, t, state)


async def _ask_who(
    target: Message | CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    """Parents for each child, or every recipient; the staff room has no children to answer for."""
    data = await state.get_data()
    if not questions.with_parents(Audience(str(data.get("audience")))):
        await _set_who(target, session, actor, t, state, per_child=False)
        return
    rows = [
        [
            _button(
                t("btn-question-per-child"),
                DraftQuestionCb(action=DraftQuestionAction.PER_CHILD, per_child=True),
            )
        ],
        [_button(t("btn-question-per-person"), DraftQuestionCb(action=DraftQuestionAction.PER_CHILD))],
    ]
    await show(target, t("question-pick-who"), InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(DraftQuestionCb.filter(F.action == DraftQuestionAction.PER_CHILD))
async def who_chosen(
    query: CallbackQuery,
    callback_data: DraftQuestionCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    await _set_who(query, session, actor, t, state, per_child=callback_data.per_child)


async def _set_who(
    target: Message | CallbackQuery,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    *,
    per_child: bool,
) -> None:
    stored = await _draft_question(state)
    if not stored or "kind" not in stored:
        await show(target, t("posts-draft-gone"))
        return
    await state.update_data(question={**stored, "per_child": per_child})
    await state.set_state(PostInput.deadline)
    rows = [[_button(t("btn-question-no-deadline"), DraftQuestionCb(action=DraftQuestionAction.NO_DEADLINE))]]
    await show(target, t("question-type-deadline"), InlineKeyboardMarkup(inline_keyboard=rows))


@router.message(StateFilter(PostInput.deadline), TYPED_TEXT)
async def deadline_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext, clock: Clock
) -> None:
    stored = await _draft_question(state)
    if not stored or "kind" not in stored:
        await state.clear()
        await message.answer(t("posts-draft-gone"))
        return
    zone = await school_zone(session, active_school(actor))
    try:
        until = posts.parse_when(message.text or "", clock.now(), zone)
    except ServiceError:
        await message.answer(t("error-question-deadline"))
        return  # still waiting for a deadline
    await state.update_data(question={**stored, "until": until.isoformat(), "done": True})
    await preview(message, session, actor, t, state)


@router.callback_query(DraftQuestionCb.filter(F.action == DraftQuestionAction.NO_DEADLINE))
async def no_deadline(
    query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    stored = await _draft_question(state)
    if not stored or "kind" not in stored:
        await show(query, t("posts-draft-gone"))
        return
    await state.update_data(question={**stored, "until": None, "done": True})
    await preview(query, session, actor, t, state)


@router.callback_query(DraftQuestionCb.filter(F.action == DraftQuestionAction.DROP))
async def drop_question(
    query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    if await _draft_question(state) is None:
        await show(query, t("posts-draft-gone"))
        return
    await state.update_data(question=None)
    await preview(query, session, actor, t, state)


# ---- readers: one tap --------------------------------------------------------------------------------


@router.callback_query(QuestionCb.filter(F.action == QuestionAction.ANSWER))
async def answer(
    query: CallbackQuery,
    callback_data: QuestionCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    try:
        reader = await questions.answer(
            session,
            actor,
            callback_data.post_id,
            callback_data.student_id,
            callback_data.choice,
            now=clock.now(),
        )
    except ServiceError as refusal:
        await query.answer(t(f"error-{refusal.code}", **refusal.params), show_alert=True)
        return
    await session.commit()  # the answer is saved before the buttons are redrawn
    chosen = option_names(t, reader.question)[callback_data.choice]
    child = next((c.first_name for c in reader.children if c.student_id == callback_data.student_id), None)
    toast = (
        t("question-answered-child", child=child, answer=chosen)
        if child
        else t("question-answered", answer=chosen)
    )
    message = query.message
    if isinstance(message, Message):
        await _redraw_buttons(message, t, reader)
    await query.answer(toast)


async def _redraw_buttons(message: Message, t: Translator, reader: ReaderQuestion) -> None:
    """The message's answer buttons with the reader's choices marked; its other buttons as they were."""
    others = [
        row
        for row in (message.reply_markup.inline_keyboard if message.reply_markup else [])
        if not any((b.callback_data or "").startswith(QuestionCb.__prefix__ + ":") for b in row)
    ]
    answers = markup_of(question_rows(t, reader.post_id, reader.question, reader.children, reader.chosen))
    try:
        await message.edit_reply_markup(reply_markup=InlineKeyboardMarkup(inline_keyboard=answers + others))
    except TelegramAPIError:  # the answer is saved; the next tap or the post's screen shows it
        return


# ---- the author: the tally, who has not answered, a reminder, the file ---------------------------------


@router.callback_query(QuestionCb.filter(F.action == QuestionAction.RESULTS))
async def tally(
    query: CallbackQuery,
    callback_data: QuestionCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    found = await questions.results(session, actor, callback_data.post_id)
    await show(query, _tally_text(t, found, clock), _tally_keyboard(t, found))


def _tally_text(t: Translator, found: Results, clock: Clock) -> str:
    question = found.question
    until = ""
    if question.until is not None:
        when = question.until
        until = (
            t("question-results-until", when=f"{t.date(when.date())}, {when:%H:%M}")
            if question.open_at(clock.now())
            else t("question-results-closed")
        )
    lines = [
        t("question-results-title", title=h(found.title)),
        t("question-results-total", answered=found.answered, asked=found.asked, until=until),
    ]
    names = option_names(t, question)
    lines += [
        t("question-results-option", option=h(name), count=count)
        for name, count in zip(names, found.counts, strict=True)
    ]
    if not found.respondents:
        lines.append(t("question-results-nobody"))
    else:
        lines.append("")
        for tally_row in found.classes:
            key = "question-results-staff" if tally_row.class_id is None else "question-results-class"
            lines.append(
                t(key, **{"class": tally_row.label, "answered": tally_row.answered, "asked": tally_row.asked})
            )
        lines.append(t("question-results-hint"))
    return "\n".join(lines)


def _tally_keyboard(t: Translator, found: Results) -> InlineKeyboardMarkup:
    post_id = found.post_id
    grid = [
        _button(
            f"{c.label or t('question-waiting-staff')} {c.answered}/{c.asked}",
            QuestionCb(action=QuestionAction.STAFF, post_id=post_id)
            if c.class_id is None
            else QuestionCb(action=QuestionAction.CLASS, post_id=post_id, class_id=c.class_id),
        )
        for c in found.classes
    ]
    rows = [grid[i : i + 3] for i in range(0, len(grid), 3)]
    rows.append(
        [_button(t("btn-question-remind"), QuestionCb(action=QuestionAction.REMIND, post_id=post_id))]
    )
    rows.append([_button(t("btn-question-file"), QuestionCb(action=QuestionAction.FILE, post_id=post_id))])
    rows.append([_button(t("btn-back"), PostCb(action=PostAction.OPEN, post_id=post_id))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.callback_query(QuestionCb.filter(F.action.in_({QuestionAction.CLASS, QuestionAction.STAFF})))
async def waiting(
    query: CallbackQuery, callback_data: QuestionCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    found = await questions.results(session, actor, callback_data.post_id)
    class_id = callback_data.class_id if callback_data.action is QuestionAction.CLASS else None
    if class_id is not None and all(c.class_id != class_id for c in found.classes):
        raise AccessDenied()  # a class the post did not ask
    people = found.waiting(class_id)
    label = next((c.label for c in found.classes if c.class_id == class_id), "") or t(
        "question-waiting-staff"
    )
    lines = [t("question-waiting-title", **{"class": h(label), "count": len(people)})]
    for person in people[: questions.NOT_ANSWERED_SHOWN]:
        lines.append("• " + h(person.name) + ("" if person.joined else t("question-waiting-not-joined")))
    if len(people) > questions.NOT_ANSWERED_SHOWN:
        lines.append(t("question-waiting-more", count=len(people) - questions.NOT_ANSWERED_SHOWN))
    if not people:
        lines.append(t("question-waiting-none"))
    back = [[_button(t("btn-back"), QuestionCb(action=QuestionAction.RESULTS, post_id=found.post_id))]]
    await show(query, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=back))


@router.callback_query(QuestionCb.filter(F.action == QuestionAction.REMIND), flags={ONCE: 10})
async def remind(
    query: CallbackQuery,
    callback_data: QuestionCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    now = clock.now()
    try:
        told = await posts.remind_unanswered(session, actor, callback_data.post_id, now=now)
    except ServiceError as refusal:
        await query.answer(t(f"error-{refusal.code}", **refusal.params), show_alert=True)
        return
    await session.commit()
    found = await questions.results(session, actor, callback_data.post_id)
    await show(
        query,
        _tally_text(t, found, clock),
        _tally_keyboard(t, found),
        toast=t("question-reminded", count=told),
    )


@router.callback_query(QuestionCb.filter(F.action == QuestionAction.FILE), flags={ONCE: 10})
async def answers_file(
    query: CallbackQuery,
    callback_data: QuestionCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    bot: Bot,
) -> None:
    found = await questions.results(session, actor, callback_data.post_id)
    content = questions.answers_file(
        found, option_names(t, found.question), t("question-file-headers").split("|")
    )
    await bot.send_document(
        query.from_user.id,
        BufferedInputFile(content, filename=f"answers-{found.post_id}.xlsx"),
        caption=t("question-file-caption", title=h(found.title)),
    )
    await query.answer()
