"""A change waiting for (or decided by) an officer: a resident's new record, an organiser's edit, a link."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from abcd.assets.models import AssetKind
from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, created_at_column, enum_column


class Channel(enum.StrEnum):
    """How a change reached the system; every audited change records one."""

    FORM = "form"
    IMPORT = "import"
    WORKSHOP = "workshop"
    MERGE = "merge"
    API = "api"
    SYSTEM = "system"  # command line, seeding, scheduled jobs


class ChangeKind(enum.StrEnum):
    NEW = "new"
    CHANGE = "change"
    ARCHIVE = "archive"
    LINK = "link"


class ChangeStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    PARTLY_APPROVED = "partly_approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"  # the submitter sent a newer version of the same change


class ChangeRequest(Model):
    __tablename__ = "change_request"
    __table_args__ = (sa.Index("ix_change_request_queue", "status", "la_code", "submitted_at"), NEVER_REUSE_IDS)

    change_id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ChangeKind] = mapped_column(enum_column(ChangeKind))
    status: Mapped[ChangeStatus] = mapped_column(enum_column(ChangeStatus), default=ChangeStatus.PENDING)
    # The record the change is about (for NEW, the pending record itself); links name their ends in ``proposed``.
    asset_id: Mapped[int | None] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), index=True)
    # A link proposal that names a person goes when that person is erased.
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.person_id", ondelete="CASCADE"), index=True)
    # Whose officers review it, and what the queue filters on.
    la_code: Mapped[str] = mapped_column(sa.ForeignKey("local_authority.code"))
    ward_code: Mapped[str | None] = mapped_column(sa.ForeignKey("ward.code", ondelete="SET NULL"))
    asset_kind: Mapped[AssetKind | None] = mapped_column(enum_column(AssetKind))
    # {field: proposed plain value}; JSON is portable between SQLite and PostgreSQL.
    proposed: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    base_version: Mapped[int | None] = mapped_column(sa.Integer)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel), default=Channel.FORM)
    channel_ref: Mapped[str | None] = mapped_column(sa.String(60))
    submitted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.user_id", ondelete="SET NULL"), index=True
    )
    submitted_at: Mapped[datetime] = created_at_column()
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    approved_fields: Mapped[list[str] | None] = mapped_column(sa.JSON)
    reason: Mapped[str | None] = mapped_column(sa.Text)

    def __repr__(self) -> str:
        return f"<ChangeRequest {self.change_id} {self.kind} {self.status}>"
