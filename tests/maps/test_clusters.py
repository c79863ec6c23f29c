"""Clusters by zoom from the server: counts per kind that add up to the list twin's, boxes to zoom into,
single assets where few remain, the directory's filters, bad input, and 304 by the data's version."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.directory import DirectoryFilters
from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.maps.clusters import SINGLES_ZOOM, cell_degrees, grid_for
from abcd.maps.services import BoundingBox, data_version
from tests import factories
from tests.factories import CATHAYS, NEWPORT

AREA = "-3.64,51.37,-2.83,51.64"


@pytest.fixture
def mapped(app: Flask, geodata: object) -> None:
    """Twelve places close together in Cathays, three choirs among them, a market alone in Newport."""
    with app.app_context():
        for n in range(12):
            factories.make_asset(
                name_en=f"Cathays Place {n}", ward_code=CATHAYS, latitude=51.4891 + n * 1e-4, longitude=-3.1784
            )
        for n in range(3):
            factories.make_asset(
                name_en=f"Cathays Choir {n}", kind=AssetKind.ASSOCIATION, ward_code=CATHAYS,
                latitude=51.4890 + n * 1e-4, longitude=-3.1785,
            )  # fmt: skip
        factories.make_asset(
            name_en="Newport Market", kind=AssetKind.ECONOMY, la_code=NEWPORT, latitude=51.5880, longitude=-2.9970
        )
        db.session.remove()


def clusters(client: FlaskClient, query: str) -> dict[str, Any]:
    response = client.get(f"/maps/clusters.json?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.get_data())


def listed(client: FlaskClient, query: str) -> int:
    html = client.get(f"/maps/?{query}").get_data(as_text=True)
    found = re.search(r'id="result-count"[^>]*>\s*(\d+) assets? found', html)
    assert found, html
    return int(found.group(1))


@pytest.mark.usefixtures("mapped")
def test_the_area_at_zoom_ten_is_one_cluster_per_kind_and_a_single_market(client: FlaskClient) -> None:
    data = clusters(client, f"bbox={AREA}&zoom=10")

    assert data["total"] == 16
    by_kind = {c["kind"]: c for c in data["clusters"]}
    assert {kind: c["count"] for kind, c in by_kind.items()} == {"place": 12, "association": 3}
    west, south, east, north = by_kind["place"]["bbox"]
    assert (south, north) == (51.4891, pytest.approx(51.4902))
    assert west == east == -3.1784
    assert south <= by_kind["place"]["lat"] <= north
    market = data["assets"]["features"]
    assert [f["properties"]["name"] for f in market] == ["Newport Market"]
    assert market[0]["properties"] == {"name": "Newport Market", "kind": "economy", "ward": None}


@pytest.mark.usefixtures("mapped")
def test_close_enough_every_asset_is_drawn_on_its_own(client: FlaskClient) -> None:
    data = clusters(client, f"bbox=-3.19,51.48,-3.17,51.50&zoom={SINGLES_ZOOM}")

    assert data["clusters"] == []
    assert data["total"] == len(data["assets"]["features"]) == 15


@pytest.mark.usefixtures("mapped")
@pytest.mark.parametrize(
    ("query", "expected"),
    [("", 16), ("kind=association", 3), ("q=place+1", 3), ("la=" + NEWPORT, 1), ("ward=" + CATHAYS, 15)],
)
def test_totals_are_the_list_twins_count_for_the_same_view_and_filters(
    client: FlaskClient, query: str, expected: int
) -> None:
    for bbox, zoom in [(AREA, 10), ("-3.20,51.47,-3.15,51.50", 14), ("-3.1786,51.4889,-3.1783,51.4896", 18)]:
        args = f"{query}&bbox={bbox}" if query else f"bbox={bbox}"
        data = clusters(client, f"{args}&zoom={zoom}")
        shown = sum(c["count"] for c in data["clusters"]) + len(data["assets"]["features"])
        assert shown == data["total"] == listed(client, args)
    assert listed(client, query) == expected


def test_grid_squares_shrink_by_half_with_each_zoom_step() -> None:
    assert cell_degrees(11)[1] == pytest.approx(cell_degrees(10)[1] / 2)
    assert cell_degrees(10)[0] < cell_degrees(10)[1]  # fewer degrees of latitude to a square of screen here


@pytest.mark.parametrize(
    "query", ["zoom=ten", "zoom=", "bbox=1,2,3&zoom=10", "bbox=nan,0,1,1&zoom=10", "bbox=5,0,1,1&zoom=3"]
)
def test_bad_input_is_a_clear_400_never_a_500(client: FlaskClient, query: str) -> None:
    response = client.get(f"/maps/clusters.json?{query}")
    assert response.status_code == 400
    assert response.get_json()["message"].startswith("The ")


@pytest.mark.usefixtures("mapped")
def test_an_unchanged_answer_is_a_304_and_a_new_asset_changes_it(app: Flask, client: FlaskClient) -> None:
    url = f"/maps/clusters.json?bbox={AREA}&zoom=10"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    with app.app_context():
        factories.make_asset(name_en="Newport Library", la_code=NEWPORT, latitude=51.59, longitude=-2.99)
        db.session.remove()
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200
    assert json.loads(again.get_data())["total"] == 17
    assert json.loads(again.get_data())["version"] != json.loads(first.get_data())["version"]


@pytest.mark.usefixtures("mapped")
def test_a_malformed_bbox_on_the_list_is_ignored(client: FlaskClient) -> None:
    assert listed(client, "bbox=nonsense") == 16


@pytest.mark.usefixtures("mapped")
@pytest.mark.parametrize("zoom", [9, 12, 14])
def test_the_grid_kept_by_data_version_gives_exactly_what_sql_counts_directly(app: Flask, zoom: int) -> None:
    with app.test_request_context():
        version = data_version()
        for bbox in [AREA, "-3.20,51.47,-3.15,51.50", "-3.1786,51.4889,-3.1783,51.4896", "-3.30,51.40,-3.10,51.60"]:
            box = BoundingBox.parse(bbox)
            kept = grid_for(DirectoryFilters(), box, zoom, version)
            direct = grid_for(DirectoryFilters(), box, zoom)
            assert kept == direct, (bbox, zoom)
        assert grid_for(DirectoryFilters(kind=AssetKind.ECONOMY), None, zoom, version) == grid_for(
            DirectoryFilters(kind=AssetKind.ECONOMY), None, zoom
        )
