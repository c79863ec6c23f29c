"""Rights of access, portability and erasure."""

from __future__ import annotations

import io
import json
import zipfile

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.audit.models import AuditEntry
from abcd.extensions import db
from abcd.models_base import Visibility
from abcd.people.models import Person
from tests import factories
from tests.conftest import login
from tests.factories import CATHAYS, Cast
from tests.people.test_profile import press, save_profile

NAME = "Erasable Eirlys"


def _profile_with_everything(client: FlaskClient, app: Flask, people: Cast) -> tuple[int, int]:
    with app.app_context():
        skill = factories.make_skill("Baking")
        group = factories.make_asset(name_en="Bakers Group", kind=factories.AssetKind.ASSOCIATION)
        other = factories.make_person(display_name="Friend", visibility=Visibility.PUBLIC, accepts_messages=True)
        ids = (skill.skill_id, group.asset_id, other.person_id)
    login(client, people.resident)
    save_profile(client, display_name=NAME, display_name_visibility="public", accepts_messages=True, consent=True)
    press(client, "/people/me/skills", "Add", skill_id=ids[0], mode="offered", visibility="public")
    press(client, f"/groups/{ids[1]}", "Join", visibility="public")
    press(client, f"/people/{ids[2]}/contact", "Send", body="Hello from Eirlys")
    sender = app.test_client()
    login(sender, people.officer_cardiff)
    with app.app_context():
        person_id = db.session.scalar(sa.select(Person.person_id).where(Person.display_name == NAME))
    assert person_id is not None
    press(sender, f"/people/{person_id}/contact", "Send", body="Could you bake for the fair?")
    return person_id, ids[1]


def test_download_everything_as_page_json_and_zip(client: FlaskClient, app: Flask, people: Cast) -> None:
    _profile_with_everything(client, app, people)
    page = client.get("/people/me/data").get_data(as_text=True)
    for expected in (NAME, "Baking", "resident@example.org", "Hello from Eirlys", "Could you bake"):
        assert expected in page
    data = json.loads(client.get("/people/me/data.json").get_data(as_text=True))
    assert data["profile"][0]["display_name"] == NAME
    assert data["skills"][0]["skill_en"] == "Baking"
    assert len(data["links"]) == 1
    assert data["consents"][0]["purpose"] == "profile"
    assert "password_hash" not in data["account"][0]
    archive = zipfile.ZipFile(io.BytesIO(client.get("/people/me/data.zip").get_data()))
    assert {"data.json", "profile.csv", "skills.csv", "consents.csv", "messages_received.csv"} <= set(
        archive.namelist()
    )
    assert NAME in archive.read("profile.csv").decode()


def test_erasure_leaves_no_row_referencing_the_person(client: FlaskClient, app: Flask, people: Cast) -> None:
    person_id, _group_id = _profile_with_everything(client, app, people)
    user_id = people.ids["resident"]
    response = press(client, "/people/me/erase", "Erase everything", confirm_text="ERASE")
    assert "everything about you have been erased" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                for fk in column.foreign_keys:
                    target = fk.column.table.name
                    wanted = person_id if target == "person" else user_id if target == "user_account" else None
                    if wanted is None:
                        continue
                    count = db.session.scalar(sa.select(sa.func.count()).select_from(table).where(column == wanted))
                    assert count == 0, f"{table.name}.{column.name} still references the erased {target}"
        audit = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity_type == "person", AuditEntry.entity_id == person_id)
        ).all()
        assert audit  # the events are kept…
        assert all(entry.changes == {} and entry.actor_id is None for entry in audit)  # …without the identity
        dump = json.dumps([e.changes for e in db.session.scalars(sa.select(AuditEntry))])
        assert NAME not in dump
        assert CATHAYS not in dump
    assert client.get("/people/me").status_code == 302  # signed out: the account is gone
    login_again = client.post("/auth/login", data={"email": people.resident, "password": factories.PASSWORD})
    assert login_again.status_code == 200


def test_erasure_needs_the_word_typed(client: FlaskClient, app: Flask, people: Cast) -> None:
    login(client, people.resident)
    html = press(client, "/people/me/erase", "Erase everything", confirm_text="maybe").get_data(as_text=True)
    assert "Type ERASE to confirm" in html
    assert client.get("/people/me/data").status_code == 200
