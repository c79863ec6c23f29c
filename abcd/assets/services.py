"""Creating, editing, publishing and finding community assets. Services never commit.

Every change is audited by the listener in abcd.audit; a save based on an old version raises
EditConflictError carrying what changed since, so nothing is silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from abcd import permissions
from abcd.areas.services import Location, LocationError, locate_point, lookup_postcode
from abcd.assets.models import Asset, AssetKind, AssetStatus, Membership, SpecialCategory, Theme
from abcd.audit.models import AuditEntry
from abcd.auth.models import User
from abcd.extensions import db
from abcd.groups.services import hide_unconsented_memberships


class EditConflictError(Exception):
    """The record changed after the editor loaded it; ``changes`` lists what changed since."""

    def __init__(self, current_version: int, changes: list[AuditEntry]) -> None:
        super().__init__("edit_conflict")
        self.current_version = current_version
        self.changes = changes


class OutsideAuthorityError(PermissionError):
    """An officer tried to place a record in another local authority."""

    def __init__(self, la_code: str) -> None:
        super().__init__(la_code)
        self.la_code = la_code


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


def _apply(asset: Asset, data: AssetInput, location: Location) -> None:
    for name in (
        "kind", "name_en", "name_cy", "description_en", "description_cy", "address",
        "contact_name", "contact_email", "contact_phone", "website", "accessibility_info",
    ):  # fmt: skip
        setattr(asset, name, getattr(data, name))
    is_association = data.kind is AssetKind.ASSOCIATION
    asset.membership = data.membership if is_association else None
    # Issue 9 (helper "special"): a category set or changed hides unconsented memberships. The lead moves
    # this into the governed write path (OFFICER_FIELDS); until then it lives here.
    newly_special = (
        asset.asset_id is not None and is_association and data.special_category not in (None, asset.special_category)
    )
    asset.special_category = data.special_category if is_association else None
    asset.postcode = location.postcode
    asset.latitude, asset.longitude = location.latitude, location.longitude
    asset.la_code, asset.ward_code = location.la_code, location.ward_code
    wanted = set(data.theme_ids)
    if wanted != {t.theme_id for t in asset.themes}:
        asset.themes = list(db.session.scalars(sa.select(Theme).where(Theme.theme_id.in_(wanted)))) if wanted else []
    if newly_special:
        hide_unconsented_memberships(asset, None)  # issue 9, see above


def _status_for(actor: User, requested: AssetStatus, la_code: str) -> AssetStatus:
    """Officers choose; anyone else's record waits for an officer of that authority."""
    if permissions.acts_for_authority(actor, la_code):
        return requested
    return AssetStatus.PENDING


def create_asset(data: AssetInput, actor: User) -> Asset:
    """Add an asset. Raises LocationError, or OutsideAuthorityError for an officer outside their area."""
    location = resolve_location(data)
    if permissions.is_officer(actor) and not permissions.acts_for_authority(actor, location.la_code):
        raise OutsideAuthorityError(location.la_code)
    asset = Asset(created_by_id=actor.user_id, themes=[])
    _apply(asset, data, location)
    asset.status = _status_for(actor, data.status, location.la_code)
    db.session.add(asset)
    db.session.flush()
    return asset


def update_asset(asset: Asset, data: AssetInput, expected_version: int, actor: User) -> Asset:
    """Save an edit made on ``expected_version``.

    An officer's edit may also change the status; anyone else (a group's organiser) edits the
    details only. Raises EditConflictError if someone saved in between, LocationError, or
    OutsideAuthorityError when an officer moves a record out of their authority.
    """
    ensure_current(asset, expected_version)
    location = resolve_location(data)
    is_staff = permissions.is_officer(actor)
    if is_staff and not permissions.acts_for_authority(actor, location.la_code):
        raise OutsideAuthorityError(location.la_code)
    _apply(asset, data, location)
    if is_staff:
        asset.status = data.status
    db.session.flush()
    return asset


def change_status(asset: Asset, status: AssetStatus, expected_version: int) -> Asset:
    ensure_current(asset, expected_version)
    asset.status = status
    db.session.flush()
    return asset


def ensure_current(asset: Asset, expected_version: int) -> None:
    if asset.version != expected_version:
        raise EditConflictError(asset.version, changes_since(asset, expected_version))


def changes_since(asset: Asset, version: int) -> list[AuditEntry]:
    query = (
        sa.select(AuditEntry)
        .where(
            AuditEntry.entity_type == Asset.__tablename__,
            AuditEntry.entity_id == asset.asset_id,
            AuditEntry.entity_version > version,
        )
        .order_by(AuditEntry.audit_id)
    )
    return list(db.session.scalars(query))


def history(asset: Asset) -> list[AuditEntry]:
    query = (
        sa.select(AuditEntry)
        .where(AuditEntry.entity_type == Asset.__tablename__, AuditEntry.entity_id == asset.asset_id)
        .order_by(AuditEntry.audit_id.desc())
    )
    return list(db.session.scalars(query))


def actor_names(entries: list[AuditEntry]) -> dict[int, str]:
    ids = {e.actor_id for e in entries if e.actor_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(User.user_id, User.display_name).where(User.user_id.in_(ids)))
    return {user_id: name for user_id, name in rows}


def get_asset(asset_id: int) -> Asset | None:
    return db.session.get(Asset, asset_id, options=[selectinload(Asset.themes)])


def themes() -> list[Theme]:
    return list(db.session.scalars(sa.select(Theme).order_by(Theme.name_en)))


def review_queue(actor: User) -> list[Asset]:
    """Records waiting for this officer: pending suggestions and drafts in their authority."""
    query = sa.select(Asset).where(Asset.status.in_([AssetStatus.PENDING, AssetStatus.DRAFT]))
    if not permissions.is_admin(actor):
        query = query.where(Asset.la_code == actor.la_code)
    return list(db.session.scalars(query.order_by(Asset.status.desc(), Asset.created_at)))


def missing_welsh(actor: User) -> list[Asset]:
    """Records this officer curates that lack a Welsh name, or a Welsh description beside an English one."""
    query = sa.select(Asset).where(
        Asset.status != AssetStatus.ARCHIVED,
        sa.or_(
            Asset.name_cy.is_(None),
            Asset.name_cy == "",
            sa.and_(Asset.description_en.is_not(None), Asset.description_cy.is_(None)),
        ),
    )
    if not permissions.is_admin(actor):
        query = query.where(Asset.la_code == actor.la_code)
    return list(db.session.scalars(query.order_by(Asset.name_en).limit(500)))
