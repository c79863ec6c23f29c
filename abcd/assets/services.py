"""Reading community assets, their input shape and location, and edit-conflict detection. Services never commit.

Records change only through the write path in abcd.changes.services; every change is audited by the
listener in abcd.audit; a save based on an old version raises EditConflictError carrying what changed
since, so nothing is silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from abcd import permissions
from abcd.areas.services import Location, LocationError, locate_point, lookup_postcode
from abcd.assets.models import Asset, AssetKind, AssetStatus, Membership, SpecialCategory, Theme
from abcd.audit import services as audit
from abcd.audit.models import AuditEntry
from abcd.auth.models import User
from abcd.changes.merge import EditConflictError as EditConflictError  # one stale-edit error, re-exported
from abcd.extensions import db


@dataclass
class AssetInput:
    kind: AssetKind
    name_en: str
    name_cy: str | None = None
    description_en: str | None = None
    description_cy: str | None = None
    address: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    website: str | None = None
    accessibility_info: str | None = None
    membership: Membership | None = None
    special_category: SpecialCategory | None = None
    theme_ids: list[int] = field(default_factory=list)
    status: AssetStatus = AssetStatus.DRAFT


def resolve_location(data: AssetInput) -> Location:
    """A postcode wins over a typed point. Raises LocationError with the reason."""
    if data.postcode:
        return lookup_postcode(data.postcode)
    if data.latitude is not None and data.longitude is not None:
        return locate_point(data.latitude, data.longitude)
    raise LocationError("no_location")


def ensure_current(asset: Asset, expected_version: int) -> None:
    if asset.version != expected_version:
        raise EditConflictError(asset.version, changes_since(asset, expected_version))


def changes_since(asset: Asset, version: int) -> list[AuditEntry]:
    """The record's audit entries after ``version``, oldest first."""
    return audit.entries_of(Asset.__tablename__, asset.asset_id, after_version=version)


def get_asset(asset_id: int) -> Asset | None:
    return db.session.get(Asset, asset_id, options=[selectinload(Asset.themes)])


def themes() -> list[Theme]:
    return list(db.session.scalars(sa.select(Theme).order_by(Theme.name_en)))


def missing_welsh(actor: User) -> list[Asset]:
    """Records this officer curates that lack a Welsh name, or a Welsh description beside an English one."""
    query = sa.select(Asset).where(
        Asset.status.in_([AssetStatus.DRAFT, AssetStatus.PUBLISHED]),  # suggestions are the review queue's
        sa.or_(
            Asset.name_cy.is_(None),
            Asset.name_cy == "",
            sa.and_(Asset.description_en.is_not(None), Asset.description_cy.is_(None)),
        ),
    )
    if not permissions.is_admin(actor):
        query = query.where(Asset.la_code == actor.la_code)
    return list(db.session.scalars(query.order_by(Asset.name_en).limit(500)))
