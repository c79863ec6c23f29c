"""Reading the moderation queue and deciding changes in batches. Services never commit.

The queue holds the changes waiting for an officer of the viewer's authority (an admin sees all three);
each row says what kind of change it is, who sent it, when, and which items it touches.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from abcd import permissions
from abcd.assets.models import Asset, AssetKind
from abcd.auth.models import User
from abcd.changes import services as changes
from abcd.changes.models import ChangeKind, ChangeRequest, ChangeStatus
from abcd.errors import DomainError
from abcd.extensions import db
from abcd.i18n import record_name
from abcd.models_base import utcnow
from abcd.review.labels import AGE_CHOICES, item_label, link_type_label
from abcd.text import whole_number

QUEUE_LIMIT = 200  # one screen of decisions; filters narrow the rest


@dataclass(frozen=True)
class QueueFilters:
    ward_code: str | None = None
    asset_kind: AssetKind | None = None
    older_than_days: int | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str], ward_codes: Collection[str]) -> QueueFilters:
        """Read the filters from a query string; anything malformed (a ward not among ``ward_codes``, the
        wards the viewer may filter by) is ignored, never an error."""
        kind = args.get("kind", "")
        age = args.get("age", "")
        ward = args.get("ward", "")
        return cls(
            ward_code=ward if ward in ward_codes else None,
            asset_kind=AssetKind(kind) if kind in set(AssetKind) else None,
            older_than_days=whole_number(age) if whole_number(age) in AGE_CHOICES else None,
        )

    def is_filtered(self) -> bool:
        return any((self.ward_code, self.asset_kind, self.older_than_days))


def _queue_query(actor: User, filters: QueueFilters) -> sa.Select[tuple[ChangeRequest]]:
    query = sa.select(ChangeRequest).where(ChangeRequest.status == ChangeStatus.PENDING)
    if not permissions.is_admin(actor):
        query = query.where(ChangeRequest.la_code == actor.la_code)
    if filters.ward_code:
        query = query.where(ChangeRequest.ward_code == filters.ward_code)
    if filters.asset_kind:
        query = query.where(ChangeRequest.asset_kind == filters.asset_kind)
    if filters.older_than_days:
        query = query.where(ChangeRequest.submitted_at < utcnow() - timedelta(days=filters.older_than_days))
    return query


def queue(actor: User, filters: QueueFilters | None = None, limit: int = QUEUE_LIMIT) -> list[ChangeRequest]:
    """Pending changes this officer may decide, oldest first; an admin sees all three authorities."""
    query = _queue_query(actor, filters or QueueFilters())
    query = query.order_by(ChangeRequest.submitted_at, ChangeRequest.change_id).limit(limit)
    return list(db.session.scalars(query))


def queue_count(actor: User, filters: QueueFilters | None = None) -> int:
    query = _queue_query(actor, filters or QueueFilters())
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0)


@dataclass(frozen=True)
class QueueRow:
    """One change as the queue lists it."""

    change: ChangeRequest
    record_name: str
    submitter: str
    submitted_at: datetime
    items: list[str]


def shown_items(change: ChangeRequest) -> list[str]:
    """The items a reviewer is shown: a new record's empty fields are left out (approving clears them anyway)."""
    if change.kind is ChangeKind.LINK:
        return []
    offered = changes.items_of(change.proposed)
    if change.kind is not ChangeKind.NEW:
        return offered
    return [item for item in offered if any(_filled(change.proposed.get(name)) for name in changes.fields_of({item}))]


def _filled(value: object) -> bool:
    return value not in (None, "", [])


def user_names(user_ids: Iterable[int | None]) -> dict[int, str]:
    ids = {user_id for user_id in user_ids if user_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(User.user_id, User.display_name).where(User.user_id.in_(ids)))
    return {user_id: name for user_id, name in rows}


def asset_names(asset_ids: Iterable[int | None]) -> dict[int, Asset]:
    ids = {asset_id for asset_id in asset_ids if asset_id is not None}
    if not ids:
        return {}
    return {asset.asset_id: asset for asset in db.session.scalars(sa.select(Asset).where(Asset.asset_id.in_(ids)))}


def _asset_ends(change: ChangeRequest) -> list[int]:
    return [change.proposed[end] for end in ("source_asset_id", "target_asset_id") if change.proposed.get(end)]


def queue_rows(pending: list[ChangeRequest]) -> list[QueueRow]:
    names = user_names(change.submitted_by_id for change in pending)
    assets = asset_names(
        asset_id
        for change in pending
        for asset_id in (
            change.asset_id,
            change.proposed.get("source_asset_id"),
            change.proposed.get("target_asset_id"),
        )
    )
    rows = []
    for change in pending:
        asset = assets.get(change.asset_id) if change.asset_id is not None else None
        record = record_name(change.proposed) or (record_name(asset) if asset is not None else "")
        submitter = names.get(change.submitted_by_id or -1, "")
        items = [item_label(item) for item in shown_items(change)]
        if change.kind is ChangeKind.LINK:  # a link reads as its two records and how they are linked
            ends = [record_name(assets[i]) for i in _asset_ends(change) if i in assets]
            record = " ↔ ".join(ends) or record
            items = [link_type_label(change.proposed.get("link_type"))]
        rows.append(QueueRow(change, record, submitter, change.submitted_at, items))
    return rows


# --- deciding several at once ---------------------------------------------------------------------


@dataclass
class BatchReport:
    """What a batch approval did: the changes approved, and each refused one with its reason."""

    approved: list[ChangeRequest] = field(default_factory=list)
    refused: list[tuple[int, DomainError]] = field(default_factory=list)


def approve_many(change_ids: Collection[int], ctx: changes.WriteContext) -> BatchReport:
    """Approve each change in full, each on its own: one that cannot be approved (unknown, decided, another
    authority's, or failing to apply) is reported and undone alone, and the others still go through."""
    report = BatchReport()
    for change_id in sorted(set(change_ids)):
        change = db.session.get(ChangeRequest, change_id)
        if change is None:
            report.refused.append((change_id, DomainError("not_found")))
            continue
        try:
            with db.session.begin_nested():
                changes.approve(change, None, ctx)
        except DomainError as error:
            report.refused.append((change_id, error))
        except (SQLAlchemyError, KeyError, TypeError) as error:  # a malformed proposal: refuse this one only
            report.refused.append((change_id, DomainError("could_not_apply", detail=type(error).__name__)))
        else:
            report.approved.append(change)
    return report
