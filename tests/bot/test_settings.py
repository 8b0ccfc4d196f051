"""Settings: every key read from the environment, bad values named in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.i18n import Catalog
from bot.settings import Settings, SettingsError, load_settings

KEYS = (
    "BOT_TOKEN",
    "BOT_USERNAME",
    "BOT_API_URL",
    "MAX_BOT_TOKEN",
    "MAX_API_URL",
    "MAX_CA_BUNDLE",
    "MAX_BOT_USERNAME",
    "MAX_WEBHOOK_URL",
    "MAX_WEBHOOK_SECRET",
    "TELEGRAM_PROXY",
    "TELEGRAM_CA_BUNDLE",
    "DATABASE_URL",
    "DATABASE_OWNER_URL",
    "PG_DATA_DIR",
    "REDIS_URL",
    "DEFAULT_LOCALE",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "METRICS_LISTEN",
    "WEBHOOK_URL",
    "WEBHOOK_LISTEN",
    "WEBHOOK_SECRET",
    "WEBHOOK_MAX_CONNECTIONS",
    "INVITE_TTL_DAYS",
    "BAD_TOKEN_LIMIT_PER_HOUR",
    "BAD_TOKEN_LIMIT_PER_MINUTE",
    "BACKUP_DIR",
    "BACKUP_KEEP_DAILY",
    "BACKUP_KEEP_MONTHLY",
    "SEND_RATE_PER_SECOND",
    "ALLOW_PAID_BROADCAST",
    "RUN_SENDER",
    "DELIVERY_LEASE_SECONDS",
    "DELIVERY_MAX_ATTEMPTS",
    "DELIVERY_POLL_SECONDS",
    "RUN_SCHEDULER",
    "SCHEDULER_TICK_SECONDS",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # no developer's .env


def test_every_setting_is_documented_in_env_example() -> None:
    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text(encoding="utf-8")
    documented = {
        line.split("=", 1)[0] for line in example.splitlines() if "=" in line and not line.startswith("#")
    }
    assert documented == {field.upper() for field in Settings.model_fields}
    assert documented == set(KEYS)
    lines = example.splitlines()
    for index, line in enumerate(lines):
        if "=" in line and not line.startswith("#"):
            assert lines[index - 1].startswith("# "), f"{line} has no comment above it"


def test_defaults_need_nothing_but_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.bot_token is None
    assert settings.database_url is None
    assert settings.pg_data_dir == Path("var/pg")
    assert settings.default_locale == "ru"
    assert settings.invite_ttl_days == 14
    with pytest.raises(SettingsError) as error:
        settings.require_token()
    assert error.value.render(Catalog().translator("ru")).startswith("BOT_TOKEN: не задан — получите токен")


def test_dotenv_file_is_read_and_empty_values_count_as_unset(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("BOT_TOKEN=123:abcdefghijklmnop\nBOT_API_URL=\nINVITE_TTL_DAYS=30\n")
    settings = load_settings()
    assert settings.require_token() == "123:abcdefghijklmnop"
    assert settings.bot_api_url is None
    assert settings.invite_ttl_days == 30


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("BOT_TOKEN", "not-a-token", "BOT_TOKEN: не похож на токен от @BotFather"),
        ("DATABASE_URL", "mysql://root:secret@db/x", "DATABASE_URL: должен начинаться с postgresql://"),
        ("BOT_API_URL", "ftp://x", "BOT_API_URL: должен быть адресом сервера Bot API"),
        ("DEFAULT_LOCALE", "de", "DEFAULT_LOCALE: допустимые значения: ru, en (сейчас «de»)"),
        ("INVITE_TTL_DAYS", "zero", "INVITE_TTL_DAYS: должно быть целым числом (сейчас «zero»)"),
        ("INVITE_TTL_DAYS", "0", "INVITE_TTL_DAYS: должно быть не меньше 1 (сейчас «0»)"),
        ("BOT_USERNAME", "@x", "BOT_USERNAME: должен быть @username бота"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL: должен начинаться с redis://"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_key(
    monkeypatch: pytest.MonkeyPatch, key: str, value: str, message: str
) -> None:
    monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    text = error.value.render(Catalog().translator("ru"))
    assert text.startswith(message)
    assert "\n" not in text
    if key.endswith(("TOKEN", "_URL")):
        assert value not in text  # a token or a URL with a password is never echoed back
    english = error.value.render(Catalog().translator("en"))
    assert english.startswith(f"{key}: ")
    assert english != text


def test_urls_are_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_API_URL", "http://127.0.0.1:8081/")
    monkeypatch.setenv("BOT_USERNAME", "@lyceum_bot")
    settings = load_settings()
    assert settings.bot_api_url == "http://127.0.0.1:8081"
    assert settings.bot_username == "lyceum_bot"
