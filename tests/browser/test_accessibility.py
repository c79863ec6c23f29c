"""WCAG 2.2 AA checks with axe-core in Chromium, in English and Welsh, plus what axe cannot see: the keyboard."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.assets.models import AssetKind
from abcd.extensions import db
from tests import factories
from tests.browser.conftest import assert_accessible, axe_check, describe_violations, sign_in


@pytest.fixture
def published_asset(app: Flask) -> int:
    """A full record: Welsh and English text, a ward, a theme and contact details, so every part renders."""
    with app.app_context():
        theme = factories.make_theme()
        asset = factories.make_asset(
            kind=AssetKind.ASSOCIATION,
            name_en="Cathays Community Choir",
            name_cy="Côr Cymunedol Cathays",
            description_en="A friendly choir that meets on Tuesday evenings.",
            ward_code=factories.CATHAYS,
            postcode="CF24 4HQ",
            address="Cathays Community Centre, 36 Cathays Terrace",
            contact_name="Siân",
            contact_email="choir@example.org",
            website="https://choir.example.org/",
            accessibility_info="Step-free access and a hearing loop.",
        )
        asset.themes.append(theme)
        db.session.commit()
        factories.make_asset(name_en="Roath Library")  # a second result for the directory list
        asset_id = asset.asset_id
        db.session.remove()
    return asset_id


PAGES = {
    "home": "/",
    "directory": "/assets/",
    "asset detail": "/assets/{asset_id}",
    "sign in": "/auth/login",
    "register": "/auth/register",
    "areas": "/areas/",
    "data sources": "/about/data",
    "skills directory": "/people/skills",
    "group": "/groups/{asset_id}",
}


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_public_page_has_no_axe_violations(page: Page, published_asset: int, path: str, language: str) -> None:
    url = path.format(asset_id=published_asset)
    if language == "cy":
        url += "?lang=cy"
    response = page.goto(url)

    assert response is not None
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if path == PAGES["directory"]:
        expect(page.locator("li.result")).to_have_count(2)
    assert_accessible(page)


def test_asset_form_with_errors_has_no_axe_violations(page: Page, people: factories.Cast) -> None:
    sign_in(page, people.officer_cardiff)
    page.goto("/assets/new")
    page.get_by_role("button", name="Save").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Name in English: Enter the name in English.")).to_be_visible()
    expect(summary).to_contain_text("Enter a postcode, or a latitude and longitude.")
    expect(page.get_by_label("Name in English")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_sign_in_with_a_wrong_password_has_no_axe_violations(page: Page, people: factories.Cast) -> None:
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(people.resident)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_contain_text("The email address or password is not right.")
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_axe_reports_violations_on_a_deliberately_broken_page(page: Page) -> None:
    """If this ever passes with no violations, axe is not really running and every check above is hollow."""
    page.set_content('<html><body><img src="x.png"><input></body></html>')

    violations = axe_check(page)

    found = {violation["id"] for violation in violations}
    assert {"html-has-lang", "image-alt", "label"} <= found, describe_violations(violations)
    assert "image-alt" in describe_violations(violations)


def test_tab_first_reaches_the_skip_link_and_enter_moves_focus_to_main(page: Page) -> None:
    page.goto("/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # hidden until focused, but visible once it is

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.url.endswith("#main")


STAFF_PAGES = [
    "/people/record",
    "/people/skills/review",
    "/review/",
    "/admin/users",
    "/people/me",
    "/people/me/data",
]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_signed_in_pages_have_no_axe_violations(page: Page, app: Flask, published_asset: int, language: str) -> None:
    with app.app_context():
        factories.make_user(factories.Role.ADMIN, email="axe.admin@example.org")
        db.session.remove()
    sign_in(page, "axe.admin@example.org")
    for path in STAFF_PAGES:
        page.goto(f"{path}?lang={language}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
