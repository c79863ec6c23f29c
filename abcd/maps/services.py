"""Map queries: published assets as points, people counted by ward, strengths by ward and authority.

Services never commit and never touch the request. Only published assets are ever mapped, and
people are only ever counted per ward, through abcd.people.visibility, so a person hidden from the
viewer is never counted.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from abcd.areas.models import DatasetLoad, LocalAuthority, Ward
from abcd.areas.services import Location, LocationError, local_authorities, locate_point, lookup_postcode
from abcd.assets.directory import DirectoryFilters, directory_query
from abcd.assets.models import Asset, AssetKind, AssetStatus, Theme, asset_theme
from abcd.extensions import db
from abcd.network.feed import domains_token
from abcd.network.models import PUBLIC
from abcd.people.directory import ward_counts
from abcd.people.visibility import Viewer

TOP_THEMES = 3


class BoundingBoxError(ValueError):
    """A bbox parameter that is not four finite numbers west,south,east,north in range."""


@dataclass(frozen=True)
class BoundingBox:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, raw: str | None) -> BoundingBox | None:
        """``"west,south,east,north"`` in degrees; None when absent. Raises BoundingBoxError when malformed."""
        if raw is None or not raw.strip():
            return None
        parts = raw.split(",")
        if len(parts) != 4:
            raise BoundingBoxError("four numbers are needed")
        try:
            west, south, east, north = (float(part) for part in parts)
        except ValueError as exc:
            raise BoundingBoxError("not numbers") from exc
        if not all(math.isfinite(v) for v in (west, south, east, north)):
            raise BoundingBoxError("not finite")
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise BoundingBoxError("out of range or reversed")
        return cls(west, south, east, north)


def asset_points_query(filters: DirectoryFilters, bbox: BoundingBox | None = None) -> sa.Select[Any]:
    """Published, placed assets matching the directory's filters (and a box): id, names, kind, point, ward."""
    query = (
        directory_query(filters, ranked=False)  # the map needs no order: sorting 50,000 names costs more than the rest
        .with_only_columns(
            Asset.asset_id,
            Asset.name_en,
            Asset.name_cy,
            Asset.kind,
            Asset.latitude,
            Asset.longitude,
            Ward.name_en,
            Ward.name_cy,
        )
        .outerjoin(Ward, Ward.code == Asset.ward_code)
        .where(Asset.latitude.is_not(None), Asset.longitude.is_not(None))
    )
    return within(query, bbox)


def within(query: sa.Select[Any], bbox: BoundingBox | None) -> sa.Select[Any]:
    """``query`` restricted to assets inside ``bbox`` (edges included); unchanged without one."""
    if bbox is None:
        return query
    return query.where(Asset.longitude.between(bbox.west, bbox.east), Asset.latitude.between(bbox.south, bbox.north))


def asset_points(filters: DirectoryFilters, bbox: BoundingBox | None = None) -> Sequence[sa.Row[Any]]:
    return db.session.execute(asset_points_query(filters, bbox)).all()


@dataclass
class AreaStrength:
    """What is recorded in one ward or one local authority."""

    code: str
    name_en: str
    name_cy: str
    la_code: str
    area_km2: float | None = None
    by_kind: dict[AssetKind, int] = field(default_factory=dict)
    people: int = 0
    themes: list[Theme] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    def count(self, kind: AssetKind | None = None) -> int:
        return self.total if kind is None else self.by_kind.get(kind, 0)

    def density(self, kind: AssetKind | None = None) -> float | None:
        """Assets per square kilometre; None when the area is not known."""
        return self.count(kind) / self.area_km2 if self.area_km2 else None


@dataclass
class Strengths:
    wards: list[AreaStrength]
    authorities: list[AreaStrength]


def _kind_counts() -> list[tuple[str, str | None, AssetKind, int]]:
    query = (
        sa.select(Asset.la_code, Asset.ward_code, Asset.kind, sa.func.count())
        .where(Asset.status == AssetStatus.PUBLISHED)
        .group_by(Asset.la_code, Asset.ward_code, Asset.kind)
    )
    return [(la, ward, kind, count) for la, ward, kind, count in db.session.execute(query)]


def _theme_counts() -> list[tuple[str, str | None, int, int]]:
    query = (
        sa.select(Asset.la_code, Asset.ward_code, asset_theme.c.theme_id, sa.func.count())
        .join(asset_theme, asset_theme.c.asset_id == Asset.asset_id)
        .where(Asset.status == AssetStatus.PUBLISHED)
        .group_by(Asset.la_code, Asset.ward_code, asset_theme.c.theme_id)
    )
    return [(la, ward, theme, count) for la, ward, theme, count in db.session.execute(query)]


def _top_themes(counts: Counter[int], themes: dict[int, Theme]) -> list[Theme]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], themes[item[0]].name_en))
    return [themes[theme_id] for theme_id, _count in ranked[:TOP_THEMES]]


def strengths(viewer: Viewer) -> Strengths:
    """Counts by kind, people sharing gifts, areas and strongest themes for every ward and authority."""
    wards = {w.code: w for w in db.session.scalars(sa.select(Ward).order_by(Ward.la_code, Ward.name_en))}
    authorities = {la.code: la for la in local_authorities()}
    ward_rows = {code: _area(w.code, w, w.la_code, w.area_m2) for code, w in wards.items()}
    la_rows = {code: _area(code, la, code, None) for code, la in authorities.items()}
    for la_code, ward_code, kind, count in _kind_counts():
        if la_code in la_rows:
            la_rows[la_code].by_kind[kind] = la_rows[la_code].by_kind.get(kind, 0) + count
        if ward_code in ward_rows:
            ward_rows[ward_code].by_kind[kind] = count
    for ward_code, people in ward_counts(viewer).items():
        if ward_code in ward_rows:
            ward_rows[ward_code].people = people
            if ward_rows[ward_code].la_code in la_rows:
                la_rows[ward_rows[ward_code].la_code].people += people
    for ward in ward_rows.values():
        if ward.area_km2 and ward.la_code in la_rows:
            la_rows[ward.la_code].area_km2 = (la_rows[ward.la_code].area_km2 or 0) + ward.area_km2
    themes = {t.theme_id: t for t in db.session.scalars(sa.select(Theme))}
    ward_themes: dict[str, Counter[int]] = defaultdict(Counter)
    la_themes: dict[str, Counter[int]] = defaultdict(Counter)
    for la_code, ward_code, theme_id, count in _theme_counts():
        la_themes[la_code][theme_id] += count
        if ward_code:
            ward_themes[ward_code][theme_id] += count
    for code, counts in ward_themes.items():
        if code in ward_rows:
            ward_rows[code].themes = _top_themes(counts, themes)
    for code, counts in la_themes.items():
        if code in la_rows:
            la_rows[code].themes = _top_themes(counts, themes)
    return Strengths(wards=list(ward_rows.values()), authorities=list(la_rows.values()))


def _area(code: str, place: Ward | LocalAuthority, la_code: str, area_m2: float | None) -> AreaStrength:
    return AreaStrength(
        code=code,
        name_en=place.name_en,
        name_cy=place.name_cy or place.name_en,
        la_code=la_code,
        area_km2=area_m2 / 1_000_000 if area_m2 else None,
    )


def ward_areas() -> dict[str, float | None]:
    """Area in m² of every ward that has a boundary to draw (without loading the boundaries)."""
    query = sa.select(Ward.code, Ward.area_m2).where(Ward.boundary_geojson.is_not(None))
    return {code: area for code, area in db.session.execute(query)}


def ward_shapes() -> list[Ward]:
    """Wards that have a boundary to draw."""
    return list(db.session.scalars(sa.select(Ward).where(Ward.boundary_geojson.is_not(None)).order_by(Ward.code)))


def asset_counts_by_ward(kind: AssetKind | None) -> dict[str, int]:
    query = sa.select(Asset.ward_code, sa.func.count()).where(
        Asset.status == AssetStatus.PUBLISHED, Asset.ward_code.is_not(None)
    )
    if kind is not None:
        query = query.where(Asset.kind == kind)
    return {code: count for code, count in db.session.execute(query.group_by(Asset.ward_code)) if code}


def asset_coordinates(kind: AssetKind | None) -> list[tuple[float, float]]:
    """(latitude, longitude) of published, placed assets: the input of the density grid."""
    query = sa.select(Asset.latitude, Asset.longitude).where(
        Asset.status == AssetStatus.PUBLISHED, Asset.latitude.is_not(None), Asset.longitude.is_not(None)
    )
    if kind is not None:
        query = query.where(Asset.kind == kind)
    return [(lat, lon) for lat, lon in db.session.execute(query)]


@dataclass(frozen=True)
class Placed:
    location: Location
    ward: Ward | None
    authority: LocalAuthority | None


def place(postcode: str | None, latitude: float | None, longitude: float | None) -> Placed:
    """Where a postcode or point is, with its ward and authority. Raises LocationError, as the forms do."""
    location = resolve(postcode, latitude, longitude)
    ward = db.session.get(Ward, location.ward_code) if location.ward_code else None
    return Placed(location, ward, db.session.get(LocalAuthority, location.la_code))


def resolve(postcode: str | None, latitude: float | None, longitude: float | None) -> Location:
    """A postcode wins over a point, exactly as when an asset is saved (abcd.assets.services)."""
    if postcode:
        return lookup_postcode(postcode)
    if latitude is not None and longitude is not None:
        return locate_point(latitude, longitude)
    raise LocationError("no_location")


def data_version() -> str:
    """Changes whenever published map data may have: a committed write to assets, themes or links between
    assets bumps the public domain's version (abcd.network.feed), and a geography load can rename wards.
    People's data is another domain: a resident's private activity never changes this."""
    geography = db.session.scalar(sa.select(sa.func.max(DatasetLoad.dataset_load_id))) or 0
    return f"{domains_token(PUBLIC)}:{geography}"
