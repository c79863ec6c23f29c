"""What an officer's home shows: their drafts, their authority's recent changes and how stale the network's
metrics are. Services never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from abcd import permissions
from abcd.assets.models import Asset, AssetStatus
from abcd.audit.models import AuditEntry
from abcd.auth.models import User
from abcd.extensions import db
from abcd.history.labels import HIDDEN_FIELDS
from abcd.network.services import graph_state
from abcd.review.services import user_names


def my_drafts(actor: User, limit: int = 10) -> list[Asset]:
    """Drafts this person started, newest first."""
    query = sa.select(Asset).where(Asset.status == AssetStatus.DRAFT, Asset.created_by_id == actor.user_id)
    return list(db.session.scalars(query.order_by(Asset.updated_at.desc(), Asset.asset_id.desc()).limit(limit)))


@dataclass(frozen=True)
class RecentChange:
    entry: AuditEntry
    asset: Asset
    who: str
    fields: list[str]


def _shown_fields(entry: AuditEntry) -> list[str]:
    """The fields a person changed; the record's own bookkeeping (version, timestamps) is left out."""
    return sorted(set(entry.changes or {}) - HIDDEN_FIELDS)


def recent_changes(actor: User, limit: int = 10) -> list[RecentChange]:
    """The latest audited changes to records of this officer's authority (all three for an admin)."""
    query = (
        sa.select(AuditEntry, Asset)
        .join(Asset, Asset.asset_id == AuditEntry.entity_id)
        .where(AuditEntry.entity_type == Asset.__tablename__)
    )
    if not permissions.is_admin(actor):
        query = query.where(Asset.la_code == actor.la_code)
    rows = db.session.execute(query.order_by(AuditEntry.audit_id.desc()).limit(limit)).all()
    names = user_names(entry.actor_id for entry, _asset in rows)
    return [
        RecentChange(
            entry, asset, names.get(entry.actor_id or -1, ""), sorted(set(entry.changes or {}) - HIDDEN_FIELDS)
        )
        for entry, asset in rows
    ]


@dataclass(frozen=True)
class MetricsLag:
    """How far the stored network metrics trail the graph: when they were computed, and writes since."""

    computed_at: datetime | None
    changes_since: int

    @property
    def never(self) -> bool:
        return self.computed_at is None

    @property
    def current(self) -> bool:
        return not self.never and self.changes_since == 0


def metrics_lag() -> MetricsLag:
    state = graph_state()
    if state.metrics_version is None or state.metrics_computed_at is None:
        return MetricsLag(None, state.version or 0)
    return MetricsLag(state.metrics_computed_at, max(0, (state.version or 0) - state.metrics_version))
