"""Bad input through every form and query string gives a clear message, never a 500 (on both databases)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from tests.assets.test_asset_forms import ASSET, PUBLISHED
from tests.conftest import login
from tests.factories import Cast
from tests.rendered_forms import submit

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def officer(client: FlaskClient, people: Cast) -> FlaskClient:
    login(client, people.officer_cardiff)
    return client


def post_asset(officer: FlaskClient, follow_redirects: bool = False, **forged: str) -> TestResponse:
    """The officer's /assets/new as rendered, with some rendered fields forged as a hostile client might send them."""
    page = officer.get("/assets/new")
    fill = {**ASSET, **PUBLISHED}
    return submit(officer, page, action="/assets/new", fill=fill, forge=forged, follow_redirects=follow_redirects)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name_en", "x" * 201, "Field cannot be longer than 200 characters."),
        ("name_en", "Hall\x00Name", "Remove the invisible control characters"),
        ("name_en", "", "Enter the name in English."),
        ("description_en", "a\x00b", "Remove the invisible control characters"),
        ("latitude", "north", "Not a valid float value."),
        ("latitude", "nan", "Enter an ordinary number"),
        ("latitude", "95", "Latitude is a number between -90 and 90."),
        ("kind", "castle", "Not a valid choice."),
        ("status", "deleted", "Not a valid choice."),
        ("website", "javascript:alert(1)", "Enter a web address starting with https://."),
        ("contact_email", "not-an-email", "Enter an email address like name@example.org."),
        ("contact_phone", "call me", "Use only digits, spaces and + ( ) -."),
        ("postcode", "CF99 9ZZ", "We cannot find the postcode CF99 9ZZ"),
        ("postcode", "CF14 0LB", "That place is in Caerphilly"),
        ("postcode", "hello", "is not a UK postcode"),
    ],
)
@pytest.mark.usefixtures("geodata")
def test_asset_form_rejects_bad_input_with_a_message(
    officer: FlaskClient, field: str, value: str, message: str
) -> None:
    response = post_asset(officer, **{field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert "There is a problem" in html


def test_asset_form_without_any_place_asks_for_one(officer: FlaskClient) -> None:
    html = post_asset(officer, postcode="").get_data(as_text=True)
    assert "Enter a postcode, or a latitude and longitude." in html


def test_theme_that_does_not_exist_is_refused(officer: FlaskClient) -> None:
    html = post_asset(officer, themes="12345").get_data(as_text=True)
    assert "is not a valid choice for this field" in html


@pytest.mark.usefixtures("geodata")
def test_html_in_names_is_stored_as_text_and_escaped(officer: FlaskClient, app: Flask) -> None:
    response = post_asset(officer, follow_redirects=True, name_en=HOSTILE)
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    directory = officer.get("/assets/").get_data(as_text=True)
    assert "<img src=x" not in directory
    assert "&lt;img src=x onerror=alert(1)&gt;" in directory


@pytest.mark.parametrize(
    "query",
    ["q=%00", "page=abc", "page=-5", "page=99999999999", "kind=%00", "la=x%00y", "ward=' OR 1=1 --", "theme=%ff"],
)
def test_directory_survives_malformed_query_strings(client: FlaskClient, query: str) -> None:
    response = client.get(f"/assets/?{query}")
    assert response.status_code == 200
    assert "Directory of community assets" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("/auth/login", {"email": "a\x00b@example.org", "password": "x"}, "Remove the invisible control characters"),
        ("/auth/login", {"email": "", "password": ""}, "Enter your email address."),
        ("/auth/register", {"display_name": "x" * 101, "email": "a@example.org"}, "Field cannot be longer than 100"),
        ("/auth/register", {"display_name": "Al", "email": "nope", "password": "short"}, "Use at least 12 characters."),
        ("/auth/register", {"display_name": "\x00", "email": "a\x00@x.org"}, "Remove the invisible control"),
    ],
)
def test_account_forms_reject_bad_input(client: FlaskClient, url: str, data: dict[str, str], message: str) -> None:
    response = submit(client, client.get(url), action=url, forge=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_admin_user_form_rejects_officer_without_authority(client: FlaskClient, people: Cast) -> None:
    login(client, people.admin)
    url = f"/admin/users/{people.ids['resident']}"
    response = submit(client, client.get(url), action=url, fill={"role": "officer", "la_code": ""})
    assert "Choose the local authority this officer works for." in response.get_data(as_text=True)
    response = submit(client, client.get(url), action=url, forge={"role": "wizard", "la_code": "\x00"})
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)


FUZZ_FIELDS = st.fixed_dictionaries(
    {
        "name_en": st.text(max_size=300),
        "description_en": st.text(max_size=50),
        "postcode": st.text(max_size=12),
        "latitude": st.text(max_size=12),
        "website": st.text(max_size=20),
        "kind": st.sampled_from(["association", "place", "", "\x00", "x"]),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=FUZZ_FIELDS)
def test_fuzzed_asset_form_never_errors(officer: FlaskClient, fields: dict[str, str]) -> None:
    response = post_asset(officer, **fields)
    assert response.status_code in (200, 302)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=120), page=st.text(max_size=8))
def test_fuzzed_directory_search_never_errors(client: FlaskClient, text: str, page: str) -> None:
    response = client.get("/assets/", query_string={"q": text, "page": page, "ward": text[:9]})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("/people/me", {"display_name": "a\x00b", "display_name_visibility": "public"}, "Remove the invisible control"),
        ("/people/me", {"display_name": "x" * 101, "display_name_visibility": "public"}, "longer than 100"),
        ("/people/me", {"display_name": "Al", "display_name_visibility": "everyone"}, "Not a valid choice"),
        ("/people/me", {"display_name": "Al", "ward_code": "W0599999"}, "Not a valid choice"),
        ("/people/me", {"display_name": "Al", "ward_visibility": "private", "languages": "y" * 201}, "longer than 200"),
        ("/people/me/erase", {"confirm_text": "\x00"}, "Remove the invisible control"),
        ("/people/record", {"display_name": "", "display_name_visibility": "public"}, "Enter the name"),
        ("/people/record", {"display_name": "Al", "association": "999999"}, "Not a valid choice"),
    ],
)
def test_people_forms_reject_bad_input(officer: FlaskClient, url: str, data: dict[str, str], message: str) -> None:
    response = submit(officer, officer.get(url), action=url, forge=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/people/me/skills", {"skill_id": "abc", "mode": "offered", "visibility": "public"}),
        ("/people/me/skills/propose", {"name_en": "\x00", "gift_type": "feet"}),
        ("/people/999999/contact", {"body": "hello"}),
        ("/people/skills/999999/review", {"decision": "accept"}),
        ("/people/confirm/" + "x" * 300, {"consent": "y"}),
        ("/groups/999999/join", {"visibility": "public"}),
        ("/people/me/skills/1/visibility", {"visibility": "\x00"}),
    ],
)
def test_people_routes_never_fail_on_bad_input(officer: FlaskClient, url: str, data: dict[str, str]) -> None:
    assert officer.post(url, data=data).status_code in (200, 302, 404)


@pytest.mark.parametrize("query", ["q=%00", "mode=x", "gift=%ff", "ward=' OR 1=1", "page=-1", "la=%00"])
def test_skills_directory_survives_malformed_queries(client: FlaskClient, query: str) -> None:
    assert client.get(f"/people/skills?{query}").status_code == 200
    assert client.get(f"/people/skills.json?{query}").status_code == 200
