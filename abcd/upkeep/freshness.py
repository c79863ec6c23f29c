"""When an asset was last checked, when it is due again, and the SQL that finds (and ranks down) overdue records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.sql.elements import ColumnElement

from abcd.assets.models import Asset, AssetKind
from abcd.config import ConfigError
from abcd.extensions import db
from abcd.models_base import utcnow
from abcd.upkeep.models import AssetCheck

DAYS_PER_MONTH = 365.25 / 12


def parse_intervals(setting: str) -> dict[AssetKind, timedelta]:
    """``"place=12,association=6"`` as review intervals; a kind left out is checked yearly."""
    intervals = dict.fromkeys(AssetKind, timedelta(days=365))
    for part in filter(None, (p.strip() for p in setting.split(","))):
        name, _, months = part.partition("=")
        if name.strip() not in set(AssetKind) or not months.strip().isdigit() or int(months) < 1:
            raise ConfigError(f"ABCD_UPKEEP_REVIEW_MONTHS: {part!r} is not kind=months (e.g. place=12).")
        intervals[AssetKind(name.strip())] = timedelta(days=round(int(months) * DAYS_PER_MONTH))
    return intervals


def review_intervals() -> dict[AssetKind, timedelta]:
    return parse_intervals(str(current_app.config["UPKEEP_REVIEW_MONTHS"]))


def last_checked_sql() -> ColumnElement[datetime]:
    """When the record was last checked; a record never checked counts from its creation."""
    checked = sa.select(AssetCheck.checked_at).where(AssetCheck.asset_id == Asset.asset_id).scalar_subquery()
    return sa.func.coalesce(checked, Asset.created_at)


def due_by_sql(moment: datetime) -> ColumnElement[bool]:
    """SQL over ``Asset``: its check falls due at or before ``moment``."""
    cutoffs = [(Asset.kind == kind, moment - interval) for kind, interval in review_intervals().items()]
    return last_checked_sql() <= sa.case(*cutoffs, else_=moment - timedelta(days=365))


def overdue_last(now: datetime | None = None) -> ColumnElement[Any]:
    """An ORDER BY term: records that need checking after the rest, never hidden."""
    return sa.case((due_by_sql(now or utcnow()), 1), else_=0)


@dataclass(frozen=True)
class Freshness:
    last_checked_at: datetime
    checked_by_id: int | None
    checked: bool  # False: never checked, counted from creation
    due_at: datetime
    reminders_sent: int

    def overdue(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) >= self.due_at


def freshness_of(assets: Iterable[Asset]) -> dict[int, Freshness]:
    """Each asset's freshness, in one query for the lot (a directory page)."""
    wanted = {asset.asset_id: asset for asset in assets}
    if not wanted:
        return {}
    checks = {c.asset_id: c for c in db.session.scalars(sa.select(AssetCheck).where(AssetCheck.asset_id.in_(wanted)))}
    intervals = review_intervals()
    found = {}
    for asset_id, asset in wanted.items():
        check = checks.get(asset_id)
        last = check.checked_at if check is not None and check.checked_at else asset.created_at
        found[asset_id] = Freshness(
            last_checked_at=last,
            checked_by_id=check.checked_by_id if check else None,
            checked=bool(check and check.checked_at),
            due_at=last + intervals[asset.kind],
            reminders_sent=check.reminders_sent if check else 0,
        )
    return found


def freshness(asset: Asset) -> Freshness:
    return freshness_of([asset])[asset.asset_id]
