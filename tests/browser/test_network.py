"""The network view in Chromium: focus, filters, colour, a node's details, paths; WCAG 2.2 AA by axe."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.network import refresh
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in
from tests.network.builders import MEMBERS, OFFICERS, give_skill, join, link_assets, make_person, make_skill


@dataclass(frozen=True)
class Scene:
    choir: int
    ann: int


@pytest.fixture
def scene(app: Flask, people: factories.Cast) -> Scene:
    with app.app_context():
        music = factories.make_theme()
        choir = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Cathays Choir", ward_code=factories.CATHAYS)
        choir.themes.append(music)
        club = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Roath Running Club")
        hall = factories.make_asset(name_en="Cathays Hall", ward_code=factories.CATHAYS)
        factories.make_asset(name_en="<img src=x> Garden", ward_code=factories.CATHAYS)
        db.session.commit()
        ann = make_person("Ann Singer", MEMBERS)
        join(ann, choir.asset_id)
        join(make_person("Bob Runner", MEMBERS), club.asset_id)
        hidden = make_person("Hidden Hywel", OFFICERS, ward_code=factories.CATHAYS)  # Cardiff officers see him
        join(hidden, choir.asset_id, OFFICERS)
        join(hidden, club.asset_id, OFFICERS)
        give_skill(ann, make_skill("Singing", "Canu"))
        link_assets(choir.asset_id, hall.asset_id)
        refresh.refresh_metrics()
        db.session.commit()
        ids = Scene(choir.asset_id, ann.person_id)
        db.session.remove()
    return ids


def wait_for_diagram(page: Page) -> None:
    expect(page.locator("#network-canvas")).to_have_attribute("data-rendered", "true")


def click_node(page: Page, key: str) -> None:
    point = page.evaluate(
        """(key) => {
            const el = document.getElementById('network-canvas');
            el.scrollIntoView({block: 'center'});
            const renderer = el.networkRenderer;
            const p = renderer.graphToViewport(renderer.getGraph().getNodeAttributes(key));
            const box = el.getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        key,
    )
    page.mouse.click(point["x"], point["y"])


def test_focus_click_for_details_and_refocus(page: Page, scene: Scene, people: factories.Cast) -> None:
    sign_in(page, people.officer_cardiff)
    page.goto("/network/")
    page.get_by_label("Find a person, group, place or skill").fill("choir")
    page.get_by_role("button", name="Find").click()
    page.locator("#matches").get_by_role("link", name="Cathays Choir").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Network around Cathays Choir")
    wait_for_diagram(page)
    neighbours = page.locator("#neighbours-table tbody tr")
    expect(neighbours).to_have_count(int(page.locator("#network-canvas").get_attribute("data-nodes") or 0) - 1)
    expect(page.locator("#neighbours-table")).to_contain_text("Hidden Hywel")  # officers may see them

    click_node(page, f"person:{scene.ann}")
    details = page.locator("#node-details")
    expect(details.get_by_role("heading", level=2)).to_have_text("Ann Singer")
    expect(details.get_by_role("heading", level=2)).to_be_focused()
    assert_accessible(page)

    details.get_by_role("link", name="Focus on this").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Network around Ann Singer")
    wait_for_diagram(page)


def test_filters_and_colour_by_community(page: Page, scene: Scene, people: factories.Cast) -> None:
    sign_in(page, people.resident)
    page.goto(f"/network/?focus=asset:{scene.choir}&radius=3")
    wait_for_diagram(page)
    expect(page.locator("#neighbours-table")).to_contain_text("Singing")
    expect(page.locator("#neighbours-table")).not_to_contain_text("Hidden Hywel")
    shown = int(page.locator("#network-canvas").get_attribute("data-nodes") or 0)

    page.get_by_label("Gift or skill").uncheck()
    page.get_by_role("button", name="Apply filters").click()
    wait_for_diagram(page)
    expect(page).to_have_url(re.compile(r"kind=person"))
    expect(page.locator("#neighbours-table")).not_to_contain_text("Singing")
    assert int(page.locator("#network-canvas").get_attribute("data-nodes") or 0) == shown - 1

    page.get_by_label("Colour by").select_option("community")
    expect(page.locator("#network-legend")).to_contain_text("Community 1")
    assert_accessible(page)


def test_area_view_in_welsh_renders_names_as_text(page: Page, scene: Scene, people: factories.Cast) -> None:
    sign_in(page, people.officer_cardiff)
    page.goto(f"/network/?la={factories.CARDIFF}&lang=cy")
    wait_for_diagram(page)
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("#ready-table")).to_contain_text("<img src=x> Garden")  # shown as text, never as markup
    assert page.locator("img[src=x]").count() == 0
    assert_accessible(page)


def test_strengths_and_paths_pages(page: Page, scene: Scene, people: factories.Cast) -> None:
    sign_in(page, people.officer_cardiff)
    page.goto("/network/strengths")
    page.get_by_label("Ward").select_option(label="Cathays")
    page.get_by_role("button", name="Show strengths").click()
    expect(page.locator("#profile-kinds")).to_contain_text("Association")
    assert_accessible(page)

    page.goto("/network/paths")
    page.get_by_label("From").fill("Ann Singer")
    page.get_by_label("To").fill("Bob Runner")
    page.get_by_role("button", name="Show the connections").click()
    path = page.get_by_role("list", name="Way 1")
    expect(path).to_contain_text("Hidden Hywel")
    expect(path.get_by_role("listitem")).to_have_count(5)
    assert_accessible(page)
