"""Batch metrics on graphs with known answers; the igraph engine agrees with the networkx reference."""

from __future__ import annotations

import pytest

from abcd.network.analysis import NetworkxEngine, community_layout, compute_metrics, distance_km, social_graph
from abcd.network.engine import IgraphEngine, best_engine
from abcd.network.graph import EdgeRecord, NodeRecord, build_graph


def _barbell() -> tuple[list[NodeRecord], list[EdgeRecord]]:
    """Two choirs of five members each; only person 99 belongs to both: the connector."""
    nodes = [NodeRecord("asset:1", "association", "North choir"), NodeRecord("asset:2", "association", "South choir")]
    edges = []
    for choir, people in ((1, range(10, 15)), (2, range(20, 25))):
        for n in people:
            nodes.append(NodeRecord(f"person:{n}", "person", f"P{n}"))
            edges.append(EdgeRecord(f"person:{n}", f"asset:{choir}", "member_of"))
    nodes.append(NodeRecord("person:99", "person", "Bridge", clearance=1))
    edges += [EdgeRecord("person:99", "asset:1", "member_of"), EdgeRecord("person:99", "asset:2", "member_of", 1)]
    nodes.append(NodeRecord("skill:1", "skill", "Singing"))
    edges += [EdgeRecord(f"person:{n}", "skill:1", "offered_skill") for n in (10, 20)]
    return nodes, edges


ENGINES = [NetworkxEngine(), IgraphEngine()]


@pytest.mark.parametrize("engine", ENGINES, ids=lambda e: e.name)
def test_the_member_of_both_groups_is_the_top_connector(engine: NetworkxEngine) -> None:
    graph = build_graph(*_barbell())
    metrics = compute_metrics(graph, audience=1, engine=engine)
    people = {k: m for k, m in metrics.items() if k.startswith("person:")}
    assert max(people, key=lambda k: people[k].connector_score) == "person:99"
    assert metrics["person:99"].bridges == 1
    assert metrics["asset:1"].community != metrics["asset:2"].community
    north = {metrics[f"person:{n}"].community for n in range(10, 15)}
    assert north == {metrics["asset:1"].community}
    assert metrics["skill:1"].community == -1  # skills are not members of communities


@pytest.mark.parametrize("engine", ENGINES, ids=lambda e: e.name)
def test_an_audience_that_cannot_see_the_connector_gets_metrics_without_them(engine: NetworkxEngine) -> None:
    graph = build_graph(*_barbell())
    metrics = compute_metrics(graph, audience=0, engine=engine)
    assert "person:99" not in metrics
    assert metrics["asset:1"].connector_score == metrics["asset:2"].connector_score  # two separate, equal stars


def test_engines_agree_on_exact_betweenness() -> None:
    social = social_graph(build_graph(*_barbell()), audience=2)
    reference = NetworkxEngine().betweenness(social, samples=100, seed=1)
    fast = IgraphEngine().betweenness(social, samples=100, seed=1)
    assert fast == pytest.approx(reference)


def test_best_engine_prefers_igraph_and_can_be_forced_to_networkx() -> None:
    assert best_engine().name == "igraph"
    assert best_engine("networkx").name == "networkx"


def test_layout_gives_every_node_its_own_place() -> None:
    social = social_graph(build_graph(*_barbell()), audience=2)
    social.add_node("asset:77")  # an isolated asset goes on the outer spiral
    communities = [set(c) for c in NetworkxEngine().communities(social, seed=1)]
    positions = community_layout(social, sorted(communities, key=len, reverse=True), seed=1)
    assert set(positions) == set(social)
    assert len(set(positions.values())) == len(positions)


def test_distance_between_cardiff_castle_and_newport_bridge_is_about_17_km() -> None:
    assert distance_km(51.4822, -3.1812, 51.5907, -2.9966) == pytest.approx(17.7, abs=0.5)
