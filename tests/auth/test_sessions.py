"""Ending sessions: sign-out, a new password and disabling an account end every session of that user,
including a copied session cookie (issue 11, defect 9)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from abcd.auth.models import User
from abcd.extensions import db
from tests.conftest import login
from tests.factories import Cast
from tests.rendered_forms import submit

PRIVATE = "/notices/"  # any page that needs an account


def _signed_in(client: FlaskClient) -> bool:
    return client.get(PRIVATE).status_code == 200


def _copy_of(client: FlaskClient, app: Flask) -> FlaskClient:
    """Another browser holding a copy of this one's session cookie."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def test_sign_out_ends_a_copied_session_cookie(client: FlaskClient, app: Flask, people: Cast) -> None:
    login(client, people.resident)
    thief = _copy_of(client, app)
    assert _signed_in(thief)
    client.post("/auth/logout")
    assert not _signed_in(client)
    assert thief.get(PRIVATE).headers["Location"].startswith("/auth/login")


def test_sign_out_on_one_device_ends_the_others(client: FlaskClient, app: Flask, people: Cast) -> None:
    phone = app.test_client()
    login(client, people.resident)
    login(phone, people.resident)
    phone.post("/auth/logout")
    assert not _signed_in(client)


def test_a_new_password_ends_every_session(client: FlaskClient, app: Flask, people: Cast) -> None:
    login(client, people.resident)
    with app.app_context():
        user = db.session.get(User, people.ids["resident"])
        assert user is not None
        user.set_password("a completely new passphrase")
        db.session.commit()
    assert not _signed_in(client)
    login(client, people.resident, "a completely new passphrase")
    assert _signed_in(client)


def test_disabling_an_account_ends_its_sessions(client: FlaskClient, app: Flask, people: Cast) -> None:
    login(client, people.resident)
    admin = app.test_client()
    login(admin, people.admin)
    url = f"/admin/users/{people.ids['resident']}"
    response = submit(admin, admin.get(url), action=url, fill={"is_enabled": False})
    assert response.status_code == 302
    assert not _signed_in(client)
    # Enabling it again later does not bring back a session (or a stolen cookie) from before.
    submit(admin, admin.get(url), action=url, fill={"is_enabled": True})
    assert not _signed_in(client)


def test_signing_in_again_after_sign_out_works(client: FlaskClient, people: Cast) -> None:
    login(client, people.resident)
    client.post("/auth/logout")
    login(client, people.resident)
    assert _signed_in(client)
