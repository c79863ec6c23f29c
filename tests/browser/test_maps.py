"""The maps in Chromium with tiles off: markers and clusters, filters driving map and list, hostile names,
the keyboard, axe, the strengths choropleth, the embed and the form's location picker. Nothing leaves 127.0.0.1
(the ``page`` fixture fails the test on any outside request or console error)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.assets.models import AssetKind
from abcd.auth.models import Role
from abcd.extensions import db
from tests import factories
from tests.browser.conftest import BrowserLog, assert_accessible, sign_in
from tests.factories import CATHAYS, NEWPORT

HOSTILE = "<img src=x onerror=alert(1)>"
NEWPORT_CENTRAL = (51.5880, -2.9970)


@pytest.fixture
def mapped(app: Flask, geodata: object) -> None:
    """Eight places close together in Cathays (they cluster), a market in Newport (alone), a hostile name."""
    with app.app_context():
        for n in range(8):
            factories.make_asset(
                name_en=f"Cathays Place {n}", ward_code=CATHAYS, latitude=51.4891 + n * 1e-4, longitude=-3.1784
            )
        factories.make_asset(
            name_en="Newport Market", kind=AssetKind.ECONOMY, la_code=NEWPORT,
            latitude=NEWPORT_CENTRAL[0], longitude=NEWPORT_CENTRAL[1],
        )  # fmt: skip
        factories.make_asset(name_en=HOSTILE, kind=AssetKind.CULTURE, latitude=51.40, longitude=-3.40)
        db.session.remove()


def open_map(page: Page, path: str = "/maps/", shown: int = 10) -> None:
    page.goto(path)
    # "Assets on the map: N" in English, "Asedau ar y map: N" in Welsh.
    expect(page.locator("#map-status")).to_have_text(re.compile(rf": {shown}\s*$"))


@pytest.mark.usefixtures("mapped")
def test_map_renders_offline_with_markers_and_clusters(page: Page) -> None:
    open_map(page)

    expect(page.locator(".leaflet-container")).to_be_visible()
    expect(page.locator(".leaflet-tile")).to_have_count(0)  # tiles are off in tests
    cluster = page.locator(".abcd-cluster.abcd-kind-place")
    expect(cluster).to_have_count(1)
    expect(cluster).to_contain_text("8")
    expect(page.locator(".abcd-marker.abcd-kind-economy")).to_have_count(1)
    expect(page.get_by_role("button", name="Newport Market")).to_be_visible()
    expect(page.locator(".leaflet-control-layers-overlays label")).to_have_count(6)  # five kinds and people
    expect(page.locator(".leaflet-control-layers-overlays")).to_be_hidden()  # folded: it never covers a popup
    expect(page.locator("#result-count")).to_have_text("10 assets found")


@pytest.mark.usefixtures("mapped")
def test_filters_change_both_the_map_and_the_list(page: Page) -> None:
    open_map(page)

    page.get_by_label("Kind", exact=True).select_option(label="Local economy")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"/maps/\?.*kind=economy"))
    expect(page.locator("#map-status")).to_have_text("Assets on the map: 1")
    expect(page.locator(".abcd-marker, .abcd-cluster")).to_have_count(1)
    expect(page.locator(".abcd-marker.abcd-kind-economy")).to_have_count(1)
    expect(page.locator("li.result")).to_have_count(1)
    expect(page.locator("li.result")).to_contain_text("Newport Market")

    page.get_by_role("searchbox", name="Search").fill("place 3")
    page.get_by_label("Kind", exact=True).select_option(label="All kinds")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#map-status")).to_have_text("Assets on the map: 1")
    expect(page.locator("li.result")).to_have_text(re.compile("Cathays Place 3"))


@pytest.mark.usefixtures("mapped")
def test_a_hostile_name_shows_as_text_in_popup_and_list_and_runs_no_script(page: Page, browser_log: BrowserLog) -> None:
    open_map(page)

    page.get_by_role("button", name=HOSTILE).click()

    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator(".abcd-popup-name")).to_have_text(HOSTILE)
    expect(popup).to_contain_text("Culture and stories")
    expect(popup.get_by_role("link", name=f"More about {HOSTILE}")).to_have_attribute(
        "href", re.compile(r"/assets/\d+$")
    )
    expect(page.locator("main img")).to_have_count(0)
    expect(page.locator("li.result").filter(has_text=HOSTILE)).to_have_count(1)
    assert browser_log.dialogs == []


@pytest.mark.usefixtures("mapped")
def test_popup_shows_kind_and_ward_and_links_to_the_asset(page: Page) -> None:
    open_map(page, "/maps/?kind=place&q=place+1", shown=1)
    page.get_by_role("button", name="Cathays Place 1").click()

    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Place or venue · Ward: Cathays")
    popup.get_by_role("link", name="More about Cathays Place 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cathays Place 1")


@pytest.mark.usefixtures("mapped")
def test_map_and_list_work_by_keyboard(page: Page) -> None:
    open_map(page)

    market = page.get_by_role("button", name="Newport Market")
    for _ in range(60):  # Tab through the filters and into the map until the market's marker has focus
        page.keyboard.press("Tab")
        if market.evaluate("element => element === document.activeElement"):
            break
    expect(market).to_be_focused()
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="More about Newport Market")
    expect(link).to_be_focused()  # the popup takes focus when opened from the keyboard
    page.keyboard.press("Escape")
    expect(market).to_be_focused()  # and gives it back when closed

    zoom = page.evaluate("() => map_assets.getZoom()")
    cluster = page.locator(".abcd-cluster").first
    cluster.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => map_assets.getZoom() > {zoom}")
    # Let the zoom animation settle: the layer control redraws its checkboxes while the map moves.
    page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim') && !map_assets._animatingZoom")

    layers = page.get_by_role("button", name="Show or hide layers")
    layers.focus()
    page.keyboard.press("Enter")
    places = page.get_by_role("checkbox", name="Place or venue")
    expect(places).to_be_checked()
    expect(places).to_be_visible()  # the folded list has opened
    places.press("Space")  # a layer per kind: hide the places (press focuses it first, as Tab would)
    expect(places).not_to_be_checked()
    expect(page.locator(".abcd-kind-place")).to_have_count(0)
    page.keyboard.press("Space")
    expect(page.locator(".abcd-kind-place").first).to_be_visible()

    first_result = page.locator("li.result a").first
    first_result.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/assets/\d+$"))


@pytest.mark.usefixtures("mapped")
@pytest.mark.parametrize("path", ["/maps/", "/maps/?lang=cy", "/maps/?kind=economy", "/maps/embed"])
def test_map_pages_have_no_axe_violations(page: Page, path: str) -> None:
    open_map(page, path, shown=1 if "economy" in path else 10)
    page.get_by_role("button", name="Newport Market").click()  # with a popup open, too
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in: axe measures real contrast
    assert_accessible(page)


@pytest.mark.usefixtures("mapped")
def test_strengths_choropleth_draws_every_ward_and_is_accessible(page: Page) -> None:
    page.goto("/maps/strengths")

    expect(page.locator("path.leaflet-interactive")).to_have_count(73)
    expect(page.locator("table.wards tbody tr")).to_have_count(73)
    expect(page.locator("table.compare")).to_contain_text("Cardiff")
    assert_accessible(page)


@pytest.mark.usefixtures("mapped")
def test_embed_opens_asset_pages_in_a_new_tab(page: Page) -> None:
    open_map(page, "/maps/embed")
    page.get_by_role("button", name="Newport Market").click()
    link = page.locator(".leaflet-popup-content").get_by_role("link")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener")


@pytest.fixture
def cardiff_officer(app: Flask, geodata: object) -> str:
    with app.app_context():
        factories.make_user(Role.OFFICER, factories.CARDIFF, email="picker@example.org")
        db.session.remove()
    return "picker@example.org"


def test_location_picker_shows_the_ward_before_saving(page: Page, cardiff_officer: str) -> None:
    sign_in(page, cardiff_officer)
    page.goto("/assets/new")
    picker_map = page.get_by_role("region", name="Map: click where the asset is")
    expect(picker_map).to_be_visible()

    page.get_by_label("Postcode").fill("cf24 0lz")
    page.get_by_label("Postcode").press("Tab")
    status = page.locator(".location-picker [role=status]")
    expect(status).to_have_text("Ward: Adamsdown, Cardiff")

    box = picker_map.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(status).to_contain_text("The postcode was cleared, so the point you clicked is used.")
    expect(page.get_by_label("Postcode")).to_have_value("")
    expect(page.get_by_label("Latitude")).to_have_value(re.compile(r"^51\.\d{6}$"))
    expect(page.get_by_label("Longitude")).to_have_value(re.compile(r"^-3\.\d{6}$"))
    ward = status.inner_text().split(",")[0]
    assert ward.startswith("Ward: ")

    page.get_by_label("Kind of asset").select_option(label="Place or venue")
    page.get_by_label("Name in English").fill("Placed By Clicking")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The asset was saved.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text(ward)
    expect(page.get_by_role("region", name="Map showing where this asset is")).to_be_visible()
