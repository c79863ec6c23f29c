"""A faster engine for the batch metrics: igraph's C core (GPL-2.0-or-later, compatible with our AGPL-3.0).

networkx stays the graph model; only the two heavy kernels are handed to igraph, on a copy made
from the same social graph. At the design scale this takes the refresh from minutes to seconds
(see README, "Network metrics"). Falls back to networkx where igraph is not installed.
"""

from __future__ import annotations

import random
from typing import Any

import networkx as nx

from abcd.network.analysis import Engine, NetworkxEngine


class IgraphEngine:
    name = "igraph"

    def __init__(self) -> None:
        import igraph

        self._igraph: Any = igraph

    def _convert(self, graph: nx.Graph) -> tuple[Any, list[str]]:
        names = list(graph.nodes)
        index = {key: i for i, key in enumerate(names)}
        edges = [(index[u], index[v]) for u, v in graph.edges()]
        return self._igraph.Graph(n=len(names), edges=edges, directed=False), names

    def betweenness(self, graph: nx.Graph, samples: int, seed: int) -> dict[str, float]:
        """Brandes from ``samples`` random sources, scaled as networkx scales its k-sample estimate."""
        converted, names = self._convert(graph)
        n = len(names)
        if n < 3:
            return dict.fromkeys(names, 0.0)
        if n > samples:
            sources = random.Random(seed).sample(range(n), samples)  # noqa: S311 -- sampling, not secrecy
            raw = converted.betweenness(directed=False, sources=sources)
            scale = n / samples
        else:
            raw = converted.betweenness(directed=False)
            scale = 1.0
        # networkx's normalisation for undirected graphs: divide by (n - 1)(n - 2) / 2.
        norm = scale / ((n - 1) * (n - 2) / 2)
        return {name: value * norm for name, value in zip(names, raw, strict=True)}

    def communities(self, graph: nx.Graph, seed: int) -> list[set[str]]:
        """Leiden on modularity: like Louvain, but its communities are always internally connected."""
        converted, names = self._convert(graph)
        if not names:
            return []
        # A seeded generator (not for secrecy): the same communities on every run.
        self._igraph.set_random_number_generator(random.Random(seed))  # noqa: S311
        clustering = converted.community_leiden(objective_function="modularity", n_iterations=5)
        return [{names[i] for i in members} for members in clustering]


def best_engine(name: str = "auto") -> Engine:
    """``auto`` picks igraph when it is installed; ``networkx`` or ``igraph`` force one."""
    if name == "networkx":
        return NetworkxEngine()
    try:
        return IgraphEngine()
    except ImportError:
        if name == "igraph":
            raise
        return NetworkxEngine()
