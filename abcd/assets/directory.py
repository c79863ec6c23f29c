"""The directory: published assets found by text, kind, area and theme; unpublished ones (drafts, suggestions
waiting for review, archived) only for their authors and their authority's officers, by a status filter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from abcd import permissions
from abcd.assets.models import Asset, AssetKind, AssetStatus, Theme
from abcd.extensions import db
from abcd.i18n import sql_name
from abcd.text import clean_query, like_pattern
from abcd.upkeep.freshness import overdue_last


@dataclass(frozen=True)
class DirectoryFilters:
    text: str = ""
    kind: AssetKind | None = None
    la_code: str | None = None
    ward_code: str | None = None
    theme: str | None = None
    status: AssetStatus | None = None  # an unpublished status; None lists the published records

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> DirectoryFilters:
        """Read filters from a query string; anything malformed is ignored, never an error."""
        kind_value = args.get("kind", "")
        kind = AssetKind(kind_value) if kind_value in set(AssetKind) else None
        status_value = args.get("status", "")
        status = AssetStatus(status_value) if status_value in UNPUBLISHED else None
        return cls(
            text=clean_query(args.get("q")),
            kind=kind,
            la_code=clean_query(args.get("la"), 9) or None,
            ward_code=clean_query(args.get("ward"), 9) or None,
            theme=clean_query(args.get("theme"), 60) or None,
            status=status,
        )

    def is_filtered(self) -> bool:
        return any((self.text, self.kind, self.la_code, self.ward_code, self.theme, self.status))


UNPUBLISHED = frozenset({AssetStatus.DRAFT.value, AssetStatus.PENDING.value, AssetStatus.ARCHIVED.value})


def _listed(status: AssetStatus | None, viewer: Any) -> ColumnElement[bool]:
    """Published records for everyone; an unpublished status only over what the viewer may see: their own
    records, and their authority's if they are an officer (every authority's for an admin).
    The SQL twin of ``permissions.can_view_asset`` for unpublished records."""
    if status is None or not permissions.is_signed_in(viewer):
        return Asset.status == AssetStatus.PUBLISHED
    if permissions.is_admin(viewer):
        return Asset.status == status
    mine = Asset.created_by_id == viewer.user_id
    scope = sa.or_(mine, Asset.la_code == viewer.la_code) if permissions.is_officer(viewer) else mine
    return sa.and_(Asset.status == status, scope)


def offers_status_filter(viewer: Any) -> bool:
    """Whether the directory shows the status filter: to officers, and to anyone with unpublished records."""
    if permissions.is_officer(viewer):
        return True
    if not permissions.is_signed_in(viewer):
        return False
    query = sa.select(Asset.asset_id).where(
        Asset.created_by_id == viewer.user_id, Asset.status != AssetStatus.PUBLISHED
    )
    return db.session.scalar(query.limit(1)) is not None


def directory_query(filters: DirectoryFilters, viewer: Any = None, language: str = "en") -> sa.Select[tuple[Asset]]:
    """The directory's records for ``filters``, by name in ``language`` (those that need checking last);
    without a ``viewer`` (maps, feeds) only published ones."""
    query = sa.select(Asset).where(_listed(filters.status, viewer))
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
    # Records that need checking rank after the rest: still listed, never hidden (a published listing only).
    needs_checking = [overdue_last()] if filters.status is None else []
    return query.order_by(*needs_checking, sql_name(Asset.name_en, Asset.name_cy, language), Asset.asset_id)
