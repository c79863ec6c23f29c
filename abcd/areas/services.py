"""Where things are: postcode lookup and point-to-area, over the geography held in the database."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from abcd.areas.geometry import AreaIndex, Boundary
from abcd.areas.models import DatasetLoad, LocalAuthority, Postcode, Ward
from abcd.extensions import db

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


class LocationError(ValueError):
    """A postcode or point that cannot be placed; ``code`` says why, ``detail`` names the place."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code  # "invalid_postcode" | "unknown_postcode" | "outside_area" | "no_boundaries"
        self.detail = detail


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    la_code: str
    ward_code: str | None
    postcode: str | None = None


def normalise_postcode(raw: str) -> str | None:
    """'cf101aa' -> 'CF10 1AA'; None when the text cannot be a UK postcode."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else None


def lookup_postcode(raw: str) -> Location:
    """The point and areas of a postcode in Cardiff, Newport or the Vale.

    Raises LocationError: invalid_postcode (not a postcode's shape), unknown_postcode (not in the
    postcode table), outside_area (a real postcode elsewhere; ``detail`` names its authority).
    """
    postcode = normalise_postcode(raw)
    if postcode is None:
        raise LocationError("invalid_postcode", raw.strip()[:20])
    row = db.session.get(Postcode, postcode)
    if row is None:
        raise LocationError("unknown_postcode", postcode)
    if not row.in_area or row.la_code is None:
        raise LocationError("outside_area", row.la_name or "")
    return Location(row.latitude, row.longitude, row.la_code, row.ward_code, postcode)


def locate_point(latitude: float, longitude: float) -> Location:
    """The areas of a point. Raises LocationError: no_boundaries, or outside_area."""
    index = _area_index()
    if index is None:
        raise LocationError("no_boundaries")
    match = index.locate(latitude, longitude)
    if match is None:
        raise LocationError("outside_area")
    return Location(latitude, longitude, match.la_code, match.ward_code)


def _geography_version() -> int:
    return db.session.scalar(sa.select(sa.func.max(DatasetLoad.dataset_load_id))) or 0


def _area_index() -> AreaIndex | None:
    """Built once per process and geography load; a new load (any process) rebuilds it."""
    version = _geography_version()
    cache = current_app.extensions.setdefault("abcd_area_index", {})
    if version not in cache:
        authorities = [
            Boundary(la.code, la.code, la.boundary_geojson)
            for la in db.session.scalars(sa.select(LocalAuthority).where(LocalAuthority.boundary_geojson.is_not(None)))
            if la.boundary_geojson
        ]
        wards = [
            Boundary(w.code, w.la_code, w.boundary_geojson)
            for w in db.session.scalars(sa.select(Ward).where(Ward.boundary_geojson.is_not(None)))
            if w.boundary_geojson
        ]
        cache.clear()
        cache[version] = AreaIndex(authorities, wards) if authorities else None
    return cache[version]


def local_authorities() -> list[LocalAuthority]:
    return list(db.session.scalars(sa.select(LocalAuthority).order_by(LocalAuthority.name_en)))


def wards(la_code: str | None = None) -> list[Ward]:
    query = sa.select(Ward).order_by(Ward.name_en)
    if la_code:
        query = query.where(Ward.la_code == la_code)
    return list(db.session.scalars(query))
