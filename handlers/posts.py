"""«📰 Новости и события»: everyone reads the news, the events to come and the current announcements
meant for him; the administration and class teachers write them (kind → audience → text → [time and
place] → preview → publish)."""

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

from bot.callbacks import PostAction, PostCb
from bot.callbacks_school_life import (
    DraftQuestionAction,
    DraftQuestionCb,
    PostFixAction,
    PostFixCb,
    QuestionAction,
    QuestionCb,
)
from bot.clock import Clock
from bot.delivery.post_notices import post_text, question_line, question_rows
from bot.delivery.renderers import ButtonRow
from bot.filters import TYPED_TEXT
from bot.finished import finish, outcome_of
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.repeat_guard import ONCE
from bot.screens import h, show
from handlers.helpers import active_school
from services import access, post_corrections, posts
from services.announcements import ADMINISTRATION, Audience
from services.audit import Actor
from services.calendar import school_zone
from services.errors import AccessDenied, ServiceError
from services.posts import Draft, PostKind, PostView
from services.questions import Question, QuestionKind, ReaderQuestion

router = Router(name=__name__)
LIST_BUTTON_CHARS = 40
KIND_BUTTONS = {PostKind.NEWS: "btn-posts-news", PostKind.EVENT: "btn-posts-events"}
KIND_BUTTONS[PostKind.ANNOUNCEMENT] = "btn-posts-announcements"


class PostInput(StatesGroup):
    text = State()
    when = State()
    place = State()
    options = State()  # a question's options, one a line
    deadline = State()  # until when a question takes answers


def _button(text: str, data: PostCb | PostFixCb | QuestionCb | DraftQuestionCb) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def markup_of(rows: tuple[ButtonRow, ...]) -> list[list[InlineKeyboardButton]]:
    return [[InlineKeyboardButton(text=b.text, callback_data=b.data) for b in row] for row in rows]


def reader_rows(t: Translator, reader: ReaderQuestion | None) -> list[list[InlineKeyboardButton]]:
    """A question's answer buttons for this reader, his choices so far marked."""
    if reader is None:
        return []
    return markup_of(question_rows(t, reader.post_id, reader.question, reader.children, reader.chosen))


# ---- reading -------------------------------------------------------------------------------------------


@router.callback_query(PostCb.filter(F.action == PostAction.HOME))
async def home(query: CallbackQuery, actor: Actor, t: Translator, state: FSMContext) -> None:
    await state.clear()
    rows = [
        [_button(t(KIND_BUTTONS[kind]), PostCb(action=PostAction.LIST, kind=kind.value))] for kind in PostKind
    ]
    if posts.may_write(actor, active_school(actor)):
        rows.append([_button(t("btn-posts-write"), PostCb(action=PostAction.WRITE))])
    if access.holds_any_role(actor, ADMINISTRATION, active_school(actor)):
        rows.append([_button(t("btn-posts-archive"), PostFixCb(action=PostFixAction.ARCHIVE))])
    rows.append([back_to_menu(t)])
    await show(query, f"{t('posts-title')}\n{t('posts-hint')}", InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(PostCb.filter(F.action == PostAction.LIST))
async def listing(
    query: CallbackQuery,
    callback_data: PostCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    kind = _kind(callback_data.kind)
    page = max(callback_data.page, 0)
    shown, more = await posts.latest(session, actor, active_school(actor), kind, now=clock.now(), page=page)
    lines = [t(f"posts-list-{kind.value}")]
    lines += [t("posts-line", date=_when(t, view), title=h(view.title)) for view in shown] or [
        t("posts-empty")
    ]
    rows = [
        [_button(_short(view.title), PostCb(action=PostAction.OPEN, post_id=view.post_id, kind=kind.value))]
        for view in shown
    ]
    pager = []
    if page > 0:
        pager.append(_button("◀", PostCb(action=PostAction.LIST, kind=kind.value, page=page - 1)))
    if more:
        pager.append(_button("▶", PostCb(action=PostAction.LIST, kind=kind.value, page=page + 1)))
    rows += [pager, [_button(t("btn-back"), PostCb(action=PostAction.HOME))]]
    await show(query, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row]))


@router.callback_query(PostCb.filter(F.action == PostAction.OPEN))
async def open_post(
    query: CallbackQuery, callback_data: PostCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    view = await posts.read(session, actor, active_school(actor), callback_data.post_id)
    extras = await post_corrections.extras(session, actor, view.post_id)
    rows = reader_rows(t, extras.question)
    text = post_screen_text(t, view)
    if extras.question is not None:
        question = extras.question.question
        text += "\n\n" + question_line(
            t, question.per_child, question.until, asked=extras.question.may_answer()
        )
    if view.event_at is not None:
        rows.append([_button(t("btn-post-ics"), PostCb(action=PostAction.ICS, post_id=view.post_id))])
    if extras.sees_answers:
        rows.append(
            [
                _button(
                    t("btn-question-results"), QuestionCb(action=QuestionAction.RESULTS, post_id=view.post_id)
                )
            ]
        )
    if extras.may_correct:
        rows.append(
            [
                _button(t("btn-post-edit"), PostFixCb(action=PostFixAction.EDIT, post_id=view.post_id)),
                _button(
                    t("btn-post-withdraw"), PostFixCb(action=PostFixAction.WITHDRAW, post_id=view.post_id)
                ),
            ]
        )
    rows.append([_button(t("btn-back"), PostCb(action=PostAction.LIST, kind=view.kind.value))])
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(PostCb.filter(F.action == PostAction.ICS), flags={ONCE: 10})
async def calendar_file(
    query: CallbackQuery, callback_data: PostCb, session: AsyncSession, actor: Actor, t: Translator, bot: Bot
) -> None:
    school_id = active_school(actor)
    view = await posts.read(session, actor, school_id, callback_data.post_id)
    school_name = actor.context.active.school_name if actor.context and actor.context.active else ""
    content = posts.ics(view, school_name)
    name = f"{view.event_at:%Y-%m-%d}-event.ics" if view.event_at else "event.ics"
    await bot.send_document(
        query.from_user.id, BufferedInputFile(content, filename=name), caption=t("post-ics-caption")
    )
    await query.answer()


def post_screen_text(t: Translator, view: PostView, *, text: str | None = None) -> str:
    """The post as its screen shows it (with `text` instead of its own: a correction's preview)."""
    shown = post_text(
        t,
        kind=view.kind.value,
        audience=view.audience.value,
        class_label=view.class_label,
        author=view.author,
        text=view.text if text is None else text,
        event_at=view.event_at,
        place=view.place,
    )
    if view.edited_at is not None and text is None:
        shown += "\n" + t("post-edited-mark", when=f"{t.date(view.edited_at.date())}, {view.edited_at:%H:%M}")
    return shown


def _when(t: Translator, view: PostView) -> str:
    if view.event_at is not None:
        return f"{t.date(view.event_at.date())}, {view.event_at:%H:%M}"
    return t.date(view.published_at.date())


def _short(title: str) -> str:
    return title if len(title) <= LIST_BUTTON_CHARS else title[: LIST_BUTTON_CHARS - 1] + "…"


def _kind(value: str) -> PostKind:
    try:
        return PostKind(value)
    except ValueError:
        raise AccessDenied() from None  # a forged kind: nothing to show


# ---- writing -------------------------------------------------------------------------------------------


@router.callback_query(PostCb.filter(F.action == PostAction.WRITE))
async def write(query: CallbackQuery, actor: Actor, t: Translator, state: FSMContext) -> None:
    if not posts.may_write(actor, active_school(actor)):
        raise AccessDenied()
    await state.clear()
    rows = [
        [_button(t(f"btn-post-kind-{kind.value}"), PostCb(action=PostAction.KIND, kind=kind.value))]
        for kind in PostKind
    ]
    rows.append([_button(t("btn-cancel"), PostCb(action=PostAction.HOME))])
    await show(query, t("posts-write-kind"), InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(PostCb.filter(F.action.in_({PostAction.KIND, PostAction.CLASSES})))
async def choose_audience(
    query: CallbackQuery, callback_data: PostCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    kind = _kind(callback_data.kind)
    choices = await posts.audiences(session, actor, active_school(actor))
    class_choices = [c for c in choices if c.class_id is not None]
    whole = [c for c in choices if c.class_id is None]
    many_classes = len({c.class_id for c in class_choices}) > 1
    rows: list[list[InlineKeyboardButton]]
    text = t("posts-write-audience")
    if callback_data.action == PostAction.CLASSES and callback_data.class_id == 0:
        # Which class: a grid of their labels, four to a row.
        labels = {c.class_id: c.class_label for c in class_choices}
        grid = [
            _button(label or "?", PostCb(action=PostAction.CLASSES, kind=kind.value, class_id=class_id or 0))
            for class_id, label in labels.items()
        ]
        rows = [grid[i : i + 4] for i in range(0, len(grid), 4)]
        text = t("posts-write-class")
    elif callback_data.action == PostAction.CLASSES:  # the class picked: its students or its parents
        rows = [[_audience_button(t, kind, c)] for c in class_choices if c.class_id == callback_data.class_id]
    elif whole and many_classes:  # the administration: the school, the staff room, or a class…
        rows = [[_audience_button(t, kind, c)] for c in whole]
        rows.append([_button(t("btn-audience-classes"), PostCb(action=PostAction.CLASSES, kind=kind.value))])
    else:  # a class teacher: his class (or classes), each for all or for the parents
        rows = [[_audience_button(t, kind, c)] for c in [*whole, *class_choices]]
    rows.append([_button(t("btn-cancel"), PostCb(action=PostAction.HOME))])
    await show(query, text, InlineKeyboardMarkup(inline_keyboard=rows))


def _audience_button(t: Translator, kind: PostKind, choice: posts.AudienceChoice) -> InlineKeyboardButton:
    label = {
        Audience.SCHOOL: t("btn-audience-school"),
        Audience.STAFF: t("btn-audience-staff"),
        Audience.CLASS: t("btn-audience-class", **{"class": choice.class_label or ""}),
        Audience.CLASS_PARENTS: t("btn-audience-class-parents", **{"class": choice.class_label or ""}),
    }[choice.audience]
    data = PostCb(
        action=PostAction.AUDIENCE,
        kind=kind.value,
        audience=choice.audience.value,
        class_id=choice.class_id or 0,
    )
    return _button(label, data)


@router.callback_query(PostCb.filter(F.action == PostAction.AUDIENCE))
async def ask_text(
    query: CallbackQuery,
    callback_data: PostCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    kind = _kind(callback_data.kind)
    audience = _audience(callback_data.audience)
    class_id = callback_data.class_id or None
    allowed = await posts.audiences(session, actor, active_school(actor))
    if not any(c.audience == audience and c.class_id == class_id for c in allowed):
        raise AccessDenied()  # a forged audience: the writer may not address it
    await state.set_state(PostInput.text)
    await state.set_data({"kind": kind.value, "audience": audience.value, "class_id": class_id})
    cancel = InlineKeyboardMarkup(
        inline_keyboard=[[_button(t("btn-cancel"), PostCb(action=PostAction.CANCEL))]]
    )
    await show(query, t("posts-write-text"), cancel)


def _audience(value: str) -> Audience:
    try:
        return Audience(value)
    except ValueError:
        raise AccessDenied() from None


@router.message(StateFilter(PostInput.text), TYPED_TEXT)
async def text_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    body = (message.text or "").strip()
    if not body or len(body) > posts.TEXT_LIMIT:
        await message.answer(t("error-post-text", limit=posts.TEXT_LIMIT))
        return  # still waiting for the text
    await state.update_data(text=body)
    data = await state.get_data()
    if data.get("kind") == PostKind.EVENT.value:
        await state.set_state(PostInput.when)
        await message.answer(t("posts-write-when"))
        return
    await preview(message, session, actor, t, state)


@router.message(StateFilter(PostInput.when), TYPED_TEXT)
async def when_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext, clock: Clock
) -> None:
    zone = await school_zone(session, active_school(actor))
    try:
        when = posts.parse_when(message.text or "", clock.now(), zone)
    except ServiceError as refusal:
        await message.answer(t(f"error-{refusal.code}", **refusal.params))
        return  # still waiting for a time
    await state.update_data(event_at=when.isoformat())
    await state.set_state(PostInput.place)
    await message.answer(t("posts-write-place"))


@router.message(StateFilter(PostInput.place), TYPED_TEXT)
async def place_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    place = (message.text or "").strip()
    if len(place) > posts.PLACE_LIMIT:
        await message.answer(t("error-post-place", limit=posts.PLACE_LIMIT))
        return
    await state.update_data(place=None if place in ("", "-", "—") else place)
    await preview(message, session, actor, t, state)


async def preview(
    target: Message | CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    """The draft as its readers will see it, with how many it reaches; publish, ask, or cancel."""
    school_id = active_school(actor)
    draft = _draft(await state.get_data())
    if draft is None:
        await state.clear()
        await show(target, t("posts-draft-gone"))
        return
    count = await posts.audience_size(session, actor, school_id, draft)
    label = next(
        (
            c.class_label
            for c in await posts.audiences(session, actor, school_id)
            if c.class_id == draft.class_id
        ),
        None,
    )
    shown = post_text(
        t,
        kind=draft.kind.value,
        audience=draft.audience.value,
        class_label=label,
        author=await posts.author_of(session, actor, school_id),
        text=draft.text,
        event_at=draft.event_at.astimezone(await school_zone(session, school_id)) if draft.event_at else None,
        place=draft.place,
    )
    if draft.question is not None:
        shown += "\n\n" + question_preview(t, draft.question)
    ask = (
        _button(t("btn-question-drop"), DraftQuestionCb(action=DraftQuestionAction.DROP))
        if draft.question
        else _button(t("btn-question-add"), DraftQuestionCb(action=DraftQuestionAction.ADD))
    )
    rows = [
        [_button(t("btn-post-publish"), PostCb(action=PostAction.PUBLISH))],
        [ask],
        [_button(t("btn-cancel"), PostCb(action=PostAction.CANCEL))],
    ]
    await show(
        target, f"{t('posts-preview', count=count)}\n\n{shown}", InlineKeyboardMarkup(inline_keyboard=rows)
    )


def question_preview(t: Translator, question: Question) -> str:
    options = "".join(f"\n• {h(option)}" for option in question.options)
    until = question.until
    return t(
        "question-in-preview",
        kind=t(f"question-kind-{question.kind.value}"),
        options=options,
        who=t("question-preview-per-child") if question.per_child else "",
        until=t("question-preview-until", when=f"{t.date(until.date())}, {until:%H:%M}") if until else "",
    )


def _draft(data: dict[str, object]) -> Draft | None:
    try:
        event_at = data.get("event_at")
        return Draft(
            kind=PostKind(str(data["kind"])),
            audience=Audience(str(data["audience"])),
            text=str(data["text"]),
            class_id=int(str(data["class_id"])) if data.get("class_id") else None,
            event_at=dt.datetime.fromisoformat(str(event_at)) if event_at else None,
            place=str(data["place"]) if data.get("place") else None,
            question=_draft_question(data.get("question")),
        )
    except (KeyError, ValueError, TypeError):
        return None


def _draft_question(stored: object) -> Question | None:
    """The question added to the draft, once complete (kind, options, who answers, deadline)."""
    if not isinstance(stored, dict) or not stored.get("done"):
        return None
    until = stored.get("until")
    return Question(
        QuestionKind(str(stored["kind"])),
        tuple(str(option) for option in stored.get("options", [])),
        bool(stored.get("per_child")),
        dt.datetime.fromisoformat(str(until)) if until else None,
    )


@router.callback_query(PostCb.filter(F.action == PostAction.PUBLISH))
async def publish(
    query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext, clock: Clock
) -> None:
    draft = _draft(await state.get_data())
    if draft is None:  # pressed twice, or an old preview: nothing is sent again
        published = await outcome_of(state, _FLOW)
        shown = t("posts-published", count=published["told"]) if published else t("posts-draft-gone")
        await show(query, shown, _done(t))
        return
    _, told = await posts.publish(session, actor, active_school(actor), draft, now=clock.now())
    await session.commit()
    await finish(state, _FLOW, told=told)
    await show(query, t("posts-published", count=told), _done(t))


@router.callback_query(PostCb.filter(F.action == PostAction.CANCEL))
async def cancel(query: CallbackQuery, t: Translator, state: FSMContext) -> None:
    published = await outcome_of(state, _FLOW)
    if published is not None:  # the «Отмена» of a prompt answered long ago: the post went out
        await show(query, t("posts-cancel-too-late", count=published["told"]), _done(t))
        return
    await state.clear()
    await show(query, t("posts-cancelled"), _done(t))


_FLOW = "post"


def _done(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("btn-back"), PostCb(action=PostAction.HOME))]])
