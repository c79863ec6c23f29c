"""The network pages and JSON over the real database: what each viewer sees, and what they never see."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import Asset, AssetKind
from abcd.extensions import db
from abcd.links.models import LinkType
from abcd.network import refresh
from tests import factories
from tests.conftest import login
from tests.network.builders import MEMBERS, OFFICERS, give_skill, join, link_assets, make_person, make_skill


@dataclass(frozen=True)
class Town:
    choir: int
    club: int
    hall: int
    garden: int
    ann: int
    bob: int
    hidden: int
    resident_person: int


@pytest.fixture
def town(app: Flask, people: factories.Cast) -> Town:
    """Two groups joined only by an officers-only person, a hall the choir meets at, and an unlinked garden."""
    with app.app_context():
        music = factories.make_theme()
        choir = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Cathays Choir", ward_code=factories.CATHAYS)
        choir.themes.append(music)
        club = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Roath Running Club")
        hall = factories.make_asset(name_en="Cathays Hall", ward_code=factories.CATHAYS)
        garden = factories.make_asset(name_en="Secret Garden <b>", ward_code=factories.CATHAYS)
        garden.themes.append(music)
        db.session.commit()
        ann, bob = make_person("Ann Singer", MEMBERS), make_person("Bob Runner", MEMBERS)
        hidden = make_person("Hidden Hywel", OFFICERS, ward_code=factories.CATHAYS)  # a Cardiff resident
        mine = make_person("Resident Rhian", MEMBERS, user_id=people.ids["resident"])
        join(ann, choir.asset_id)
        join(bob, club.asset_id)
        join(hidden, choir.asset_id, OFFICERS)
        join(hidden, club.asset_id, OFFICERS)
        join(mine, club.asset_id, MEMBERS, LinkType.ORGANISES)
        give_skill(ann, make_skill("Singing", "Canu"))
        link_assets(choir.asset_id, hall.asset_id)
        refresh.refresh_metrics()
        db.session.commit()
        ids = Town(choir.asset_id, club.asset_id, hall.asset_id, garden.asset_id, ann.person_id, bob.person_id,
                   hidden.person_id, mine.person_id)  # fmt: skip
        db.session.remove()
    return ids


def _as(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    login(client, email)
    return client


def _graph(client: FlaskClient, **args: object) -> dict:
    response = client.get("/network/graph.json", query_string=args)
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def test_hidden_person_is_absent_from_graph_json_for_residents_and_present_for_officers(
    app: Flask, town: Town, people: factories.Cast
) -> None:
    resident = _graph(_as(app, people.resident), focus=f"asset:{town.choir}", radius=3)
    labels = {node["label"] for node in resident["nodes"]}
    assert {"Cathays Choir", "Ann Singer", "Cathays Hall", "Singing"} <= labels
    assert "Hidden Hywel" not in labels
    assert "Roath Running Club" not in labels  # only reachable through the hidden person
    assert f"person:{town.hidden}" not in json.dumps(resident)
    officer = _graph(_as(app, people.officer_cardiff), focus=f"asset:{town.choir}", radius=3)
    assert {"Hidden Hywel", "Roath Running Club", "Bob Runner"} <= {node["label"] for node in officer["nodes"]}


def test_focusing_on_a_hidden_person_is_not_found(app: Flask, town: Town, people: factories.Cast) -> None:
    client = _as(app, people.resident)
    assert client.get(f"/network/?focus=person:{town.hidden}").status_code == 404
    assert client.get(f"/network/graph.json?focus=person:{town.hidden}").status_code == 404
    assert client.get("/network/?focus=person:999999").status_code == 404


def test_a_resident_sees_their_own_links(app: Flask, town: Town, people: factories.Cast) -> None:
    data = _graph(_as(app, people.resident), focus=f"person:{town.resident_person}", radius=1)
    assert {node["label"] for node in data["nodes"]} == {"Resident Rhian", "Roath Running Club"}


def test_kind_filter_keeps_popular_skills_out_of_the_view(app: Flask, town: Town, people: factories.Cast) -> None:
    data = _graph(
        _as(app, people.officer_cardiff), focus=f"asset:{town.choir}", radius=2, kind=["person", "association"]
    )
    assert {node["kind"] for node in data["nodes"]} <= {"person", "association"}
    assert "Singing" not in {node["label"] for node in data["nodes"]}


def test_graph_json_carries_positions_scores_and_translated_kinds(
    app: Flask, town: Town, people: factories.Cast
) -> None:
    client = _as(app, people.officer_cardiff)
    data = _graph(client, la=factories.CARDIFF)
    hall = next(node for node in data["nodes"] if node["key"] == f"asset:{town.hall}")
    assert hall["label"] == "Cathays Hall"
    assert isinstance(hall["x"], float)
    # The unlinked garden is folded into the one "not yet connected" node, not drawn on its own.
    assert f"asset:{town.garden}" not in {node["key"] for node in data["nodes"]}
    group = next(node for node in data["nodes"] if node["key"] == "group:unconnected")
    assert (group["count"], group["label"], data["unconnected"]) == (1, "Not yet connected: 1", 1)
    assert all({"score", "community"} <= set(node) for node in data["nodes"])
    assert data["kinds"]["association"]["label"] == "Association"
    welsh = _graph(client, lang="cy")
    assert welsh["kinds"]["association"]["label"] != "Association"
    assert "Canu" in {node["label"] for node in welsh["nodes"]}


def test_network_page_lists_neighbours_connectors_and_assets_ready_to_connect(
    app: Flask, town: Town, people: factories.Cast
) -> None:
    html = _as(app, people.officer_cardiff).get(f"/network/?focus=asset:{town.choir}").get_data(as_text=True)
    assert "Network around Cathays Choir" in html
    neighbours = html[html.index('id="neighbours-table"') :]
    assert "Ann Singer" in neighbours
    assert "Member of" in neighbours
    assert "Hosts" in neighbours  # the place, read from its side: it hosts the choir
    connectors = html[html.index('id="connectors-table"') : html.index('id="communities-table"')]
    assert "Hidden Hywel" in connectors
    ready = html[html.index('id="ready-table"') :]
    assert "Secret Garden &lt;b&gt;" in ready
    assert "<b>" not in ready.split("</table>")[0]


def test_connector_tables_leave_hidden_people_out(app: Flask, town: Town, people: factories.Cast) -> None:
    client = _as(app, people.resident)
    for url in ("/network/", "/network/strengths", f"/network/strengths?la={factories.CARDIFF}"):
        html = client.get(url).get_data(as_text=True)
        assert "Hidden Hywel" not in html, url


def test_search_finds_visible_nodes_only(app: Flask, town: Town, people: factories.Cast) -> None:
    html = _as(app, people.resident).get("/network/?q=hywel").get_data(as_text=True)
    assert "0 matches" in html
    html = _as(app, people.officer_cardiff).get("/network/?q=hywel").get_data(as_text=True)
    assert f"focus=person:{town.hidden}" in html or f"focus=person%3A{town.hidden}" in html


def test_paths_use_only_links_the_viewer_may_see(app: Flask, town: Town, people: factories.Cast) -> None:
    query = {"from": "Ann Singer", "to": "Bob Runner"}
    officer = _as(app, people.officer_cardiff).get("/network/paths", query_string=query).get_data(as_text=True)
    assert "1 shortest way" in officer
    assert "4 steps" in officer
    assert "Hidden Hywel" in officer
    assert "Member of" in officer
    resident = _as(app, people.resident).get("/network/paths", query_string=query).get_data(as_text=True)
    assert "No connection found" in resident
    assert "Hidden Hywel" not in resident


def test_paths_ask_which_one_when_a_name_matches_several(app: Flask, town: Town, people: factories.Cast) -> None:
    html = _as(app, people.officer_cardiff).get("/network/paths?from=Cathays&to=Bob").get_data(as_text=True)
    assert "which one did you mean?" in html
    assert "Cathays Choir" in html
    assert "Cathays Hall" in html


def test_strengths_profile_and_suggestions_for_assets_ready_to_connect(
    app: Flask, town: Town, people: factories.Cast
) -> None:
    html = _as(app, people.officer_cardiff).get(f"/network/strengths?ward={factories.CATHAYS}").get_data(as_text=True)
    kinds = html[html.index('id="profile-kinds"') :]
    assert "Association</td><td>1</td>" in kinds
    themes = html[html.index('id="profile-themes"') :]
    assert "Music</td><td>1</td>" in themes
    ready = html[html.index('id="ready-table"') :]
    assert "Secret Garden" in ready
    assert "Cathays Choir" in ready
    assert "shares themes: Music" in ready
    assert "in the same ward" in ready


def test_graph_follows_writes_without_a_restart(app: Flask, town: Town, people: factories.Cast) -> None:
    client = _as(app, people.officer_cardiff)
    before = _graph(client, focus=f"asset:{town.garden}", radius=1)
    assert len(before["nodes"]) == 1
    with app.app_context():
        link_assets(town.garden, town.hall, LinkType.PARTNERS_WITH)
        db.session.remove()
    after = _graph(client, focus=f"asset:{town.garden}", radius=1)
    assert {node["label"] for node in after["nodes"]} == {"Secret Garden <b>", "Cathays Hall"}


def test_a_node_added_since_the_metrics_sits_beside_its_neighbour_at_once(
    app: Flask, town: Town, people: factories.Cast
) -> None:
    client = _as(app, people.officer_cardiff)
    before = {node["key"]: node for node in _graph(client, la=factories.CARDIFF)["nodes"]}
    with app.app_context():
        newcomer = make_person("Newcomer Nia", MEMBERS, ward_code=factories.CATHAYS)
        join(newcomer, town.choir)
        key = f"person:{newcomer.person_id}"
        db.session.remove()
    after = {node["key"]: node for node in _graph(client, la=factories.CARDIFF)["nodes"]}
    assert key not in before
    choir = after[f"asset:{town.choir}"]
    placed = after[key]
    assert placed["score"] == 0.0  # no metrics yet: the background job has not run
    distance = ((placed["x"] - choir["x"]) ** 2 + (placed["y"] - choir["y"]) ** 2) ** 0.5
    assert 1.0 < distance < 2.0  # a provisional position beside the group it joined, not on the outer ring
    for old in before:  # everyone else stays where the last refresh put them
        assert (after[old]["x"], after[old]["y"]) == (before[old]["x"], before[old]["y"])


def test_a_renamed_node_keeps_its_metrics_and_place(app: Flask, town: Town, people: factories.Cast) -> None:
    client = _as(app, people.officer_cardiff)
    before = {node["key"]: node for node in _graph(client, la=factories.CARDIFF)["nodes"]}
    with app.app_context():
        choir = db.session.get(Asset, town.choir)
        assert choir is not None
        choir.name_en = "Cathays Community Choir"
        db.session.commit()
    after = {node["key"]: node for node in _graph(client, la=factories.CARDIFF)["nodes"]}
    key = f"asset:{town.choir}"
    assert after[key]["label"] == "Cathays Community Choir"
    assert {k: after[key][k] for k in ("x", "y", "score", "community")} == {
        k: before[key][k] for k in ("x", "y", "score", "community")
    }


def test_view_names_communities_lists_the_unconnected_and_focuses_a_single_match(
    app: Flask, town: Town, people: factories.Cast
) -> None:
    client = _as(app, people.officer_cardiff)
    data = _graph(client, la=factories.CARDIFF)
    names = set(data["communities"].values())
    assert names, data["communities"]
    assert all(name.startswith("Community around ") for name in names)
    labels = {node["label"] for node in data["nodes"]}
    for name in names:  # every name is made of members shown in the view
        members = name.removeprefix("Community around ").split(" and ")
        assert set(members) <= labels, (name, labels)
    assert "Community around Cathays Choir and Cathays Hall" in names

    html = client.get(f"/network/?la={factories.CARDIFF}").get_data(as_text=True)
    unconnected = html[html.index('id="unconnected"') :]
    assert "Not yet connected: 1" in unconnected
    assert "Secret Garden &lt;b&gt;" in unconnected  # listed as text, never as markup
    assert "Community around Cathays Choir and Cathays Hall" in html[html.index('id="communities-table"') :]

    single = client.get("/network/", query_string={"q": "secret garden"})
    assert single.status_code == 302
    assert f"focus=asset:{town.garden}" in single.headers["Location"].replace("%3A", ":")
    several = client.get("/network/", query_string={"q": "cathays"})
    assert several.status_code == 200
    assert "2 matches" in several.get_data(as_text=True)
