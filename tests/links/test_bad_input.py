"""Bad, unknown and hostile input to the link page: clear messages and 4xx, never a 500."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.extensions import db
from abcd.links.models import Link
from tests.conftest import login
from tests.factories import Cast
from tests.links.conftest import Town
from tests.rendered_forms import submit


@pytest.fixture
def officer(app: Flask, people: Cast) -> FlaskClient:
    client = app.test_client()
    login(client, people.officer_cardiff)
    return client


@pytest.mark.parametrize(
    "start", ["", "asset:", "asset:987654", "person:987654", "skill:1", "asset:1x", "asset:" + "9" * 40]
)
def test_unknown_start_is_not_found(officer: FlaskClient, start: str) -> None:
    assert officer.get("/links/new", query_string={"from": start}).status_code == 404
    assert officer.post("/links/new", query_string={"from": start}, data={"to": "asset:1"}).status_code == 404


def test_hostile_search_is_shown_as_text(officer: FlaskClient, town: Town) -> None:
    hostile = "<script>alert(1)</script>%_'\" OR 1=1 --"
    page = officer.get("/links/new", query_string={"from": f"asset:{town.hall}", "relation": "meets_at<", "q": hostile})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html
    assert "Nothing that fits matches" in html  # the wildcards were taken literally


def test_unknown_relation_shows_no_results_and_is_refused_on_submit(officer: FlaskClient, town: Town) -> None:
    page = officer.get("/links/new", query_string={"from": f"asset:{town.hall}", "relation": "bogus>", "q": "Choir"})
    assert page.status_code == 200
    assert "Riverside Choir" not in page.get_data(as_text=True)
    refused = officer.post(
        "/links/new",
        query_string={"from": f"asset:{town.hall}"},
        data={"relation": "helps>", "to": f"asset:{town.choir}"},
    )
    assert refused.status_code == 400  # a place cannot "help"
    assert "There is a problem" in refused.get_data(as_text=True)


def test_choosing_nothing_or_something_missing_says_so(app: Flask, officer: FlaskClient, town: Town) -> None:
    page = officer.get("/links/new", query_string={"from": f"asset:{town.hall}", "relation": "meets_at<", "q": "Choir"})
    nothing = submit(officer, page, button="Link", forge={"to": []})
    assert nothing.status_code == 400
    assert "Choose what to link to" in nothing.get_data(as_text=True)
    missing = submit(officer, page, button="Link", forge={"to": "asset:987654"})
    assert missing.status_code == 400
    assert "Choose what to link to" in missing.get_data(as_text=True)
    wrong_kind = submit(officer, page, button="Link", forge={"to": f"asset:{town.market}"})
    assert wrong_kind.status_code == 400
    assert "cannot be made between these two" in wrong_kind.get_data(as_text=True)
    itself = submit(officer, page, button="Link", forge={"to": f"asset:{town.hall}"})
    assert itself.status_code == 400
    assert "cannot be linked to itself" in itself.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Link)) == 0


def test_anonymous_visitors_are_asked_to_sign_in(client: FlaskClient, town: Town) -> None:
    response = client.get("/links/new", query_string={"from": f"asset:{town.hall}"})
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
