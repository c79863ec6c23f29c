"""Claiming an asset, officers' decisions, stepping down, and who is shown as an asset's manager.

Services never commit. Every refusal is a ``ManagerError`` whose code the views turn into a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from abcd import permissions
from abcd.assets.models import Asset
from abcd.auth.models import User
from abcd.errors import DomainError
from abcd.extensions import db
from abcd.i18n import record_name
from abcd.managers.models import AssetManager, ClaimStatus
from abcd.models_base import Visibility, utcnow
from abcd.notices import services as notices
from abcd.people.visibility import RANK, Viewer

ACTIVE = (ClaimStatus.PENDING, ClaimStatus.APPROVED)
# The audiences a manager may choose: being named on a page is never "only me" (then why claim it?).
AUDIENCES = (Visibility.OFFICERS, Visibility.MEMBERS, Visibility.PUBLIC)


class ManagerError(DomainError):
    """Codes: not_allowed, already_claimed, not_pending, not_manager, reason_needed."""


@dataclass(frozen=True)
class ClaimInput:
    shown_name: str
    role: str
    contact: str
    visibility: Visibility = Visibility.OFFICERS


# --- asking ---------------------------------------------------------------------------------------


def active_claim(user: Any, asset: Asset) -> AssetManager | None:
    """This user's pending or approved claim on ``asset``, if any."""
    if not permissions.is_signed_in(user):
        return None
    return db.session.scalar(
        sa.select(AssetManager).where(
            AssetManager.asset_id == asset.asset_id,
            AssetManager.user_id == user.user_id,
            AssetManager.status.in_(ACTIVE),
        )
    )


def claim(asset: Asset, user: User, data: ClaimInput) -> AssetManager:
    """Ask to manage ``asset``; an officer of its authority decides. Raises ManagerError: not_allowed (not
    signed in, the asset is not published, or they already curate it), already_claimed."""
    if not permissions.can_claim_asset(user, asset):
        raise ManagerError("not_allowed")
    if active_claim(user, asset) is not None:
        raise ManagerError("already_claimed")
    if data.visibility not in AUDIENCES:
        raise ManagerError("not_allowed")
    request = AssetManager(
        asset_id=asset.asset_id, user_id=user.user_id, la_code=asset.la_code, status=ClaimStatus.PENDING,
        shown_name=data.shown_name.strip()[:100], role=data.role.strip()[:200], contact=data.contact.strip()[:200],
        visibility=data.visibility,
    )  # fmt: skip
    db.session.add(request)
    db.session.flush()
    return request


# --- deciding -------------------------------------------------------------------------------------


def _decide(request: AssetManager, officer: User, status: ClaimStatus, reason: str | None) -> None:
    if request.status is not ClaimStatus.PENDING:
        raise ManagerError("not_pending")
    if not permissions.can_decide_claim(officer, request.la_code):
        raise ManagerError("not_allowed")
    request.status, request.reason = status, reason
    request.decided_by_id, request.decided_at = officer.user_id, utcnow()
    db.session.flush()


def approve(request: AssetManager, officer: User) -> AssetManager:
    """Make the claimant a manager and tell them. Raises ManagerError: not_pending, not_allowed."""
    _decide(request, officer, ClaimStatus.APPROVED, None)
    _tell(request, officer)
    return request


def decline(request: AssetManager, officer: User, reason: str) -> AssetManager:
    """Refuse a claim with a reason the claimant is sent. Raises ManagerError: reason_needed, not_pending,
    not_allowed."""
    reason = (reason or "").strip()
    if not reason:
        raise ManagerError("reason_needed")
    _decide(request, officer, ClaimStatus.DECLINED, reason[:2000])
    _tell(request, officer)
    return request


def step_down(manager: AssetManager, user: User) -> AssetManager:
    """The manager (or claimant) stops: nothing they did is undone. Raises ManagerError: not_manager."""
    if manager.user_id != user.user_id or manager.status not in ACTIVE:
        raise ManagerError("not_manager")
    manager.status, manager.ended_at = ClaimStatus.ENDED, utcnow()
    db.session.flush()
    return manager


def remove(manager: AssetManager, officer: User, reason: str) -> AssetManager:
    """An officer of the asset's authority ends someone's management, with a reason they are sent.
    Raises ManagerError: not_manager, not_allowed, reason_needed."""
    if manager.status is not ClaimStatus.APPROVED:
        raise ManagerError("not_manager")
    if not permissions.can_decide_claim(officer, manager.la_code):
        raise ManagerError("not_allowed")
    reason = (reason or "").strip()
    if not reason:
        raise ManagerError("reason_needed")
    manager.status, manager.reason, manager.ended_at = ClaimStatus.ENDED, reason[:2000], utcnow()
    manager.decided_by_id = officer.user_id
    db.session.flush()
    _tell(manager, officer)
    return manager


def _tell(request: AssetManager, officer: User) -> None:
    claimant = db.session.get(User, request.user_id)
    if claimant is None or claimant.user_id == officer.user_id:
        return
    asset = db.session.get(Asset, request.asset_id)

    def compose() -> tuple[str, str]:
        name = record_name(asset) if asset is not None else ""
        if request.status is ClaimStatus.APPROVED:
            return (
                _("You now manage “%(name)s”", name=name),
                _("An officer approved your request. You can now keep its offers and needs up to date and "
                  "suggest changes to its record."),
            )  # fmt: skip
        if request.status is ClaimStatus.DECLINED:
            return (
                _("Your request to manage “%(name)s” was not approved", name=name),
                _("An officer reviewed it and gave this reason: %(reason)s", reason=request.reason or ""),
            )
        return (
            _("You no longer manage “%(name)s”", name=name),
            _("An officer removed you as a manager and gave this reason: %(reason)s", reason=request.reason or ""),
        )

    notices.send(claimant, compose, link_path=f"/assets/{request.asset_id}")


# --- reading --------------------------------------------------------------------------------------


def manages(user: Any, asset: Asset) -> bool:
    """Is ``user`` an approved manager of ``asset``?"""
    found = active_claim(user, asset)
    return found is not None and found.status is ClaimStatus.APPROVED


def keeps_offers(user: Any, asset: Asset) -> bool:
    """May ``user`` add, change and remove ``asset``'s offers and needs (officers, and its managers)?"""
    if permissions.can_edit_asset(user, asset):
        return True  # officers need no claim (and no query)
    return permissions.can_keep_offers(user, asset, manages(user, asset))


def may_see(viewer: Viewer, manager: AssetManager) -> bool:
    """Is this manager named to ``viewer``: at the audience they chose, or to themselves."""
    if viewer.user_id is not None and viewer.user_id == manager.user_id:
        return True
    level = manager.visibility
    if RANK[level] > viewer.clearance:
        return False
    return level is not Visibility.OFFICERS or viewer.covers(manager.la_code)


def shown_managers(user: Any, asset: Asset) -> list[AssetManager]:
    """The asset's approved managers that ``user`` may see named, in the order they were approved."""
    viewer = Viewer.of(user)
    query = sa.select(AssetManager).where(
        AssetManager.asset_id == asset.asset_id, AssetManager.status == ClaimStatus.APPROVED
    )
    return [m for m in db.session.scalars(query.order_by(AssetManager.decided_at, AssetManager.manager_id))
            if may_see(viewer, m)]  # fmt: skip


def waiting_claims(officer: Any, limit: int | None = None) -> list[tuple[AssetManager, Asset]]:
    """Pending claims this officer may decide (admins: all), oldest first."""
    query = (
        sa.select(AssetManager, Asset)
        .join(Asset, Asset.asset_id == AssetManager.asset_id)
        .where(AssetManager.status == ClaimStatus.PENDING)
    )
    if not permissions.is_admin(officer):
        query = query.where(AssetManager.la_code == (officer.la_code if permissions.is_officer(officer) else None))
    query = query.order_by(AssetManager.requested_at, AssetManager.manager_id)
    return [(m, a) for m, a in db.session.execute(query.limit(limit) if limit else query).tuples()]


def claims_of(user: User) -> list[tuple[AssetManager, Asset]]:
    """Every claim this user made, newest first (their page, and their data export)."""
    query = (
        sa.select(AssetManager, Asset)
        .join(Asset, Asset.asset_id == AssetManager.asset_id)
        .where(AssetManager.user_id == user.user_id)
        .order_by(AssetManager.manager_id.desc())
    )
    return [(m, a) for m, a in db.session.execute(query).tuples()]


def managers_of(asset: Asset) -> list[AssetManager]:
    """Every approved manager of ``asset``, for its authority's officers (who may remove them)."""
    query = sa.select(AssetManager).where(
        AssetManager.asset_id == asset.asset_id, AssetManager.status == ClaimStatus.APPROVED
    )
    return list(db.session.scalars(query.order_by(AssetManager.manager_id)))
