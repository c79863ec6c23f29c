"""`flask abcd import assets`: the same totals and row report as the wizard, and an exit status that says so."""

from __future__ import annotations

import csv
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from abcd.assets.models import Asset
from abcd.extensions import db
from tests.factories import NEWPORT, Cast
from tests.imports.conftest import venues_csv


def test_cli_dry_run_all_or_nothing_and_valid_only(
    app: Flask, people: Cast, venues: list[dict[str, str]], tmp_path: Path
) -> None:
    share = [dict(row) for row in venues if row["lad_code"] == NEWPORT][:6]
    share[1]["postcode"], share[1]["lat"], share[1]["lon"] = "XX1 1XX", "", ""  # row 3
    sheet = tmp_path / "newport.csv"
    sheet.write_bytes(venues_csv(share))
    errors_out = tmp_path / "errors.csv"
    runner = app.test_cli_runner()
    args = ["abcd", "import", "assets", str(sheet), "--officer", people.officer_newport, "--mapping", "newport-list"]

    dry = runner.invoke(args=[*args, "--dry-run", "--errors-out", str(errors_out)])
    assert dry.exit_code == 1
    assert "6 rows. New: 5, Update: 0, Unchanged: 0, Invalid: 1, Possible duplicate: 0" in dry.output
    assert "Row 3, postcode = 'XX1 1XX': This postcode was not found." in dry.output
    held = list(csv.reader(errors_out.read_text(encoding="utf-8-sig").splitlines()))
    assert held[1][0] == share[1]["id"]

    refused = runner.invoke(args=args)
    assert refused.exit_code == 1
    assert "Nothing was imported: 1 rows cannot be imported" in refused.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Asset)) == 0

    valid = runner.invoke(args=[*args, "--valid-only", "--set", "status=draft"])
    assert valid.exit_code == 1  # one row held
    assert "5 new, 0 updated, 0 unchanged, 1 held." in valid.output
    with app.app_context():
        assert set(db.session.scalars(sa.select(Asset.status))) == {"draft"}

    share[1]["postcode"] = share[0]["postcode"]
    sheet.write_bytes(venues_csv(share))
    again = runner.invoke(args=[*args, "--set", "status=draft"])
    assert again.exit_code == 0, again.output
    assert "1 new, 0 updated, 5 unchanged, 0 held." in again.output


def test_cli_refuses_a_resident(app: Flask, people: Cast, tmp_path: Path) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text("name,postcode\nHall,CF24 0LZ\n")
    result = app.test_cli_runner().invoke(args=["abcd", "import", "assets", str(sheet), "--officer", people.resident])
    assert result.exit_code == 2
    assert "is not an officer or admin" in result.output
