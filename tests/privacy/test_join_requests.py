"""A request to join an invite-only group is not a membership: it shows only in the organisers' request list."""

from __future__ import annotations

import csv
import io
import json

from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetKind, Membership
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility
from tests import factories
from tests.conftest import login
from tests.factories import CATHAYS, Cast

REQUESTED = "requested"


def _requested(app: Flask) -> tuple[int, int]:
    """A public resident who asked to join an invite-only group, and that group."""
    with app.app_context():
        group = factories.make_asset(name_en="Invite Circle", kind=AssetKind.ASSOCIATION, membership=Membership.INVITE)
        skill = factories.make_skill("Knitting")
        person = factories.make_person(
            visibility=Visibility.PUBLIC, display_name="Asking Alys", ward_code=CATHAYS, skills=[skill]
        )
        db.session.add(
            Link(link_type=LinkType.MEMBER_OF, source_person_id=person.person_id, target_asset_id=group.asset_id,
                 role=REQUESTED, visibility=Visibility.PUBLIC)
        )  # fmt: skip
        db.session.commit()
        return person.person_id, group.asset_id


def _as(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    login(client, email)
    return client


def test_request_is_not_shown_as_membership_on_the_person_page(app: Flask, people: Cast) -> None:
    person_id, _group_id = _requested(app)
    for client in (app.test_client(), _as(app, people.admin)):
        html = client.get(f"/people/{person_id}").get_data(as_text=True)
        assert "Asking Alys" in html
        assert "Invite Circle" not in html


def test_request_is_not_an_edge_in_the_network_json(app: Flask, people: Cast) -> None:
    person_id, group_id = _requested(app)
    data = json.loads(
        _as(app, people.admin).get(f"/network/graph.json?focus=asset:{group_id}&radius=2").get_data(as_text=True)
    )
    assert f"person:{person_id}" not in {node["key"] for node in data["nodes"]}
    assert not [edge for edge in data["edges"] if f"person:{person_id}" in edge]


def test_request_is_not_a_group_in_the_officers_export(app: Flask, people: Cast) -> None:
    _requested(app)
    text = _as(app, people.admin).get("/people/export.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["name"] for row in rows] == ["Asking Alys"]
    assert rows[0]["groups"] == ""
