"""Gifts: "I could teach this" is shown back, and adding a held skill again never overwrites it silently."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.extensions import db
from abcd.people.models import PersonSkill
from tests import factories
from tests.conftest import login
from tests.factories import Cast
from tests.people.test_profile import press, save_profile


def _teach_baking(client: FlaskClient, app: Flask, people: Cast) -> int:
    with app.app_context():
        skill_id = factories.make_skill("Baking").skill_id
    login(client, people.resident)
    save_profile(client, consent=True)
    press(client, "/people/me/skills", "Add", skill_id=skill_id, mode="offered", can_teach=True, visibility="public")
    return skill_id


def test_i_could_teach_this_is_shown_back_in_its_own_column(client: FlaskClient, app: Flask, people: Cast) -> None:
    _teach_baking(client, app, people)
    html = client.get("/people/me/skills").get_data(as_text=True)
    table = html[html.index("<table") : html.index("</table>")]
    assert "I could teach this" in table
    assert "<td>Yes</td>" in table


def test_adding_a_held_skill_again_keeps_its_choices_and_says_so(client: FlaskClient, app: Flask, people: Cast) -> None:
    skill_id = _teach_baking(client, app, people)
    response = press(client, "/people/me/skills", "Add", skill_id=skill_id, mode="offered", can_teach=False,
                     visibility="private")  # fmt: skip
    assert "You already have Baking" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        holding = db.session.scalars(sa.select(PersonSkill)).one()
        assert holding.can_teach is True
        assert holding.visibility.value == "public"
