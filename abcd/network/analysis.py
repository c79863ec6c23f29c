"""Batch metrics over the graph (connector scores, communities, layout positions): pure networkx.

These are too slow for a request at the design scale, so ``flask abcd graph refresh`` runs them
and stores the results. The heavy kernels (sampled betweenness, community detection) are behind
``Engine``; abcd.network.engine supplies a faster igraph one with the same answers.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from typing import Protocol

import networkx as nx

from abcd.network.compact import Graph
from abcd.network.graph import SKILL, NodeMetrics, distance_km  # noqa: F401 -- re-exported: plain data, kept in graph

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
PLACED_COMMUNITIES = 300  # communities laid out by force; smaller ones go on an outer spiral
BRIDGES_CAP = 5  # linking five or more other communities counts as fully bridging


class Engine(Protocol):
    name: str

    def betweenness(self, graph: nx.Graph, samples: int, seed: int) -> dict[str, float]: ...

    def communities(self, graph: nx.Graph, seed: int) -> list[set[str]]: ...


class NetworkxEngine:
    """The reference engine: exact for small graphs, slow at the design scale (minutes)."""

    name = "networkx"

    def betweenness(self, graph: nx.Graph, samples: int, seed: int) -> dict[str, float]:
        k = samples if graph.number_of_nodes() > samples else None
        scores: dict[str, float] = nx.betweenness_centrality(graph, k=k, seed=seed, normalized=True)
        return scores

    def communities(self, graph: nx.Graph, seed: int) -> list[set[str]]:
        return [set(c) for c in nx.community.louvain_communities(graph, seed=seed)]


def social_graph(graph: Graph, audience: int) -> nx.Graph:
    """What one audience sees, without skill nodes: a shared hobby is not a relationship, and skills
    held by thousands would otherwise dominate both betweenness and communities."""
    social = nx.Graph()
    social.add_nodes_from(
        key for key, data in graph.nodes(data=True) if data["rec"].kind != SKILL and data["rec"].clearance <= audience
    )
    social.add_edges_from(
        (u, v) for u, v, data in graph.edges(data=True) if data["c"] <= audience and u in social and v in social
    )
    return social


def compute_metrics(
    graph: Graph, audience: int, engine: Engine, samples: int = 100, seed: int = 7
) -> dict[str, NodeMetrics]:
    """Connector scores, communities and positions for every node ``audience`` may see."""
    social = social_graph(graph, audience)
    betweenness = engine.betweenness(social, samples, seed) if social.number_of_edges() else {}
    communities = ordered_communities(engine.communities(social, seed) if social.number_of_nodes() else [])
    community_of = {key: index for index, members in enumerate(communities) for key in members}
    top = max(betweenness.values(), default=0.0) or 1.0
    positions = community_layout(social, communities, seed)
    metrics: dict[str, NodeMetrics] = {}
    for key in social:
        own = community_of[key]
        bridges = len({community_of[other] for other in social.adj[key]} - {own})
        relative = betweenness.get(key, 0.0) / top
        score = 100 * (0.7 * relative + 0.3 * min(bridges, BRIDGES_CAP) / BRIDGES_CAP)
        x, y = positions[key]
        metrics[key] = NodeMetrics(round(score, 2), round(relative, 4), bridges, own, x, y)
    for key, (x, y) in skill_positions(graph, audience, positions).items():
        metrics[key] = NodeMetrics(0.0, 0.0, 0, -1, x, y)
    return metrics


def ordered_communities(communities: Iterable[set[str]]) -> list[set[str]]:
    """Largest first, ties by their first member, so community numbers are stable between runs."""
    return sorted((c for c in communities if c), key=lambda c: (-len(c), min(c)))


def community_layout(social: nx.Graph, communities: list[set[str]], seed: int) -> dict[str, tuple[float, float]]:
    """Positions in linear time: communities placed by a small force layout of the graph of
    communities, each community's members on a sunflower spiral around its centre, in
    breadth-first order from its best-connected member so neighbours sit near each other."""
    placed = [c for c in communities if len(c) > 1][:PLACED_COMMUNITIES]
    centres = _community_centres(social, placed, seed)
    positions: dict[str, tuple[float, float]] = {}
    extent = 0.0
    for index, members in enumerate(placed):
        cx, cy = centres[index]
        for order, key in enumerate(_breadth_first(social, members)):
            radius, angle = math.sqrt(order + 0.5), order * GOLDEN_ANGLE
            positions[key] = (round(cx + radius * math.cos(angle), 2), round(cy + radius * math.sin(angle), 2))
        extent = max(extent, math.hypot(cx, cy) + math.sqrt(len(members)))
    rest = [key for members in communities[len(placed) :] for key in sorted(members)]
    # Singletons and small groups on an outer spiral: visible, out of the way, never on top of others.
    inner = extent + 3.0
    for order, key in enumerate(rest):
        # An annular sunflower: the same density as inside the communities, from the edge outwards.
        radius, angle = math.sqrt(inner * inner + 1.5 * (order + 1)), order * GOLDEN_ANGLE
        positions[key] = (round(radius * math.cos(angle), 2), round(radius * math.sin(angle), 2))
    return positions


def _community_centres(social: nx.Graph, placed: list[set[str]], seed: int) -> list[tuple[float, float]]:
    if not placed:
        return []
    index = {key: i for i, members in enumerate(placed) for key in members}
    between = nx.Graph()
    between.add_nodes_from(range(len(placed)))
    for u, v in social.edges():
        cu, cv = index.get(u), index.get(v)
        if cu is not None and cv is not None and cu != cv:
            weight = between.get_edge_data(cu, cv, {"weight": 0})["weight"]
            between.add_edge(cu, cv, weight=weight + 1)
    layout = nx.spring_layout(between, weight="weight", seed=seed) if len(placed) > 1 else {0: (0.0, 0.0)}
    # Spread so that communities (radius about the square root of their size) rarely overlap.
    spread = 1.6 * math.sqrt(sum(len(c) for c in placed)) + 1
    return [(float(layout[i][0]) * spread, float(layout[i][1]) * spread) for i in range(len(placed))]


def _breadth_first(social: nx.Graph, members: set[str]) -> list[str]:
    start = max(sorted(members), key=lambda key: social.degree(key))
    order, seen, queue = [], {start}, deque([start])
    while queue:
        key = queue.popleft()
        order.append(key)
        for other in sorted(social.adj[key]):
            if other in members and other not in seen:
                seen.add(other)
                queue.append(other)
    order.extend(sorted(members - seen))  # disconnected within its community (cannot happen with Louvain)
    return order


def skill_positions(
    graph: Graph, audience: int, positions: dict[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """A skill sits at the centre of the people and groups holding it (as this audience sees them)."""
    placed: dict[str, tuple[float, float]] = {}
    for key, data in graph.nodes(data=True):
        if data["rec"].kind != SKILL:
            continue
        points = [
            positions[other] for other, edge in graph.adj[key].items() if other in positions and edge["c"] <= audience
        ]
        if points:
            placed[key] = (
                round(sum(p[0] for p in points) / len(points), 2),
                round(sum(p[1] for p in points) / len(points), 2),
            )
    return placed
