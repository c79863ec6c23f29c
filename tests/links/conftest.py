"""A small Cardiff with one record of each kind, a person recorded by an officer, and the link UI driven as rendered."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.models_base import Visibility
from abcd.people.models import EnteredBy
from tests import factories
from tests.factories import CATHAYS, Cast
from tests.rendered_forms import submit


@dataclass(frozen=True)
class Town:
    choir: int
    hall: int
    library: int
    market: int
    tale: int
    ann: int  # recorded by an officer, no account: officers of Cardiff may link her


@pytest.fixture
def town(app: Flask, people: Cast) -> Town:
    with app.app_context():
        made = {
            "choir": factories.make_asset(
                name_en="Riverside Choir", name_cy="Côr Glan yr Afon", kind=AssetKind.ASSOCIATION
            ),
            "hall": factories.make_asset(name_en="Splott Hall", kind=AssetKind.PLACE),
            "library": factories.make_asset(name_en="Central Library", kind=AssetKind.INSTITUTION),
            "market": factories.make_asset(name_en="Splott Market", kind=AssetKind.ECONOMY),
            "tale": factories.make_asset(name_en="Tale of the Docks", kind=AssetKind.CULTURE),
        }
        ann = factories.make_person(
            display_name="Ann Helper", visibility=Visibility.PUBLIC, entered_by=EnteredBy.OFFICER, ward_code=CATHAYS
        )
        town = Town(**{name: asset.asset_id for name, asset in made.items()}, ann=ann.person_id)
        db.session.remove()
    return town


def link_through_ui(
    client: FlaskClient, here: str, relation: str, search: str, there: str, visibility: str | None = None
) -> TestResponse:
    """Open "Link to…" from ``here``, choose the relation, search, pick ``there`` from the results, submit."""
    page = client.get("/links/new", query_string={"from": here})
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    results = submit(client, page, button="Search", fill={"relation": relation, "q": search})
    assert results.status_code == 200
    fill = {"to": there} if visibility is None else {"to": there, "visibility": visibility}
    return submit(client, results, button="Link", fill=fill, follow_redirects=True)
