"""Drafts and suggestions are found in the directory by status, by their authors and their authority's
officers only; the public directory never lists an unpublished record."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetStatus
from abcd.auth.models import Role
from tests import factories
from tests.conftest import login
from tests.factories import NEWPORT, Cast
from tests.rendered_forms import rendered_form, submit


def _as(app: Flask, email: str | None) -> FlaskClient:
    client = app.test_client()
    if email:
        login(client, email)
    return client


def _records(app: Flask, people: Cast) -> None:
    with app.app_context():
        factories.make_asset(name_en="Published Hall")
        factories.make_asset(name_en="Cardiff Draft", status=AssetStatus.DRAFT)
        factories.make_asset(name_en="Newport Draft", status=AssetStatus.DRAFT, la_code=NEWPORT)
        factories.make_asset(name_en="My Suggestion", status=AssetStatus.PENDING, created_by_id=people.ids["resident"])
        factories.make_asset(name_en="Their Suggestion", status=AssetStatus.PENDING)


def _filter(client: FlaskClient, status: str) -> str:
    page = client.get("/assets/")
    return submit(client, page, button="Apply filters", fill={"status": status}).get_data(as_text=True)


def test_officers_find_their_authoritys_drafts(app: Flask, people: Cast) -> None:
    _records(app, people)
    text = _filter(_as(app, people.officer_cardiff), "draft")
    assert "Cardiff Draft" in text
    assert "Newport Draft" not in text
    assert "Published Hall" not in text
    admin_text = _filter(_as(app, people.admin), "draft")
    assert "Newport Draft" in admin_text


def test_authors_find_their_own_suggestions_only(app: Flask, people: Cast) -> None:
    _records(app, people)
    text = _filter(_as(app, people.resident), "pending")
    assert "My Suggestion" in text
    assert "Their Suggestion" not in text
    assert "Cardiff Draft" not in _filter(_as(app, people.resident), "draft")


def test_the_status_control_is_offered_only_to_those_who_may_use_it(app: Flask, people: Cast) -> None:
    _records(app, people)
    with app.app_context():
        factories.make_user(Role.RESIDENT, email="nobody@example.org")
    for email, offered in (
        (people.officer_cardiff, True), (people.resident, True), ("nobody@example.org", False), (None, False)
    ):  # fmt: skip
        form = rendered_form(_as(app, email).get("/assets/").get_data(as_text=True), button="Apply filters")
        assert ("status" in form.names) is offered, email


def test_the_public_directory_never_lists_unpublished_records(app: Flask, people: Cast) -> None:
    _records(app, people)
    for email in (None, "nobody@example.org"):
        with app.app_context():
            if email:
                factories.make_user(Role.RESIDENT, email=email)
        client = _as(app, email)
        for status in ("draft", "pending", "archived", "nonsense"):
            text = client.get(f"/assets/?status={status}").get_data(as_text=True)
            if email is None:
                assert "Published Hall" in text  # a status filter means nothing to the public
            for hidden in ("Cardiff Draft", "Newport Draft", "My Suggestion", "Their Suggestion"):
                assert hidden not in text
