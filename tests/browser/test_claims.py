"""Asking to manage a venue in Chromium, in English and Welsh: the claim form (its error summary too),
"Records I manage", and an officer approving it, each page checked with axe."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import Page, expect

from abcd.extensions import db
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in


@pytest.fixture
def venue(app: Flask) -> int:
    with app.app_context():
        asset_id = factories.make_asset(
            name_en="Llanover Hall Arts Centre", name_cy="Canolfan Gelfyddydau Neuadd Llanofer"
        ).asset_id
        db.session.remove()
    return asset_id


@pytest.fixture
def words(app: Flask) -> Callable[..., Callable[..., str]]:
    """The app's own words for a msgid in a language, from the compiled catalogue."""

    def in_language(language: str) -> Callable[..., str]:
        def translate(msgid: str, **values: str) -> str:
            with app.test_request_context(), force_locale(language):
                return str(gettext(msgid, **values))

        return translate

    return in_language


@pytest.mark.parametrize("language", ["en", "cy"])
def test_resident_asks_to_manage_a_venue_and_an_officer_approves(
    page: Page, venue: int, people: factories.Cast, words: Callable[..., Callable[..., str]], language: str
) -> None:
    t = words(language)
    sign_in(page, people.resident)
    page.goto(f"/assets/{venue}?lang={language}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_role("link", name=t("Ask to manage this")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(t("Ask to manage %(name)s", name=""))
    page.get_by_label(t("Your role there")).fill("")
    page.get_by_role("button", name=t("Send request")).click()  # nothing said: an accessible error summary
    expect(page.get_by_role("alert")).to_contain_text(t("Say what your role is there."))
    assert_accessible(page)

    page.get_by_label(t("Your name as it would be shown")).fill("Rhian Davies")
    page.get_by_label(t("Your role there")).fill("Programme manager")
    page.get_by_label(t("How an officer can check with you")).fill("rhian@llanover.example")
    page.get_by_label(t("Who can see that you manage it")).select_option("public")
    page.get_by_role("button", name=t("Send request")).click()
    expect(page.get_by_text(t("Thank you. An officer will check your request and let you know."))).to_be_visible()
    expect(page.locator("#my-claims")).to_contain_text(t("Waiting for an officer"))
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, people.officer_cardiff)
    page.goto(f"/officer/?lang={language}")
    page.get_by_role("link", name=t("Open the requests")).click()
    assert_accessible(page)
    page.locator("#claims-queue").get_by_role("link").first.click()
    expect(page.locator(".facts")).to_contain_text("rhian@llanover.example")
    assert_accessible(page)
    page.get_by_role("button", name=t("Approve"), exact=True).click()
    expect(page.get_by_text(t("Approved: they now manage it."))).to_be_visible()

    page.goto(f"/assets/{venue}")
    expect(page.locator("section.managers")).to_contain_text("Rhian Davies, Programme manager")
    assert_accessible(page)
    page.get_by_role("link", name=t("Managers and their contacts")).click()
    expect(page.locator("ul.managers")).to_contain_text("rhian@llanover.example")
    assert_accessible(page)
