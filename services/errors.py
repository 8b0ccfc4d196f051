"""Refusals a use case gives. Each has a code that handlers turn into a translated message."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A use case refused; nothing was written. `code` names the i18n key `error-<code>`."""

    code = "generic"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(f"{self.code}: {params}" if params else self.code)


class AccessDenied(ServiceError):
    """The user may not do this, or the id does not exist: the two look the same on purpose."""

    code = "access-denied"


class InvalidInput(ServiceError):
    code = "invalid-input"
