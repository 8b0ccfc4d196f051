"""The `schoolbot` command as the school's IT teacher uses it: one clear line when something is
wrong, and data loading that writes all of a file or none of it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import AcademicYear, Guardian, School, SchoolClass, Student, TimetableSlot
from tests.e2e.conftest import BOT_USERNAME, Sandbox, free_port

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


async def test_run_without_a_token_says_so_in_one_line(sandbox: Sandbox) -> None:
    result = await sandbox.cli("run", BOT_TOKEN=None, MAX_BOT_TOKEN=None)
    assert result.returncode != 0
    line = _one_line(result.stderr)
    assert line.startswith("schoolbot: BOT_TOKEN: не задан — получите токен у @BotFather")
    assert result.stdout == ""


async def test_a_max_only_run_whose_max_is_out_of_reach_says_so_in_one_line(sandbox: Sandbox) -> None:
    nobody = f"http://127.0.0.1:{free_port()}"
    result = await sandbox.cli("run", BOT_TOKEN=None, MAX_API_URL=nobody, timeout=60)
    assert result.returncode != 0
    assert _one_line(result.stderr).startswith(f"schoolbot: MAX_API_URL: не удаётся связаться с {nobody}")


async def test_run_with_an_unreachable_database_says_so_in_one_line(sandbox: Sandbox) -> None:
    result = await sandbox.cli("run", DATABASE_URL="postgresql://school:secret@127.0.0.1:1/journal")
    assert result.returncode != 0
    line = _one_line(result.stderr)
    assert line.startswith("schoolbot: DATABASE_URL: не удаётся подключиться к 127.0.0.1:1/journal")
    assert "secret" not in line


async def test_a_malformed_setting_names_the_key(sandbox: Sandbox) -> None:
    result = await sandbox.cli("migrate", BOT_API_URL="localhost:8081")
    assert result.returncode == 2
    assert _one_line(result.stderr).startswith("schoolbot: BOT_API_URL: должен быть адресом сервера Bot API")
    result = await sandbox.cli("run", BOT_TOKEN="424242:wrong-token-not-known-to-the-server")
    assert result.returncode == 2
    assert _one_line(result.stderr).startswith("schoolbot: BOT_TOKEN: сервер Bot API не принял токен")


async def test_a_second_copy_on_a_taken_port_says_so_in_one_line(sandbox: Sandbox) -> None:
    """The operator starts the bot while another copy runs (or points METRICS_LISTEN at a port in use)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = await sandbox.cli("run", METRICS_LISTEN=f"127.0.0.1:{port}", RUN_SCHEDULER="false")
    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert line.startswith("schoolbot: METRICS_LISTEN: на этом адресе не удаётся открыть порт")
    assert f"(сейчас «127.0.0.1:{port}»)" in line


async def test_school_create_prints_the_coordinators_link(sandbox: Sandbox, session: AsyncSession) -> None:
    result = await sandbox.cli(
        "school",
        "create",
        "--name",
        "Лицей №7",
        "--timezone",
        "Asia/Yekaterinburg",
        "--coordinator",
        "Орлова Анна Петровна",
    )
    assert result.returncode == 0, result.stderr
    assert "Школа «Лицей №7» создана" in result.stdout
    assert "3 учебных периода" in result.stdout
    assert f"https://t.me/{BOT_USERNAME}?start=" in result.stdout
    school = await session.scalar(select(School).where(School.name == "Лицей №7"))
    assert school is not None
    assert school.timezone == "Asia/Yekaterinburg"
    result = await sandbox.cli("school", "create", "--name", "Лицей №8", "--timezone", "Mars/Olympus")
    assert result.returncode == 1
    assert (
        _one_line(result.stderr)
        == "schoolbot: Неизвестный часовой пояс «Mars/Olympus». Пример: Europe/Moscow."
    )


async def test_school_settings_are_listed_and_changed_together_or_not_at_all(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    created = await sandbox.cli("school", "create", "--name", "Лицей №9")
    assert created.returncode == 0, created.stderr
    shown = await sandbox.cli("school", "settings")
    assert shown.returncode == 0, shown.stderr
    assert "Настройки школы «Лицей №9»:" in shown.stdout
    assert "nudge_time" in shown.stdout and "17:00" in shown.stdout
    assert "weight.control" in shown.stdout and "Контрольная работа" in shown.stdout

    # One bad value among good ones: nothing is changed, and the line says which and why.
    refused = await sandbox.cli("school", "settings", "--set", "nudge_time=18:00", "--set", "threshold_5=3")
    assert refused.returncode == 1
    assert "Баллы должны идти по порядку" in _one_line(refused.stderr)
    school = await session.scalar(select(School).where(School.name == "Лицей №9"))
    assert school is not None and school.settings["nudge_time"] == "17:00:00"

    changed = await sandbox.cli(
        "school", "settings", "--set", "nudge_time=18:00", "--set", "summary_weekday=чт",
        "--set", "weight.control=2,5", "--set", "messengers=max",
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert "Изменено: nudge_time — 18:00 (по умолчанию 17:00)." in changed.stdout
    assert "Изменено: weight.control — 2,5." in changed.stdout
    session.expire_all()
    school = await session.scalar(select(School).where(School.name == "Лицей №9"))
    assert school is not None
    assert (school.settings["nudge_time"], school.settings["summary_weekday"]) == ("18:00:00", 4)
    assert school.settings["messengers"] == ["max"]
    bad = await sandbox.cli("school", "settings", "--set", "nudge_time")
    assert bad.returncode == 1 and "--set ждёт КЛЮЧ=ЗНАЧЕНИЕ" in bad.stderr


async def test_year_start_from_the_command_line_checks_first_and_runs_once(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    created = await sandbox.cli("school", "create", "--name", "Лицей №10")
    assert created.returncode == 0, created.stderr
    early = await sandbox.cli("year", "start")
    assert early.returncode == 1 and "ещё идёт: новый можно начать после окончания уроков" in _one_line(
        early.stderr
    )
    # A year later: the school's year has ended (its dates moved back a year).
    for table in ("academic_year", "period"):
        await session.execute(
            text(
                f"UPDATE {table} SET starts_on = starts_on - interval '1 year', "
                "ends_on = ends_on - interval '1 year'"
            )
        )
    await session.execute(text("UPDATE academic_year SET name = '2025/2026'"))
    await session.commit()

    checked = await sandbox.cli("year", "start", "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert (
        "Если начать новый учебный год сейчас:" in checked.stdout and "ничего не изменено" in checked.stdout
    )
    assert "<b>" not in checked.stdout
    assert await session.scalar(select(func.count()).select_from(AcademicYear)) == 1

    started = await sandbox.cli("year", "start", "--periods", "quarter")
    assert started.returncode == 0, started.stderr
    assert "начат" in started.stdout and "4 четверти" in started.stdout
    # Last year's class still exports, with its students.
    exported = await sandbox.cli(
        "export",
        "attendance",
        "--class",
        "5А",
        "--year",
        "2025/2026",
        "--month",
        "2025-10",
        "--out",
        str(sandbox.workdir / "old.xlsx"),
    )
    assert exported.returncode == 1 and "Класса 5А нет" in _one_line(exported.stderr)  # the school had none
    unknown = await sandbox.cli("export", "attendance", "--class", "5А", "--year", "1990/1991")
    assert unknown.returncode == 1 and "Учебного года 1990/1991 в журнале нет" in _one_line(unknown.stderr)
    again = await sandbox.cli("year", "start")  # the year just started is today's, under way
    assert again.returncode == 1 and "Учебный год 2026/2027 ещё идёт" in _one_line(again.stderr)
    assert await session.scalar(select(func.count()).select_from(AcademicYear)) == 2


async def test_the_calendar_from_the_command_line(sandbox: Sandbox) -> None:
    created = await sandbox.cli("school", "create", "--name", "Лицей №11")
    assert created.returncode == 0, created.stderr
    listed = await sandbox.cli("calendar", "list")
    assert listed.returncode == 0 and "Новогодние каникулы" in listed.stdout and "<b>" not in listed.stdout
    added = await sandbox.cli("calendar", "off", "--days", "01.03-03.03", "--name", "Весенний карантин")
    assert added.returncode == 0, added.stderr
    assert "Весенний карантин" in added.stdout and "(3 дня)" in added.stdout
    wrong = await sandbox.cli("calendar", "work", "--day", "20.02", "--as", "someday")
    assert wrong.returncode == 1 and "Не понял день недели" in _one_line(wrong.stderr)


async def test_roster_with_one_bad_row_is_rejected_whole(sandbox: Sandbox, session: AsyncSession) -> None:
    assert (await sandbox.cli("school", "create", "--name", "Лицей №7")).returncode == 0
    roster = sandbox.workdir / "roster.csv"
    roster.write_text(
        "Класс;Фамилия;Имя;Отчество;Родитель 1\n"
        "6А;Лебедев;Олег;Иванович;Лебедева Ирина Олеговна\n"
        "6А;Мухина;Вера;;Мухина Алла Петровна\n"
        "6А;Носов;Иван;;Носова Ольга Ивановна\n"
        "13А;Котов;Лев;;Котова Инна Ивановна\n",
        encoding="utf-8",
    )
    result = await sandbox.cli("import", "roster", str(roster))
    assert result.returncode == 1
    assert "Файл не загружен: 1 ошибка." in result.stderr
    assert "Строка 5: непонятный класс «13А»" in result.stderr
    assert "Traceback" not in result.stderr
    for table in (Student, Guardian, SchoolClass):
        assert await session.scalar(select(func.count()).select_from(table)) == 0


async def test_templates_load_and_links_are_printed_per_parent(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    assert (await sandbox.cli("school", "create", "--name", "Лицей №7")).returncode == 0
    for kind, template in (("roster", "roster.xlsx"), ("timetable", "timetable.csv")):
        result = await sandbox.cli("import", kind, str(TEMPLATES / template))
        assert result.returncode == 0, result.stderr
    assert await session.scalar(select(func.count()).select_from(Student)) == 5
    assert (await session.scalar(select(func.count()).select_from(TimetableSlot)) or 0) > 0

    result = await sandbox.cli("invite", "--class", "5А", "--parents")
    assert result.returncode == 0, result.stderr
    links = [line for line in result.stdout.splitlines() if "?start=" in line]
    assert len(links) == 5  # three students of 5А, two of them with both parents listed
    assert links[0].startswith("5А Иванов Пётр Сергеевич — Родитель: Иванова Мария Петровна\thttps://t.me/")
    # With a MAX bot too (the sandbox has one), each line also has the MAX link of the same token.
    telegram, max_link = links[0].split("\t")[1:]
    assert max_link == telegram.replace("https://t.me/", "https://max.ru/")

    # A school that offers Telegram alone prints Telegram's links alone.
    await session.execute(update(School).values(settings={"messengers": ["telegram"]}))
    await session.commit()
    result = await sandbox.cli("invite", "--class", "5А", "--parents")
    assert all("max.ru" not in line for line in result.stdout.splitlines()), result.stdout

    result = await sandbox.cli("invite", "staff", "--name", "Никто Никто Никтович")
    assert result.returncode == 1
    assert _one_line(result.stderr) == "schoolbot: Сотрудника «Никто Никто Никтович» нет в списке."


def test_console_script_and_module_are_the_same_program() -> None:
    bin_dir = str(Path(sys.executable).parent)
    script = shutil.which("schoolbot", path=os.pathsep.join([bin_dir, os.environ.get("PATH", "")]))
    assert script is not None
    via_script = subprocess.run([script, "--help"], capture_output=True, text=True, check=True)
    via_module = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, check=True
    )
    assert via_script.stdout == via_module.stdout
    assert "import" in via_script.stdout


async def test_substitute_and_unlock_from_the_command_line(sandbox: Sandbox, session: AsyncSession) -> None:
    from models import Lesson, LessonUnlock, Staff, Substitution

    await sandbox.demo()
    args = ("--class", "5Б", "--date", "2026-11-30", "--lesson", "1")
    result = await sandbox.cli(
        "substitute", *args, "--teacher", "Морозов Игорь Владимирович", "--reason", "болезнь"
    )
    assert result.returncode == 0, result.stderr
    assert "Замена назначена — Морозов И. В." in result.stdout
    log = (await session.scalars(select(Substitution))).all()
    assert [(row.reason, row.assigned_by) for row in log] == [("болезнь", "cli")]
    lesson = await session.get(Lesson, log[0].lesson_id)
    morozov = await session.scalar(select(Staff.id).where(Staff.last_name == "Морозов"))
    assert lesson is not None
    assert lesson.substitute_teacher_id == morozov

    result = await sandbox.cli("substitute", *args, "--reason", "выздоровела")
    assert result.returncode == 1
    assert _one_line(result.stderr) == "schoolbot: Укажите --teacher (ФИО заменяющего) или --cancel."
    result = await sandbox.cli("substitute", *args, "--cancel", "--reason", "выздоровела")
    assert result.returncode == 0, result.stderr
    assert "Замена отменена" in result.stdout

    result = await sandbox.cli("unlock", *args, "--reason", "исправить посещаемость", "--days", "2")
    assert result.returncode == 0, result.stderr
    assert await session.scalar(select(func.count()).select_from(LessonUnlock)) == 1
    result = await sandbox.cli(
        "unlock", "--class", "5Б", "--date", "2026-11-30", "--lesson", "9", "--reason", "x"
    )
    assert result.returncode == 1
    assert _one_line(result.stderr).startswith("schoolbot: Урок 30.11.2026 #9 не найден")


async def test_long_and_odd_values_are_quoted_short_and_no_name_reaches_the_log(
    sandbox: Sandbox, session: AsyncSession
) -> None:
    """A 5,000-character surname and one with a bell and a right-to-left override in it: each problem
    quotes the first 40 characters, visibly; and at LOG_LEVEL=DEBUG no name from a file (refused or
    loaded) reaches a log line."""
    assert (await sandbox.cli("school", "create", "--name", "Лицей №7")).returncode == 0
    roster = sandbox.workdir / "roster.csv"
    roster.write_text(
        "Класс;Фамилия;Имя;Отчество;Родитель 1\n"
        f"6А;{'Щ' * 5000};Олег;Иванович;Лебедева Ирина Олеговна\n"
        "6А;Мух\x07ина\u202e;Вера;;Мухина Алла Петровна\n",
        encoding="utf-8",
    )
    result = await sandbox.cli("import", "roster", str(roster), LOG_LEVEL="DEBUG")
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("Строка")]
    assert problems[0].startswith(f"Строка 2: «{'Щ' * 40}…» в поле «Фамилия» длиннее 100 знаков"), problems
    assert problems[1].startswith("Строка 3: «Мух�ина� Вера» в поле «Фамилия»"), problems
    assert "{???}" not in result.stderr and "\x07" not in result.stderr and "\u202e" not in result.stderr
    log_lines = [line for line in result.stderr.splitlines() if " DEBUG " in line or " ERROR " in line]
    assert not any("Щ" in line or "Мух" in line for line in log_lines), log_lines

    roster.write_text(
        "Класс;Фамилия;Имя;Отчество;Родитель 1\n6А;Лебедев;Олег;Иванович;Лебедева Ирина Олеговна\n",
        encoding="utf-8",
    )
    result = await sandbox.cli("import", "roster", str(roster), LOG_LEVEL="DEBUG")
    assert result.returncode == 0, result.stderr
    assert " DEBUG " in result.stderr  # the log speaks at DEBUG, but of no one
    assert "Лебед" not in result.stderr and "Олег" not in result.stderr
    assert await session.scalar(select(func.count()).select_from(Student)) == 1
