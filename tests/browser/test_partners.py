"""The partner finder in Chromium: an officer records what a venue seeks, then finds explained partners."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.links.models import LinkType
from abcd.partners.models import OfferCategory, OfferDirection
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in
from tests.network.builders import MEMBERS, give_skill, join, make_person, make_skill, offer


@pytest.fixture
def venue(app: Flask) -> int:
    with app.app_context():
        music = factories.make_theme()
        venue = factories.make_asset(name_en="Chapter Arts", latitude=51.4812, longitude=-3.2036)
        club = factories.make_asset(
            kind=AssetKind.ASSOCIATION, name_en="Youth Music Club", latitude=51.485, longitude=-3.19
        )
        club.themes.append(music)
        db.session.commit()
        for name in ("Ann", "Bob"):
            person = make_person(name, MEMBERS)
            join(person, club.asset_id)
            join(person, venue.asset_id, MEMBERS, LinkType.USES)
        give_skill(make_person("Dai Drummer", MEMBERS), make_skill("Music", "Cerddoriaeth"))
        offer(club.asset_id, OfferDirection.SEEKS, OfferCategory.SPACE)
        venue_id = venue.asset_id
        db.session.remove()
    return venue_id


def test_officer_records_what_a_venue_seeks_and_finds_partners(page: Page, venue: int, people: factories.Cast) -> None:
    sign_in(page, people.officer_cardiff)
    page.goto(f"/assets/{venue}")
    page.get_by_role("link", name="What it offers and looks for").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What Chapter Arts offers and looks for")

    page.get_by_role("button", name="Add").click()  # empty: an accessible error summary
    expect(page.get_by_role("alert")).to_contain_text("Describe it, or choose a skill or a theme.")
    assert_accessible(page)

    page.get_by_label("Offers or looking for").select_option(label="Offers")
    page.get_by_label("What kind of thing").select_option(label="Space")
    page.get_by_label("Description in English").fill("A rehearsal room for 30 people")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.get_by_label("Offers or looking for").select_option(label="Is looking for")
    page.get_by_label("What kind of thing").select_option(label="Skill")
    page.get_by_label("Skill", exact=True).fill("Drumming")  # not in the vocabulary: refused, with a way on
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("alert")).to_contain_text("There is no skill called that yet")
    page.get_by_label("Skill", exact=True).fill("Cerddoriaeth")
    page.get_by_role("button", name="Add").click()
    expect(page.locator("#offers-table tbody tr")).to_have_count(2)
    assert_accessible(page)

    page.get_by_role("link", name="Find partners").first.click()
    associations = page.locator("#partner-associations")
    expect(associations).to_contain_text("Youth Music Club")
    expect(associations).to_contain_text("2 people in common")
    expect(associations).to_contain_text("is looking for space, which you offer")
    expect(page.locator("#partner-people")).to_contain_text("offers skills you are looking for: Music")
    assert_accessible(page)
