"""A resident's links wait for review; links naming a person follow the audience that person chose."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.auth.models import User
from abcd.changes import services as changes
from abcd.changes.models import ChangeRequest, ChangeStatus
from abcd.extensions import db
from abcd.links import services as links
from abcd.links.models import Link, LinkType
from abcd.people.models import Person
from tests.conftest import login
from tests.factories import Cast
from tests.links.conftest import Town, link_through_ui
from tests.people.test_profile import save_profile
from tests.rendered_forms import rendered_fields, rendered_form, submit


def _resident(app: Flask, people: Cast) -> tuple[FlaskClient, int]:
    client = app.test_client()
    login(client, people.resident)
    saved = save_profile(client, display_name="Rhys Resident", display_name_visibility="public", consent=True)
    assert saved.status_code == 302
    with app.app_context():
        person_id = db.session.scalar(sa.select(Person.person_id).where(Person.user_id == people.ids["resident"]))
    assert person_id is not None
    return client, person_id


def _approve_all(app: Flask, people: Cast) -> None:
    with app.test_request_context():
        officer = db.session.get(User, people.ids["officer_cardiff"])
        assert officer is not None
        for change in db.session.scalars(sa.select(ChangeRequest)).all():
            changes.approve(change, None, changes.WriteContext(actor=officer))
        db.session.commit()


def _choir_page(client: FlaskClient, town: Town) -> str:
    return client.get(f"/assets/{town.choir}").get_data(as_text=True)


def test_resident_link_waits_for_review_then_shows_once_approved(app: Flask, people: Cast, town: Town) -> None:
    client, person_id = _resident(app, people)
    assert f"/links/new?from=person:{person_id}" in client.get(f"/people/{person_id}").get_data(as_text=True)
    done = link_through_ui(client, f"person:{person_id}", "helps>", "Riverside", f"asset:{town.choir}", "public")
    assert "sent for review" in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Link)) is None
        change = db.session.scalar(sa.select(ChangeRequest))
        assert change is not None
        assert change.person_id == person_id
        assert change.status is ChangeStatus.PENDING
    assert "Rhys Resident" not in _choir_page(app.test_client(), town)
    again = link_through_ui(client, f"person:{person_id}", "helps>", "Riverside", f"asset:{town.choir}", "public")
    assert "already been suggested" in again.get_data(as_text=True)
    _approve_all(app, people)
    with app.app_context():
        link = db.session.scalar(sa.select(Link))
        assert link is not None
        assert link.link_type is LinkType.HELPS
        assert link.source_person_id == person_id
    assert "Helped by" in _choir_page(app.test_client(), town)
    assert "Rhys Resident" in _choir_page(app.test_client(), town)
    assert "Helps" in client.get(f"/people/{person_id}").get_data(as_text=True)


def test_person_link_defaults_to_only_me_and_stays_hidden_from_others(app: Flask, people: Cast, town: Town) -> None:
    client, person_id = _resident(app, people)
    page = client.get("/links/new", query_string={"from": f"person:{person_id}", "relation": "uses>", "q": "Splott"})
    assert rendered_fields(page, button="Link")["visibility"] == ["private"]  # most private preselected
    submit(client, page, button="Link", fill={"to": f"asset:{town.hall}"})
    _approve_all(app, people)
    hall = f"/assets/{town.hall}"
    assert "Rhys Resident" not in app.test_client().get(hall).get_data(as_text=True)
    officer = app.test_client()
    login(officer, people.officer_cardiff)
    assert "Rhys Resident" not in officer.get(hall).get_data(as_text=True)
    assert "Rhys Resident" in client.get(hall).get_data(as_text=True)  # a person always sees their own links
    assert "Uses" in client.get(f"/people/{person_id}").get_data(as_text=True)


def test_resident_may_offer_only_their_own_profile_from_an_asset(app: Flask, people: Cast, town: Town) -> None:
    client, person_id = _resident(app, people)
    page = client.get("/links/new", query_string={"from": f"asset:{town.hall}", "relation": "uses<", "q": "Ann"})
    offered = [control.value for control in rendered_form(page, button="Link").controls if control.name == "to"]
    assert offered == [f"person:{person_id}"]  # never Ann, whom only officers may link
    refused = submit(client, page, button="Link", forge={"to": f"person:{town.ann}"})
    assert refused.status_code == 400
    assert "Only the person themselves" in refused.get_data(as_text=True)
    assert client.get("/links/new", query_string={"from": f"person:{town.ann}"}).status_code == 404  # hidden


def test_link_from_proposal_checks_the_rules_and_refuses_duplicates(app: Flask, town: Town) -> None:
    proposed = {"link_type": "tells_of", "source_asset_id": town.tale, "target_asset_id": town.hall,
                "source_person_id": None, "target_person_id": None, "visibility": "public"}  # fmt: skip
    with app.test_request_context():
        links.link_from_proposal(proposed, None)
        with pytest.raises(links.LinkError) as duplicate:
            links.link_from_proposal(proposed, None)
        assert duplicate.value.code == "duplicate"
        backwards = {**proposed, "source_asset_id": town.hall, "target_asset_id": town.tale}
        with pytest.raises(links.LinkError) as wrong_way:
            links.link_from_proposal(backwards, None)  # a place is not a story
        assert wrong_way.value.code == "relation"
        with pytest.raises(links.LinkError) as gone:
            links.link_from_proposal({**proposed, "target_asset_id": 987654}, None)
        assert gone.value.code == "missing"
        db.session.rollback()
