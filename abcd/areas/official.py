"""The official geography files, as published, turned into the loader's layout (abcd/areas/loader.py).

- Wards and local authority districts: ONS Open Geography Portal boundaries, GeoJSON from an ArcGIS REST
  ``query`` endpoint (``f=geojson``, WGS84): properties ``WDyyCD``, ``WDyyNM``, ``WDyyNMW``, ``LAT``,
  ``LONG`` for wards, ``LADyyCD``, ``LADyyNM``, ``LADyyNMW`` for districts (yy is the vintage's year).
- Postcodes: the ONS Postcode Directory (ONSPD), a CSV (or the zip it is published in) with ``pcds``,
  ``doterm`` (empty while live), ``oslaua``, ``osward``, ``lat``, ``long``. It is the whole UK: kept are
  the postcodes of the three authorities, and the other CF and NP ones (to say "outside the area").

A ward's authority is not in the ward boundaries: it is the one its postcodes are in.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from abcd.areas.builtin import LOCAL_AUTHORITIES
from abcd.areas.loader import POSTCODES_IN, POSTCODES_OUT, WARD_FILE, GeographyError

EXPECTED_LADS = tuple(code for code, _en, _cy in LOCAL_AUTHORITIES)  # W06000015, W06000022, W06000014
LAD_FILE = "boundaries/local_authorities_2023_bsc.geojson"  # one of the loader's LA_FILES
NO_POSITION = 99.0  # the ONSPD gives 99.999999 when a postcode has no grid reference
OUR_AREAS = ("CF", "NP")
POSTCODE_COLUMNS = ("pcds", "doterm", "oslaua", "osward", "lat", "long")


@dataclass
class Converted:
    lads: int = 0
    wards: dict[str, int] = field(default_factory=dict)  # per authority
    postcodes: dict[str, int] = field(default_factory=dict)  # per authority
    outside: int = 0
    skipped_terminated: int = 0

    def lines(self) -> list[str]:
        names = {code: en for code, en, _cy in LOCAL_AUTHORITIES}
        return [
            f"{names[code]} ({code}): {self.wards.get(code, 0)} wards, {self.postcodes.get(code, 0)} postcodes"
            for code in EXPECTED_LADS
        ] + [f"{self.outside} other CF and NP postcodes; {self.skipped_terminated} terminated postcodes left out"]


def _field(properties: dict[str, Any], pattern: str, what: str, source: str) -> str:
    for key in properties:
        if re.fullmatch(pattern, key, flags=re.IGNORECASE):
            return key
    raise GeographyError(f"{source}: no {what} field (looked for {pattern}); found {', '.join(properties)}")


def _features(data: Any, source: str) -> list[dict[str, Any]]:
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise GeographyError(f"{source}: not a GeoJSON FeatureCollection with features")
    for feature in features:
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            raise GeographyError(f"{source}: a feature without properties")
        if not feature.get("geometry"):
            raise GeographyError(f"{source}: a feature without properties or geometry")
    return features


def postcode_rows(path: Path) -> Iterator[dict[str, str]]:
    """The ONSPD's rows, from its CSV or from the zip it is published in (the UK-wide CSV inside)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [
                n for n in archive.namelist() if n.lower().endswith(".csv") and "onspd" in n.lower().rsplit("/", 1)[-1]
            ]
            if not names:
                raise GeographyError(f"{path.name}: a zip without an ONSPD CSV")
            chosen = max(names, key=lambda n: archive.getinfo(n).file_size)
            with archive.open(chosen) as raw:
                yield from _csv_rows(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""), path.name)
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from _csv_rows(handle, path.name)


def _csv_rows(handle: io.TextIOBase | Any, source: str) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(handle)
    missing = set(POSTCODE_COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise GeographyError(f"{source}: not the ONS Postcode Directory (no {', '.join(sorted(missing))} column)")
    yield from reader


def convert(lads_path: Path, wards_path: Path, postcodes_path: Path, into: Path) -> Converted:
    """Check the three official files and write the loader's files under ``into``; what was kept."""
    report = Converted()
    lads = _features(json.loads(lads_path.read_text(encoding="utf-8")), lads_path.name)
    first = lads[0]["properties"]
    code_key = _field(first, r"LAD\d\dCD", "district code", lads_path.name)
    name_key = _field(first, r"LAD\d\dNM", "district name", lads_path.name)
    welsh_key = next((k for k in first if re.fullmatch(r"LAD\d\dNMW", k, flags=re.IGNORECASE)), None)
    ours = {f["properties"][code_key]: f for f in lads if f["properties"].get(code_key) in EXPECTED_LADS}
    missing = [code for code in EXPECTED_LADS if code not in ours]
    if missing:
        raise GeographyError(f"{lads_path.name}: the districts {', '.join(missing)} are missing")
    lad_names = {
        code: (f["properties"][name_key], f["properties"].get(welsh_key or "") or "") for code, f in ours.items()
    }

    ward_lads: dict[str, Counter[str]] = {}
    (into / "postcodes").mkdir(parents=True, exist_ok=True)
    inside_columns = ["postcode", "lat", "lon", "lad_code", "lad_name", "ward_code"]
    with (
        (into / POSTCODES_IN).open("w", encoding="utf-8", newline="") as inside_file,
        (into / POSTCODES_OUT).open("w", encoding="utf-8", newline="") as outside_file,
    ):
        inside = csv.DictWriter(inside_file, inside_columns)
        outside = csv.DictWriter(outside_file, ["postcode", "lat", "lon", "lad_code", "lad_name"])
        inside.writeheader()
        outside.writeheader()
        for row in postcode_rows(postcodes_path):
            postcode, lad = row["pcds"].strip().upper(), row["oslaua"].strip()
            if row["doterm"].strip():
                report.skipped_terminated += 1
                continue
            try:
                lat, lon = float(row["lat"]), float(row["long"])
            except ValueError:
                continue
            if lat > NO_POSITION:
                continue
            if lad in EXPECTED_LADS:
                ward = row["osward"].strip()
                ward_lads.setdefault(ward, Counter())[lad] += 1
                inside.writerow({"postcode": postcode, "lat": lat, "lon": lon, "lad_code": lad,
                                 "lad_name": lad_names[lad][0], "ward_code": ward})  # fmt: skip
                report.postcodes[lad] = report.postcodes.get(lad, 0) + 1
            elif postcode[:2] in OUR_AREAS and not postcode[2].isalpha():
                outside.writerow({"postcode": postcode, "lat": lat, "lon": lon, "lad_code": lad, "lad_name": ""})
                report.outside += 1
    empty = [code for code in EXPECTED_LADS if not report.postcodes.get(code)]
    if empty:
        raise GeographyError(f"{postcodes_path.name}: no live postcodes in {', '.join(empty)}")

    wards = _features(json.loads(wards_path.read_text(encoding="utf-8")), wards_path.name)
    props = wards[0]["properties"]
    ward_code = _field(props, r"WD\d\dCD", "ward code", wards_path.name)
    ward_name = _field(props, r"WD\d\dNM", "ward name", wards_path.name)
    ward_welsh = next((k for k in props if re.fullmatch(r"WD\d\dNMW", k, flags=re.IGNORECASE)), None)
    kept = []
    for feature in wards:
        p = feature["properties"]
        counts = ward_lads.get(p.get(ward_code, ""))
        if not counts:
            continue  # a ward of another authority
        lad = counts.most_common(1)[0][0]
        kept.append({"type": "Feature", "geometry": feature["geometry"], "properties": {
            "ward_code": p[ward_code], "ward_name": p[ward_name],
            "ward_name_cy": p.get(ward_welsh or "") or p[ward_name],
            "lad_code": lad, "lad_name": lad_names[lad][0], "lad_name_cy": lad_names[lad][1],
            "ons_centroid_lat": p.get("LAT"), "ons_centroid_lon": p.get("LONG"),
        }})  # fmt: skip
        report.wards[lad] = report.wards.get(lad, 0) + 1
    no_wards = [code for code in EXPECTED_LADS if not report.wards.get(code)]
    if no_wards:
        raise GeographyError(f"{wards_path.name}: no wards of {', '.join(no_wards)}")
    unmapped = sorted(set(ward_lads) - {f["properties"]["ward_code"] for f in kept} - {""})
    if unmapped:
        raise GeographyError(f"{wards_path.name}: no boundary for the postcodes' wards {', '.join(unmapped[:5])}")

    (into / "boundaries").mkdir(parents=True, exist_ok=True)
    _write_collection(into / WARD_FILE, kept)
    _write_collection(into / LAD_FILE, [
        {"type": "Feature", "geometry": f["geometry"], "properties": {
            "lad_code": code, "lad_name": lad_names[code][0], "lad_name_cy": lad_names[code][1]}}
        for code, f in ours.items()
    ])  # fmt: skip
    report.lads = len(ours)
    return report


def _write_collection(path: Path, features: list[dict[str, Any]]) -> None:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
