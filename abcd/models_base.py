"""Column helpers shared by every feature's models: enums stored as plain strings, UTC timestamps."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def enum_column(enum_cls: type[enum.Enum], length: int = 20) -> sa.Enum:
    """A portable enum: a VARCHAR holding the member's value on SQLite and PostgreSQL alike."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


# An id is never given to a second row, on either database: audit entries, stored graph metrics
# ("person:12"), change references ("change:12"), notices' links and printed or bookmarked URLs keep
# pointing at a record after it is erased, and must never come to mean someone else. PostgreSQL's
# sequences never go back; SQLite reuses the largest id after a delete unless the table says
# AUTOINCREMENT. Tables whose ids nothing outlives (synonyms, dataset loads, the one graph state row,
# natural keys) keep SQLite's cheaper default.
NEVER_REUSE_IDS: dict[str, Any] = {"sqlite_autoincrement": True}


def created_at_column() -> Any:
    return sa.orm.mapped_column(sa.DateTime, default=utcnow, nullable=False)


def updated_at_column() -> Any:
    return sa.orm.mapped_column(sa.DateTime, default=utcnow, onupdate=utcnow, nullable=False)


class Visibility(enum.StrEnum):
    """Who may see a piece of personal data; PRIVATE ("only me") is the default everywhere."""

    PUBLIC = "public"
    MEMBERS = "members"
    OFFICERS = "officers"
    PRIVATE = "private"
