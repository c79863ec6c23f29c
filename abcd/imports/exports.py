"""Asset exports (CSV, XLSX, GeoJSON) within what the viewer may see, in stable columns that the import
reads back: re-importing an unchanged export changes nothing, an edited cell makes exactly that update."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import selectinload

from abcd.assets.directory import DirectoryFilters, directory_query
from abcd.assets.models import Asset
from abcd.extensions import db
from abcd.imports.sheets import sheet_csv, sheet_xlsx

# Stable: columns are only ever added at the end. ward_code and la_code are for reading (the import
# derives them from the postcode); every other column is read back by the import's automatic mapping.
COLUMNS = (
    "asset_id", "version", "name_en", "name_cy", "kind", "status", "description_en", "description_cy",
    "address", "postcode", "latitude", "longitude", "ward_code", "la_code", "contact_name", "contact_email",
    "contact_phone", "website", "accessibility_info", "themes",
)  # fmt: skip
FORMATS = ("csv", "xlsx", "geojson")


def exported_assets(viewer: Any, filters: DirectoryFilters) -> list[Asset]:
    """The records the directory would list for this viewer and these filters (one visibility rule)."""
    query = directory_query(filters, viewer).options(selectinload(Asset.themes))
    return list(db.session.scalars(query))


def _cell(asset: Asset, name: str) -> Any:
    if name == "themes":
        return "; ".join(sorted(theme.slug for theme in asset.themes))
    value = getattr(asset, name)
    if hasattr(value, "value"):
        return value.value
    return "" if value is None else value


def rows(assets: list[Asset]) -> Iterator[list[Any]]:
    for asset in assets:
        yield [_cell(asset, name) for name in COLUMNS]


def export(assets: list[Asset], fmt: str) -> bytes:
    """The records in ``fmt`` (one of FORMATS)."""
    if fmt == "xlsx":
        return sheet_xlsx(COLUMNS, rows(assets), title="assets")
    if fmt == "geojson":
        return json.dumps(geojson(assets), ensure_ascii=False).encode("utf-8")
    return sheet_csv(COLUMNS, rows(assets))


def geojson(assets: list[Asset]) -> dict[str, Any]:
    features = []
    for asset, values in zip(assets, rows(assets), strict=True):
        properties = dict(zip(COLUMNS, values, strict=True))
        has_point = asset.latitude is not None and asset.longitude is not None
        geometry = {"type": "Point", "coordinates": [asset.longitude, asset.latitude]} if has_point else None
        features.append({"type": "Feature", "id": asset.asset_id, "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}
