"""The public directory: published assets found by text, kind, area and theme."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from abcd.assets.models import Asset, AssetKind, AssetStatus, Theme
from abcd.text import clean_query, like_pattern


@dataclass(frozen=True)
class DirectoryFilters:
    text: str = ""
    kind: AssetKind | None = None
    la_code: str | None = None
    ward_code: str | None = None
    theme: str | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> DirectoryFilters:
        """Read filters from a query string; anything malformed is ignored, never an error."""
        kind_value = args.get("kind", "")
        kind = AssetKind(kind_value) if kind_value in set(AssetKind) else None
        return cls(
            text=clean_query(args.get("q")),
            kind=kind,
            la_code=clean_query(args.get("la"), 9) or None,
            ward_code=clean_query(args.get("ward"), 9) or None,
            theme=clean_query(args.get("theme"), 60) or None,
        )

    def is_filtered(self) -> bool:
        return any((self.text, self.kind, self.la_code, self.ward_code, self.theme))


def directory_query(filters: DirectoryFilters) -> sa.Select[tuple[Asset]]:
    query = sa.select(Asset).where(Asset.status == AssetStatus.PUBLISHED)
    if filters.text:
        pattern = like_pattern(filters.text)
        query = query.where(
            sa.or_(
                Asset.name_en.ilike(pattern, escape="\\"),
                Asset.name_cy.ilike(pattern, escape="\\"),
                Asset.description_en.ilike(pattern, escape="\\"),
                Asset.description_cy.ilike(pattern, escape="\\"),
            )
        )
    if filters.kind:
        query = query.where(Asset.kind == filters.kind)
    if filters.la_code:
        query = query.where(Asset.la_code == filters.la_code)
    if filters.ward_code:
        query = query.where(Asset.ward_code == filters.ward_code)
    if filters.theme:
        query = query.where(Asset.themes.any(Theme.slug == filters.theme))
    return query.order_by(Asset.name_en, Asset.asset_id)
