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
from abcd.network.graph import PERSON, SKILL, NodeRecord, node_key, record, split_key
from abcd.partners.matching import Match, OfferRow, Side, interesting_themes, rank, shared_neighbours, side_of
from abcd.partners.models import OfferCategory, OfferDirection, VenueOffer
from abcd.people.models import Person, Skill, SkillStatus, SkillSynonym
from abcd.search.assets import asset_terms
from abcd.search.terms import Terms, matches

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

    def all(self) -> list[Match]:
        return [*self.associations, *self.people, *self.venues]


@dataclass(frozen=True)
class PartnerFilters:
    """Which candidates to rank: within ``max_km`` of the venue, in ``authority``, of one ``kind``
    (association | person | venue), with ``text`` in their name."""

    max_km: float | None = None
    authority: str | None = None
    kind: str | None = None
    text: str = ""


GROUPS = ("association", PERSON, "venue")


def _labels(context: Context, keys: set[str], welsh: bool) -> dict[str, str]:
    """Names of skills and candidates in the reader's language (``labels`` of ``matching.rank``)."""
    graph = context.bundle.graph
    labels = {}
    for key in keys:
        rec = record(graph, key)
        labels[key] = in_language(rec.label, rec.label_cy, "cy" if welsh else "en")[0] or rec.label
    return labels


def skill_themes(skills: set[str]) -> dict[str, set[str]]:
    """The themes each skill is about: a theme whose slug or name (either language) is the skill's name or
    one of its synonyms (Music → music, Youth work's "young people" → young-people)."""
    ids = {parts[1]: key for key in skills if (parts := split_key(key)) is not None}
    if not ids:
        return {}
    terms: dict[int, set[str]] = defaultdict(set)
    for skill_id, name_en, name_cy in db.session.execute(
        sa.select(Skill.skill_id, Skill.name_en, Skill.name_cy).where(Skill.skill_id.in_(ids))
    ):
        terms[skill_id] |= {name_en.casefold(), (name_cy or name_en).casefold()}
    for skill_id, term in db.session.execute(
        sa.select(SkillSynonym.skill_id, SkillSynonym.term).where(SkillSynonym.skill_id.in_(ids))
    ):
        terms[skill_id].add(term.casefold())
    names = {
        t.slug: {t.slug, t.slug.replace("-", " "), t.name_en.casefold(), t.name_cy.casefold()}
        for t in db.session.scalars(sa.select(Theme))
    }
    return {
        ids[skill_id]: {slug for slug, known in names.items() if known & found} for skill_id, found in terms.items()
    }


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


def _passes(rec: NodeRecord, group: str, filters: PartnerFilters, place_seen: bool, terms: Terms) -> bool:
    """The authority, kind and name filters (distance is the ranking's, once it is measured). Names match as
    in the directory's search: word starts, any case or accent, the skills' synonyms ("cor" finds Côr)."""
    if filters.kind and filters.kind != group:
        return False
    if filters.authority and (not place_seen or rec.la != filters.authority):
        return False  # a person whose place the viewer may not see is never placed in an authority
    return not terms or matches(terms, rec.label, rec.label_cy)


def find_partners(
    context: Context,
    asset: Asset,
    welsh: bool = False,
    filters: PartnerFilters | None = None,
    limit: int | None = RESULTS_PER_KIND,
) -> PartnerResults:
    """Associations, consenting people (visible to the viewer) and other venues that fit this venue, ranked
    by relevance x distance (``matching``) and explained; ``limit`` per kind (None: every match)."""
    filters = filters or PartnerFilters()
    graph, sight = context.bundle.graph, context.sight
    key = node_key("asset", asset.asset_id)
    offers = _all_offers(context)
    source = side_of(graph, sight, key, offers.get(key, []))
    source.skill_themes = skill_themes(source.seeks_skills)
    shared = shared_neighbours(graph, sight, key)
    skills = source.seeks_skills | source.offers_skills
    themed = interesting_themes(source)
    pool = set(shared) | _holders(context, skills) | set(offers)
    pool |= {k for k in context.bundle.by_kind.get("association", []) if themed & set(record(graph, k).themes)}
    wards = _ward_points()
    terms = asset_terms(filters.text) if filters.text.strip() else Terms(())
    groups: dict[str, dict[str, Side]] = {group: {} for group in GROUPS}
    for other in pool:
        if other not in graph or other == key or not sight.sees_node(graph, other):
            continue
        rec = record(graph, other)
        if rec.kind == PERSON:
            if not rec.findable:
                continue  # only people who agreed to be found
            seen = sight.sees_place(rec)
            if _passes(rec, PERSON, filters, seen, terms):
                point = wards.get(rec.ward or "") if seen else None
                groups[PERSON][other] = side_of(graph, sight, other, [], point, only_skills=skills)
        elif rec.kind == "association" or rec.venue:
            group = "association" if rec.kind == "association" else "venue"
            if _passes(rec, group, filters, True, terms):
                groups[group][other] = side_of(graph, sight, other, offers.get(other, []), only_skills=skills)
    labels = _labels(context, skills | {k for group in groups.values() for k in group}, welsh)
    return PartnerResults(
        *(rank(graph, source, groups[g], shared, labels, limit, filters.max_km) for g in GROUPS)
    )  # fmt: skip


def accepting_messages(matches: list[Match]) -> set[str]:
    """The people among ``matches`` who let signed-in members message them through the site's relay."""
    ids = {parts[1] for m in matches if (parts := split_key(m.key)) is not None and parts[0] == PERSON}
    if not ids:
        return set()
    query = sa.select(Person.person_id).where(Person.person_id.in_(ids), Person.accepts_messages.is_(True))
    return {node_key(PERSON, pid) for pid in db.session.scalars(query)}


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
    source.skill_themes = skill_themes(source.seeks_skills)
    skills = source.seeks_skills | source.offers_skills
    venues = {
        other: side_of(graph, sight, other, offers.get(other, []), only_skills=skills)
        for other in context.bundle.by_kind.get("venue", [])
        if other != key and sight.sees_node(graph, other)
    }
    return rank(graph, source, venues, shared, _labels(context, skills | set(venues), welsh), limit=20)
