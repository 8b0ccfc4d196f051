"""Settings of the running program, read once at start from the environment and `.env`.

Every key is documented in `.env.example`. A bad value stops the program with one line that names the
key (see `SettingsError` and `describe_validation_error`), never with a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_TOKEN_SHAPE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{10,}$")
_USERNAME_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
_PG_SCHEMES = ("postgresql", "postgres", "postgresql+asyncpg")


class SettingsError(Exception):
    """A setting is missing or wrong; the message is one line that names the key."""


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
    database_url: str | None = None
    pg_data_dir: Path = Path("./var/pg")
    redis_url: str | None = None
    default_locale: Literal["ru", "en"] = "ru"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    invite_ttl_days: int = Field(default=14, ge=1, le=365)
    bad_token_limit_per_hour: int = Field(default=10, ge=1, le=1000)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not _TOKEN_SHAPE.match(value.get_secret_value()):
            raise ValueError("does not look like a token from @BotFather (digits:letters)")
        return value

    @field_validator("bot_username")
    @classmethod
    def _username_shape(cls, value: str | None) -> str | None:
        if not value:
            return None
        value = value.removeprefix("@")
        if not _USERNAME_SHAPE.match(value):
            raise ValueError("must be the bot's @username, letters, digits and _ only")
        return value

    @field_validator("bot_api_url")
    @classmethod
    def _api_url_shape(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be an http(s):// address of a Bot API server")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _database_url_shape(cls, value: str | None) -> str | None:
        if not value:
            return None
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in _PG_SCHEMES:
            raise ValueError("must start with postgresql:// (PostgreSQL is the only database supported)")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url_shape(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://")
        return value

    def require_token(self) -> str:
        if self.bot_token is None:
            raise SettingsError(
                "BOT_TOKEN: missing — get a token from @BotFather and put it in .env or the environment"
            )
        return self.bot_token.get_secret_value()


def describe_validation_error(error: ValidationError) -> str:
    """One line per the first broken key, named the way the user writes it in .env."""
    first = error.errors()[0]
    key = str(first["loc"][0]).upper() if first["loc"] else "SETTINGS"
    message = str(first["msg"]).removeprefix("Value error, ")
    value = first.get("input")
    shown = "" if value is None or "TOKEN" in key else f" (got {value!r})"
    return f"{key}: {message}{shown}"


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError(describe_validation_error(error)) from None
