"""Settings of the running program, read once at start from the environment and `.env`.

Every key is documented in `.env.example`. A bad value stops the program with one line that names the
key (see `SettingsError` and `describe_validation_error`), never with a traceback.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

_TOKEN_SHAPE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{10,}$")
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_MAX_USERNAME_SHAPE = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
_MAX_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{5,256}$")  # MAX asks for at least 5
_USERNAME_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
_PG_SCHEMES = ("postgresql", "postgres", "postgresql+asyncpg")


class SettingsError(Exception):
    """A setting is missing or wrong. Shown as one line that names the key, in the user's language:
    "BOT_TOKEN: " + the text of i18n key `settings-<code>`."""

    def __init__(self, key: str, code: str, **params: object) -> None:
        self.key = key
        self.code = code
        self.params = params
        super().__init__(f"{key}: {code} {params}" if params else f"{key}: {code}")

    def render(self, t: Callable[..., str]) -> str:
        text = t(f"settings-{self.code}", **self.params)
        value = self.params.get("value")
        # Tokens and connection URLs may carry secrets: they are never echoed back.
        if value is not None and not self.key.endswith(("TOKEN", "_URL")):
            text += " " + t("settings-got", value=str(value))
        return f"{self.key}: {text}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_ignore_empty=True,
    )

    bot_token: SecretStr | None = None
    bot_username: str | None = None
    bot_api_url: str | None = None
    # Telegram through a proxy (http://, socks5://; user:password@ allowed), for the bot and the sender.
    telegram_proxy: str | None = None
    telegram_ca_bundle: Path | None = None  # a PEM file of CAs to trust (a corporate TLS-inspecting proxy)
    database_url: str | None = None
    database_owner_url: str | None = None
    pg_data_dir: Path = Path("./var/pg")
    redis_url: str | None = None
    default_locale: Literal["ru", "en"] = "ru"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    metrics_listen: str | None = None
    # Webhook mode (bot/webhook.py): Telegram POSTs updates here instead of being polled.
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1:8081"
    webhook_secret: SecretStr | None = None
    webhook_max_connections: int = Field(default=40, ge=1, le=100)
    # MAX, the second messenger (bot/max/, docs/max.md): its bot's token from business.max.ru.
    max_bot_token: SecretStr | None = None
    max_api_url: str = "https://platform-api2.max.ru"
    # The MAX bot's username, for invite links (max.ru/<it>?start=…); unset: asked from MAX.
    max_bot_username: str | None = None
    # A PEM file of CAs to trust for MAX besides the system's: the Russian Ministry of Digital
    # Development's root CA (MAX's host is certified by it; most systems do not carry it).
    max_ca_bundle: Path | None = None
    # MAX's webhook (bot/max/webhook.py), served on WEBHOOK_LISTEN; unset: MAX is long-polled.
    max_webhook_url: str | None = None
    max_webhook_secret: SecretStr | None = None
    invite_ttl_days: int = Field(default=14, ge=1, le=365)
    bad_token_limit_per_hour: int = Field(default=10, ge=1, le=1000)
    bad_token_limit_per_minute: int = Field(default=60, ge=1, le=100_000)
    # Delivery (bot/delivery): the outbox sender.
    send_rate_per_second: int = Field(default=30, ge=0, le=1000)
    allow_paid_broadcast: bool = False
    run_sender: bool = True
    delivery_lease_seconds: int = Field(default=60, ge=5, le=3600)
    delivery_max_attempts: int = Field(default=8, ge=1, le=100)
    delivery_poll_seconds: float = Field(default=5.0, ge=0.1, le=300)
    # Backups (bot/backup.py): the nightly dump's folder (unset: no nightly dump) and how many to keep.
    backup_dir: Path | None = None
    backup_keep_daily: int = Field(default=14, ge=1, le=3650)
    backup_keep_monthly: int = Field(default=12, ge=0, le=1200)
    # Scheduled jobs (scheduler/): nudges, summaries, reminders.
    run_scheduler: bool = True
    scheduler_tick_seconds: float = Field(default=30.0, ge=0.1, le=600)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not _TOKEN_SHAPE.match(value.get_secret_value()):
            raise PydanticCustomError("bad-token", "does not look like a token from @BotFather")
        return value

    @field_validator("max_bot_username")
    @classmethod
    def _max_username_shape(cls, value: str | None) -> str | None:
        if not value:
            return None
        value = value.removeprefix("@")
        if not _MAX_USERNAME_SHAPE.match(value):
            raise PydanticCustomError("bad-username", "must be the bot's @username")
        return value

    @field_validator("bot_username")
    @classmethod
    def _username_shape(cls, value: str | None) -> str | None:
        if not value:
            return None
        value = value.removeprefix("@")
        if not _USERNAME_SHAPE.match(value):
            raise PydanticCustomError("bad-username", "must be the bot's @username")
        return value

    @field_validator("bot_api_url", "max_api_url")
    @classmethod
    def _api_url_shape(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PydanticCustomError("bad-api-url", "must be an http(s):// address")
        return value.rstrip("/")

    @field_validator("database_url", "database_owner_url")
    @classmethod
    def _database_url_shape(cls, value: str | None) -> str | None:
        if not value:
            return None
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in _PG_SCHEMES:
            raise PydanticCustomError("bad-database-url", "must start with postgresql://")
        return value

    @field_validator("webhook_url", "max_webhook_url")
    @classmethod
    def _webhook_url_shape(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            code = "bad-max-webhook-url" if info.field_name == "max_webhook_url" else "bad-webhook-url"
            raise PydanticCustomError(code, "must be the https:// address the messenger will call")
        return value

    @field_validator("max_webhook_secret")
    @classmethod
    def _max_webhook_secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not _MAX_SECRET_SHAPE.match(value.get_secret_value()):
            raise PydanticCustomError("bad-max-webhook-secret", "5 to 256 of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not _SECRET_SHAPE.match(value.get_secret_value()):
            raise PydanticCustomError("bad-webhook-secret", "1 to 256 of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("metrics_listen", "webhook_listen")
    @classmethod
    def _listen_shape(cls, value: str | None) -> str | None:
        if not value:
            return None
        _, colon, port = value.rpartition(":")
        if not colon or not port.isdigit() or not 0 < int(port) < 65536:
            raise PydanticCustomError("bad-listen", "must be host:port, e.g. 127.0.0.1:9108")
        return value

    @field_validator("telegram_proxy")
    @classmethod
    def _proxy_shape(cls, value: str | None) -> str | None:
        if not value:
            return None
        if (
            not value.startswith(("http://", "https://", "socks4://", "socks5://"))
            or not urlsplit(value).port
        ):
            raise PydanticCustomError("bad-proxy", "must be http://host:port or socks5://host:port")
        return value

    @field_validator("telegram_ca_bundle", "max_ca_bundle")
    @classmethod
    def _ca_bundle_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise PydanticCustomError("no-ca-bundle", "no such file")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url_shape(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise PydanticCustomError("bad-redis-url", "must start with redis://")
        return value

    @property
    def effective_send_rate(self) -> int:
        """Messages a second this sender may send: the setting, where paid broadcasts lift
        Telegram's 30 a second; 0 means no pace at all (a local server, a benchmark)."""
        if self.send_rate_per_second == 0:
            return 0
        return self.send_rate_per_second if self.allow_paid_broadcast else min(self.send_rate_per_second, 30)

    def require_webhook_secret(self) -> str:
        """Webhook mode takes no update without the secret Telegram sends back with each."""
        if self.webhook_secret is None:
            raise SettingsError("WEBHOOK_SECRET", "missing-webhook-secret")
        return self.webhook_secret.get_secret_value()

    def max_ssl(self) -> ssl.SSLContext | None:
        """The TLS trust for MAX: the system's, plus MAX_CA_BUNDLE when set (None: aiohttp's default)."""
        if self.max_ca_bundle is None:
            return None
        context = ssl.create_default_context()
        context.load_verify_locations(cafile=str(self.max_ca_bundle))
        return context

    def require_max_webhook_secret(self) -> str:
        """MAX's webhook takes no update without the secret MAX sends back with each."""
        if self.max_webhook_secret is None:
            raise SettingsError("MAX_WEBHOOK_SECRET", "missing-max-webhook-secret")
        return self.max_webhook_secret.get_secret_value()

    def require_a_messenger(self) -> None:
        """A bot to serve: Telegram's (BOT_TOKEN), MAX's (MAX_BOT_TOKEN) or both."""
        if self.bot_token is None and self.max_bot_token is None:
            raise SettingsError("BOT_TOKEN", "missing-token")

    def require_token(self) -> str:
        if self.bot_token is None:
            raise SettingsError("BOT_TOKEN", "missing-token")
        return self.bot_token.get_secret_value()


# pydantic's own error types, as our i18n codes, with the context value each text needs.
_PYDANTIC_CODES = {
    "int_parsing": ("not-integer", None),
    "greater_than_equal": ("too-small", "ge"),
    "less_than_equal": ("too-big", "le"),
    "literal_error": ("one-of", "expected"),
}


def describe_validation_error(error: ValidationError) -> SettingsError:
    """The first broken key, named the way the user writes it in .env."""
    first = error.errors()[0]
    key = str(first["loc"][0]).upper() if first["loc"] else "SETTINGS"
    code, context_key = _PYDANTIC_CODES.get(first["type"], (first["type"], None))
    params: dict[str, object] = {}
    if context_key is not None:
        # pydantic says "'ru' or 'en'"; the user reads "ru, en".
        expected = str(first.get("ctx", {})[context_key]).replace("'", "").replace(" or ", ", ")
        params["limit" if context_key in ("ge", "le") else context_key] = expected
    if not isinstance(first.get("input"), dict) and first.get("input") is not None:
        params["value"] = first["input"]
    return SettingsError(key, code, **params)


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        raise describe_validation_error(error) from None
