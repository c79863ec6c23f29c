"""Open data, read only from organisational records: published assets, their areas and themes, and counts.

Never people, their gifts, links, stories or groups' members: this package and ``abcd.openreferral`` may
not import those modules at all (the import-linter contract in pyproject.toml), so a query here cannot
reach them even by mistake. Services take plain values and never touch the request.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from abcd.areas.models import LocalAuthority, Ward
from abcd.assets.directory import DirectoryFilters, directory_query
from abcd.assets.models import Asset, AssetKind, AssetStatus, Theme, asset_theme
from abcd.duplicates.models import AssetRedirect
from abcd.extensions import db
from abcd.network.models import DOMAIN_VERSION_TABLE, PUBLIC

KM_PER_DEGREE = 111.32  # one degree of latitude; a degree of longitude is this times cos(latitude)


@dataclass(frozen=True)
class Near:
    """A circle: ``radius_km`` around a point (a postcode's, looked up by the caller)."""

    latitude: float
    longitude: float
    radius_km: float


@dataclass(frozen=True)
class Box:
    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class AssetSearch:
    """The directory's filters, and two of a map's: a circle around a point and a bounding box."""

    text: str = ""
    kind: AssetKind | None = None
    la_code: str | None = None
    ward_code: str | None = None
    theme: str | None = None
    near: Near | None = None
    box: Box | None = None
    modified_after: datetime | None = None
    theme_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Page:
    items: list[Asset]
    page: int
    per_page: int
    total_items: int

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total_items / self.per_page)) if self.per_page else 1


def public_version() -> str:
    """The published records' version (the change feed's ``public`` domain): it moves whenever an asset
    or theme is written, never for a resident's private data, so open data ETags follow it alone.
    Read here rather than through ``abcd.network.feed``, which imports the people models."""
    query = sa.select(DOMAIN_VERSION_TABLE.c.token).where(DOMAIN_VERSION_TABLE.c.domain == PUBLIC)
    return str(db.session.execute(query).scalar() or "-")


def published_query(search: AssetSearch) -> sa.Select[tuple[Asset]]:
    """Published assets matching ``search`` with the directory's filters, oldest first: an order that new
    records never shuffle (they come last), so a client paging through sees each record once, and one
    the primary key's index gives without sorting 50,000 names per page."""
    filters = DirectoryFilters(
        text=search.text, kind=search.kind, la_code=search.la_code, ward_code=search.ward_code, theme=search.theme
    )
    query = directory_query(filters, ranked=False).order_by(Asset.asset_id)  # no viewer: published only
    if search.near is not None:
        query = query.where(*_within(search.near))
    if search.box is not None:
        box = search.box
        query = query.where(Asset.longitude.between(box.west, box.east), Asset.latitude.between(box.south, box.north))
    if search.modified_after is not None:
        query = query.where(Asset.updated_at >= search.modified_after)  # "on or after", as the profile says
    if search.theme_ids:
        query = query.where(Asset.themes.any(Theme.theme_id.in_(search.theme_ids)))
    return query


def _within(near: Near) -> list[sa.ColumnElement[bool]]:
    """A box around the circle (which an index can use), then the circle itself by the flat-earth distance:
    within a few metres of the great-circle distance at 50 km, with arithmetic every database has."""
    dy = near.radius_km / KM_PER_DEGREE
    scale = KM_PER_DEGREE * math.cos(math.radians(near.latitude))
    dx = near.radius_km / scale
    north_km = (Asset.latitude - near.latitude) * KM_PER_DEGREE
    east_km = (Asset.longitude - near.longitude) * scale
    return [
        Asset.latitude.between(near.latitude - dy, near.latitude + dy),
        Asset.longitude.between(near.longitude - dx, near.longitude + dx),
        north_km * north_km + east_km * east_km <= near.radius_km * near.radius_km,
    ]


def page_of(query: sa.Select[tuple[Asset]], page: int, per_page: int) -> Page:
    """One page of ``query`` with its themes loaded; a page past the end is empty, never an error."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = db.session.scalars(
        query.options(selectinload(Asset.themes)).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Page(items=list(rows), page=page, per_page=per_page, total_items=total)


def all_published() -> list[Asset]:
    """Every published asset with its themes, oldest first: the downloads."""
    query = published_query(AssetSearch()).options(selectinload(Asset.themes))
    return list(db.session.scalars(query))


def published_by_uuid(value: str) -> Asset | None:
    """The published asset with UUID ``value``; a merged record's UUID answers with its survivor."""
    asset = db.session.scalar(sa.select(Asset).where(Asset.uuid == value))
    if asset is None:
        return None
    survivor_id = db.session.scalar(
        sa.select(AssetRedirect.survivor_id).where(AssetRedirect.old_asset_id == asset.asset_id)
    )
    if survivor_id is not None:
        asset = db.session.get(Asset, survivor_id)
    return asset if asset is not None and asset.status == AssetStatus.PUBLISHED else None


def authorities() -> list[LocalAuthority]:
    return list(db.session.scalars(sa.select(LocalAuthority).order_by(LocalAuthority.name_en)))


def authority(code: str) -> LocalAuthority | None:
    return db.session.get(LocalAuthority, code)


def wards(la_code: str | None = None) -> list[Ward]:
    query = sa.select(Ward).order_by(Ward.la_code, Ward.name_en)
    if la_code:
        query = query.where(Ward.la_code == la_code)
    return list(db.session.scalars(query))


def ward(code: str) -> Ward | None:
    return db.session.get(Ward, code)


def themes() -> list[Theme]:
    return list(db.session.scalars(sa.select(Theme).order_by(Theme.name_en)))


def theme(theme_id: int) -> Theme | None:
    return db.session.get(Theme, theme_id)


@dataclass
class AreaCounts:
    """How many published assets an area has, by kind and by theme: counts only, nothing about anyone."""

    code: str
    name_en: str
    name_cy: str
    authority: str
    kinds: dict[str, int] = field(default_factory=dict)
    themes: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.kinds.values())


def strengths(level: str) -> list[AreaCounts]:
    """Counts for every ward (``level="ward"``) or every local authority (``"authority"``)."""
    column = Asset.ward_code if level == "ward" else Asset.la_code
    places: list[Ward] | list[LocalAuthority] = wards() if level == "ward" else authorities()
    rows = {
        place.code: AreaCounts(
            place.code,
            place.name_en,
            place.name_cy or place.name_en,
            place.la_code if isinstance(place, Ward) else place.code,
        )
        for place in places
    }
    published = Asset.status == AssetStatus.PUBLISHED
    by_kind = sa.select(column, Asset.kind, sa.func.count()).where(published).group_by(column, Asset.kind)
    for code, kind, count in db.session.execute(by_kind):
        if code in rows:
            rows[code].kinds[AssetKind(kind).value] = count
    by_theme = (
        sa.select(column, Theme.slug, sa.func.count())
        .select_from(Asset)
        .join(asset_theme, asset_theme.c.asset_id == Asset.asset_id)
        .join(Theme, Theme.theme_id == asset_theme.c.theme_id)
        .where(published)
        .group_by(column, Theme.slug)
    )
    theme_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for code, slug, count in db.session.execute(by_theme):
        theme_counts[code][slug] = count
    for code, counts in theme_counts.items():
        if code in rows:
            rows[code].themes = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return list(rows.values())
