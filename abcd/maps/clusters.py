"""Clusters by zoom, from the server: the asset map at 50,000 assets without sending 50,000 points.

For a view (bbox) and a zoom, published assets matching the directory's filters are counted per kind in
squares of about ``CELL_PX`` screen pixels at that zoom, in SQL (GROUP BY on snapped coordinates), so the
index is the assets table itself and is never out of date. A square holding one asset of a kind, or any
square at ``SINGLES_ZOOM`` and closer, is sent as the asset itself (with everything its popup needs);
the rest as a cluster: its count, the mean position of its assets and the box that holds them, so
clicking it can zoom exactly there. The total over clusters and assets is the list twin's count for the
same view and filters. Services never commit and never touch the request.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from abcd.assets.directory import DirectoryFilters
from abcd.assets.models import Asset
from abcd.extensions import db
from abcd.links.services import story_places
from abcd.maps.geojson import asset_collection
from abcd.maps.services import BoundingBox, asset_points_query

CELL_PX = 60  # a square of the grid, in screen pixels: about markercluster's radius of 50 around a marker
SINGLES_ZOOM = 17  # from here on (a street or two) every asset is drawn on its own
MIN_ZOOM, MAX_ZOOM = 0, 22
TILE_PX = 256
LATITUDE_SCALE = 0.62  # cos(51.5°): a square of screen at our latitude spans fewer degrees of latitude
SQL_CHUNK = 500  # ids per IN (...) when the single assets are read


def cell_degrees(zoom: int) -> tuple[float, float]:
    """(latitude, longitude) size in degrees of a grid square at ``zoom`` (Web Mercator, near 51.5° N)."""
    dlon = CELL_PX * 360.0 / (TILE_PX * 2**zoom)
    return dlon * LATITUDE_SCALE, dlon


def _snap(column: Any, offset: float, size: float) -> Any:
    """The grid index of a coordinate: floor((value + offset) / size), written for the database in use."""
    shifted = (column + offset) / size
    if db.engine.dialect.name == "sqlite":  # no floor() without the math extension; positive, so CAST truncates
        return sa.cast(shifted, sa.Integer)
    return sa.cast(sa.func.floor(shifted), sa.Integer)


@dataclass(frozen=True)
class Cluster:
    kind: str
    count: int
    latitude: float
    longitude: float
    south: float
    west: float
    north: float
    east: float

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "count": self.count,
            "lat": round(self.latitude, 6),
            "lon": round(self.longitude, 6),
            "bbox": [round(self.west, 6), round(self.south, 6), round(self.east, 6), round(self.north, 6)],
        }


@dataclass(frozen=True)
class ClusterView:
    zoom: int
    clusters: list[Cluster]
    singles: Sequence[sa.Row[Any]]  # rows of asset_points_query

    @property
    def total(self) -> int:
        return sum(c.count for c in self.clusters) + len(self.singles)


def clamp_zoom(raw: str | None) -> int | None:
    """An integer zoom from the query, kept in range; None when absent or not a number."""
    try:
        zoom = int(float(raw)) if raw is not None and raw.strip() else None
    except ValueError:
        return None
    return None if zoom is None else max(MIN_ZOOM, min(MAX_ZOOM, zoom))


def cluster_view(filters: DirectoryFilters, bbox: BoundingBox | None, zoom: int) -> ClusterView:
    """Clusters and single assets for this view: two queries (the grid, then the singles by id)."""
    if zoom >= SINGLES_ZOOM:
        return ClusterView(zoom, [], db.session.execute(asset_points_query(filters, bbox)).all())
    points = asset_points_query(filters, bbox).subquery()
    dlat, dlon = cell_degrees(zoom)
    row = _snap(points.c.latitude, 90.0, dlat)
    column = _snap(points.c.longitude, 180.0, dlon)
    grid = sa.select(
        points.c.kind,
        sa.func.count(),
        sa.func.avg(points.c.latitude),
        sa.func.avg(points.c.longitude),
        sa.func.min(points.c.latitude),
        sa.func.min(points.c.longitude),
        sa.func.max(points.c.latitude),
        sa.func.max(points.c.longitude),
        sa.func.min(points.c.asset_id),
    ).group_by(row, column, points.c.kind)
    clusters: list[Cluster] = []
    single_ids: list[int] = []
    for kind, count, lat, lon, south, west, north, east, first_id in db.session.execute(grid):
        if count == 1:
            single_ids.append(first_id)
        else:
            kind_value = kind.value if hasattr(kind, "value") else str(kind)
            clusters.append(Cluster(kind_value, count, lat, lon, south, west, north, east))
    singles: list[sa.Row[Any]] = []
    for start in range(0, len(single_ids), SQL_CHUNK):
        chunk = single_ids[start : start + SQL_CHUNK]
        singles.extend(db.session.execute(asset_points_query(filters, bbox).where(Asset.asset_id.in_(chunk))))
    clusters.sort(key=lambda c: (c.kind, c.south, c.west))
    return ClusterView(zoom, clusters, singles)


def cluster_document(view: ClusterView, language: str, version: str) -> bytes:
    """``{"version", "zoom", "total", "clusters": [...], "assets": <GeoJSON FeatureCollection>}`` as UTF-8.

    The single assets are the same GeoJSON features as /maps/assets.geojson, so popups are unchanged."""
    head = json.dumps(
        {
            "version": version,
            "zoom": view.zoom,
            "total": view.total,
            "clusters": [c.as_json() for c in view.clusters],
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )
    related = story_places() if view.singles else {}
    features = asset_collection(view.singles, language, related)
    return head[:-1].encode("utf-8") + b',"assets":' + features + b"}"
