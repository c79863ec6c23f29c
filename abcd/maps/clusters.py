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
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from abcd.assets.directory import DirectoryFilters, directory_query
from abcd.assets.models import Asset
from abcd.extensions import db
from abcd.links.services import story_places
from abcd.maps.geojson import asset_collection
from abcd.maps.services import BoundingBox, asset_points_query, within

CELL_PX = 80  # a square of the grid, in screen pixels: Leaflet.markercluster's default radius; per kind, so a
# busy square shows up to six markers, and a view at 50,000 assets a few hundred (each one a DOM element to draw)
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
            "lat": round(self.latitude, 5),
            "lon": round(self.longitude, 5),
            "bbox": [round(self.west, 5), round(self.south, 5), round(self.east, 5), round(self.north, 5)],
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
    except (ValueError, OverflowError):  # OverflowError: "1e999" is infinity as a float
        return None
    return None if zoom is None else max(MIN_ZOOM, min(MAX_ZOOM, zoom))


GridKey = tuple[int, int, str]  # (row, column, kind)
Aggregate = tuple[int, float, float, float, float, float, float, int]  # count, mean lat/lon, box, first id
CACHED_ZOOMS = range(MIN_ZOOM, 14)  # a whole-area grid per zoom up to here; closer views are small queries
CACHE_SIZE = 48  # grids kept per process: (data version, filters, zoom)
CACHE_SQUARES = 150_000  # and at most this many squares in all (about 60 MB): the oldest grids go first
_grids: OrderedDict[tuple[str, DirectoryFilters, int], dict[GridKey, Aggregate]] = OrderedDict()
_grids_lock = threading.Lock()


def _grid_query(filters: DirectoryFilters, bbox: BoundingBox | None, zoom: int) -> tuple[sa.Select[Any], Any, Any]:
    """Count, mean position, box and first id per grid square and kind; also the square's two index columns."""
    dlat, dlon = cell_degrees(zoom)
    row, column = _snap(Asset.latitude, 90.0, dlat), _snap(Asset.longitude, 180.0, dlon)
    query = (
        within(directory_query(filters, ranked=False), bbox)
        .with_only_columns(
            row,
            column,
            Asset.kind,
            sa.func.count(),
            sa.func.avg(Asset.latitude),
            sa.func.avg(Asset.longitude),
            sa.func.min(Asset.latitude),
            sa.func.min(Asset.longitude),
            sa.func.max(Asset.latitude),
            sa.func.max(Asset.longitude),
            sa.func.min(Asset.asset_id),
        )
        .where(Asset.latitude.is_not(None), Asset.longitude.is_not(None))
        .group_by(row, column, Asset.kind)
    )
    return query, row, column


def _kind(value: Any) -> str:
    return str(value.value if hasattr(value, "value") else value)


def _read(query: sa.Select[Any]) -> dict[GridKey, Aggregate]:
    return {(r, c, _kind(kind)): tuple(rest) for r, c, kind, *rest in db.session.execute(query)}


def _whole_grid(filters: DirectoryFilters, zoom: int, version: str) -> dict[GridKey, Aggregate]:
    """The grid over every asset matching ``filters``, kept until the public data's version changes."""
    key = (version, filters, zoom)
    with _grids_lock:
        if key in _grids:
            _grids.move_to_end(key)
            return _grids[key]
    grid = _read(_grid_query(filters, None, zoom)[0])
    with _grids_lock:
        _grids[key] = grid
        while len(_grids) > CACHE_SIZE or (len(_grids) > 1 and sum(map(len, _grids.values())) > CACHE_SQUARES):
            _grids.popitem(last=False)
    return grid


def warm(filters: DirectoryFilters, zooms: Sequence[int], version: str) -> None:
    """Build the whole-area grids for ``zooms`` not yet kept (the map's next step in or out), so that step
    is answered from the kept grid. Run after a response has gone (abcd.maps.views)."""
    for zoom in zooms:
        if zoom in CACHED_ZOOMS and (version, filters, zoom) not in _grids:
            _whole_grid(filters, zoom, version)


def _squares_inside(bbox: BoundingBox, zoom: int) -> tuple[int, int, int, int]:
    """Rows and columns (first, last) of the squares lying wholly inside ``bbox``, with a square's margin at
    each edge: their assets are all in the box, whichever side of a rounding error they fall."""
    dlat, dlon = cell_degrees(zoom)
    return (
        math.floor((bbox.south + 90.0) / dlat) + 1,
        math.floor((bbox.north + 90.0) / dlat) - 1,
        math.floor((bbox.west + 180.0) / dlon) + 1,
        math.floor((bbox.east + 180.0) / dlon) - 1,
    )


def grid_for(
    filters: DirectoryFilters, bbox: BoundingBox | None, zoom: int, version: str | None = None
) -> dict[GridKey, Aggregate]:
    """The grid squares of a view. With a ``version`` (the public data's) and a zoom in CACHED_ZOOMS, the
    squares wholly inside the view come from the whole-area grid kept for that version, and only the
    squares on the view's edges are counted in SQL, over the assets inside the view: exact either way."""
    if version is None or zoom not in CACHED_ZOOMS:
        return _read(_grid_query(filters, bbox, zoom)[0])
    whole = _whole_grid(filters, zoom, version)
    if bbox is None:
        return whole
    first_row, last_row, first_col, last_col = _squares_inside(bbox, zoom)
    if first_row > last_row or first_col > last_col:
        return _read(_grid_query(filters, bbox, zoom)[0])
    query, row, column = _grid_query(filters, bbox, zoom)
    edges = _read(query.where(sa.not_(sa.and_(row.between(first_row, last_row), column.between(first_col, last_col)))))
    for key, value in whole.items():
        if first_row <= key[0] <= last_row and first_col <= key[1] <= last_col:
            edges[key] = value
    return edges


def cluster_view(
    filters: DirectoryFilters, bbox: BoundingBox | None, zoom: int, version: str | None = None
) -> ClusterView:
    """Clusters and single assets for this view: the grid, then the singles by id."""
    if zoom >= SINGLES_ZOOM:
        return ClusterView(zoom, [], db.session.execute(asset_points_query(filters, bbox)).all())
    clusters: list[Cluster] = []
    single_ids: list[int] = []
    for (_row, _column, kind), (count, lat, lon, south, west, north, east, first_id) in grid_for(
        filters, bbox, zoom, version
    ).items():
        if count == 1:
            single_ids.append(first_id)
        else:
            clusters.append(Cluster(kind, count, lat, lon, south, west, north, east))
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
