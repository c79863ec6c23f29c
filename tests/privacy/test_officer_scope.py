""" "Officers only" means the officers of the person's own council (and admins), in every channel."""

from __future__ import annotations

import csv
import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.models_base import Visibility
from abcd.partners.models import OfferCategory, OfferDirection
from abcd.people.models import ConsentRecord, EnteredBy, LawfulBasis
from tests import factories
from tests.conftest import login
from tests.factories import CATHAYS, Cast
from tests.network.builders import OFFICERS, give_skill, join, make_person, make_skill, offer

NAME = "Ceri Cardiff-Only"


@pytest.fixture
def ceri(app: Flask, people: Cast) -> dict[str, int]:
    """A Cardiff resident who shows everything to officers only, with a skill a Cardiff venue seeks."""
    with app.app_context():
        venue = factories.make_asset(name_en="Cathays Chapel", ward_code=CATHAYS)
        choir = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Cathays Choir", ward_code=CATHAYS)
        harp = make_skill("Harp", "Telyn")
        person = make_person(NAME, OFFICERS, ward_code=CATHAYS)
        give_skill(person, harp, OFFICERS)
        join(person, choir.asset_id, OFFICERS)
        offer(venue.asset_id, OfferDirection.SEEKS, OfferCategory.SKILL, skill_id=harp.skill_id)
        ids = {"person": person.person_id, "venue": venue.asset_id, "choir": choir.asset_id}
        db.session.remove()
    return ids


def _as(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    login(client, email)
    return client


def _channels(client: FlaskClient, ids: dict[str, int]) -> dict[str, bool]:
    """Does each channel show Ceri to this viewer?"""
    graph = json.loads(client.get(f"/network/graph.json?focus=asset:{ids['choir']}&radius=2").get_data(as_text=True))
    export = list(csv.DictReader(io.StringIO(client.get("/people/export.csv").get_data(as_text=True))))
    features = json.loads(client.get("/maps/people.geojson").get_data(as_text=True))["features"]
    return {
        "network": NAME in {node["label"] for node in graph["nodes"]},
        "directory": NAME in client.get("/people/skills?q=harp").get_data(as_text=True),
        "directory json": json.loads(client.get("/people/skills.json?q=telyn").get_data(as_text=True))["total"] == 1,
        "person page": client.get(f"/people/{ids['person']}").status_code == 200,
        "group page": NAME in client.get(f"/groups/{ids['choir']}").get_data(as_text=True),
        "export": NAME in {row["name"] for row in export},
        "map counts": sum(f["properties"]["count"] for f in features) == 1,
        "partners": NAME in client.get(f"/partners/assets/{ids['venue']}/partners").get_data(as_text=True),
    }


def test_a_newport_officer_sees_nothing_of_a_cardiff_officers_only_resident(
    app: Flask, people: Cast, ceri: dict[str, int]
) -> None:
    assert _channels(_as(app, people.officer_newport), ceri) == dict.fromkeys(
        _channels(_as(app, people.admin), ceri), False
    )


@pytest.mark.parametrize("role", ["officer_cardiff", "admin"])
def test_her_own_councils_officers_and_admins_see_her_everywhere(
    app: Flask, people: Cast, ceri: dict[str, int], role: str
) -> None:
    seen = _channels(_as(app, getattr(people, role)), ceri)
    assert seen == dict.fromkeys(seen, True)


def test_someone_recorded_without_a_ward_belongs_to_the_recording_officers_council(app: Flask, people: Cast) -> None:
    with app.app_context():
        person = make_person("Rhys Recorded", Visibility.PUBLIC, consent=False, entered_by=EnteredBy.OFFICER)
        db.session.add(
            ConsentRecord(person_id=person.person_id, purpose="profile", lawful_basis=LawfulBasis.PUBLIC_TASK,
                          wording="Recorded.", entered_by=EnteredBy.OFFICER,
                          recorded_by_id=people.ids["officer_newport"])
        )  # fmt: skip
        db.session.commit()
        person_id = person.person_id
    assert _as(app, people.officer_newport).get(f"/people/{person_id}").status_code == 200
    assert _as(app, people.officer_cardiff).get(f"/people/{person_id}").status_code == 404
