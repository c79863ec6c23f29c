"""Venue offers (what a venue offers and seeks) and the partner finder over the viewer's graph. Never commits."""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from abcd.areas.models import Ward
from abcd.assets.models import Asset, AssetStatus, Theme
from abcd.extensions import db
from abcd.i18n import in_language
from abcd.network.answers import Context
from abcd.network.bundle import Depends
from abcd.network.graph import PERSON, SKILL, node_key, record
from abcd.partners.matching import Match, OfferRow, Side, rank, shared_neighbours, side_of
from abcd.partners.models import OfferCategory, OfferDirection, VenueOffer
from abcd.people.models import Skill, SkillStatus, SkillSynonym

RESULTS_PER_KIND = 10
HOLDERS_PER_SKILL = 500  # enough candidates for a top ten, bounded for skills held by thousands


@dataclass
class OfferInput:
    direction: OfferDirection
    category: OfferCategory
    description_en: str | None = None
    description_cy: str | None = None
    skill_id: int | None = None
    theme_id: int | None = None


def offers_of(asset: Asset) -> list[VenueOffer]:
    query = sa.select(VenueOffer).where(VenueOffer.asset_id == asset.asset_id)
    return list(
        db.session.scalars(query.order_by(VenueOffer.direction, VenueOffer.category, VenueOffer.venue_offer_id))
    )


def venues_with_offers(limit: int = 200) -> list[Asset]:
    """Published assets that recorded what they offer or seek, by name."""
    with_offers = sa.select(VenueOffer.asset_id)
    query = sa.select(Asset).where(Asset.status == AssetStatus.PUBLISHED, Asset.asset_id.in_(with_offers))
    return list(db.session.scalars(query.order_by(Asset.name_en).limit(limit)))


def save_offer(offer: VenueOffer, data: OfferInput) -> VenueOffer:
    """Fill a new or existing offer from the form's data and add it to the session."""
    for name, value in vars(data).items():
        setattr(offer, name, value)
    db.session.add(offer)
    db.session.flush()
    return offer


def delete_offer(offer: VenueOffer) -> None:
    db.session.delete(offer)
    db.session.flush()


def find_skill(text: str) -> Skill | None:
    """An accepted skill by its English or Welsh name or a synonym, ignoring case; None when unknown."""
    term = text.strip().lower()
    if not term:
        return None
    by_name = sa.select(Skill).where(
        sa.or_(sa.func.lower(Skill.name_en) == term, sa.func.lower(Skill.name_cy) == term),
        Skill.status == SkillStatus.ACCEPTED,
    )
    found = db.session.scalars(by_name.limit(1)).first()
    if found is None:
        synonym = (
            sa.select(Skill).join(SkillSynonym).where(SkillSynonym.term == term, Skill.status == SkillStatus.ACCEPTED)
        )
        found = db.session.scalars(synonym.limit(1)).first()
    return found


def _all_offers(context: Context) -> dict[str, list[OfferRow]]:
    def build() -> dict[str, list[OfferRow]]:
        rows = db.session.execute(
            sa.select(VenueOffer.asset_id, VenueOffer.direction, VenueOffer.category, VenueOffer.skill_id, Theme.slug)
            .outerjoin(Theme, Theme.theme_id == VenueOffer.theme_id)
        )  # fmt: skip
        offers: dict[str, list[OfferRow]] = defaultdict(list)
        for asset_id, direction, category, skill_id, theme in rows:
            skill = node_key(SKILL, skill_id) if skill_id else None
            offers[node_key("asset", asset_id)].append(OfferRow(direction.value, category.value, skill, theme))
        return dict(offers)

    result: dict[str, list[OfferRow]] = context.cached(
        "offers", None, build, lambda _: Depends(tables=frozenset({"venue_offer", "theme", "skill"}))
    )
    return result


def _ward_points() -> dict[str, tuple[float, float]]:
    rows = db.session.execute(sa.select(Ward.code, Ward.centroid_lat, Ward.centroid_lon))
    return {code: (lat, lon) for code, lat, lon in rows if lat is not None and lon is not None}


@dataclass(frozen=True)
class PartnerResults:
    associations: list[Match]
    people: list[Match]
    venues: list[Match]


def _labels(context: Context, keys: set[str], welsh: bool) -> dict[str, str]:
    """Names of skills and candidates in the reader's language (``labels`` of ``matching.rank``)."""
    graph = context.bundle.graph
    labels = {}
    for key in keys:
        rec = record(graph, key)
        labels[key] = in_language(rec.label, rec.label_cy, "cy" if welsh else "en")[0] or rec.label
    return labels


def _holders(context: Context, skills: set[str]) -> set[str]:
    """Nodes holding (offering or seeking) any of ``skills`` through a link this viewer may see; for a
    skill held by thousands, the best connected ``HOLDERS_PER_SKILL`` of them."""
    graph, sight = context.bundle.graph, context.sight
    found: set[str] = set()
    for skill in skills:
        holders = [other for other in graph.adj[skill] if sight.sees_edge(graph, skill, other)]
        if len(holders) > HOLDERS_PER_SKILL:
            holders = heapq.nlargest(HOLDERS_PER_SKILL, holders, key=context.score)
        found.update(holders)
    return found


def find_partners(context: Context, asset: Asset, welsh: bool = False) -> PartnerResults:
    """Associations, consenting people (visible to the viewer) and other venues that fit this venue, explained."""
    graph, sight = context.bundle.graph, context.sight
    key = node_key("asset", asset.asset_id)
    offers = _all_offers(context)
    source = side_of(graph, sight, key, offers.get(key, []))
    shared = shared_neighbours(graph, sight, key)
    skills = source.seeks_skills | source.offers_skills
    wanted_themes = source.seeks_themes or source.themes
    pool = set(shared) | _holders(context, skills) | set(offers)
    pool |= {k for k in context.bundle.by_kind.get("association", []) if wanted_themes & set(record(graph, k).themes)}
    wards = _ward_points()
    groups: dict[str, dict[str, Side]] = {"association": {}, PERSON: {}, "venue": {}}
    for other in pool:
        if other not in graph or other == key or not sight.sees_node(graph, other):
            continue
        rec = record(graph, other)
        if rec.kind == PERSON:
            if not rec.findable:
                continue  # only people who agreed to be found
            point = wards.get(rec.ward or "") if sight.sees_place(rec) else None
            groups[PERSON][other] = side_of(graph, sight, other, [], point, only_skills=skills)
        elif rec.kind == "association" or rec.venue:
            group = "association" if rec.kind == "association" else "venue"
            groups[group][other] = side_of(graph, sight, other, offers.get(other, []), only_skills=skills)
    labels = _labels(context, skills | {k for group in groups.values() for k in group}, welsh)
    return PartnerResults(
        *(rank(graph, source, groups[g], shared, labels, RESULTS_PER_KIND) for g in ("association", PERSON, "venue"))
    )


def find_venues(
    context: Context, asset: Asset | None, needs: set[str], theme: str | None, welsh: bool = False
) -> list[Match]:
    """Venues offering what an association needs (its recorded needs, or the ones asked for), explained."""
    graph, sight = context.bundle.graph, context.sight
    offers = _all_offers(context)
    key = node_key("asset", asset.asset_id) if asset is not None else None
    if key is not None and key in graph:
        source = side_of(graph, sight, key, offers.get(key, []))
        shared = shared_neighbours(graph, sight, key)
    else:
        source, shared = Side("asset:0"), {}
    source.seeks |= needs
    if theme:
        source.seeks_themes.add(theme)
    skills = source.seeks_skills | source.offers_skills
    venues = {
        other: side_of(graph, sight, other, offers.get(other, []), only_skills=skills)
        for other in context.bundle.by_kind.get("venue", [])
        if other != key and sight.sees_node(graph, other)
    }
    return rank(graph, source, venues, shared, _labels(context, skills | set(venues), welsh), limit=20)
