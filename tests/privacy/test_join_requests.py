"""A request to join an invite-only group is not a membership: it shows only in the organisers' request list."""

from __future__ import annotations

import csv
import io
import json

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetKind, Membership
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility, utcnow
from abcd.people.models import Person
from tests import factories
from tests.conftest import login
from tests.factories import CATHAYS, Cast
from tests.people.test_profile import press

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


def _organiser_of(app: Flask, people: Cast, group_id: int) -> FlaskClient:
    """The cast's plain resident, organising the group: no officer clearance at all."""
    with app.app_context():
        organiser = factories.make_person(display_name="Olwen Organiser", user_id=people.ids["resident"])
        db.session.add(Link(link_type=LinkType.ORGANISES, source_person_id=organiser.person_id,
                            target_asset_id=group_id, role="organiser", visibility=Visibility.PUBLIC))  # fmt: skip
        db.session.commit()
    return _as(app, people.resident)


def _asker(app: Flask, name: str, **fields: object) -> FlaskClient:
    with app.app_context():
        user = factories.make_user()
        factories.make_person(display_name=name, user_id=user.user_id, **fields)  # "only me" by default
        email = user.email
    return _as(app, email)


def test_asking_says_which_name_organisers_will_see_and_then_they_see_it(app: Flask, people: Cast) -> None:
    with app.app_context():
        group_id = factories.make_asset(
            name_en="Quiet Circle", kind=AssetKind.ASSOCIATION, membership=Membership.INVITE
        ).asset_id
    organiser = _organiser_of(app, people, group_id)
    asker = _asker(app, "Private Pryderi")
    page = asker.get(f"/groups/{group_id}").get_data(as_text=True)
    assert "its organisers will see your name, “Private Pryderi”" in page
    press(asker, f"/groups/{group_id}", "Join", visibility="private")
    assert "Private Pryderi" in organiser.get(f"/groups/{group_id}").get_data(as_text=True)


def test_organisers_never_see_hidden_names_they_were_not_shown_nor_withdrawn_people(app: Flask, people: Cast) -> None:
    person_id, group_id = _requested(app)
    with app.app_context():
        hidden = factories.make_person(display_name="Only-me Owain")  # asked before anyone told them
        db.session.add(Link(link_type=LinkType.MEMBER_OF, source_person_id=hidden.person_id,
                            target_asset_id=group_id, role=REQUESTED, visibility=Visibility.PRIVATE))  # fmt: skip
        db.session.execute(sa.update(Person).where(Person.person_id == person_id).values(withdrawn_at=utcnow()))
        db.session.commit()
    html = _organiser_of(app, people, group_id).get(f"/groups/{group_id}").get_data(as_text=True)
    assert "Only-me Owain" not in html
    assert "Asking Alys" not in html


def test_a_withdrawn_profile_cannot_ask_to_join(app: Flask, people: Cast) -> None:
    with app.app_context():
        group_id = factories.make_asset(
            name_en="Quiet Circle", kind=AssetKind.ASSOCIATION, membership=Membership.INVITE
        ).asset_id
    asker = _asker(app, "Gone Gwen", withdrawn_at=utcnow())
    response = asker.post(f"/groups/{group_id}/join", data={"visibility": "private"})
    assert "withdrew your consent" in asker.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Link)) == 0
