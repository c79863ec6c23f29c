"""An officer records an asset by postcode in a real browser, finds it in the directory, and reads it in Welsh."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.auth.models import Role
from abcd.extensions import db
from tests import factories
from tests.browser.conftest import BrowserLog, sign_in

OFFICER_EMAIL = "officer.journey@example.org"


@pytest.fixture
def cardiff_officer(app: Flask) -> str:
    with app.app_context():
        factories.make_user(Role.OFFICER, factories.CARDIFF, email=OFFICER_EMAIL, display_name="Cardiff Officer")
        db.session.remove()
    return OFFICER_EMAIL


def add_asset_through_the_form(page: Page, name: str) -> None:
    page.get_by_role("link", name="Add an asset").click()
    expect(page).to_have_url(re.compile(r"/assets/new$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an asset")
    page.get_by_label("Kind of asset").select_option(label="Place or venue")
    page.get_by_label("Name in English").fill(name)
    page.get_by_label("Postcode").fill("cf24 0lz")
    page.get_by_label("Status").select_option(label="Published")
    page.get_by_role("button", name="Save").click()


def search_directory(page: Page, text: str) -> None:
    page.goto("/assets/")
    page.get_by_role("searchbox", name="Search").fill(text)
    page.get_by_role("button", name="Apply filters").click()


def test_officer_adds_an_asset_by_postcode_and_finds_it_in_the_directory_in_both_languages(
    page: Page, geodata: object, cardiff_officer: str
) -> None:
    name = "Adamsdown Community Garden"
    sign_in(page, cardiff_officer)
    expect(page.get_by_text("Signed in as Cardiff Officer")).to_be_visible()

    add_asset_through_the_form(page, name)

    expect(page.get_by_text("The asset was saved.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/assets/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("CF24 0LZ")  # the lower-case postcode was normalised
    expect(facts).to_contain_text("Ward: Adamsdown")
    expect(facts).to_contain_text("Cardiff")

    search_directory(page, "community garden")
    expect(page).to_have_url(re.compile(r"[?&]q=community\+garden"))
    expect(page.locator("#result-count")).to_have_text("1 asset found")
    result = page.locator("li.result")
    expect(result).to_have_count(1)
    expect(result.get_by_role("link", name=name)).to_be_visible()
    expect(result.locator(".meta")).to_have_text("Place or venue · Adamsdown, Cardiff")

    page.get_by_role("link", name="Cymraeg").click()

    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page).to_have_url(re.compile(r"/assets/\?.*lang=cy"))
    expect(page).to_have_url(re.compile(r"[?&]q=community\+garden"))  # the same search, not the home page
    expect(page.get_by_role("searchbox")).to_have_value("community garden")
    welsh_result = page.locator("li.result")
    expect(welsh_result).to_have_count(1)
    expect(welsh_result.get_by_role("link")).to_contain_text(name)
    expect(welsh_result.locator(".meta")).to_contain_text("Adamsdown")
    expect(page.get_by_role("link", name="English")).to_be_visible()


HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def test_a_hostile_asset_name_is_shown_as_text_and_runs_no_script(
    page: Page, browser_log: BrowserLog, geodata: object, cardiff_officer: str
) -> None:
    sign_in(page, cardiff_officer)
    add_asset_through_the_form(page, HOSTILE_NAME)

    expect(page.get_by_text("The asset was saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(HOSTILE_NAME)
    expect(page.locator("main img")).to_have_count(0)
    expect(page).to_have_title(f"{HOSTILE_NAME} – Community Strengths")

    search_directory(page, "onerror")
    result = page.locator("li.result")
    expect(result).to_have_count(1)
    expect(result.get_by_role("link")).to_have_text(HOSTILE_NAME)
    expect(page.locator("main img")).to_have_count(0)

    search_directory(page, HOSTILE_NAME)  # the search term is echoed back into the search box
    expect(page.get_by_role("searchbox", name="Search")).to_have_value(HOSTILE_NAME)
    expect(page.locator("li.result")).to_have_count(1)
    expect(page.locator("main img")).to_have_count(0)

    assert browser_log.dialogs == []
    assert browser_log.page_errors == []
