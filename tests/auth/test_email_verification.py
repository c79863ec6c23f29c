"""Email verification: until a new account proves its address, "signed-in members" does not include it."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient

from abcd.auth.models import User
from abcd.extensions import db
from abcd.models_base import Visibility
from abcd.people.visibility import ANONYMOUS, MEMBER, Viewer
from tests import factories
from tests.conftest import login
from tests.mailserver import Mailbox, link_in
from tests.rendered_forms import submit

PASSWORD = "a long enough passphrase"


def _register(client: FlaskClient, email: str) -> None:
    page = client.get("/auth/register")
    fill = {"display_name": "Newcomer", "email": email, "password": PASSWORD, "confirm": PASSWORD, "over_13": True}
    assert submit(client, page, action="/auth/register", fill=fill).status_code == 302
    login(client, email, PASSWORD)  # sign-up never signs in: its answer must not say whether the address was new


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_members_only_listing_needs_a_verified_address(app: Flask, client: FlaskClient, mailbox: Mailbox) -> None:
    with app.app_context():
        factories.make_person(display_name="Members Only Mair", visibility=Visibility.MEMBERS)
    _register(client, "new@example.org")
    assert "Members Only Mair" not in client.get("/people/skills?q=").get_data(as_text=True)
    with app.app_context():
        person = db.session.query(factories.Person).filter_by(display_name="Members Only Mair").one()
        assert client.get(f"/people/{person.person_id}").status_code == 404

    link = link_in(mailbox.wait_for("new@example.org")[0], "/auth/verify/")
    page = client.get(_path(link))
    assert "Confirm that new@example.org is your email address." in page.get_data(as_text=True)
    with app.app_context():  # opening the link (as a mail scanner would) proves nothing by itself
        assert db.session.query(User).filter_by(email="new@example.org").one().email_verified_at is None
    assert submit(client, page, button="Confirm my email address").status_code == 302

    with app.app_context():
        assert db.session.query(User).filter_by(email="new@example.org").one().email_verified_at is not None
    assert client.get(f"/people/{person.person_id}").status_code == 200


def test_viewer_of_unverified_resident_is_anonymous_but_sees_themselves(app: Flask) -> None:
    with app.app_context():
        unproven = factories.make_user(email="unproven@example.org", email_verified_at=None)
        proven = factories.make_user(email="proven@example.org")
        officer = factories.make_user(factories.Role.OFFICER, factories.CARDIFF, email_verified_at=None)
        assert Viewer.of(unproven, person_id=7) == Viewer(ANONYMOUS, unproven.user_id, 7)
        assert Viewer.of(proven).clearance == MEMBER
        assert Viewer.of(officer).clearance > MEMBER  # staff accounts are vouched for by an administrator


def test_verification_link_for_an_old_address_or_forged_is_refused(
    app: Flask, client: FlaskClient, mailbox: Mailbox
) -> None:
    _register(client, "first@example.org")
    link = link_in(mailbox.wait_for("first@example.org")[0], "/auth/verify/")
    with app.app_context():
        user = db.session.query(User).filter_by(email="first@example.org").one()
        user.email = "second@example.org"
        db.session.commit()
    assert "This link no longer works" in client.get(_path(link)).get_data(as_text=True)
    assert "This link no longer works" in client.get("/auth/verify/forged.token").get_data(as_text=True)


def test_resend_from_email_settings(app: Flask, client: FlaskClient, mailbox: Mailbox) -> None:
    _register(client, "again@example.org")
    mailbox.wait_for("again@example.org")
    page = client.get("/auth/email")
    assert "Your address is not confirmed yet" in page.get_data(as_text=True)
    submit(client, page, button="Send me a new confirmation link")
    assert len(mailbox.wait_for("again@example.org", count=2)) == 2


def test_notice_emails_can_be_turned_off(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        factories.make_user(email="quiet@example.org")
    client.post("/auth/login", data={"email": "quiet@example.org", "password": factories.PASSWORD})
    page = client.get("/auth/email")
    assert "Your address is confirmed." in page.get_data(as_text=True)
    submit(client, page, button="Save", fill={"email_notices": False})
    with app.app_context():
        assert db.session.query(User).filter_by(email="quiet@example.org").one().email_notices is False


def test_unverified_account_gets_every_signed_in_page_without_error(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        factories.make_user(email="unproven@example.org", email_verified_at=None)
    client.post("/auth/login", data={"email": "unproven@example.org", "password": factories.PASSWORD})
    for url in ("/network/", "/network/graph.json", "/network/strengths", "/network/paths", "/people/skills",
                "/maps/people.geojson", "/people/me", "/auth/email"):  # fmt: skip
        assert client.get(url).status_code == 200, url
