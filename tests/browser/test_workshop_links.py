"""A whole room in Chromium, with CSRF on: a facilitator opens a session; two participants (two browsers,
no accounts, one in Welsh, both on 320 px phones) each add a place, a gift and a link whose ends they pick
by search; the facilitator accepts some and hides one; the projector (a third browser, never reloaded)
shows the accepted items, its network and map, and never the hidden one; the accepted link is a link in
the network data; and the participant who did not agree to keep their name is named nowhere."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.assets.models import AssetKind
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_workshops import PHONE, _fits, open_page, welsh  # noqa: F401 -- fixtures used by name
from tests.factories import CARDIFF, Cast

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("geodata")]
SECRET = "Gwenllian Secretname"


def _join(phone: Page, code: str, t: Callable[..., str], name: str, keep: bool) -> None:
    phone.goto("/join")
    phone.locator("#code").fill(code)
    phone.get_by_role("button", name=t("Join")).click()
    phone.get_by_label(t("13 or older")).check()
    phone.get_by_label(t("Your name (optional)")).fill(name)
    if keep:
        phone.get_by_label(t("Yes, it may be kept")).check()
        phone.get_by_label(t("Everyone (public)")).check()
    else:
        phone.get_by_label(t("No, only for today's session")).check()
    phone.get_by_role("button", name=t("Take part")).click()


def _send(phone: Page, t: Callable[..., str], kind: str, fields: dict[str, str]) -> None:
    what = t(kind)
    phone.get_by_text(t("Add: %(what)s", what=what)).click()
    form = phone.locator("form", has=phone.get_by_role("button", name=t("Send: %(what)s", what=what)))
    for label, value in fields.items():
        form.get_by_label(t(label), exact=True).fill(value)
    form.get_by_role("button", name=t("Send: %(what)s", what=what)).click()
    expect(phone.get_by_text(t("Sent. The facilitator will look at it soon."))).to_be_visible()


def _pick(phone: Page, t: Callable[..., str], label: str, typed: str, choice: str) -> None:
    """Type part of a name in an end's search box and choose the record from the results."""
    box = phone.get_by_label(t(label), exact=True)
    box.fill(typed)
    end = phone.locator(".link-end", has=box)
    end.get_by_role("button", name=re.compile(re.escape(choice))).click()
    expect(box).to_have_value(choice)
    expect(end.locator("[data-end-status]")).to_have_text(t("Chosen: %(name)s", name=choice))


def _open_link_form(phone: Page, t: Callable[..., str], relation: str) -> None:
    phone.get_by_text(t("Add: %(what)s", what=t("Link"))).click()
    phone.get_by_label(t("How they are connected")).select_option(relation)


def _lane(page: Page, text: str, button: str) -> None:
    """Press a button on the lane item holding ``text`` (a link's words, or a name or skill being corrected)."""
    typed = page.locator(".lane-item").filter(has=page.locator(f'input[value="{text}"]'))
    item = page.locator(".lane-item", has_text=text).or_(typed)
    item.first.get_by_role("button", name=button).click()


def test_two_participants_link_records_picked_by_search_and_the_projector_shows_the_room_live(
    app: Flask,
    page: Page,
    open_page: Callable[..., Page],  # noqa: F811 -- the fixture imported above
    people: Cast,
    welsh: Callable[..., str],  # noqa: F811 -- the fixture imported above
) -> None:
    with app.app_context():
        choir = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Splott Choir", name_cy="Côr Sblot")
        park = factories.make_asset(kind=AssetKind.PLACE, name_en="Moorland Park", latitude=51.478, longitude=-3.16)
        choir_key, park_key = f"asset:{choir.asset_id}", f"asset:{park.asset_id}"

    def english(msgid: str, **values: str) -> str:
        return msgid % values if values else msgid

    sign_in(page, people.officer_cardiff)
    page.goto("/workshops/new")
    page.get_by_label("Title").fill("Splott connections")
    page.get_by_label("Date").fill("2027-03-14")
    page.get_by_role("button", name="Create the workshop").click()
    code = page.locator(".join-code").inner_text().strip()
    page.get_by_role("button", name="Set to: Open").click()
    console_url = page.url

    projector = open_page()
    sign_in(projector, people.officer_cardiff)
    projector.goto(console_url + "/screen")
    expect(projector.locator("#screen-network")).to_have_attribute("data-rendered", "true")
    expect(projector.locator("#screen-map")).to_have_attribute("data-rendered", "true")

    ifan = open_page("cy", PHONE)  # agrees to keep, at public, in Welsh
    _join(ifan, code, welsh, "Ifan", keep=True)
    gwen = open_page("en", PHONE)  # does not agree: her name must never be stored or shown
    _join(gwen, code, english, SECRET, keep=False)
    _send(ifan, welsh, "Place or group", {"Name of the place or group": "Adamsdown Hall",
                                          "Postcode (if you know it)": "CF24 0LZ"})  # fmt: skip
    _send(ifan, welsh, "Gift or skill", {"Gift or skill": "Baking bread"})
    _send(gwen, english, "Place or group", {"Name of the place or group": "Gwen's secret den",
                                            "Postcode (if you know it)": "CF24 0LZ"})  # fmt: skip
    _send(gwen, english, "Gift or skill", {"Gift or skill": "Fixing bikes"})

    page.goto(console_url)
    _lane(page, "Adamsdown Hall", "Accept")
    expect(page.get_by_text("Accepted: it is on the screen now.")).to_be_visible()
    page.goto(console_url)
    _lane(page, "Gwen's secret den", "Hide")
    expect(page.get_by_text("Hidden: it will not be shown or kept.")).to_be_visible()

    # Ifan (Welsh) links the choir to the park, each end picked from the search results.
    _open_link_form(ifan, welsh, "meets_at")
    _pick(ifan, welsh, "This group, place or story", "Côr", "Côr Sblot")
    _pick(ifan, welsh, "That place or group", "Moorland", "Moorland Park")
    _fits(ifan)
    assert_accessible(ifan)
    ifan.get_by_role("button", name=welsh("Send: %(what)s", what=welsh("Link"))).click()
    expect(ifan.get_by_text(welsh("Sent. The facilitator will look at it soon."))).to_be_visible()
    # Gwen says she helps at the hall the room added today: the search offers it, marked as today's.
    _open_link_form(gwen, english, "i_help_at")
    expect(gwen.get_by_label("This group, place or story", exact=True)).to_be_hidden()
    _pick(gwen, english, "That place or group", "Adamsdown", "Adamsdown Hall")
    _fits(gwen)
    assert_accessible(gwen)
    gwen.get_by_role("button", name="Send: Link").click()
    expect(gwen.get_by_text("Sent. The facilitator will look at it soon.")).to_be_visible()

    page.goto(console_url)
    assert SECRET not in page.locator("body").inner_text()
    assert_accessible(page)
    for text in ("Baking bread", "Fixing bikes", "Moorland Park", "I help at"):
        page.goto(console_url)
        _lane(page, text, "Accept")
        expect(page.get_by_text("Accepted: it is on the screen now.")).to_be_visible()

    # The projector was never reloaded: its poll brings every accepted item, never the hidden one.
    items = projector.locator("#screen-items")
    expect(items.locator("li")).to_have_count(5, timeout=3000)
    expect(items).to_contain_text("Splott Choir — Meets at — Moorland Park")
    expect(items).to_contain_text("Someone here — I help at — Adamsdown Hall")
    expect(items).to_contain_text("Ifan")
    network = projector.locator("#screen-network")
    expect(network).to_have_attribute("data-room-edges", re.compile(r"^[1-9]"), timeout=3000)
    expect(projector.locator("#screen-map")).to_have_attribute("data-room-places", re.compile(r"^[2-9]"))
    rows = projector.locator("#screen-network-table tr", has_text="Moorland Park")
    expect(rows.locator("td").last).to_have_text("Yes")
    projector.get_by_text("The network as a table").click()
    projector.get_by_text("The places as a table").click()
    shown = projector.locator("body").inner_text()
    assert "secret den" not in shown
    assert SECRET not in shown
    assert_accessible(projector)

    # The accepted link is a link in the live network, and the name not kept is nowhere.
    graph = page.request.get(f"/network/graph.json?focus={choir_key}&radius=1").json()
    assert [choir_key, park_key] in graph["edges"] or [park_key, choir_key] in graph["edges"]
    everything = page.request.get(f"/network/graph.json?la={CARDIFF}").text()
    screen = projector.request.get(console_url + "/screen.json").text()
    export = page.request.get(console_url + "/export.csv").text()
    page.goto(console_url)
    for seen in (everything, screen, export, page.locator("body").inner_text()):
        assert SECRET not in seen
        assert "Gwenllian" not in seen
    assert "Fixing bikes" in export
