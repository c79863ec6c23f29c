"""The network graph: people, skills and assets joined by typed links, built from plain rows (no Flask, no DB).

Every node and edge carries the lowest *clearance* that may see it (0 anyone, 1 signed in,
2 officers, 3 nobody but the person themselves), worked out by the people feature's visibility
helper when the rows are loaded. "Officers" are those of the person's own local authority, so each
person node also carries that ``authority``; an item at clearance 2 is for officers of the authority
of every person it touches (admins: all). One graph then serves every viewer: ``Sight`` filters it.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import networkx as nx

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

    def admits(self, clearance: int, graph: nx.Graph, *keys: str) -> bool:
        """May this viewer see an item at ``clearance`` about the nodes ``keys`` (the people among them)?"""
        return self.admits_records(clearance, *(graph.nodes[key]["rec"] for key in keys))

    def admits_records(self, clearance: int, *records: NodeRecord) -> bool:
        if clearance > self.clearance:
            return False
        if clearance < OFFICERS_ONLY or self.every_authority:
            return True
        return all(
            rec.kind != PERSON or (rec.authority is not None and rec.authority == self.authority) for rec in records
        )

    def sees_node(self, graph: nx.Graph, key: str) -> bool:
        return key == self.own or self.admits(graph.nodes[key]["rec"].clearance, graph, key)

    def sees_edge(self, graph: nx.Graph, u: str, v: str) -> bool:
        data = graph.edges[u, v]
        if data["c"] <= self.clearance and data["c"] < OFFICERS_ONLY:
            return True  # the common case, without looking at each link
        if any(self.admits(clearance, graph, u, v) for _, clearance, _ in data["links"]):
            return True
        # Someone always sees their own links, unless the other end is a person who hides the link.
        other = v if u == self.own else u if v == self.own else None
        return other is not None and graph.nodes[other]["rec"].kind != PERSON

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


def build_graph(nodes: Iterable[NodeRecord], edges: Iterable[EdgeRecord]) -> nx.Graph:
    """An undirected graph; parallel links between two nodes become one edge listing each link."""
    graph = nx.Graph()
    graph.add_nodes_from((record.key, {"rec": record}) for record in nodes)
    known = set(graph)  # a plain set: far faster to test than the graph's adjacency views
    graph.add_edges_from((u, v, data) for (u, v), data in merge_edges(edges, known).items())
    return graph


def record(graph: nx.Graph, key: str) -> NodeRecord:
    rec: NodeRecord = graph.nodes[key]["rec"]
    return rec


def visible_neighbours(graph: nx.Graph, sight: Sight, key: str) -> Iterator[str]:
    for other in graph.adj[key]:
        if sight.sees_node(graph, other) and sight.sees_edge(graph, key, other):
            yield other


def visible_links(graph: nx.Graph, sight: Sight, u: str, v: str) -> list[tuple[str, str]]:
    """The links between two nodes this viewer may see, as (link type, source key)."""
    own_edge = sight.own in (u, v)
    return [
        (link_type, source)
        for link_type, clearance, source in graph.edges[u, v]["links"]
        if own_edge or sight.admits(clearance, graph, u, v)
    ]


def visible_view(graph: nx.Graph, sight: Sight) -> nx.Graph:
    """A read-only view with only what this viewer may see (no copy: cheap on the full graph)."""
    return nx.subgraph_view(
        graph,
        filter_node=lambda key: sight.sees_node(graph, key),
        filter_edge=lambda u, v: sight.sees_edge(graph, u, v),
    )


def find_nodes(graph: nx.Graph, sight: Sight, text: str, limit: int = 20) -> list[NodeRecord]:
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
