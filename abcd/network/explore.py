"""Capped views of the graph for one viewer: ego networks, area views, shortest paths and their layout.

Plain breadth-first walks. Popular skills are held by thousands and one large group can have thousands of
members, so every walk caps what it takes from each node and in total, and says when it did.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from abcd.network.compact import Graph
from abcd.network.graph import PERSON, SKILL, NodeRecord, Sight, record, visible_links, visible_neighbours

Score = Callable[[str], float]


@dataclass(frozen=True)
class Filters:
    """Which nodes a view may show; the focus node is always shown."""

    kinds: frozenset[str] = frozenset()  # empty: every kind
    la: str | None = None
    ward: str | None = None
    theme: str | None = None

    def admits(self, rec: NodeRecord, sight: Sight) -> bool:
        if self.kinds and rec.kind not in self.kinds:
            return False
        if self.theme and rec.kind not in (PERSON, SKILL) and self.theme not in rec.themes:
            return False
        if (self.la or self.ward) and rec.kind != SKILL:
            if not sight.sees_place(rec):
                return False  # a person whose ward is hidden from this viewer is in no area for them
            if self.ward and rec.ward != self.ward:
                return False
            if self.la and rec.la != self.la:
                return False
        return True


@dataclass
class Subgraph:
    nodes: dict[str, int]  # node key -> steps from the focus (0 for every node of an area view)
    edges: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)
    truncated: bool = False
    hubs: set[str] = field(default_factory=set)  # shown but not expanded: too many neighbours
    matching: int = 0  # how many nodes matched before the cap


def ego_subgraph(
    graph: Graph,
    sight: Sight,
    focus: str,
    radius: int,
    filters: Filters,
    score: Score,
    max_nodes: int = 2000,
    hub_limit: int = 50,
) -> Subgraph:
    """The focus and its visible neighbours up to ``radius`` steps, breadth first.

    A node with more than ``hub_limit`` visible neighbours (a popular skill, a very large group) is
    shown but not walked through; from the focus itself the best-scored ``max_nodes`` are kept.
    """
    depth_of = {focus: 0}
    frontier = [focus]
    result = Subgraph(depth_of)
    for depth in range(1, radius + 1):
        next_frontier: list[str] = []
        for key in frontier:
            neighbours = [
                other
                for other in visible_neighbours(graph, sight, key)
                if other not in depth_of and filters.admits(record(graph, other), sight)
            ]
            if key != focus and len(neighbours) > hub_limit:
                result.hubs.add(key)
                continue
            room = max_nodes - len(depth_of)
            if len(neighbours) > room:
                neighbours = sorted(neighbours, key=score, reverse=True)[: max(room, 0)]
                result.truncated = True
            for other in neighbours:
                depth_of[other] = depth
                next_frontier.append(other)
        frontier = next_frontier
        if len(depth_of) >= max_nodes:
            result.truncated = result.truncated or bool(frontier and depth < radius)
            break
    result.matching = len(depth_of)
    result.edges = edges_among(graph, sight, depth_of)
    return result


def area_subgraph(
    graph: Graph, sight: Sight, candidates: Iterable[str], filters: Filters, score: Score, max_nodes: int = 2000
) -> Subgraph:
    """The best-scored visible nodes among ``candidates`` that pass the filters, and the links among them."""
    admitted = [key for key in candidates if sight.sees_node(graph, key) and filters.admits(record(graph, key), sight)]
    kept = sorted(admitted, key=lambda key: (-score(key), key))[:max_nodes]
    nodes = dict.fromkeys(kept, 0)
    return Subgraph(nodes, edges_among(graph, sight, nodes), len(admitted) > max_nodes, set(), len(admitted))


def edges_among(graph: Graph, sight: Sight, nodes: dict[str, int]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    edges = []
    for u in nodes:
        for v in graph.adj[u]:
            if v in nodes and u < v and sight.sees_edge(graph, u, v):
                edges.append((u, v, visible_links(graph, sight, u, v)))
    return edges


def radial_layout(subgraph: Subgraph, graph: Graph, focus: str) -> dict[str, tuple[float, float]]:
    """Focus in the centre, each step out on a wider ring, neighbours kept near the node that found them.

    Linear time, so a 2,000-node ego view is laid out well inside a request's budget.
    """
    rings: dict[int, list[str]] = {}
    for key, depth in subgraph.nodes.items():
        rings.setdefault(depth, []).append(key)
    angle_of = {focus: 0.0}
    positions = {focus: (0.0, 0.0)}
    for depth in sorted(d for d in rings if d > 0):
        ring = rings[depth]

        def parent_angle(key: str, depth: int = depth) -> float:
            parents = [angle_of[p] for p in graph.adj[key] if subgraph.nodes.get(p) == depth - 1 and p in angle_of]
            return min(parents) if parents else 0.0

        ring.sort(key=lambda key: (parent_angle(key), key))
        radius = 100.0 * depth * max(1.0, math.sqrt(len(ring) / (6.0 * depth)))
        for index, key in enumerate(ring):
            angle = 2 * math.pi * index / len(ring)
            angle_of[key] = angle
            positions[key] = (radius * math.cos(angle), radius * math.sin(angle))
    return positions


def shortest_paths(
    graph: Graph, sight: Sight, source: str, target: str, max_paths: int = 5, through_skills: bool = True
) -> list[list[str]]:
    """Up to ``max_paths`` shortest paths over links this viewer may see; [] when there is none.

    Meets in the middle: one bidirectional search for the length, then two balls of half that
    radius, so a path through a popular skill does not sweep the whole graph.
    """
    if source == target or not (sight.sees_node(graph, source) and sight.sees_node(graph, target)):
        return []
    endpoints = {source, target}

    def passable(key: str) -> bool:
        if key in endpoints:
            return True
        return sight.sees_node(graph, key) and (through_skills or record(graph, key).kind != SKILL)

    def steps(key: str) -> Iterator[str]:
        for other in graph.adj[key]:
            if passable(other) and sight.sees_edge(graph, key, other):
                yield other

    length = _distance(steps, source, target)
    if length is None:
        return []
    near, far = (length + 1) // 2, length // 2
    pred_source, seen_source = _predecessors(steps, source, near)
    pred_target, seen_target = _predecessors(steps, target, far)
    middles = sorted(key for key, level in seen_source.items() if level == near and seen_target.get(key) == far)
    paths: list[list[str]] = []
    for middle in middles:
        for left in _walk_back(pred_source, middle):
            for right in _walk_back(pred_target, middle):
                paths.append(left + right[::-1][1:])
                if len(paths) >= max_paths:
                    return paths
    return paths


def _distance(steps: Callable[[str], Iterator[str]], source: str, target: str) -> int | None:
    """Steps from ``source`` to ``target`` by a breadth-first search from both ends, always widening the
    smaller frontier; None when they are not connected."""
    seen = [{source: 0}, {target: 0}]
    frontiers = [[source], [target]]
    while frontiers[0] and frontiers[1]:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        mine, theirs = seen[side], seen[1 - side]
        grown = []
        for key in frontiers[side]:
            for other in steps(key):
                if other in theirs:
                    return mine[key] + 1 + theirs[other]
                if other not in mine:
                    mine[other] = mine[key] + 1
                    grown.append(other)
        frontiers[side] = grown
    return None


def _predecessors(
    steps: Callable[[str], Iterator[str]], root: str, cutoff: int
) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Breadth first from ``root`` up to ``cutoff`` steps: every node's parents on shortest paths, and its level."""
    level = {root: 0}
    parents: dict[str, list[str]] = {root: []}
    frontier = [root]
    for depth in range(1, cutoff + 1):
        grown = []
        for key in frontier:
            for other in steps(key):
                if other not in level:
                    level[other] = depth
                    parents[other] = [key]
                    grown.append(other)
                elif level[other] == depth:
                    parents[other].append(key)
        frontier = grown
    return parents, level


def _walk_back(predecessors: dict[str, list[str]], key: str) -> Iterator[list[str]]:
    """Every path from the search's root to ``key``, root first."""
    parents = predecessors.get(key) or []
    if not parents:
        yield [key]
        return
    for parent in sorted(parents):
        for path in _walk_back(predecessors, parent):
            yield [*path, key]
