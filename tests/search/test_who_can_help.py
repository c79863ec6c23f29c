""" "Who can help?" by place: people are placed at their ward's centre, and only when the viewer may see
their ward; nearest first with the distance shown, within a radius, with the same synonyms."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from abcd.models_base import Visibility
from tests import factories
from tests.factories import CATHAYS

ALLT_YR_YN = "W05001627"  # Newport


@pytest.fixture
def helpers(app: Flask, geodata: object) -> None:
    with app.app_context():
        music = factories.make_skill("Music", "Cerddoriaeth", synonyms=["guitar", "gitâr"])
        factories.make_person(Visibility.PUBLIC, [music], display_name="Ceri Cathays", ward_code=CATHAYS)
        factories.make_person(Visibility.PUBLIC, [music], display_name="Nia Newport", ward_code=ALLT_YR_YN)
        factories.make_person(
            Visibility.PUBLIC, [music], display_name="Hidden Ward", ward_code=CATHAYS,
            ward_visibility=Visibility.PRIVATE,
        )  # fmt: skip


def rows(client: FlaskClient, query: str) -> list[tuple[str, str]]:
    html = client.get(f"/people/skills?{query}").get_data(as_text=True)
    found = re.findall(r'<a href="/people/\d+[^"]*">([^<]+)</a>.*?<td class="distance"[^>]*>([^<]+)</td>', html, re.S)
    return [(name, distance) for name, distance in found]


@pytest.mark.usefixtures("helpers")
def test_nearest_helpers_first_with_distance_and_only_visible_wards(client: FlaskClient) -> None:
    found = rows(client, "q=guitar+near+CF24+4AB")
    assert [name for name, _ in found] == ["Ceri Cathays", "Nia Newport"]  # the hidden ward takes no part
    assert found[0][1].endswith("km away") or found[0][1].endswith("m away")
    assert [name for name, _ in rows(client, "q=gitar+near+CF24+4AB&radius=5")] == ["Ceri Cathays"]
    everyone = client.get("/people/skills?q=guitar").get_data(as_text=True)
    assert "Hidden Ward" in everyone  # without a place the listing is as before


@pytest.mark.usefixtures("helpers")
def test_an_unknown_postcode_is_explained(client: FlaskClient) -> None:
    response = client.get("/people/skills?q=guitar+near+CF99+9ZZ")
    assert response.status_code == 200
    assert "We cannot find the postcode CF99 9ZZ." in response.get_data(as_text=True)
