"""Point-in-polygon over ward and local-authority boundaries: pure, no Flask, no database."""

from __future__ import annotations

import json
from dataclasses import dataclass

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True)
class Boundary:
    code: str
    la_code: str
    geojson: str  # a GeoJSON geometry object


@dataclass(frozen=True)
class AreaMatch:
    la_code: str
    ward_code: str | None


class AreaIndex:
    """Finds the local authority and ward of a point.

    The local authority comes from its own (finer) outline; the ward is searched only among that
    authority's wards, and a point that falls in a gap of the generalised ward polygons takes the
    nearest ward of the same authority.
    """

    def __init__(self, authorities: list[Boundary], wards: list[Boundary]) -> None:
        self._authorities = [(b.code, self._prepared(b)) for b in authorities]
        self._wards: dict[str, list[tuple[str, BaseGeometry]]] = {}
        for ward in wards:
            self._wards.setdefault(ward.la_code, []).append((ward.code, self._prepared(ward)))

    @staticmethod
    def _prepared(boundary: Boundary) -> BaseGeometry:
        geometry = shape(json.loads(boundary.geojson))
        shapely.prepare(geometry)
        return geometry

    def locate(self, latitude: float, longitude: float, tolerance_deg: float = 0.004) -> AreaMatch | None:
        """The area holding the point, or None when it lies outside every authority.

        ``tolerance_deg`` (about 300 m) admits coastal points just outside a generalised coastline.
        """
        point = Point(longitude, latitude)
        la_code = self._containing(self._authorities, point, tolerance_deg)
        if la_code is None:
            return None
        wards = self._wards.get(la_code, [])
        ward_code = self._containing(wards, point, tolerance_deg=None) if wards else None
        return AreaMatch(la_code=la_code, ward_code=ward_code)

    @staticmethod
    def _containing(
        candidates: list[tuple[str, BaseGeometry]], point: Point, tolerance_deg: float | None
    ) -> str | None:
        for code, geometry in candidates:
            if geometry.covers(point):
                return code
        if not candidates:
            return None
        distance, code = min((geometry.distance(point), code) for code, geometry in candidates)
        if tolerance_deg is None or distance <= tolerance_deg:
            return code
        return None
