"""Every route by every role: the login gate, authority boundaries and admin-only pages.

A route added without an entry here fails ``test_every_route_is_in_the_matrix``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetStatus
from abcd.extensions import db
from abcd.partners.models import OfferCategory, OfferDirection, VenueOffer
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, Cast

ROLES = ("anonymous", "resident", "officer_cardiff", "officer_newport", "admin")
LOGIN = 302  # anonymous visitors are sent to sign in


@dataclass(frozen=True)
class World:
    cast: Cast
    published_id: int
    pending_id: int
    offer_id: int


@pytest.fixture
def world(app: Flask, people: Cast) -> World:
    with app.app_context():
        published = factories.make_asset(la_code=CARDIFF, created_by_id=people.ids["officer_cardiff"])
        pending = factories.make_asset(
            la_code=CARDIFF, status=AssetStatus.PENDING, created_by_id=people.ids["resident"]
        )
        offer = VenueOffer(asset_id=published.asset_id, direction=OfferDirection.OFFERS, category=OfferCategory.SPACE)
        db.session.add(offer)
        db.session.commit()
        ids = (published.asset_id, pending.asset_id, offer.venue_offer_id)
        db.session.remove()
    return World(people, *ids)


def _everyone(code: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, code)


def _signed_in(code: int, denied: int = 403, allowed: tuple[str, ...] = ROLES[1:]) -> dict[str, int]:
    return {role: LOGIN if role == "anonymous" else (code if role in allowed else denied) for role in ROLES}


STAFF = ("officer_cardiff", "officer_newport", "admin")
CARDIFF_STAFF = ("officer_cardiff", "admin")

# (endpoint, method, url template, expected status per role)
MATRIX: list[tuple[str, str, str, dict[str, int]]] = [
    ("main.index", "GET", "/", _everyone(200)),
    ("main.data_sources", "GET", "/about/data", _everyone(200)),
    ("main.health", "GET", "/health", _everyone(200)),
    ("areas.index", "GET", "/areas/", _everyone(200)),
    ("auth.login", "GET", "/auth/login", _everyone(200)),
    ("auth.register", "GET", "/auth/register", _everyone(200)),
    ("assets.directory", "GET", "/assets/", _everyone(200)),
    ("assets.detail", "GET", "/assets/{published}", _everyone(200)),
    (
        "assets.detail",
        "GET",
        "/assets/{pending}",
        {"anonymous": 404, "resident": 200, "officer_cardiff": 200, "officer_newport": 404, "admin": 200},
    ),
    ("assets.history", "GET", "/assets/{published}/history", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("assets.create", "GET", "/assets/new", _signed_in(200)),
    ("assets.edit", "GET", "/assets/{published}/edit", _signed_in(200, allowed=CARDIFF_STAFF)),
    (
        "assets.change_status",
        "POST",
        "/assets/{published}/status",
        _signed_in(302, allowed=CARDIFF_STAFF),
    ),
    ("assets.review", "GET", "/assets/review", _signed_in(200, allowed=STAFF)),
    ("admin.users", "GET", "/admin/users", _signed_in(200, allowed=("admin",))),
    ("admin.edit_user", "GET", "/admin/users/{resident_id}", _signed_in(200, allowed=("admin",))),
    ("network.index", "GET", "/network/", _signed_in(200)),
    ("network.graph_json", "GET", "/network/graph.json", _signed_in(200)),
    ("network.vendor", "GET", "/network/vendor/sigma.min.js", _everyone(200)),
    ("network.strengths", "GET", "/network/strengths", _signed_in(200)),
    ("network.paths", "GET", "/network/paths", _signed_in(200)),
    ("partners.index", "GET", "/partners/", _signed_in(200)),
    ("partners.offers", "GET", "/partners/assets/{published}/offers", _signed_in(200)),
    ("partners.offers", "POST", "/partners/assets/{published}/offers", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("partners.edit_offer", "GET", "/partners/offers/{offer}/edit", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("partners.partners", "GET", "/partners/assets/{published}/partners", _signed_in(200)),
    ("partners.venues", "GET", "/partners/venues", _signed_in(200)),
    ("partners.delete_offer", "POST", "/partners/offers/{offer}/delete", _signed_in(302, allowed=CARDIFF_STAFF)),
    ("auth.logout", "POST", "/auth/logout", _everyone(302)),  # last: it ends the session
]


def _url(template: str, world: World) -> str:
    return template.format(
        published=world.published_id,
        pending=world.pending_id,
        resident_id=world.cast.ids["resident"],
        offer=world.offer_id,
    )


def _client_as(app: Flask, role: str, cast: Cast) -> FlaskClient:
    client = app.test_client()
    if role != "anonymous":
        login(client, getattr(cast, role))
    return client


def test_every_route_is_in_the_matrix(app: Flask) -> None:
    covered = {endpoint for endpoint, *_ in MATRIX}
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert routes - covered == set(), "add the new routes to MATRIX"


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(app: Flask, world: World, role: str) -> None:
    client = _client_as(app, role, world.cast)
    failures = []
    for endpoint, method, template, expected in MATRIX:
        url = _url(template, world)
        data = {"status": "published", "version": "1"} if method == "POST" else None
        response = client.open(url, method=method, data=data)
        if response.status_code != expected[role]:
            failures.append(f"{method} {url} ({endpoint}): {response.status_code}, expected {expected[role]}")
        if role == "anonymous" and expected[role] == LOGIN and endpoint != "auth.logout":
            assert "/auth/login" in response.headers["Location"]
    assert failures == []


def test_post_only_routes_refuse_get(client: FlaskClient) -> None:
    assert client.get("/auth/logout").status_code == 405


def test_unpublished_asset_is_not_leaked_in_directory(client: FlaskClient, world: World, app: Flask) -> None:
    with app.app_context():
        pending = db.session.get(factories.Asset, world.pending_id)
        assert pending is not None
        name = pending.name_en
    assert name not in client.get("/assets/").get_data(as_text=True)
