"""Ward and authority outlines for every map's base layer (static/js/maps/base.js): our own boundaries
(abcd.areas), so a map is readable with no tile server at all.

Simplified per band of zooms (about half a screen pixel of error at the band's closest zoom), rounded to
about a metre, and kept per process until the geography is loaded again. Services never touch the request.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterable
from typing import Any

import shapely
import sqlalchemy as sa
from shapely.geometry import mapping, shape

from abcd.areas.models import DatasetLoad, LocalAuthority, Ward
from abcd.extensions import db
from abcd.i18n import record_name

# Bands of zoom that share one level of detail: (first zoom, last zoom). The map asks again only on leaving one.
# From 12 on the stored (already generalised) boundaries keep nearly every point: one band, one request.
BANDS: tuple[tuple[int, int], ...] = ((0, 9), (10, 11), (12, 22))
DEFAULT_ZOOM = 10
PIXEL_ERROR = 1.0  # the simplification's tolerance, in screen pixels at the band's closest zoom
DECIMALS = 5  # about a metre: the most any band keeps
_cache: dict[tuple[int, tuple[int, int], str], bytes] = {}
_cache_lock = threading.Lock()


class ZoomError(ValueError):
    """A zoom parameter that is not a whole number."""


def parse_zoom(raw: str | None) -> int:
    """The zoom asked for, kept within 0..22; DEFAULT_ZOOM when absent. Raises ZoomError when not a whole number."""
    if raw is None or not raw.strip():
        return DEFAULT_ZOOM
    try:
        zoom = int(raw.strip())
    except ValueError as exc:
        raise ZoomError(raw) from exc
    return max(BANDS[0][0], min(BANDS[-1][1], zoom))


def band_for(zoom: int) -> tuple[int, int]:
    return next(band for band in BANDS if band[0] <= zoom <= band[1])


def tolerance(band: tuple[int, int]) -> float:
    """Degrees of longitude in ``PIXEL_ERROR`` screen pixels at the band's closest zoom (Web Mercator)."""
    return PIXEL_ERROR * 360.0 / (256 * 2 ** min(band[1], 16))


def decimals(band: tuple[int, int]) -> int:
    """Enough decimal places for half a screen pixel at the band's closest zoom, and no more."""
    half_pixel = 360.0 / (256 * 2 ** band[1]) / 2
    return min(DECIMALS, max(2, math.ceil(-math.log10(half_pixel))))


def _rounded(value: Any, places: int) -> Any:
    if isinstance(value, float):
        return round(value, places)
    if isinstance(value, (list, tuple)):
        return [_rounded(item, places) for item in value]
    return value


def simplified(geojson_text: str, band: tuple[int, int]) -> dict[str, Any] | None:
    """A boundary's GeoJSON geometry simplified for the band; None when the stored text is not a usable shape."""
    try:
        geometry = shape(json.loads(geojson_text))
    except (ValueError, TypeError, AttributeError, KeyError, shapely.errors.GEOSException):
        return None
    thinner = geometry.simplify(tolerance(band), preserve_topology=True)
    if thinner.is_empty:
        return None
    outline = mapping(thinner)
    return {"type": outline["type"], "coordinates": _rounded(outline["coordinates"], decimals(band))}


def geography_version() -> int:
    """Changes whenever boundaries may have: each geography load records a dataset load."""
    return db.session.scalar(sa.select(sa.func.max(DatasetLoad.dataset_load_id))) or 0


def _features(places: Iterable[LocalAuthority | Ward], level: str, band: tuple[int, int], language: str) -> list[str]:
    features = []
    for place in places:
        geometry = simplified(place.boundary_geojson or "", band)
        if geometry is None:
            continue
        properties = {"level": level, "name": record_name(place, language=language)}
        features.append(
            json.dumps(
                {"type": "Feature", "id": place.code, "geometry": geometry, "properties": properties},
                separators=(",", ":"),
                ensure_ascii=False,
            )
        )
    return features


def outline_document(zoom: int, language: str, version: int) -> bytes:
    """Authorities first (drawn under their wards), then wards, as a FeatureCollection that says which zooms
    its detail suits (``zooms``: [first, last])."""
    band = band_for(zoom)
    key = (version, band, language)
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    authorities = db.session.scalars(
        sa.select(LocalAuthority).where(LocalAuthority.boundary_geojson.is_not(None)).order_by(LocalAuthority.code)
    )
    wards = db.session.scalars(sa.select(Ward).where(Ward.boundary_geojson.is_not(None)).order_by(Ward.code))
    features = _features(authorities, "authority", band, language) + _features(wards, "ward", band, language)
    body = (
        f'{{"type":"FeatureCollection","zooms":[{band[0]},{band[1]}],"features":[' + ",".join(features) + "]}"
    ).encode("utf-8")
    with _cache_lock:
        if any(cached[0] != version for cached in _cache):
            _cache.clear()  # an older geography's outlines are never asked for again
        _cache[key] = body
    return body
