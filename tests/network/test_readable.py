"""Naming communities after their members and folding unconnected nodes: pure functions, in both languages."""

from __future__ import annotations

from flask import Flask

from abcd.network.readable import Member, community_names, fold_isolated, links_in_view

EDGES = [("asset:1", "person:1", []), ("asset:1", "asset:2", []), ("person:2", "asset:2", [])]


def test_nodes_without_a_link_in_the_view_are_folded_in_order() -> None:
    nodes = ["asset:1", "asset:9", "person:1", "asset:8", "asset:2", "person:2", "asset:7"]
    connected, isolated = fold_isolated(nodes, EDGES)
    assert connected == ["asset:1", "person:1", "asset:2", "person:2"]
    assert isolated == ["asset:9", "asset:8", "asset:7"]


def test_the_focus_is_never_folded_even_alone() -> None:
    assert fold_isolated(["asset:9", "asset:8"], [], keep="asset:9") == (["asset:9"], ["asset:8"])
    assert fold_isolated([], []) == ([], [])


def test_links_in_view_count_both_ends() -> None:
    assert links_in_view(EDGES) == {"asset:1": 2, "person:1": 1, "asset:2": 2, "person:2": 1}


def test_community_named_after_its_best_connected_places_and_groups(app: Flask) -> None:
    members = {
        0: [
            Member("Ann Singer", links=9, score=90.0, person=True),  # people come after places and groups
            Member("Cardiff Choir", links=3, score=10.0, person=False),
            Member("Adamsdown Hall", links=5, score=10.0, person=False),  # same score: more links first
            Member("Tiny Club", links=1, score=1.0, person=False),
        ],
        4: [
            Member("Bob Runner", links=1, score=0.0, person=True),
            Member("Roath Club", links=1, score=0.0, person=False),
        ],
        7: [Member("Lone Hall", links=1, score=0.0, person=False)],
        9: [Member("Zed", 1, 0.0, True), Member("Amy", 1, 0.0, True)],  # a tie is broken by name
    }
    with app.test_request_context("/"):
        names = community_names(members)
    assert names == {
        0: "Community around Adamsdown Hall and Cardiff Choir",
        4: "Community around Roath Club and Bob Runner",
        7: "Community around Lone Hall",
        9: "Community around Amy and Zed",
    }


def test_community_names_in_welsh_keep_the_members_names(app: Flask) -> None:
    members = {2: [Member("Neuadd y Rhath", 2, 5.0, False), Member("Côr Caerdydd", 1, 1.0, False)]}
    with app.test_request_context("/?lang=cy"):
        names = community_names(members)
    assert names == {2: "Cymuned o amgylch Neuadd y Rhath a Côr Caerdydd"}
