"""Map pages: small and data-free, self-hosted (the guard), a list twin, strengths, embedding, asset pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import Asset, AssetKind, AssetStatus
from abcd.extensions import db
from abcd.maps import specs
from abcd.maps.builder import VendorUrls
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, CATHAYS, NEWPORT, Cast
from tests.rendered_forms import submit

HOSTILE = "<img src=x onerror=alert(1)>"


def add_many(app: Flask, count: int, **fields: object) -> None:
    """Many published assets at once (a bulk insert: the ORM's per-row commits are slow)."""
    rows = [
        {
            "kind": AssetKind.PLACE,
            "name_en": f"Bulk Hall {n:05}",
            "la_code": CARDIFF,
            "status": AssetStatus.PUBLISHED,
            "latitude": 51.48 + n * 1e-5,
            "longitude": -3.18,
            "version": 1,
            **fields,
        }
        for n in range(count)
    ]
    with app.app_context():
        db.session.execute(sa.insert(Asset), rows)
        db.session.commit()


def test_map_page_holds_no_data_so_its_size_does_not_grow(client: FlaskClient, app: Flask) -> None:
    add_many(app, 30)
    small = client.get("/maps/").get_data(as_text=True)
    add_many(app, 600)
    large = client.get("/maps/").get_data(as_text=True)

    assert "30 assets found" in small
    assert "630 assets found" in large
    assert abs(len(large) - len(small)) < 50  # only the count and page numbers differ
    assert "FeatureCollection" not in large
    assert "Bulk Hall 00600" not in large  # beyond the first page of the list
    assert '<script src="/maps/script/assets.js?lang=en"></script>' in large


def test_map_page_links_only_files_served_here(client: FlaskClient) -> None:
    html = client.get("/maps/").get_data(as_text=True)
    linked = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)

    assert "/maps/vendor/leaflet-1.9.3/leaflet.js" in linked
    assert "/maps/vendor/leaflet-1.9.3/leaflet.css" in linked
    # Clusters come from the server: the clustering plugin is no longer sent to the browser at all.
    assert not any("markercluster" in url for url in linked), linked
    assert all(url.startswith("/") and not url.startswith("//") for url in linked), linked
    assert "<script>" not in html  # no inline script: the CSP would refuse it
    assert "unsafe-inline" not in client.get("/maps/").headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/maps/", "/maps/strengths", "/maps/embed"])
def test_guard_refuses_a_map_page_that_links_a_cdn(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    cdn = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
    monkeypatch.setattr(specs, "vendor_urls", lambda: VendorUrls(cdn, "/v/l.css", "/v/c.js", "/v/c.css"))

    response = client.get(path)

    assert response.status_code == 500
    assert "cdn.jsdelivr.net" not in response.get_data(as_text=True)
    assert "Something went wrong on our side" in response.get_data(as_text=True)


def test_guard_catches_a_cdn_link_added_by_a_template(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from abcd.maps import views

    real = views.render_template

    def with_cdn(template: str, **context: object) -> str:
        return real(template, **context).replace("</head>", '<link rel="stylesheet" href="https://unpkg.com/x.css">')

    monkeypatch.setattr(views, "render_template", with_cdn)
    assert client.get("/maps/").status_code == 500


@pytest.mark.usefixtures("geodata")
def test_filters_change_the_list_and_the_map_data_together(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        factories.make_asset(name_en="Cathays Choir", kind=AssetKind.ASSOCIATION, ward_code=CATHAYS)
        factories.make_asset(name_en="Newport Market", kind=AssetKind.ECONOMY, la_code=NEWPORT)
    html = client.get("/maps/?kind=economy").get_data(as_text=True)

    assert "Newport Market" in html
    assert "Cathays Choir" not in html
    script_url = unescape(re.search(r'<script src="(/maps/script/assets\.js[^"]*)"', html).group(1))  # type: ignore[union-attr]
    assert script_url == "/maps/script/assets.js?kind=economy&lang=en"
    script = client.get(script_url).get_data(as_text=True)
    assert '"dataUrl": "/maps/assets.geojson?kind=economy' in script
    assert '"kind": "economy"' in script  # the layer switcher's one kind
    assert '"kind": "association"' not in script
    assert '<option value="economy" selected>' in html


def test_hostile_names_in_the_list_are_escaped(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        factories.make_asset(name_en=HOSTILE)
    html = client.get("/maps/").get_data(as_text=True)
    assert HOSTILE not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_map_page_offers_an_embed_code_with_its_filters(client: FlaskClient) -> None:
    html = client.get("/maps/?kind=place&q=hall").get_data(as_text=True)
    snippet = unescape(re.search(r'<textarea id="embed-snippet"[^>]*>(.*?)</textarea>', html, re.S).group(1))  # type: ignore[union-attr]
    assert snippet.startswith('<iframe src="http://localhost/maps/embed?q=hall&kind=place" title="Map of community')


def test_embed_may_be_framed_by_other_sites_and_nothing_else_may(client: FlaskClient) -> None:
    embed = client.get("/maps/embed?kind=place")
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    assert "script-src 'self'" in embed.headers["Content-Security-Policy"]
    for path in ("/maps/", "/maps/strengths", "/assets/", "/maps/assets.geojson"):
        response = client.get(path)
        assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN", path


def test_embed_ancestors_are_configurable(make_app: Callable[..., Flask]) -> None:
    councils = "https://www.cardiff.gov.uk https://www.newport.gov.uk"
    client = make_app(EMBED_FRAME_ANCESTORS=councils).test_client()
    assert f"frame-ancestors {councils}" in client.get("/maps/embed").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in client.get("/maps/").headers["Content-Security-Policy"]


def test_embed_is_read_only_and_opens_links_in_a_new_tab(client: FlaskClient) -> None:
    html = client.get("/maps/embed?kind=culture").get_data(as_text=True)
    assert "<form" not in html
    assert 'class="site-nav"' not in html
    assert 'href="http://localhost/maps/?kind=culture" target="_blank" rel="noopener"' in html
    script = client.get("/maps/script/embed.js?kind=culture").get_data(as_text=True)
    assert '"linkTarget": "_blank"' in script
    assert "audience=public" in script


@pytest.mark.usefixtures("geodata")
def test_strengths_compare_the_three_areas_and_every_ward(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        music = factories.make_theme()
        factories.make_asset(name_en="Choir", kind=AssetKind.ASSOCIATION, ward_code=CATHAYS, themes=[music])
        factories.make_asset(name_en="Hall", ward_code=CATHAYS)
        factories.make_asset(name_en="Market", kind=AssetKind.ECONOMY, la_code=NEWPORT, ward_code="W05001640")
    html = client.get("/maps/strengths").get_data(as_text=True)

    compare = html[html.index('class="compare"') : html.index("</table>")]
    assert [h for h in re.findall(r'<th scope="col">([^<]+)</th>', compare)] == [
        "Cardiff",
        "Newport",
        "Vale of Glamorgan",
    ]
    assert re.search(r"Association</th><td>1</td><td>0</td><td>0</td>", compare)
    assert re.search(r"All assets recorded</th><td>2</td><td>1</td><td>0</td>", compare)
    assert re.search(r"Strongest themes</th><td>Music</td><td>–</td><td>–</td>", compare)
    assert re.search(r"Assets per km²</th><td>0\.01</td><td>0\.01</td><td>0</td>", compare)  # 2 in 140 km², 1 in 190
    wards = html[html.index('class="wards"') :]
    assert wards.count('<tr><th scope="row">') == 73
    cathays = wards[wards.index(">Cathays</a>") :]
    assert re.match(
        r">Cathays</a></th>\s*<td>Cardiff</td>\s*<td>2</td><td>[0-9.]+</td><td>0</td><td>Music</td>", cathays
    )


@pytest.mark.usefixtures("geodata")
def test_strengths_key_names_each_colour_class(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        factories.make_asset(name_en="One", ward_code="W05001270")
        for n in range(3):
            factories.make_asset(name_en=f"Three {n}", ward_code=CATHAYS)
    html = client.get("/maps/strengths").get_data(as_text=True)
    key = html[html.index('aria-label="Key to the colours"') :]
    key = key[: key.index("</ul>")]
    words = [re.sub(r"\s+", " ", w).strip() for w in re.findall(r"</svg>([^<]+)</li>", key)]
    assert words == ["Ready for its strengths to be recorded", "1", "2 to 3"]


@pytest.mark.usefixtures("geodata")
def test_strengths_speak_of_strengths_not_deficits(client: FlaskClient) -> None:
    html = client.get("/maps/strengths").get_data(as_text=True).lower()
    assert "ready for its strengths to be recorded" in html
    for word in ("deficit", "lack", "gap", "poor", "weak", "worst", "lowest", "deprived", "no assets"):
        assert word not in html, word


@pytest.mark.usefixtures("geodata")
def test_strengths_for_one_kind(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        factories.make_asset(name_en="Hall", ward_code=CATHAYS)
    html = client.get("/maps/strengths?kind=economy&measure=density").get_data(as_text=True)
    assert '<h2 id="map-title">Map: Local economy</h2>' in html
    assert '<option value="density" selected>' in html
    assert "/maps/script/strengths.js?kind=economy&amp;measure=density&amp;lang=en" in html


def test_asset_page_shows_a_small_map_of_its_place(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        placed = factories.make_asset(name_en="Hall", latitude=51.4891, longitude=-3.1784, kind=AssetKind.CULTURE)
        unplaced = factories.make_asset(name_en="Wandering Tales", latitude=None, longitude=None)
        ids = placed.asset_id, unplaced.asset_id
    html = client.get(f"/assets/{ids[0]}").get_data(as_text=True)
    assert 'src="/maps/script/point.js?lat=51.4891&amp;lon=-3.1784&amp;kind=culture&amp;lang=en"' in html
    assert 'aria-label="Map showing where this asset is"' in html
    assert "See what else is nearby on the map" in html
    assert "/maps/script/point.js" not in client.get(f"/assets/{ids[1]}").get_data(as_text=True)


def test_asset_form_has_a_picker_that_needs_no_javascript_to_save(client: FlaskClient, people: Cast) -> None:
    login(client, people.officer_cardiff)
    html = client.get("/assets/new").get_data(as_text=True)
    assert 'data-locate-url="/maps/locate"' in html
    assert re.search(r'<div class="location-picker"[^>]* hidden', html)  # shown only by its script
    assert "/static/js/location-picker.js" in html
    assert 'name="postcode"' in html
    assert 'name="latitude"' in html  # typed coordinates still work without the map


@pytest.mark.usefixtures("geodata")
def test_form_saved_by_point_without_javascript(client: FlaskClient, app: Flask, people: Cast) -> None:
    login(client, people.officer_cardiff)
    fill = {"kind": "place", "name_en": "Clicked Place", "latitude": "51.4891", "longitude": "-3.1784"}
    page = client.get("/assets/new")
    response = submit(client, page, action="/assets/new", fill={**fill, "status": "published"}, follow_redirects=True)
    assert "Ward: Cathays" in response.get_data(as_text=True)
    assert "/maps/script/point.js?lat=51.4891" in response.get_data(as_text=True)


def test_map_pages_read_in_welsh_with_welsh_data(client: FlaskClient) -> None:
    html = client.get("/maps/?lang=cy").get_data(as_text=True)
    assert '<html lang="cy">' in html
    assert "/maps/script/assets.js?lang=cy" in html
    script = client.get("/maps/script/assets.js?lang=cy").get_data(as_text=True)
    assert "/maps/assets.geojson?lang=cy" in script
    assert '"Cymdeithas"' in script  # kind labels from the Welsh catalogue
