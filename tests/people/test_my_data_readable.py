"""The "My data" page reads as words (names, labels, UK dates, in Welsh for Welsh readers); the downloads stay data."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from datetime import datetime

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.auth.models import User
from abcd.changes.models import ChangeKind, ChangeRequest, Channel
from abcd.extensions import db
from abcd.links.models import Link
from abcd.models_base import Visibility
from abcd.people import consent, privacy
from abcd.people.data_labels import ALWAYS_THE_READER, field_spec
from abcd.people.models import ConsentRecord, EnteredBy, LawfulBasis, Person, Skill
from tests.conftest import login
from tests.factories import CARDIFF, CATHAYS, Cast
from tests.people.test_my_data import NAME, _profile_with_everything

MOMENT = datetime(2026, 12, 2, 14, 4)  # UTC, and Greenwich time in December: 2:04pm in Cardiff
SECTION = re.compile(r'<section aria-labelledby="section-(\w+)">(.*?)</section>', re.DOTALL)
FACT = re.compile(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", re.DOTALL)


def facts(page: str) -> dict[str, list[tuple[str, str]]]:
    """Each section's (label, value) pairs, as the page shows them."""
    return {
        name: [(html.unescape(label), html.unescape(value)) for label, value in FACT.findall(body)]
        for name, body in SECTION.findall(page)
    }


def _everything_with_a_group_consent(client: FlaskClient, app: Flask, people: Cast) -> tuple[int, int]:
    """The full profile, a Welsh skill name, dates fixed at MOMENT, and a consent about the group membership."""
    person_id, group_id = _profile_with_everything(client, app, people)
    with app.app_context():
        db.session.execute(sa.update(Skill).where(Skill.name_en == "Baking").values(name_cy="Pobi"))
        db.session.execute(sa.update(User).where(User.user_id == people.ids["resident"]).values(created_at=MOMENT))
        link_id = db.session.scalar(sa.select(Link.link_id).where(Link.target_asset_id == group_id))
        db.session.add(
            ConsentRecord(
                person_id=person_id, purpose=consent.SPECIAL, lawful_basis=LawfulBasis.EXPLICIT_CONSENT,
                wording="I agree", entered_by=EnteredBy.SELF, link_id=link_id, given_at=MOMENT,
                reconfirm_by=datetime(2028, 12, 2, 14, 4),
            )
        )  # fmt: skip
        db.session.add(
            ChangeRequest(
                kind=ChangeKind.CHANGE, asset_id=group_id, la_code=CARDIFF, submitted_by_id=people.ids["resident"],
                proposed={"name_en": "Bakers Guild", "ward_code": CATHAYS}, channel=Channel.FORM,
            )
        )  # fmt: skip
        db.session.commit()
    return person_id, group_id


def test_page_names_groups_and_skills_and_labels_every_field(client: FlaskClient, app: Flask, people: Cast) -> None:
    _person_id, group_id = _everything_with_a_group_consent(client, app, people)
    page = client.get("/people/me/data").get_data(as_text=True)
    shown = facts(page)
    assert ("Kind of link", "Member of") in shown["links"]
    assert ("To", "Bakers Group") in shown["links"]
    assert ("Who can see this", "Everyone (public)") in shown["links"]
    assert ("Group or place", "Bakers Group") in shown["consents"]
    assert ("What for", "Belonging to a group that reveals sensitive information") in shown["consents"]
    assert ("Lawful basis", "Explicit consent") in shown["consents"]
    assert ("Skill", "Baking") in shown["skills"]
    assert ("Share or learn", "I can share this") in shown["skills"]
    assert ("Name shown", NAME) in shown["profile"]
    assert ("Who can see your name", "Everyone (public)") in shown["profile"]
    assert ("To", "Friend") in shown["messages_sent"]
    assert ("Role", "Resident") in shown["account"]
    assert ("Record", "Bakers Group") in shown["suggestions"]
    assert ("What", "Changed details") in shown["suggestions"]
    assert ("Outcome", "Waiting for review") in shown["suggestions"]
    assert ("What you suggested", "Name in English: Bakers Guild; Ward: Cathays") in shown["suggestions"]
    assert ("Local authority", "Cardiff") in shown["suggestions"]
    labels = {label for section in shown.values() for label, _value in section}
    assert not labels & {"target_asset_id", "link_id", "display_name_visibility", "created_at", "mode"}
    assert all(
        value != str(group_id) for label, value in shown["links"] + shown["consents"] if label != "Reference number"
    )


def test_page_dates_read_as_uk_dates(client: FlaskClient, app: Flask, people: Cast) -> None:
    _everything_with_a_group_consent(client, app, people)
    shown = facts(client.get("/people/me/data").get_data(as_text=True))
    assert ("Created", "2 December 2026, 2:04pm") in shown["account"]
    assert ("Given", "2 December 2026, 2:04pm") in shown["consents"]
    assert ("To confirm again by", "2 December 2028") in shown["consents"]
    assert "2026-12-02" not in json.dumps(shown)


def test_page_reads_in_welsh(client: FlaskClient, app: Flask, people: Cast) -> None:
    _everything_with_a_group_consent(client, app, people)
    page = client.get("/people/me/data?lang=cy").get_data(as_text=True)
    shown = facts(page)
    assert ("Pwy sy'n gallu gweld eich enw", "Pawb (cyhoeddus)") in shown["profile"]
    assert ("Sgil", "Pobi") in shown["skills"]
    assert ("Gallwn i addysgu hyn i eraill", "Na") in shown["skills"]
    assert ("Sail gyfreithlon", "Caniatâd datganedig") in shown["consents"]
    assert ("Crëwyd", "2 Rhagfyr 2026, 2:04yh") in shown["account"]
    assert "Who can see your name" not in page
    assert '<dd lang="en">Bakers Group</dd>' in page  # a group with no Welsh name, marked as English
    assert '<dd lang="en">Baking</dd>' in page


def test_page_shows_other_people_only_as_far_as_they_allow(client: FlaskClient, app: Flask, people: Cast) -> None:
    _profile_with_everything(client, app, people)
    with app.app_context():
        db.session.execute(
            sa.update(Person).where(Person.display_name == "Friend").values(display_name_visibility=Visibility.PRIVATE)
        )
        db.session.commit()
    shown = facts(client.get("/people/me/data").get_data(as_text=True))
    assert ("To", "a person whose name is not shown") in shown["messages_sent"]
    assert "Friend" not in json.dumps(shown)


def test_every_column_has_a_label() -> None:
    """A column added to a model must get words on the page, not appear under its column name."""
    for section in privacy.SECTION_MODELS.keys() | privacy.EXTRA_COLUMNS.keys():
        unlabelled = [
            column
            for column in privacy.section_columns(section)
            if field_spec(section, column) is None and (section, column) not in ALWAYS_THE_READER
        ]
        assert unlabelled == [], section


def test_downloads_keep_plain_data_and_csv_headers(client: FlaskClient, app: Flask, people: Cast) -> None:
    _person_id, group_id = _everything_with_a_group_consent(client, app, people)
    data = json.loads(client.get("/people/me/data.json").get_data(as_text=True))
    link = data["links"][0]
    assert set(link) == set(privacy.section_columns("links"))
    assert (link["target_asset_id"], link["visibility"], link["link_type"]) == (group_id, "public", "member_of")
    assert data["account"][0]["created_at"] == "2026-12-02T14:04:00"
    assert data["suggestions"][0]["proposed"] == {"name_en": "Bakers Guild", "ward_code": CATHAYS}
    assert set(data["suggestions"][0]) == set(privacy.section_columns("suggestions"))
    assert {c["purpose"] for c in data["consents"]} >= {"profile", "special_category_link"}
    archive = zipfile.ZipFile(io.BytesIO(client.get("/people/me/data.zip").get_data()))
    assert json.loads(archive.read("data.json")) == data
    for name in data:
        rows = list(csv.reader(io.StringIO(archive.read(f"{name}.csv").decode())))
        assert rows[0] == privacy.section_columns(name)
        assert len(rows) == 1 + len(data[name])
    assert data["assets_created"] == []  # an empty section still has its header row (checked above)


def test_empty_sections_say_nothing_held(client: FlaskClient, people: Cast) -> None:
    login(client, people.resident)
    page = client.get("/people/me/data").get_data(as_text=True)
    assert "Nothing." in page
    assert "Your account" in page
