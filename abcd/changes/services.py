"""The one write path for community assets and links. Services never commit.

Every channel (forms today; import, workshop capture, merge and the API later) changes records
through here. ``WriteContext`` says who is writing and through which channel; the audit listener
records both. An officer of the record's authority changes it now; anyone else proposes, and the
proposal waits in a ``ChangeRequest`` for an officer of that authority while the public keeps
seeing the last approved version. Some fields are officers' alone whatever the channel.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from abcd import permissions
from abcd.areas.services import Location
from abcd.assets import rules
from abcd.assets.models import Asset, AssetKind, AssetStatus, Membership, SpecialCategory, Theme
from abcd.assets.services import AssetInput, ensure_current, resolve_location
from abcd.auth.models import User
from abcd.changes.models import ChangeKind, ChangeRequest, ChangeStatus, Channel
from abcd.errors import DomainError
from abcd.extensions import db
from abcd.i18n import record_name
from abcd.models_base import utcnow
from abcd.notices import services as notices

# Officers' fields whatever the channel (PRODUCT.md, "Who changes what").
OFFICER_FIELDS = frozenset({"status", "la_code", "kind", "membership", "special_category"})
LOCATION_FIELDS = ("postcode", "latitude", "longitude", "ward_code", "la_code")
TEXT_FIELDS = (
    "name_en", "name_cy", "description_en", "description_cy", "address",
    "contact_name", "contact_email", "contact_phone", "website", "accessibility_info",
)  # fmt: skip
ENUM_FIELDS: dict[str, type[Any]] = {
    "kind": AssetKind,
    "status": AssetStatus,
    "membership": Membership,
    "special_category": SpecialCategory,
}
EDITABLE_FIELDS = (*TEXT_FIELDS, *LOCATION_FIELDS, "kind", "membership", "special_category", "status", "themes")
# What a new record cannot be published without: approving a suggestion always keeps these.
REQUIRED_ITEMS = frozenset({"name_en", "kind", "location"})


class ChangeError(DomainError):
    """A change the write path refuses. Codes: officer_field (``fields``), outside_authority (``la_code``),
    not_allowed, nothing_changed, not_pending, reason_needed, invalid (``violations``), required_item."""


@dataclass(frozen=True)
class WriteContext:
    """Who is writing, and through which channel (with its reference, e.g. a workshop or an import batch)."""

    actor: User
    channel: Channel = Channel.FORM
    channel_ref: str | None = None

    def begin(self, channel_ref: str | None = None) -> None:
        """Tell the audit listener who writes, and how, for what this session flushes from now on."""
        db.session.info["actor_id"] = self.actor.user_id
        db.session.info["channel"] = self.channel.value
        db.session.info["channel_ref"] = channel_ref or self.channel_ref


# --- values -----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, AssetKind | AssetStatus | Membership | SpecialCategory):
        return value.value
    return None if value == "" else value


def asset_values(asset: Asset) -> dict[str, Any]:
    """A plain snapshot of an asset's editable fields; themes as sorted theme ids."""
    values = {name: _plain(getattr(asset, name)) for name in EDITABLE_FIELDS if name != "themes"}
    values["themes"] = sorted(t.theme_id for t in asset.themes)
    return values


def input_values(data: AssetInput, location: Location) -> dict[str, Any]:
    """The plain values an input would give a record, with its location resolved."""
    is_association = data.kind is AssetKind.ASSOCIATION
    values: dict[str, Any] = {name: _plain(getattr(data, name)) for name in TEXT_FIELDS}
    values.update(
        kind=data.kind.value,
        membership=data.membership.value if is_association and data.membership else None,
        special_category=data.special_category.value if is_association and data.special_category else None,
        status=data.status.value,
        themes=sorted(set(data.theme_ids)),
        postcode=location.postcode,
        latitude=location.latitude,
        longitude=location.longitude,
        ward_code=location.ward_code,
        la_code=location.la_code,
    )
    return values


def changed_fields(current: dict[str, Any], proposed: dict[str, Any]) -> set[str]:
    return {name for name, value in proposed.items() if name in current and _plain(current[name]) != _plain(value)}


def items_of(fields: Collection[str]) -> list[str]:
    """Fields as a reviewer approves them: the location fields travel together as "location"."""
    items = {"location" if name in LOCATION_FIELDS else name for name in fields}
    return [name for name in (*EDITABLE_FIELDS, "location") if name in items]


def fields_of(items: Collection[str]) -> set[str]:
    fields = set(items) - {"location"}
    return fields | set(LOCATION_FIELDS) if "location" in items else fields


def apply_values(asset: Asset, values: dict[str, Any], ctx: WriteContext) -> None:
    """Set plain ``values`` on ``asset`` now, audited under ``ctx``. The direct path: callers decide who may."""
    ctx.begin()
    category_before = _set_values(asset, values)
    if asset.kind is not AssetKind.ASSOCIATION:
        asset.membership = asset.special_category = None
    db.session.flush()
    _protect_members_if_needed(asset, category_before, ctx)


def _set_values(asset: Asset, values: dict[str, Any]) -> SpecialCategory | None:
    """Set plain values; returns the special category the record had before."""
    category_before = asset.special_category
    with db.session.no_autoflush:  # one flush, so one audit entry and one new version per change
        for name, value in values.items():
            if name == "themes":
                wanted = set(value or [])
                if wanted != {t.theme_id for t in asset.themes}:
                    query = sa.select(Theme).where(Theme.theme_id.in_(wanted))
                    asset.themes = list(db.session.scalars(query)) if wanted else []
                    asset.updated_at = utcnow()  # a collection change alone would not bump the version
            elif name in ENUM_FIELDS:
                setattr(asset, name, ENUM_FIELDS[name](value) if value else None)
            elif name in EDITABLE_FIELDS:
                setattr(asset, name, _plain(value))
    return category_before


def _protect_members_if_needed(asset: Asset, category_before: SpecialCategory | None, ctx: WriteContext) -> None:
    if asset.status is not AssetStatus.PENDING and asset.special_category not in (None, category_before):
        _protect_members(asset, category_before, ctx)


def _protect_members(association: Asset, previous: SpecialCategory | None, ctx: WriteContext) -> None:
    """A group that now reveals special-category data hides memberships not explicitly consented to,
    and asks those members; consent for one category does not cover another."""
    from abcd.groups import services as groups  # groups build on assets; the write path calls down into them

    groups.hide_unconsented_memberships(association, ctx.actor.user_id, previous=previous)


# --- submitting ---------------------------------------------------------------------------------


def _validate(data: AssetInput) -> Location:
    violations = rules.check(data)
    if violations:
        raise ChangeError("invalid", violations=violations)
    return resolve_location(data)


def submit_new_asset(data: AssetInput, ctx: WriteContext) -> Asset:
    """Add a record. An officer's is saved with the status they chose; anyone else's waits for review.

    Raises ChangeError (invalid, outside_authority) or LocationError.
    """
    location = _validate(data)
    actor = ctx.actor
    officer = permissions.is_officer(actor)
    if officer and not permissions.acts_for_authority(actor, location.la_code):
        raise ChangeError("outside_authority", la_code=location.la_code)
    values = input_values(data, location)
    if not officer:
        values["status"] = AssetStatus.PENDING.value
    asset = Asset(created_by_id=actor.user_id, themes=[], status=AssetStatus(values["status"]))
    db.session.add(asset)
    apply_values(asset, values, ctx)
    if not officer:
        _open_change(ChangeKind.NEW, asset, _without_status(asset_values(asset)), ctx)
    return asset


def submit_asset_edit(asset: Asset, data: AssetInput, expected_version: int, ctx: WriteContext) -> ChangeRequest | None:
    """Save an edit made on ``expected_version``: applied now for an officer of the record's authority
    (returns None), otherwise proposed for review (returns the ChangeRequest).

    Raises EditConflictError (someone saved in between), LocationError, ChangeError: invalid,
    outside_authority, officer_field, nothing_changed.
    """
    ensure_current(asset, expected_version)
    location = _validate(data)
    values = input_values(data, location)
    if permissions.acts_for_authority(ctx.actor, asset.la_code):
        if not permissions.acts_for_authority(ctx.actor, location.la_code):
            raise ChangeError("outside_authority", la_code=location.la_code)
        apply_values(asset, values, ctx)
        return None
    return _propose(asset, _without_status(values), ctx)


def _without_status(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if name != "status"}


def _propose(asset: Asset, values: dict[str, Any], ctx: WriteContext) -> ChangeRequest:
    changed = changed_fields(asset_values(asset), values)
    if not changed:
        raise ChangeError("nothing_changed")
    if asset.status is AssetStatus.PENDING:
        # The submitter refines a suggestion nobody has approved yet: the suggestion itself changes.
        apply_values(asset, values, ctx)
        return _open_change(ChangeKind.NEW, asset, _without_status(asset_values(asset)), ctx)
    if "la_code" in changed:
        raise ChangeError("outside_authority", la_code=values["la_code"], moving=True)
    officers_only = sorted(changed & OFFICER_FIELDS)
    if officers_only:
        raise ChangeError("officer_field", fields=officers_only)
    if {"postcode", "latitude", "longitude"} & changed:
        changed |= set(LOCATION_FIELDS) - {"la_code"}
    return _open_change(ChangeKind.CHANGE, asset, {name: values[name] for name in sorted(changed)}, ctx)


def request_archive(asset: Asset, ctx: WriteContext) -> ChangeRequest:
    """An organiser asks officers to archive their record (nothing is deleted)."""
    if asset.status is not AssetStatus.PUBLISHED:
        raise ChangeError("not_allowed")
    return _open_change(ChangeKind.ARCHIVE, asset, {"status": AssetStatus.ARCHIVED.value}, ctx)


def _open_change(kind: ChangeKind, asset: Asset, proposed: dict[str, Any], ctx: WriteContext) -> ChangeRequest:
    """Record a proposal; an earlier pending one of the same kind by the same person is superseded, and
    what it proposed that this one does not touch is carried forward, so a second suggestion never
    silently drops the first."""
    earlier = db.session.scalars(
        sa.select(ChangeRequest).where(
            ChangeRequest.asset_id == asset.asset_id,
            ChangeRequest.kind == kind,
            ChangeRequest.status == ChangeStatus.PENDING,
            ChangeRequest.submitted_by_id == ctx.actor.user_id,
        )
    )
    carried: dict[str, Any] = {}
    for change in earlier:
        change.status = ChangeStatus.SUPERSEDED
        if kind is ChangeKind.CHANGE:
            carried |= change.proposed
    proposed = {**carried, **proposed}
    change = ChangeRequest(
        kind=kind, asset_id=asset.asset_id, la_code=asset.la_code, ward_code=asset.ward_code,
        asset_kind=asset.kind, proposed=proposed, base_version=asset.version, channel=ctx.channel,
        channel_ref=ctx.channel_ref, submitted_by_id=ctx.actor.user_id,
    )  # fmt: skip
    db.session.add(change)
    db.session.flush()
    return change


def propose_link(proposed: dict[str, Any], la_code: str, person_id: int | None, ctx: WriteContext) -> ChangeRequest:
    """A link someone who may not make it directly proposes; an officer of ``la_code`` decides."""
    change = ChangeRequest(
        kind=ChangeKind.LINK, la_code=la_code, person_id=person_id, proposed=proposed,
        channel=ctx.channel, channel_ref=ctx.channel_ref, submitted_by_id=ctx.actor.user_id,
        asset_id=proposed.get("source_asset_id") or proposed.get("target_asset_id"),
    )  # fmt: skip
    db.session.add(change)
    db.session.flush()
    return change


# --- deciding -----------------------------------------------------------------------------------


def pending_changes_for(asset: Asset) -> list[ChangeRequest]:
    query = sa.select(ChangeRequest).where(
        ChangeRequest.asset_id == asset.asset_id, ChangeRequest.status == ChangeStatus.PENDING
    )
    return list(db.session.scalars(query.order_by(ChangeRequest.change_id)))


def _decidable(change: ChangeRequest, ctx: WriteContext) -> None:
    if change.status is not ChangeStatus.PENDING:
        raise ChangeError("not_pending")
    if change.kind is ChangeKind.NEW and change.asset_id is not None:
        asset = db.session.get(Asset, change.asset_id)
        if asset is None or asset.status is not AssetStatus.PENDING:
            raise ChangeError("not_pending")  # an officer already published, drafted or archived the record
    if not permissions.acts_for_authority(ctx.actor, change.la_code):
        raise ChangeError("not_allowed")


def approve(change: ChangeRequest, items: Collection[str] | None, ctx: WriteContext) -> ChangeRequest:
    """Approve all of a change (``items`` None) or the chosen items (fields; "location" for the place).

    A new record always keeps its name, kind and place; items left out of a new record are cleared.
    Raises ChangeError: not_pending, not_allowed, required_item, nothing_changed.
    """
    _decidable(change, ctx)
    offered = items_of(change.proposed)
    chosen = offered if items is None else [item for item in offered if item in set(items)]
    if change.kind is ChangeKind.NEW and not set(chosen) | (REQUIRED_ITEMS - set(offered)) >= REQUIRED_ITEMS:
        raise ChangeError("required_item")
    if not chosen and change.kind is not ChangeKind.LINK:
        raise ChangeError("nothing_changed")
    ctx.begin(f"change:{change.change_id}")
    db.session.info["channel"] = change.channel.value  # the change keeps the channel it came through
    if change.kind is ChangeKind.LINK:
        from abcd.links import services as links  # links build on assets and people; deciding calls down

        links.link_from_proposal(change.proposed, change.submitted_by_id)
    else:
        asset = db.session.get(Asset, change.asset_id)
        if asset is None:
            raise ChangeError("not_pending")
        category_before = _apply_decision(asset, change, fields_of(chosen))
        # A group published from a suggestion had no approved category before.
        _protect_members_if_needed(asset, None if change.kind is ChangeKind.NEW else category_before, ctx)
    change.status = ChangeStatus.APPROVED if len(chosen) == len(offered) else ChangeStatus.PARTLY_APPROVED
    change.approved_fields = list(chosen)
    change.decided_by_id, change.decided_at = ctx.actor.user_id, utcnow()
    db.session.flush()
    _tell_submitter(change, ctx)
    return change


def _apply_decision(asset: Asset, change: ChangeRequest, fields: set[str]) -> SpecialCategory | None:
    if change.kind is ChangeKind.NEW:
        cleared: dict[str, Any] = {
            name: ([] if name == "themes" else None) for name in change.proposed if name not in fields
        }
        values = {**cleared, "status": AssetStatus.PUBLISHED.value}
    else:
        values = {name: value for name, value in change.proposed.items() if name in fields}
    category_before = _set_values(asset, values)
    db.session.flush()
    return category_before


def reject(change: ChangeRequest, reason: str, ctx: WriteContext) -> ChangeRequest:
    """Refuse a change, with a reason the submitter is sent in their language. A refused new record is
    archived (demoted, never deleted). Raises ChangeError: not_pending, not_allowed, reason_needed."""
    _decidable(change, ctx)
    reason = (reason or "").strip()
    if not reason:
        raise ChangeError("reason_needed")
    ctx.begin(f"change:{change.change_id}")
    if change.kind is ChangeKind.NEW and change.asset_id is not None:
        asset = db.session.get(Asset, change.asset_id)
        if asset is not None and asset.status is AssetStatus.PENDING:
            asset.status = AssetStatus.ARCHIVED
    change.status = ChangeStatus.REJECTED
    change.reason = reason[:2000]
    change.decided_by_id, change.decided_at = ctx.actor.user_id, utcnow()
    db.session.flush()
    _tell_submitter(change, ctx)
    return change


def _record_name(change: ChangeRequest) -> str:
    """The record's name in the language in force (inside ``notices.send``: the submitter's)."""
    asset = db.session.get(Asset, change.asset_id) if change.asset_id is not None else None
    return record_name(asset if asset is not None else change.proposed)


def _tell_submitter(change: ChangeRequest, ctx: WriteContext) -> None:
    submitter = db.session.get(User, change.submitted_by_id) if change.submitted_by_id else None
    if submitter is None or submitter.user_id == ctx.actor.user_id:
        return

    def compose() -> tuple[str, str]:
        name = _record_name(change)
        if change.status is ChangeStatus.REJECTED:
            subject = _("Your suggestion about “%(name)s” was not accepted", name=name)
            body = _("An officer reviewed it and gave this reason: %(reason)s", reason=change.reason or "")
        elif change.status is ChangeStatus.PARTLY_APPROVED:
            subject = _("Part of your suggestion about “%(name)s” was accepted", name=name)
            body = _("An officer accepted some of what you suggested. Thank you for helping keep this up to date.")
        else:
            subject = _("Your suggestion about “%(name)s” was accepted", name=name)
            body = _("An officer accepted what you suggested. Thank you for helping keep this up to date.")
        return subject, body

    link = f"/assets/{change.asset_id}" if change.asset_id is not None else None
    notices.send(submitter, compose, link_path=link)
