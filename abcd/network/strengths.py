"""Strengths of an area in the network: its connectors, communities, assets ready for new connections
(with suggestions) and a short profile. Pure: takes the graph, a viewer and stored metrics.

Everything is phrased as a strength: an asset with no links yet is "ready to connect", never "isolated".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from abcd.network.compact import Graph
from abcd.network.graph import PERSON, SKILL, NodeMetrics, NodeRecord, Sight, distance_km, record, visible_neighbours

CONNECTOR_KINDS = frozenset({PERSON, "association"})
NEARBY_KM = 2.0
SUGGESTION_POOL = 400  # candidates scored per asset: enough for good suggestions, bounded at any scale


@dataclass(frozen=True)
class Connector:
    rec: NodeRecord
    score: float
    bridges: int
    links: int


@dataclass(frozen=True)
class Community:
    number: int
    members_here: int
    kinds: dict[str, int]
    leaders: list[NodeRecord]  # its best connected visible members in the area


@dataclass(frozen=True)
class Reason:
    """Why a suggestion fits: ``code`` is themes | skills | ward | distance | connector."""

    code: str
    items: tuple[str, ...] = ()
    km: float | None = None


@dataclass(frozen=True)
class Suggestion:
    rec: NodeRecord
    reasons: list[Reason]


@dataclass(frozen=True)
class ReadyAsset:
    rec: NodeRecord
    suggestions: list[Suggestion]


@dataclass
class Profile:
    kinds: Counter[str] = field(default_factory=Counter)
    top_skills: list[tuple[NodeRecord, int]] = field(default_factory=list)
    association_themes: list[tuple[str, int]] = field(default_factory=list)


def _score(metrics: Mapping[str, NodeMetrics], key: str) -> float:
    found = metrics.get(key)
    return found.connector_score if found else 0.0


def find_connectors(
    graph: Graph, sight: Sight, keys: Iterable[str], metrics: Mapping[str, NodeMetrics], limit: int = 10
) -> list[Connector]:
    """People and associations in the area who link otherwise separate parts, best first."""
    found = []
    for key in keys:
        rec, metric = record(graph, key), metrics.get(key)
        if rec.kind in CONNECTOR_KINDS and metric and metric.connector_score > 0:
            found.append((metric.connector_score, key, metric))
    found.sort(key=lambda item: (-item[0], item[1]))
    return [
        Connector(record(graph, key), score, metric.bridges, sum(1 for _ in visible_neighbours(graph, sight, key)))
        for score, key, metric in found[:limit]
    ]


def summarise_communities(
    graph: Graph,
    keys: Iterable[str],
    metrics: Mapping[str, NodeMetrics],
    limit: int = 10,
    min_size: int = 3,
    sight: Sight | None = None,
) -> list[Community]:
    """The communities with most members in the area (``keys`` are already visible to the viewer). Each
    one's leaders: places and groups before people, then by connector score, then by links the viewer
    can see within the area, then by name (as abcd.network.readable names the diagram's communities)."""
    keys = list(keys)
    area = set(keys)

    def links(key: str) -> int:
        return sum(1 for o in visible_neighbours(graph, sight, key) if o in area) if sight is not None else 0

    members: dict[int, list[str]] = defaultdict(list)
    for key in keys:
        metric = metrics.get(key)
        if metric and metric.community >= 0:
            members[metric.community].append(key)
    biggest = sorted((c for c in members.items() if len(c[1]) >= min_size), key=lambda c: (-len(c[1]), c[0]))
    summaries = []
    for number, community_keys in biggest[:limit]:
        kinds = Counter(record(graph, key).kind for key in community_keys)
        ranked = sorted(
            community_keys,
            key=lambda key: (
                record(graph, key).kind == PERSON, -_score(metrics, key), -links(key),
                record(graph, key).label.casefold(),
            ),
        )  # fmt: skip
        summaries.append(Community(number, len(community_keys), dict(kinds), [record(graph, k) for k in ranked[:3]]))
    return summaries


def ready_assets(graph: Graph, sight: Sight, keys: Iterable[str], limit: int = 25) -> list[str]:
    """Assets with no link yet to a person or another asset (links to skills do not count)."""
    ready = []
    for key in keys:
        rec = record(graph, key)
        if rec.kind in (PERSON, SKILL):
            continue
        if not any(record(graph, other).kind != SKILL for other in visible_neighbours(graph, sight, key)):
            ready.append(key)
    return sorted(ready, key=lambda key: record(graph, key).label.casefold())[:limit]


def _skills_of(graph: Graph, sight: Sight, key: str) -> set[str]:
    return {other for other in visible_neighbours(graph, sight, key) if record(graph, other).kind == SKILL}


def suggest_connections(
    graph: Graph,
    sight: Sight,
    key: str,
    pool: list[str],
    metrics: Mapping[str, NodeMetrics],
    limit: int = 3,
) -> list[Suggestion]:
    """Assets in the area this one could connect with: shared themes and skills, same ward, nearness."""
    rec = record(graph, key)
    own_skills = _skills_of(graph, sight, key)
    scored = []
    for other in pool:
        if other == key:
            continue
        candidate = record(graph, other)
        reasons: list[Reason] = []
        points = 0.0
        themes = tuple(sorted(set(rec.themes) & set(candidate.themes)))
        if themes:
            reasons.append(Reason("themes", themes))
            points += 2 * len(themes)
        skills = own_skills & _skills_of(graph, sight, other)
        if skills:
            reasons.append(Reason("skills", tuple(sorted(record(graph, s).label for s in skills))))
            points += 2 * len(skills)
        if rec.ward and candidate.ward == rec.ward:
            reasons.append(Reason("ward"))
            points += 1
        if None not in (rec.lat, rec.lon, candidate.lat, candidate.lon):
            km = distance_km(rec.lat, rec.lon, candidate.lat, candidate.lon)  # type: ignore[arg-type]
            if km <= NEARBY_KM:
                reasons.append(Reason("distance", km=round(km, 1)))
                points += 1 - km / (2 * NEARBY_KM)
        if _score(metrics, other) >= 50:
            reasons.append(Reason("connector"))
            points += 1
        if points > 0 and any(r.code in ("themes", "skills") for r in reasons):
            scored.append((-points, candidate.label.casefold(), Suggestion(candidate, reasons)))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [suggestion for _, _, suggestion in scored[:limit]]


def suggestion_pool(graph: Graph, keys: Iterable[str], rec: NodeRecord) -> list[str]:
    """Assets in the area sharing a theme with ``rec`` or in its ward: the only ones worth scoring."""
    pool = []
    wanted = set(rec.themes)
    for key in keys:
        other = record(graph, key)
        if other.kind in (PERSON, SKILL):
            continue
        if wanted & set(other.themes) or (rec.ward and other.ward == rec.ward):
            pool.append(key)
            if len(pool) >= SUGGESTION_POOL:
                break
    return pool


def strengths_profile(graph: Graph, sight: Sight, keys: Iterable[str], top: int = 10) -> Profile:
    """Counts by kind, the skills most offered by people here, and associations per theme."""
    profile = Profile()
    skills: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    for key in keys:
        rec = record(graph, key)
        profile.kinds[rec.kind] += 1
        if rec.kind == PERSON:
            for other in visible_neighbours(graph, sight, key):
                if record(graph, other).kind == SKILL and _offered(graph, sight, key, other):
                    skills[other] += 1
        elif rec.kind == "association":
            themes.update(rec.themes)
    profile.top_skills = [(record(graph, key), count) for key, count in _ranked(skills, top)]
    profile.association_themes = _ranked(themes, top)
    return profile


def _ranked(counter: Counter[str], top: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:top]


def _offered(graph: Graph, sight: Sight, person: str, skill: str) -> bool:
    own = sight.own == person
    return any(
        link_type == "offered_skill" and (own or sight.admits(clearance, graph, person, skill))
        for link_type, clearance, _ in graph.edges[person, skill]["links"]
    )
