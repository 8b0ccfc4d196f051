"""The sandbox in a browser: `schoolbot sandbox --fresh` as a user starts it, and Debian's Chromium,
driven by Playwright, clicking through the page as a visitor would.

A teacher marks a student absent and gives him a mark by pressing the bot's buttons on the page; the
student's mother, listed on the left, sees her badge rise and finds both notices in her chat. Each step
is photographed into test-artifacts/sandbox-browser/. Also: the clock runs the weekly absence summary
now, the parent left unjoined joins through his link, and Ctrl-C stops everything it started.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Locator, Page, async_playwright, expect

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "sandbox-browser"
START_TIMEOUT = 240.0
SCHEDULER_SETTLE_SECONDS = 5.0
STEP_TIMEOUT_MS = 20_000
# Chromium as root in a container, with nothing reaching for the network at start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# One sandbox serves the module's tests in order (the last one stops it): they stay on one worker.
pytestmark = pytest.mark.xdist_group("sandbox_browser")

BROWSER_PACKAGES = ("chromium", "fonts-noto-color-emoji")  # the fonts: emoji in the screenshots


def chromium() -> str:
    """Debian's Chromium, installed on first need where apt-get may be used (as root or with sudo
    that asks no password), so the README's test command includes this test on a fresh machine.
    Elsewhere the test is skipped, saying what to install; with REQUIRE_BROWSER=1 (CI) it fails."""
    if shutil.which(CHROMIUM) is None:
        _install_browser()
    if shutil.which(CHROMIUM) is not None:
        return CHROMIUM
    missing = f"no Chromium at {CHROMIUM}: install Debian's `chromium` package (or set CHROMIUM)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(missing)
    pytest.skip(missing)


def _install_browser() -> None:
    if shutil.which("apt-get") is None:
        return
    sudo: list[str] = []
    if os.geteuid() != 0:
        if shutil.which("sudo") is None or subprocess.run(["sudo", "-n", "true"], check=False).returncode:
            return
        sudo = ["sudo", "-n"]
    print(f"installing {', '.join(BROWSER_PACKAGES)} with apt-get for the browser test", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["update", "-qq"], ["install", "-y", "-qq", *BROWSER_PACKAGES]):
        subprocess.run(
            [*sudo, "apt-get", *command], env=env, stdout=subprocess.DEVNULL, check=False, timeout=900
        )


@dataclass
class RunningSandbox:
    address: str
    process: asyncio.subprocess.Process
    data_dir: Path
    output: list[str]


@pytest_asyncio.fixture(scope="module")
async def running(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningSandbox]:
    workdir = tmp_path_factory.mktemp("sandbox")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_", "REDIS_"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "sandbox",
        "--fresh",
        "--port",
        "0",
        "--data",
        str(workdir / "data"),
        cwd=workdir,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output: list[str] = []
    address = await _address(process, output)
    drain = asyncio.create_task(_drain(process, output))
    # The jobs due at this hour (a nudge at 17:00, the event reminders at 18:00) reach the people on
    # the scheduler's first ticks after they joined: let those come before a test presses anything.
    await asyncio.sleep(SCHEDULER_SETTLE_SECONDS)
    sandbox = RunningSandbox(address, process, workdir / "data", output)
    try:
        yield sandbox
    finally:
        if process.returncode is None:  # a test failed before the one that stops it
            process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(process.wait(), 60)
            except TimeoutError:
                process.kill()
                await process.wait()
        await drain


async def _address(process: asyncio.subprocess.Process, output: list[str]) -> str:
    """The page's address, from the line the sandbox prints once everything is up."""
    assert process.stdout is not None
    deadline = asyncio.get_running_loop().time() + START_TIMEOUT
    while True:
        remaining = deadline - asyncio.get_running_loop().time()
        try:
            line = await asyncio.wait_for(process.stdout.readline(), max(remaining, 0.1))
        except TimeoutError:
            pytest.fail("the sandbox did not come up:\n" + "".join(output))
        if not line:
            pytest.fail("the sandbox stopped:\n" + "".join(output))
        output.append(line.decode(errors="replace"))
        found = re.search(r"http://127\.0\.0\.1:\d+", output[-1])
        if found:
            return found.group(0)


async def _drain(process: asyncio.subprocess.Process, output: list[str]) -> None:
    assert process.stdout is not None
    async for line in process.stdout:
        output.append(line.decode(errors="replace"))


@pytest_asyncio.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    executable = chromium()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@pytest_asyncio.fixture
async def page(browser: Browser, running: RunningSandbox) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 860}, locale="ru-RU")
    opened = await context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.set_default_timeout(STEP_TIMEOUT_MS)
    await opened.goto(running.address)
    await expect(opened.locator("[data-person=teacher]")).to_be_visible()
    yield opened
    await context.close()
    assert not errors, f"the page's script failed: {errors}"


class Shots:
    """Screenshots of a test's steps, numbered, in a folder named after the test."""

    def __init__(self, page: Page, test_name: str) -> None:
        self.page, self.folder, self.count = page, SCREENSHOTS / test_name, 0
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)

    async def take(self, step: str) -> None:
        self.count += 1
        await self.page.screenshot(path=self.folder / f"{self.count:02d}-{step}.png")


def last_bot_message(page: Page) -> Locator:
    return page.locator(".msg:not(.mine)").last


async def say(page: Page, text: str) -> None:
    """Type and send, then wait for the bot's answer to be the chat's newest message."""
    answered = page.locator(".msg:not(.mine)")
    before = await answered.count()
    await page.locator("#text").fill(text)
    await page.locator("#text").press("Enter")
    await expect(answered).not_to_have_count(before)


async def press(page: Page, label: str, *, exact: bool = True) -> None:
    """Press a button of the newest bot message, as the person would."""
    buttons = last_bot_message(page).locator(".kb")
    target = buttons.filter(has_text=re.compile(f"^{re.escape(label)}$" if exact else re.escape(label)))
    await target.first.click()


async def people(page: Page) -> dict[str, Any]:
    data: dict[str, Any] = await page.evaluate("fetch('/ui/people').then(reply => reply.json())")
    return {person["key"]: person for person in data["people"]}


async def open_lessons_with(page: Page, class_label: str) -> Locator:
    """The teacher's day with a lesson in the class: today, or (a weekend) the last day that has one."""
    await press(page, "📋 Уроки сегодня")
    for _ in range(7):
        await expect(last_bot_message(page)).to_contain_text("Уроки ·")
        rows = last_bot_message(page).locator(".row").filter(has_text=f"· {class_label}")
        if await rows.count():
            return rows.first
        title = await last_bot_message(page).locator(".text").inner_text()
        await press(page, "◀")
        await expect(last_bot_message(page).locator(".text")).not_to_have_text(title)
    pytest.fail(f"no lesson in {class_label} within a week")


async def test_a_teacher_marks_a_student_absent_and_gives_a_mark_and_the_mother_sees_both(
    page: Page,
) -> None:
    shots = Shots(page, "teacher_to_parent")
    await shots.take("people")
    cast = await people(page)
    child = cast["parent"]["children"][0]
    surname = child.split()[0]

    await page.click("[data-person=teacher]")
    # Her menu, fresh: at some hours the day's reminders came in after the one she opened with.
    await say(page, "/menu")
    await expect(last_bot_message(page)).to_contain_text("Выберите раздел")
    row = await open_lessons_with(page, "5Б")
    await shots.take("lessons")

    await row.locator(".kb", has_text="Посещ").click()
    await expect(last_bot_message(page)).to_contain_text("Нажмите на ученика")
    student = last_bot_message(page).locator(".kb", has_text=surname)
    for _ in range(3):  # present → Н; a student the past weeks left late or absent cycles round
        label = await student.inner_text()
        if label.startswith("Н ·"):
            break
        await student.click()
        await expect(student).not_to_have_text(label)
    await expect(student).to_have_text(re.compile(r"^Н · "))
    await shots.take("attendance")

    await press(page, "◀ К уроку")
    await press(page, "⭐ Оценки")
    await expect(last_bot_message(page)).to_contain_text("Нажмите на ученика, затем на оценку")
    await last_bot_message(page).locator(".kb", has_text=surname).click()
    await expect(last_bot_message(page)).to_contain_text("оценка")
    await press(page, "5")
    await expect(page.locator("#toast")).to_contain_text(f"{surname}")
    await shots.take("mark")

    # Live: the mother's badge rises while the teacher's chat is open.
    mother = page.locator("[data-person=parent]")
    await expect(mother.locator(".badge")).to_have_text(re.compile(r"^([2-9]|\d\d+)$"))
    await shots.take("badge")
    await mother.click()
    chat = page.locator("#messages")
    await expect(chat).to_contain_text("🚫 Пропуск")
    await expect(chat).to_contain_text(re.compile(r"🆕 [^\n]+: 5 — "))
    await expect(chat).to_contain_text(child)
    await expect(mother.locator(".badge")).to_be_hidden()
    await shots.take("parent")


async def test_the_clock_sends_the_weekly_absence_summary_now(page: Page) -> None:
    shots = Shots(page, "clock")
    class_teacher = page.locator("[data-person=class_teacher]")
    await page.click("#clock-open")
    await page.click("[data-job=absence_summary]")
    await expect(page.locator("#clock-result")).to_contain_text(re.compile(r"Отправлено: \d+"))
    await shots.take("clock")
    await page.click("#clock-close")
    await expect(class_teacher.locator(".badge")).to_be_visible()
    await class_teacher.click()
    await expect(last_bot_message(page)).to_contain_text("5Б")
    await expect(last_bot_message(page).locator(".kb", has_text="XLSX")).to_be_visible()
    await shots.take("summary")
    await last_bot_message(page).locator(".kb", has_text="XLSX").click()
    document = page.locator(".doc").last
    await expect(document).to_contain_text(".xlsx")
    async with page.expect_download() as download_info:
        await document.click()
    download = await download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = SCREENSHOTS / "clock" / download.suggested_filename
    await download.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"  # an XLSX is a zip
    await shots.take("document")


async def test_the_school_s_events_and_their_reminder_the_day_before(page: Page) -> None:
    shots = Shots(page, "events")
    mother = page.locator("[data-person=parent]")
    await mother.click()
    await say(page, "/menu")
    await press(page, "📰 Новости и события")
    await press(page, "📅 События")
    await expect(last_bot_message(page)).to_contain_text("Осенний концерт")
    await press(page, "Осенний концерт")
    await expect(last_bot_message(page)).to_contain_text("📍 Актовый зал")
    await press(page, "📅 Добавить в календарь")
    await expect(page.locator(".doc").last).to_contain_text(".ics")
    await shots.take("event")

    await page.click("[data-person=deputy]")
    await page.click("#clock-open")
    await page.click("[data-job=event_reminder]")
    await expect(page.locator("#clock-result")).to_contain_text(re.compile(r"Отправлено: \d+"))
    await page.click("#clock-close")
    await expect(mother.locator(".badge")).to_be_visible()
    await mother.click()
    await expect(last_bot_message(page)).to_contain_text("⏰ Завтра")
    await shots.take("reminder")


async def test_the_parent_left_unjoined_joins_through_his_link(page: Page) -> None:
    shots = Shots(page, "onboarding")
    newcomer = page.locator("[data-person=parent_new]")
    await expect(newcomer).to_contain_text("ещё не подключён")
    await newcomer.click()
    await expect(page.locator("#join-bar")).to_contain_text("https://t.me/")
    await shots.take("not_joined")
    await page.click("#join")
    await expect(last_bot_message(page)).to_contain_text("Согласие на обработку персональных данных")
    await press(page, "✅ Даю согласие")
    await expect(page.locator("#messages")).to_contain_text("Вы подключены как родитель")
    await expect(page.locator("#join-bar")).to_be_hidden()
    await shots.take("joined")

    # He moves to MAX: a fresh link opened there, consent again, and his chat is the MAX one.
    await expect(newcomer.locator(".messenger")).to_have_text("TG")
    await page.click("#switch")
    await expect(newcomer.locator(".messenger")).to_have_text("MAX")
    await expect(page.locator("#chat-name .messenger")).to_have_text("MAX")
    await expect(page.locator("#messages")).to_contain_text("Вы подключены как родитель")
    moved = (await people(page))["parent_new"]
    assert moved["messenger"] == "max" and moved["user_id"] < 0 and moved["joined"]
    await shots.take("moved_to_max")


async def test_a_mother_in_max_reads_her_children_s_marks(page: Page) -> None:
    """The demo school is a school of both messengers: one mother joined in MAX from the start."""
    shots = Shots(page, "max_mother")
    mother = page.locator("[data-person=parent_two_children]")
    await expect(mother.locator(".messenger")).to_have_text("MAX")
    await mother.click()
    await page.locator("#text").fill("/marks")
    await page.locator("#text").press("Enter")
    await expect(last_bot_message(page)).to_contain_text("📊")
    await press(page, "👥 Другой ребёнок")
    await expect(last_bot_message(page).locator(".kb").first).to_be_visible()
    await shots.take("marks")


async def test_on_a_phone_the_list_and_the_chat_take_the_screen_in_turn(
    browser: Browser, running: RunningSandbox
) -> None:
    context = await browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    phone = await context.new_page()
    phone.set_default_timeout(STEP_TIMEOUT_MS)
    shots = Shots(phone, "phone")
    await phone.goto(running.address)
    student = phone.locator("[data-person=student]")
    await expect(student).to_be_visible()
    await expect(phone.locator("#chat")).to_be_hidden()
    await shots.take("people")
    await student.tap()
    await expect(phone.locator("#sidebar")).to_be_hidden()
    await expect(last_bot_message(phone)).to_be_visible()
    await phone.locator("#text").fill("/start")
    await phone.locator("#text").press("Enter")
    await expect(last_bot_message(phone)).to_contain_text("Выберите раздел")
    await press(phone, "📊 Оценки")
    await press(phone, "📈 График")
    chart = last_bot_message(phone).locator("img")
    await expect(chart).to_be_visible()  # the chart, inline, as Telegram shows a photo
    assert await chart.evaluate("image => image.naturalWidth") > 100
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the chat is wider than the phone: {width}px"
    await shots.take("chat")
    await phone.locator("#back").tap()
    await expect(student).to_be_visible()
    await context.close()


async def test_ctrl_c_stops_the_bot_and_the_database(running: RunningSandbox) -> None:
    # Last in this module: it stops the sandbox the others used.
    running.process.send_signal(signal.SIGINT)
    assert await asyncio.wait_for(running.process.wait(), 60) == 0, "".join(running.output)
    assert not (running.data_dir / "pg" / "postmaster.pid").exists(), "PostgreSQL was left running"
    log = (running.data_dir / "bot.log").read_text()
    assert "Start polling" in log
    assert "Traceback" not in log, log
