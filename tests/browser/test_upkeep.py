"""Upkeep in Chromium, with CSRF on: the one-click link confirmed, a report sent, the officer's list
bulk-confirmed; every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from playwright.sync_api import Page

from abcd.extensions import db
from abcd.models_base import utcnow
from abcd.upkeep.models import AssetCheck
from abcd.upkeep.reminders import send_reminders
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import Cast
from tests.mailserver import Mailbox, link_in
from tests.upkeep.records import LONG_AGO, group_with_organiser


def test_owner_confirms_by_the_emailed_link_in_a_browser(page: Page, app: Flask, mailbox: Mailbox) -> None:
    with app.app_context():
        asset_id, owner_id = group_with_organiser()
    with app.test_request_context():
        send_reminders()
        db.session.commit()
    link = urlsplit(link_in(mailbox.wait_for("organiser@example.org")[0], "/upkeep/still-correct/"))
    page.goto(link.path)
    assert_accessible(page)
    page.get_by_role("button", name="Yes, it is still correct").click()
    page.get_by_role("heading", name="Thank you: the record is marked as checked").wait_for()
    assert_accessible(page)
    with app.app_context():
        check = db.session.get(AssetCheck, asset_id)
        assert check is not None
        assert check.checked_by_id == owner_id


def test_report_then_officer_bulk_confirms(page: Page, app: Flask, people: Cast) -> None:
    with app.app_context():
        stale = factories.make_asset(name_en="Aardvark Hall", created_at=utcnow() - LONG_AGO).asset_id
    page.goto(f"/assets/{stale}")
    assert page.get_by_text("Needs checking").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Report that this is out of date").click()
    assert_accessible(page)
    page.get_by_label("What is out of date?").fill("The hall closed last month.")
    page.get_by_role("button", name="Send the report").click()
    page.get_by_text("community officers will check").wait_for()

    sign_in(page, people.officer_cardiff)
    page.goto("/upkeep/")
    assert page.get_by_text("The hall closed last month.").is_visible()
    assert_accessible(page)
    page.get_by_label("Still correct: Aardvark Hall").check()
    page.get_by_role("button", name="Mark the ticked records as checked").click()
    page.get_by_text("Marked 1 record as checked today.").wait_for()
    assert_accessible(page)
    with app.app_context():
        check = db.session.get(AssetCheck, stale)
        assert check is not None
        assert check.checked_how == "bulk"
