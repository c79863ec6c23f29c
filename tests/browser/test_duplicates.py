"""Duplicates in Chromium: the asset form says "this may already exist" as an officer types, and the merge
page (side by side, what moves, the choices) passes axe, merges, and the old address lands on the survivor."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.extensions import db
from tests import factories
from tests.browser.conftest import TIMEOUT_MS, assert_accessible, sign_in
from tests.factories import CARDIFF, Cast

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("geodata")]
TROWBRIDGE = "W05001296"


@pytest.fixture
def libraries(app: Flask, people: Cast) -> tuple[int, int]:
    with app.app_context():
        first, second = (
            factories.make_asset(
                name_en=name, postcode="CF3 0EF", ward_code=TROWBRIDGE, la_code=CARDIFF, contact_phone=phone,
            ).asset_id
            for name, phone in (("St. Mellons Library", "029 2078 0000"), ("St Mellons library", None))
        )  # fmt: skip
        db.session.remove()
    return first, second


def test_the_asset_form_warns_as_you_type(page: Page, people: Cast, libraries: tuple[int, int]) -> None:
    sign_in(page, people.officer_cardiff)
    page.goto("/assets/new")
    page.get_by_label("Name in English").fill("st mellons LIBRARY")
    page.get_by_label("Postcode").fill("CF3 0EF")
    hint = page.locator("#duplicate-hint")
    expect(hint).to_contain_text("This may already exist:", timeout=TIMEOUT_MS)
    expect(hint.get_by_role("link", name="St. Mellons Library")).to_have_attribute("href", f"/assets/{libraries[0]}")
    expect(hint).to_contain_text("The same postcode: CF3 0EF")
    assert_accessible(page)
    page.get_by_label("Name in English").fill("Splott Swimming Pool")
    expect(hint).to_be_empty(timeout=TIMEOUT_MS)


def test_merge_page_is_accessible_and_the_old_address_lands_on_the_survivor(
    page: Page, people: Cast, libraries: tuple[int, int]
) -> None:
    keep, fold = libraries
    sign_in(page, people.officer_cardiff)
    page.goto("/duplicates/")
    expect(page.get_by_role("heading", name="Possible duplicates")).to_be_visible()
    assert_accessible(page)
    page.locator(f'a[href="/duplicates/merge/{keep}/{fold}"]').click()
    expect(page.get_by_role("heading", name="What moves to the kept record")).to_be_visible()
    assert_accessible(page)
    name = page.get_by_role("group", name="Name in English")
    name.get_by_label("Other record:").check()
    page.get_by_role("button", name="Merge these records").click()
    expect(page.get_by_text("the other record's address now leads here")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/assets/{fold}")
    assert page.url.endswith(f"/assets/{keep}")
    expect(page.get_by_role("heading", level=1)).to_have_text("St Mellons library")
