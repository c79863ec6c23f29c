"""Hostile URLs: url_for option names in any query string and ids past what the database stores
are answered with a page (404 or the page itself, with security headers), never a bare 500."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import IntegerConverter, Rule

from abcd.extensions import db
from tests import factories
from tests.conftest import World, login
from tests.factories import Cast

# Names url_for() takes as options rather than URL values, plus its own first argument.
OPTION_QUERIES = ["endpoint=x", "_method=POST", "_external=1", "_anchor=x", "_scheme=javascript", "values=1"]
HUGE_IDS = ["99999999999999999999999", "2147483648", "9223372036854775808"]


def _rules(app: Flask, *, with_ints: bool) -> list[Rule]:
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith(".vendor"):
            continue
        has_int = any(isinstance(c, IntegerConverter) for c in rule._converters.values())
        if has_int if with_ints else not rule.arguments:
            rules.append(rule)
    return sorted(rules, key=lambda r: r.rule)


@pytest.fixture
def admin(client: FlaskClient, people: Cast) -> FlaskClient:
    login(client, people.admin)
    return client


@pytest.mark.parametrize("query", [*OPTION_QUERIES, "lang=cy&endpoint=x&_method=POST"])
def test_url_for_option_names_in_any_query_string_leave_every_page_working(
    admin: FlaskClient, app: Flask, query: str
) -> None:
    failures = []
    for rule in _rules(app, with_ints=False):
        if "GET" not in (rule.methods or ()):
            continue
        response = admin.get(f"{rule.rule}?{query}")
        if response.status_code >= 500 or "Content-Security-Policy" not in response.headers:
            failures.append((rule.rule, response.status_code))
    assert failures == []


def test_language_switch_keeps_a_hostile_query_as_plain_text(client: FlaskClient) -> None:
    html = client.get("/assets/?endpoint=x&_method=POST&q=hall").get_data(as_text=True)
    switch = re.search(r'class="lang-switch" href="([^"]+)"', html)
    assert switch is not None
    target = switch.group(1).replace("&amp;", "&")
    assert target.startswith("/assets/?")
    for part in ("endpoint=x", "_method=POST", "q=hall", "lang=cy"):
        assert part in target
    assert '<html lang="cy">' in client.get(target).get_data(as_text=True)


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_ids_past_what_the_database_stores_are_not_found_on_every_route(
    admin: FlaskClient, app: Flask, huge: str
) -> None:
    failures = []
    rules = _rules(app, with_ints=True)
    assert len(rules) > 20  # the sweep reaches every id route
    for rule in rules:
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<[^>]*:?{name}>", huge, url)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = admin.open(url, method=method)
            if response.status_code != 404:
                failures.append((method, url, response.status_code))
    assert failures == []


def test_the_largest_stored_id_is_an_ordinary_missing_record(admin: FlaskClient) -> None:
    response = admin.get("/assets/2147483647")
    assert response.status_code == 404
    assert "We could not find that page." in response.get_data(as_text=True)


def test_pagination_keeps_a_hostile_query_as_plain_text(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        for number in range(app.config["PAGE_SIZE"] + 1):
            factories.make_asset(name_en=f"Hall {number:02d}")
        db.session.remove()
    html = client.get("/assets/?endpoint=x&_method=POST").get_data(as_text=True)
    next_page = re.search(r'<a rel="next" href="([^"]+)"', html)
    assert next_page is not None
    assert next_page.group(1).replace("&amp;", "&") == "/assets/?endpoint=x&_method=POST&page=2"


def test_review_queue_keeps_its_filters_through_a_hostile_query(client: FlaskClient, world: World) -> None:
    login(client, world.cast.officer_cardiff)
    html = client.get("/review/?endpoint=x&kind=place").get_data(as_text=True)
    assert 'action="/review/approve?endpoint=x&amp;kind=place"' in html
    response = client.post("/review/approve?endpoint=x&kind=place", data={})
    assert response.status_code == 302
    assert response.headers["Location"] == "/review/?endpoint=x&kind=place"


def test_error_pages_survive_a_hostile_query(client: FlaskClient) -> None:
    response = client.get("/no-such-page?endpoint=x&_method=POST")
    assert response.status_code == 404
    assert "We could not find that page." in response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers
