"""The pure graph layer on small hand-built graphs with known answers: no app, no database."""

from __future__ import annotations

import pytest

from abcd.network.explore import Filters, area_subgraph, ego_subgraph, radial_layout, shortest_paths
from abcd.network.graph import EdgeRecord, NodeRecord, Sight, build_graph, find_nodes, split_key, visible_view


def person(n: int, clearance: int = 0, ward: str | None = "W1", place: int = 0) -> NodeRecord:
    return NodeRecord(f"person:{n}", "person", f"Person {n}", None, clearance, ward, "LA1" if ward else None, place)


def group(n: int, themes: tuple[str, ...] = (), ward: str = "W1") -> NodeRecord:
    return NodeRecord(f"asset:{n}", "association", f"Group {n}", f"Grŵp {n}", 0, ward, "LA1", 0, themes)


def skill(n: int) -> NodeRecord:
    return NodeRecord(f"skill:{n}", "skill", f"Skill {n}")


def member(p: int, a: int, clearance: int = 0) -> EdgeRecord:
    return EdgeRecord(f"person:{p}", f"asset:{a}", "member_of", clearance)


def test_parallel_links_become_one_edge_listing_each_and_dangling_links_are_dropped() -> None:
    graph = build_graph(
        [person(1), group(2)],
        [member(1, 2, 1), EdgeRecord("person:1", "asset:2", "organises", 0), member(1, 99)],
    )
    assert graph.number_of_edges() == 1
    assert graph.edges["person:1", "asset:2"]["c"] == 0
    assert {link[0] for link in graph.edges["person:1", "asset:2"]["links"]} == {"member_of", "organises"}


def test_sight_hides_people_and_links_above_the_viewers_clearance_but_never_from_themselves() -> None:
    graph = build_graph([person(1, clearance=3), person(2, clearance=1), group(3)], [member(1, 3, 3), member(2, 3, 2)])
    member_view = visible_view(graph, Sight(1))
    assert set(member_view) == {"person:2", "asset:3"}
    assert member_view.number_of_edges() == 0  # person 2's membership is for officers only
    assert visible_view(graph, Sight(2, every_authority=True)).number_of_edges() == 1
    own_view = visible_view(graph, Sight(1, own="person:1"))
    assert own_view.has_edge("person:1", "asset:3")  # their own private link
    assert not own_view.has_edge("person:2", "asset:3")


def test_officers_only_items_reach_only_the_officers_of_the_persons_own_authority() -> None:
    cardiff = NodeRecord("person:1", "person", "Ceri", None, 2, "W1", "LA1", 2, authority="LA1")
    public = NodeRecord("person:2", "person", "Pat", None, 0, "W2", "LA2", 2, authority="LA2")
    graph = build_graph([cardiff, public, group(3)], [member(1, 3, 0), member(2, 3, 2)])
    home, other = Sight(2, authority="LA1"), Sight(2, authority="LA2")
    assert set(visible_view(graph, home)) == {"person:1", "person:2", "asset:3"}
    assert not visible_view(graph, home).has_edge("person:2", "asset:3")  # Pat's membership is LA2's business
    assert set(visible_view(graph, other)) == {"person:2", "asset:3"}
    assert visible_view(graph, other).has_edge("person:2", "asset:3")
    assert home.sees_place(cardiff)
    assert not other.sees_place(cardiff)
    assert not Sight(2).sees_node(graph, "person:1")  # an officer of no authority: admins only


def test_ego_network_caps_hubs_and_filters_by_kind() -> None:
    people = [person(n) for n in range(1, 101)]
    edges = [EdgeRecord(p.key, "skill:1", "offered_skill") for p in people] + [member(1, 500)]
    graph = build_graph([*people, skill(1), group(500)], edges)
    view = ego_subgraph(graph, Sight(1), "asset:500", 3, Filters(), score=lambda key: 0.0, hub_limit=50)
    assert set(view.nodes) == {"asset:500", "person:1", "skill:1"}  # the popular skill is shown, not walked
    assert view.hubs == {"skill:1"}
    no_skills = ego_subgraph(graph, Sight(1), "asset:500", 3, Filters(kinds=frozenset({"person"})), lambda k: 0.0)
    assert set(no_skills.nodes) == {"asset:500", "person:1"}
    assert no_skills.nodes["person:1"] == 1


def test_ego_network_keeps_the_best_scored_when_capped() -> None:
    people = [person(n) for n in range(1, 11)]
    graph = build_graph([*people, group(20)], [member(p, 20) for p in range(1, 11)])
    view = ego_subgraph(
        graph, Sight(0), "asset:20", 1, Filters(), score=lambda key: int(key.split(":")[1]), max_nodes=4
    )
    assert set(view.nodes) == {"asset:20", "person:10", "person:9", "person:8"}
    assert view.truncated


def test_area_view_respects_hidden_wards() -> None:
    graph = build_graph([person(1, place=2), person(2), group(3, ward="W2")], [member(1, 3), member(2, 3)])
    view = area_subgraph(graph, Sight(1), list(graph), Filters(ward="W1"), score=lambda key: 0.0)
    assert set(view.nodes) == {"person:2"}  # person 1 lives in W1, but only officers may know that
    admin = Sight(2, every_authority=True)
    officers = area_subgraph(graph, admin, list(graph), Filters(ward="W1"), score=lambda key: 0.0)
    assert set(officers.nodes) == {"person:1", "person:2"}


def test_theme_filter_applies_to_assets_only() -> None:
    graph = build_graph([person(1), group(2, ("music",)), group(3, ("sport",))], [member(1, 2), member(1, 3)])
    view = ego_subgraph(graph, Sight(0), "person:1", 1, Filters(theme="music"), score=lambda key: 0.0)
    assert set(view.nodes) == {"person:1", "asset:2"}


def test_shortest_paths_use_only_visible_links() -> None:
    #   1 - A - 2 - B - 3     and a hidden shortcut   1 - 9 - 3
    graph = build_graph(
        [person(1), person(2), person(3), person(9, clearance=2), group(10), group(11)],
        [member(1, 10), member(2, 10), member(2, 11), member(3, 11), member(9, 10), member(9, 11)],
    )
    officer_paths = shortest_paths(graph, Sight(2, every_authority=True), "person:1", "person:3")
    assert ["person:1", "asset:10", "person:9", "asset:11", "person:3"] in officer_paths
    assert len(officer_paths) == 2
    member_paths = shortest_paths(graph, Sight(1), "person:1", "person:3")
    assert member_paths == [["person:1", "asset:10", "person:2", "asset:11", "person:3"]]
    assert shortest_paths(graph, Sight(1), "person:1", "person:9") == []  # hidden: no path, not even its length


def test_shortest_paths_can_avoid_shared_skills() -> None:
    graph = build_graph(
        [person(1), person(2), skill(5), group(6), person(7)],
        [
            EdgeRecord("person:1", "skill:5", "offered_skill"),
            EdgeRecord("person:2", "skill:5", "offered_skill"),
            member(1, 6),
            member(7, 6),
            EdgeRecord("person:7", "person:2", "member_of"),
        ],
    )
    assert shortest_paths(graph, Sight(0), "person:1", "person:2") == [["person:1", "skill:5", "person:2"]]
    assert shortest_paths(graph, Sight(0), "person:1", "person:2", through_skills=False) == [
        ["person:1", "asset:6", "person:7", "person:2"]
    ]


def test_radial_layout_puts_the_focus_in_the_middle_and_each_step_further_out() -> None:
    graph = build_graph([group(1), *(person(n) for n in range(2, 6))], [member(n, 1) for n in range(2, 6)])
    view = ego_subgraph(graph, Sight(0), "asset:1", 1, Filters(), score=lambda key: 0.0)
    positions = radial_layout(view, graph, "asset:1")
    assert positions["asset:1"] == (0.0, 0.0)
    assert len(set(positions.values())) == 5


def test_find_nodes_matches_welsh_names_and_hides_what_the_viewer_may_not_see() -> None:
    graph = build_graph([group(1), person(2, clearance=2)], [])
    assert [r.key for r in find_nodes(graph, Sight(0), "grŵp")] == ["asset:1"]
    assert find_nodes(graph, Sight(1), "person 2") == []
    assert [r.key for r in find_nodes(graph, Sight(2, every_authority=True), "person 2")] == ["person:2"]


@pytest.mark.parametrize(("text", "expected"), [("person:3", ("person", 3)), ("asset:x", None), ("user:1", None)])
def test_split_key(text: str, expected: tuple[str, int] | None) -> None:
    assert split_key(text) == expected
