"""Partner ranking on a hand-built graph with known answers: pure, no app."""

from __future__ import annotations

from abcd.network.graph import EdgeRecord, NodeRecord, Sight, build_graph
from abcd.partners.matching import (
    OfferRow,
    Reason,
    Side,
    distance_factor,
    rank,
    score_match,
    shared_neighbours,
    side_of,
)

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


def test_distance_factor_halves_every_ten_km() -> None:
    assert distance_factor(0) == 1
    assert distance_factor(10) == 0.5
    assert distance_factor(20) == 0.25
    assert distance_factor(None) == 0.5  # no place: as if 10 km away


def test_a_sought_skill_is_counted_once_even_when_offered_and_worked_on() -> None:
    venue = Side("asset:1", seeks_skills={"skill:9"}, skill_themes={"skill:9": {"music"}}, point=(51.48, -3.18))
    both = Side("asset:2", offers_skills={"skill:9"}, themes={"music"}, point=(51.48, -3.18))
    themed = Side("asset:3", themes={"music"}, point=(51.48, -3.18))
    labels = {"skill:9": "Music"}
    strong = score_match(venue, both, None, labels)
    assert strong is not None
    assert [(r.code, r.points) for r in strong.reasons] == [("asked_skill", 3), ("distance", 1)]
    by_theme = score_match(venue, themed, None, labels)
    assert by_theme is not None
    assert by_theme.reasons[0] == Reason("asked_skill_theme", 3, 1, ("Music", "music"))


def test_a_near_weak_match_loses_to_an_asked_for_match_up_to_16_km_further() -> None:
    venue = Side("asset:1", themes={"arts"}, seeks_themes={"heritage"}, point=(51.5, -3.2))
    weak = Side("asset:2", themes={"arts"}, point=(51.5, -3.2))
    near_strong = Side("asset:3", themes={"heritage"}, point=(51.5 + 15 / 111.2, -3.2))
    far_strong = Side("asset:4", themes={"heritage"}, point=(51.5 + 17 / 111.2, -3.2))
    scores = []
    for side in (near_strong, weak, far_strong):
        found = score_match(venue, side, None, {})
        assert found is not None
        scores.append(found.score)
    assert scores == sorted(scores, reverse=True)  # 3 x 0.35 > 1 x 1 > 3 x 0.31
    assert len(set(scores)) == 3
