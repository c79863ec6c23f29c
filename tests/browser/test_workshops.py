"""A workshop in Chromium, with CSRF on: a facilitator plans and opens a session, a participant in a second
browser (no account) joins by code in Welsh on a 320 px phone and adds a place, the facilitator accepts it,
and the projector in a third browser shows it without a reload; a hidden item never reaches it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import Browser, Page, Request, Route, expect

from tests.browser.conftest import LEAVING_THE_MACHINE, TIMEOUT_MS, BrowserLog, assert_accessible, sign_in
from tests.factories import Cast

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("geodata")]
PHONE = {"width": 320, "height": 640}


@pytest.fixture
def welsh(app: Flask) -> Callable[[str], str]:
    """The app's Welsh for a msgid, from the compiled catalogue (English until the lead merges cy_workshops.json)."""

    def translate(msgid: str, **values: str) -> str:
        with app.test_request_context(), force_locale("cy"):
            return str(gettext(msgid, **values))

    return translate


@pytest.fixture
def open_page(browser: Browser, live_server: str, browser_log: BrowserLog, page: Page) -> Iterator[Callable[..., Page]]:
    """Another person's browser (a new context: its own cookies), logged like ``page``."""
    contexts = []

    def _open(language: str = "en", viewport: dict[str, int] | None = None) -> Page:
        context = browser.new_context(base_url=live_server, locale="en-GB", viewport=viewport)  # type: ignore[arg-type]
        context.set_default_timeout(TIMEOUT_MS)
        context.add_cookies([{"name": "lang", "value": language, "url": live_server}])

        def block_external(route: Route, request: Request) -> None:
            browser_log.external_requests.append(request.url)
            route.abort()

        context.route(LEAVING_THE_MACHINE, block_external)
        opened = context.new_page()
        opened.on("console", lambda m: m.type == "error" and browser_log.console_errors.append(m.text))
        opened.on("pageerror", lambda error: browser_log.page_errors.append(str(error)))
        contexts.append(context)
        return opened

    yield _open
    for context in contexts:
        context.close()


def _fits(page: Page) -> None:
    """Nothing wider than the phone: no sideways scrolling at 320 px."""
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_room_adds_a_place_and_the_projector_shows_it_without_reload(
    page: Page, open_page: Callable[..., Page], people: Cast, welsh: Callable[..., str]
) -> None:
    sign_in(page, people.officer_cardiff)
    page.goto("/workshops/new")
    page.get_by_label("Title").fill("Adamsdown strengths")
    page.get_by_label("Date").fill("2027-03-14")
    page.get_by_role("button", name="Create the workshop").click()
    code = page.locator(".join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    page.get_by_role("button", name="Set to: Open").click()
    expect(page.get_by_text("Open", exact=True)).to_be_visible()
    assert_accessible(page)
    console_url = page.url

    projector = open_page()
    sign_in(projector, people.officer_cardiff)
    projector.goto(console_url + "/screen")
    expect(projector.locator("#screen-items li")).to_have_count(0)
    expect(projector.locator("svg.qr-code")).to_be_visible()
    assert_accessible(projector)

    phone = open_page("cy", PHONE)
    phone.goto("/join")
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    _fits(phone)
    phone.locator("#code").fill(code.lower())
    phone.get_by_role("button", name=welsh("Join")).click()
    phone.get_by_label(welsh("13 or older")).check()
    phone.get_by_label(welsh("Your name (optional)")).fill("Ifan")
    phone.get_by_label(welsh("Yes, it may be kept")).check()
    phone.get_by_label(welsh("Everyone (public)")).check()
    _fits(phone)
    assert_accessible(phone)
    phone.get_by_role("button", name=welsh("Take part")).click()
    place = welsh("Place or group")
    phone.get_by_text(welsh("Add: %(what)s", what=place)).click()
    phone.get_by_label(welsh("Name of the place or group")).fill("Adamsdown Hall")
    phone.get_by_label(welsh("Postcode (if you know it)")).fill("CF24 0LZ")
    _fits(phone)
    assert_accessible(phone)
    phone.get_by_role("button", name=welsh("Send: %(what)s", what=place)).click()
    expect(phone.get_by_text(welsh("Sent. The facilitator will look at it soon."))).to_be_visible()
    # The console, open all along, says more is waiting without reloading under the facilitator's hands.
    expect(page.locator("#lane-news")).to_have_text(
        "More contributions have arrived: refresh the page to see them.", timeout=5000
    )
    phone.get_by_text(welsh("Add: %(what)s", what=welsh("Story"))).click()
    phone.get_by_label(welsh("Your story")).fill("Something the room should not see")
    phone.get_by_role("button", name=welsh("Send: %(what)s", what=welsh("Story"))).click()
    expect(phone.get_by_text(welsh("Sent. The facilitator will look at it soon."))).to_be_visible()

    page.goto(console_url)
    assert_accessible(page)
    story = page.locator(".lane-item", has_text="Story")
    story.get_by_role("button", name="Hide").click()
    expect(page.get_by_text("Hidden: it will not be shown or kept.")).to_be_visible()
    hall = page.locator(".lane-item", has_text="Place or group")
    expect(hall.get_by_label("Name")).to_have_value("Adamsdown Hall")
    hall.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted: it is on the screen now.")).to_be_visible()

    # The projector was never reloaded: its poll brings the accepted place, and never the hidden story.
    expect(projector.locator("#screen-items li")).to_have_count(1, timeout=3000)
    expect(projector.locator("#screen-items")).to_contain_text("Adamsdown Hall")
    expect(projector.locator("#screen-items")).to_contain_text("Ifan")
    assert "should not see" not in projector.locator("body").inner_text()
    assert_accessible(projector)

    page.get_by_role("button", name="5 minutes", exact=True).click()
    expect(projector.locator("#screen-timer")).to_have_text(re.compile(r"^4:5\d|^5:00$"), timeout=3000)
    page.get_by_role("button", name="Set to: Paused").click()
    expect(projector.locator("#screen-state")).to_have_attribute("data-state", "paused", timeout=3000)
