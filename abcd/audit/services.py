"""Reading the audit log: a record's entries, oldest first. Nothing here writes; the listeners do."""

from __future__ import annotations

import sqlalchemy as sa

from abcd.audit.models import AuditEntry
from abcd.extensions import db


def entries_of(entity_type: str, entity_id: int, after_version: int | None = None) -> list[AuditEntry]:
    """The record's audit entries, oldest first; with ``after_version``, only those that made a later version."""
    query = sa.select(AuditEntry).where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
    if after_version is not None:
        query = query.where(AuditEntry.entity_version > after_version)
    return list(db.session.scalars(query.order_by(AuditEntry.audit_id)))
