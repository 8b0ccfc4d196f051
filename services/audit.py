"""Who acts, and the append-only audit trail they leave. A database trigger refuses updates and
deletes on audit_log, so no code path can rewrite history."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services import trail
from services.users import UserContext


class ActorKind(enum.Enum):
    TELEGRAM = "telegram"  # a person in the bot: every action is checked against his roles
    OPERATOR = "operator"  # the command line on the server: whoever runs it already holds the data
    SCHEDULER = "scheduler"  # a scheduled job acting for the school


@dataclass(frozen=True)
class Actor:
    """Who acts: a Telegram account (with the roles loaded for this update), the CLI or a job."""

    kind: ActorKind
    label: str
    tg_user_id: int | None = None
    context: UserContext | None = None

    @classmethod
    def of(cls, context: UserContext) -> Actor:
        return cls(ActorKind.TELEGRAM, f"tg:{context.tg_user_id}", context.tg_user_id, context)

    @classmethod
    def account(cls, tg_user_id: int) -> Actor:
        """An account acting on itself only (joining through a link), with no roles to check."""
        return cls(ActorKind.TELEGRAM, f"tg:{tg_user_id}", tg_user_id)

    @property
    def is_operator(self) -> bool:
        return self.kind == ActorKind.OPERATOR


CLI = Actor(ActorKind.OPERATOR, "cli")
SCHEDULER = Actor(ActorKind.SCHEDULER, "scheduler")


async def record(
    session: AsyncSession,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | str,
    *,
    school_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Write one audit row now, in the caller's transaction."""
    await record_many(
        session, [row(actor, action, entity, entity_id, school_id=school_id, before=before, after=after)]
    )


def row(
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | str,
    *,
    school_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "school_id": school_id,
        "actor": actor.label,
        "actor_tg_user_id": actor.tg_user_id,
        "action": action,
        "entity": entity,
        "entity_id": str(entity_id),
        "before": before,
        "after": after,
    }


async def record_many(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Several audit rows in one statement (a whole class marked present is one tap)."""
    await trail.write(session, rows, [])
