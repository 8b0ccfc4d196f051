"""Files staff send the bot: the coordinator's roster or timetable, a teacher's lesson plan (CSV, Excel).

He says which it is (one tap); the file is checked and loaded in a transaction that is then rolled
back, so he sees either every problem with its row number (nothing changed: fix the file and send it
again) or what loading it would change, with «✅ Применить» / «✖ Отмена». Applying loads the same file
again with the same all-or-nothing importer the CLI uses, and commits. The file stays in the messenger:
only its id is kept in the conversation between the preview and «Применить».
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ImportAction, ImportCb, PlanCb
from bot.clock import Clock
from bot.filters import A_DOCUMENT
from bot.i18n import Translator
from bot.keyboards import button, markup
from bot.repeat_guard import ONCE
from bot.screens import h, show
from handlers.helpers import grant_for
from models.enums import Role
from services import column_names, lesson_plans
from services.audit import Actor
from services.calendar import school_today
from services.roster_import import ROSTER_COLUMNS, import_roster
from services.tabular import MAX_FILE_BYTES, MB, ImportRejected, ImportReport, parse_table, problem, render
from services.timetable_import import TIMETABLE_COLUMNS, import_timetable
from services.users import UserContext

router = Router(name=__name__)
KINDS = {ImportAction.ROSTER: ROSTER_COLUMNS, ImportAction.TIMETABLE: TIMETABLE_COLUMNS}


class ImportFile(StatesGroup):
    kind = State()  # the file came: roster or timetable?
    preview = State()  # shown: apply or cancel


@router.message(StateFilter(None), A_DOCUMENT)
async def file_sent(message: Message, ctx: UserContext, t: Translator, state: FSMContext) -> None:
    """A file sent outside any conversation: the coordinator's roster or timetable, a teacher's plan."""
    document = message.document
    assert document is not None
    await state.set_state(ImportFile.kind)
    await state.update_data(
        file_id=document.file_id, file_name=document.file_name or "file", size=document.file_size or 0
    )
    rows = []
    if ctx.has(Role.COORDINATOR):
        rows.append([button(t("btn-import-roster"), ImportCb(action=ImportAction.ROSTER))])
        rows.append([button(t("btn-import-timetable"), ImportCb(action=ImportAction.TIMETABLE))])
    if ctx.has(Role.TEACHER):
        rows.append([button(t("btn-import-plan"), ImportCb(action=ImportAction.PLAN))])
    rows.append([button(t("btn-cancel"), ImportCb(action=ImportAction.CANCEL))])
    await message.answer(t("import-bot-which", name=h(document.file_name or "")), reply_markup=markup(*rows))


async def _file_bytes(bot: Bot, data: dict[str, object]) -> bytes:
    if int(str(data.get("size") or 0)) > MAX_FILE_BYTES:
        raise ImportRejected([problem("too-big", file=str(data["file_name"]), mb=MAX_FILE_BYTES // MB)])
    buffer = BytesIO()
    await bot.download(str(data["file_id"]), destination=buffer)
    return buffer.getvalue()


# ---- a teacher's lesson plan --------------------------------------------------------------------


@router.callback_query(ImportCb.filter(F.action == ImportAction.PLAN), StateFilter(ImportFile.kind))
async def plan_which(query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator) -> None:
    """Which of his classes and subjects the plan is for."""
    teaching = await lesson_plans.my_teaching(session, actor)
    if not teaching:
        await show(query, t("plan-none"))
        return
    rows = [
        [
            button(
                f"{item.class_label} · {item.subject}" + (f" ({item.subgroup})" if item.subgroup else ""),
                PlanCb(class_id=item.class_id, subject_id=item.subject_id, subgroup=item.subgroup),
            )
        ]
        for item in teaching[:40]
    ]
    rows.append([button(t("btn-cancel"), ImportCb(action=ImportAction.CANCEL))])
    await show(query, t("plan-which"), markup(*rows))


@router.callback_query(PlanCb.filter(), StateFilter(ImportFile.kind), flags={ONCE: 30})
async def plan_loaded(
    query: CallbackQuery,
    callback_data: PlanCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
) -> None:
    data = await state.get_data()
    await state.clear()
    try:
        table = parse_table(await _file_bytes(bot, data), str(data["file_name"]), lesson_plans.PLAN_COLUMNS)
        report = await lesson_plans.load_plan(
            session,
            actor,
            callback_data.class_id,
            callback_data.subject_id,
            table,
            subgroup=callback_data.subgroup,
            now=clock.now(),
        )
    except ImportRejected as rejected:
        await show(query, "\n".join(h(line) for line in render(t, rejected)))
        return
    await session.commit()
    which = next(
        (
            i
            for i in await lesson_plans.my_teaching(session, actor)
            if i.class_id == callback_data.class_id and i.subject_id == callback_data.subject_id
        ),
        None,
    )
    text = t(
        "plan-loaded",
        label=which.class_label if which else "",
        subject=h(which.subject if which else ""),
        topics=report.topics,
        hours=report.hours,
        first=h(report.first),
    )
    await show(query, text)


async def _load(
    session: AsyncSession, bot: Bot, actor: Actor, school_id: int, data: dict[str, object], today: dt.date
) -> ImportReport:
    """Read the file from the messenger and load it in the caller's transaction: what it did, or
    ImportRejected with every problem."""
    kind = ImportAction(str(data["kind"]))
    columns = await column_names.columns_of(session, school_id, KINDS[kind])
    table = parse_table(await _file_bytes(bot, data), str(data["file_name"]), columns)
    if kind is ImportAction.ROSTER:
        return await import_roster(session, actor, school_id, table, today=today)
    return await import_timetable(session, actor, school_id, table, effective_from=today, today=today)


def _answer_markup(t: Translator) -> InlineKeyboardMarkup:
    return markup(
        [button(t("btn-import-apply"), ImportCb(action=ImportAction.APPLY))],
        [button(t("btn-cancel"), ImportCb(action=ImportAction.CANCEL))],
    )


@router.callback_query(
    ImportCb.filter(F.action.in_({ImportAction.ROSTER, ImportAction.TIMETABLE})), StateFilter(ImportFile.kind)
)
async def file_checked(
    query: CallbackQuery,
    callback_data: ImportCb,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
) -> None:
    """The preview: loaded, then rolled back."""
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    await state.update_data(kind=callback_data.action.value)
    await _preview(query, session, actor, school_id, t, state, bot, clock)


async def _preview(
    query: CallbackQuery,
    session: AsyncSession,
    actor: Actor,
    school_id: int,
    t: Translator,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
) -> None:
    data = await state.get_data()
    today = await school_today(session, school_id, clock.now())
    preview = await session.begin_nested()
    try:
        report = await _load(session, bot, actor, school_id, data, today)
    except ImportRejected as rejected:
        await preview.rollback()
        if await _ask_column(query, session, school_id, t, state, bot, rejected):
            return
        await state.clear()
        await show(query, "\n".join(h(line) for line in render(t, rejected)))
        return
    await preview.rollback()  # nothing is written until «Применить»
    await state.set_state(ImportFile.preview)
    lines = [t("import-bot-preview", name=h(str(data["file_name"])))] + [
        h(line) for line in render(t, report)
    ]
    if data.get("kind") == ImportAction.TIMETABLE.value:
        lines.append(t("import-bot-from", date=t.date(today)))
    await show(query, "\n".join(lines), _answer_markup(t))


# ---- a column the file names its own way ---------------------------------------------------------


async def _ask_column(
    query: CallbackQuery,
    session: AsyncSession,
    school_id: int,
    t: Translator,
    state: FSMContext,
    bot: Bot,
    rejected: ImportRejected,
) -> bool:
    """When all that is wrong is a column not found and the file has headers we do not know, ask
    which of them it is (once: the answer is remembered for the school); False: nothing to ask."""
    missing = [str(p.params.get("column")) for p in rejected.problems if p.code == "missing-column"]
    if not missing or len(missing) != len(rejected.problems):
        return False
    if {"last_name", "first_name"} <= set(missing):  # no name at all: most likely «ФИО» in one column
        missing = ["full_name"] + [name for name in missing if name not in ("last_name", "first_name")]
    data = await state.get_data()
    kind = ImportAction(str(data["kind"]))
    relaxed = column_names.relaxed(await column_names.columns_of(session, school_id, KINDS[kind]))
    try:
        unknown = parse_table(await _file_bytes(bot, data), str(data["file_name"]), relaxed).ignored_headers
    except ImportRejected:
        return False
    if not unknown:
        return False
    await state.update_data(missing=missing, unknown=list(unknown))
    rows = [
        [button(header[:40], ImportCb(action=ImportAction.COLUMN, index=i))]
        for i, header in enumerate(unknown[:20])
    ]
    rows.append([button(t("btn-import-no-column"), ImportCb(action=ImportAction.CANCEL))])
    column = t(f"import-column-{missing[0]}")
    await show(query, t("import-bot-which-column", column=column), markup(*rows))
    return True


@router.callback_query(ImportCb.filter(F.action == ImportAction.COLUMN), StateFilter(ImportFile.kind))
async def column_named(
    query: CallbackQuery,
    callback_data: ImportCb,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
) -> None:
    """His answer: this header is that column, for this file and the school's next ones."""
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    data = await state.get_data()
    missing, unknown = list(data.get("missing") or []), list(data.get("unknown") or [])
    if not missing or not 0 <= callback_data.index < len(unknown):
        await show(query, t("import-bot-cancelled"))
        await state.clear()
        return
    await column_names.remember(session, actor, school_id, str(unknown[callback_data.index]), str(missing[0]))
    await session.commit()  # remembered even if the file still has other problems
    await _preview(query, session, actor, school_id, t, state, bot, clock)


@router.callback_query(
    ImportCb.filter(F.action == ImportAction.APPLY), StateFilter(ImportFile.preview), flags={ONCE: 60}
)
async def file_applied(
    query: CallbackQuery,
    session: AsyncSession,
    ctx: UserContext,
    actor: Actor,
    t: Translator,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
) -> None:
    school_id = grant_for(ctx, Role.COORDINATOR).school_id
    data = await state.get_data()
    today = await school_today(session, school_id, clock.now())
    try:
        report = await _load(session, bot, actor, school_id, data, today)
    except ImportRejected as rejected:  # changed since the preview (another import): nothing written
        await session.rollback()
        await state.clear()
        await show(query, "\n".join(h(line) for line in render(t, rejected)))
        return
    await session.commit()
    await state.clear()
    await show(query, "\n".join([t("import-bot-applied")] + [h(line) for line in render(t, report)]))


@router.callback_query(ImportCb.filter())
async def file_dropped(query: CallbackQuery, t: Translator, state: FSMContext) -> None:
    """«Отмена», or a button of an old preview: nothing is loaded."""
    await state.clear()
    await show(query, t("import-bot-cancelled"))
