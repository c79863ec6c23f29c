"""Resetting a forgotten password: a single-use, expiring link by email, the same answer for every address."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import URLSafeTimedSerializer

from abcd.auth.models import User
from abcd.auth.recovery import RESET_SALT
from abcd.extensions import db
from tests import factories
from tests.mailserver import Mailbox, link_in, text_of
from tests.rendered_forms import submit

NEW_PASSWORD = "a completely new passphrase"


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _ask_for_reset(client: FlaskClient, email: str) -> str:
    page = client.get("/auth/login")
    forgot = client.get(_link_on(page.get_data(as_text=True), "/auth/forgot"))
    response = submit(client, forgot, action="/auth/forgot", fill={"email": email})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _link_on(html: str, path: str) -> str:
    assert f'href="{path}' in html, f"no link to {path}"
    return path


def _signs_in(client: FlaskClient, email: str, password: str) -> bool:
    client.post("/auth/logout")
    response = client.post("/auth/login", data={"email": email, "password": password})
    return response.status_code == 302


def test_reset_end_to_end_in_the_users_language(app: Flask, client: FlaskClient, mailbox: Mailbox) -> None:
    with app.app_context():
        factories.make_user(email="gwen@example.org", display_name="Gwen", locale="cy")
    answer = _ask_for_reset(client, "Gwen@Example.org ")
    [message] = mailbox.wait_for("gwen@example.org")
    with app.test_request_context(), force_locale("cy"):
        assert message["Subject"] == _("Reset your Community Strengths password")
    assert message["Content-Language"] == "cy"
    assert "Cryfderau Cymunedol" in text_of(message)  # the Welsh name of the site, in the signature
    link = link_in(message, "/auth/reset/")
    assert "lang=cy" in link  # the page opens in Welsh too

    page = client.get(_path(link))
    assert page.status_code == 200
    fill = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    response = submit(client, page, action=urlsplit(link).path, fill=fill)
    assert response.status_code == 302
    assert _signs_in(client, "gwen@example.org", NEW_PASSWORD)
    assert not _signs_in(client, "gwen@example.org", factories.PASSWORD)
    # The link is spent: it opens a "no longer works" page and cannot set a password again.
    again = client.get(_path(link))
    with app.test_request_context(), force_locale("cy"):
        assert _("This link no longer works") in again.get_data(as_text=True)
    assert client.post(_path(link), data={"password": "x" * 20, "confirm": "x" * 20}).status_code == 200
    assert _signs_in(client, "gwen@example.org", NEW_PASSWORD)
    # The owner is told the password changed.
    assert len(mailbox.wait_for("gwen@example.org", count=2)) == 2
    assert answer


def test_unknown_address_gets_the_same_answer_and_no_email(app: Flask, client: FlaskClient, mailbox: Mailbox) -> None:
    with app.app_context():
        factories.make_user(email="known@example.org")
    known = _ask_for_reset(client, "known@example.org").replace("known@example.org", "ADDRESS")
    unknown = _ask_for_reset(client, "nobody@example.org").replace("nobody@example.org", "ADDRESS")
    assert known == unknown
    assert "If ADDRESS has an account" in known
    mailbox.wait_for("known@example.org")
    assert mailbox.to("nobody@example.org") == []


def test_expired_or_forged_reset_link_is_refused(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        user = factories.make_user(email="late@example.org")
        old = URLSafeTimedSerializer("test-secret", salt=RESET_SALT)
        forged = URLSafeTimedSerializer("not-the-secret", salt=RESET_SALT).dumps({"u": user.user_id, "p": "x"})
        stale = old.dumps({"u": user.user_id, "p": "0" * 16})
    for token in (forged, stale, "nonsense", "x" * 600):
        page = client.get(f"/auth/reset/{token}")
        assert page.status_code == 200
        assert "This link no longer works" in page.get_data(as_text=True)


def test_reset_link_expires(make_app: object, mailbox: Mailbox) -> None:
    short = make_app(PASSWORD_RESET_MAX_AGE=-1)  # type: ignore[operator]
    with short.app_context():
        factories.make_user(email="slow@example.org")
    client = short.test_client()
    client.post("/auth/forgot", data={"email": "slow@example.org"})
    link = link_in(mailbox.wait_for("slow@example.org")[0], "/auth/reset/")
    assert "This link no longer works" in client.get(_path(link)).get_data(as_text=True)


def test_reset_requests_are_rate_limited_per_address(make_app: object, mailbox: Mailbox) -> None:
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_PASSWORD_RESET="2 per minute")  # type: ignore[operator]
    client = limited.test_client()
    statuses = [client.post("/auth/forgot", data={"email": "x@example.org"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_disabled_account_gets_no_reset_email(app: Flask, client: FlaskClient, mailbox: Mailbox) -> None:
    with app.app_context():
        factories.make_user(email="off@example.org", is_enabled=False)
        factories.make_user(email="on@example.org")
    client.post("/auth/forgot", data={"email": "off@example.org"})
    client.post("/auth/forgot", data={"email": "on@example.org"})
    mailbox.wait_for("on@example.org")
    assert mailbox.to("off@example.org") == []
    with app.app_context():
        assert db.session.query(User).count() == 2
