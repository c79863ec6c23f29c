"""Geography from the real ONS and OS extracts: loading, postcodes and point-to-ward."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from abcd.areas.loader import GeographyError, load_geography
from abcd.areas.models import LocalAuthority, Postcode, Ward
from abcd.areas.services import LocationError, locate_point, lookup_postcode, normalise_postcode
from abcd.extensions import db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("cf101aa", "CF10 1AA"),
        ("  CF10   1AA ", "CF10 1AA"),
        ("np204ab", "NP20 4AB"),
        ("cf5 1qa", "CF5 1QA"),
        ("not a postcode", None),
        ("CF10", None),
        ("", None),
        ("<script>", None),
    ],
)
def test_normalise_postcode(raw: str, expected: str | None) -> None:
    assert normalise_postcode(raw) == expected


@pytest.mark.usefixtures("geodata")
def test_all_73_wards_with_welsh_names_are_loaded(app_ctx: Flask) -> None:
    counts = dict(db.session.execute(sa.select(Ward.la_code, sa.func.count()).group_by(Ward.la_code)).all())
    assert counts == {"W06000015": 28, "W06000022": 21, "W06000014": 24}
    cardiff = db.session.get(LocalAuthority, "W06000015")
    assert cardiff is not None
    assert cardiff.name_cy == "Caerdydd"
    assert cardiff.boundary_geojson
    welsh_names = db.session.scalars(sa.select(Ward.name_cy).where(Ward.name_cy != Ward.name_en)).all()
    assert len(welsh_names) == 43


@pytest.mark.usefixtures("geodata")
def test_postcode_lookup_normalises_and_finds_ward(app_ctx: Flask) -> None:
    location = lookup_postcode("cf101aa")
    assert location.postcode == "CF10 1AA"
    assert location.la_code == "W06000015"
    cathays = db.session.get(Ward, location.ward_code)
    assert cathays is not None
    assert cathays.name_en == "Cathays"
    assert location.latitude == pytest.approx(51.479102)


@pytest.mark.usefixtures("geodata")
def test_postcode_outside_the_three_areas_names_where_it_is(app_ctx: Flask) -> None:
    with pytest.raises(LocationError) as error:
        lookup_postcode("CF14 0LB")
    assert error.value.code == "outside_area"
    assert error.value.detail == "Caerphilly"


@pytest.mark.usefixtures("geodata")
@pytest.mark.parametrize(("raw", "code"), [("CF99 9ZZ", "unknown_postcode"), ("hello", "invalid_postcode")])
def test_bad_postcodes_say_what_is_wrong(app_ctx: Flask, raw: str, code: str) -> None:
    with pytest.raises(LocationError) as error:
        lookup_postcode(raw)
    assert error.value.code == code


@pytest.mark.usefixtures("geodata")
def test_point_in_polygon_agrees_with_the_postcode_table(app_ctx: Flask) -> None:
    sample = db.session.scalars(
        sa.select(Postcode).where(Postcode.in_area.is_(True)).order_by(Postcode.postcode).limit(400)
    ).all()
    agree = sum(1 for pc in sample if locate_point(pc.latitude, pc.longitude).ward_code == pc.ward_code)
    assert agree / len(sample) > 0.97  # same BSC polygons; disagreement only at the tolerance margins


@pytest.mark.usefixtures("geodata")
def test_point_far_outside_is_refused(app_ctx: Flask) -> None:
    with pytest.raises(LocationError) as error:
        locate_point(51.7, -3.4)  # Merthyr Tydfil
    assert error.value.code == "outside_area"


@pytest.mark.usefixtures("geodata")
def test_out_of_area_postcodes_are_kept_only_to_explain_refusals(app_ctx: Flask) -> None:
    outside = db.session.get(Postcode, "CF14 0LB")
    assert outside is not None
    assert outside.in_area is False
    assert outside.ward_code is None


def test_loading_from_a_missing_folder_is_a_clear_error(app_ctx: Flask, tmp_path: Path) -> None:
    with pytest.raises(GeographyError, match="no such folder"):
        load_geography(tmp_path / "nowhere")
    with pytest.raises(GeographyError, match="found none of"):
        load_geography(tmp_path)


def test_malformed_geojson_names_the_file(app_ctx: Flask, tmp_path: Path) -> None:
    (tmp_path / "boundaries").mkdir()
    (tmp_path / "boundaries" / "wards_2023_bsc.geojson").write_text("{not json")
    with pytest.raises(GeographyError, match=r"wards_2023_bsc\.geojson"):
        load_geography(tmp_path)
    db.session.rollback()


def test_cli_geography_load_reports_counts(app: Flask, geodata: Path) -> None:
    result = app.test_cli_runner().invoke(args=["abcd", "geography", "load", str(geodata)])
    assert result.exit_code == 0, result.output
    assert "Loaded 73 wards." in result.output
    assert "Loaded 37304 postcodes." in result.output


def test_cli_geography_load_of_missing_folder_fails_cleanly(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["abcd", "geography", "load", str(tmp_path / "nope")])
    assert result.exit_code != 0
    assert "no such folder" in result.output
