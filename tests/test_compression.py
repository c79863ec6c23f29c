"""Text answers go gzipped to clients that accept it (pages, stylesheets, scripts, JSON), and as they are to
those that do not; answers that encode themselves keep their encoding; static files still revalidate."""

from __future__ import annotations

import gzip

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import login
from tests.factories import Cast

GZIP = {"Accept-Encoding": "gzip, deflate"}


def test_a_page_is_gzipped_for_a_browser_and_plain_for_others(client: FlaskClient) -> None:
    plain = client.get("/")
    packed = client.get("/", headers=GZIP)

    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data()) / 2


def test_a_stylesheet_is_gzipped_once_and_revalidates_with_a_weak_etag(client: FlaskClient) -> None:
    first = client.get("/static/css/app.css", headers=GZIP)
    again = client.get("/static/css/app.css", headers=GZIP)

    assert first.headers["Content-Encoding"] == "gzip"
    assert b"{" in gzip.decompress(first.get_data())
    assert again.get_data() == first.get_data()
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    unchanged = client.get("/static/css/app.css", headers={**GZIP, "If-None-Match": etag})
    unchanged.close()  # a 304 still holds the file Flask opened, until the server closes the answer
    assert unchanged.status_code == 304
    assert unchanged.get_data() == b""


def test_answers_that_encode_themselves_are_left_alone(client: FlaskClient) -> None:
    leaflet = client.get("/maps/vendor/leaflet-1.9.3/leaflet.js", headers=GZIP)

    assert leaflet.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(leaflet.get_data()).startswith(b"/*")  # gzipped once, not twice


def test_small_answers_and_images_go_as_they_are(client: FlaskClient) -> None:
    health = client.get("/health", headers=GZIP)
    assert "Content-Encoding" not in health.headers
    icon = client.get("/maps/vendor/leaflet-1.9.3/images/layers.png", headers=GZIP)
    assert "Content-Encoding" not in icon.headers or icon.headers["Content-Encoding"] != "gzip"


def test_a_signed_in_persons_pages_go_uncompressed(app: Flask, people: Cast) -> None:
    """Their pages hold their session's form token: compressed, the sizes could give it away (BREACH)."""
    client = app.test_client()
    login(client, people.officer_cardiff)
    page = client.get("/officer/", headers=GZIP)
    assert page.status_code == 200
    assert "Content-Encoding" not in page.headers
    assert client.get("/static/css/app.css", headers=GZIP).headers["Content-Encoding"] == "gzip"
