"""A density grid of points in squares of about one kilometre: the fallback when no ward boundaries are loaded.

Pure, no Flask. Squares are aligned to a fixed origin, so a square is the same on every request.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

KM_PER_DEGREE_LATITUDE = 111.32
ORIGIN = (51.0, -4.0)  # south-west of the three authorities; squares count from here
REFERENCE_LATITUDE = 51.5  # where a degree of longitude is measured, so squares stay square enough here


@dataclass(frozen=True)
class GridCell:
    south: float
    west: float
    north: float
    east: float
    count: int
    area_km2: float

    @property
    def density(self) -> float:
        return self.count / self.area_km2

    def polygon(self) -> list[list[list[float]]]:
        """GeoJSON Polygon coordinates (lon, lat), anticlockwise."""
        ring = [[self.west, self.south], [self.east, self.south], [self.east, self.north], [self.west, self.north]]
        return [[*ring, ring[0]]]


def cell_size_degrees(cell_km: float) -> tuple[float, float]:
    """(latitude, longitude) extent of a square of ``cell_km`` kilometres near the three authorities."""
    dlat = cell_km / KM_PER_DEGREE_LATITUDE
    dlon = cell_km / (KM_PER_DEGREE_LATITUDE * math.cos(math.radians(REFERENCE_LATITUDE)))
    return dlat, dlon


def density_grid(points: Iterable[tuple[float, float]], cell_km: float = 1.0) -> list[GridCell]:
    """Count (latitude, longitude) points per square; only squares holding something are returned."""
    if cell_km <= 0:
        raise ValueError("cell_km must be positive")
    dlat, dlon = cell_size_degrees(cell_km)
    counts: Counter[tuple[int, int]] = Counter()
    for latitude, longitude in points:
        if math.isfinite(latitude) and math.isfinite(longitude):
            counts[(math.floor((latitude - ORIGIN[0]) / dlat), math.floor((longitude - ORIGIN[1]) / dlon))] += 1
    cells = []
    for (row, column), count in sorted(counts.items()):
        south, west = ORIGIN[0] + row * dlat, ORIGIN[1] + column * dlon
        cells.append(
            GridCell(
                south=round(south, 6),
                west=round(west, 6),
                north=round(south + dlat, 6),
                east=round(west + dlon, 6),
                count=count,
                area_km2=cell_km * cell_km,
            )
        )
    return cells
