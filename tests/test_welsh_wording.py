"""The Welsh reviewer's corrections, where a page shows them: access is hawl (caniatâd is consent), zero
reads naturally, names follow "ar gyfer" unmutated, and the operator starts its sentence."""

from __future__ import annotations

import html
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from tests.conftest import login
from tests.factories import Cast


def _welsh(client: FlaskClient, url: str) -> str:
    return html.unescape(client.get(url + ("&" if "?" in url else "?") + "lang=cy").get_data(as_text=True))


def test_refused_access_speaks_of_hawl_not_consent(client: FlaskClient, people: Cast) -> None:
    login(client, people.resident)
    page = _welsh(client, "/officer/")
    assert "Nid oes gennych hawl i wneud hynny." in page
    assert "caniatâd" not in page


def test_an_empty_directory_says_none_were_found(client: FlaskClient, app: Flask) -> None:
    assert "Ni ddaethpwyd o hyd i unrhyw asedau" in _welsh(client, "/assets/?q=nothing-called-this")


def test_names_follow_ar_gyfer_and_the_operator_starts_its_sentence(
    client: FlaskClient, app: Flask, people: Cast
) -> None:
    with app.app_context():
        venue_id = factories.make_asset(name_en="Riverside Hall", name_cy="Neuadd Glan-yr-afon").asset_id
    login(client, people.resident)
    assert "<h1>Partneriaid ar gyfer Neuadd Glan-yr-afon</h1>" in _welsh(
        client, f"/partners/assets/{venue_id}/partners"
    )
    assert "Cynghorau Caerdydd, Casnewydd a Bro Morgannwg sy'n rhedeg y wefan hon." in _welsh(
        client, "/about/accessibility"
    )


def test_data_sources_give_each_licensors_welsh_attribution(client: FlaskClient) -> None:
    page = _welsh(client, "/about/data")
    assert "Ffynhonnell: Swyddfa Ystadegau Gwladol, wedi'i thrwyddedu o dan y Drwydded Llywodraeth Agored v3.0." in page
    assert "Yn cynnwys data'r Arolwg Ordnans © Hawlfraint y Goron a hawliau cronfa ddata" in page
    assert "Contains OS data" not in page
    assert "Contains OS data © Crown copyright" in html.unescape(
        client.get("/about/data?lang=en").get_data(as_text=True)
    )


def test_map_tiles_credit_openstreetmap_in_the_readers_language(make_app: Callable[..., Flask]) -> None:
    client = make_app(TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png").test_client()
    welsh = client.get("/maps/script/assets.js?lang=cy").get_data(as_text=True)
    english = client.get("/maps/script/assets.js?lang=en").get_data(as_text=True)
    assert '"attribution": "\\u0026copy; cyfranwyr OpenStreetMap"' in welsh
    assert '"attribution": "\\u0026copy; OpenStreetMap contributors"' in english


def test_everything_we_hold_is_headed_in_welsh(client: FlaskClient, people: Cast) -> None:
    login(client, people.resident)
    page = _welsh(client, "/people/me/data")
    assert '<h2 id="section-account">Eich cyfrif</h2>' in page
    assert "Messages sent" not in page
