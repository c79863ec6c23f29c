"""The public directory: text search, filters, pagination and each asset's page."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from tests import factories
from tests.factories import CARDIFF, CATHAYS, NEWPORT


@pytest.fixture
def listed(app: Flask) -> dict[str, int]:
    with app.app_context():
        music = factories.make_theme()
        choir = factories.make_asset(
            name_en="Cathays Choir", name_cy="Côr Cathays", kind=AssetKind.ASSOCIATION, themes=[music],
            ward_code=CATHAYS, description_en="Singing for all",
        )  # fmt: skip
        hall = factories.make_asset(name_en="Cathays Hall", ward_code=CATHAYS)
        factories.make_asset(name_en="Newport Market", kind=AssetKind.ECONOMY, la_code=NEWPORT)
        for n in range(25):
            factories.make_asset(name_en=f"Zeta Place {n:02}", la_code=CARDIFF)
        db.session.add(Link(link_type=LinkType.MEETS_AT, source_asset_id=choir.asset_id, target_asset_id=hall.asset_id))
        db.session.commit()
        ids = {"choir": choir.asset_id, "hall": hall.asset_id}
        db.session.remove()
    return ids


@pytest.mark.usefixtures("listed")
@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("q=choir", ["Cathays Choir"], ["Cathays Hall", "Newport Market"]),
        ("q=singing", ["Cathays Choir"], ["Cathays Hall"]),
        ("q=C%C3%B4r", ["Cathays Choir"], ["Cathays Hall"]),
        ("kind=economy", ["Newport Market"], ["Cathays Choir"]),
        (f"la={NEWPORT}", ["Newport Market"], ["Cathays Hall"]),
        (f"ward={CATHAYS}", ["Cathays Choir", "Cathays Hall"], ["Newport Market", "Zeta Place"]),
        ("theme=music", ["Cathays Choir"], ["Cathays Hall"]),
        ("q=100%25", [], ["Cathays Choir"]),
    ],
)
def test_directory_filters(client: FlaskClient, query: str, present: list[str], absent: list[str]) -> None:
    html = client.get(f"/assets/?{query}").get_data(as_text=True)
    for name in present:
        assert name in html
    for name in absent:
        assert name not in html


@pytest.mark.usefixtures("listed")
def test_directory_paginates_and_counts(client: FlaskClient) -> None:
    first = client.get("/assets/").get_data(as_text=True)
    assert "28 assets found" in first
    assert "Page 1 of 2" in first
    second = client.get("/assets/?page=2").get_data(as_text=True)
    assert "Zeta Place 24" in second
    assert "Zeta Place 24" not in first


def test_asset_page_shows_its_links(client: FlaskClient, listed: dict[str, int]) -> None:
    html = client.get(f"/assets/{listed['choir']}").get_data(as_text=True)
    assert "Meets at" in html
    assert "Cathays Hall" in html
    hall = client.get(f"/assets/{listed['hall']}").get_data(as_text=True)
    assert "Hosts" in hall


def test_welsh_reader_sees_welsh_name_and_fallback_note(client: FlaskClient, listed: dict[str, int]) -> None:
    choir = client.get(f"/assets/{listed['choir']}?lang=cy").get_data(as_text=True)
    assert "Côr Cathays" in choir
    hall = client.get(f"/assets/{listed['hall']}?lang=cy").get_data(as_text=True)
    assert 'lang="en">Cathays Hall' in hall


def test_unknown_asset_is_a_friendly_404(client: FlaskClient) -> None:
    response = client.get("/assets/999999")
    assert response.status_code == 404
    assert "We could not find that page" in response.get_data(as_text=True)
