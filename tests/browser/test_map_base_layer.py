"""Maps you can read offline: with no tile server (tests have none, and the ``page`` fixture blocks every request
that would leave 127.0.0.1) every map still draws the authorities' land and the ward outlines from our own data.
Also axe, with WCAG 2.2's target-size rule switched on, at a phone's width and a desktop's, and the embed map's
heading and people layer following its filters."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.assets.models import Asset
from abcd.extensions import db
from tests.browser.conftest import assert_accessible
from tests.browser.test_maps import mapped, open_map
from tests.factories import NEWPORT

__all__ = ["mapped"]  # the fixture, shared with test_maps
AUTHORITIES, WARDS = 3, 73
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def expect_outlines(page: Page, region: str) -> None:
    """The base layer drawn inside the named map: the land of each authority and every outline, no tile."""
    frame = page.get_by_role("region", name=region)
    expect(frame).to_have_attribute("data-abcd-outlines", str(AUTHORITIES + WARDS))
    expect(frame.locator("path.abcd-land")).to_have_count(AUTHORITIES)
    expect(frame.locator("path.abcd-outline-authority")).to_have_count(AUTHORITIES)
    expect(frame.locator("path.abcd-outline-ward")).to_have_count(WARDS)
    expect(frame.locator(".leaflet-tile")).to_have_count(0)
    # Not only elements: some outline is really drawn in the view (Leaflet leaves paths outside it empty).
    drawn = frame.locator("path.abcd-outline").evaluate_all(
        "(paths) => paths.filter((p) => (p.getAttribute('d') || '').length > 20).length"
    )
    assert drawn > 0
    expect(frame.locator(".leaflet-pane.leaflet-abcdOutlines-pane path.leaflet-interactive")).to_have_count(0)


@pytest.mark.usefixtures("mapped")
def test_the_asset_map_draws_the_outlines_under_its_markers_without_tiles(page: Page) -> None:
    open_map(page)
    expect_outlines(page, "Map of community assets")
    expect(page.locator(".abcd-cluster.abcd-kind-place")).to_have_count(1)  # markers still on top, still work
    z_index = page.evaluate(
        """() => ["abcdLand", "tile", "abcdOutlines", "overlay", "marker"].map((name) =>
             Number(getComputedStyle(document.querySelector(".leaflet-" + name + "-pane")).zIndex))"""
    )
    assert z_index == sorted(z_index)  # land, then any tiles, then the outlines, then everything of ours


@pytest.mark.usefixtures("mapped")
def test_a_closer_zoom_asks_for_finer_outlines_once(page: Page) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "outlines.geojson" in request.url else None)
    open_map(page)
    expect_outlines(page, "Map of community assets")
    first = len(asked)
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Zoom in").click()
    expect(page.locator(".abcd-map")).to_have_attribute("data-abcd-outlines", str(AUTHORITIES + WARDS))
    page.wait_for_timeout(300)
    zooms = [int(re.search(r"zoom=(\d+)", url).group(1)) for url in asked]  # type: ignore[union-attr]
    assert first == 1
    assert len(asked) == 2, asked  # two steps in (9 to 11): one new band, asked for once
    assert zooms[0] <= 9
    assert zooms[1] == zooms[0] + 1


@pytest.mark.usefixtures("mapped")
def test_the_embed_map_draws_the_outlines(page: Page) -> None:
    open_map(page, "/maps/embed")
    expect_outlines(page, "Map of community assets")


@pytest.mark.usefixtures("mapped")
def test_an_assets_mini_map_draws_the_outlines(page: Page, app: Flask) -> None:
    with app.app_context():
        asset_id = db.session.scalar(db.select(Asset.asset_id).where(Asset.name_en == "Newport Market"))
    page.goto(f"/assets/{asset_id}")
    expect_outlines(page, "Map showing where this asset is")
    expect(page.locator(".abcd-marker-large")).to_have_count(1)


@pytest.mark.usefixtures("mapped")
def test_the_strengths_map_keeps_its_73_wards_over_the_outlines(page: Page) -> None:
    page.goto("/maps/strengths")
    expect_outlines(page, "Map of strengths by ward")
    expect(page.locator("path.leaflet-interactive")).to_have_count(WARDS)  # only the choropleth takes the pointer


def target_size_results(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'rule', values: ['target-size']},
             resultTypes: ['violations', 'passes']})"""
    )
    return result


@pytest.mark.usefixtures("mapped")
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
@pytest.mark.parametrize("path", ["/maps/", "/maps/embed", "/maps/strengths", "/maps/?kind=economy&lang=cy"])
def test_map_pages_pass_axe_with_target_size_at_phone_and_desktop_widths(
    page: Page, path: str, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    page.goto(path)
    if "strengths" in path:
        expect(page.locator("path.leaflet-interactive")).to_have_count(WARDS)
    else:
        expect(page.locator("#map-status")).to_have_text(re.compile(r": \d+\s*$"))
    expect(page.locator(".abcd-map").first).to_have_attribute("data-abcd-outlines", str(AUTHORITIES + WARDS))

    assert_accessible(page, enable=("target-size",))
    measured = target_size_results(page)  # the rule really ran, and measured the map's own targets
    assert measured["violations"] == []
    checked = " ".join(node["html"] for rule in measured["passes"] for node in rule["nodes"])
    assert "leaflet-control-zoom-in" in checked
    if "strengths" not in path:
        assert "abcd-marker" in checked or "abcd-cluster" in checked


@pytest.mark.usefixtures("mapped")
def test_the_embed_heading_legend_and_people_follow_its_filters(page: Page) -> None:
    people: list[str] = []
    page.on("request", lambda request: people.append(request.url) if "people.geojson" in request.url else None)
    open_map(page, f"/maps/embed?la={NEWPORT}&kind=economy", shown=1)

    expect(page.get_by_role("heading", level=1)).to_have_text("Community assets: Newport; Local economy")
    expect(page).to_have_title(re.compile(r"^Community assets: Newport; Local economy – "))
    expect(page.locator(".legend li")).to_have_count(2)  # the one kind shown, and people
    expect(page.locator(".abcd-marker.abcd-kind-economy")).to_have_count(1)
    assert people
    assert all(f"la={NEWPORT}" in url for url in people)

    page.goto(f"/maps/embed?la={NEWPORT}&kind=economy&lang=cy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Asedau cymunedol: Casnewydd; Economi leol")
