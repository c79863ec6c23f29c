"""Write an audit entry for every flushed change to a model marked ``__audited__``.

The acting user is read from ``session.info["actor_id"]``, set once per request by the app (or by
a CLI command), and the channel from ``session.info["channel"]``/``["channel_ref"]``, set by the write
path's ``WriteContext``; services stay free of auditing code and nothing can change a record unseen.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, attributes

from abcd.audit.models import AuditEntry
from abcd.models_base import utcnow

_SKIPPED_FIELDS = {"updated_at", "version"}


def plain(value: Any) -> Any:
    """A JSON-friendly copy of a column value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _column_changes(obj: Any, action: str) -> dict[str, list[Any]]:
    state = sa.inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _SKIPPED_FIELDS:
            continue
        if action == "update":
            history = attributes.get_history(obj, key)
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old == new:
                continue
            changes[key] = [plain(old), plain(new)]
        else:
            value = plain(getattr(obj, key))
            if value is not None:
                changes[key] = [None, value] if action == "create" else [value, None]
    for rel in state.mapper.relationships:
        if rel.secondary is None:  # many-to-many collections (themes) are part of the record
            continue
        history = attributes.get_history(obj, rel.key)
        if action == "update" and not history.has_changes():
            continue
        old_items = [*history.unchanged, *history.deleted]
        new_items = [*history.unchanged, *history.added]
        old_labels = sorted(_label(o) for o in old_items) if action != "create" else None
        new_labels = sorted(_label(o) for o in new_items) if action != "delete" else None
        if old_labels != new_labels and (old_labels or new_labels):
            changes[rel.key] = [old_labels, new_labels]
    return changes


def _label(related: Any) -> str:
    return str(getattr(related, "slug", None) or _entity_id(related))


def _entity_id(obj: Any) -> int:
    # New objects have their primary key by now, but not yet an identity key.
    return int(sa.inspect(obj).mapper.primary_key_from_instance(obj)[0])


def _rows(session: Session) -> list[dict[str, Any]]:
    actor_id = session.info.get("actor_id")
    channel, channel_ref = session.info.get("channel"), session.info.get("channel_ref")
    rows = []
    groups = (("create", session.new), ("update", session.dirty), ("delete", session.deleted))
    for action, objects in groups:
        for obj in objects:
            if not getattr(obj, "__audited__", False):
                continue
            if action == "update" and not session.is_modified(obj):
                continue
            changes = _column_changes(obj, action)
            if action == "update" and not changes:
                continue
            rows.append(
                {
                    "actor_id": actor_id,
                    "channel": channel,
                    "channel_ref": channel_ref,
                    "action": action,
                    "entity_type": obj.__tablename__,
                    "entity_id": _entity_id(obj),
                    "entity_version": getattr(obj, "version", None),
                    "changes": changes,
                    "occurred_at": utcnow(),
                }
            )
    return rows


@event.listens_for(Session, "after_flush")
def _write_audit_entries(session: Session, _flush_context: Any) -> None:
    rows = _rows(session)
    if rows:
        # Core insert: adding ORM objects from inside a flush would need a second flush.
        session.connection().execute(sa.insert(AuditEntry), rows)
