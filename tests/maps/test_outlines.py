"""The base layer's outlines (/maps/outlines.geojson): our own ward and authority boundaries, simplified per
band of zooms, cached by the geography's version, never a 500 for a bad zoom. Also the embed map's heading and
the people layer, which follow the map's filters."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from shapely.geometry import shape

from abcd.areas.models import DatasetLoad
from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.maps import outlines, vendor
from abcd.models_base import Visibility
from abcd.people.models import Person
from tests import factories
from tests.factories import CARDIFF, CATHAYS, NEWPORT

pytestmark = pytest.mark.usefixtures("geodata")


def outline_document(client: FlaskClient, query: str = "") -> dict[str, Any]:
    response = client.get(f"/maps/outlines.geojson{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/geo+json"
    document: dict[str, Any] = json.loads(response.get_data())
    return document


def points(document: dict[str, Any]) -> int:
    return sum(len(shape(feature["geometry"]).exterior.coords) if feature["geometry"]["type"] == "Polygon"
               else sum(len(part.exterior.coords) for part in shape(feature["geometry"]).geoms)
               for feature in document["features"])  # fmt: skip


def test_every_authority_and_ward_has_an_outline_authorities_first(client: FlaskClient) -> None:
    document = outline_document(client, "?zoom=12")

    levels = [feature["properties"]["level"] for feature in document["features"]]
    assert levels == ["authority"] * 3 + ["ward"] * 73  # land first, drawn under the wards
    assert document["zooms"] == [12, 22]
    by_id = {feature["id"]: feature for feature in document["features"]}
    assert by_id[CARDIFF]["properties"]["name"] == "Cardiff"
    assert by_id[CATHAYS]["properties"] == {"level": "ward", "name": "Cathays"}
    assert all(shape(f["geometry"]).is_valid and not shape(f["geometry"]).is_empty for f in document["features"])


def test_names_follow_the_language_of_the_url(client: FlaskClient) -> None:
    by_id = {f["id"]: f for f in outline_document(client, "?zoom=12&lang=cy")["features"]}
    assert by_id[CARDIFF]["properties"]["name"] == "Caerdydd"


def test_outlines_are_simpler_the_further_out_the_map_is(client: FlaskClient) -> None:
    far, middle, close = (outline_document(client, f"?zoom={zoom}") for zoom in (8, 11, 15))

    assert (far["zooms"], middle["zooms"], close["zooms"]) == ([0, 9], [10, 11], [12, 22])
    assert points(far) < points(middle) < points(close)
    coordinate = far["features"][0]["geometry"]["coordinates"][0][0]
    coordinate = coordinate if isinstance(coordinate[0], float) else coordinate[0]
    assert all(len(repr(value).split(".")[1]) <= outlines.DECIMALS for value in coordinate)


def test_no_zoom_means_the_default_band_and_far_zooms_are_kept_in_range(client: FlaskClient) -> None:
    assert outline_document(client)["zooms"] == [10, 11]
    assert outline_document(client, "?zoom=-4")["zooms"] == [0, 9]
    assert outline_document(client, "?zoom=99")["zooms"] == [12, 22]


@pytest.mark.parametrize("zoom", ["abc", "1.5", "1e999", "nan", "12;drop", "%00", "9" * 5000])
def test_a_bad_zoom_is_a_clear_400_in_json_never_a_500(client: FlaskClient, zoom: str) -> None:
    response = client.get(f"/maps/outlines.geojson?zoom={zoom}")

    assert response.status_code == 400
    assert response.get_json() == {
        "error": "bad_request",
        "message": "The zoom parameter must be a whole number, for example 12.",
    }


def test_the_clusters_zoom_of_infinity_is_a_400_not_a_500(client: FlaskClient) -> None:
    response = client.get("/maps/clusters.json?bbox=-3.3,51.4,-3.1,51.5&zoom=1e999")
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request"


def test_outlines_are_cached_by_the_geography_version(client: FlaskClient, app: Flask) -> None:
    first = client.get("/maps/outlines.geojson?zoom=12")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, no-cache"

    again = client.get("/maps/outlines.geojson?zoom=12", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""

    with app.app_context():  # a new geography load: the outlines may have changed
        db.session.add(DatasetLoad(dataset="ward_boundaries", source_file="test.geojson", row_count=73))
        db.session.commit()
    after = client.get("/maps/outlines.geojson?zoom=12", headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["ETag"] != etag
    assert json.loads(after.get_data())["features"]


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("", "Community assets in Cardiff, Newport and the Vale of Glamorgan"),
        (f"?la={NEWPORT}&kind=economy", "Community assets: Newport; Local economy"),
        (f"?ward={CATHAYS}&q=choir", "Community assets: Cathays; Matching “choir”"),
        ("?la=XXXXXXXXX", "Community assets in Cardiff, Newport and the Vale of Glamorgan"),  # unknown: ignored
    ],
)
def test_the_embed_heading_says_what_its_filters_show(client: FlaskClient, query: str, heading: str) -> None:
    html = client.get(f"/maps/embed{query}").get_data(as_text=True)
    assert f'<h1 class="embed-title">{heading}</h1>' in html
    assert f"<title>{heading} – " in html


def test_the_embed_heading_names_the_theme_in_welsh_on_welsh_pages(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        theme = factories.make_theme()
        slug, name_cy = theme.slug, theme.name_cy
    html = client.get(f"/maps/embed?theme={slug}&kind=culture&lang=cy").get_data(as_text=True)
    assert f"Thema: {name_cy}" in html


def test_the_people_layer_keeps_to_the_maps_area(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        for ward in (CATHAYS, CATHAYS, "W05001270"):  # two in Cathays, one in Adamsdown (both Cardiff)
            db.session.add(Person(display_name="Someone", display_name_visibility=Visibility.PUBLIC,
                                  ward_code=ward, ward_visibility=Visibility.PUBLIC))  # fmt: skip
        db.session.commit()
        factories.make_asset(name_en="Cathays Choir", kind=AssetKind.ASSOCIATION, ward_code=CATHAYS)

    def wards(query: str) -> dict[str, int]:
        document = json.loads(client.get(f"/maps/people.geojson?audience=public{query}").get_data())
        return {f["id"]: f["properties"]["count"] for f in document["features"]}

    assert wards("") == {CATHAYS: 2, "W05001270": 1}
    assert wards(f"&la={CARDIFF}") == {CATHAYS: 2, "W05001270": 1}
    assert wards(f"&ward={CATHAYS}") == {CATHAYS: 2}
    assert wards(f"&la={NEWPORT}") == {}
    script = client.get(f"/maps/script/embed.js?ward={CATHAYS}&lang=en").get_data(as_text=True)
    assert f"/maps/people.geojson?audience=public\\u0026ward={CATHAYS}\\u0026lang=en" in script  # tojson's &


def test_our_map_scripts_are_served_compressed_alone_or_together_and_nothing_else(client: FlaskClient) -> None:
    version = vendor.own_scripts()[0]
    together = client.get(f"/maps/js/{version}/core-markers-clusters.js", headers={"Accept-Encoding": "gzip"})

    assert together.status_code == 200
    assert together.mimetype == "text/javascript"
    assert together.headers["Content-Encoding"] == "gzip"
    assert together.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    body = gzip.decompress(together.get_data()).decode()
    assert body.index("maps.fill = function") < body.index("maps.popup = function") < body.index("maps.serverClusters")
    for path in (
        f"/maps/js/{version}/nothing.js",
        f"/maps/js/{version}/core-core.js",
        f"/maps/js/{version}/core-.js",
        f"/maps/js/{version}/..%2Fcore.js",
        "/maps/js/0000/core.js",  # an old version is gone, not served stale for a year
    ):
        assert client.get(path).status_code == 404, path
