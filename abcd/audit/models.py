"""The audit log: one row per create, update or delete of an audited record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, created_at_column


class AuditEntry(Model):
    __tablename__ = "audit_entry"
    __table_args__ = (sa.Index("ix_audit_entry_entity", "entity_type", "entity_id"), NEVER_REUSE_IDS)

    audit_id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = created_at_column()
    # SET NULL on erasure: the event stays, the identity goes.
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(sa.String(10))  # create / update / delete
    entity_type: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[int] = mapped_column(sa.Integer)
    entity_version: Mapped[int | None] = mapped_column(sa.Integer)
    # How the change arrived (form, import, workshop, merge, api, system) and what it belongs to,
    # e.g. "change:12" (an approved suggestion) or "restore:v3".
    channel: Mapped[str | None] = mapped_column(sa.String(20))
    channel_ref: Mapped[str | None] = mapped_column(sa.String(60))
    # {"field": [old, new]}; JSON is portable between SQLite and PostgreSQL.
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
