"""Ranking partners for a venue (and venues for an association): pure, over the viewer's graph.

A match is scored on shared connections, skills one side seeks and the other offers, themes,
what one side offers that the other seeks (space, equipment, time, expertise), and distance; each
reason is kept, so every result can be explained in words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from abcd.network.compact import Graph
from abcd.network.graph import PERSON, SKILL, Sight, distance_km, record, visible_links, visible_neighbours

RESOURCE_CATEGORIES = ("space", "equipment", "time", "expertise")
NEAR_KM = 10.0  # beyond this, distance adds nothing to a match
HUB_LIMIT = 2000  # a shared neighbour with more links than this says little about two nodes


@dataclass(frozen=True)
class OfferRow:
    """One VenueOffer as plain data; ``skill`` is a node key, ``theme`` a theme slug."""

    direction: str  # offers | seeks
    category: str
    skill: str | None = None
    theme: str | None = None


@dataclass
class Side:
    """What one node offers and looks for, from its offers, its links and its own themes."""

    key: str
    offers: set[str] = field(default_factory=set)  # resource categories
    seeks: set[str] = field(default_factory=set)
    offers_skills: set[str] = field(default_factory=set)
    seeks_skills: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    seeks_themes: set[str] = field(default_factory=set)
    point: tuple[float, float] | None = None


@dataclass(frozen=True)
class Reason:
    """``code``: people | links | they_offer_skills | want_your_skills | themes | they_offer | they_seek | distance."""

    code: str
    count: int = 0
    items: tuple[str, ...] = ()
    km: float | None = None


@dataclass(frozen=True)
class Match:
    key: str
    label: str
    kind: str
    score: float
    reasons: list[Reason]


def side_of(
    graph: Graph,
    sight: Sight,
    key: str,
    offers: Iterable[OfferRow],
    point: tuple[float, float] | None = None,
    only_skills: set[str] | None = None,
) -> Side:
    """``only_skills`` limits the skill links looked at to those (a candidate needs only the source's
    skills checked, and a group with thousands of members is then not walked)."""
    rec = record(graph, key)
    side = Side(key, themes=set(rec.themes), point=point or _point(rec.lat, rec.lon))
    for row in offers:
        wanted = row.direction == "seeks"
        if row.category in RESOURCE_CATEGORIES:
            (side.seeks if wanted else side.offers).add(row.category)
        if row.skill:
            (side.seeks_skills if wanted else side.offers_skills).add(row.skill)
        if row.theme and wanted:
            side.seeks_themes.add(row.theme)
    if only_skills is None:
        skills = [o for o in visible_neighbours(graph, sight, key) if record(graph, o).kind == SKILL]
    else:
        adjacency = graph.adj[key]  # walk the smaller side: a few skills, or a node with few links
        pool = [o for o in adjacency if o in only_skills] if len(adjacency) < len(only_skills) else only_skills
        skills = [o for o in pool if o in adjacency and sight.sees_edge(graph, key, o)]
    for other in skills:
        for link_type, source in visible_links(graph, sight, key, other):
            if link_type in ("offered_skill", "offers") and source == key:
                side.offers_skills.add(other)
            elif link_type in ("wanted_skill", "seeks") and source == key:
                side.seeks_skills.add(other)
    return side


def _point(lat: float | None, lon: float | None) -> tuple[float, float] | None:
    return (lat, lon) if lat is not None and lon is not None else None


def shared_neighbours(graph: Graph, sight: Sight, key: str) -> dict[str, Counter[str]]:
    """For every node two steps from ``key`` (not through skills or huge hubs): its shared neighbours by kind."""
    shared: dict[str, Counter[str]] = {}
    for middle in visible_neighbours(graph, sight, key):
        kind = record(graph, middle).kind
        if kind == SKILL or graph.degree(middle) > HUB_LIMIT:
            continue
        for other in visible_neighbours(graph, sight, middle):
            if other != key:
                shared.setdefault(other, Counter())[PERSON if kind == PERSON else "links"] += 1
    return shared


def score_match(source: Side, candidate: Side, shared: Counter[str] | None, labels: dict[str, str]) -> Match | None:
    """How well ``candidate`` fits ``source``, with reasons; None when nothing but distance links them."""
    reasons: list[Reason] = []
    points = 0.0
    people, links = (shared or Counter())[PERSON], (shared or Counter())["links"]
    if people:
        reasons.append(Reason("people", people))
        points += 3 * min(people, 5)
    if links:
        reasons.append(Reason("links", links))
        points += 2 * min(links, 5)
    for code, mine, theirs in (
        ("they_offer_skills", source.seeks_skills, candidate.offers_skills),
        ("want_your_skills", source.offers_skills, candidate.seeks_skills),
    ):
        both = mine & theirs
        if both:
            reasons.append(Reason(code, len(both), tuple(sorted(labels.get(k, k) for k in both))))
            points += 2.5 * len(both)
    themes = (source.seeks_themes or source.themes) & candidate.themes
    if themes:
        reasons.append(Reason("themes", len(themes), tuple(sorted(themes))))
        points += 2 * len(themes)
    for code, mine, theirs in (
        ("they_offer", source.seeks, candidate.offers),
        ("they_seek", source.offers, candidate.seeks),
    ):
        both = mine & theirs
        if both:
            reasons.append(Reason(code, len(both), tuple(c for c in RESOURCE_CATEGORIES if c in both)))
            points += 2 * len(both)
    if not reasons:
        return None
    if source.point and candidate.point:
        km = distance_km(*source.point, *candidate.point)
        reasons.append(Reason("distance", km=round(km, 1)))
        points += max(0.0, NEAR_KM - km) / NEAR_KM * 3
    return Match(candidate.key, "", "", round(points, 2), reasons)


def rank(
    graph: Graph,
    source: Side,
    candidates: dict[str, Side],
    shared: dict[str, Counter[str]],
    labels: dict[str, str],
    limit: int = 10,
) -> list[Match]:
    """The best ``limit`` candidates, best first; ties broken by name so the order is stable. ``labels`` names
    skills and candidates in the reader's language (a candidate missing from it keeps its graph label)."""
    matches = []
    for key, side in candidates.items():
        if key == source.key:
            continue
        found = score_match(source, side, shared.get(key), labels)
        if found is not None:
            rec = record(graph, key)
            matches.append(Match(key, labels.get(key, rec.label), rec.kind, found.score, found.reasons))
    matches.sort(key=lambda m: (-m.score, m.label.casefold(), m.key))
    return matches[:limit]
