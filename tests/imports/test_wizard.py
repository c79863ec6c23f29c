"""The import wizard driven through its forms as rendered: the real venues by authority, re-imports,
the row report and errors file, and confirming against a changed file."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from abcd.assets.models import Asset
from abcd.audit.models import AuditEntry
from abcd.extensions import db
from tests.conftest import login
from tests.factories import CARDIFF, NEWPORT, VALE, Cast
from tests.imports.conftest import venues_csv
from tests.rendered_forms import submit


def upload(client: FlaskClient, content: bytes, name: str = "venues.csv", source: str = "") -> TestResponse:
    page = client.get("/imports/")
    fill = {"source": source} if source else {}
    return submit(client, page, form="upload-form", fill=fill, files={"sheet": (content, name)}, follow_redirects=True)


def check_rows(client: FlaskClient, page: TestResponse, **fill: str) -> TestResponse:
    """The column-matching step, as rendered (automatic matches kept unless ``fill`` changes them)."""
    return submit(client, page, form="columns-form", fill=fill, follow_redirects=True)


def totals(page: TestResponse) -> dict[str, int]:
    html = page.get_data(as_text=True)
    table = html.split('id="totals"', 1)[1].split("</table>", 1)[0]
    cells = [part.split("</th><td>") for part in table.split('<th scope="row">')[1:]]
    return {label: int(rest.split("</td>", 1)[0]) for label, rest in cells}


def confirm(client: FlaskClient, page: TestResponse, mode: str = "all") -> TestResponse:
    return submit(client, page, form="confirm-form", fill={"mode": mode}, follow_redirects=True)


def test_real_venues_split_by_authority_import_with_right_wards_then_unchanged(
    app: Flask, client: FlaskClient, people: Cast, venues: list[dict[str, str]], vale_officer: str
) -> None:
    officers = {CARDIFF: people.officer_cardiff, NEWPORT: people.officer_newport, VALE: vale_officer}
    for la_code, email in officers.items():
        share = [row for row in venues if row["lad_code"] == la_code]
        login(client, email)
        columns_page = upload(client, venues_csv(share), f"{la_code}.csv", source="real_facilities")
        preview = (
            check_rows(client, columns_page) if "columns-form" in columns_page.get_data(as_text=True) else columns_page
        )
        found = totals(preview)
        # The real data has one pair the duplicates scorer rightly asks about: a house and the library in
        # it, same postcode, names 80 % alike. The officer looks, and imports both.
        flagged = 1 if la_code == NEWPORT else 0
        assert (found["New"], found["Possible duplicate"]) == (len(share) - flagged, flagged), found
        if flagged:
            assert "Tredegar House" in preview.get_data(as_text=True)
        fill = {"mode": "all", "include_duplicates": "y"} if flagged else {"mode": "all"}
        done = submit(client, preview, form="confirm-form", fill=fill, follow_redirects=True)
        assert f"Imported: {len(share)} new, 0 updated" in done.get_data(as_text=True)
        client.post("/auth/logout")
    with app.app_context():
        imported = {a.source_ref: a for a in db.session.scalars(sa.select(Asset))}
        assert len(imported) == len(venues) == 196
        for row in venues:
            asset = imported[f"real_facilities:{row['id']}"]
            assert (asset.ward_code, asset.la_code) == (row["ward_code"], row["lad_code"]), row["name"]
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.entity_id == asset.asset_id))
        assert entry is not None
        assert entry.channel == "import"
        assert entry.channel_ref.startswith("import:")

    # The same file again: the saved mapping is used at once, every row is Unchanged, nothing is written.
    login(client, people.officer_cardiff)
    cardiff = [row for row in venues if row["lad_code"] == CARDIFF]
    again = upload(client, venues_csv(cardiff), "cardiff.csv", source="real_facilities")
    assert totals(again) == {"New": 0, "Update": 0, "Unchanged": len(cardiff), "Invalid": 0, "Possible duplicate": 0}
    refused = confirm(client, again).get_data(as_text=True)
    assert f"Nothing to import: {len(cardiff)} rows are unchanged" in refused
    assert "Imported:" not in refused


def test_broken_row_is_reported_with_its_row_number_and_in_the_errors_file(
    client: FlaskClient, people: Cast, venues: list[dict[str, str]]
) -> None:
    share = [dict(row) for row in venues if row["lad_code"] == CARDIFF][:10]
    share[3]["postcode"] = "NOT A POSTCODE"  # spreadsheet row 5 (the header is row 1)
    share[3]["lat"] = share[3]["lon"] = ""
    login(client, people.officer_cardiff)
    preview = check_rows(client, upload(client, venues_csv(share), source="library-list"))
    html = preview.get_data(as_text=True)
    assert totals(preview)["Invalid"] == 1
    assert totals(preview)["New"] == 9
    assert "<td>5</td><td>postcode</td><td>NOT A POSTCODE</td><td>This is not a UK postcode.</td>" in html

    errors = client.get(preview.request.path + "/errors")
    assert errors.headers["Content-Disposition"].endswith('-errors.csv"')
    rows = list(csv.reader(io.StringIO(errors.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == [*share[0].keys(), "Error"]
    assert rows[1][:-1] == list(share[3].values())
    assert rows[1][-1] == "postcode: This is not a UK postcode."

    refused = confirm(client, preview).get_data(as_text=True)
    assert "Nothing was imported: 1 rows cannot be imported" in refused
    done = confirm(client, client.get(preview.request.path), mode="valid").get_data(as_text=True)
    assert "Imported: 9 new, 0 updated, 0 unchanged, 1 held." in done

    # The errors file, corrected, goes in as a new upload with the same source: only that row is new.
    fixed = errors.get_data().replace(b"NOT A POSTCODE", b"CF24 0LZ")
    again = upload(client, fixed, "fixed.csv", source="library-list")
    assert totals(again)["New"] == 1
    assert totals(again)["Invalid"] == 0
    assert "Imported: 1 new" in confirm(client, again).get_data(as_text=True)


def test_confirming_a_preview_of_a_file_since_replaced_is_refused(
    client: FlaskClient, people: Cast, venues: list[dict[str, str]]
) -> None:
    share = [dict(row) for row in venues if row["lad_code"] == CARDIFF][:3]
    share[0]["postcode"], share[0]["lat"], share[0]["lon"] = "nonsense", "", ""
    login(client, people.officer_cardiff)
    first = upload(client, venues_csv(share))
    missing_source = check_rows(client, first).get_data(as_text=True)
    assert "Give the source a name, so its ids can be recognised next time." in missing_source
    stale = check_rows(client, first, source="my-list")
    assert totals(stale)["Invalid"] == 1

    share[0]["postcode"] = "CF24 0LZ"
    replaced = submit(client, stale, form="replace-form", files={"sheet": (venues_csv(share), "fixed.csv")},
                      follow_redirects=True)  # fmt: skip
    assert totals(replaced)["New"] == 3
    assert "The file changed since the preview you confirmed" in confirm(client, stale).get_data(as_text=True)
    assert "Imported: 3 new" in confirm(client, replaced).get_data(as_text=True)
