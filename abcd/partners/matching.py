"""Ranking partners for a venue (and venues for an association): pure, over the viewer's graph.

The model (README, "Partner finder"): score = relevance x distance factor.

- relevance adds up points for each thing that fits, strongest first: a match on what the venue asked
  for (a skill, theme, audience or resource it looks for, which the candidate offers or works on:
  ``ASKED`` each); a match on what the venue offers (something the candidate looks for, or a theme the
  offer is for: ``OFFERED`` each); a theme both work on that nobody asked for (``SHARED_THEME`` each);
  people in common and other shared connections (a few points at most).
- the distance factor halves every ``HALF_KM`` km from the venue (1 at the door, ½ at 10 km, ¼ at 20 km);
  without a place to measure from, it is ``UNKNOWN_FACTOR`` (as if 10 km away).

So a match on what was asked for a few km away comes before a weak match far away. Each reason keeps
its points, so every result can be explained in words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from abcd.network.compact import Graph
from abcd.network.graph import PERSON, SKILL, Sight, distance_km, record, visible_links, visible_neighbours

RESOURCE_CATEGORIES = ("space", "equipment", "time", "expertise")
HALF_KM = 10.0  # a match counts half as much for every 10 km between the two
UNKNOWN_FACTOR = 0.5  # no place to measure: counted as if HALF_KM away
ASKED = 3.0  # each thing the venue asked for that the candidate offers or works on
OFFERED = 2.0  # each thing the venue offers that the candidate looks for (or works on)
SHARED_THEME = 1.0  # each theme both work on that nobody asked for
PERSON_POINTS, MAX_PEOPLE = 1.0, 3  # people in common: 1 point each, at most 3
LINK_POINTS, MAX_LINKS = 0.5, 2  # other shared connections: ½ point each, at most 1
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
    """What one node offers and looks for, from its offers, its links and its own themes.
    ``skill_themes`` (the source's only): the themes each of its skills is about (Music → music)."""

    key: str
    offers: set[str] = field(default_factory=set)  # resource categories
    seeks: set[str] = field(default_factory=set)
    offers_skills: set[str] = field(default_factory=set)
    seeks_skills: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    seeks_themes: set[str] = field(default_factory=set)
    offers_themes: set[str] = field(default_factory=set)
    point: tuple[float, float] | None = None
    skill_themes: dict[str, set[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Reason:
    """One part of a score. ``code`` and its ``items``:

    asked_skill (skill label) · asked_resource (category) · asked_theme (theme slug) · asked_skill_theme
    (skill label, theme slug) · they_seek_skill (skill label) · they_seek (category) · offered_theme
    (theme slug) · themes (theme slugs) · people · links · distance (``km``; ``points`` is the factor) ·
    no_distance (``points`` is the factor)."""

    code: str
    points: float = 0.0
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
    relevance: float = 0.0
    factor: float = 1.0
    km: float | None = None


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
        if row.theme:
            (side.seeks_themes if wanted else side.offers_themes).add(row.theme)
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


def wanted_themes(source: Side) -> set[str]:
    """Every theme a match on what the source asked for can be about (asked themes, and sought skills' themes)."""
    themes = set(source.seeks_themes)
    for skill in source.seeks_skills:
        themes |= source.skill_themes.get(skill, set())
    return themes


def interesting_themes(source: Side) -> set[str]:
    """Themes a candidate could share with the source in any way: asked for, on offer, or its own."""
    return wanted_themes(source) | source.offers_themes | source.themes


def distance_factor(km: float | None) -> float:
    return UNKNOWN_FACTOR if km is None else 0.5 ** (km / HALF_KM)


def _asked(source: Side, candidate: Side, labels: dict[str, str]) -> tuple[list[Reason], set[str]]:
    """Reasons on what the source asked for, and the themes they used (counted once)."""
    reasons = []
    used: set[str] = set()
    for skill in sorted(source.seeks_skills, key=lambda k: labels.get(k, k)):
        name = labels.get(skill, skill)
        if skill in candidate.offers_skills:
            reasons.append(Reason("asked_skill", ASKED, 1, (name,)))
            used |= source.skill_themes.get(skill, set())
            continue
        theme = next(iter(sorted((source.skill_themes.get(skill, set()) & candidate.themes) - used)), None)
        if theme is not None:
            reasons.append(Reason("asked_skill_theme", ASKED, 1, (name, theme)))
            used.add(theme)
    for theme in sorted((source.seeks_themes & candidate.themes) - used):
        reasons.append(Reason("asked_theme", ASKED, 1, (theme,)))
        used.add(theme)
    for category in RESOURCE_CATEGORIES:
        if category in source.seeks and category in candidate.offers:
            reasons.append(Reason("asked_resource", ASKED, 1, (category,)))
    return reasons, used


def _offered(source: Side, candidate: Side, labels: dict[str, str], used: set[str]) -> list[Reason]:
    reasons = []
    for skill in sorted(source.offers_skills & candidate.seeks_skills, key=lambda k: labels.get(k, k)):
        reasons.append(Reason("they_seek_skill", OFFERED, 1, (labels.get(skill, skill),)))
    for category in RESOURCE_CATEGORIES:
        if category in source.offers and category in candidate.seeks:
            reasons.append(Reason("they_seek", OFFERED, 1, (category,)))
    for theme in sorted(source.offers_themes & candidate.themes):  # may also be asked for: the other way round
        reasons.append(Reason("offered_theme", OFFERED, 1, (theme,)))
        used.add(theme)
    return reasons


def score_match(source: Side, candidate: Side, shared: Counter[str] | None, labels: dict[str, str]) -> Match | None:
    """How well ``candidate`` fits ``source`` (relevance x distance factor), with the reasons for each point;
    None when nothing but distance links them."""
    reasons, used = _asked(source, candidate, labels)
    reasons += _offered(source, candidate, labels, used)
    incidental = tuple(sorted((source.themes & candidate.themes) - used))
    if incidental:
        reasons.append(Reason("themes", SHARED_THEME * len(incidental), len(incidental), incidental))
    people, links = (shared or Counter())[PERSON], (shared or Counter())["links"]
    if people:
        reasons.append(Reason("people", PERSON_POINTS * min(people, MAX_PEOPLE), people))
    if links:
        reasons.append(Reason("links", LINK_POINTS * min(links, MAX_LINKS), links))
    if not reasons:
        return None
    relevance = sum(r.points for r in reasons)
    km = round(distance_km(*source.point, *candidate.point), 1) if source.point and candidate.point else None
    factor = distance_factor(km)
    reasons.append(Reason("distance", round(factor, 2), km=km) if km is not None else Reason("no_distance", factor))
    return Match(candidate.key, "", "", round(relevance * factor, 2), reasons, relevance, round(factor, 2), km)


def rank(
    graph: Graph,
    source: Side,
    candidates: dict[str, Side],
    shared: dict[str, Counter[str]],
    labels: dict[str, str],
    limit: int | None = 10,
    max_km: float | None = None,
) -> list[Match]:
    """The best ``limit`` candidates (all with None), best first; ties broken by name so the order is stable.
    ``labels`` names skills and candidates in the reader's language (a candidate missing from it keeps its
    graph label). With ``max_km``, only candidates known to be that close."""
    matches = []
    for key, side in candidates.items():
        if key == source.key:
            continue
        found = score_match(source, side, shared.get(key), labels)
        if found is None or (max_km is not None and (found.km is None or found.km > max_km)):
            continue
        rec = record(graph, key)
        label = labels.get(key, rec.label)
        matches.append(Match(key, label, rec.kind, found.score, found.reasons, found.relevance, found.factor, found.km))
    matches.sort(key=lambda m: (-m.score, m.label.casefold(), m.key))
    return matches if limit is None else matches[:limit]
