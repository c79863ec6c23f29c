"""Finding possible duplicates of a record, and of every record of an authority. Services never commit.

A record is compared only with records of its block: the same ward, or the same postcode district. The
import helper calls ``possible_duplicates_of`` for each row, the asset form as its user types, and the
officers' list ``authority_pairs`` on request (blocked, so it stays fast at design scale).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from abcd import permissions
from abcd.areas.services import LocationError, lookup_postcode
from abcd.assets.models import Asset, AssetStatus
from abcd.assets.services import AssetInput
from abcd.auth.models import User
from abcd.duplicates import keys
from abcd.duplicates.models import NotDuplicate
from abcd.duplicates.scoring import Match, Reason, Record, pairs_within, score_candidates, score_pair
from abcd.errors import DomainError
from abcd.extensions import db
from abcd.models_base import utcnow

__all__ = ["Candidate", "Pair", "possible_duplicates_of", "score_candidates"]
# What the asset form sends to the as-you-type check.
CHECKED_FIELDS = ("name_en", "name_cy", "postcode", "contact_phone", "contact_email", "website")
BLOCK_LIMIT = 5000  # more records than this in one ward or district would be a data problem, not a block


@dataclass(frozen=True)
class Candidate:
    """An existing record that may be the one being entered, and why."""

    asset: Asset
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Pair:
    first: Asset
    second: Asset
    score: float
    reasons: tuple[Reason, ...]


class DuplicateError(DomainError):
    """Codes: same_record, not_allowed."""


def record_of(asset: Asset | AssetInput, record_id: int | None = None) -> Record:
    return Record(
        record_id=record_id if record_id is not None else getattr(asset, "asset_id", None),
        names=tuple(name for name in (asset.name_en, asset.name_cy) if name),
        postcode=asset.postcode,
        phone=asset.contact_phone,
        email=asset.contact_email,
        website=asset.website,
    )


def _block_of(ward_code: str | None, postcode: str | None) -> list[Asset]:
    district = keys.postcode_district(postcode)
    conditions = []
    if ward_code:
        conditions.append(Asset.ward_code == ward_code)
    if district:
        conditions.append(Asset.postcode.like(f"{district} %"))
    if not conditions:
        return []
    query = sa.select(Asset).where(sa.or_(*conditions), Asset.status != AssetStatus.ARCHIVED)
    return list(db.session.scalars(query.order_by(Asset.asset_id).limit(BLOCK_LIMIT)))


def _ward_of(data: AssetInput) -> str | None:
    if not data.postcode:
        return None
    try:
        return lookup_postcode(data.postcode).ward_code
    except LocationError:
        return None  # the form says what is wrong with the postcode; the district still blocks


def possible_duplicates_of(subject: Asset | AssetInput, limit: int = 5) -> list[Candidate]:
    """Existing records (not archived) that may be ``subject`` again, best first: an asset being edited, or
    the input of a record not yet saved (a form, an import row). Visibility is the caller's to apply."""
    if isinstance(subject, Asset):
        ward_code, own_id = subject.ward_code, subject.asset_id
    else:
        ward_code, own_id = _ward_of(subject), None
    block = {asset.asset_id: asset for asset in _block_of(ward_code, subject.postcode) if asset.asset_id != own_id}
    me = record_of(subject, own_id if own_id is not None else 0)
    matches = score_candidates(me, (record_of(asset) for asset in block.values()))
    dismissed = _dismissed_with(own_id) if own_id is not None else set()
    found = [
        Candidate(block[m.second.record_id], m.score, m.reasons)
        for m in matches
        if m.second.record_id is not None and m.second.record_id not in dismissed
    ]
    return found[:limit]


def visible_duplicates_of(viewer: Any, subject: Asset | AssetInput, limit: int = 5) -> list[Candidate]:
    """``possible_duplicates_of`` as ``viewer`` may see it: only records they may open."""
    found = possible_duplicates_of(subject, limit=limit * 2)
    return [candidate for candidate in found if permissions.can_view_asset(viewer, candidate.asset)][:limit]


def _dismissed_with(asset_id: int) -> set[int]:
    rows = db.session.execute(
        sa.select(NotDuplicate.first_asset_id, NotDuplicate.second_asset_id).where(
            sa.or_(NotDuplicate.first_asset_id == asset_id, NotDuplicate.second_asset_id == asset_id)
        )
    )
    return {first if second == asset_id else second for first, second in rows}


def authority_pairs(la_code: str | None, limit: int = 200) -> list[Pair]:
    """Possible duplicate pairs among the records of an authority (every authority for None), best first,
    without the pairs an officer said are different. Blocks: each ward, and each postcode district."""
    query = sa.select(Asset).where(Asset.status != AssetStatus.ARCHIVED)
    if la_code is not None:
        query = query.where(Asset.la_code == la_code)
    assets = {asset.asset_id: asset for asset in db.session.scalars(query)}
    blocks: dict[str, list[Record]] = defaultdict(list)
    for asset in assets.values():
        record = record_of(asset)
        if asset.ward_code:
            blocks[f"ward:{asset.ward_code}"].append(record)
        if district := keys.postcode_district(asset.postcode):
            blocks[f"district:{district}"].append(record)
    dismissed = set(db.session.execute(sa.select(NotDuplicate.first_asset_id, NotDuplicate.second_asset_id)).tuples())
    pairs = (_pair(match, assets) for match in pairs_within(blocks.values()))
    kept = [pair for pair in pairs if (pair.first.asset_id, pair.second.asset_id) not in dismissed]
    return kept[:limit]


def _pair(match: Match, assets: dict[int, Asset]) -> Pair:
    return Pair(assets[match.first.record_id or 0], assets[match.second.record_id or 0], match.score, match.reasons)


def explain_pair(first: Asset, second: Asset) -> tuple[float, tuple[Reason, ...]]:
    """The score and reasons of any two records, blocked or not (the merge page shows them)."""
    match = score_pair(record_of(first), record_of(second))
    return match.score, match.reasons


def mark_not_duplicate(first: Asset, second: Asset, actor: User) -> NotDuplicate:
    """Remember that two records are different, so the pair is never offered again. Idempotent.
    Raises DuplicateError("same_record")."""
    if first.asset_id == second.asset_id:
        raise DuplicateError("same_record")
    low, high = sorted((first.asset_id, second.asset_id))
    existing = db.session.scalar(
        sa.select(NotDuplicate).where(NotDuplicate.first_asset_id == low, NotDuplicate.second_asset_id == high)
    )
    if existing is not None:
        return existing
    decision = NotDuplicate(first_asset_id=low, second_asset_id=high, decided_by_id=actor.user_id, decided_at=utcnow())
    db.session.add(decision)
    db.session.flush()
    return decision
