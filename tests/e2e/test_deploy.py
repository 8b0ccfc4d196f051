"""The deployment kit cannot rot: deploy/install.sh (what the Dockerfile runs) installs the bot from a
wheel into a fresh folder, migrates its database, and the installed program serves; the Dockerfile,
compose.yaml, the systemd units and the Grafana dashboard name what the program really has."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path

import aiohttp
import yaml

from bot.metrics import Metrics
from tests.e2e.conftest import TOKEN, Sandbox, free_port

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


async def test_install_sh_gives_a_working_bot(sandbox: Sandbox, tmp_path: Path) -> None:
    prefix = tmp_path / "opt-schoolbot"
    installed = await asyncio.to_thread(
        subprocess.run,
        ["bash", str(DEPLOY / "install.sh"), str(prefix)],
        capture_output=True, text=True, timeout=600, env={"PATH": "/usr/bin:/bin", "PYTHON": sys.executable},
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-2000:]
    assert "База данных в актуальном состоянии." in installed.stdout
    assert (prefix / ".env").read_text() == (ROOT / ".env.example").read_text()
    schoolbot = prefix / "venv" / "bin" / "schoolbot"

    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "BOT_TOKEN": TOKEN, "BOT_API_URL": sandbox.url, "RUN_SCHEDULER": "false",
           "METRICS_LISTEN": f"127.0.0.1:{port}"}  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        str(schoolbot), "run", cwd=prefix, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        ready = False
        for _ in range(150):
            try:
                async with (
                    aiohttp.ClientSession() as http,
                    http.get(f"http://127.0.0.1:{port}/readyz") as reply,
                ):
                    ready = reply.status == 200
            except aiohttp.ClientError:
                pass
            if ready:
                break
            await asyncio.sleep(0.2)
        assert ready, "the installed bot did not become ready"
        user = await sandbox.users.user("Гость")
        screen = await user.send("/start")
        assert screen.text  # the installed package has its texts (locales) and its migrations
    finally:
        process.terminate()
        await process.wait()


def test_the_image_is_built_by_install_sh_and_checks_its_health() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "bash deploy/install.sh /opt/schoolbot" in dockerfile
    assert re.search(r"^FROM python:3\.11-slim AS build$", dockerfile, re.M)
    assert re.search(r"^USER schoolbot$", dockerfile, re.M)
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile


def test_compose_runs_the_whole_shape() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "migrate", "bot1", "bot2", "worker", "caddy"} <= set(services)
    assert services["postgres"]["image"] == "postgres:16"
    for name in ("bot1", "bot2"):
        assert services[name]["environment"]["WEBHOOK_URL"].endswith("/telegram/hook")
        assert services[name]["environment"]["MAX_WEBHOOK_URL"].endswith("/max/hook")
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["worker"]["environment"]["BACKUP_DIR"] == "/backups"
    assert "schoolbot migrate" in services["migrate"]["command"][0]
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    assert "reverse_proxy bot1:8081 bot2:8081" in caddyfile
    assert "@updates path /telegram/hook /max/hook" in caddyfile  # both messengers' updates reach the bots
    settings = {
        line.split("=", 1)[0] for line in (ROOT / ".env.example").read_text().splitlines() if "=" in line
    }
    for name in ("bot1", "worker"):
        assert set(services[name]["environment"]) <= settings | {"APP_DB_PASSWORD"}


def test_the_systemd_units_run_what_install_sh_installs() -> None:
    for unit in ("schoolbot.service", "schoolbot-worker.service", "schoolbot-backup.service"):
        text = (DEPLOY / "systemd" / unit).read_text()
        assert re.search(r"^ExecStart=/opt/schoolbot/venv/bin/schoolbot (run|worker|backup)", text, re.M), (
            unit
        )
        assert "User=schoolbot" in text
    assert "OnCalendar=*-*-* 02:30:00" in (DEPLOY / "systemd" / "schoolbot-backup.timer").read_text()


def test_the_dashboard_shows_only_metrics_the_bot_has() -> None:
    dashboard = json.loads((DEPLOY / "grafana-dashboard.json").read_text())
    used = {
        name
        for panel in dashboard["panels"]
        for target in panel["targets"]
        for name in re.findall(r"schoolbot_\w+", target["expr"])
    }
    families = {family.name for family in Metrics().registry.collect()}
    known = {f"{name}{suffix}" for name in families for suffix in ("", "_total", "_bucket", "_count", "_sum")}
    assert used and used <= known, used - known
