"""A school's own names for import columns: «Ф.И.О. ребёнка» is its «ФИО», asked once in the bot
(handlers/coordinator/imports.py) and remembered in the school's settings for its next files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import School
from models.enums import Role
from services import access, audit, school_settings
from services.audit import Actor
from services.errors import AccessDenied
from services.school_settings import SchoolSettings
from services.tabular import Column, header_key


async def columns_of(session: AsyncSession, school_id: int, columns: Sequence[Column]) -> tuple[Column, ...]:
    """The importer's columns with the school's own names for them added."""
    named = (await school_settings.load(session, school_id)).import_columns
    return tuple(
        replace(column, aliases=(*column.aliases, *(h for h, name in named.items() if name == column.name)))
        for column in columns
    )


def relaxed(columns: Sequence[Column]) -> tuple[Column, ...]:
    """The same columns, none required: to read a file whose headers are not all known."""
    return tuple(replace(column, required=False) for column in columns)


async def remember(session: AsyncSession, actor: Actor, school_id: int, header: str, column: str) -> None:
    """The file's `header` is the importer's `column`, for this school from now on."""
    access.require_role(actor, Role.COORDINATOR, school_id)
    school = await session.scalar(select(School).where(School.id == school_id).with_for_update())
    if school is None:
        raise AccessDenied()
    current = SchoolSettings.of(school.settings)
    named = {**current.import_columns, header_key(header): column}
    school.settings = current.model_copy(update={"import_columns": named}).dump()
    await audit.record(
        session,
        actor,
        "school.import_column",
        "school",
        school_id,
        school_id=school_id,
        after={"header": header[:100], "column": column},
    )
