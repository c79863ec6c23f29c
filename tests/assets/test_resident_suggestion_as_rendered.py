"""A resident suggests a place using only what /assets/new renders for them, and it waits for Cardiff's officers."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import login
from tests.factories import Cast
from tests.rendered_forms import rendered_form, submit


@pytest.mark.usefixtures("geodata")
def test_resident_suggests_a_place_as_rendered_and_a_cardiff_officer_sees_it_waiting(
    client: FlaskClient, app: Flask, people: Cast
) -> None:
    login(client, people.resident)
    page = client.get("/assets/new")
    assert "status" not in rendered_form(page, action="/assets/new").names  # officers' field, not shown
    fill = {"name_en": "Bute Park Pavilion", "kind": "place", "postcode": "CF24 0LZ"}  # Adamsdown, Cardiff
    response = submit(client, page, action="/assets/new", button="Save", fill=fill)
    assert response.status_code == 302
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you. An officer will review your suggestion before it is published." in thanks
    assert "Bute Park Pavilion" not in app.test_client().get("/assets/").get_data(as_text=True)

    cardiff, newport = app.test_client(), app.test_client()
    login(cardiff, people.officer_cardiff)
    login(newport, people.officer_newport)
    assert "Bute Park Pavilion" in cardiff.get("/review/").get_data(as_text=True)
    assert "Bute Park Pavilion" not in newport.get("/review/").get_data(as_text=True)
