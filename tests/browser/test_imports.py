"""The 196 real venues, split by authority, imported by each authority's officer through the wizard in
Chromium: wards right, a second import all Unchanged, a seeded broken row in the report and errors file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from abcd.assets.models import Asset
from abcd.auth.models import Role
from abcd.extensions import db
from tests import factories
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import GEODATA, require

VENUES = GEODATA / "facilities" / "real_facilities.csv"
OFFICERS = {
    factories.CARDIFF: "import.cardiff@example.org",
    factories.NEWPORT: "import.newport@example.org",
    factories.VALE: "import.vale@example.org",
}


@pytest.fixture
def officers(app: Flask) -> dict[str, str]:
    with app.app_context():
        for la_code, email in OFFICERS.items():
            factories.make_user(Role.OFFICER, la_code, email=email)
        db.session.commit()
        db.session.remove()
    return OFFICERS


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _upload(page: Page, path: Path) -> None:
    page.goto("/imports/")
    page.get_by_label("Spreadsheet").set_input_files(str(path))
    page.get_by_label("Where the list comes from (optional)").fill("real_facilities")
    page.get_by_role("button", name="Upload and check").click()
    if page.get_by_role("heading", name="Match the columns").is_visible():
        page.get_by_role("button", name="Check the rows").click()


def test_officers_import_the_real_venues_of_their_authority_in_chromium(
    page: Page, app: Flask, geodata: object, officers: dict[str, str], tmp_path: Path
) -> None:
    require(VENUES.is_file(), f"{VENUES} not found")
    with VENUES.open(encoding="utf-8", newline="") as handle:
        venues = list(csv.DictReader(handle))
    for la_code, email in officers.items():
        share = [dict(row) for row in venues if row["lad_code"] == la_code]
        broken = la_code == factories.CARDIFF
        if broken:  # a seeded broken row: row 4 of the sheet (the header is row 1)
            share.insert(2, {**share[0], "id": "broken-1", "postcode": "ZZ99 9ZZ", "lat": "", "lon": ""})
        sign_in(page, email)
        _upload(page, _write(tmp_path / f"{la_code}.csv", share))
        expect(page.get_by_role("heading", name="Preview: nothing has been saved yet")).to_be_visible()
        assert_accessible(page)
        flagged = la_code == factories.NEWPORT  # the real data's one pair worth a look: a house and its library
        new_rows = page.locator("#totals").get_by_role("row", name="New")
        expect(new_rows).to_contain_text(str(len(share) - broken - flagged))
        if broken:
            report = page.locator("#row-report")
            expect(report.get_by_role("row").nth(1)).to_have_text("4postcodeZZ99 9ZZThis postcode was not found.")
            with page.expect_download() as download:
                page.get_by_role("link", name="Download these rows with an Error column (CSV)").click()
            text = Path(download.value.path()).read_text(encoding="utf-8-sig")
            held = list(csv.reader(io.StringIO(text)))
            assert held[0][-1] == "Error"
            assert held[1][0] == "broken-1"
            assert held[1][-1] == "postcode: This postcode was not found."
            page.get_by_label("Import the rows that can be imported, and hold the rest").check()
        if flagged:
            expect(page.locator("#totals").get_by_role("row", name="Possible duplicate")).to_contain_text("1")
            page.get_by_label("Also import the rows marked “Possible duplicate”").check()
        page.get_by_role("button", name="Import", exact=True).click()
        expect(page.get_by_role("status").or_(page.locator(".flash")).first).to_contain_text(
            f"Imported: {len(share) - broken} new"
        )
        page.get_by_role("button", name="Sign out").click()

    with app.app_context():
        imported = {a.source_ref: a for a in db.session.scalars(sa.select(Asset))}
        assert len(imported) == 196
        for row in venues:
            assert imported[f"real_facilities:{row['id']}"].ward_code == row["ward_code"], row["name"]
        db.session.remove()

    sign_in(page, officers[factories.NEWPORT])
    newport = [row for row in venues if row["lad_code"] == factories.NEWPORT]
    _upload(page, _write(tmp_path / "again.csv", newport))
    expect(page.locator("#totals").get_by_role("row", name="Unchanged")).to_contain_text(str(len(newport)))
    expect(page.locator("#totals").get_by_role("row", name="New")).to_contain_text("0")
