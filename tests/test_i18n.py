"""Welsh from the first line: language switch on every page, remembered, carried in shared URLs."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from abcd.auth.models import User
from abcd.extensions import db
from tests.conftest import login
from tests.factories import Cast


@pytest.mark.parametrize("path", ["/", "/assets/", "/areas/", "/auth/login", "/auth/register", "/about/data"])
def test_every_page_links_to_itself_in_the_other_language(client: FlaskClient, path: str) -> None:
    html = client.get(path).get_data(as_text=True)
    assert '<html lang="en">' in html
    switch = re.search(r'<a class="lang-switch" href="([^"]+)" lang="cy"', html)
    assert switch is not None
    target = switch.group(1).replace("&amp;", "&")
    assert target.startswith(path)
    assert "lang=cy" in target
    welsh = client.get(target).get_data(as_text=True)
    assert '<html lang="cy">' in welsh
    assert 'lang="en" hreflang="en">English</a>' in welsh


def test_switch_keeps_the_query(client: FlaskClient) -> None:
    html = client.get("/assets/?q=hall&kind=place").get_data(as_text=True)
    switch = re.search(r'class="lang-switch" href="([^"]+)"', html)
    assert switch is not None
    assert "q=hall" in switch.group(1)
    assert "kind=place" in switch.group(1)


def test_choice_is_remembered_and_carried_in_links(client: FlaskClient) -> None:
    client.get("/?lang=cy")
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="cy">' in html
    assert 'href="/assets/?lang=cy"' in html  # a link a Welsh reader shares opens in Welsh


def test_browser_preference_is_used_when_nothing_chosen(client: FlaskClient) -> None:
    html = client.get("/", headers={"Accept-Language": "cy,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="cy">' in html


def _switch_link(client: FlaskClient, path: str = "/") -> str:
    switch = re.search(r'<a class="lang-switch" href="([^"]+)" lang="cy"', client.get(path).get_data(as_text=True))
    assert switch is not None
    return switch.group(1).replace("&amp;", "&")


def _stored_locale(app: Flask, user_id: int) -> str:
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        return user.locale


def test_signed_in_choice_through_the_switch_is_stored_on_the_account(
    client: FlaskClient, app: Flask, people: Cast
) -> None:
    login(client, people.resident)
    response = client.get(_switch_link(client, "/assets/?q=hall"))
    assert response.status_code == 302  # the one-use marker is taken out of the address
    assert response.headers["Location"] == "/assets/?q=hall&lang=cy"
    assert _stored_locale(app, people.ids["resident"]) == "cy"
    assert '<html lang="cy">' in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_crafted_lang_link_shows_welsh_but_never_changes_the_stored_choice(
    client: FlaskClient, app: Flask, people: Cast
) -> None:
    """A GET anyone can put in a link or an <img> must not change an account (issue 11, defect 13)."""
    login(client, people.resident)
    html = client.get("/?lang=cy").get_data(as_text=True)
    assert '<html lang="cy">' in html
    assert _stored_locale(app, people.ids["resident"]) == "en"


def test_one_persons_switch_link_does_not_change_another_account(client: FlaskClient, app: Flask, people: Cast) -> None:
    login(client, people.resident)
    residents_link = _switch_link(client)
    other = app.test_client()
    login(other, people.admin)
    other.get(residents_link)
    assert _stored_locale(app, people.ids["admin"]) == "en"


def test_signing_in_while_reading_welsh_records_welsh_for_what_is_sent(
    client: FlaskClient, app: Flask, people: Cast
) -> None:
    client.get("/?lang=cy")  # the reader chose Welsh on this site (the cookie remembers it)
    login(client, people.resident)
    with app.app_context():
        user = db.session.get(User, people.ids["resident"])
        assert user is not None
        assert user.locale == "cy"
