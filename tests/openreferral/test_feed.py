"""The Open Referral UK feed: every answer validated against the profile's schemas (read from the shared
specs, never copied), its pagination and filters, stable ids (also across a merge), 404s, and CORS."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import FormatChecker
from jsonschema.validators import validator_for

from abcd.assets.models import Asset, Theme
from abcd.auth.models import User
from abcd.changes.models import Channel
from abcd.changes.services import EDITABLE_FIELDS, WriteContext
from abcd.config import REPO_ROOT
from abcd.duplicates.merging import merge, unmerge
from abcd.duplicates.models import AssetMerge
from abcd.extensions import db
from abcd.openreferral import ids
from tests.conftest import require
from tests.factories import Cast
from tests.open_data import PRIVATE_EMAIL, PRIVATE_NAME, PRIVATE_PHONE, OpenData

SPECS = REPO_ROOT.parent / "shared" / "specs" / "openreferral-uk"


@cache
def _schema(name: str) -> dict[str, Any]:
    return dict(json.loads((SPECS / name).read_text()))


def _page_schema() -> dict[str, Any]:
    return dict(_schema("openapi.json")["components"]["schemas"]["Page"])


def _index_schema() -> dict[str, Any]:
    response = _schema("openapi.json")["paths"]["/"]["get"]["responses"]["200"]
    return dict(response["content"]["application/json"]["schema"])


def validate(instance: Any, schema: dict[str, Any]) -> None:
    cls = validator_for(schema)
    errors = sorted(cls(schema, format_checker=FormatChecker()).iter_errors(instance), key=str)
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def _no_nulls(value: Any, where: str = "") -> None:
    """Optional fields without a value are left out, never null."""
    assert value is not None, f"null at {where}"
    if isinstance(value, dict):
        for key, item in value.items():
            _no_nulls(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _no_nulls(item, f"{where}[{index}]")


@pytest.fixture
def specs() -> Path:
    require(SPECS.is_dir(), f"Open Referral UK schemas not found at {SPECS}")
    return SPECS


def get(client: FlaskClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    _no_nulls(body)
    return body


def get_page(client: FlaskClient, url: str, item_schema: str | dict[str, Any]) -> dict[str, Any]:
    body = get(client, url)
    validate(body, _page_schema())
    schema = _schema(item_schema) if isinstance(item_schema, str) else item_schema
    for item in body["contents"]:
        validate(item, schema)
    return dict(body)


def test_index_names_the_version_and_the_openapi_document(client: FlaskClient, specs: Path) -> None:
    body = get(client, "/openreferral/")
    validate(body, _index_schema())
    assert body["version"].startswith("3.0")
    assert body["openapi_url"].endswith("openapi.json")


def test_every_list_and_record_validates(client: FlaskClient, specs: Path, open_data: OpenData) -> None:
    services = get_page(client, "/openreferral/services", "compiled/service_list.json")
    assert {s["name"] for s in services["contents"]} == {
        "Adamsdown Singers", "Central Library", "Newport Boxing Club", "Splott Hall",
    }  # fmt: skip
    for summary in services["contents"]:
        full = get(client, f"/openreferral/services/{summary['id']}")
        validate(full, _schema("compiled/service.json"))
        organization = get(client, f"/openreferral/organizations/{full['organization_id']}")
        validate(organization, _schema("compiled/organization.json"))
        assert organization["id"] == full["organization"]["id"]
    placed = get_page(client, "/openreferral/service_at_locations", "compiled/service_at_location_list.json")
    assert "Splott Hall" not in {s["service"]["name"] for s in placed["contents"]}  # nowhere to say it is
    for record in placed["contents"]:
        one = get(client, f"/openreferral/service_at_locations/{record['id']}")
        validate(one, _schema("compiled/service_at_location.json"))
    get_page(client, "/openreferral/organizations", "compiled/organization_list.json")
    taxonomies = get_page(client, "/openreferral/taxonomies", "taxonomy.json")
    validate(get(client, f"/openreferral/taxonomies/{taxonomies['contents'][0]['id']}"), _schema("taxonomy.json"))
    terms = get_page(client, "/openreferral/taxonomy_terms", "taxonomy_term.json")
    for term in terms["contents"]:
        validate(get(client, f"/openreferral/taxonomy_terms/{term['id']}"), _schema("taxonomy_term.json"))


def test_a_full_service_has_its_place_themes_and_no_person(
    client: FlaskClient, specs: Path, open_data: OpenData
) -> None:
    service = get(client, f"/openreferral/services/{open_data.choir}")
    assert service["id"] == open_data.choir
    assert service["url"] == "https://singers.example.org"
    assert service["status"] == "active"
    assert service["last_modified"].endswith("Z")
    location = service["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "CF24 0LZ"
    assert [a["taxonomy_term"]["name"] for a in service["attributes"]] == ["Music"]
    assert service["attributes"][0]["taxonomy_term_id"] == ids.term_id(open_data.music)
    hall = get(client, f"/openreferral/services/{open_data.hall}")
    assert "service_at_locations" not in hall  # no place: the field is left out, not null
    assert "description" not in hall
    for url in ("/openreferral/services", f"/openreferral/services/{open_data.choir}", "/openreferral/organizations"):
        text = client.get(url).get_data(as_text=True)
        for private in (PRIVATE_NAME, PRIVATE_EMAIL, PRIVATE_PHONE):
            assert private not in text


def test_pagination_edges(client: FlaskClient, specs: Path, open_data: OpenData) -> None:
    first = get_page(client, "/openreferral/services?per_page=3", "compiled/service_list.json")
    assert (first["total_items"], first["total_pages"], first["page"], first["per_page"]) == (4, 2, 1, 3)
    assert (first["first_page"], first["last_page"], first["empty"], first["size"]) == (True, False, False, 3)
    last = get(client, "/openreferral/services?per_page=3&page=2")
    assert (last["first_page"], last["last_page"], last["size"]) == (False, True, 1)
    beyond = get(client, "/openreferral/services?per_page=3&page=7")
    assert (beyond["contents"], beyond["empty"], beyond["last_page"], beyond["total_items"]) == ([], True, True, 4)
    none = get(client, "/openreferral/services?text=nothing-matches")
    assert (none["total_items"], none["total_pages"], none["empty"], none["first_page"]) == (0, 1, True, True)
    one_each = get(client, "/openreferral/taxonomy_terms?per_page=1&page=2")
    assert (one_each["total_items"], one_each["size"], one_each["last_page"]) == (2, 1, True)


@pytest.mark.parametrize("query", ["page=0", "page=abc", "per_page=0", "per_page=1000", "proximity=-1",
                                   "modified_after=yesterday", "taxonomy_term_id=not-a-uuid"])  # fmt: skip
def test_bad_parameters_are_400_json_with_cors(client: FlaskClient, query: str) -> None:
    error = get(client, f"/openreferral/services?{query}", status=400)["error"]
    assert (error["status"], error["code"]) == (400, "bad_request")
    assert list(error["details"]) == [query.split("=")[0]]


def test_filters(client: FlaskClient, specs: Path, open_data: OpenData) -> None:
    def names(query: str) -> set[str]:
        body = get_page(client, f"/openreferral/services?{query}", "compiled/service_list.json")
        return {s["name"] for s in body["contents"]}

    assert names("text=library") == {"Central Library"}
    assert names("search=choir") == {"Adamsdown Singers"}  # the profile's name for the same filter
    assert names(f"taxonomy_term_id={ids.term_id(open_data.sport)}") == {"Central Library", "Newport Boxing Club"}
    assert names(f"taxonomy_term_id={ids.NAMESPACE}") == set()
    assert names("postcode=CF10 1AA&proximity=1000") == {"Adamsdown Singers"}
    assert names("modified_after=2000-01-01T00:00:00Z") == names("")
    assert names("modified_after=2099-01-01T00:00:00Z") == set()
    unknown = get(client, "/openreferral/services?postcode=XX", status=400)
    assert "postcode" in unknown["error"]["message"]


def test_unknown_and_unpublished_records_are_404_with_cors(
    client: FlaskClient, specs: Path, open_data: OpenData
) -> None:
    for url in (
        f"/openreferral/services/{open_data.draft}",
        "/openreferral/services/not-a-uuid",
        f"/openreferral/organizations/{ids.masked(open_data.draft, ids.ORGANIZATION)}",
        f"/openreferral/organizations/{open_data.choir}",  # a service's id is not its organisation's
        f"/openreferral/service_at_locations/{ids.masked(open_data.hall, ids.SERVICE_AT_LOCATION)}",
        f"/openreferral/taxonomy_terms/{ids.TAXONOMY_ID}",
        "/openreferral/taxonomies/x",
    ):
        error = get(client, url, status=404)["error"]
        assert error["code"] == "not_found", url


def test_ids_are_stable_and_distinct(app: Flask, client: FlaskClient, specs: Path, open_data: OpenData) -> None:
    service = get(client, f"/openreferral/services/{open_data.library}")
    again = get(client, f"/openreferral/services/{open_data.library}")
    assert service == again
    record_ids = [service["id"], service["organization_id"], service["service_at_locations"][0]["id"]]
    record_ids.append(service["service_at_locations"][0]["location_id"])
    assert len(set(record_ids)) == 4
    term = ids.term_id(open_data.music)
    with app.app_context():  # a renamed theme keeps its term id
        theme = db.session.get(Theme, open_data.music)
        assert theme is not None
        theme.name_en = "Music and song"
        db.session.commit()
    renamed = get(client, f"/openreferral/taxonomy_terms/{term}")
    assert renamed["name"] == "Music and song"


def test_a_merged_records_ids_answer_with_the_survivor(
    app: Flask, client: FlaskClient, people: Cast, specs: Path, open_data: OpenData
) -> None:
    survivor_before = get(client, f"/openreferral/services/{open_data.choir}")
    old_organization = ids.masked(open_data.library, ids.ORGANIZATION)
    with app.app_context():
        keep = db.session.get(Asset, open_data.choir_id)
        fold = db.session.get(Asset, open_data.library_id)
        officer = db.session.get(User, people.ids["officer_cardiff"])
        assert keep is not None
        assert fold is not None
        assert officer is not None
        record = merge(keep, fold, {}, (keep.version, fold.version), WriteContext(officer, Channel.MERGE))
        db.session.commit()
        merge_id = record.merge_id
    answered = get(client, f"/openreferral/services/{open_data.library}")
    validate(answered, _schema("compiled/service.json"))
    assert answered["id"] == open_data.choir  # the survivor keeps its own UUID
    assert answered["id"] == survivor_before["id"]
    organization = get(client, f"/openreferral/organizations/{old_organization}")
    assert organization["id"] == ids.masked(open_data.choir, ids.ORGANIZATION)
    listed = get(client, "/openreferral/services")
    assert open_data.library not in {s["id"] for s in listed["contents"]}  # archived: listed once, as the survivor
    api = client.get(f"/api/v1/assets/{open_data.library}").get_json()
    assert api["id"] == open_data.choir
    with app.app_context():  # undone, each record answers for itself again, with the UUID it always had
        officer = db.session.get(User, people.ids["officer_cardiff"])
        record = db.session.get(AssetMerge, merge_id)
        assert officer is not None
        assert record is not None
        unmerge(record, WriteContext(officer, Channel.MERGE))
        db.session.commit()
    assert get(client, f"/openreferral/services/{open_data.library}")["id"] == open_data.library
    assert "uuid" not in EDITABLE_FIELDS  # no form, import or merge can change it


def test_etag_and_304(client: FlaskClient, open_data: OpenData) -> None:
    first = client.get("/openreferral/services")
    again = client.get("/openreferral/services", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Access-Control-Allow-Origin"] == "*"


def test_preflight_allows_any_origin(client: FlaskClient) -> None:
    response = client.options(
        "/openreferral/services",
        headers={"Origin": "https://dewis.example", "Access-Control-Request-Headers": "if-none-match"},
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]
