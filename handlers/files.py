"""«📁 Файлы»: this year's folders, files sent again by their Telegram file id, and staff uploading
documents and photos into the folders they may write."""

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
from bot.filters import A_FILE, TYPED_TEXT
from bot.i18n import Translator
from bot.keyboards import back_to_menu
from bot.repeat_guard import ONCE
from bot.screens import h, show
from handlers.helpers import active_school
from services import files
from services.audit import Actor
from services.errors import AccessDenied
from services.files import FolderView

router = Router(name=__name__)


class FileInput(StatesGroup):
    upload = State()
    folder_name = State()


def _row(text: str, data: FilesCb | FileFixCb) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=text, callback_data=data.pack())]


@router.callback_query(FilesCb.filter(F.action == FilesAction.ROOT))
async def root(
    query: CallbackQuery, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext
) -> None:
    await state.clear()
    folder_id = await files.year_root(session, actor, active_school(actor))
    await session.commit()  # the year's folders, made on first sight, are there for everyone now
    await show_folder(query, t, await files.open_folder(session, actor, folder_id))


@router.callback_query(FilesCb.filter(F.action == FilesAction.OPEN))
async def open_folder(
    query: CallbackQuery,
    callback_data: FilesCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    await state.clear()
    await show_folder(
        query, t, await files.open_folder(session, actor, callback_data.folder_id, callback_data.page)
    )


async def show_folder(target: CallbackQuery | Message, t: Translator, view: FolderView) -> None:
    lines = [t("files-title", name=h(view.name))]
    if not view.everyone:
        lines.append(t("files-staff-only"))
    if not view.folders and not view.files:
        lines.append(t("files-empty"))
    elif view.files:
        lines.append(t("files-count", count=view.total))
    rows = [
        _row(
            f"📂 {f.name}" + ("" if f.everyone else " 🔒"),
            FilesCb(action=FilesAction.OPEN, folder_id=f.folder_id),
        )
        for f in view.folders
    ]
    rows += [
        _row(
            ("🖼 " if f.kind == "photo" else "📄 ") + f.name,
            FilesCb(action=FilesAction.GET, file_id=f.file_id),
        )
        for f in view.files
    ]
    pager = []
    if view.page > 0:
        pager.append(
            InlineKeyboardButton(
                text="◀",
                callback_data=FilesCb(
                    action=FilesAction.OPEN, folder_id=view.folder_id, page=view.page - 1
                ).pack(),
            )
        )
    if view.page + 1 < view.pages:
        pager.append(
            InlineKeyboardButton(
                text="▶",
                callback_data=FilesCb(
                    action=FilesAction.OPEN, folder_id=view.folder_id, page=view.page + 1
                ).pack(),
            )
        )
    if pager:
        rows.append(pager)
    if view.can_write:
        rows.append(_row(t("btn-files-upload"), FilesCb(action=FilesAction.UPLOAD, folder_id=view.folder_id)))
    if view.can_add_folders:
        rows.append(
            _row(t("btn-files-new-folder"), FilesCb(action=FilesAction.NEW_FOLDER, folder_id=view.folder_id))
        )
    if view.can_add_folders and view.parent_id is not None:  # the administration: this folder itself
        rows.append(
            [
                InlineKeyboardButton(
                    text=t(key), callback_data=FileFixCb(action=action, folder_id=view.folder_id).pack()
                )
                for key, action in (
                    ("btn-folder-rename", FileFixAction.RENAME),
                    ("btn-folder-move", FileFixAction.MOVE),
                    ("btn-folder-remove", FileFixAction.REMOVE),
                )
            ]
        )
    if view.can_add_folders and view.parent_id is None:
        rows.append(_row(t("btn-files-archive"), FileFixCb(action=FileFixAction.ARCHIVE)))
    if view.parent_id is not None:
        rows.append(_row(t("btn-files-up"), FilesCb(action=FilesAction.OPEN, folder_id=view.parent_id)))
    rows.append([back_to_menu(t)])
    await show(target, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(FilesCb.filter(F.action == FilesAction.GET), flags={ONCE: 10})
async def get_file(
    query: CallbackQuery, callback_data: FilesCb, session: AsyncSession, actor: Actor, t: Translator, bot: Bot
) -> None:
    stored = await files.get_file(session, actor, callback_data.file_id)
    # Who may write the folder gets the file's own buttons under it: rename, move, remove.
    manage = file_buttons(t, stored.id) if await files.may_change_file(session, actor, stored.id) else None
    await send_stored(bot, query.from_user.id, stored.kind, stored.tg_file_id, stored.name, manage)
    await query.answer()


async def send_stored(
    bot: Bot, chat_id: int, kind: str, tg_file_id: str, name: str, markup: InlineKeyboardMarkup | None
) -> None:
    if kind == "photo":
        await bot.send_photo(chat_id, tg_file_id, caption=name, reply_markup=markup)
    else:
        await bot.send_document(chat_id, tg_file_id, reply_markup=markup)


def file_buttons(t: Translator, file_id: int) -> InlineKeyboardMarkup:
    actions = (
        ("btn-file-rename", FileFixAction.RENAME),
        ("btn-file-move", FileFixAction.MOVE),
        ("btn-file-remove", FileFixAction.REMOVE),
    )
    row = [
        InlineKeyboardButton(text=t(key), callback_data=FileFixCb(action=action, file_id=file_id).pack())
        for key, action in actions
    ]
    return InlineKeyboardMarkup(inline_keyboard=[row])


@router.callback_query(FilesCb.filter(F.action == FilesAction.UPLOAD))
async def ask_upload(
    query: CallbackQuery,
    callback_data: FilesCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    view = await files.open_folder(session, actor, callback_data.folder_id)
    if not view.can_write:
        raise AccessDenied()
    await _wait_for(query, t, state, FileInput.upload, view.folder_id, t("files-upload-ask"))


async def _wait_for(
    query: CallbackQuery, t: Translator, state: FSMContext, awaited: State, folder_id: int, prompt: str
) -> None:
    """The next message is for this folder (a file, or a new folder's name); «Отмена» goes back to it."""
    await state.set_state(awaited)
    await state.set_data({"folder_id": folder_id})
    cancel = _row(t("btn-cancel"), FilesCb(action=FilesAction.CANCEL, folder_id=folder_id))
    await show(query, prompt, InlineKeyboardMarkup(inline_keyboard=[cancel]))


@router.message(StateFilter(FileInput.upload), A_FILE)
async def uploaded(
    message: Message, session: AsyncSession, actor: Actor, t: Translator, state: FSMContext, clock: Clock
) -> None:
    folder_id = int((await state.get_data()).get("folder_id", 0))
    if message.document is not None:
        kind, file_id = "document", message.document.file_id
        name = message.caption or message.document.file_name or "document"
    else:
        assert message.photo
        kind, file_id = "photo", message.photo[-1].file_id
        name = message.caption or t("files-photo-name", date=f"{clock.now():%d.%m.%Y}")
    await files.add_file(session, actor, folder_id, name, kind, file_id)
    await session.commit()
    await state.clear()
    view = await files.open_folder(session, actor, folder_id)
    await message.answer(t("files-saved", folder=h(view.name), name=h(name)))
    await show_folder(message, t, view)


@router.message(StateFilter(FileInput.upload), TYPED_TEXT)
async def not_a_file(message: Message, t: Translator) -> None:
    await message.answer(t("files-wrong-kind"))


@router.callback_query(FilesCb.filter(F.action == FilesAction.NEW_FOLDER))
async def ask_folder_name(
    query: CallbackQuery,
    callback_data: FilesCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    view = await files.open_folder(session, actor, callback_data.folder_id)
    if not view.can_add_folders:
        raise AccessDenied()
    await _wait_for(query, t, state, FileInput.folder_name, view.folder_id, t("files-folder-ask"))


@router.message(StateFilter(FileInput.folder_name), TYPED_TEXT)
async def folder_name_typed(message: Message, t: Translator, state: FSMContext) -> None:
    name = (message.text or "").strip()
    if not name or len(name) > files.FOLDER_NAME_LIMIT:
        await message.answer(t("error-folder-name", limit=files.FOLDER_NAME_LIMIT))
        return
    await state.update_data(name=name)
    parent = int((await state.get_data()).get("folder_id", 0))
    rows = [
        _row(t("btn-files-for-everyone"), FilesCb(action=FilesAction.CREATE, folder_id=parent, everyone=1)),
        _row(t("btn-files-for-staff"), FilesCb(action=FilesAction.CREATE, folder_id=parent, everyone=0)),
        _row(t("btn-cancel"), FilesCb(action=FilesAction.CANCEL, folder_id=parent)),
    ]
    await message.answer(
        t("files-folder-who", name=h(name)), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


@router.callback_query(FilesCb.filter(F.action == FilesAction.CREATE))
async def create_folder(
    query: CallbackQuery,
    callback_data: FilesCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    name = str((await state.get_data()).get("name", ""))
    if not name:  # pressed twice, or an old screen
        await show_folder(query, t, await files.open_folder(session, actor, callback_data.folder_id))
        return
    await files.add_folder(session, actor, callback_data.folder_id, name, bool(callback_data.everyone))
    await session.commit()
    await state.clear()
    await show_folder(query, t, await files.open_folder(session, actor, callback_data.folder_id))


@router.callback_query(FilesCb.filter(F.action == FilesAction.CANCEL))
async def cancel(
    query: CallbackQuery,
    callback_data: FilesCb,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    state: FSMContext,
) -> None:
    await state.clear()
    await show_folder(query, t, await files.open_folder(session, actor, callback_data.folder_id))
