"""Every link type made through the "Link to…" page shows on both ends' pages and in the network."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.changes.models import ChangeKind, ChangeRequest
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from tests.conftest import login
from tests.factories import Cast
from tests.links.conftest import Town, link_through_ui

# (from, relation, search, to, how it reads from `from`, how it reads from `to`)
CASES = [
    ("person:ann", "helps>", "Riverside", "asset:choir", "Helps", "Helped by"),
    ("person:ann", "uses>", "Splott H", "asset:hall", "Uses", "Used by"),
    ("asset:hall", "uses<", "Riverside", "asset:choir", "Used by", "Uses"),
    ("asset:library", "partners_with>", "market", "asset:market", "Partners with", "Partners with"),
    ("asset:market", "runs<", "Library", "asset:library", "Run by", "Runs"),
    ("asset:hall", "meets_at<", "Côr", "asset:choir", "Hosts", "Meets at"),  # found by its Welsh name
    ("asset:tale", "tells_of>", "Splott", "asset:hall", "About", "Stories about this place"),
]


def _key(template: str, town: Town) -> str:
    table, name = template.split(":")
    return f"{table}:{getattr(town, name)}"


def _page(client: FlaskClient, key: str) -> str:
    table, record_id = key.split(":")
    url = f"/people/{record_id}" if table == "person" else f"/assets/{record_id}"
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _officer(app: Flask, people: Cast) -> FlaskClient:
    client = app.test_client()
    login(client, people.officer_cardiff)
    return client


@pytest.mark.parametrize(("here", "relation", "search", "there", "from_here", "from_there"), CASES)
def test_officer_links_every_type_and_it_shows_on_both_ends_and_in_the_network(
    app: Flask, people: Cast, town: Town, here: str, relation: str, search: str, there: str,
    from_here: str, from_there: str,
) -> None:  # fmt: skip
    client = _officer(app, people)
    here_key, there_key = _key(here, town), _key(there, town)
    # A link naming a person is shown to whom they (here, the officer recording for Ann) choose.
    visibility = "officers" if here_key.startswith("person:") else None
    done = link_through_ui(client, here_key, relation, search, there_key, visibility)
    assert "Linked:" in done.get_data(as_text=True)
    with app.app_context():
        link = db.session.scalar(sa.select(Link))
        assert link is not None
        assert link.link_type is LinkType(relation[:-1])
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ChangeRequest)) == 0
        names = {"choir": "Riverside Choir", "hall": "Splott Hall", "library": "Central Library",
                 "market": "Splott Market", "tale": "Tale of the Docks", "ann": "Ann Helper"}  # fmt: skip
    here_name, there_name = names[here.split(":")[1]], names[there.split(":")[1]]
    here_page, there_page = _page(client, here_key), _page(client, there_key)
    assert from_here in here_page
    assert there_name in here_page[here_page.index("<h2") :]
    assert from_there in there_page
    assert here_name in there_page[there_page.index("<h2") :]
    # The network: an edge in its JSON, and the link named in the accessible table around either end.
    graph = json.loads(client.get("/network/graph.json", query_string={"focus": there_key}).get_data(as_text=True))
    assert any(set(edge) == {here_key, there_key} for edge in graph["edges"])
    table = client.get("/network/", query_string={"focus": there_key}).get_data(as_text=True)
    table = table[table.index('id="neighbours-table"') :]
    network_phrase = {"About": "Is about", "Stories about this place": "Has stories"}.get(from_here, from_here)
    assert here_name in table
    assert network_phrase in table


def test_officer_of_another_authority_gets_a_proposal_not_a_link(app: Flask, people: Cast, town: Town) -> None:
    client = app.test_client()
    login(client, people.officer_newport)
    done = link_through_ui(client, f"asset:{town.library}", "partners_with>", "Market", f"asset:{town.market}")
    assert "sent for review" in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Link)) is None
        change = db.session.scalar(sa.select(ChangeRequest))
        assert change is not None
        assert change.kind is ChangeKind.LINK
        assert change.la_code == "W06000015"


def test_a_link_already_made_is_refused_with_a_message(app: Flask, people: Cast, town: Town) -> None:
    client = _officer(app, people)
    link_through_ui(client, f"asset:{town.library}", "partners_with>", "Market", f"asset:{town.market}")
    # The same partnership made from the other end is the same link.
    again = link_through_ui(client, f"asset:{town.market}", "partners_with>", "Library", f"asset:{town.library}")
    assert "already linked" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Link)) == 1


def test_link_to_button_on_asset_group_and_own_person_pages(app: Flask, people: Cast, town: Town) -> None:
    client = _officer(app, people)
    assert f"/links/new?from=asset:{town.hall}" in client.get(f"/assets/{town.hall}").get_data(as_text=True)
    assert f"/links/new?from=asset:{town.choir}" in client.get(f"/groups/{town.choir}").get_data(as_text=True)
    assert f"/links/new?from=person:{town.ann}" in client.get(f"/people/{town.ann}").get_data(as_text=True)
    newport = app.test_client()
    login(newport, people.officer_newport)  # Ann's ward is in Cardiff: not theirs to link
    assert "/links/new?from=person" not in newport.get(f"/people/{town.ann}").get_data(as_text=True)
    # Ann waits to confirm a Cardiff listing: Newport's officers may not even know she is there.
    assert newport.get("/links/new", query_string={"from": f"person:{town.ann}"}).status_code == 404
    assert "/links/new" not in app.test_client().get(f"/assets/{town.hall}").get_data(as_text=True)
