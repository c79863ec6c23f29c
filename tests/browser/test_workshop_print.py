"""The printed pack in Chromium: accessible on screen, its pictures kept and its controls dropped in print, and
the chosen paper size is the PDF's page size."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.assets.models import AssetKind
from abcd.auth.models import User
from abcd.extensions import db
from abcd.models_base import Visibility
from abcd.workshops import moderation, services
from abcd.workshops.models import ContributionKind, WorkshopState
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("geodata")]


@pytest.fixture
def closed_workshop(app: Flask, people: factories.Cast) -> int:
    with app.app_context():
        officer = db.session.scalar(sa.select(User).where(User.email == people.officer_cardiff))
        assert officer is not None
        data = services.WorkshopInput(title="Printed session", held_on=date(2027, 3, 14), la_code=factories.CARDIFF)
        workshop = services.create_workshop(data, officer)
        services.set_state(workshop, WorkshopState.OPEN)
        joined = services.JoinInput(old_enough=True, display_name="Pat Public", may_keep=True,
                                    audience=Visibility.PUBLIC)  # fmt: skip
        participant = services.join(workshop, joined)
        factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Print Choir")  # a link's end: a real record
        for kind, values in (
            (ContributionKind.PLACE, {"name": "Print Hall", "asset_kind": "place", "postcode": "CF24 0LZ"}),
            (ContributionKind.LINK, {"from_name": "Print Choir", "relation": "meets_at", "to_name": "Print Hall"}),
            (ContributionKind.STORY, {"text": "We painted the hall together"}),
        ):
            contribution = services.contribute(workshop, participant, kind, values)
            moderation.accept(workshop, contribution, {}, officer)
        moderation.close(workshop)
        db.session.commit()
        workshop_id = workshop.workshop_id
        db.session.remove()
    return workshop_id


def _page_size(pdf: bytes) -> tuple[float, float]:
    found = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert found is not None
    return float(found.group(1)), float(found.group(2))


def test_the_pack_prints_pictures_on_the_paper_chosen(page: Page, closed_workshop: int, people: factories.Cast) -> None:
    sign_in(page, people.officer_cardiff)
    page.goto(f"/workshops/{closed_workshop}")
    page.get_by_role("link", name="Print the pack: report, network, map and tables").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Printed session")
    assert_accessible(page)
    expect(page.locator("svg.print-network text", has_text="Print Choir")).to_have_count(1)

    page.emulate_media(media="print")
    expect(page.locator("svg.print-network")).to_be_visible()
    expect(page.locator("svg.print-map")).to_be_visible()
    expect(page.locator("svg.print-map circle")).to_have_count(1)
    expect(page.get_by_role("button", name="Print this pack")).to_be_hidden()
    expect(page.locator("#pack-stories")).to_contain_text("We painted the hall together")
    width, height = _page_size(page.pdf(prefer_css_page_size=True))
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4, in millimetres

    page.emulate_media(media="screen")
    page.get_by_role("link", name="A3").click()
    expect(page.locator(".print-pack")).to_have_attribute("data-paper", "a3")
    width, height = _page_size(page.pdf(prefer_css_page_size=True))
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (297, 420)  # A3
