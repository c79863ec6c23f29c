"""Directory, asset, ward-strengths and network-table pages print cleanly: content, not controls."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.assets.models import AssetKind
from abcd.auth.models import Role
from abcd.extensions import db
from tests import factories
from tests.browser.conftest import sign_in


@pytest.fixture
def printable(app: Flask) -> int:
    with app.app_context():
        factories.make_user(Role.OFFICER, factories.CARDIFF, email="print.officer@example.org")
        asset = factories.make_asset(name_en="Printable Choir", kind=AssetKind.ASSOCIATION, ward_code=factories.CATHAYS)
        asset_id = asset.asset_id
        db.session.remove()
    return asset_id


@pytest.mark.parametrize("path", ["/assets/", "/assets/{asset_id}", "/maps/strengths", "/network/strengths"])
def test_page_prints_without_navigation_or_controls(page: Page, printable: int, path: str) -> None:
    sign_in(page, "print.officer@example.org")
    page.goto(path.format(asset_id=printable))
    page.emulate_media(media="print")
    expect(page.locator(".site-header nav")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    for form in page.locator("main form.filters").all():
        expect(form).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    for table in page.locator("main table").all():
        expect(table).to_be_visible()
