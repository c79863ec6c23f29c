"""Joining and contributing without an account are rate limited: joins per address (generous, since a hall
shares one), contributions per participant (so one phone cannot flood the lane, nor starve its neighbours)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from abcd.extensions import db
from abcd.workshops.models import Workshop, WorkshopState
from tests.factories import CARDIFF, Cast
from tests.rendered_forms import submit

JOIN = {"age": "13plus", "keep": "no"}


def _workshop(app: Flask) -> str:
    with app.app_context():
        workshop = Workshop(
            title="Limits", held_on=date(2027, 1, 1), la_code=CARDIFF, join_code="LMTS34", state=WorkshopState.OPEN
        )
        db.session.add(workshop)
        db.session.commit()
    return "LMTS34"


def test_joins_are_limited_per_address(app: Flask, people: Cast, make_app: Callable[..., Flask]) -> None:
    code = _workshop(app)
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_WORKSHOP_JOINS="2 per minute")
    statuses = []
    for _ in range(3):
        phone = limited.test_client()
        statuses.append(submit(phone, phone.get(f"/join/{code}"), button="Take part", fill=JOIN).status_code)
    assert statuses == [302, 302, 429]


def test_contributions_are_limited_per_participant(app: Flask, people: Cast, make_app: Callable[..., Flask]) -> None:
    code = _workshop(app)
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_WORKSHOP_CONTRIBUTIONS="2 per minute")
    first, second = limited.test_client(), limited.test_client()
    for phone in (first, second):
        submit(phone, phone.get(f"/join/{code}"), button="Take part", fill=JOIN)

    def send(phone: FlaskClient) -> int:
        page = phone.get(f"/join/{code}/add")
        return submit(
            phone, page, action=f"/join/{code}/add/story", button="Send: Story", fill={"text": "Hi"}
        ).status_code

    assert [send(first) for _ in range(3)] == [302, 302, 429]
    assert send(second) == 302  # the same address, another participant: their own allowance
