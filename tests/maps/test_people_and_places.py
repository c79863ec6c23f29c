"""People appear on maps only as per-ward counts of those the viewer may see; the form's location lookup."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from abcd.auth.models import User
from abcd.extensions import db
from abcd.models_base import Visibility, utcnow
from abcd.people.models import EnteredBy, Person
from tests.conftest import login
from tests.factories import CATHAYS, Cast

ADAMSDOWN = "W05001270"
PUBLIC, MEMBERS, OFFICERS, PRIVATE = Visibility.PUBLIC, Visibility.MEMBERS, Visibility.OFFICERS, Visibility.PRIVATE


def make_person(ward_code: str, name: Visibility = PUBLIC, ward: Visibility = PUBLIC, **fields: Any) -> Person:
    person = Person(
        display_name=fields.pop("display_name", "Someone"),
        display_name_visibility=name,
        ward_code=ward_code,
        ward_visibility=ward,
        **fields,
    )
    db.session.add(person)
    db.session.commit()
    return person


@pytest.fixture
def residents(app: Flask, geodata: object, people: Cast) -> None:
    """Cathays: 2 public, 1 members-only, 1 officers-only, 1 hidden ward, 1 withdrawn, 1 unconfirmed.
    Adamsdown: only the resident's own profile, which they keep private."""
    with app.app_context():
        make_person(CATHAYS)
        make_person(CATHAYS)
        make_person(CATHAYS, ward=MEMBERS)
        make_person(CATHAYS, name=OFFICERS)
        make_person(CATHAYS, ward=PRIVATE)
        make_person(CATHAYS, withdrawn_at=utcnow())
        make_person(CATHAYS, entered_by=EnteredBy.OFFICER)  # not confirmed yet: officers only
        own = db.session.get(User, people.ids["resident"])
        assert own is not None
        make_person(ADAMSDOWN, name=PRIVATE, ward=PRIVATE, user_id=own.user_id, display_name=own.display_name)
        db.session.remove()


def counts(client: FlaskClient, query: str = "") -> dict[str, int]:
    response = client.get(f"/maps/people.geojson{query}")
    assert response.status_code == 200
    document = json.loads(response.get_data())
    return {feature["id"]: feature["properties"]["count"] for feature in document["features"]}


@pytest.mark.usefixtures("residents")
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", {CATHAYS: 2}),
        ("resident", {CATHAYS: 3, ADAMSDOWN: 1}),  # members-only ward, and their own private profile
        ("officer_cardiff", {CATHAYS: 5}),  # + officers-only name and the unconfirmed entry; never the withdrawn
    ],
)
def test_counts_include_only_people_the_viewer_may_see(
    client: FlaskClient, people: Cast, role: str, expected: dict[str, int]
) -> None:
    if role != "anonymous":
        login(client, getattr(people, role))
    assert counts(client) == expected


@pytest.mark.usefixtures("residents")
def test_the_embed_audience_counts_as_anyone_whoever_is_signed_in(client: FlaskClient, people: Cast) -> None:
    login(client, people.officer_cardiff)
    response = client.get("/maps/people.geojson?audience=public")
    assert response.headers["Cache-Control"] == "public, no-cache"
    assert counts(client, "?audience=public") == {CATHAYS: 2}


@pytest.mark.usefixtures("residents")
def test_people_are_placed_at_the_ward_centre_never_a_point_of_their_own(client: FlaskClient, app: Flask) -> None:
    response = client.get("/maps/people.geojson")
    (feature,) = json.loads(response.get_data())["features"]
    with app.app_context():
        from abcd.areas.models import Ward

        cathays = db.session.get(Ward, CATHAYS)
        assert cathays is not None
        centre = [cathays.centroid_lon, cathays.centroid_lat]
    assert feature["geometry"]["coordinates"] == centre
    assert feature["properties"] == {"ward": "Cathays", "count": 2}
    assert "Someone" not in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response.headers["Vary"]


@pytest.mark.usefixtures("residents")
def test_map_page_lists_the_same_counts_for_screen_readers(client: FlaskClient, people: Cast) -> None:
    html = client.get("/maps/").get_data(as_text=True)
    assert "<td>Cathays</td><td>2</td>" in html
    assert "Adamsdown</td>" not in html
    login(client, people.officer_cardiff)
    assert "<td>Cathays</td><td>5</td>" in client.get("/maps/").get_data(as_text=True)


@pytest.mark.usefixtures("residents")
def test_strengths_count_people_as_the_viewer_may_see_them(client: FlaskClient) -> None:
    html = client.get("/maps/strengths").get_data(as_text=True)
    row = html[html.index('ward=W05001274">Cathays</a>') :]
    row = row[: row.index("</tr>")]
    assert "<td>2</td>" in row


@pytest.fixture
def officer(client: FlaskClient, people: Cast, geodata: object) -> FlaskClient:
    login(client, people.officer_cardiff)
    return client


@pytest.mark.parametrize(
    ("query", "status", "answer"),
    [
        ("postcode=cf24+0lz", 200, {"ok": True, "postcode": "CF24 0LZ", "ward_code": ADAMSDOWN,
                                    "message": "Ward: Adamsdown, Cardiff"}),
        ("lat=51.4891&lon=-3.1784", 200, {"ok": True, "ward_code": CATHAYS, "message": "Ward: Cathays, Cardiff"}),
        ("postcode=hello", 422, {"ok": False, "error": "invalid_postcode"}),
        ("postcode=CF99+9ZZ", 422, {"ok": False, "message": "We cannot find the postcode CF99 9ZZ. Check it, or give "
                                                           "a latitude and longitude."}),
        ("postcode=CF14+0LB", 422, {"ok": False, "error": "outside_area"}),
        ("lat=52.4&lon=-4.08", 422, {"ok": False, "message": "That place is outside Cardiff, Newport and the Vale of "
                                                             "Glamorgan."}),
        ("", 422, {"ok": False, "message": "Enter a postcode, or a latitude and longitude."}),
        ("lat=north&lon=1", 400, {"error": "bad_request"}),
        ("lat=nan&lon=1", 400, {"error": "bad_request"}),
        ("lat=91&lon=1", 400, {"error": "bad_request"}),
    ],
)  # fmt: skip
def test_locate_tells_the_form_the_ward_before_saving(
    officer: FlaskClient, query: str, status: int, answer: dict[str, Any]
) -> None:
    response = officer.get(f"/maps/locate?{query}")
    assert response.status_code == status
    body = response.get_json()
    assert body | answer == body, body


def test_locate_answers_in_welsh(officer: FlaskClient) -> None:
    assert "Adamsdown, Caerdydd" in officer.get("/maps/locate?postcode=CF24+0LZ&lang=cy").get_json()["message"]


def test_locate_is_for_signed_in_users(client: FlaskClient) -> None:
    response = client.get("/maps/locate?postcode=CF24+0LZ")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
