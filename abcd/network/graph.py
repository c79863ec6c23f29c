"""The network graph: people, skills and assets joined by typed links, built from plain rows (no Flask, no DB).

Every node and edge carries the lowest *clearance* that may see it (0 anyone, 1 signed in,
2 officers, 3 nobody but the person themselves), worked out by the people feature's visibility
helper when the rows are loaded. "Officers" are those of the person's own local authority, so each
person node also carries that ``authority``; an item at clearance 2 is for officers of the authority
of every person it touches (admins: all). One graph then serves every viewer: ``Sight`` filters it.
"""

from __future__ import annotations

import math
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from abcd.network.compact import Graph

PERSON, SKILL = "person", "skill"
OFFICERS_ONLY = 2  # officers of the person's own authority
NOBODY = 3  # a clearance no viewer has: only the person themselves sees such items
SKILL_EDGE_TYPES = frozenset({"offered_skill", "wanted_skill", "offers", "seeks"})


def node_key(prefix: str, record_id: int) -> str:
    """``person:12``, ``asset:5``, ``skill:3``: one namespace for the three tables."""
    return f"{prefix}:{record_id}"


def split_key(key: str) -> tuple[str, int] | None:
    """The table prefix and id of a node key, or None when the text is not a node key."""
    prefix, _, raw_id = key.partition(":")
    if prefix not in {PERSON, SKILL, "asset"} or not raw_id.isdigit() or len(raw_id) > 12:
        return None
    return prefix, int(raw_id)


class NodeRecord(NamedTuple):
    """One node, as plain data. ``kind`` is ``person``, ``skill`` or an asset kind (``association`` ...).

    A named tuple rather than a dataclass: 175,000 of them load from a snapshot in a tenth of the time
    (no per-object ``__setstate__`` in Python), which keeps a fresh process's start under two seconds."""

    key: str
    kind: str
    label: str
    label_cy: str | None = None
    clearance: int = 0
    ward: str | None = None
    la: str | None = None
    place_clearance: int = 0  # who may see where a person lives (their ward); assets are public
    themes: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    venue: bool = False  # records what it offers or seeks (the partner finder)
    findable: bool = False  # a person who consented to be found by partners (and has not withdrawn)
    authority: str | None = None  # a person's own local authority: whose officers see officers-only items


@dataclass(frozen=True, slots=True)
class EdgeRecord:
    source: str
    target: str
    link_type: str
    clearance: int = 0


@dataclass(frozen=True, slots=True)
class Sight:
    """What one viewer may see: their clearance, their own person node (which they always see) and, for
    officers, the authority they act for (``every_authority`` for admins)."""

    clearance: int
    own: str | None = None
    authority: str | None = None
    every_authority: bool = False

    def admits(self, clearance: int, graph: Graph, *keys: str) -> bool:
        """May this viewer see an item at ``clearance`` about the nodes ``keys`` (the people among them)?"""
        return self.admits_records(clearance, *(graph.record(key) for key in keys))

    def admits_records(self, clearance: int, *records: NodeRecord) -> bool:
        if clearance > self.clearance:
            return False
        if clearance < OFFICERS_ONLY or self.every_authority:
            return True
        return all(
            rec.kind != PERSON or (rec.authority is not None and rec.authority == self.authority) for rec in records
        )

    def sees_node(self, graph: Graph, key: str) -> bool:
        return key == self.own or self.admits(graph.record(key).clearance, graph, key)

    def sees_edge(self, graph: Graph, u: str, v: str) -> bool:
        lowest = graph.clearance(u, v)
        if lowest <= self.clearance and lowest < OFFICERS_ONLY:
            return True  # the common case, without looking at each link
        if any(self.admits(clearance, graph, u, v) for _, clearance, _ in graph.edge_data(u, v)["links"]):
            return True
        # Someone always sees their own links, unless the other end is a person who hides the link.
        other = v if u == self.own else u if v == self.own else None
        return other is not None and graph.record(other).kind != PERSON

    def sees_place(self, record: NodeRecord) -> bool:
        return record.key == self.own or self.admits_records(record.place_clearance, record)


def merge_edges(edges: Iterable[EdgeRecord], known: Container[str]) -> dict[tuple[str, str], dict[str, Any]]:
    """Edges keyed by their (ordered) pair of ends, parallel links merged into one edge listing each link.

    Edges whose ends are not both ``known`` (an unpublished asset, a merged skill) are dropped.
    """
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for edge in edges:
        if edge.source not in known or edge.target not in known or edge.source == edge.target:
            continue
        pair = (edge.source, edge.target) if edge.source < edge.target else (edge.target, edge.source)
        link = (edge.link_type, edge.clearance, edge.source)
        existing = merged.get(pair)
        if existing is None:
            merged[pair] = {"c": edge.clearance, "links": (link,)}
        else:
            existing["c"] = min(existing["c"], edge.clearance)
            existing["links"] = (*existing["links"], link)
    return merged


def build_graph(nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord]) -> Graph:
    """An undirected graph; parallel links between two nodes become one edge listing each link."""
    records = list(nodes)
    known = {rec.key for rec in records}
    return Graph.from_edges(records, ((u, v, data) for (u, v), data in merge_edges(edges, known).items()))


def record(graph: Graph, key: str) -> NodeRecord:
    rec: NodeRecord = graph.record(key)
    return rec


def visible_neighbours(graph: Graph, sight: Sight, key: str) -> Iterator[str]:
    for other in graph.adj[key]:
        if sight.sees_node(graph, other) and sight.sees_edge(graph, key, other):
            yield other


def visible_links(graph: Graph, sight: Sight, u: str, v: str) -> list[tuple[str, str]]:
    """The links between two nodes this viewer may see, as (link type, source key)."""
    own_edge = sight.own in (u, v)
    return [
        (link_type, source)
        for link_type, clearance, source in graph.edges[u, v]["links"]
        if own_edge or sight.admits(clearance, graph, u, v)
    ]


def visible_view(graph: Graph, sight: Sight) -> Graph:
    """A copy with only what this viewer may see (tests and small graphs: it walks the whole graph)."""
    view = Graph()
    for key in graph:
        if sight.sees_node(graph, key):
            view.add_node(key, graph.record(key))
    view.add_edges_from(
        (u, v, data)
        for u, v, data in graph.edges(data=True)
        if u in view and v in view and sight.sees_edge(graph, u, v)
    )
    return view


def find_nodes(graph: Graph, sight: Sight, text: str, limit: int = 20) -> list[NodeRecord]:
    """Visible nodes whose English or Welsh name contains ``text``: exact and prefix matches first."""
    needle = text.strip().casefold()
    if not needle:
        return []
    found: list[tuple[int, str, NodeRecord]] = []
    for key, data in graph.nodes(data=True):
        rec: NodeRecord = data["rec"]
        names = [rec.label.casefold(), (rec.label_cy or "").casefold()]
        if not any(needle in name for name in names) or not sight.sees_node(graph, key):
            continue
        rank = 0 if needle in names else 1 if any(n.startswith(needle) for n in names) else 2
        found.append((rank, rec.label.casefold(), rec))
    found.sort(key=lambda item: (item[0], item[1]))
    return [rec for _, _, rec in found[:limit]]


@dataclass(frozen=True, slots=True)
class NodeMetrics:
    connector_score: float  # 0-100: betweenness and bridging between communities, combined
    betweenness: float  # 0-1, relative to the highest in the graph
    bridges: int  # how many other communities its neighbours belong to
    community: int  # 0 is the largest; -1 for skills, which are not members of communities
    x: float
    y: float


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), plenty for 'how far away' within three council areas."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
