"""Changes waiting for review, built as the write path leaves them, for the review and officer tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from abcd.assets.models import Asset
from abcd.changes.models import ChangeKind, ChangeRequest, ChangeStatus
from abcd.extensions import db
from abcd.models_base import utcnow


def make_change(
    asset: Asset | None, submitted_by_id: int | None, proposed: dict[str, Any], **fields: Any
) -> ChangeRequest:
    """A pending change to ``asset`` (a CHANGE unless told), sent ``days_old`` days ago."""
    days_old = fields.pop("days_old", 0)
    change = ChangeRequest(
        kind=fields.pop("kind", ChangeKind.CHANGE),
        status=fields.pop("status", ChangeStatus.PENDING),
        asset_id=asset.asset_id if asset is not None else None,
        la_code=fields.pop("la_code", asset.la_code if asset is not None else None),
        ward_code=fields.pop("ward_code", asset.ward_code if asset is not None else None),
        asset_kind=fields.pop("asset_kind", asset.kind if asset is not None else None),
        base_version=asset.version if asset is not None else None,
        proposed=proposed,
        submitted_by_id=submitted_by_id,
        submitted_at=utcnow() - timedelta(days=days_old),
        **fields,
    )
    db.session.add(change)
    db.session.commit()
    return change
