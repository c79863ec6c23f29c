"""The open API: filters as the directory's, pagination, ETags, the OpenAPI document, and errors as JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient
from openapi_spec_validator import OpenAPIV31SpecValidator

from abcd.assets.models import Asset
from abcd.extensions import db
from abcd.security import public
from tests.factories import CARDIFF, NEWPORT
from tests.open_data import PRIVATE_EMAIL, PRIVATE_NAME, PRIVATE_PHONE, OpenData

ERROR_KEYS = {"status", "code", "message", "details"}


def _names(client: FlaskClient, query: str = "") -> list[str]:
    response = client.get(f"/api/v1/assets{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["name_en"] for item in response.get_json()["items"]]


def test_assets_lists_published_records_only_oldest_first(client: FlaskClient, open_data: OpenData) -> None:
    names = _names(client)
    assert names == ["Adamsdown Singers", "Central Library", "Splott Hall", "Newport Boxing Club"]
    assert "Secret Draft Society" not in names


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=choir", ["Adamsdown Singers"]),  # words in the description too
        ("?kind=institution", ["Central Library"]),
        (f"?authority={NEWPORT}", ["Newport Boxing Club"]),
        ("?theme=sport", ["Central Library", "Newport Boxing Club"]),
        ("?postcode=cf101aa&radius=1", ["Adamsdown Singers"]),  # 220 m away; the library is 5 km
        ("?postcode=CF10 1AA&radius=10", ["Adamsdown Singers", "Central Library"]),
        ("?bbox=-3.3,51.5,-3.1,51.6", ["Central Library"]),
        ("?kind=place&theme=music", []),
        ("?unknown=ignored", ["Adamsdown Singers", "Central Library", "Splott Hall", "Newport Boxing Club"]),
    ],
)
def test_assets_filters(client: FlaskClient, open_data: OpenData, query: str, expected: list[str]) -> None:
    assert _names(client, query) == expected


def test_asset_fields_and_no_personal_details(client: FlaskClient, open_data: OpenData) -> None:
    record = client.get(f"/api/v1/assets/{open_data.choir}").get_json()
    assert record["id"] == open_data.choir
    assert record["kind"] == "association"
    assert record["authority"] == CARDIFF
    assert record["themes"] == ["music"]
    assert record["website"] == "https://singers.example.org"
    for url in ("/api/v1/assets", f"/api/v1/assets/{open_data.choir}", "/api/v1/strengths/wards"):
        text = client.get(url).get_data(as_text=True)
        for private in (PRIVATE_NAME, PRIVATE_EMAIL, PRIVATE_PHONE, "contact"):
            assert private not in text


def test_unknown_and_unpublished_assets_are_not_found(client: FlaskClient, open_data: OpenData) -> None:
    for url in (f"/api/v1/assets/{open_data.draft}", "/api/v1/assets/00000000-0000-4000-8000-000000000000"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
        assert "Secret Draft" not in response.get_data(as_text=True)


def test_pagination_edges(client: FlaskClient, open_data: OpenData) -> None:
    first = client.get("/api/v1/assets?per_page=3").get_json()
    assert (first["page"], first["per_page"], first["total_items"], first["total_pages"]) == (1, 3, 4, 2)
    assert len(first["items"]) == 3
    last = client.get("/api/v1/assets?per_page=3&page=2").get_json()
    assert [item["name_en"] for item in last["items"]] == ["Newport Boxing Club"]
    beyond = client.get("/api/v1/assets?per_page=3&page=9").get_json()
    assert beyond["items"] == []
    assert beyond["total_items"] == 4
    nothing = client.get("/api/v1/assets?q=zzzz").get_json()
    assert (nothing["total_items"], nothing["total_pages"], nothing["items"]) == (0, 1, [])


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?page=0", "page"),
        ("?page=x", "page"),
        ("?per_page=201", "per_page"),
        ("?kind=castle", "kind"),
        ("?authority=cardiff", "authority"),
        ("?bbox=1,2,3", "bbox"),
        ("?bbox=10,60,0,50", "bbox"),
        ("?bbox=nan,1,2,3", "bbox"),
        ("?radius=500&postcode=CF10 1AA", "radius"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(client: FlaskClient, query: str, parameter: str) -> None:
    response = client.get(f"/api/v1/assets{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert set(error) == ERROR_KEYS
    assert error["status"] == 400
    assert error["code"] == "bad_request"
    assert list(error["details"]) == [parameter]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_postcode_that_cannot_be_placed_is_explained(client: FlaskClient, open_data: OpenData) -> None:
    response = client.get("/api/v1/assets?postcode=XX")
    assert response.status_code == 400
    assert "is not a UK postcode" in response.get_json()["error"]["message"]
    unknown = client.get("/api/v1/assets?postcode=CF99 9ZZ").get_json()["error"]
    assert "CF99 9ZZ" in unknown["message"]


def test_etag_answers_304_until_a_published_record_changes(
    app: Flask, client: FlaskClient, open_data: OpenData
) -> None:
    first = client.get("/api/v1/assets?kind=association")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, no-cache"
    again = client.get("/api/v1/assets?kind=association", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    other_url = client.get("/api/v1/assets?kind=place", headers={"If-None-Match": etag})
    assert other_url.status_code == 200  # one ETag names one representation
    with app.app_context():
        asset = db.session.get(Asset, open_data.choir_id)
        assert asset is not None
        asset.name_en = "Adamsdown Sunday Singers"
        db.session.commit()
    changed = client.get("/api/v1/assets?kind=association", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert changed.get_json()["items"][0]["name_en"] == "Adamsdown Sunday Singers"


def test_areas_wards_and_themes(client: FlaskClient, open_data: OpenData) -> None:
    areas = client.get("/api/v1/areas").get_json()
    assert {area["code"] for area in areas} == {CARDIFF, NEWPORT, "W06000014"}
    cardiff = client.get(f"/api/v1/areas/{CARDIFF}").get_json()
    assert (cardiff["name_en"], cardiff["name_cy"]) == ("Cardiff", "Caerdydd")
    assert client.get("/api/v1/areas/W06999999").status_code == 404
    assert client.get(f"/api/v1/wards?authority={CARDIFF}").status_code == 200
    assert client.get("/api/v1/wards?authority=nonsense").status_code == 400
    themes = client.get("/api/v1/themes").get_json()
    assert [(t["id"], t["slug"], t["name_cy"]) for t in themes] == [
        (open_data.music, "music", "Cerddoriaeth"),
        (open_data.sport, "sport", "Chwaraeon"),
    ]


def test_strengths_are_counts_per_authority(client: FlaskClient, open_data: OpenData) -> None:
    rows = {row["code"]: row for row in client.get("/api/v1/strengths/authorities").get_json()}
    cardiff = rows[CARDIFF]
    assert cardiff["total"] == 3  # the draft is not counted
    assert cardiff["kinds"] == {"association": 1, "institution": 1, "place": 1}
    assert cardiff["themes"] == {"music": 2, "sport": 1}
    assert rows[NEWPORT]["themes"] == {"sport": 1}
    assert set(cardiff) == {"code", "name_en", "name_cy", "authority", "total", "kinds", "themes"}
    assert client.get("/api/v1/strengths/wards").status_code == 200


def test_openapi_document_is_generated_from_the_schemas(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    spec = response.get_json()
    assert spec["openapi"] == "3.1.0"
    assert {"/assets", "/assets/{asset_id}", "/areas", "/wards", "/themes", "/strengths/wards"} <= set(
        path.removeprefix("/api/v1") for path in spec["paths"]
    )
    assets = next(item for path, item in spec["paths"].items() if path.endswith("/assets"))["get"]
    parameters = {p["name"] for p in assets["parameters"]}
    assert {"q", "kind", "authority", "ward", "theme", "postcode", "radius", "bbox", "page", "per_page"} <= parameters
    assert "400" in assets["responses"]
    error = spec["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"error"}


def test_docs_page_renders_the_document_without_scripts(client: FlaskClient) -> None:
    response = client.get("/api/v1/docs")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "GET /api/v1/assets" in text
    assert "bbox" in text
    assert "<script" not in text.split("</header>", 1)[-1]


def _app_with(make_app: Callable[..., Flask], route: str, view: Callable[[], Any], **config: object) -> Flask:
    app = make_app(**config)
    app.add_url_rule(route, view.__name__, public(view))
    return app


def test_errors_are_json_with_one_shape_on_the_api_and_html_elsewhere(
    make_app: Callable[..., Flask], client: FlaskClient
) -> None:
    def forbidden() -> None:
        abort(403)

    def broken() -> None:
        raise RuntimeError("boom")

    app = _app_with(make_app, "/api/v1/test-forbidden", forbidden)
    app.add_url_rule("/api/v1/test-broken", "broken", public(broken))
    test_client = app.test_client()
    for url, status, code in (
        ("/api/v1/test-forbidden", 403, "forbidden"),
        ("/api/v1/test-broken", 500, "server_error"),
        ("/api/v1/nowhere", 404, "not_found"),
        ("/openreferral/nowhere", 404, "not_found"),
    ):
        response = test_client.get(url)
        assert response.status_code == status
        assert response.mimetype == "application/json"
        assert response.get_json()["error"] == {
            "status": status,
            "code": code,
            "message": response.get_json()["error"]["message"],
            "details": {},
        }
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    method = test_client.post("/api/v1/assets")
    assert (method.status_code, method.get_json()["error"]["code"]) == (405, "method_not_allowed")
    page = client.get("/assets/999999")
    assert page.status_code == 404
    assert page.mimetype == "text/html"
    assert "Access-Control-Allow-Origin" not in page.headers


def test_too_many_requests_is_json(make_app: Callable[..., Flask]) -> None:
    client = make_app(RATELIMIT_ENABLED=True, RATELIMIT_OPEN_DATA="2 per minute").test_client()
    statuses = [client.get("/openreferral/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = client.get("/api/v1/themes")  # one allowance for the API and the feed
    assert limited.status_code == 429
    assert limited.get_json()["error"]["code"] == "too_many_requests"
    assert limited.headers["Access-Control-Allow-Origin"] == "*"


def test_openapi_document_is_valid_openapi_3_1(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    errors = [error.message for error in OpenAPIV31SpecValidator(spec).iter_errors()]
    assert errors == []
