"""The partner finder in Chromium: an officer records what a venue seeks, then finds explained partners; a
music venue's list starts with the nearby choirs, and a shortlist is kept, printed and downloaded."""

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
from tests.partners.golden_data import MusicVenue, make_themes, music_venue


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
    expect(associations).to_contain_text("2 people in common (+2)")
    expect(associations).to_contain_text("asked for Music: they work on Music (+3)")
    expect(associations).to_contain_text("they look for space, which is on offer here (+2)")
    expect(page.locator("#partner-people")).to_contain_text("asked for Music: they offer this skill (+3)")
    assert_accessible(page)


@pytest.fixture
def llanover(app: Flask) -> MusicVenue:
    with app.app_context():
        found = music_venue(make_themes())
        db.session.remove()
    return found


def test_music_venue_finds_nearby_choirs_first_and_keeps_a_shortlist(
    page: Page, llanover: MusicVenue, people: factories.Cast
) -> None:
    sign_in(page, people.resident)
    page.goto(f"/partners/assets/{llanover.venue}/partners")
    results = page.locator("#partner-associations > li")
    expect(results).to_have_count(4)
    expect(results.nth(0).get_by_role("heading")).to_have_text("Adamsdown Sunday Singers")
    expect(results.nth(1).get_by_role("heading")).to_have_text("Roath Community Choir")
    expect(results.nth(0)).to_contain_text("asked for Music: they work on Music (+3)")
    expect(results.nth(0)).to_contain_text("2.8 km away, so it counts 82%")
    expect(results.nth(3)).to_contain_text("17.0 km away, so it counts 31%")
    assert_accessible(page)

    page.get_by_label("Distance from the venue").select_option(label="Within 5 km")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(results).to_have_count(2)  # the older-people groups 15 and 17 km away are left out

    page.get_by_role("button", name="Add to the shortlist Roath Community Choir").click()
    expect(page.get_by_text("Added to the shortlist.")).to_be_visible()
    expect(page.get_by_label("Distance from the venue")).to_have_value("5")  # the filters are kept
    expect(page.get_by_role("button", name="Remove from the shortlist Roath Community Choir")).to_be_visible()
    page.get_by_role("link", name="Shortlist (1)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Shortlist of partners for Llanover Hall Arts Centre")
    shortlist = page.locator("#shortlist > li")
    expect(shortlist).to_have_count(1)
    expect(shortlist.first).to_contain_text("asked for Music: they work on Music (+3)")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the shortlist (CSV)").click()
    csv = download.value.path().read_text(encoding="utf-8")
    assert csv.splitlines()[1].startswith("Roath Community Choir,Association,")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print the shortlist")).to_be_hidden()
    expect(shortlist.first.get_by_role("button")).to_be_hidden()
    expect(shortlist.first).to_contain_text("Roath Community Choir")
    page.emulate_media(media="screen")

    page.goto(f"/partners/assets/{llanover.venue}/partners?lang=cy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partneriaid ar gyfer Llanover Hall Arts Centre")
    expect(results.nth(0).get_by_role("heading")).to_have_text("Adamsdown Sunday Singers")
    expect(results.nth(0)).to_contain_text(
        "gofynnwyd am hyn: Cerddoriaeth; maen nhw’n gweithio ar y thema: Cerddoriaeth"
    )
    expect(page.get_by_role("link", name="Rhestr fer (1)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Rhestr fer (1)").click()
    page.get_by_role("button", name="Tynnu oddi ar y rhestr fer Roath Community Choir").click()
    expect(page.get_by_text("Wedi’i dynnu oddi ar y rhestr fer.")).to_be_visible()
    expect(page.locator("#shortlist")).to_have_text(
        "Does dim byd ar y rhestr fer eto. Ychwanegwch bartneriaid o’r rhestr o bartneriaid."
    )
