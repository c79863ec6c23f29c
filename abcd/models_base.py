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
