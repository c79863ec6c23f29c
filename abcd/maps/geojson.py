"""GeoJSON documents (RFC 7946) from query rows: compact UTF-8 bytes, the same bytes for the same rows. Pure.

Text is data here, not HTML: names go out exactly as typed, and the map script shows them with
``textContent``. GIS colleagues get the same file with ``?download=1``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _dump(document: Any) -> bytes:
    return _json(document).encode("utf-8")


def asset_collection(rows: Iterable[Sequence[Any]], language: str) -> bytes:
    """Points from rows of (asset_id, name_en, name_cy, kind, latitude, longitude, ward_en, ward_cy)."""
    welsh = language == "cy"
    features = [
        {
            "type": "Feature",
            "id": asset_id,
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {
                "name": (name_cy or name_en) if welsh else name_en,
                "kind": str(kind),
                "ward": (ward_cy or ward_en) if welsh else ward_en,
            },
        }
        for asset_id, name_en, name_cy, kind, latitude, longitude, ward_en, ward_cy in rows
    ]
    return _dump({"type": "FeatureCollection", "features": features})


@dataclass(frozen=True)
class WardCount:
    """People counted in a ward, drawn at the ward's centre: never anyone's own point."""

    ward_code: str
    ward_name: str
    latitude: float
    longitude: float
    count: int


def people_collection(wards: Iterable[WardCount]) -> bytes:
    features = [
        {
            "type": "Feature",
            "id": ward.ward_code,
            "geometry": {"type": "Point", "coordinates": [ward.longitude, ward.latitude]},
            "properties": {"ward": ward.ward_name, "count": ward.count},
        }
        for ward in wards
        if ward.count > 0
    ]
    return _dump({"type": "FeatureCollection", "features": features})


@dataclass(frozen=True)
class AreaFeature:
    """A ward or grid square for the choropleth; ``geometry`` is GeoJSON geometry as text or a dict."""

    feature_id: str
    geometry: str | dict[str, Any]
    properties: dict[str, Any]


def area_collection(features: Iterable[AreaFeature], extra: dict[str, Any] | None = None) -> bytes:
    """Polygons with their properties; stored geometry text is spliced in as is, not parsed again."""
    parts = []
    for feature in features:
        geometry = feature.geometry if isinstance(feature.geometry, str) else _json(feature.geometry)
        properties = _json(feature.properties)
        parts.append(
            f'{{"type":"Feature","id":{_json(feature.feature_id)},"geometry":{geometry},"properties":{properties}}}'
        )
    members = "".join(f"{_json(key)}:{_json(value)}," for key, value in (extra or {}).items())
    return ('{"type":"FeatureCollection",' + members + '"features":[' + ",".join(parts) + "]}").encode("utf-8")
