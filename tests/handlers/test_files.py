"""«📁 Файлы»: this year's folders, staff uploading into the folders they may write, families seeing the
folders for everyone only (a staff-only file is refused by a forged button too), long folders paged."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import FilesAction, FilesCb
from bot.callbacks_school_life import FileFixAction, FileFixCb
from models import Folder, StoredFile
from tests.handlers.conftest import Harness


async def _open(harness: Harness, persona: str, *labels: str) -> None:
    user = harness.joined[persona]
    await user.send("/start")
    await user.press("📁 Файлы")
    for label in labels:
        await user.press(label)


async def test_staff_upload_and_families_see_only_what_is_for_everyone(
    harness: Harness, session: AsyncSession
) -> None:
    teacher, _ = await harness.join("teacher")
    mother, _ = await harness.join("parent")
    await _open(harness, "teacher")
    screen = await teacher.screen()
    assert "📂 Методические объединения 🔒" in [label for row in screen.buttons for label in row]
    assert "📂 Документы школы" in [label for row in screen.buttons for label in row]
    assert not screen.has_button("⬆ Загрузить сюда")  # the year's folder: the administration's

    await teacher.press("📂 Библиотека")
    await teacher.press("⬆ Загрузить сюда")
    screen = await teacher.upload("Список литературы на лето.pdf", b"%PDF-1.4 list", "application/pdf")
    assert "Сохранено в «Библиотека»: Список литературы на лето.pdf" in screen.messages[0].text
    await teacher.press("⬆ Выше")
    await teacher.press("📂 Методические объединения 🔒")
    await teacher.press("⬆ Загрузить сюда")
    await teacher.upload("План МО.docx", b"plan", "application/msword")

    await _open(harness, "parent")
    screen = await mother.screen()
    labels = [label for row in screen.buttons for label in row]
    assert "📂 Библиотека" in labels and not any("Методические" in label for label in labels)
    await mother.press("📂 Библиотека")
    screen = await mother.press("📄 Список литературы на лето.pdf")
    (sent,) = screen.documents
    assert sent.content == b"%PDF-1.4 list"  # sent again by its file id

    secret = await session.scalar(select(StoredFile).where(StoredFile.name == "План МО.docx"))
    staff_folder = await session.scalar(select(Folder.id).where(Folder.name == "Методические объединения"))
    assert secret is not None and staff_folder is not None
    screen = await mother.screen()
    assert screen.current is not None
    for forged in (
        FilesCb(action=FilesAction.GET, file_id=secret.id),
        FilesCb(action=FilesAction.OPEN, folder_id=staff_folder),
        FilesCb(action=FilesAction.UPLOAD, folder_id=staff_folder),
    ):
        screen = await mother.press_data(screen.current.message_id, forged.pack())
        assert screen.callback_answer is not None
        assert screen.callback_answer.text == "Это действие вам недоступно."
        assert not screen.documents


async def test_a_long_folder_is_paged(harness: Harness, session: AsyncSession) -> None:
    teacher, _ = await harness.join("teacher")
    await _open(harness, "teacher", "📂 Предметы")
    folder_id = await session.scalar(select(Folder.id).where(Folder.name == "Предметы"))
    assert folder_id is not None
    session.add_all(
        StoredFile(folder_id=folder_id, name=f"Задание {n:02d}.pdf", kind="document", tg_file_id=f"id{n}")
        for n in range(11)
    )
    await session.commit()
    screen = await teacher.press("⬆ Выше")
    screen = await teacher.press("📂 Предметы")
    assert "11 файлов" in screen.text
    files_shown = [label for row in screen.buttons for label in row if label.startswith("📄")]
    assert len(files_shown) == 8
    screen = await teacher.press("▶")
    assert len([label for row in screen.buttons for label in row if label.startswith("📄")]) == 3
    assert await session.scalar(select(func.count()).select_from(StoredFile)) == 11


async def test_the_administration_makes_folders_for_everyone_or_staff_only(
    harness: Harness, session: AsyncSession
) -> None:
    deputy, _ = await harness.join("deputy")
    mother, _ = await harness.join("parent")
    teacher, _ = await harness.join("teacher")
    await _open(harness, "deputy", "📂 Библиотека")
    for name, who in (("Летнее чтение", "👪 Для всех"), ("Заявки на закупку", "🔒 Только для сотрудников")):
        await deputy.press("➕ Папка")
        screen = await deputy.send(name)
        assert f"Папка «{name}» — для кого?" in screen.text
        screen = await deputy.press(who)
    labels = [label for row in screen.buttons for label in row]
    assert "📂 Летнее чтение" in labels and "📂 Заявки на закупку 🔒" in labels
    await deputy.press("➕ Папка")
    screen = await deputy.send("Летнее чтение")
    screen = await deputy.press("👪 Для всех")
    assert screen.callback_answer is not None
    assert screen.callback_answer.text == "Папка «Летнее чтение» здесь уже есть."

    await _open(harness, "parent", "📂 Библиотека")
    labels = [label for row in (await mother.screen()).buttons for label in row]
    assert "📂 Летнее чтение" in labels and not any("Заявки" in label for label in labels)
    await _open(harness, "teacher", "📂 Библиотека")
    assert not (await teacher.screen()).has_button("➕ Папка")  # a teacher uploads, he does not make folders
    assert (
        await session.scalar(select(func.count()).select_from(Folder).where(Folder.name == "Летнее чтение"))
        == 1
    )


async def test_files_renamed_moved_removed_by_who_may_write_and_restored_from_the_archive(
    harness: Harness, session: AsyncSession
) -> None:
    teacher, _ = await harness.join("teacher")
    mother, _ = await harness.join("parent")
    coordinator, _ = await harness.join("coordinator")
    await _open(harness, "teacher", "📂 Библиотека", "⬆ Загрузить сюда")
    await teacher.upload("списк.pdf", b"%PDF-1.4 list", "application/pdf")
    screen = await teacher.press("📄 списк.pdf")
    assert screen.documents and screen.has_button("✏️ Имя")  # the file's own buttons, for who writes
    await teacher.press("✏️ Имя")
    screen = await teacher.send("Список литературы.pdf")
    assert "Теперь называется «Список литературы.pdf»" in screen.text
    stored = await session.scalar(select(StoredFile).where(StoredFile.name == "Список литературы.pdf"))
    assert stored is not None

    # A parent reads the file but gets none of its buttons, and a forged one changes nothing.
    await _open(harness, "parent", "📂 Библиотека")
    screen = await mother.press("📄 Список литературы.pdf")
    assert screen.documents and not screen.has_button("🗑 Удалить")
    assert screen.current is not None
    for action in (FileFixAction.RENAME, FileFixAction.MOVE, FileFixAction.CONFIRM_REMOVE):
        await mother.press_data(screen.current.message_id, FileFixCb(action=action, file_id=stored.id).pack())
        assert await mother.last_callback_answer() == "Это действие вам недоступно."

    await _open(harness, "teacher", "📂 Библиотека")
    await teacher.press("📄 Список литературы.pdf")
    screen = await teacher.press("📂 Перенести")
    assert not screen.has_button("📂 Документы школы")  # the administration's folder: not his to write
    screen = await teacher.press("📂 Предметы")
    assert "Перенесено в «Предметы»" in screen.text
    await _open(harness, "teacher", "📂 Предметы")
    await teacher.press("📄 Список литературы.pdf")
    await teacher.press("🗑 Удалить")
    screen = await teacher.press("🗑 Да, удалить")
    assert "Файл «Список литературы.pdf» удалён (хранится в архиве администрации)" in screen.text
    await _open(harness, "teacher", "📂 Предметы")
    assert not (await teacher.screen()).has_button("📄 Список литературы.pdf")
    await session.refresh(stored)
    assert stored.removed_at is not None  # kept
    actions = list(
        await session.scalars(text("SELECT action FROM audit_log WHERE entity = 'stored_file' ORDER BY id"))
    )
    assert actions == ["file.renamed", "file.moved", "file.removed"]

    # The administration: the archive, the file opened and restored; a folder removed and restored.
    await _open(harness, "coordinator", "🗄 Удалённые")
    await coordinator.press("📄 Список литературы.pdf")
    screen = await coordinator.press("♻️ Вернуть")
    assert "снова на месте" in screen.text
    await _open(harness, "coordinator", "📂 Библиотека")
    await coordinator.press("🗑 Удалить")
    await coordinator.press("🗑 Да, удалить")
    await _open(harness, "parent")
    assert not (await mother.screen()).has_button("📂 Библиотека")
    await _open(harness, "coordinator", "🗄 Удалённые")
    screen = await coordinator.press("📂 Библиотека")
    assert "снова на месте" in screen.text
    await _open(harness, "parent")
    assert (await mother.screen()).has_button("📂 Библиотека")


async def test_a_folder_moved_into_a_staff_only_one_closes_to_families_with_all_it_holds(
    harness: Harness, session: AsyncSession
) -> None:
    mother, _ = await harness.join("parent")
    coordinator, _ = await harness.join("coordinator")
    await _open(harness, "parent")  # the year's folders, made on first sight
    library = await session.scalar(select(Folder).where(Folder.name == "Библиотека"))
    assert library is not None
    inner = Folder(
        school_id=library.school_id,
        academic_year_id=library.academic_year_id,
        parent_id=library.id,
        name="Летнее чтение",
        everyone=True,
    )
    session.add(inner)
    await session.flush()
    session.add(StoredFile(folder_id=inner.id, name="Список.pdf", kind="document", tg_file_id="list"))
    await session.commit()
    listed = await session.scalar(select(StoredFile.id).where(StoredFile.name == "Список.pdf"))

    await _open(harness, "coordinator", "📂 Библиотека")
    await coordinator.press("📂 Перенести")
    screen = await coordinator.press("📂 Методические объединения")
    assert "Перенесено" in screen.text

    screen = await mother.screen()
    assert screen.current is not None
    for forged in (
        FilesCb(action=FilesAction.OPEN, folder_id=inner.id),
        FilesCb(action=FilesAction.GET, file_id=listed or 0),
    ):
        screen = await mother.press_data(screen.current.message_id, forged.pack())
        assert await mother.last_callback_answer() == "Это действие вам недоступно."
        assert not screen.documents
    await session.refresh(inner)
    assert not inner.everyone and inner.writers == "staff"
