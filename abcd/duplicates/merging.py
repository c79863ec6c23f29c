"""Merging one asset into another, and undoing it from the snapshot taken at merge time. Services never commit.

Everything goes through the governed write path with ``Channel.MERGE`` (channel reference "merge:<id>", or
"unmerge:<id>"), so each change is audited. Rows move one by one through the ORM (never a bulk statement:
the change feed and the live graph follow each row). The merged record is archived, never deleted, and
its old address redirects to the survivor.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from abcd import permissions
from abcd.assets.models import Asset, AssetStatus
from abcd.changes.models import Channel
from abcd.changes.services import LOCATION_FIELDS, WriteContext, apply_values, asset_values
from abcd.duplicates.models import AssetMerge, AssetRedirect
from abcd.duplicates.plan import CHOSEN_FIELDS, MergeError, link_identity, links_of, refusals
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility, utcnow
from abcd.partners.models import VenueOffer
from abcd.people.models import ConsentRecord, Person, Skill

SURVIVOR, MERGED = "survivor", "merged"
_LINK_COLUMNS = (
    "link_id", "link_type", "source_person_id", "source_asset_id", "target_person_id", "target_asset_id",
    "target_skill_id", "role", "visibility", "workshop_id", "created_by_id", "created_at",
)  # fmt: skip


def chosen_values(survivor: Asset, merged: Asset, choices: Mapping[str, str]) -> dict[str, Any]:
    """The survivor's values after the merge: each chosen field from the record chosen (the survivor's
    when not chosen); the themes of both."""
    mine, theirs = asset_values(survivor), asset_values(merged)
    values: dict[str, Any] = {}
    for name in CHOSEN_FIELDS:
        source = theirs if choices.get(name) == MERGED else mine
        for part in LOCATION_FIELDS if name == "location" else (name,):
            values[part] = source.get(part)
    values["themes"] = sorted(set(mine["themes"]) | set(theirs["themes"]))
    return values


def merge(
    survivor: Asset, merged: Asset, choices: Mapping[str, str], versions: tuple[int, int], ctx: WriteContext
) -> AssetMerge:
    """Fold ``merged`` into ``survivor`` in the caller's transaction. ``versions`` are the two records'
    versions as the officer saw them. Raises MergeError (the first refusal; see ``plan.refusals``, and
    ``stale`` when either record changed since it was shown)."""
    if (survivor.version, merged.version) != tuple(versions):
        raise MergeError("stale")
    refused = refusals(survivor, merged, ctx.actor)
    if refused:
        raise refused[0]
    record = AssetMerge(
        survivor_id=survivor.asset_id, merged_id=merged.asset_id, la_code=survivor.la_code,
        merged_by_id=ctx.actor.user_id, merged_at=utcnow(),
    )  # fmt: skip
    db.session.add(record)
    db.session.flush()
    ctx = WriteContext(ctx.actor, Channel.MERGE, f"merge:{record.merge_id}")
    ctx.begin()
    snapshot: dict[str, Any] = {SURVIVOR: asset_values(survivor), MERGED: asset_values(merged)}
    snapshot.update(_move_links(merged.asset_id, survivor.asset_id))
    snapshot["offers"] = _move_offers(merged.asset_id, survivor.asset_id)
    snapshot["redirects"] = _follow_redirects(merged.asset_id, survivor.asset_id)
    apply_values(survivor, chosen_values(survivor, merged, choices), ctx)
    apply_values(merged, {"status": AssetStatus.ARCHIVED.value}, ctx)
    db.session.add(AssetRedirect(old_asset_id=merged.asset_id, survivor_id=survivor.asset_id, merge_id=record.merge_id))
    db.session.flush()
    snapshot["versions"] = {SURVIVOR: survivor.version, MERGED: merged.version}
    record.snapshot = snapshot
    record.survivor_version = survivor.version
    db.session.flush()
    return record


def _move_links(merged_id: int, survivor_id: int) -> dict[str, Any]:
    """Re-point every link of the merged record to the survivor. A link that would become one the survivor
    already has (or join the survivor to itself) is removed, its consents moving to the link kept; an
    organiser of the merged group stays an organiser of the survivor."""
    kept = {link_identity(link, merged_id, survivor_id): link for link in links_of(survivor_id)}
    moved: list[list[Any]] = []
    dropped: list[dict[str, Any]] = []
    consents: list[list[int]] = []
    retyped: list[list[Any]] = []
    for link in links_of(merged_id):
        identity = link_identity(link, merged_id, survivor_id)
        keeper = kept.get(identity) if identity is not None else None
        if identity is not None and keeper is None:
            for column in ("source_asset_id", "target_asset_id"):
                if getattr(link, column) == merged_id:
                    setattr(link, column, survivor_id)
                    moved.append([link.link_id, column])
            kept[identity] = link
            continue
        if keeper is not None:
            if link.link_type is LinkType.ORGANISES and keeper.link_type is LinkType.MEMBER_OF:
                retyped.append([keeper.link_id, keeper.link_type.value])
                keeper.link_type = LinkType.ORGANISES
            for record in db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.link_id == link.link_id)):
                record.link_id = keeper.link_id
                consents.append([record.consent_id, link.link_id])
        dropped.append({column: _plain(getattr(link, column)) for column in _LINK_COLUMNS})
        db.session.flush()  # the consents point at the keeper before the link (and its cascade) goes
        db.session.delete(link)
    db.session.flush()
    return {"moved_links": moved, "dropped_links": dropped, "moved_consents": consents, "retyped_links": retyped}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value.value if isinstance(value, LinkType | Visibility) else value


def _move_offers(merged_id: int, survivor_id: int) -> list[int]:
    offers = list(db.session.scalars(sa.select(VenueOffer).where(VenueOffer.asset_id == merged_id)))
    for offer in offers:
        offer.asset_id = survivor_id
    return [offer.venue_offer_id for offer in offers]


def _follow_redirects(merged_id: int, survivor_id: int) -> list[int]:
    """Records merged into the merged one earlier now redirect straight to the survivor."""
    earlier = list(db.session.scalars(sa.select(AssetRedirect).where(AssetRedirect.survivor_id == merged_id)))
    for redirect in earlier:
        redirect.survivor_id = survivor_id
    return [redirect.old_asset_id for redirect in earlier]


def unmerge(record: AssetMerge, ctx: WriteContext) -> tuple[Asset, Asset]:
    """Undo a merge from its snapshot: both records get their values back, and what moved moves back
    (removed duplicate links are made again, with their consents). Returns (survivor, merged).

    Raises MergeError: already_undone; changed_since when either record was edited after the merge (undo
    those edits from the record's history first); not_allowed outside the actor's authority."""
    survivor, merged = db.session.get(Asset, record.survivor_id), db.session.get(Asset, record.merged_id)
    if record.undone_at is not None or survivor is None or merged is None:
        raise MergeError("already_undone")
    if not permissions.can_merge_assets(ctx.actor, survivor, merged):
        raise MergeError("not_allowed")
    snapshot = record.snapshot
    versions = snapshot.get("versions", {})
    if (survivor.version, merged.version) != (versions.get(SURVIVOR), versions.get(MERGED)):
        raise MergeError("changed_since")
    ctx = WriteContext(ctx.actor, Channel.MERGE, f"unmerge:{record.merge_id}")
    ctx.begin()
    _restore_links(snapshot, record.merged_id, record.survivor_id)
    for offer_id in snapshot.get("offers", []):
        offer = db.session.get(VenueOffer, offer_id)
        if offer is not None and offer.asset_id == record.survivor_id:
            offer.asset_id = record.merged_id
    for old_asset_id in snapshot.get("redirects", []):
        redirect = db.session.get(AssetRedirect, old_asset_id)
        if redirect is not None:
            redirect.survivor_id = record.merged_id
    own = db.session.get(AssetRedirect, record.merged_id)
    if own is not None:
        db.session.delete(own)
    apply_values(survivor, snapshot[SURVIVOR], ctx)
    apply_values(merged, snapshot[MERGED], ctx)
    record.undone_at, record.undone_by_id = utcnow(), ctx.actor.user_id
    db.session.flush()
    return survivor, merged


def _restore_links(snapshot: dict[str, Any], merged_id: int, survivor_id: int) -> None:
    for link_id, column in snapshot.get("moved_links", []):
        link = db.session.get(Link, link_id)
        if link is not None and getattr(link, column) == survivor_id:
            setattr(link, column, merged_id)
    for link_id, link_type in snapshot.get("retyped_links", []):
        link = db.session.get(Link, link_id)
        if link is not None:
            link.link_type = LinkType(link_type)
    for values in snapshot.get("dropped_links", []):
        if db.session.get(Link, values["link_id"]) is None and _ends_exist(values):
            db.session.add(_link_from(values))
    db.session.flush()
    for consent_id, link_id in snapshot.get("moved_consents", []):
        consent = db.session.get(ConsentRecord, consent_id)
        if consent is not None and db.session.get(Link, link_id) is not None:
            consent.link_id = link_id


def _link_from(values: dict[str, Any]) -> Link:
    fields = dict(values)
    fields["link_type"] = LinkType(fields["link_type"])
    fields["visibility"] = Visibility(fields["visibility"])
    fields["created_at"] = datetime.fromisoformat(fields["created_at"]) if fields.get("created_at") else utcnow()
    return Link(**fields)  # its own id again: audit entries and consents name it


def _ends_exist(values: dict[str, Any]) -> bool:
    """A person erased since the merge takes their links with them: those are not made again."""
    checks = (
        (Person, values.get("source_person_id")), (Asset, values.get("source_asset_id")),
        (Person, values.get("target_person_id")), (Asset, values.get("target_asset_id")),
        (Skill, values.get("target_skill_id")),
    )  # fmt: skip
    return all(db.session.get(model, key) is not None for model, key in checks if key is not None)


def recent_merges(la_code: str | None, limit: int = 20) -> list[AssetMerge]:
    """The latest merges of an authority (of all for None), newest first, undone ones included."""
    query = sa.select(AssetMerge).order_by(AssetMerge.merge_id.desc()).limit(limit)
    if la_code is not None:
        query = query.where(AssetMerge.la_code == la_code)
    return list(db.session.scalars(query))
