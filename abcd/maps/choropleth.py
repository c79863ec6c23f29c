"""Strengths by ward as colours: a value per ward (or per grid square when no boundaries are loaded),
quantile classes, and the words shown on hover. The page's legend and the map's data share these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import format_decimal
from flask_babel import gettext as _

from abcd.areas.models import Ward
from abcd.assets.models import AssetKind
from abcd.i18n import record_name
from abcd.maps import services
from abcd.maps.geojson import AreaFeature
from abcd.maps.grid import density_grid
from abcd.maps.styles import class_breaks, class_colour, class_of

GRID_KM = 1.0


@dataclass
class Choropleth:
    measure: str  # "count" or "density" (per km²)
    by_grid: bool  # True when ward boundaries are not loaded
    breaks: list[float]
    lowest: float = 0.0  # the smallest value above zero, where the first class starts
    features: list[AreaFeature] = field(default_factory=list)

    def legend(self) -> list[tuple[str, str]]:
        """(colour, words) for each class, starting with places where nothing is recorded yet."""
        rows = [(class_colour(0, self.breaks), _("Ready for its strengths to be recorded"))]
        lower = self.lowest
        for number, upper in enumerate(self.breaks, start=1):
            low, high = _number(lower, self.measure), _number(upper, self.measure)
            words = high if low == high else _("%(low)s to %(high)s", low=low, high=high)
            rows.append((class_colour(number, self.breaks), words))
            lower = upper + 1 if self.measure == "count" else upper  # counts are whole numbers
        return rows


def _lowest(values: list[float]) -> float:
    return min((v for v in values if v > 0), default=0.0)


def _number(value: float, measure: str) -> str:
    return format_decimal(value, format="#,##0.##" if measure == "density" else "#,##0")


def _ward_value(count: int, area_m2: float | None, measure: str) -> float:
    if measure == "density":
        return count / (area_m2 / 1_000_000) if area_m2 else 0.0
    return float(count)


def _ward_label(ward: Ward, count: int, area_m2: float | None, language: str) -> str:
    name = record_name(ward, language=language)
    if count == 0:
        return _("%(ward)s – ready for its strengths to be recorded", ward=name)
    if area_m2:
        density = _number(count / (area_m2 / 1_000_000), "density")
        return _("%(ward)s – assets recorded: %(count)s (%(density)s per km²)", ward=name, count=count, density=density)
    return _("%(ward)s – assets recorded: %(count)s", ward=name, count=count)


def build(kind: AssetKind | None, measure: str, language: str, with_features: bool = True) -> Choropleth:
    """Ward values, classes and (optionally) features; a 1 km density grid when no ward has a boundary."""
    areas = services.ward_areas()
    if not areas:
        return _grid(kind, measure, with_features)
    counts = services.asset_counts_by_ward(kind)
    values = {code: _ward_value(counts.get(code, 0), area, measure) for code, area in areas.items()}
    breaks = class_breaks(list(values.values()))
    result = Choropleth(measure=measure, by_grid=False, breaks=breaks, lowest=_lowest(list(values.values())))
    if with_features:
        for ward in services.ward_shapes():
            count, value = counts.get(ward.code, 0), values.get(ward.code, 0.0)
            properties = {
                "name": record_name(ward, language=language),
                "count": count,
                "value": round(value, 3),
                "fill": class_colour(class_of(value, breaks), breaks),
                "label": _ward_label(ward, count, ward.area_m2, language),
            }
            result.features.append(AreaFeature(ward.code, ward.boundary_geojson or "null", properties))
    return result


def _grid(kind: AssetKind | None, measure: str, with_features: bool) -> Choropleth:
    cells = density_grid(services.asset_coordinates(kind), GRID_KM)
    values = [cell.density if measure == "density" else float(cell.count) for cell in cells]
    breaks = class_breaks(values)
    result = Choropleth(measure=measure, by_grid=True, breaks=breaks, lowest=_lowest(values))
    if with_features:
        for cell, value in zip(cells, values, strict=True):
            properties = {
                "count": cell.count,
                "value": round(value, 3),
                "fill": class_colour(class_of(value, breaks), breaks),
                "label": _("Assets recorded in this square: %(count)s", count=cell.count),
            }
            geometry = {"type": "Polygon", "coordinates": cell.polygon()}
            result.features.append(AreaFeature(f"{cell.south},{cell.west}", geometry, properties))
    return result
