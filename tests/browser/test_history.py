"""An officer reads a record's history, compares two versions and restores one, in a real browser."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.assets.models import Asset
from abcd.extensions import db
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import CATHAYS, Cast

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("geodata")]


@pytest.fixture
def renamed_hall(app: Flask, people: Cast) -> int:
    with app.app_context():
        db.session.info["actor_id"] = people.ids["officer_cardiff"]
        asset = factories.make_asset(name_en="First Name", ward_code=CATHAYS)
        db.session.refresh(asset)  # the audit records an expired attribute's old value as unknown
        asset.name_en = "Second Name"
        db.session.commit()
        db.session.info["actor_id"] = None
        asset_id = asset.asset_id
        db.session.remove()
    return asset_id


def test_officer_compares_and_restores_a_version(page: Page, app: Flask, people: Cast, renamed_hall: int) -> None:
    sign_in(page, people.officer_cardiff)
    page.goto(f"/assets/{renamed_hall}")
    page.get_by_role("link", name="History of changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History of Second Name")
    assert_accessible(page)

    page.get_by_label("Version A").select_option("1")
    page.get_by_label("Version B").select_option("2")
    page.get_by_role("button", name="Compare").click()
    row = page.get_by_role("row", name="Name in English")
    expect(row).to_contain_text("First Name")
    expect(row).to_contain_text("Second Name")
    expect(row).to_contain_text("Changed")
    assert_accessible(page)

    page.get_by_role("link", name="Restore version 1").click()
    expect(page.get_by_role("table", name="What restoring will change")).to_contain_text("First Name")
    assert_accessible(page)
    page.get_by_role("button", name="Restore this version").click()  # the real form, with its CSRF token
    expect(page.get_by_text("Version 1 was restored as version 3.")).to_be_visible()
    expect(page.get_by_text("Form: restored version 1")).to_be_visible()
    with app.app_context():
        asset = db.session.get(Asset, renamed_hall)
        assert asset is not None
        assert (asset.version, asset.name_en) == (3, "First Name")


def test_history_pages_pass_axe_in_welsh(page: Page, people: Cast, renamed_hall: int) -> None:
    sign_in(page, people.officer_cardiff)
    for path in ("", "/compare?a=1&b=2", "/1/restore"):
        separator = "&" if "?" in path else "?"
        page.goto(f"/assets/{renamed_hall}/history{path}{separator}lang=cy")
        assert_accessible(page)
