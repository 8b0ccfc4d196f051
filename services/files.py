"""«Файлы»: a folder per school year with its subfolders (subjects, the library, the support service,
the methodological associations, the school's documents). Each folder is for staff only or for
everyone, and written by any staff member or by the administration only. Files are kept by their
Telegram file id: the bot sends them again by that id, nothing is stored on the server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from models import Folder, StoredFile, Subject
from models.enums import Role
from services import access, audit
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
    if folder is None or folder.removed_at is not None:
        raise AccessDenied()
    if _is_staff(actor, folder.school_id):
        return folder
    family = access.holds_any_role(actor, (Role.PARENT, Role.STUDENT), folder.school_id)
    # Every folder above it must be for everyone too (and none removed), whatever moved where.
    if not (family and folder.everyone and await session.scalar(_OPEN_ALL_THE_WAY, {"folder_id": folder.id})):
        raise AccessDenied()
    return folder


_OPEN_ALL_THE_WAY = text("""
    WITH RECURSIVE up AS (SELECT id, parent_id, everyone, removed_at FROM folder WHERE id = :folder_id
                          UNION ALL SELECT f.id, f.parent_id, f.everyone, f.removed_at
                            FROM folder f JOIN up ON f.id = up.parent_id)
    SELECT bool_and(everyone AND removed_at IS NULL) FROM up
""")
# A folder moved or brought back under another: it and all it holds are no more open than their new
# place (staff only inside a staff-only folder, the administration's to write inside its folder).
_TIGHTEN_SUBTREE = text("""
    WITH RECURSIVE tree AS (SELECT id FROM folder WHERE id = :folder_id
                            UNION ALL SELECT f.id FROM folder f JOIN tree t ON f.parent_id = t.id)
    UPDATE folder SET everyone = everyone AND :everyone,
                      writers = CASE WHEN :administration THEN 'administration' ELSE writers END
     WHERE id IN (SELECT id FROM tree)
""")


async def _tighten(session: AsyncSession, folder: Folder, place: Folder) -> None:
    await session.execute(
        _TIGHTEN_SUBTREE,
        {
            "folder_id": folder.id,
            "everyone": place.everyone,
            "administration": place.writers == "administration",
        },
    )
    await session.refresh(folder)


def _may_write(actor: Actor, folder: Folder) -> bool:
    if folder.writers == "administration":
        return access.holds_any_role(actor, ADMINISTRATION, folder.school_id)
    return _is_staff(actor, folder.school_id)


async def open_folder(session: AsyncSession, actor: Actor, folder_id: int, page: int = 0) -> FolderView:
    folder = await _folder(session, actor, folder_id)
    staff = _is_staff(actor, folder.school_id)
    subfolders = await session.scalars(
        select(Folder).where(Folder.parent_id == folder.id, Folder.removed_at.is_(None)).order_by(Folder.name)
    )
    folders = [FolderEntry(f.id, f.name, f.everyone) for f in subfolders if staff or f.everyone]
    present = (StoredFile.folder_id == folder.id, StoredFile.removed_at.is_(None))
    total = int(await session.scalar(select(func.count()).where(*present)) or 0)
    pages = max(1, -(-total // PAGE))
    page = min(max(page, 0), pages - 1)
    rows = await session.scalars(
        select(StoredFile)
        .where(*present)
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
    if stored is None or stored.removed_at is not None:
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
    await _refuse_taken(session, parent.id, name)
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


# ---- renaming, moving and removing (audited; removed items stay in the administration's archive) ------


@dataclass(frozen=True)
class Target:
    folder_id: int
    path: str  # «Предметы / Математика»


def _is_admin(actor: Actor, school_id: int) -> bool:
    return access.holds_any_role(actor, ADMINISTRATION, school_id)


async def _writable_file(session: AsyncSession, actor: Actor, file_id: int) -> tuple[StoredFile, Folder]:
    stored = await session.get(StoredFile, file_id)
    if stored is None or stored.removed_at is not None:
        raise AccessDenied()
    folder = await _folder(session, actor, stored.folder_id)
    if not _may_write(actor, folder):
        raise AccessDenied()
    return stored, folder


async def _managed_folder(session: AsyncSession, actor: Actor, folder_id: int) -> Folder:
    """A folder the administration renames, moves or removes: not the year's own folder."""
    folder = await _folder(session, actor, folder_id)
    if folder.parent_id is None or not _is_admin(actor, folder.school_id):
        raise AccessDenied()
    return folder


def _clean_name(name: str, limit: int, code: str) -> str:
    name = name.strip()
    if not name or len(name) > limit:
        raise InvalidInput(code, limit=limit)
    return name


async def rename(
    session: AsyncSession, actor: Actor, *, file_id: int = 0, folder_id: int = 0, name: str
) -> str:
    """A file (by whoever may write its folder) or a folder (the administration) renamed."""
    if file_id:
        stored, folder = await _writable_file(session, actor, file_id)
        before, stored.name = stored.name, _clean_name(name, NAME_LIMIT, "file-name")
        await _audit(
            session, actor, "file.renamed", "stored_file", stored.id, folder.school_id, before, stored.name
        )
        return stored.name
    folder = await _managed_folder(session, actor, folder_id)
    new_name = _clean_name(name, FOLDER_NAME_LIMIT, "folder-name")
    await _refuse_taken(session, folder.parent_id, new_name, folder.id)
    before, folder.name = folder.name, new_name
    await _audit(session, actor, "folder.renamed", "folder", folder.id, folder.school_id, before, new_name)
    return new_name


async def _refuse_taken(session: AsyncSession, parent_id: int | None, name: str, own_id: int = 0) -> None:
    taken = await session.scalar(
        select(Folder.id).where(
            Folder.parent_id == parent_id,
            Folder.name == name,
            Folder.removed_at.is_(None),
            Folder.id != own_id,
        )
    )
    if taken is not None:
        raise InvalidInput("folder-exists", name=name)


async def _audit(
    session: AsyncSession,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int,
    school_id: int,
    before: object,
    after: object,
) -> None:
    await audit.record(
        session,
        actor,
        action,
        entity,
        entity_id,
        school_id=school_id,
        before={"value": before},
        after={"value": after},
    )


_YEAR_FOLDERS = text("""
    WITH RECURSIVE tree AS (
        SELECT f.id, f.name::text AS path, f.everyone, f.writers, f.parent_id, 0 AS depth FROM folder f
         WHERE f.academic_year_id = :year_id AND f.parent_id IS NULL AND f.removed_at IS NULL
        UNION ALL
        SELECT f.id, CASE WHEN t.depth = 0 THEN f.name ELSE t.path || ' / ' || f.name END, f.everyone,
               f.writers, f.parent_id, t.depth + 1
          FROM folder f JOIN tree t ON f.parent_id = t.id WHERE f.removed_at IS NULL)
    SELECT id, path, writers, depth FROM tree ORDER BY path
""")
_TREE = """WITH RECURSIVE tree AS (SELECT id FROM folder WHERE id = :folder_id
                                   UNION ALL SELECT f.id FROM folder f JOIN tree t ON f.parent_id = t.id)"""
_SUBTREE = text(_TREE + " SELECT id FROM tree")
# A folder removed with what it holds (its subfolders marked with the same instant, so that restoring it
# brings back exactly what went with it, not what was removed on its own before).
_REMOVE_SUBTREE = text(
    _TREE + " UPDATE folder SET removed_at = :now WHERE id IN (SELECT id FROM tree) AND removed_at IS NULL"
)
_RESTORE_SUBTREE = text(
    _TREE
    + " UPDATE folder SET removed_at = NULL WHERE id IN (SELECT id FROM tree) AND removed_at = :removed_at"
)


async def move_targets(
    session: AsyncSession, actor: Actor, *, file_id: int = 0, folder_id: int = 0
) -> list[Target]:
    """Where the item may go: for a file, the folders he may write (but its own); for a folder, any
    folder of the year but itself, those inside it and its present parent."""
    if file_id:
        _, folder = await _writable_file(session, actor, file_id)
        school_id, year_id, excluded = folder.school_id, folder.academic_year_id, {folder.id}
        admin = _is_admin(actor, school_id)
        writable = {"staff", "administration"} if admin else {"staff"}
    else:
        folder = await _managed_folder(session, actor, folder_id)
        school_id, year_id = folder.school_id, folder.academic_year_id
        excluded = set(await session.scalars(_SUBTREE, {"folder_id": folder.id})) | {folder.parent_id or 0}
        writable = {"staff", "administration"}
    rows = await session.execute(_YEAR_FOLDERS, {"year_id": year_id})
    return [Target(row.id, row.path) for row in rows if row.id not in excluded and row.writers in writable]


async def move(
    session: AsyncSession, actor: Actor, *, file_id: int = 0, folder_id: int = 0, target_id: int
) -> str:
    """The item moved into the target folder (one of `move_targets`); returns the target's name."""
    targets = {
        t.folder_id: t for t in await move_targets(session, actor, file_id=file_id, folder_id=folder_id)
    }
    target = targets.get(target_id)
    if target is None:
        raise AccessDenied()  # a forged or no longer allowed target
    destination = await session.get(Folder, target_id)
    assert destination is not None
    if file_id:
        stored = await session.get(StoredFile, file_id)
        assert stored is not None
        before, stored.folder_id = stored.folder_id, target_id
        await _audit(
            session, actor, "file.moved", "stored_file", file_id, destination.school_id, before, target_id
        )
        return target.path
    folder = await session.get(Folder, folder_id)
    assert folder is not None
    await _refuse_taken(session, target_id, folder.name, folder.id)
    old_parent = folder.parent_id
    folder.parent_id = target_id
    await session.flush()
    await _tighten(session, folder, destination)
    await _audit(session, actor, "folder.moved", "folder", folder_id, folder.school_id, old_parent, target_id)
    return target.path


async def remove(
    session: AsyncSession, actor: Actor, *, file_id: int = 0, folder_id: int = 0, now: dt.datetime
) -> str:
    """The item out of sight (a folder with all it holds), kept for the administration's archive."""
    if file_id:
        stored, folder = await _writable_file(session, actor, file_id)
        stored.removed_at = now
        await _audit(
            session, actor, "file.removed", "stored_file", file_id, folder.school_id, stored.name, None
        )
        return stored.name
    folder = await _managed_folder(session, actor, folder_id)
    await session.execute(_REMOVE_SUBTREE, {"folder_id": folder.id, "now": now})
    await _audit(session, actor, "folder.removed", "folder", folder_id, folder.school_id, folder.name, None)
    return folder.name


@dataclass(frozen=True)
class Removed:
    """A removed file or folder, as the archive lists it."""

    file_id: int  # 0: a folder
    folder_id: int
    name: str
    removed_at: dt.datetime


_REMOVED = text("""
    SELECT * FROM (
        SELECT sf.id AS file_id, sf.folder_id, sf.name, sf.removed_at FROM stored_file sf
          JOIN folder f ON f.id = sf.folder_id
         WHERE f.school_id = :school_id AND sf.removed_at IS NOT NULL
        UNION ALL
        SELECT 0, f.id, f.name, f.removed_at FROM folder f
          LEFT JOIN folder p ON p.id = f.parent_id
         WHERE f.school_id = :school_id AND f.removed_at IS NOT NULL
           AND (p.removed_at IS NULL OR p.removed_at <> f.removed_at)) removed
     ORDER BY removed_at DESC, file_id DESC, folder_id DESC
     LIMIT :limit OFFSET :offset
""")


async def archive(
    session: AsyncSession, actor: Actor, school_id: int, page: int = 0
) -> tuple[list[Removed], bool]:
    """What was removed, the latest first (a folder once, not each of its subfolders): the
    administration's only."""
    if not _is_admin(actor, school_id):
        raise AccessDenied()
    params = {"school_id": school_id, "limit": PAGE + 1, "offset": max(page, 0) * PAGE}
    found = [
        Removed(r.file_id, r.folder_id, r.name, r.removed_at) for r in await session.execute(_REMOVED, params)
    ]
    return found[:PAGE], len(found) > PAGE


async def archived_file(session: AsyncSession, actor: Actor, file_id: int) -> StoredFile:
    """A removed file, for the administration to see (or restore)."""
    stored = await session.get(StoredFile, file_id)
    folder = await session.get(Folder, stored.folder_id) if stored is not None else None
    if stored is None or folder is None or not _is_admin(actor, folder.school_id):
        raise AccessDenied()
    return stored


async def restore(session: AsyncSession, actor: Actor, *, file_id: int = 0, folder_id: int = 0) -> str:
    """A removed item back where it was (a folder with what went with it), if its place still is."""
    if file_id:
        stored = await archived_file(session, actor, file_id)
        folder = await session.get(Folder, stored.folder_id)
        assert folder is not None
        if folder.removed_at is not None:
            raise InvalidInput("file-place-gone")
        if stored.removed_at is not None:
            stored.removed_at = None
            await _audit(
                session, actor, "file.restored", "stored_file", file_id, folder.school_id, None, stored.name
            )
        return stored.name
    folder = await session.get(Folder, folder_id)
    if folder is None or not _is_admin(actor, folder.school_id):
        raise AccessDenied()
    if folder.removed_at is None:
        return folder.name  # restored already (a double tap)
    parent = await session.get(Folder, folder.parent_id) if folder.parent_id else None
    if parent is None or parent.removed_at is not None:
        raise InvalidInput("file-place-gone")
    await _refuse_taken(session, parent.id, folder.name, folder.id)
    await session.execute(_RESTORE_SUBTREE, {"folder_id": folder.id, "removed_at": folder.removed_at})
    await _tighten(session, folder, parent)
    await _audit(session, actor, "folder.restored", "folder", folder_id, folder.school_id, None, folder.name)
    return folder.name


async def may_change_file(session: AsyncSession, actor: Actor, file_id: int) -> bool:
    """Whether this person may rename, move or remove the file (he may write its folder)."""
    try:
        await require_changeable(session, actor, file_id=file_id)
    except AccessDenied:
        return False
    return True


async def require_changeable(
    session: AsyncSession, actor: Actor, *, file_id: int = 0, folder_id: int = 0
) -> None:
    """The file he may write, or else the folder the administration manages; AccessDenied otherwise."""
    if file_id:
        await _writable_file(session, actor, file_id)
    else:
        await _managed_folder(session, actor, folder_id)
