"""Fixtures for imports: the real venues file split by authority, and officers for each authority."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from flask import Flask

from abcd.auth.models import Role
from abcd.extensions import db
from tests import factories
from tests.conftest import GEODATA, require

VENUES = GEODATA / "facilities" / "real_facilities.csv"


@pytest.fixture
def venues(geodata: Path) -> list[dict[str, str]]:
    require(VENUES.is_file(), f"{VENUES} not found")
    with VENUES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def venues_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.fixture
def vale_officer(app: Flask) -> str:
    with app.app_context():
        user = factories.make_user(Role.OFFICER, factories.VALE, email="officer.vale@example.org")
        db.session.commit()
        email = user.email
        db.session.remove()
    return email
