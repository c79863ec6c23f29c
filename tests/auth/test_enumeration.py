"""Nobody learns whether an address has an account: sign-up answers the same for a taken address and a
new one (and tells the owner), and sign-in does the same password-hash work for unknown addresses
(issue 11, defect 8)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from abcd.auth.services import find_user_by_email
from abcd.extensions import db
from abcd.notices.models import Notice
from tests import factories
from tests.conftest import login
from tests.factories import Cast
from tests.rendered_forms import submit

PASSWORD = "a long enough passphrase"


def _register(client: FlaskClient, email: str) -> TestResponse:
    page = client.get("/auth/register")
    fill = {"display_name": "Newcomer", "email": email, "password": PASSWORD, "confirm": PASSWORD, "over_13": True}
    return submit(client, page, action="/auth/register", fill=fill, follow_redirects=True)


def _answer(response: TestResponse) -> str:
    """What the visitor is told, without the form's own echo of what they typed."""
    html = response.get_data(as_text=True)
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def scrypt_calls(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """Counts scrypt derivations: the slow, deliberate work that made a known address take 0.4 s."""
    real = hashlib.scrypt
    calls: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)

    def count() -> int:
        taken = len(calls)
        calls.clear()
        return taken

    return count


def test_sign_up_gives_the_same_answer_for_a_taken_address(client: FlaskClient, app: Flask, people: Cast) -> None:
    fresh = _register(client, "brand-new@example.org")
    other = app.test_client()
    taken = _register(other, people.resident)
    assert fresh.status_code == taken.status_code == 200
    assert fresh.request.path == taken.request.path == "/auth/login"
    assert _answer(fresh) == _answer(taken)
    assert "If that address can be used, we have sent a message to it." in _answer(taken)
    assert "already exists" not in taken.get_data(as_text=True)
    assert client.get("/notices/").status_code == 302  # nobody is signed in by the answer itself
    with app.app_context():
        assert find_user_by_email("brand-new@example.org") is not None


def test_the_owner_of_a_taken_address_is_told(client: FlaskClient, app: Flask, people: Cast) -> None:
    _register(client, people.resident.upper())
    with app.app_context():
        notices = db.session.scalars(sa.select(Notice).where(Notice.user_id == people.ids["resident"])).all()
        assert [n.subject for n in notices] == ["Someone tried to create an account with your email address"]
        user = find_user_by_email(people.resident)
        assert user is not None
        assert user.display_name != "Newcomer"  # nothing about the account changed
    login(client, people.resident)  # the owner's password still works


def test_a_new_account_signs_in_with_its_password(client: FlaskClient) -> None:
    _register(client, "newcomer@example.org")
    login(client, "newcomer@example.org", PASSWORD)
    assert "Signed in as Newcomer" in client.get("/").get_data(as_text=True)


def test_sign_up_does_the_same_hash_work_for_a_taken_address(
    client: FlaskClient, people: Cast, scrypt_calls: Callable[[], int]
) -> None:
    client.get("/auth/register")
    _register(client, "first-time@example.org")
    new_work = scrypt_calls()
    _register(client, people.resident)
    assert scrypt_calls() == new_work >= 1


def test_sign_in_does_the_same_hash_work_for_unknown_and_disabled_addresses(
    client: FlaskClient, app: Flask, scrypt_calls: Callable[[], int]
) -> None:
    with app.app_context():
        factories.make_user(email="known@example.org")
        factories.make_user(email="disabled@example.org", is_enabled=False)
    client.post("/auth/login", data={"email": "warm-up@example.org", "password": "x"})
    scrypt_calls()
    work = {}
    for email in ("known@example.org", "nobody@example.org", "disabled@example.org"):
        client.post("/auth/login", data={"email": email, "password": "a wrong password"})
        work[email] = scrypt_calls()
    assert work == {"known@example.org": 1, "nobody@example.org": 1, "disabled@example.org": 1}
