"""Partner ranking on a hand-built graph with known answers: pure, no app."""

from __future__ import annotations

from abcd.network.graph import EdgeRecord, NodeRecord, Sight, build_graph
from abcd.partners.matching import OfferRow, rank, shared_neighbours, side_of

VENUE = NodeRecord("asset:1", "place", "Arts Centre", lat=51.48, lon=-3.18, venue=True)
NODES = [
    VENUE,
    NodeRecord("asset:2", "association", "Youth Band", themes=("music", "young-people"), lat=51.49, lon=-3.18),
    NodeRecord("asset:3", "association", "Knitters", themes=("crafts",), lat=51.49, lon=-3.18),
    NodeRecord("person:1", "person", "Ann"),
    NodeRecord("person:2", "person", "Bob"),
    NodeRecord("skill:9", "skill", "Sound engineering"),
    NodeRecord("person:3", "person", "Cai", findable=True),
]
EDGES = [
    EdgeRecord("person:1", "asset:1", "uses"),
    EdgeRecord("person:1", "asset:2", "member_of"),
    EdgeRecord("person:2", "asset:1", "uses"),
    EdgeRecord("person:2", "asset:2", "member_of", 2),
    EdgeRecord("person:3", "skill:9", "offered_skill"),
]
OFFERS = [
    OfferRow("offers", "space"),
    OfferRow("seeks", "skill", skill="skill:9"),
    OfferRow("seeks", "audience", theme="young-people"),
]


def test_shared_members_themes_and_needs_rank_the_band_first() -> None:
    graph = build_graph(NODES, EDGES)
    sight = Sight(1)
    venue = side_of(graph, sight, "asset:1", OFFERS)
    candidates = {
        "asset:2": side_of(graph, sight, "asset:2", [OfferRow("seeks", "space")], only_skills=venue.seeks_skills),
        "asset:3": side_of(graph, sight, "asset:3", [], only_skills=venue.seeks_skills),
    }
    matches = rank(graph, venue, candidates, shared_neighbours(graph, sight, "asset:1"), {})
    assert [m.key for m in matches] == ["asset:2"]  # the knitters share nothing: not listed
    reasons = {r.code: r for r in matches[0].reasons}
    assert reasons["people"].count == 1  # Bob's membership is for officers only
    assert reasons["asked_theme"].items == ("young-people",)  # the venue asked for young people: 3 points
    assert reasons["asked_theme"].points == 3
    assert reasons["they_seek"].items == ("space",)  # the band looks for the space the venue offers: 2
    assert 1.0 < (reasons["distance"].km or 0) < 1.2
    assert matches[0].relevance == 3 + 2 + 1  # and 1 for Ann, the one person in common this viewer sees
    assert matches[0].score == round(6 * 0.5 ** (1.1 / 10), 2)  # relevance x distance factor


def test_a_person_offering_a_sought_skill_is_explained() -> None:
    graph = build_graph(NODES, EDGES)
    venue = side_of(graph, Sight(1), "asset:1", OFFERS)
    person = side_of(graph, Sight(1), "person:3", [], only_skills=venue.seeks_skills)
    matches = rank(graph, venue, {"person:3": person}, {}, {"skill:9": "Sound engineering"})
    assert matches[0].reasons[0].code == "asked_skill"
    assert matches[0].reasons[0].items == ("Sound engineering",)
    assert matches[0].reasons[-1].code == "no_distance"  # Cai has no place: counted as if 10 km away
    assert matches[0].score == 1.5
