"""The coordinator sends the roster as a file: every problem comes back with its row at once, or a
preview of what loading it changes, with «Применить»; nothing is written before he applies it."""

from __future__ import annotations

from sqlalchemy import func, select

from models import SchoolClass, Student
from tests.handlers.conftest import Harness

HEADER = "Класс;Фамилия;Имя;Отчество;Дата рождения;Родитель 1;Родитель 2;Классный руководитель\n"
GOOD = HEADER + (
    "7Г;Иванов;Пётр;Сергеевич;14.03.2013;Иванова Мария Петровна;;\n"
    "7Г;Петрова;Анна;Игоревна;02.11.2012;Петрова Елена Владимировна;;\n"
)
BAD = HEADER + (
    "7Г;Иванов;Пётр;Сергеевич;14.03.2013;Иванова Мария Петровна;;\n7Г;;Анна;Игоревна;31.02.2012;;;\n"
)


async def _count(harness: Harness) -> tuple[int, int]:
    async with harness.session_factory() as session:
        classes = await session.scalar(
            select(func.count()).select_from(SchoolClass).where(SchoolClass.letter == "Г")
        )
        students = await session.scalar(select(func.count()).select_from(Student))
    return int(classes or 0), int(students or 0)


async def test_a_roster_sent_to_the_bot_is_previewed_then_applied(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    before = await _count(harness)

    asked = await coordinator.upload("ученики.csv", BAD.encode("utf-8-sig"), "text/csv")
    assert "Файл «ученики.csv»: что в нём?" in asked.text
    refused = await coordinator.press("👪 Список классов (ученики и родители)")
    assert "Файл не загружен" in refused.text and "Строка 3" in refused.text
    assert "Ничего не изменено." in refused.text
    assert await _count(harness) == before

    await coordinator.upload("ученики.csv", GOOD.encode("utf-8-sig"), "text/csv")
    preview = await coordinator.press("👪 Список классов (ученики и родители)")
    assert "Проверил «ученики.csv». Если загрузить:" in preview.text
    assert "1 класс" in preview.text and "2 ученика" in preview.text
    assert await _count(harness) == before  # a preview writes nothing

    apply_button = preview.button("✅ Применить")
    assert preview.current is not None
    applied = await coordinator.press("✅ Применить")
    assert applied.text.startswith("✅ Загружено.")
    classes, students = await _count(harness)
    assert (classes, students) == (before[0] + 1, before[1] + 2)
    # The same button pressed again (a double tap, an old message): nothing is loaded twice.
    again = await coordinator.press_data(preview.current.message_id, str(apply_button.callback_data))
    assert await _count(harness) == (classes, students)
    assert again.callback_answer is not None

    await coordinator.upload("ученики.csv", GOOD.encode("utf-8-sig"), "text/csv")
    dropped = await coordinator.press("✖ Отмена")
    assert "Отменено: ничего не загружено." in dropped.text


async def test_a_column_named_its_own_way_is_asked_once_and_remembered(harness: Harness) -> None:
    coordinator, _ = await harness.join("coordinator")
    own = "Класс;Ребёнок;Родитель\n7Д;Орлов Павел Игоревич;Орлова Анна Сергеевна\n".encode("utf-8-sig")
    await coordinator.upload("из журнала.csv", own, "text/csv")
    asked = await coordinator.press("👪 Список классов (ученики и родители)")
    assert "В файле не нашёл столбец «ФИО». Какой из этих — он?" in asked.text
    assert asked.has_button("Ребёнок")
    preview = await coordinator.press("Ребёнок")
    assert "Если загрузить:" in preview.text and "1 ученик" in preview.text
    await coordinator.press("✅ Применить")
    assert (await _count(harness))[1] >= 1

    # The next file of the school with the same header: no question.
    again = "Класс;Ребёнок;Родитель\n7Д;Орлова Вера Игоревна;Орлова Анна Сергеевна\n".encode("utf-8-sig")
    await coordinator.upload("из журнала.csv", again, "text/csv")
    preview = await coordinator.press("👪 Список классов (ученики и родители)")
    assert "Если загрузить:" in preview.text
