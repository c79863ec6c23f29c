"""A person's "My data" (access and portability) holds their workshop participation: the sessions they took
part in, what they contributed in their own words, and the consent and audience they gave; nobody else's."""

from __future__ import annotations

import io
import json
import re
import zipfile

import sqlalchemy as sa
from flask import Flask

from abcd.extensions import db
from abcd.people.models import Person
from tests import factories
from tests.conftest import login
from tests.factories import Cast
from tests.workshops.test_workshop_flow import _accept, _add, _join, _open_workshop, _waiting


def test_my_data_holds_the_workshops_i_took_part_in_and_my_own_words(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    me = _join(app, code, name="Bethan Myself", keep="yes", audience="members")
    someone_else = _join(app, code, name="Other Person", keep="yes", audience="public")
    _add(me, code, "gift", "Send: Gift or skill", {"skill": "Welsh cakes", "gift_type": "hands", "mode": "offered"})
    _add(me, code, "story", "Send: Story", {"text": "The park was where we all met"})
    _add(someone_else, code, "story", "Send: Story", {"text": "Somebody else's memory"})
    _accept(officer, workshop_id, _waiting(app, workshop_id)["Welsh cakes"])
    with app.app_context():  # the person the gift became confirms their listing with an account of their own
        person = db.session.scalar(sa.select(Person).where(Person.display_name == "Bethan Myself"))
        assert person is not None
        user = factories.make_user(email="bethan@example.org")
        db.session.flush()
        person.user_id = user.user_id
        db.session.commit()
        db.session.remove()
    reader = app.test_client()
    login(reader, "bethan@example.org")

    held = json.loads(reader.get("/people/me/data.json").get_data(as_text=True))

    [session] = held["workshop_sessions"]
    assert session["workshop_id"] == workshop_id
    assert session["display_name"] == "Bethan Myself"
    assert session["may_keep"] is True
    assert session["audience"] == "members"
    words = {(c["kind"], c["status"]): c["words"] for c in held["workshop_contributions"]}
    assert words[("gift", "accepted")]["skill"] == "Welsh cakes"
    assert words[("story", "waiting")] == {"text": "The park was where we all met"}
    assert all(c["audience"] == "members" for c in held["workshop_contributions"])
    assert "Somebody else's memory" not in json.dumps(held)
    assert "Other Person" not in json.dumps(held)

    page = reader.get("/people/me/data").get_data(as_text=True)
    assert "Workshops you took part in" in page
    assert "Splott strengths" in page  # the session by its title
    assert "The park was where we all met" in page
    assert re.search(r"<dt>Who may see it if kept</dt><dd>Signed-in members</dd>", page)
    assert re.search(r"<dt>In your words</dt><dd>Welsh cakes — hands — offered</dd>", page)
    archive = zipfile.ZipFile(io.BytesIO(reader.get("/people/me/data.zip").data))
    header = archive.read("workshop_contributions.csv").decode().splitlines()[0]
    assert header.startswith("contribution_id,workshop_id,kind,words")


def test_my_data_of_someone_who_never_joined_a_workshop_has_empty_workshop_sections(app: Flask, people: Cast) -> None:
    with app.app_context():
        user = factories.make_user(email="never@example.org")
        db.session.flush()
        db.session.add(Person(display_name="Never Joined", user_id=user.user_id))
        db.session.commit()
        db.session.remove()
    reader = app.test_client()
    login(reader, "never@example.org")
    held = json.loads(reader.get("/people/me/data.json").get_data(as_text=True))
    assert held["workshop_sessions"] == []
    assert held["workshop_contributions"] == []
    archive = zipfile.ZipFile(io.BytesIO(reader.get("/people/me/data.zip").data))
    assert archive.read("workshop_sessions.csv").decode().startswith("participant_id,workshop_id,held_on")
