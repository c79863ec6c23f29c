"""What a merge would do, before it is done: the fields that differ, every row that would move (with
counts), and the reasons it must be refused. Read-only; the merge itself is in ``abcd.duplicates.merging``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from abcd import permissions
from abcd.assets.models import Asset
from abcd.audit.models import AuditEntry
from abcd.auth.models import User
from abcd.changes.models import ChangeRequest, ChangeStatus
from abcd.changes.services import LOCATION_FIELDS, asset_values
from abcd.duplicates.models import AssetRedirect
from abcd.errors import DomainError
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.partners.models import VenueOffer
from abcd.people import consent
from abcd.people.models import ConsentRecord

# The fields an officer chooses between, one by one; the location fields travel together as "location".
# Themes are not chosen: the survivor keeps the themes of both.
CHOSEN_FIELDS = (
    "name_en", "name_cy", "kind", "status", "description_en", "description_cy", "location", "address",
    "contact_name", "contact_email", "contact_phone", "website", "accessibility_info", "membership",
    "special_category",
)  # fmt: skip
MOVES = ("links", "memberships", "stories", "offers", "consents", "history")


class MergeError(DomainError):
    """A merge (or unmerge) refused. Codes: same_record, not_allowed, other_authority, stale, already_merged,
    awaiting_consent, category_differs, pending_changes, changed_since, already_undone."""


@dataclass
class MergePlan:
    survivor: Asset
    merged: Asset
    differing: list[str]  # CHOSEN_FIELDS whose values differ, in that order
    counts: dict[str, int]  # MOVES -> how many rows move (history: entries the survivor's history links to)
    collapsing: int  # links that become identical to one the survivor has, kept once
    refusals: list[MergeError] = field(default_factory=list)


def field_value(values: dict[str, Any], name: str) -> Any:
    if name == "location":
        return tuple(values.get(part) for part in LOCATION_FIELDS)
    return values.get(name)


def links_of(asset_id: int) -> list[Link]:
    query = sa.select(Link).where(sa.or_(Link.source_asset_id == asset_id, Link.target_asset_id == asset_id))
    return list(db.session.scalars(query.order_by(Link.link_id)))


def move_kind(link: Link) -> str:
    if link.link_type in consent.MEMBERSHIP_TYPES and link.source_person_id is not None:
        return "memberships"
    if link.link_type is LinkType.TELLS_OF:
        return "stories"
    return "links"


def link_identity(link: Link, merged_id: int, survivor_id: int) -> tuple[Any, ...] | None:
    """What a link would be once ``merged_id`` is ``survivor_id``: two links with one identity are one link
    (a person's membership of a group is one, whether member or organiser). None: it would join the
    survivor to itself."""
    source = link.source_asset_id if link.source_asset_id != merged_id else survivor_id
    target = link.target_asset_id if link.target_asset_id != merged_id else survivor_id
    if source is not None and source == target:
        return None
    if move_kind(link) == "memberships":
        return ("membership", link.source_person_id, target)
    return (link.link_type.value, link.source_person_id, source, link.target_person_id, target, link.target_skill_id)


def _count(query: Any) -> int:
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0)


def plan_merge(survivor: Asset, merged: Asset, actor: User) -> MergePlan:
    """What merging ``merged`` into ``survivor`` would change and move, and why it would be refused."""
    mine, theirs = asset_values(survivor), asset_values(merged)
    differing = [name for name in CHOSEN_FIELDS if field_value(mine, name) != field_value(theirs, name)]
    counts = dict.fromkeys(MOVES, 0)
    moving = links_of(merged.asset_id)
    for link in moving:
        counts[move_kind(link)] += 1
    link_ids = [link.link_id for link in moving]
    if link_ids:
        counts["consents"] = _count(sa.select(ConsentRecord.consent_id).where(ConsentRecord.link_id.in_(link_ids)))
    counts["offers"] = _count(sa.select(VenueOffer.venue_offer_id).where(VenueOffer.asset_id == merged.asset_id))
    counts["history"] = _count(
        sa.select(AuditEntry.audit_id).where(AuditEntry.entity_type == "asset", AuditEntry.entity_id == merged.asset_id)
    )
    kept = {link_identity(link, merged.asset_id, survivor.asset_id) for link in links_of(survivor.asset_id)}
    collapsing = sum(
        1
        for link in moving
        if (identity := link_identity(link, merged.asset_id, survivor.asset_id)) is None or identity in kept
    )
    return MergePlan(survivor, merged, differing, counts, collapsing, refusals(survivor, merged, actor))


def refusals(survivor: Asset, merged: Asset, actor: User) -> list[MergeError]:
    """Every reason this merge cannot be carried safely; [] when it can."""
    found: list[MergeError] = []
    if survivor.asset_id == merged.asset_id:
        return [MergeError("same_record")]
    both = (survivor.asset_id, merged.asset_id)
    if not permissions.can_merge_assets(actor, survivor, merged):
        code = "other_authority" if survivor.la_code != merged.la_code else "not_allowed"
        found.append(MergeError(code))
    if db.session.scalar(sa.select(AssetRedirect.old_asset_id).where(AssetRedirect.old_asset_id.in_(both))):
        found.append(MergeError("already_merged"))
    pending = sa.select(ChangeRequest.change_id).where(
        ChangeRequest.asset_id.in_(both), ChangeRequest.status == ChangeStatus.PENDING
    )
    if _count(pending):
        found.append(MergeError("pending_changes"))
    members = sa.select(Link.link_id).where(
        Link.target_asset_id.in_(both), Link.link_type.in_(consent.MEMBERSHIP_TYPES)
    )
    if _count(members.where(consent.awaiting_explicit_consent())):
        found.append(MergeError("awaiting_consent"))
    elif survivor.special_category != merged.special_category and _count(members):
        # Consent to show one category is not consent to show another, nor to show any at all.
        found.append(MergeError("category_differs"))
    return found
