"""The officer's home: officers land on it after signing in, and it shows what needs their attention."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetStatus
from abcd.changes.models import ChangeKind
from abcd.extensions import db
from abcd.models_base import utcnow
from abcd.network.models import GRAPH_STATE_ID, GraphState
from tests import factories
from tests.conftest import login
from tests.factories import NEWPORT, PASSWORD, Cast
from tests.rendered_forms import submit
from tests.review.builders import make_change


def _as(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    login(client, email)
    return client


def _sign_in(client: FlaskClient, email: str, url: str = "/auth/login") -> str:
    page = client.get(url)
    response = submit(client, page, action="/auth/login", fill={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return response.headers["Location"]


def test_officers_and_admins_land_on_officer_home_residents_on_the_home_page(app: Flask, people: Cast) -> None:
    assert _sign_in(app.test_client(), people.officer_cardiff) == "/officer/"
    assert _sign_in(app.test_client(), people.admin) == "/officer/"
    assert _sign_in(app.test_client(), people.resident) == "/"


def test_a_safe_next_wins_and_an_unsafe_one_is_ignored(app: Flask, people: Cast) -> None:
    assert _sign_in(app.test_client(), people.officer_cardiff, "/auth/login?next=/review/") == "/review/"
    assert _sign_in(app.test_client(), people.officer_cardiff, "/auth/login?next=//evil.example/") == "/officer/"


def test_home_shows_waiting_changes_drafts_welsh_gaps_and_recent_changes(app: Flask, people: Cast) -> None:
    with app.app_context():
        pending = factories.make_asset(name_en="Waiting Garden", status=AssetStatus.PENDING, name_cy="Gardd")
        make_change(pending, people.ids["resident"], {"name_en": "Waiting Garden"}, kind=ChangeKind.NEW)
        factories.make_asset(
            name_en="My Draft Hall", name_cy="Neuadd", status=AssetStatus.DRAFT,
            created_by_id=people.ids["officer_cardiff"],
        )  # fmt: skip
        factories.make_asset(name_en="English Only Library")
        newport = factories.make_asset(name_en="Newport Only Hall", la_code=NEWPORT, name_cy="Neuadd Casnewydd")
        make_change(newport, people.ids["resident"], {"description_en": "New"})
    text = _as(app, people.officer_cardiff).get("/officer/").get_data(as_text=True)
    assert "1 change is waiting for an officer." in text
    assert "Waiting Garden" in text
    assert "My Draft Hall" in text
    assert "English Only Library" in text  # lacks Welsh
    assert "Recent changes in my authority" in text
    assert "Newport Only Hall" not in text

    newport_text = _as(app, people.officer_newport).get("/officer/").get_data(as_text=True)
    assert "Newport Only Hall" in newport_text
    assert "Waiting Garden" not in newport_text
    assert "My Draft Hall" not in newport_text


def test_recent_changes_read_as_fields_and_people(app: Flask, people: Cast) -> None:
    officer = _as(app, people.officer_cardiff)
    with app.app_context():
        asset_id = factories.make_asset(name_en="Audited Hall").asset_id
    edit = officer.get(f"/assets/{asset_id}/edit")
    submit(officer, edit, button="Save", fill={"description_en": "Now with a lift"})
    text = officer.get("/officer/").get_data(as_text=True)
    assert "Description in English" in text
    assert "Test User" in text  # the officer's name, not an id


def test_home_says_how_far_behind_the_network_metrics_are(app: Flask, people: Cast) -> None:
    officer = _as(app, people.officer_cardiff)
    assert "have not been computed yet" in officer.get("/officer/").get_data(as_text=True)
    with app.app_context():
        factories.make_asset()  # a write: the graph version moves
        state = db.session.get(GraphState, GRAPH_STATE_ID)
        assert state is not None
        state.metrics_version = state.version - 3
        state.metrics_token = "t"
        state.metrics_computed_at = utcnow() - timedelta(hours=2)
        db.session.commit()
    text = officer.get("/officer/").get_data(as_text=True)
    assert "Metrics last refreshed 2 hours ago; 3 changes since." in text
    with app.app_context():
        db.session.execute(sa.update(GraphState).values(metrics_version=GraphState.version))
        db.session.commit()
    assert "they are up to date" in officer.get("/officer/").get_data(as_text=True)


def test_home_reads_in_welsh(app: Flask, people: Cast) -> None:
    response = _as(app, people.officer_cardiff).get("/officer/?lang=cy")
    assert response.status_code == 200
    assert 'lang="cy"' in response.get_data(as_text=True)
