"""Rate limits that keep 'signed-in members' from being one script away from public, and relayed messages
from being a spam channel (issue 11, defects 6 and 11); behind a proxy they count the client's address."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetKind
from abcd.auth.models import Role
from abcd.models_base import Visibility
from tests import factories
from tests.conftest import login
from tests.factories import Cast


def test_sign_up_is_rate_limited_per_address(make_app: Callable[..., Flask]) -> None:
    client = make_app(RATELIMIT_ENABLED=True, RATELIMIT_SIGNUP="2 per minute").test_client()
    assert client.get("/auth/register").status_code == 200  # reading the form costs nothing
    statuses = [client.post("/auth/register", data={}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert "Too many attempts" in client.post("/auth/register", data={}).get_data(as_text=True)


def test_graph_json_is_rate_limited_per_account(make_app: Callable[..., Flask], people: Cast, app: Flask) -> None:
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_BULK="2 per minute")
    with app.app_context():
        second = factories.make_user(Role.RESIDENT, email="second@example.org").email
    first_client, second_client = limited.test_client(), limited.test_client()
    login(first_client, people.resident)
    login(second_client, second)  # the same address, another account: its own allowance
    assert [first_client.get("/network/graph.json").status_code for _ in range(3)] == [200, 200, 429]
    assert second_client.get("/network/graph.json").status_code == 200


def test_skills_json_is_rate_limited(make_app: Callable[..., Flask]) -> None:
    client = make_app(RATELIMIT_ENABLED=True, RATELIMIT_BULK="2 per minute").test_client()
    assert [client.get("/people/skills.json").status_code for _ in range(3)] == [200, 200, 429]


def test_residents_cannot_ask_for_the_whole_graph_at_once(client: FlaskClient, people: Cast) -> None:
    def focus_url(email: str) -> str:
        login(client, email)
        payload = json.loads(client.get("/network/graph.json?limit=5000").get_data(as_text=True))
        client.post("/auth/logout")
        return str(payload["urls"]["focus"])

    assert "limit" not in focus_url(people.resident)  # clamped to the default
    assert "limit=5000" in focus_url(people.officer_cardiff)  # staff may draw it all


def test_relayed_messages_are_rate_limited_per_account(
    make_app: Callable[..., Flask], people: Cast, app: Flask
) -> None:
    with app.app_context():
        person_id = factories.make_person(visibility=Visibility.PUBLIC, accepts_messages=True).person_id
    client = make_app(RATELIMIT_ENABLED=True, RATELIMIT_MESSAGES="3 per minute").test_client()
    login(client, people.resident)
    url = f"/people/{person_id}/contact"
    assert client.post(url, data={"body": ""}).status_code == 200  # a form to correct is not a message sent
    statuses = [client.post(url, data={"body": f"Hello {n}"}).status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_behind_a_proxy_limits_count_the_clients_address(make_app: Callable[..., Flask]) -> None:
    client = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="1 per minute", PROXY_HOPS=1).test_client()

    def sign_in_from(address: str) -> int:
        return client.post("/auth/login", data={}, headers={"X-Forwarded-For": address}).status_code

    assert [sign_in_from("203.0.113.7"), sign_in_from("203.0.113.7")] == [200, 429]
    assert sign_in_from("198.51.100.4") == 200  # another person behind the same proxy


def test_behind_a_proxy_external_urls_use_the_public_host(make_app: Callable[..., Flask]) -> None:
    forwarded = {"X-Forwarded-Host": "cryfderau.example.gov.uk", "X-Forwarded-Proto": "https"}
    html = make_app(PROXY_HOPS=1).test_client().get("/maps/", headers=forwarded).get_data(as_text=True)
    assert "https://cryfderau.example.gov.uk/maps/embed" in html


def test_without_proxy_hops_forwarded_headers_are_not_trusted(make_app: Callable[..., Flask]) -> None:
    client = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="1 per minute").test_client()
    statuses = [
        client.post("/auth/login", data={}, headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(2)
    ]
    assert statuses == [200, 429]  # a forged header does not buy a fresh allowance
    html = client.get("/maps/", headers={"X-Forwarded-Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in html


SUBMISSIONS = ["/people/me/skills/propose", "/assets/new", "/assets/{asset}/edit", "/assets/{asset}/archive-request",
               "/links/new?from=asset:{asset}", "/groups/{group}/join"]  # fmt: skip


def test_everything_a_resident_sends_for_review_shares_one_allowance(
    make_app: Callable[..., Flask], people: Cast, app: Flask
) -> None:
    """The same pattern as relayed messages: each of these reaches an officer's or organiser's queue."""
    with app.app_context():
        ids = {
            "asset": factories.make_asset().asset_id,
            "group": factories.make_asset(kind=AssetKind.ASSOCIATION).asset_id,
        }
    client = make_app(RATELIMIT_ENABLED=True, RATELIMIT_SUBMISSIONS="1 per minute").test_client()
    login(client, people.resident)
    statuses = {url: client.post(url.format(**ids), data={}).status_code for url in SUBMISSIONS}
    assert statuses[SUBMISSIONS[0]] != 429
    assert {url: code for url, code in statuses.items() if url != SUBMISSIONS[0]} == dict.fromkeys(SUBMISSIONS[1:], 429)
    officer = make_app(RATELIMIT_ENABLED=True, RATELIMIT_SUBMISSIONS="1 per minute").test_client()
    login(officer, people.officer_cardiff)  # staff enter many records at a workshop
    assert 429 not in {officer.post(url.format(**ids), data={}).status_code for url in SUBMISSIONS}
