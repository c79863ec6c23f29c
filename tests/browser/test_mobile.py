"""Phones (390 px wide) and desktops (1280 px): the header menu folds behind a keyboard-usable button,
tables reflow, no main page scrolls sideways, and axe finds no WCAG 2.2 AA violation at either width."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.network import refresh
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in
from tests.network.builders import MEMBERS, give_skill, join, link_assets, make_person, make_skill

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LONG = "Llanrumney and St Mellons Community Allotment and Wildlife Garden Association"


@dataclass(frozen=True)
class Places:
    hall: int
    group: int


@pytest.fixture
def places(app: Flask, people: factories.Cast) -> Places:
    with app.app_context():
        db.session.info["actor_id"] = people.ids["officer_cardiff"]
        hall = factories.make_asset(name_en="Adamsdown Hall", ward_code=factories.CATHAYS)
        db.session.refresh(hall)
        hall.name_en = "Adamsdown Community Hall and Gardens"  # a change for the history table
        hall.description_en = "A long description without spaces: " + "x" * 120
        db.session.commit()
        db.session.info["actor_id"] = None
        group = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en=LONG, ward_code=factories.CATHAYS)
        link_assets(group.asset_id, hall.asset_id)
        ann = make_person("Ann Singer-Llewellyn-Pritchard", MEMBERS, ward_code=factories.CATHAYS)
        join(ann, group.asset_id)
        give_skill(ann, make_skill("Teaching traditional Welsh folk singing to beginners", "Dysgu canu gwerin"))
        refresh.refresh_metrics()
        db.session.commit()
        ids = Places(hall.asset_id, group.asset_id)
        db.session.remove()
    return ids


def main_pages(places: Places) -> list[str]:
    return [
        "/",
        "/assets/",
        f"/assets/{places.group}",
        f"/assets/{places.hall}/history",
        "/people/skills",
        "/network/",
        f"/network/?focus=asset:{places.group}",
    ]


def assert_no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth})"
    )
    assert widths["page"] <= widths["view"], f"{page.url} scrolls sideways: {widths}"
    assert widths["body"] <= widths["view"], f"{page.url} scrolls sideways: {widths}"


def open_page(page: Page, path: str) -> None:
    page.goto(path)
    if path.startswith("/network/"):
        expect(page.locator("#network-canvas")).to_have_attribute("data-rendered", "true")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_main_pages_fit_the_screen_and_pass_axe(page: Page, places: Places, people: factories.Cast, size: dict) -> None:
    page.set_viewport_size(size)
    sign_in(page, people.officer_cardiff)
    for path in main_pages(places):
        open_page(page, path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_sideways_scroll(page)
        assert_accessible(page)
    if size is PHONE:  # the menu open is part of the page too
        page.get_by_role("button", name="Menu").click()
        assert_no_sideways_scroll(page)
        assert_accessible(page)


def test_tables_reflow_to_labelled_rows_on_a_phone(page: Page, places: Places, people: factories.Cast) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, people.officer_cardiff)
    for path, table in [
        (f"/assets/{places.hall}/history", "table.history-changes"),
        ("/people/skills", "table.reflow"),
        (f"/network/?focus=asset:{places.group}", "#neighbours-table"),
    ]:
        open_page(page, path)
        cell = page.locator(f"{table} tbody td[data-label]").first
        expect(cell).to_be_visible()
        shown = cell.evaluate(
            "(td) => ({display: getComputedStyle(td).display,"
            " before: getComputedStyle(td, '::before').content, width: td.getBoundingClientRect().width})"
        )
        assert shown["display"] == "block", (path, shown)
        assert shown["before"].strip('"').endswith(": "), (path, shown)  # each cell says what it is
        assert shown["width"] > 300, (path, shown)  # the whole width, not a squeezed column
    page.set_viewport_size(DESKTOP)
    expect(page.locator("#neighbours-table thead")).to_be_visible()  # a real table on wide screens


def test_header_menu_folds_on_a_phone_and_opens_by_keyboard(page: Page, people: factories.Cast) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, people.officer_cardiff)
    page.goto("/")
    button = page.get_by_role("button", name="Menu")
    directory = page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(directory).to_be_hidden()
    header_height = page.locator(".site-header").bounding_box()
    assert header_height
    assert header_height["height"] < 200, header_height  # folded: the page starts near the top

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the home link
    page.keyboard.press("Tab")  # the language switch
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(directory).to_be_visible()
    page.keyboard.press("Tab")
    expect(directory).to_be_focused()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(directory).to_be_hidden()
    page.keyboard.press("Space")
    expect(directory).to_be_visible()

    page.set_viewport_size(DESKTOP)  # wide screens: no button, the links in view
    expect(button).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Network")).to_be_visible()


def test_without_scripts_the_menu_links_stay_reachable(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.get_by_role("button", name="Menu")).to_have_count(0)  # hidden: nothing to press
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="Directory")).to_be_visible()
        expect(nav.get_by_role("link", name="Sign in")).to_be_visible()
        assert_no_sideways_scroll(page)
    finally:
        context.close()
