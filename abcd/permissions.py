"""Every access rule, as named predicates used by views, services, the API and templates alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from abcd.assets.models import Asset, AssetStatus
from abcd.auth.models import Role, User

if TYPE_CHECKING:  # a type only: importing workshops here would pull people's data into every feature
    from abcd.workshops.models import Workshop


def _user(user: Any) -> User | None:
    """Flask-Login's anonymous user is not a User; treat it as nobody."""
    return user if isinstance(user, User) and user.is_authenticated else None


def is_signed_in(user: Any) -> bool:
    return _user(user) is not None


def has_verified_email(user: Any) -> bool:
    """Signed in with an address they proved is theirs: only then does "signed-in members" include them."""
    u = _user(user)
    return u is not None and u.email_verified_at is not None


def is_admin(user: Any) -> bool:
    u = _user(user)
    return u is not None and u.role is Role.ADMIN


def is_officer(user: Any) -> bool:
    """Officers and admins: staff who curate records."""
    u = _user(user)
    return u is not None and u.role in (Role.OFFICER, Role.ADMIN)


def acts_for_authority(user: Any, la_code: str | None) -> bool:
    """An admin acts everywhere; an officer only within their own local authority."""
    u = _user(user)
    if u is None:
        return False
    if u.role is Role.ADMIN:
        return True
    return u.role is Role.OFFICER and la_code is not None and u.la_code == la_code


def can_view_asset(user: Any, asset: Asset) -> bool:
    if asset.status is AssetStatus.PUBLISHED:
        return True
    u = _user(user)
    if u is None:
        return False
    return acts_for_authority(u, asset.la_code) or asset.created_by_id == u.user_id


def can_edit_asset(user: Any, asset: Asset) -> bool:
    return acts_for_authority(user, asset.la_code)


def can_edit_asset_details(user: Any, asset: Asset, organises_it: bool) -> bool:
    """Officers of the authority edit; a group's organisers, and the resident who suggested a record still
    waiting for review, propose changes that an officer approves."""
    u = _user(user)
    if u is None:
        return False
    if can_edit_asset(u, asset):
        return True
    if asset.status is AssetStatus.ARCHIVED:
        return False
    return organises_it or (asset.status is AssetStatus.PENDING and asset.created_by_id == u.user_id)


def can_claim_asset(user: Any, asset: Asset) -> bool:
    """Anyone signed in may ask to manage a published record, except its authority's officers, who curate it."""
    return is_signed_in(user) and asset.status is AssetStatus.PUBLISHED and not can_edit_asset(user, asset)


def can_decide_claim(user: Any, la_code: str | None) -> bool:
    """Officers of the asset's authority (admins everywhere) approve, decline and remove its managers."""
    return acts_for_authority(user, la_code)


def can_keep_offers(user: Any, asset: Asset, manages_it: bool) -> bool:
    """Officers of the authority keep a record's offers and needs; so do its approved managers while it is
    published."""
    if can_edit_asset(user, asset):
        return True
    return manages_it and is_signed_in(user) and asset.status is AssetStatus.PUBLISHED


def can_review_change(user: Any, la_code: str | None) -> bool:
    """Officers decide the changes waiting in their own authority; admins everywhere."""
    return acts_for_authority(user, la_code)


def can_see_drafts(user: Any, la_code: str | None) -> bool:
    """Unpublished records are listed for the authority's officers (and, separately, to their authors)."""
    return acts_for_authority(user, la_code)


def can_suggest_asset(user: Any) -> bool:
    return is_signed_in(user)


def can_review_assets(user: Any) -> bool:
    return is_officer(user)


def can_see_duplicates(user: Any) -> bool:
    """Officers list possible duplicates of their authority; admins of every authority."""
    return is_officer(user)


def can_merge_assets(user: Any, first: Asset, second: Asset) -> bool:
    """Officers merge records of their own authority; only an admin merges across authorities."""
    return acts_for_authority(user, first.la_code) and acts_for_authority(user, second.la_code)


def can_manage_users(user: Any) -> bool:
    return is_admin(user)


def can_run_workshops(user: Any) -> bool:
    """Officers create workshops and facilitate them."""
    return is_officer(user)


def can_facilitate_workshop(user: Any, workshop: Workshop) -> bool:
    """Officers of the session's authority (admins everywhere) and the officers named as its co-facilitators."""
    u = _user(user)
    if u is None:
        return False
    return acts_for_authority(u, workshop.la_code) or (
        is_officer(u) and any(other.user_id == u.user_id for other in workshop.co_facilitators)
    )


TEMPLATE_RULES = {
    "can_edit_asset": can_edit_asset,
    "can_view_asset": can_view_asset,
    "can_suggest_asset": can_suggest_asset,
    "can_review_assets": can_review_assets,
    "can_review_change": can_review_change,
    "can_claim_asset": can_claim_asset,
    "can_decide_claim": can_decide_claim,
    "can_manage_users": can_manage_users,
    "is_officer": is_officer,
    "can_see_duplicates": can_see_duplicates,
    "can_run_workshops": can_run_workshops,
}
