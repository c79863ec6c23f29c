"""`flask abcd geography fetch` against a local stand-in for the publishers (official formats built from
../shared/data): pages of ArcGIS GeoJSON, the ONSPD zip; checked, converted and loaded."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from flask import Flask

from abcd.areas.models import LocalAuthority, Postcode, Ward
from abcd.extensions import db
from tests.areas import official_server
from tests.conftest import GEODATA, require


@pytest.fixture
def data() -> Path:
    require(GEODATA.is_dir(), f"no geography data at {GEODATA}")
    return GEODATA


def test_fetch_downloads_checks_converts_and_loads(make_app: Callable[..., Flask], data: Path, tmp_path: Path) -> None:
    fresh = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    with fresh.app_context():
        flask_migrate.upgrade()
        db.session.remove()
    with official_server.publisher(data) as published:
        onspd = published.files["/onspd/ONSPD_NOV_2024.zip"]
        args = [*official_server.urls(published), "--into", str(tmp_path / "geo"),
                "--sha256", f"postcodes={hashlib.sha256(onspd).hexdigest()}"]  # fmt: skip
        result = fresh.test_cli_runner().invoke(args=["abcd", "geography", "fetch", *args])
    assert result.exit_code == 0, result.output
    assert "Cardiff (W06000015): 28 wards, 7674 postcodes" in result.output
    assert "Newport (W06000022): 21 wards, 3660 postcodes" in result.output
    assert "Vale of Glamorgan (W06000014): 24 wards, 3118 postcodes" in result.output
    assert "22852 other CF and NP postcodes; 1 terminated postcodes left out" in result.output
    assert "Loaded 73 wards." in result.output
    wards_pages = [path for path in published.asked if "/wards/" in path]
    assert len(wards_pages) == 3  # 74 features, 25 a page
    with fresh.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ward)) == 73
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ward).where(Ward.code == "W05000950")) == 0
        inside = sa.select(sa.func.count()).select_from(Postcode).where(Postcode.in_area.is_(True))
        assert db.session.scalar(inside) == 14452
        assert db.session.get(Postcode, "CF10 9ZZ") is None  # terminated
        assert db.session.get(Postcode, "BS1 1AA") is None
        cathays = db.session.get(Postcode, "CF10 1AA")
        assert cathays is not None
        assert cathays.ward_code == "W05001274"
        cardiff = db.session.get(LocalAuthority, "W06000015")
        assert cardiff is not None
        assert (cardiff.name_en, cardiff.name_cy) == ("Cardiff", "Caerdydd")
        assert cardiff.boundary_geojson
        welsh = db.session.scalars(sa.select(Ward).where(Ward.name_cy != Ward.name_en)).all()
        assert len(welsh) == 43
        db.session.remove()


def test_a_wrong_checksum_loads_nothing(app: Flask, data: Path, tmp_path: Path) -> None:
    with official_server.publisher(data) as published:
        args = [*official_server.urls(published), "--into", str(tmp_path / "geo"), "--sha256", "wards=" + "0" * 64]
        result = app.test_cli_runner().invoke(args=["abcd", "geography", "fetch", *args])
    assert result.exit_code != 0
    assert "The wards file's SHA-256 is" in result.output
    assert "nothing was loaded" in result.output
    assert not (tmp_path / "geo" / "boundaries").exists()


def test_a_missing_authority_is_refused(app: Flask, data: Path, tmp_path: Path) -> None:
    with official_server.publisher(data) as published:
        published.layers["lads"] = [f for f in published.layers["lads"] if f["properties"]["LAD23CD"] != "W06000022"]
        args = [*official_server.urls(published), "--into", str(tmp_path / "geo"), "--no-load"]
        result = app.test_cli_runner().invoke(args=["abcd", "geography", "fetch", *args])
    assert result.exit_code != 0
    assert "the districts W06000022 are missing" in result.output


def test_a_service_error_or_missing_url_is_explained(app: Flask, data: Path, tmp_path: Path) -> None:
    with official_server.publisher(data) as published:
        args = [*official_server.urls(published), "--into", str(tmp_path / "geo")]
        args[1] = args[1].replace("f=geojson", "f=pjson")
        result = app.test_cli_runner().invoke(args=["abcd", "geography", "fetch", *args])
    assert result.exit_code != 0
    assert "the service answered" in result.output
    bare = app.test_cli_runner().invoke(args=["abcd", "geography", "fetch", "--into", str(tmp_path / "x")])
    assert bare.exit_code != 0
    assert "No URL for postcodes: set ABCD_GEOGRAPHY_POSTCODES_URL" in bare.output
