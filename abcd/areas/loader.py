"""Load official geography (ONS boundaries as GeoJSON, OS Code-Point Open postcodes as CSV).

The file layout is that of ../shared/data; see the README for the official downloads.
Services never commit: the CLI command that calls ``load_geography`` does.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from abcd.areas.builtin import LOCAL_AUTHORITIES
from abcd.areas.models import DatasetLoad, LocalAuthority, Postcode, Ward
from abcd.extensions import db

LA_FILES = ("boundaries/local_authorities_2013_martinjc.geojson", "boundaries/local_authorities_2023_bsc.geojson")
WARD_FILE = "boundaries/wards_2023_bsc.geojson"
POSTCODES_IN = "postcodes/postcodes_cardiff_newport_vale.csv"
POSTCODES_OUT = "postcodes/postcodes_cf_np_outside_area.csv"
_BATCH = 5000


class GeographyError(ValueError):
    """A geography file is missing or malformed; the message names the file and the problem."""


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)


def ensure_builtin_authorities() -> None:
    """The three served authorities exist even when no boundary file has been loaded."""
    for code, name_en, name_cy in LOCAL_AUTHORITIES:
        if db.session.get(LocalAuthority, code) is None:
            db.session.add(LocalAuthority(code=code, name_en=name_en, name_cy=name_cy))
    db.session.flush()


def _features(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        features = data["features"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GeographyError(f"{path}: not a readable GeoJSON FeatureCollection ({exc})") from exc
    for feature in features:
        if not isinstance(feature.get("properties"), dict) or "geometry" not in feature:
            raise GeographyError(f"{path}: a feature without properties or geometry")
    return list(features)


def _rows(path: Path, required: set[str]) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise GeographyError(f"{path}: missing columns {', '.join(sorted(missing))}")
        yield from reader


def _load_authorities(path: Path) -> int:
    count = 0
    for feature in _features(path):
        props = feature["properties"]
        try:
            code = props["lad_code"]
        except KeyError as exc:
            raise GeographyError(f"{path}: a feature has no lad_code") from exc
        la = db.session.get(LocalAuthority, code) or LocalAuthority(code=code)
        la.name_en = props.get("lad_name") or la.name_en or code
        la.name_cy = props.get("lad_name_cy") or la.name_cy or la.name_en
        la.boundary_geojson = json.dumps(feature["geometry"])
        db.session.add(la)
        count += 1
    db.session.flush()
    return count


def _load_wards(path: Path) -> int:
    seen: set[str] = set()
    for feature in _features(path):
        props = feature["properties"]
        try:
            code, la_code, name_en = props["ward_code"], props["lad_code"], props["ward_name"]
        except KeyError as exc:
            raise GeographyError(f"{path}: a ward feature lacks {exc}") from exc
        if db.session.get(LocalAuthority, la_code) is None:
            db.session.add(
                LocalAuthority(
                    code=la_code, name_en=props.get("lad_name") or la_code, name_cy=props.get("lad_name_cy") or ""
                )
            )
        ward = db.session.get(Ward, code) or Ward(code=code)
        ward.la_code = la_code
        ward.name_en = name_en
        ward.name_cy = props.get("ward_name_cy") or name_en
        ward.boundary_geojson = json.dumps(feature["geometry"])
        ward.area_m2 = _float(props.get("area_m2"))
        ward.centroid_lat = _float(props.get("ons_centroid_lat"))
        ward.centroid_lon = _float(props.get("ons_centroid_lon"))
        db.session.add(ward)
        seen.add(code)
    db.session.flush()
    # Wards dropped by a boundary review go; records that pointed at them lose only the ward.
    db.session.execute(sa.delete(Ward).where(Ward.code.not_in(seen)))
    return len(seen)


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _postcode_rows(path: Path, in_area: bool) -> Iterator[dict[str, Any]]:
    required = {"postcode", "lat", "lon", "lad_code"}
    for number, row in enumerate(_rows(path, required), start=2):
        try:
            latitude, longitude = float(row["lat"]), float(row["lon"])
        except ValueError as exc:
            raise GeographyError(f"{path}, line {number}: latitude/longitude are not numbers") from exc
        yield {
            "postcode": row["postcode"].strip().upper(),
            "latitude": latitude,
            "longitude": longitude,
            "in_area": in_area,
            "la_code": row.get("lad_code") or None,
            "la_name": row.get("lad_name") or None,
            "ward_code": (row.get("ward_code") or None) if in_area else None,
        }


def _load_postcodes(paths: list[tuple[Path, bool]]) -> int:
    db.session.execute(sa.delete(Postcode))
    count, batch = 0, []
    for path, in_area in paths:
        for row in _postcode_rows(path, in_area):
            batch.append(row)
            if len(batch) >= _BATCH:
                db.session.execute(sa.insert(Postcode), batch)
                count, batch = count + len(batch), []
    if batch:
        db.session.execute(sa.insert(Postcode), batch)
        count += len(batch)
    return count


def load_geography(directory: Path) -> LoadReport:
    """Load authorities, wards and postcodes found under ``directory``; at least one must exist."""
    if not directory.is_dir():
        raise GeographyError(f"{directory}: no such folder")
    ensure_builtin_authorities()
    report = LoadReport()
    la_file = next((directory / name for name in LA_FILES if (directory / name).is_file()), None)
    if la_file:
        report.counts["local_authorities"] = _load_authorities(la_file)
        _record("local_authorities", la_file, report.counts["local_authorities"])
    if (directory / WARD_FILE).is_file():
        report.counts["wards"] = _load_wards(directory / WARD_FILE)
        _record("wards", directory / WARD_FILE, report.counts["wards"])
    postcode_files = [(directory / POSTCODES_IN, True), (directory / POSTCODES_OUT, False)]
    present = [(path, inside) for path, inside in postcode_files if path.is_file()]
    if present:
        report.counts["postcodes"] = _load_postcodes(present)
        _record("postcodes", present[0][0], report.counts["postcodes"])
    if not report.counts:
        raise GeographyError(f"{directory}: found none of {', '.join([*LA_FILES, WARD_FILE, POSTCODES_IN])}")
    return report


def _record(dataset: str, path: Path, rows: int) -> None:
    db.session.add(DatasetLoad(dataset=dataset, source_file=path.name, row_count=rows))
    db.session.flush()


def geography_loaded() -> bool:
    return bool(db.session.scalar(sa.select(sa.func.count()).select_from(DatasetLoad)))
