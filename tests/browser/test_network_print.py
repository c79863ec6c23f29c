"""Printing the network page keeps its diagram: print media shows a plain SVG copy of what was drawn (every
node, names as text) in place of the WebGL canvas, and Chromium's PDF of the page carries it."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.network import refresh
from tests import factories
from tests.browser.conftest import sign_in
from tests.network.builders import MEMBERS, join, link_assets, make_person


@pytest.fixture
def choir(app: Flask, people: factories.Cast) -> int:
    with app.app_context():
        choir = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Printed Choir", ward_code=factories.CATHAYS)
        hall = factories.make_asset(name_en="Printed Hall", ward_code=factories.CATHAYS)
        db.session.commit()
        join(make_person("Petra Printed", MEMBERS), choir.asset_id)
        link_assets(choir.asset_id, hall.asset_id)
        refresh.refresh_metrics()
        db.session.commit()
        choir_id = choir.asset_id
        db.session.remove()
    return choir_id


def test_printing_the_network_page_keeps_the_diagram(page: Page, choir: int, people: factories.Cast) -> None:
    sign_in(page, people.officer_cardiff)
    page.goto(f"/network/?focus=asset:{choir}&radius=2")
    canvas = page.locator("#network-canvas")
    expect(canvas).to_have_attribute("data-rendered", "true")
    nodes = int(canvas.get_attribute("data-nodes") or 0)
    assert nodes >= 3
    printed = page.locator("svg.network-print")
    expect(printed).to_be_hidden()  # on screen the live diagram is the one to use

    page.emulate_media(media="print")

    expect(printed).to_be_visible()
    expect(canvas).to_be_hidden()
    expect(printed.locator("circle")).to_have_count(nodes)
    expect(printed.locator("text", has_text="Printed Choir")).to_have_count(1)
    box = printed.bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 200
    expect(page.locator("#network-legend")).to_be_visible()
    expect(page.locator("form.filters").first).to_be_hidden()


def test_the_pdf_of_the_network_page_draws_the_diagram(page: Page, choir: int, people: factories.Cast) -> None:
    sign_in(page, people.officer_cardiff)
    page.goto(f"/network/?focus=asset:{choir}&radius=2")
    expect(page.locator("#network-canvas")).to_have_attribute("data-rendered", "true")
    expect(page.locator("svg.network-print")).to_have_count(1)
    with_diagram = page.pdf(format="A4")
    # What printing did before: the whole diagram area left out (the copy is redrawn before each print).
    page.evaluate("document.querySelector('.network-layout').remove()")
    without = page.pdf(format="A4")
    assert with_diagram.startswith(b"%PDF")
    # The diagram is drawn as vectors: its circles, lines and names make the PDF measurably larger.
    assert len(with_diagram) > len(without) + 500, (len(with_diagram), len(without))
    assert re.search(rb"/Type\s*/Page\b", with_diagram)
