"""Distance from a search's centre: in SQL to order and to keep a radius, in Python to show it.

SQL uses the flat-earth distance (arithmetic every database has, and within metres of the great circle
over the 30 km the three areas span); the figure shown is the great-circle (haversine) distance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from abcd.extensions import db
from abcd.search.places import Point

KM_PER_DEGREE = 111.195  # of latitude, and of longitude at the equator (mean Earth radius 6,371 km)
EARTH_RADIUS_KM = 6371.0


def squared_km(point: Point, latitude: Any, longitude: Any) -> ColumnElement[float]:
    """SQL: the squared distance in km² from ``point`` to the columns ``latitude``, ``longitude``."""
    north = (latitude - point.latitude) * KM_PER_DEGREE
    east = (longitude - point.longitude) * (KM_PER_DEGREE * math.cos(math.radians(point.latitude)))
    return north * north + east * east


def within_km(point: Point, radius_km: float, latitude: Any, longitude: Any) -> list[ColumnElement[bool]]:
    """SQL: a box around the circle (cheap, and an index on the columns can use it), then the circle."""
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(point.latitude)), 0.01))
    return [
        latitude.between(point.latitude - dlat, point.latitude + dlat),
        longitude.between(point.longitude - dlon, point.longitude + dlon),
        squared_km(point, latitude, longitude) <= radius_km * radius_km,
    ]


def ordered_by_distance(query: sa.Select[Any], point: Point, latitude: Any, longitude: Any) -> sa.Select[Any]:
    """``query`` nearest first; records without a position last."""
    return query.order_by(latitude.is_(None), squared_km(point, latitude, longitude))


@dataclass(frozen=True)
class Reach:
    """How far the first ``rows`` records reach (None: every one may be needed) and, found in the same
    pass, how many records there are (None when fewer than ``rows``: count them if needed)."""

    farthest: float | None
    total: int | None


def nearest_reach(unranked: sa.Select[Any], point: Point, latitude: Any, longitude: Any, rows: int) -> Reach:
    """The squared distance of the ``rows``-th nearest of ``unranked`` (records without a position last) and
    the number of records, in one pass over positions an index holds."""
    distance = squared_km(point, latitude, longitude)
    found = db.session.execute(
        unranked.with_only_columns(distance, sa.func.count().over())
        .order_by(latitude.is_(None), distance)
        .offset(max(rows, 1) - 1)
        .limit(1)
    ).first()
    return Reach(None, None) if found is None else Reach(found[0], found[1])


def within_reach(ranked: sa.Select[Any], reach: Reach, point: Point, latitude: Any, longitude: Any) -> sa.Select[Any]:
    """``ranked`` (nearest first) kept to the records no farther than ``reach``: the ranked query then sorts
    a page's worth of records, not every one in range. Ties at that distance all stay, so its first rows are
    exactly those of ``ranked`` alone."""
    if reach.farthest is None:
        return ranked
    return ranked.where(squared_km(point, latitude, longitude) <= reach.farthest)


def haversine_km(point: Point, latitude: float | None, longitude: float | None) -> float | None:
    """The great-circle distance in km, or None for a record without a position."""
    if latitude is None or longitude is None:
        return None
    phi1, phi2 = math.radians(point.latitude), math.radians(latitude)
    dphi, dlambda = phi2 - phi1, math.radians(longitude - point.longitude)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
