"""Strengths of an area on a hand-built graph with known answers: pure, no app."""

from __future__ import annotations

from abcd.network.analysis import NodeMetrics
from abcd.network.graph import EdgeRecord, NodeRecord, Sight, build_graph
from abcd.network.strengths import (
    find_connectors,
    ready_assets,
    strengths_profile,
    suggest_connections,
    suggestion_pool,
    summarise_communities,
)


def _metric(score: float, community: int, bridges: int = 0) -> NodeMetrics:
    return NodeMetrics(score, score / 100, bridges, community, 0.0, 0.0)


NODES = [
    NodeRecord("asset:1", "association", "Choir", themes=("music",), ward="W1", lat=51.48, lon=-3.18),
    NodeRecord("asset:2", "place", "Hall", themes=("music", "arts"), ward="W1", lat=51.481, lon=-3.181),
    NodeRecord("asset:3", "place", "Quiet Garden", themes=("music",), ward="W1", lat=51.482, lon=-3.18),
    NodeRecord("asset:4", "association", "Chess Club", themes=("games",), ward="W2"),
    NodeRecord("person:1", "person", "Ann", ward="W1"),
    NodeRecord("person:2", "person", "Bob", clearance=2, ward="W1"),
    NodeRecord("skill:1", "skill", "Singing"),
]
EDGES = [
    EdgeRecord("person:1", "asset:1", "member_of"),
    EdgeRecord("person:2", "asset:1", "member_of", 2),
    EdgeRecord("person:2", "asset:4", "member_of", 2),
    EdgeRecord("asset:1", "asset:2", "meets_at"),
    EdgeRecord("person:1", "skill:1", "offered_skill"),
    EdgeRecord("person:2", "skill:1", "offered_skill", 2),
    EdgeRecord("asset:3", "skill:1", "offers"),
]
METRICS = {
    "asset:1": _metric(80, 0, 1),
    "person:2": _metric(60, 0, 1),
    "person:1": _metric(10, 0),
    "asset:2": _metric(5, 0),
    "asset:4": _metric(20, 1),
}


def test_connectors_are_people_and_associations_the_viewer_may_see() -> None:
    graph = build_graph(NODES, EDGES)
    keys = ["asset:1", "asset:2", "person:1", "asset:4"]  # person:2 is not visible to members
    connectors = find_connectors(graph, Sight(1), keys, METRICS)
    assert [c.rec.key for c in connectors] == ["asset:1", "asset:4", "person:1"]
    assert connectors[0].links == 2  # Ann and the hall; Bob's membership is hidden


def test_communities_with_three_or_more_members_here() -> None:
    graph = build_graph(NODES, EDGES)
    summaries = summarise_communities(graph, ["asset:1", "asset:2", "person:1", "asset:4"], METRICS)
    assert len(summaries) == 1
    assert summaries[0].members_here == 3
    assert summaries[0].leaders[0].key == "asset:1"  # groups before people, best connected first


def test_assets_ready_for_connections_ignore_links_to_skills_and_links_the_viewer_cannot_see() -> None:
    graph = build_graph(NODES, EDGES)
    keys = [n.key for n in NODES]
    assert ready_assets(graph, Sight(2, every_authority=True), keys) == ["asset:3"]
    assert ready_assets(graph, Sight(1), keys) == ["asset:4", "asset:3"]  # Chess Club's only link is hidden


def test_suggestions_explain_shared_themes_ward_and_nearness() -> None:
    graph = build_graph(NODES, EDGES)
    keys = [n.key for n in NODES]
    pool = suggestion_pool(graph, keys, NODES[2])
    assert "asset:4" not in pool
    suggestions = suggest_connections(graph, Sight(1), "asset:3", pool, METRICS)
    assert [s.rec.key for s in suggestions] == ["asset:1", "asset:2"]
    codes = {r.code for r in suggestions[0].reasons}
    assert codes == {"themes", "ward", "distance", "connector"}


def test_profile_counts_what_the_viewer_may_see() -> None:
    graph = build_graph(NODES, EDGES)
    keys = ["asset:1", "asset:2", "asset:3", "person:1"]
    profile = strengths_profile(graph, Sight(1), keys)
    assert profile.kinds == {"association": 1, "place": 2, "person": 1}
    assert [(s.label, n) for s, n in profile.top_skills] == [("Singing", 1)]
    assert profile.association_themes == [("music", 1)]
