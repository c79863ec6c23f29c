"""Exports that import back: unchanged is a no-op, an edited cell a precise update; undo; Welsh headers."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import Asset
from abcd.auth.models import User
from abcd.changes.models import Channel
from abcd.changes.services import WriteContext, apply_values
from abcd.extensions import db
from abcd.imports.models import ImportBatch
from abcd.imports.sheets import read_sheet, sheet_xlsx
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, Cast
from tests.imports.conftest import venues_csv
from tests.imports.test_wizard import check_rows, confirm, totals, upload
from tests.rendered_forms import submit


def _import_cardiff(client: FlaskClient, venues: list[dict[str, str]], count: int = 5) -> None:
    share = [row for row in venues if row["lad_code"] == CARDIFF][:count]
    preview = check_rows(client, upload(client, venues_csv(share), source="real_facilities"))
    assert f"Imported: {count} new" in confirm(client, preview).get_data(as_text=True)


def test_own_export_reimports_as_no_op_and_an_edited_cell_as_one_update(
    app: Flask, client: FlaskClient, people: Cast, venues: list[dict[str, str]]
) -> None:
    login(client, people.officer_cardiff)
    _import_cardiff(client, venues)
    for fmt in ("csv", "xlsx"):
        exported = client.get(f"/imports/export/assets.{fmt}").get_data()
        sheet = read_sheet(exported, f"assets.{fmt}")
        assert sheet.columns[:2] == ("asset_id", "version")
        assert len(sheet.rows) == 5
        same = upload(client, exported, f"assets.{fmt}")
        if "columns-form" in same.get_data(as_text=True):
            same = check_rows(client, same)
        assert totals(same)["Unchanged"] == 5, same.get_data(as_text=True)[:4000]
    exported = client.get("/imports/export/assets.csv").get_data(as_text=True)
    first_name = read_sheet(exported.encode()).rows[0].value(2)
    edited = exported.replace(first_name, first_name + " (renamed)", 1).encode()
    preview = upload(client, edited, "assets.csv")
    if "columns-form" in preview.get_data(as_text=True):
        preview = check_rows(client, preview)
    assert totals(preview)["Update"] == 1
    assert totals(preview)["Unchanged"] == 4
    assert f"Name in English: {first_name} → {first_name} (renamed)" in preview.get_data(as_text=True)
    assert "Imported: 0 new, 1 updated, 4 unchanged, 0 held." in confirm(client, preview).get_data(as_text=True)
    with app.app_context():
        asset = db.session.scalar(sa.select(Asset).where(Asset.name_en == first_name + " (renamed)"))
        assert asset is not None
        assert asset.version == 2
        history = client.get(f"/assets/{asset.asset_id}/history").get_data(as_text=True)
        assert "Import: import" in history
        assert "see the import" in history
    geojson = json.loads(client.get("/imports/export/assets.geojson").get_data())
    assert len(geojson["features"]) == 5
    assert geojson["features"][0]["properties"]["version"] >= 1


def test_undo_reverts_untouched_records_and_lists_the_edited_one(
    app: Flask, client: FlaskClient, people: Cast, venues: list[dict[str, str]]
) -> None:
    login(client, people.officer_cardiff)
    _import_cardiff(client, venues, count=3)
    with app.test_request_context():
        officer = db.session.scalar(sa.select(User).where(User.email == people.officer_cardiff))
        edited = db.session.scalars(sa.select(Asset).order_by(Asset.asset_id)).first()
        assert officer is not None
        assert edited is not None
        apply_values(edited, {"name_cy": "Wedi ei newid"}, WriteContext(officer, Channel.FORM))
        db.session.commit()
        edited_id = edited.asset_id
        batch_id = db.session.scalar(sa.select(sa.func.max(ImportBatch.batch_id)))
    done = submit(client, client.get(f"/imports/{batch_id}"), form="undo-form", follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "Undone: 2 records reverted, 1 kept." in html
    assert f"Record {edited_id}</a>: edited since the import" in html
    with app.app_context():
        assert db.session.scalars(sa.select(Asset.asset_id)).all() == [edited_id]


def test_welsh_headings_semicolons_windows_1252_and_a_constant(client: FlaskClient, people: Cast, app: Flask) -> None:
    text = "Enw;Cod post;Ffôn\nNeuadd Gymunedol – Cathays;CF24 4AB;029 2000 0000\nCaffi’r Rhath;CF24 3AA;\n"
    login(client, people.officer_cardiff)
    columns = upload(client, text.encode("cp1252"), "rhestr.csv")
    html = columns.get_data(as_text=True)
    assert '<option value="name_en" selected>' in html
    assert '<option value="postcode" selected>' in html
    assert '<option value="contact_phone" selected>' in html
    preview = check_rows(client, columns, **{"constant-kind": "place"})
    assert totals(preview)["New"] == 2, preview.get_data(as_text=True)[:5000]
    assert "Imported: 2 new" in confirm(client, preview).get_data(as_text=True)
    with app.app_context():
        assert set(db.session.scalars(sa.select(Asset.name_en))) == {"Neuadd Gymunedol – Cathays", "Caffi’r Rhath"}


def test_near_identical_name_at_the_same_postcode_is_a_possible_duplicate(
    client: FlaskClient, people: Cast, app: Flask
) -> None:
    with app.app_context():
        factories.make_asset(la_code=CARDIFF, name_en="St. Mellons Library", postcode="CF3 0EG")
        db.session.commit()
    sheet = sheet_xlsx(["Name", "Postcode", "Type"], [["St Mellons library", "CF3 0EG", "library"]])
    login(client, people.officer_cardiff)
    preview = check_rows(client, upload(client, sheet, "libraries.xlsx"))
    assert totals(preview)["Possible duplicate"] == 1
    assert "may already exist as “St. Mellons Library”" in preview.get_data(as_text=True)
    held = confirm(client, preview).get_data(as_text=True)
    assert "Nothing was imported: 1 rows cannot be imported" in held
    page = client.get(preview.request.path)
    done = submit(client, page, form="confirm-form", fill={"include_duplicates": True}, follow_redirects=True)
    assert "Imported: 1 new" in done.get_data(as_text=True)


def test_another_officers_batch_is_not_theirs(client: FlaskClient, people: Cast, venues: list[dict[str, str]]) -> None:
    login(client, people.officer_cardiff)
    preview = check_rows(client, upload(client, venues_csv(venues[:2]), source="real_facilities"))
    client.post("/auth/logout")
    login(client, people.officer_newport)
    assert client.get(preview.request.path).status_code == 403
