"""The compact graph behaves as networkx's Graph does, through random changes and pickling."""

from __future__ import annotations

import pickle
import random
from typing import Any

import networkx as nx
import pytest

from abcd.network.compact import Graph
from abcd.network.graph import NodeRecord

LINK_TYPES = ["member_of", "meets_at", "offered_skill"]


def _data(rng: random.Random, u: str, v: str) -> dict[str, Any]:
    links = tuple(
        (rng.choice(LINK_TYPES), rng.randint(0, 3), rng.choice([u, v])) for _ in range(rng.choice([1, 1, 1, 2, 3]))
    )
    return {"c": min(c for _, c, _ in links), "links": links}


def _same(compact: Graph, reference: nx.Graph) -> None:
    assert set(compact) == set(reference)
    assert compact.number_of_nodes() == reference.number_of_nodes()
    assert compact.number_of_edges() == reference.number_of_edges()
    for key in reference:
        assert compact.nodes[key]["rec"] == reference.nodes[key]["rec"]
        assert set(compact.adj[key]) == set(reference.adj[key])
        assert compact.degree(key) == reference.degree(key)
        for other, data in compact.adj[key].items():
            assert data == reference.edges[key, other]
    edges = {frozenset((u, v)): data for u, v, data in compact.edges(data=True)}
    assert edges == {frozenset((u, v)): data for u, v, data in reference.edges(data=True)}


@pytest.mark.parametrize("seed", range(5))
def test_random_changes_match_networkx_and_survive_pickling(seed: int) -> None:
    rng = random.Random(seed)
    keys = [f"person:{n}" for n in range(30)] + [f"asset:{n}" for n in range(10)]
    records = [NodeRecord(key, "person" if key.startswith("person") else "place", key.upper()) for key in keys[:25]]
    edges = []
    for _ in range(60):
        u, v = rng.sample([rec.key for rec in records], 2)
        edges.append((u, v, _data(rng, u, v)))
    reference = nx.Graph()
    reference.add_nodes_from((rec.key, {"rec": rec}) for rec in records)
    merged = {frozenset((u, v)): (u, v, data) for u, v, data in edges}  # the last data for a pair wins
    reference.add_edges_from(merged.values())
    compact = Graph.from_edges(records, merged.values())
    _same(compact, reference)
    for step in range(300):
        action = rng.random()
        if action < 0.35:
            u, v = rng.sample([key for key in reference], 2)
            data = _data(rng, u, v)
            reference.add_edge(u, v, **data)
            compact.add_edge(u, v, data)
        elif action < 0.55 and reference.number_of_edges():
            u, v = rng.choice(list(reference.edges()))
            reference.remove_edge(u, v)
            compact.remove_edge(u, v)
        elif action < 0.7:
            key = rng.choice(keys)
            if key in reference:
                reference.remove_node(key)
                compact.remove_node(key)
        elif action < 0.85:
            key = rng.choice(keys)
            rec = NodeRecord(key, "place", f"{key} #{step}")
            reference.add_node(key, rec=rec)
            compact.add_node(key, rec)
        else:
            compact = pickle.loads(pickle.dumps(compact))  # noqa: S301 -- our own bytes; laid out afresh
        _same(compact, reference)


def test_edges_read_back_name_the_source_of_each_link() -> None:
    graph = Graph.from_edges(
        [NodeRecord("asset:1", "place", "Hall"), NodeRecord("person:1", "person", "Ann")],
        [("person:1", "asset:1", {"c": 1, "links": (("member_of", 1, "person:1"), ("meets_at", 2, "asset:1"))})],
    )
    assert graph.edges["asset:1", "person:1"]["links"] == (("member_of", 1, "person:1"), ("meets_at", 2, "asset:1"))
    assert graph.clearance("person:1", "asset:1") == 1
    assert "person:1" in graph.adj["asset:1"]
    assert "person:2" not in graph.adj["asset:1"]
