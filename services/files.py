"""«Файлы»: a folder per school year with its subfolders (subjects, the library, the support service,
the methodological associations, the school's documents). Each folder is for staff only or for
everyone, and written by any staff member or by the administration only. Files are kept by their
Telegram file id: the bot sends them again by that id, nothing is stored on the server.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Folder, StoredFile, Subject
from models.enums import Role
from services import access
from services.announcements import ADMINISTRATION
from services.audit import Actor
from services.errors import AccessDenied, InvalidInput
from services.schools import current_year

PAGE = 8
NAME_LIMIT = 200
FOLDER_NAME_LIMIT = 100
# A new year's folders: (name, for everyone, who writes). The school's own content, in its language.
SUBJECTS = "Предметы"
DEFAULT_FOLDERS = (
    (SUBJECTS, True, "staff"),
    ("Библиотека", True, "staff"),
    ("Социально-психологическая служба", True, "staff"),
    ("Методические объединения", False, "staff"),
    ("Документы школы", True, "administration"),
)


@dataclass(frozen=True)
class FolderEntry:
    folder_id: int
    name: str
    everyone: bool


@dataclass(frozen=True)
class FileEntry:
    file_id: int
    name: str
    kind: str


@dataclass(frozen=True)
class FolderView:
    folder_id: int
    name: str
    parent_id: int | None
    everyone: bool
    folders: list[FolderEntry]
    files: list[FileEntry]
    total: int  # files in the folder, all pages
    page: int
    pages: int
    can_write: bool
    can_add_folders: bool  # the administration


def _is_staff(actor: Actor, school_id: int) -> bool:
    return access.holds_any_role(actor, access.STAFF_GRANTS, school_id)


async def year_root(session: AsyncSession, actor: Actor, school_id: int) -> int:
    """The current year's folder, made with its default subfolders the first time anyone opens it."""
    if not _is_staff(actor, school_id) and not access.holds_any_role(
        actor, (Role.PARENT, Role.STUDENT), school_id
    ):
        raise AccessDenied()
    year = await current_year(session, school_id)
    root = await session.scalar(
        select(Folder.id).where(Folder.academic_year_id == year.id, Folder.parent_id.is_(None))
    )
    if root is not None:
        return int(root)
    folder = Folder(
        school_id=school_id, academic_year_id=year.id, name=year.name, everyone=True, writers="administration"
    )
    session.add(folder)
    await session.flush()
    made = {}
    for name, everyone, writers in DEFAULT_FOLDERS:
        made[name] = Folder(
            school_id=school_id,
            academic_year_id=year.id,
            parent_id=folder.id,
            name=name,
            everyone=everyone,
            writers=writers,
        )
        session.add(made[name])
    await session.flush()
    # «Предметы» holds a folder per subject the school teaches.
    subjects = await session.scalars(
        select(Subject.name).where(Subject.school_id == school_id).order_by(Subject.name)
    )
    session.add_all(
        Folder(
            school_id=school_id,
            academic_year_id=year.id,
            parent_id=made[SUBJECTS].id,
            name=name[:100],
            everyone=True,
        )
        for name in subjects
    )
    await session.flush()
    return folder.id


async def _folder(session: AsyncSession, actor: Actor, folder_id: int) -> Folder:
    """A folder this person may open: staff any of the school's, a family only those for everyone."""
    folder = await session.get(Folder, folder_id)
    if folder is None:
        raise AccessDenied()
    if _is_staff(actor, folder.school_id):
        return folder
    family = access.holds_any_role(actor, (Role.PARENT, Role.STUDENT), folder.school_id)
    if not (family and folder.everyone):
        raise AccessDenied()
    return folder


def _may_write(actor: Actor, folder: Folder) -> bool:
    if folder.writers == "administration":
        return access.holds_any_role(actor, ADMINISTRATION, folder.school_id)
    return _is_staff(actor, folder.school_id)


async def open_folder(session: AsyncSession, actor: Actor, folder_id: int, page: int = 0) -> FolderView:
    folder = await _folder(session, actor, folder_id)
    staff = _is_staff(actor, folder.school_id)
    subfolders = await session.scalars(
        select(Folder).where(Folder.parent_id == folder.id).order_by(Folder.name)
    )
    folders = [FolderEntry(f.id, f.name, f.everyone) for f in subfolders if staff or f.everyone]
    total = int(await session.scalar(select(func.count()).where(StoredFile.folder_id == folder.id)) or 0)
    pages = max(1, -(-total // PAGE))
    page = min(max(page, 0), pages - 1)
    rows = await session.scalars(
        select(StoredFile)
        .where(StoredFile.folder_id == folder.id)
        .order_by(StoredFile.created_at.desc(), StoredFile.id.desc())
        .limit(PAGE)
        .offset(page * PAGE)
    )
    files = [FileEntry(f.id, f.name, f.kind) for f in rows]
    return FolderView(
        folder.id,
        folder.name,
        folder.parent_id,
        folder.everyone,
        folders,
        files,
        total,
        page,
        pages,
        _may_write(actor, folder),
        access.holds_any_role(actor, ADMINISTRATION, folder.school_id),
    )


async def add_file(
    session: AsyncSession, actor: Actor, folder_id: int, name: str, kind: str, tg_file_id: str
) -> int:
    folder = await _folder(session, actor, folder_id)
    if not _may_write(actor, folder):
        raise AccessDenied()
    name = name.strip()[:NAME_LIMIT] or "—"
    if kind not in ("document", "photo") or not tg_file_id:
        raise InvalidInput("file-kind")
    uploader = access.staff_id(actor, folder.school_id)
    stored = StoredFile(
        folder_id=folder.id, name=name, kind=kind, tg_file_id=tg_file_id, uploaded_by=uploader
    )
    session.add(stored)
    await session.flush()
    return stored.id


async def get_file(session: AsyncSession, actor: Actor, file_id: int) -> StoredFile:
    """A file, if this person may open its folder (a forged id of a staff-only file is refused)."""
    stored = await session.get(StoredFile, file_id)
    if stored is None:
        raise AccessDenied()
    await _folder(session, actor, stored.folder_id)
    return stored


async def add_folder(session: AsyncSession, actor: Actor, parent_id: int, name: str, everyone: bool) -> int:
    """A subfolder (the administration's): inside a staff-only folder it is staff-only too."""
    parent = await _folder(session, actor, parent_id)
    if not access.holds_any_role(actor, ADMINISTRATION, parent.school_id):
        raise AccessDenied()
    name = name.strip()
    if not name or len(name) > FOLDER_NAME_LIMIT:
        raise InvalidInput("folder-name", limit=FOLDER_NAME_LIMIT)
    taken = await session.scalar(select(Folder.id).where(Folder.parent_id == parent.id, Folder.name == name))
    if taken is not None:
        raise InvalidInput("folder-exists", name=name)
    folder = Folder(
        school_id=parent.school_id,
        academic_year_id=parent.academic_year_id,
        parent_id=parent.id,
        name=name,
        everyone=everyone and parent.everyone,
        writers=parent.writers,
    )
    session.add(folder)
    await session.flush()
    return folder.id
