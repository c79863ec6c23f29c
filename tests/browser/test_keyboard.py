"""Keyboard-only journeys: no mouse after the first page load, only Tab, typing, arrows and Enter."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.assets.models import Asset
from abcd.auth.models import Role
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.people.models import PersonSkill
from tests import factories

MAX_TABS = 80


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching ``selector`` has focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} cannot be reached with the Tab key")


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def choose(page: Page, selector: str, value: str) -> None:
    """Move through a focused select with the arrow keys until ``value`` is chosen."""
    tab_to(page, selector)
    for _ in range(40):
        if page.eval_on_selector(selector, "el => el.value") == value:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"{value} cannot be chosen in {selector} with the arrow keys")


def sign_in_by_keyboard(page: Page, email: str) -> None:
    page.goto("/auth/login")
    type_into(page, "#email", email)
    type_into(page, "#password", factories.PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_contain_text("You are signed in.")


def test_officer_adds_an_asset_by_keyboard(page: Page, app: Flask) -> None:
    with app.app_context():
        factories.make_user(Role.OFFICER, factories.CARDIFF, email="keys.officer@example.org")
        db.session.remove()
    sign_in_by_keyboard(page, "keys.officer@example.org")
    tab_to(page, 'a[href="/assets/new"]')
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Add an asset")
    choose(page, "#kind", "association")
    type_into(page, "#name_en", "Keyboard Knitters")
    type_into(page, "#postcode", "CF24 0LZ")
    choose(page, "#status", "published")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Ward: Adamsdown")
    with app.app_context():
        assert db.session.scalar(sa.select(Asset.name_en).where(Asset.name_en == "Keyboard Knitters"))


def test_resident_adds_skills_by_keyboard(page: Page, app: Flask) -> None:
    with app.app_context():
        factories.make_user(email="keys.resident@example.org")
        skill = factories.make_skill("Bike repair")
        skill_id = skill.skill_id
        db.session.remove()
    sign_in_by_keyboard(page, "keys.resident@example.org")
    tab_to(page, 'a[href="/people/me"]')
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("My profile")
    type_into(page, "#display_name", "Keys")
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("My gifts and skills")
    choose(page, "#skill_id", str(skill_id))
    choose(page, "#visibility", "members")
    tab_to(page, "main form:not([action]) button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("main table")).to_contain_text("Bike repair")
    with app.app_context():
        assert db.session.scalars(sa.select(PersonSkill.visibility)).one().value == "members"


def test_skip_link_and_focus_are_visible(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # a visible focus indicator, not the browser default or none


def test_map_is_filtered_by_keyboard(page: Page, app: Flask) -> None:
    with app.app_context():
        factories.make_asset(name_en="Keyboard Market", kind=factories.AssetKind.ECONOMY)
        factories.make_asset(name_en="Keyboard Hall")
        db.session.remove()
    page.goto("/maps/")
    expect(page.locator("main")).to_contain_text("Keyboard Hall")
    choose(page, "#kind", "economy")
    tab_to(page, "main form.filters button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"kind=economy"))
    expect(page.locator("#map-status")).to_have_text(re.compile(r": 1\s*$"))  # the map shows one asset…
    expect(page.locator("main")).to_contain_text("Keyboard Market")  # …and the list says which
    expect(page.locator("main")).not_to_contain_text("Keyboard Hall")


def test_network_node_is_focused_by_keyboard(page: Page, app: Flask) -> None:
    with app.app_context():
        factories.make_user(Role.OFFICER, factories.CARDIFF, email="keys.network@example.org")
        choir = factories.make_asset(name_en="Keyboard Choir", kind=factories.AssetKind.ASSOCIATION)
        hall = factories.make_asset(name_en="Keyboard Chapel")
        db.session.add(Link(link_type=LinkType.MEETS_AT, source_asset_id=choir.asset_id, target_asset_id=hall.asset_id))
        db.session.commit()
        db.session.remove()
    sign_in_by_keyboard(page, "keys.network@example.org")
    page.goto("/network/")
    type_into(page, "#q", "keyboard choir")
    page.keyboard.press("Enter")  # one match: the view focuses on it straight away
    expect(page.locator("h1")).to_have_text("Network around Keyboard Choir")
    expect(page.locator("#neighbours-table")).to_contain_text("Keyboard Chapel")
