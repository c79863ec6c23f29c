"""Email that reaches people, in Chromium, in English and Welsh: resetting a forgotten password and
proving an email address, with the messages delivered to the test SMTP server; and the pages of an
officer-recorded person's informed confirmation. axe finds nothing on any of them."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import Page, expect

from abcd.auth.models import Role
from abcd.extensions import db
from abcd.models_base import Visibility
from tests import factories
from tests.browser.conftest import BrowserLog, assert_accessible, sign_in
from tests.mailserver import Mailbox, link_in

NEW_PASSWORD = "a brand new passphrase"


def said(app: Flask, language: str, text: str, **values: str) -> str:
    with app.test_request_context(), force_locale(language):
        return gettext(text, **values)


def _submit(page: Page) -> None:
    page.locator("main form button[type=submit]").first.click()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_password_reset_journey(page: Page, app: Flask, mailbox: Mailbox, language: str) -> None:
    email = f"forgetful-{language}@example.org"
    with app.app_context():
        factories.make_user(email=email, locale=language)
        db.session.remove()
    page.goto(f"/auth/login?lang={language}")
    page.get_by_role("link", name=said(app, language, "Forgotten your password?")).click()
    expect(page.locator("h1")).to_have_text(said(app, language, "Forgotten your password?"))
    assert_accessible(page)
    page.locator("#email").fill(email)
    _submit(page)
    expect(page.locator("h1")).to_have_text(said(app, language, "Check your email"))
    assert_accessible(page)

    [message] = mailbox.wait_for(email)
    assert message["Content-Language"] == language
    assert message["Subject"] == said(app, language, "Reset your Community Strengths password")
    page.goto(link_in(message, "/auth/reset/"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_have_text(said(app, language, "Choose a new password"))
    assert_accessible(page)
    page.locator("#password").fill(NEW_PASSWORD)
    page.locator("#confirm").fill(NEW_PASSWORD)
    _submit(page)
    expect(
        page.get_by_text(said(app, language, "Your password was changed. Sign in with your new password."))
    ).to_be_visible()

    page.locator("#email").fill(email)
    page.locator("#password").fill(factories.PASSWORD)  # the old password no longer works
    _submit(page)
    expect(page.get_by_text(said(app, language, "The email address or password is not right.")).first).to_be_visible()
    page.locator("#email").fill(email)
    page.locator("#password").fill(NEW_PASSWORD)
    _submit(page)
    expect(page.get_by_text(said(app, language, "You are signed in.")).first).to_be_visible()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_email_verification_journey(
    page: Page, app: Flask, mailbox: Mailbox, browser_log: BrowserLog, language: str
) -> None:
    email = f"newcomer-{language}@example.org"
    with app.app_context():
        member = factories.make_person(display_name="Members-only Mererid", visibility=Visibility.MEMBERS)
        member_url = f"/people/{member.person_id}"
        db.session.remove()
    page.goto(f"/auth/register?lang={language}")
    page.locator("#display_name").fill("Newcomer")
    page.locator("#email").fill(email)
    page.locator("#password").fill(NEW_PASSWORD)
    page.locator("#confirm").fill(NEW_PASSWORD)
    page.locator("#over_13").check()
    _submit(page)
    # Sign-up answers alike for new and taken addresses, and never signs in: the newcomer signs in next.
    expect(
        page.get_by_text(
            said(app, language, "If that address can be used, we have sent a message to it. Then sign in here.")
        )
    ).to_be_visible()
    page.locator("#email").fill(email)
    page.locator("#password").fill(NEW_PASSWORD)
    _submit(page)

    response = page.goto(member_url)  # a members-only listing: not for an unproven address
    assert response is not None
    assert response.status == 404
    browser_log.console_errors.clear()  # that 404 was the point; Chromium logs every one as an error

    page.goto("/auth/email")
    assert_accessible(page)
    [message] = mailbox.wait_for(email)
    assert message["Content-Language"] == language
    assert message["Subject"] == said(app, language, "Confirm your email address for Community Strengths")
    page.goto(link_in(message, "/auth/verify/"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
    page.get_by_role("button", name=said(app, language, "Confirm my email address")).click()
    expect(page.get_by_text(said(app, language, "Thank you: your email address is confirmed.")).first).to_be_visible()

    page.goto(member_url)
    expect(page.locator("h1")).to_have_text("Members-only Mererid")


def test_informed_confirmation_pages(page: Page, app: Flask, mailbox: Mailbox) -> None:
    with app.app_context():
        admin = factories.make_user(Role.ADMIN, email="printing-admin@example.org")
        recorded, _token = factories.make_recorded_person()
        recorded.contact_email = "recorded@example.org"
        db.session.commit()
        person_url, admin_email = f"/people/{recorded.person_id}", admin.email
        db.session.remove()
    sign_in(page, admin_email)
    page.goto(person_url)
    page.get_by_role("button", name="Issue a new personal link").click()
    expect(page.locator("svg.qr-code").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Log out").or_(page.get_by_role("button", name="Sign out")).first.click()

    link = link_in(mailbox.wait_for("recorded@example.org")[0], "/people/confirm/")
    page.goto(link)
    assert_accessible(page)
    page.locator("#over_13").check()
    page.locator("#consent").check()
    page.get_by_role("button", name="Confirm with these choices").click()
    expect(page.locator("h1")).to_have_text("Your listing is confirmed")
    assert_accessible(page)
    page.locator(".token-link a").click()
    expect(page.locator("h1")).to_have_text("Your listing")
    assert_accessible(page)
