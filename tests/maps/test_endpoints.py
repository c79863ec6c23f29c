"""The map's data endpoints: filters and bounding boxes on the server, gzip, ETag and 304, and bad input."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abcd.assets.models import AssetKind, AssetStatus
from abcd.extensions import db
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, CATHAYS, NEWPORT, Cast

HOSTILE = "<img src=x onerror=alert(1)>"
ADAMSDOWN = "W05001270"


@pytest.fixture
def mapped(app: Flask, geodata: object) -> dict[str, int]:
    """Assets in Cathays and Newport, one without a place, one unpublished, one with a hostile name."""
    with app.app_context():
        music = factories.make_theme()
        made = {
            "choir": factories.make_asset(
                name_en="Cathays Choir", name_cy="Côr Cathays", kind=AssetKind.ASSOCIATION, ward_code=CATHAYS,
                themes=[music], latitude=51.4891, longitude=-3.1784,
            ),
            "hall": factories.make_asset(
                name_en="Cathays Hall", ward_code=CATHAYS, latitude=51.4901, longitude=-3.1790
            ),
            "market": factories.make_asset(
                name_en="Newport Market", kind=AssetKind.ECONOMY, la_code=NEWPORT, latitude=51.5880, longitude=-2.9970
            ),
            "nowhere": factories.make_asset(name_en="Roaming Storytellers", kind=AssetKind.CULTURE, latitude=None,
                                            longitude=None),
            "draft": factories.make_asset(name_en="Secret Draft", status=AssetStatus.DRAFT),
            "hostile": factories.make_asset(name_en=HOSTILE, ward_code=ADAMSDOWN, latitude=51.4800, longitude=-3.1650),
        }  # fmt: skip
        ids = {name: asset.asset_id for name, asset in made.items()}
        db.session.remove()
    return ids


def features(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/geo+json"
    document = json.loads(response.get_data())
    assert document["type"] == "FeatureCollection"
    return list(document["features"])


def names(response: Any) -> set[str]:
    return {feature["properties"]["name"] for feature in features(response)}


def test_only_published_assets_with_a_place_are_mapped(client: FlaskClient, mapped: dict[str, int]) -> None:
    found = features(client.get("/maps/assets.geojson"))

    assert {f["properties"]["name"] for f in found} == {"Cathays Choir", "Cathays Hall", "Newport Market", HOSTILE}
    choir = next(f for f in found if f["id"] == mapped["choir"])
    assert choir["geometry"] == {"type": "Point", "coordinates": [-3.1784, 51.4891]}
    assert choir["properties"] == {"name": "Cathays Choir", "kind": "association", "ward": "Cathays"}


@pytest.mark.usefixtures("mapped")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=economy", {"Newport Market"}),
        (f"la={NEWPORT}", {"Newport Market"}),
        (f"ward={CATHAYS}", {"Cathays Choir", "Cathays Hall"}),
        ("theme=music", {"Cathays Choir"}),
        ("q=choir", {"Cathays Choir"}),
        ("q=C%C3%B4r", {"Cathays Choir"}),
        ("bbox=-3.2,51.48,-3.17,51.50", {"Cathays Choir", "Cathays Hall"}),
        ("bbox=-3.2,51.47,-3.16,51.50", {"Cathays Choir", "Cathays Hall", HOSTILE}),
        ("bbox=-3.0,51.58,-2.99,51.59", {"Newport Market"}),
        ("bbox=-3.0,51.58,-2.99,51.59&kind=association", set()),
        (f"kind=place&la={CARDIFF}&bbox=-3.179,51.48,-3.17,51.495", {"Cathays Hall"}),
    ],
)
def test_filters_and_bounding_box_are_applied_on_the_server(
    client: FlaskClient, query: str, expected: set[str]
) -> None:
    assert names(client.get(f"/maps/assets.geojson?{query}")) == expected


@pytest.mark.usefixtures("mapped")
def test_names_follow_the_language_in_the_url(client: FlaskClient) -> None:
    assert "Côr Cathays" in names(client.get("/maps/assets.geojson?lang=cy"))
    assert "Cathays Hall" in names(client.get("/maps/assets.geojson?lang=cy"))  # no Welsh name: English kept
    assert "Cathays Choir" in names(client.get("/maps/assets.geojson", headers={"Accept-Language": "cy"}))


def test_hostile_names_are_data_not_markup(client: FlaskClient, mapped: dict[str, int]) -> None:
    response = client.get("/maps/assets.geojson?ward=" + ADAMSDOWN)
    assert names(response) == {HOSTILE}  # exactly as typed: the map shows it with textContent
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # never sniffed as HTML


@pytest.mark.usefixtures("mapped")
def test_gzip_when_accepted_with_the_same_document(client: FlaskClient) -> None:
    plain = client.get("/maps/assets.geojson")
    packed = client.get("/maps/assets.geojson", headers={"Accept-Encoding": "gzip, deflate"})

    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert "Accept-Encoding" in packed.headers["Vary"]
    refused = client.get("/maps/assets.geojson", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


def test_etag_gives_304_until_the_data_changes(client: FlaskClient, app: Flask, mapped: dict[str, int]) -> None:
    first = client.get("/maps/assets.geojson")
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    assert first.headers["Cache-Control"] == "public, no-cache"

    again = client.get("/maps/assets.geojson", headers={"If-None-Match": etag, "Accept-Encoding": "gzip"})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag

    with app.app_context():
        factories.make_asset(name_en="Brand New Garden", latitude=51.49, longitude=-3.17)
    changed = client.get("/maps/assets.geojson", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "Brand New Garden" in names(changed)


@pytest.mark.usefixtures("mapped")
def test_public_data_stays_cacheable_for_signed_in_users(client: FlaskClient, people: Cast) -> None:
    login(client, people.officer_cardiff)
    assert client.get("/maps/assets.geojson").headers["Cache-Control"] == "public, no-cache"
    assert client.get("/maps/").headers["Cache-Control"] == "private, no-store"  # pages stay personal


def test_download_is_offered_as_a_file(client: FlaskClient, mapped: dict[str, int]) -> None:
    response = client.get("/maps/assets.geojson?download=1&kind=economy")
    assert response.headers["Content-Disposition"] == "attachment; filename=community-assets.geojson"
    assert names(response) == {"Newport Market"}


@pytest.mark.parametrize(
    "bbox",
    ["x", "1,2,3", "1,2,3,4,5", "nan,51,0,52", "-3,51,inf,52", "-3,52,-2,51", "-200,51,0,52", "-3,-95,0,52", ",,,"],
)
def test_a_malformed_bbox_is_a_clear_400(client: FlaskClient, bbox: str) -> None:
    response = client.get("/maps/assets.geojson", query_string={"bbox": bbox})
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "bad_request",
        "message": "The bbox parameter must be four numbers: west,south,east,north.",
    }


@pytest.mark.parametrize(
    "query", ["kind=%00", "la=x%00y", "ward=' OR 1=1 --", "theme=%ff", "q=" + "x" * 5000, "lang=xx", "bbox="]
)
def test_other_odd_input_is_ignored_never_an_error(client: FlaskClient, query: str) -> None:
    for endpoint in ("/maps/assets.geojson", "/maps/wards.geojson", "/maps/people.geojson"):
        assert client.get(f"{endpoint}?{query}").status_code == 200, endpoint


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    args=st.dictionaries(st.sampled_from(["bbox", "kind", "la", "ward", "theme", "q", "lang", "measure"]), st.text())
)
def test_fuzzed_map_queries_never_give_a_server_error(client: FlaskClient, args: dict[str, str]) -> None:
    for endpoint in ("/maps/assets.geojson", "/maps/wards.geojson", "/maps/script/assets.js", "/maps/"):
        assert client.get(endpoint, query_string=args).status_code in (200, 400), endpoint


def test_ward_data_colours_wards_by_what_is_recorded(client: FlaskClient, mapped: dict[str, int]) -> None:
    document = json.loads(client.get("/maps/wards.geojson").get_data())
    by_code = {feature["id"]: feature for feature in document["features"]}

    assert document["grid"] is False
    assert len(by_code) == 73
    cathays = by_code[CATHAYS]
    assert cathays["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert cathays["properties"]["count"] == 2
    assert cathays["properties"]["label"].startswith("Cathays – assets recorded: 2 (")
    assert cathays["properties"]["fill"] != by_code["W05001297"]["properties"]["fill"]  # a ward with none yet
    assert by_code["W05001297"]["properties"]["label"].endswith("ready for its strengths to be recorded")
    only_economy = json.loads(client.get("/maps/wards.geojson?kind=economy").get_data())
    assert {f["id"]: f["properties"]["count"] for f in only_economy["features"]}[CATHAYS] == 0


def test_scripts_are_javascript_with_the_filters_escaped(client: FlaskClient) -> None:
    response = client.get("/maps/script/assets.js", query_string={"q": HOSTILE, "kind": "place", "page": "3"})

    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    script = response.get_data(as_text=True)
    assert HOSTILE not in script
    assert "q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E" in script  # URL-encoded inside the data URL
    assert "kind=place" in script
    assert "page" not in script.split("dataUrl")[1][:80]  # only the filters reach the data URL
    query = {"q": HOSTILE, "kind": "place"}
    revalidated = client.get(
        "/maps/script/assets.js", query_string=query, headers={"If-None-Match": response.headers["ETag"]}
    )
    assert revalidated.status_code == 304


@pytest.mark.parametrize(
    "url",
    [
        "/maps/script/nothing.js",
        "/maps/script/point.js",
        "/maps/script/point.js?lat=x&lon=1",
        "/maps/script/point.js?lat=95&lon=1",
    ],
)
def test_unknown_maps_and_points_are_404(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 404


def test_vendor_files_come_from_the_installed_packages(client: FlaskClient) -> None:
    response = client.get("/maps/vendor/leaflet-1.9.3/leaflet.js")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"Leaflet" in response.get_data()[:400]
    assert client.get("/maps/vendor/markercluster-1.4.1/MarkerCluster.css").mimetype == "text/css"
    packed = client.get("/maps/vendor/leaflet-1.9.3/leaflet.js", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(packed.get_data()) == response.get_data()
    again = client.get("/maps/vendor/leaflet-1.9.3/leaflet.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    image = client.get("/maps/vendor/leaflet-1.9.3/images/layers.png", headers={"Accept-Encoding": "gzip"})
    assert image.mimetype == "image/png"
    assert "Content-Encoding" not in image.headers


@pytest.mark.parametrize(
    "url",
    [
        "/maps/vendor/leaflet-1.9.3/../__init__.py",
        "/maps/vendor/leaflet-1.9.3/%2e%2e/__init__.py",
        "/maps/vendor/leaflet-1.9.3/leaflet-src.js.map",
        "/maps/vendor/leaflet-9.9.9/leaflet.js",
        "/maps/vendor/jquery-3.7.1/jquery.js",
        "/maps/vendor/leaflet-1.9.3/nothing.js",
    ],
)
def test_vendor_route_serves_nothing_else(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 404
