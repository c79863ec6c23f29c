"""Without ward boundaries the strengths map falls back to a density grid computed on the server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import flask_migrate
import pytest
from flask import Flask

from abcd import create_app
from abcd.areas.loader import ensure_builtin_authorities
from abcd.assets.models import AssetKind
from abcd.extensions import db
from tests import factories
from tests.conftest import dispose, test_config


@pytest.fixture
def bare_app(tmp_path: Path) -> Iterator[Flask]:
    """The three built-in authorities, no wards, four assets: three close together in Cardiff, one in Newport."""
    app = create_app(test_config(f"sqlite:///{tmp_path / 'bare.sqlite3'}", GEODATA_DIR=""))
    with app.app_context():
        flask_migrate.upgrade()
        ensure_builtin_authorities()
        db.session.commit()
        for n in range(3):
            factories.make_asset(name_en=f"Hall {n}", latitude=51.4812 + n * 1e-4, longitude=-3.1790)
        factories.make_asset(
            name_en="Market", kind=AssetKind.ECONOMY, la_code=factories.NEWPORT, latitude=51.588, longitude=-2.997
        )
        db.session.remove()
    yield app
    dispose(app)


def test_strengths_data_is_a_grid_of_squares_when_no_ward_has_a_boundary(bare_app: Flask) -> None:
    document = json.loads(bare_app.test_client().get("/maps/wards.geojson").get_data())

    assert document["grid"] is True
    counts = sorted(feature["properties"]["count"] for feature in document["features"])
    assert counts == [1, 3]
    square = next(f for f in document["features"] if f["properties"]["count"] == 3)
    ring = square["geometry"]["coordinates"][0]
    assert square["geometry"]["type"] == "Polygon"
    assert len(ring) == 5
    assert square["properties"]["label"] == "Assets recorded in this square: 3"
    economy = json.loads(bare_app.test_client().get("/maps/wards.geojson?kind=economy").get_data())
    assert [f["properties"]["count"] for f in economy["features"]] == [1]


def test_strengths_page_explains_the_grid_and_still_compares_the_areas(bare_app: Flask) -> None:
    html = bare_app.test_client().get("/maps/strengths").get_data(as_text=True)

    assert "the map shows squares of about 1 km" in html
    assert "Ward boundaries have not been loaded." in html
    compare = html[html.index('class="compare"') : html.index("</table>")]
    assert "All assets recorded</th><td>3</td><td>1</td><td>0</td>" in compare
    assert "Assets per km²</th><td>not known</td>" in compare  # no ward areas to measure by


def test_asset_map_works_without_wards(bare_app: Flask) -> None:
    client = bare_app.test_client()
    assert "4 assets found" in client.get("/maps/").get_data(as_text=True)
    features = json.loads(client.get("/maps/assets.geojson").get_data())["features"]
    assert {f["properties"]["ward"] for f in features} == {None}
    assert json.loads(client.get("/maps/people.geojson").get_data())["features"] == []
