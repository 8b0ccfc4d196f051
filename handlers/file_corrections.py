"""«📁 Файлы»: renaming, moving and removing a file (whoever may write its folder, from the buttons under
the file) or a folder (the administration, from the folder's screen); the administration's archive of
what was removed, each item sent again and restored with one tap."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import FilesAction, FilesCb
from bot.callbacks_school_life import FileFixAction, FileFixCb
from bot.clock import Clock
from bot.filters import TYPED_TEXT
from bot.i18n import Translator
from bot.repeat_guard import ONCE
from bot.screens import h, show
from handlers.files import send_stored
from handlers.helpers import active_school
from services import files
from services.audit import Actor
from services.errors import InvalidInput

router = Router(name=__name__)
TARGETS_PAGE = 8


class RenameInput(StatesGroup):
    name = State()


def _button(text: str, data: FileFixCb | FilesCb) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _item(data: FileFixCb) -> dict[str, int]:
    """The file the button is about, or else the folder (never both)."""
    return {"file_id": data.file_id} if data.file_id else {"folder_id": data.folder_id}


def _to_files(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("btn-files"), FilesCb(action=FilesAction.ROOT))]])


@router.callback_query(FileFixCb.filter(F.action == FileFixAction.RENAME))
async def ask_name(
    query: CallbackQuery,
    callback_data: FileFixCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    await files.require_changeable(session, actor, **_item(callback_data))
    await state.set_state(RenameInput.name)
    await state.set_data(_item(callback_data))
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(t("files-rename-ask"))


@router.message(StateFilter(RenameInput.name), TYPED_TEXT)
async def name_typed(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    item = {
        key: int(value) for key, value in (await state.get_data()).items() if key in ("file_id", "folder_id")
    }
    try:
        name = await files.rename(session, actor, name=message.text or "", **item)
    except InvalidInput as refusal:
        await message.answer(t(f"error-{refusal.code}", **refusal.params))
        return  # still waiting for a name
    await session.commit()
    await state.clear()
    await message.answer(t("files-renamed", name=h(name)), reply_markup=_to_files(t))


@router.callback_query(FileFixCb.filter(F.action == FileFixAction.MOVE))
async def pick_target(
    query: CallbackQuery, callback_data: FileFixCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    targets = await files.move_targets(session, actor, **_item(callback_data))
    pages = max(1, -(-len(targets) // TARGETS_PAGE))
    page = min(max(callback_data.page, 0), pages - 1)
    shown = targets[page * TARGETS_PAGE : (page + 1) * TARGETS_PAGE]
    rows = [
        [
            _button(
                f"📂 {target.path}"[:60],
                FileFixCb(action=FileFixAction.MOVE_TO, target_id=target.folder_id, **_item(callback_data)),
            )
        ]
        for target in shown
    ]
    pager = []
    if page > 0:
        pager.append(
            _button("◀", FileFixCb(action=FileFixAction.MOVE, page=page - 1, **_item(callback_data)))
        )
    if page + 1 < pages:
        pager.append(
            _button("▶", FileFixCb(action=FileFixAction.MOVE, page=page + 1, **_item(callback_data)))
        )
    rows += [pager, [_button(t("btn-cancel"), FilesCb(action=FilesAction.ROOT))]]
    text = t("files-move-pick") if targets else t("files-move-nowhere")
    await _screen(query, text, InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row]))


async def _screen(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    """Under a file (a document's message) a new message; on a folder's screen, the screen itself."""
    message = query.message
    if isinstance(message, Message) and (message.document is not None or message.photo):
        await message.answer(text, reply_markup=markup)
        await query.answer()
        return
    await show(query, text, markup)


@router.callback_query(FileFixCb.filter(F.action == FileFixAction.MOVE_TO))
async def move(
    query: CallbackQuery, callback_data: FileFixCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    try:
        path = await files.move(session, actor, target_id=callback_data.target_id, **_item(callback_data))
    except InvalidInput as refusal:
        await show(query, t(f"error-{refusal.code}", **refusal.params), _to_files(t))
        return
    await session.commit()
    await show(query, t("files-moved", path=h(path)), _to_files(t))


@router.callback_query(FileFixCb.filter(F.action == FileFixAction.REMOVE))
async def confirm_remove(
    query: CallbackQuery, callback_data: FileFixCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    await files.require_changeable(session, actor, **_item(callback_data))
    key = "files-remove-file-confirm" if callback_data.file_id else "files-remove-folder-confirm"
    rows = [
        [
            _button(
                t("btn-files-remove-confirm"),
                FileFixCb(action=FileFixAction.CONFIRM_REMOVE, **_item(callback_data)),
            )
        ],
        [_button(t("btn-cancel"), FilesCb(action=FilesAction.ROOT))],
    ]
    await _screen(query, t(key), InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(FileFixCb.filter(F.action == FileFixAction.CONFIRM_REMOVE), flags={ONCE: 5})
async def remove(
    query: CallbackQuery,
    callback_data: FileFixCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
) -> None:
    name = await files.remove(session, actor, now=clock.now(), **_item(callback_data))
    await session.commit()
    key = "files-removed-file" if callback_data.file_id else "files-removed-folder"
    await show(query, t(key, name=h(name)), _to_files(t))


# ---- the administration's archive ------------------------------------------------------------------------


@router.callback_query(FileFixCb.filter(F.action == FileFixAction.ARCHIVE))
async def archive(
    query: CallbackQuery, callback_data: FileFixCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    page = max(callback_data.page, 0)
    found, more = await files.archive(session, actor, active_school(actor), page)
    lines = [t("files-archive-title")] + ([] if found else [t("files-archive-empty")])
    rows = [
        [
            _button(
                ("📄 " if item.file_id else "📂 ") + f"{item.name} · {t.date(item.removed_at.date())}"[:60],
                FileFixCb(action=FileFixAction.ARCHIVED, file_id=item.file_id, page=page)
                if item.file_id
                else FileFixCb(action=FileFixAction.RESTORE, folder_id=item.folder_id),
            )
        ]
        for item in found
    ]
    pager = []
    if page > 0:
        pager.append(_button("◀", FileFixCb(action=FileFixAction.ARCHIVE, page=page - 1)))
    if more:
        pager.append(_button("▶", FileFixCb(action=FileFixAction.ARCHIVE, page=page + 1)))
    rows += [pager, [_button(t("btn-back"), FilesCb(action=FilesAction.ROOT))]]
    if found:
        lines.append(t("files-archive-hint"))
    await show(query, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row]))


@router.callback_query(FileFixCb.filter(F.action == FileFixAction.ARCHIVED), flags={ONCE: 10})
async def archived_file(
    query: CallbackQuery,
    callback_data: FileFixCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    bot: Bot,
) -> None:
    stored = await files.archived_file(session, actor, callback_data.file_id)
    restore = FileFixCb(action=FileFixAction.RESTORE, file_id=stored.id)
    markup = InlineKeyboardMarkup(inline_keyboard=[[_button(t("btn-files-restore"), restore)]])
    await send_stored(bot, query.from_user.id, stored.kind, stored.tg_file_id, stored.name, markup)
    await query.answer()


@router.callback_query(FileFixCb.filter(F.action == FileFixAction.RESTORE))
async def restore(
    query: CallbackQuery, callback_data: FileFixCb, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    try:
        name = await files.restore(session, actor, **_item(callback_data))
    except InvalidInput as refusal:
        await _screen(query, t(f"error-{refusal.code}", **refusal.params), _to_files(t))
        return
    await session.commit()
    key = "files-restored-file" if callback_data.file_id else "files-restored-folder"
    await _screen(query, t(key, name=h(name)), _to_files(t))
